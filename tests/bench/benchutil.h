/*
 * tests/bench/benchutil.h: what the bench's standalone C clients
 * (benchclient.c, socksudp_client.c, splicefile.c) share: a monotonic clock in seconds
 * and a loopback address.  Each is built alone by its script (cc -O2 -o
 * X X.c): the header is found beside it.
 */
#ifndef BENCHUTIL_H
#define BENCHUTIL_H

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <string.h>
#include <time.h>

static inline double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 127.0.0.1, port */
static inline struct sockaddr_in
lo(int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

#endif /* BENCHUTIL_H */
