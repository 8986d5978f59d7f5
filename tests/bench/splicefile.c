/*
 * tests/bench/splicefile.c: how a body best reaches a file on this
 * machine (issue 19: is splice still worth it?).  A child sends SRC over
 * loopback TCP with sendfile(2), as nginx does; the parent receives it
 * into DST each of the ways http-get could, timed for wall clock and for
 * the CPU (user+sys) per GiB of the receiver and of the sender:
 *
 *	rwN	read(2) into a buffer of N KiB, write(2) it out (curl's way
 *		at 16; http-get's fallback at 512)
 *	splice	splice(2) socket -> a pipe of ours -> file, the pipe made
 *		1 MiB as http-get makes it
 *	splice64 the same through a pipe of the default 64 KiB, what
 *		http-get gets when F_SETPIPE_SZ is refused (a size over
 *		fs.pipe-max-size)
 *	splice8	through a pipe of two pages, what an unprivileged user over
 *		fs.pipe-user-pages-soft gets
 *
 * usage: splicefile SRC DST ROUNDS	(cc -O2 -o splicefile splicefile.c)
 * Loopback only; every transfer is SRC's size.  Not run by make bench:
 * it answers a question about the platform, not about sockt.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchutil.h"

static double
cpu(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* A connected pair over loopback: the child sends src with sendfile. */
static int
feed(const char *src, off_t size, pid_t *pid)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int l, s, c, fd;
	off_t off = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((l = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(l, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(l, 1) == -1 ||
	    getsockname(l, (struct sockaddr *)&sa, &len) == -1) {
		perror("listen");
		exit(1);
	}
	if ((*pid = fork()) == 0) {
		if ((s = accept(l, NULL, NULL)) == -1 ||
		    (fd = open(src, O_RDONLY)) == -1)
			_exit(1);
		while (off < size)
			if (sendfile(s, fd, &off, (size_t)(size - off)) <= 0)
				_exit(1);
		_exit(0);
	}
	if ((c = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    connect(c, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		perror("connect");
		exit(1);
	}
	close(l);
	return c;
}

static long long
recv_rw(int s, int out, size_t bufsz)
{
	char *buf = malloc(bufsz);
	long long got = 0;
	ssize_t n, w, o;

	while ((n = read(s, buf, bufsz)) > 0) {
		for (o = 0; o < n; o += w)
			if ((w = write(out, buf + o, (size_t)(n - o))) <= 0)
				return -1;
		got += n;
	}
	free(buf);
	return n == 0 ? got : -1;
}

static long long
recv_splice(int s, int out, int pipesz)
{
	long long got = 0;
	ssize_t n, m;
	int p[2];

	if (pipe(p) == -1)
		return -1;
	if (pipesz != 65536 && fcntl(p[1], F_SETPIPE_SZ, pipesz) == -1)
		pipesz = 65536;
	while ((n = splice(s, NULL, p[1], NULL, (size_t)pipesz,
	    SPLICE_F_MOVE | SPLICE_F_MORE)) > 0) {
		for (; n > 0; n -= m, got += m)
			if ((m = splice(p[0], NULL, out, NULL, (size_t)n,
			    SPLICE_F_MOVE)) <= 0)
				return -1;
	}
	close(p[0]);
	close(p[1]);
	return n == 0 ? got : -1;
}

int
main(int argc, char **argv)
{
	static const size_t bufs[] = { 16384, 131072, 524288, 1048576 };
	struct stat st;
	long rounds, r;
	int k, s, out, st2;
	double t0, c0, s0, t, c, sc;
	long long got;
	pid_t pid;

	if (argc != 4 || stat(argv[1], &st) == -1 ||
	    (rounds = strtol(argv[3], NULL, 10)) < 1 || rounds > 100) {
		fprintf(stderr, "usage: splicefile SRC DST ROUNDS\n");
		return 2;
	}
	for (r = 0; r < rounds; r++) {
		for (k = 0; k < 7; k++) {
			(void)unlink(argv[2]);
			if ((out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC,
			    0600)) == -1) {
				perror(argv[2]);
				return 1;
			}
			s = feed(argv[1], st.st_size, &pid);
			t0 = now();
			c0 = cpu(RUSAGE_SELF);
			s0 = cpu(RUSAGE_CHILDREN);
			got = k < 4 ? recv_rw(s, out, bufs[k]) :
			    recv_splice(s, out, k == 4 ? 1024 * 1024 :
			    k == 5 ? 65536 : 8192);
			t = now() - t0;
			c = cpu(RUSAGE_SELF) - c0;
			close(s);
			close(out);
			waitpid(pid, &st2, 0);
			sc = cpu(RUSAGE_CHILDREN) - s0;
			if (got != st.st_size) {
				fprintf(stderr, "short: %lld\n", got);
				return 1;
			}
			if (k < 4)
				printf("rw%-7zu", bufs[k] / 1024);
			else
				printf("%-9s", k == 4 ? "splice" :
				    k == 5 ? "splice64" : "splice8");
			printf(" %6.3f GB/s  %6.3f s CPU/GiB, sender %6.3f\n",
			    got / t / 1e9, c * 1073741824.0 / got,
			    sc * 1073741824.0 / got);
		}
	}
	(void)unlink(argv[2]);
	return 0;
}
