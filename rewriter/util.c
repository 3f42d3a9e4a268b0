// SPDX-License-Identifier: GPL-2.0
/* Errors, allocation and file I/O. Output is written atomically: a
 * temporary file beside the target, fsync, rename; on any error the
 * temporary is removed so no partial image is ever left behind. */
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
static char tmp_path[4096];

static void cleanup_tmp(void)
{
	if (tmp_path[0])
		unlink(tmp_path);
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

/* Open a temporary file beside path; atomic_tmp_commit renames it over path. */
int atomic_tmp_open(const char *path)
{
	int fd;

	if (snprintf(tmp_path, sizeof(tmp_path), "%s.pvtmp.XXXXXX", path) >= (int)sizeof(tmp_path))
		die("%s: path too long", path);
	atexit(cleanup_tmp);
	fd = mkstemp(tmp_path);
	if (fd < 0) {
		tmp_path[0] = 0;
		die("%s: cannot create temporary file: %s", path, strerror(errno));
	}
	return fd;
}

void atomic_tmp_commit(const char *path, int fd)
{
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0 || close(fd) < 0)
		die("%s: %s", tmp_path, strerror(errno));
	if (rename(tmp_path, path) < 0)
		die("cannot rename %s to %s: %s", tmp_path, path, strerror(errno));
	tmp_path[0] = 0;
}

void write_file_atomic(const char *path, const void *buf, size_t size)
{
	const char *p = buf;
	int fd = atomic_tmp_open(path);

	while (size) {
		ssize_t w = write(fd, p, size);

		if (w < 0)
			die("%s: write failed: %s", tmp_path, strerror(errno));
		p += w;
		size -= w;
	}
	atomic_tmp_commit(path, fd);
}
