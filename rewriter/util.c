// SPDX-License-Identifier: GPL-2.0
/* Errors, allocation and file I/O. Output is written atomically: a
 * temporary file beside each target, fsync, and the renames only when every
 * output is complete; on any error the temporaries are removed so no
 * partial output is ever left behind. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

bool g_verbose;
void *g_die_jmp;
/*
 * Outputs (the image, the report) are written to temporary files beside
 * their targets, so the rename stays within one filesystem, and renamed
 * only by atomic_commit_all once all of them are complete: a failure in
 * any one leaves no output at all.
 */
#define MAX_OUTPUTS 2
static struct pending {
	char tmp[4096];
	char path[4096];
} pend[MAX_OUTPUTS];

static int atexit_done;

static void cleanup_tmp(void)
{
	size_t i;

	for (i = 0; i < MAX_OUTPUTS; i++)
		if (pend[i].tmp[0])
			unlink(pend[i].tmp);
}

void die(const char *fmt, ...)
{
	va_list ap;

	if (g_die_jmp)
		longjmp(*(jmp_buf *)g_die_jmp, 1);
	fputs("pvrewrite: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cleanup_tmp();
	exit(1);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	fputs("pvrewrite: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void info(const char *fmt, ...)
{
	va_list ap;

	if (!g_verbose)
		return;
	fputs("pvrewrite: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz)
		die("out of memory");
	p = realloc(p, (n && sz) ? n * sz : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

/* A private mapping: pages are copied only where the rewriter writes. */
uint8_t *read_file(const char *path, size_t *size)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	*size = st.st_size;
	if (!st.st_size) {
		close(fd);
		return xcalloc(1, 1);
	}
	buf = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (buf == MAP_FAILED)
		die("%s: cannot map: %s", path, strerror(errno));
	close(fd);
	return buf;
}

int atomic_tmp_open(const char *path)
{
	struct pending *pd = NULL;
	size_t i;
	int fd;

	for (i = 0; i < MAX_OUTPUTS && !pd; i++)
		if (!pend[i].tmp[0])
			pd = &pend[i];
	if (!pd)
		die("internal: more than %d outputs", MAX_OUTPUTS);
	if (snprintf(pd->tmp, sizeof(pd->tmp), "%s.pvtmp.XXXXXX", path) >= (int)sizeof(pd->tmp) ||
	    snprintf(pd->path, sizeof(pd->path), "%s", path) >= (int)sizeof(pd->path)) {
		pd->tmp[0] = 0;
		die("%s: path too long", path);
	}
	if (!atexit_done++)
		atexit(cleanup_tmp);
	fd = mkstemp(pd->tmp);
	if (fd < 0) {
		pd->tmp[0] = 0;
		die("%s: cannot create temporary file: %s", path, strerror(errno));
	}
	return fd;
}

/* pwrite all of buf; a short write without an error is a full disk. */
void write_all(int fd, const void *buf, size_t size, size_t off, const char *path)
{
	const char *p = buf;

	while (size) {
		ssize_t w = pwrite(fd, p, size, off);

		if (w <= 0)
			die("%s: write failed: %s", path, strerror(w < 0 ? errno : ENOSPC));
		p += w;
		off += w;
		size -= w;
	}
}

/* The data is on disk (a full disk or I/O error shows here, under the
 * target's name); the rename waits for atomic_commit_all. */
void atomic_tmp_close(const char *path, int fd)
{
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0) {
		int err = errno;

		close(fd);
		die("%s: write failed: %s", path, strerror(err));
	}
	if (close(fd) < 0)
		die("%s: write failed: %s", path, strerror(errno));
}

void atomic_commit_all(void)
{
	size_t i;

	for (i = 0; i < MAX_OUTPUTS; i++) {
		if (!pend[i].tmp[0])
			continue;
		if (rename(pend[i].tmp, pend[i].path) < 0)
			die("cannot rename %s to %s: %s", pend[i].tmp, pend[i].path, strerror(errno));
		pend[i].tmp[0] = 0;
	}
}

void write_file_atomic(const char *path, const void *buf, size_t size)
{
	int fd = atomic_tmp_open(path);

	write_all(fd, buf, size, 0, path);
	atomic_tmp_close(path, fd);
}

/* Would a and b name the same file? Existing files by device and inode;
 * otherwise by the directory's device and inode and the last component. */
bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	const char *ba, *bb;
	char da[4096], db[4096];

	if (!stat(a, &sa) && !stat(b, &sb))
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	ba = strrchr(a, '/');
	bb = strrchr(b, '/');
	snprintf(da, sizeof(da), "%.*s", ba ? (int)(ba - a) + 1 : 1, ba ? a : ".");
	snprintf(db, sizeof(db), "%.*s", bb ? (int)(bb - b) + 1 : 1, bb ? b : ".");
	ba = ba ? ba + 1 : a;
	bb = bb ? bb + 1 : b;
	if (strcmp(ba, bb) || stat(da, &sa) || stat(db, &sb))
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
