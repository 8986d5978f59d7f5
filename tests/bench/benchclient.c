/*
 * benchclient.c: the bounded load generator of tests/bench/accept.sh and
 * udp.sh, compiled by those scripts.  Not part of sockt.
 *
 *   benchclient port                  print a free TCP port on 127.0.0.1
 *   benchclient conn PORT TOTAL PAR   TOTAL connections, PAR at a time,
 *                                     each reading one line; prints conn/s
 *   benchclient blast PORT SECS SIZE  send SIZE-byte datagrams for SECS
 *   benchclient rtt PORT SECS         UDP round trips for SECS; prints RT/s
 *                                     (each ping numbered: one datagram
 *                                     sent again and again in lock-step
 *                                     is what an echo answering ours
 *                                     sends, and udp-serve --echo stops
 *                                     answering it, issue 60)
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchutil.h"

/* one connection: connect, read up to the first newline; 0 if it came */
static int
one(int port)
{
	struct sockaddr_in sin = lo(port);
	char buf[256];
	ssize_t n;
	int s, got = 0;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(s);
		return -1;
	}
	while ((n = read(s, buf, sizeof(buf))) > 0)
		if (memchr(buf, '\n', (size_t)n) != NULL) {
			got = 1;
			break;
		}
	close(s);
	return got ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sin;
	socklen_t len;
	double t0, dt;
	int s, i, p, port, total, par, bad = 0, status;

	if (argc == 2 && strcmp(argv[1], "port") == 0) {
		sin = lo(0);
		s = socket(AF_INET, SOCK_STREAM, 0);
		len = sizeof(sin);
		if (s == -1 || bind(s, (struct sockaddr *)&sin, sizeof(sin)) ||
		    getsockname(s, (struct sockaddr *)&sin, &len))
			return 1;
		printf("%d\n", ntohs(sin.sin_port));
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "conn") == 0) {
		port = atoi(argv[2]);
		total = atoi(argv[3]);
		par = atoi(argv[4]);
		t0 = now();
		for (p = 0; p < par; p++) {
			if (fork() != 0)
				continue;
			for (i = p; i < total; i += par)
				bad += one(port) != 0;
			_exit(bad > 255 ? 255 : bad);
		}
		while (wait(&status) > 0)
			bad += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		dt = now() - t0;
		printf("%.0f\n", total / dt);
		if (bad)
			fprintf(stderr, "benchclient: %d connections failed\n",
			    bad);
		return bad != 0;
	}
	if (argc == 5 && strcmp(argv[1], "blast") == 0) {
		char buf[65536];
		int size = atoi(argv[4]);
		long sent = 0;

		sin = lo(atoi(argv[2]));
		memset(buf, 'u', sizeof(buf));
		if (size > 0)
			buf[size - 1] = '\n';
		s = socket(AF_INET, SOCK_DGRAM, 0);
		if (s == -1 || connect(s, (struct sockaddr *)&sin, sizeof(sin)))
			return 1;
		dt = atof(argv[3]);
		t0 = now();
		while (now() - t0 < dt) {
			for (i = 0; i < 256; i++)
				if (send(s, buf, (size_t)size, 0) == size)
					sent++;
		}
		printf("%ld\n", sent);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "rtt") == 0) {
		struct pollfd pfd;
		char buf[256];
		long rt = 0;

		sin = lo(atoi(argv[2]));
		s = socket(AF_INET, SOCK_DGRAM, 0);
		if (s == -1 || connect(s, (struct sockaddr *)&sin, sizeof(sin)))
			return 1;
		dt = atof(argv[3]);
		t0 = now();
		while (now() - t0 < dt) {
			int n = snprintf(buf, sizeof(buf), "ping %ld\n", rt);

			if (send(s, buf, (size_t)n, 0) != n)
				return 1;
			pfd.fd = s;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, 1000) == 1 &&
			    recv(s, buf, sizeof(buf), 0) > 0)
				rt++;
		}
		printf("%.0f\n", rt / (now() - t0));
		return 0;
	}
	fprintf(stderr, "usage: benchclient port | conn PORT TOTAL PAR | "
	    "blast PORT SECS SIZE | rtt PORT SECS\n");
	return 2;
}
