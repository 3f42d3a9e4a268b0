// SPDX-License-Identifier: GPL-2.0
/*
 * qmpcmd: send QMP commands to a QEMU and print each reply, one JSON line per
 * command. L0 uses it to pause its guest (stop/cont) and to read KVM's binary
 * statistics through QEMU (query-stats: QEMU reads the KVM_GET_STATS_FD of its
 * VM and vCPUs; another process cannot, KVM ioctls refuse a foreign mm).
 *
 *   qmpcmd SOCKET 'JSON' ['JSON' ...]
 * Exits non-zero if QEMU answers a command with an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char buf[1 << 20];
static size_t have;

/* The next line from QEMU (QMP sends one JSON object per line). */
static char *next_line(int fd)
{
	static size_t used;
	char *nl;

	memmove(buf, buf + used, have - used);
	have -= used;
	used = 0;
	while (!(nl = memchr(buf, '\n', have))) {
		ssize_t n;

		if (have == sizeof(buf) - 1) {
			fprintf(stderr, "qmpcmd: reply longer than %zu bytes\n", sizeof(buf));
			exit(1);
		}
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0) {
			fprintf(stderr, "qmpcmd: QEMU closed the connection\n");
			exit(1);
		}
		have += n;
	}
	*nl = 0;
	used = nl + 1 - buf;
	return buf;
}

/* Send one command; return its reply, skipping asynchronous events. */
static char *command(int fd, const char *json)
{
	char *line;

	if (write(fd, json, strlen(json)) != (ssize_t)strlen(json) || write(fd, "\n", 1) != 1) {
		perror("qmpcmd: write");
		exit(1);
	}
	do
		line = next_line(fd);
	while (strstr(line, "\"event\"") && !strstr(line, "\"return\""));
	return line;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, i, bad = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: qmpcmd SOCKET 'JSON' ['JSON' ...]\n");
		return 2;
	}
	if (strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "qmpcmd: socket path too long\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("qmpcmd: connect");
		return 1;
	}
	if (!strstr(next_line(fd), "\"QMP\"")) {
		fprintf(stderr, "qmpcmd: no QMP greeting\n");
		return 1;
	}
	if (strstr(command(fd, "{\"execute\": \"qmp_capabilities\"}"), "\"error\"")) {
		fprintf(stderr, "qmpcmd: qmp_capabilities refused\n");
		return 1;
	}
	for (i = 2; i < argc; i++) {
		char *reply = command(fd, argv[i]);

		puts(reply);
		if (strstr(reply, "\"error\"") && !strstr(reply, "\"return\""))
			bad = 1;
	}
	close(fd);
	return bad;
}
