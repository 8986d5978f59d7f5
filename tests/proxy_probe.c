/*
 * proxy_probe.c: drives proxy_connect (src/proxy_dial.c) for
 * tests/t0020-proxy-core.sh until a command is wired to it.
 *
 * usage: proxy_probe [-t ms] [-u user:pw] [-X 4|5|connect] [-s data]
 *	      PROXY HOST PORT
 * PROXY is a proxy URL, or with -X nc's host[:port].  It dials the proxy,
 * runs the handshake with one deadline of -t ms (default none) for both,
 * then writes what the proxy passed on early to stdout, sends -s data
 * through the tunnel and copies the tunnel to stdout until EOF (10 s at
 * most): the far end is expected to close.  stderr gets "handshake ok, N early bytes" or the
 * error and errno's name; the exit status is 0, 1 for a failure, 2 for
 * usage.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/relay.h"
#include "parse/socks.h"
#include "util/base.h"
#include "util/clock.h"

static const char *
errno_name(int e)
{
	switch (e) {
	case ETIMEDOUT:
		return "ETIMEDOUT";
	case ECONNRESET:
		return "ECONNRESET";
	case EPROTO:
		return "EPROTO";
	case EINVAL:
		return "EINVAL";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	default:
		return "other";
	}
}

/* the tunnel to stdout until EOF, 10 s at most */
static int
drain(int fd)
{
	unsigned char buf[4096];
	struct pollfd pfd;
	long long end = mono_ms() + 10000;
	ssize_t n;

	for (;;) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (mono_ms() >= end)
			return -1;
		if (poll(&pfd, 1, (int)(end - mono_ms())) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n == 0 ? 0 : -1;
		if (io_write_all(1, buf, (size_t)n) == -1)
			return -1;
	}
}

int
main(int argc, char *argv[])
{
	struct proxy px;
	struct net_opts no;
	struct proxy_tunnel t;
	unsigned char rest[PROXY_HEAD_MAX];
	char err[SK_ERRLEN];
	const char *user = NULL, *xproto = NULL, *data = NULL;
	long long deadline = 0;
	size_t restlen;
	int c, fd, tmo = -1;

	while ((c = getopt(argc, argv, "s:t:u:X:")) != -1) {
		switch (c) {
		case 's':
			data = optarg;
			break;
		case 't':
			tmo = (int)strtol(optarg, NULL, 10);
			break;
		case 'u':
			user = optarg;
			break;
		case 'X':
			xproto = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 3)
		return 2;
	if ((xproto != NULL ? proxy_nc(xproto, argv[optind], &px, err) :
	    proxy_parse(argv[optind], &px, err)) == -1 ||
	    (user != NULL && proxy_user_set(&px, user, err) == -1)) {
		fprintf(stderr, "proxy_probe: %s\n", err);
		return 2;
	}
	net_opts_init(&no);
	if (tmo >= 0) {
		deadline = mono_ms() + tmo;
		no.timeout_ms = tmo;
	}
	if ((fd = net_dial(px.host, px.port, &no, err)) == -1) {
		fprintf(stderr, "proxy_probe: %s\n", err);
		return 1;
	}
	t.px = &px;
	t.host = argv[optind + 1];
	t.port = argv[optind + 2];
	t.no = &no;
	t.deadline = deadline;
	t.rest = rest;
	t.restcap = sizeof(rest);
	t.restlen = &restlen;
	if (proxy_connect(fd, &t, err) == -1) {
		fprintf(stderr, "proxy_probe: %s (%s)\n", err,
		    errno_name(errno));
		return 1;
	}
	fprintf(stderr, "handshake ok, %zu early bytes\n", restlen);
	if (io_write_all(1, rest, restlen) == -1)
		return 1;
	/* no FIN: microsocks ends both directions on the first EOF */
	if (data != NULL && io_write_all(fd, data, strlen(data)) == -1)
		return 1;
	if (drain(fd) == -1) {
		fprintf(stderr, "proxy_probe: tunnel: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}
