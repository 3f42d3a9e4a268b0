/* SPDX-License-Identifier: GPL-2.0 */
/* Errors, allocation, file I/O and little-endian access. */
#ifndef UTIL_H
#define UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warnx_(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void info(const char *fmt, ...);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n, size_t sz);
char *xstrdup(const char *s);
uint8_t *read_file(const char *path, size_t *size);
/* Output: atomic_tmp_open a temporary beside path, write it, atomic_tmp_close
 * it; atomic_commit_all renames every such file over its target. */
int atomic_tmp_open(const char *path);
void write_all(int fd, const void *buf, size_t size, size_t off, const char *path);
void atomic_tmp_close(const char *path, int fd);
void atomic_commit_all(void);
void write_file_atomic(const char *path, const void *buf, size_t size);
bool same_file(const char *a, const char *b);
extern bool g_verbose;
/* When set (the fuzzer), die() returns here instead of exiting. */
extern void *g_die_jmp;

static inline uint16_t rd16(const uint8_t *p) { return p[0] | p[1] << 8; }
static inline uint32_t rd32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static inline uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static inline void wr32(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

#endif
