/*
 * socksudp_client.c: the client of tests/bench/socks_udp.sh.
 *
 *	socksudp_client socks PROXYPORT ECHOPORT COUNT SIZE WINDOW
 *	socksudp_client plain PORT COUNT SIZE WINDOW
 *
 * socks: a UDP ASSOCIATE with the SOCKS5 proxy on 127.0.0.1 PROXYPORT
 * (no authentication, RFC 1928), then COUNT datagrams of SIZE bytes,
 * each behind RFC 1928's header for 127.0.0.1 ECHOPORT, to the relay it
 * named; plain: the same datagrams without a header to 127.0.0.1 PORT
 * (udp-serve --to in front of the echo).  WINDOW in flight: one more
 * goes as each comes back, so the round trips, not a sleep, set the
 * pace.  Each datagram is numbered (udp-serve --echo answers no
 * repeats, a loop's sign).  Nothing back for 200 ms writes those in flight off.  Prints
 * "sent N received N lost N secs S".  Loopback only.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchutil.h"

static int
xfer(int fd, const void *out, size_t on, unsigned char *in, size_t inn)
{
	size_t got = 0;
	ssize_t r;

	if (write(fd, out, on) != (ssize_t)on)
		return -1;
	while (got < inn) {
		if ((r = read(fd, in + got, inn - got)) <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in to, a;
	struct pollfd pfd;
	unsigned char buf[65536], rep[10];
	long count, sent = 0, back = 0, lost = 0, inflight = 0;
	size_t size, hl = 0;
	int socks, fd, t = -1, win, i;
	double t0;

	socks = argc == 7 && strcmp(argv[1], "socks") == 0;
	if (!socks && (argc != 6 || strcmp(argv[1], "plain") != 0)) {
		fprintf(stderr, "usage: socksudp_client socks PROXYPORT "
		    "ECHOPORT COUNT SIZE WINDOW | plain PORT COUNT SIZE "
		    "WINDOW\n");
		return 2;
	}
	argv += socks;
	count = atol(argv[3]);
	size = (size_t)atol(argv[4]);
	win = atoi(argv[5]);
	memset(buf, 'x', sizeof(buf));
	to = lo(atoi(argv[2]));
	if (socks) {
		a = lo(atoi(argv[1]));
		t = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(t, (struct sockaddr *)&a, sizeof(a)) == -1 ||
		    xfer(t, "\5\1\0", 3, rep, 2) == -1 ||
		    xfer(t, "\5\3\0\1\0\0\0\0\0\0", 10, rep, 10) == -1 ||
		    rep[1] != 0 || rep[3] != 1) {
			fprintf(stderr, "socksudp_client: no association\n");
			return 1;
		}
		/* the relay's address and port, as the reply names them */
		memcpy(&to.sin_addr, rep + 4, 4);
		memcpy(&to.sin_port, rep + 8, 2);
		a = lo(atoi(argv[2]));
		memcpy(buf, "\0\0\0\1", 4);
		memcpy(buf + 4, &a.sin_addr, 4);
		memcpy(buf + 8, &a.sin_port, 2);
		hl = 10;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (connect(fd, (struct sockaddr *)&to, sizeof(to)) == -1)
		return 1;
	pfd.fd = fd;
	pfd.events = POLLIN;
	t0 = now();
	while (back + lost < count) {
		while (inflight < win && sent < count) {
			/* a number apiece: the echo answers no repeats */
			memcpy(buf + hl, &sent, size < sizeof(sent) ? size :
			    sizeof(sent));
			if (send(fd, buf, hl + size, 0) == -1)
				return 1;
			sent++;
			inflight++;
		}
		if (poll(&pfd, 1, 200) <= 0) {
			lost += inflight;
			inflight = 0;
			continue;
		}
		for (i = 0; i < win; i++) {
			if (recv(fd, rep, 1, MSG_DONTWAIT | MSG_TRUNC) <= 0)
				break;
			back++;
			if (inflight > 0)
				inflight--;
		}
	}
	printf("sent %ld received %ld lost %ld secs %.3f\n", sent, back, lost,
	    now() - t0);
	if (t != -1)
		close(t);
	return 0;
}
