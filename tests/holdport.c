/*
 * holdport.c: ports for the end-to-end scripts that a busy machine cannot
 * take away (tests/lib.sh: closedport, freeport).
 *
 * usage: holdport [-6] [-u]	bind port 0 and hold it
 *	  holdport -f [-6]	print a free port outside the ephemeral range
 *
 * Without -f it binds a socket (TCP, or UDP with -u) to port 0 on the
 * loopback address, prints the port on stdout and its own line end, and
 * keeps the socket until a signal ends it (the script's cleanup, or its
 * watchdog).  A TCP
 * socket that is bound but never listens answers every SYN with a reset,
 * so the port is closed for as long as the script needs it, and no other
 * bind can take it (we set no SO_REUSEADDR).  A UDP socket that is only
 * bound would take datagrams; connected to itself it takes only its
 * own, and every other sender gets an ICMP port unreachable: closed.  A port that was free a
 * moment ago and then let go may be handed to the next port-0 bind, and
 * then the "closed" port answers.
 *
 * With -f it prints a port that is free now, for TCP and for UDP, and
 * lies outside the range the kernel hands out for port 0
 * (ip_local_port_range), for the peers that cannot bind port 0
 * themselves (nginx, tinyproxy, git daemon, s_server -dtls): no port-0
 * bind of a concurrent test can take it before the peer binds it; only
 * another explicit bind of the same random port could, and the callers
 * retry on a clash (a UDP one, which SO_REUSEADDR hides, as pki.sh's
 * s_server sees it).
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
bind_port(int family, int type, int port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int fd;

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		sin6->sin6_port = htons(port);
		len = sizeof(*sin6);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin->sin_port = htons(port);
		len = sizeof(*sin);
	}
	if ((fd = socket(family, type, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&ss, len) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* A UDP socket connected to its own address: closed to everyone else. */
static int
self_connect(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	return connect(fd, (struct sockaddr *)&ss, len);
}

/* The kernel's range for port 0, or 32768-60999 where it cannot be read. */
static void
ephemeral_range(int *lo, int *hi)
{
	FILE *f;

	*lo = 32768;
	*hi = 60999;
	if ((f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r")) == NULL)
		return;
	if (fscanf(f, "%d %d", lo, hi) != 2) {
		*lo = 32768;
		*hi = 60999;
	}
	fclose(f);
}

static int
free_port(int family)
{
	int lo, hi, i, port, fd, span_lo, span_hi;

	ephemeral_range(&lo, &hi);
	/* the wider of the two spans outside [lo, hi], above 1024 */
	if (lo - 1025 >= 65535 - hi) {
		span_lo = 1025;
		span_hi = lo - 1;
	} else {
		span_lo = hi + 1;
		span_hi = 65535;
	}
	if (span_hi - span_lo < 100) {
		/* no room outside: any port the kernel gives */
		span_lo = 1025;
		span_hi = 65535;
	}
	srand((unsigned int)time(NULL) ^ (unsigned int)getpid() << 8);
	for (i = 0; i < 1000; i++) {
		port = span_lo + rand() % (span_hi - span_lo + 1);
		/* free for TCP on both loopbacks that the peers may bind */
		if ((fd = bind_port(family, SOCK_STREAM, port)) == -1)
			continue;
		close(fd);
		/*
		 * and for UDP: a DTLS server (s_server -dtls) binds with
		 * SO_REUSEADDR, and so may another on a port in use, which
		 * then takes its datagrams; a bind without it fails there
		 */
		if ((fd = bind_port(family, SOCK_DGRAM, port)) == -1)
			continue;
		close(fd);
		return port;
	}
	return -1;
}

int
main(int argc, char **argv)
{
	int c, family = AF_INET, type = SOCK_STREAM, find = 0, fd, port;

	while ((c = getopt(argc, argv, "6fu")) != -1)
		switch (c) {
		case '6':
			family = AF_INET6;
			break;
		case 'f':
			find = 1;
			break;
		case 'u':
			type = SOCK_DGRAM;
			break;
		default:
			fprintf(stderr, "usage: holdport [-f] [-6] [-u]\n");
			return 2;
		}
	if (find) {
		if ((port = free_port(family)) == -1) {
			fprintf(stderr, "holdport: no free port found\n");
			return 1;
		}
		printf("%d\n", port);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if ((fd = bind_port(family, type, 0)) == -1 ||
	    (port = bound_port(fd)) == -1 ||
	    (type == SOCK_DGRAM && self_connect(fd) == -1)) {
		fprintf(stderr, "holdport: %s\n", strerror(errno));
		return 1;
	}
	printf("%d\n", port);
	if (fflush(stdout) != 0)
		return 1;
	/* hold the port until a signal ends us */
	for (;;)
		pause();
}
