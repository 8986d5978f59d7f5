/*
 * proxy_probe.c: drives the proxy handshakes of src/net/proxy_dial.c
 * for tests/t0020-proxy-core.sh, as net/stack.c's dial runs them for
 * every command (stack_open: the socket, then the proxy's layer).
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

#include "net/conn.h"
#include "net/io.h"
#include "net/net.h"
#include "net/stack.h"
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
drain(struct conn *c)
{
	unsigned char buf[4096];
	struct pollfd pfd;
	long long end = mono_ms() + 10000;
	ssize_t n;

	for (;;) {
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		if (mono_ms() >= end)
			return -1;
		/* the proxy's early bytes are the endpoint's: no poll */
		if (conn_pending(c) == 0 && poll(&pfd, 1,
		    (int)(end - mono_ms())) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		n = conn_read(c, buf, sizeof(buf));
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
	struct stack_dial d;
	struct conn ep;
	unsigned char rest[PROXY_HEAD_MAX];
	char err[SK_ERRLEN], via[SK_HOSTLEN + 16];
	const char *user = NULL, *xproto = NULL, *data = NULL;
	size_t restlen;
	ssize_t n;
	int c, tmo = -1;

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
	memset(&d, 0, sizeof(d));
	if (tmo >= 0) {
		no.timeout_ms = tmo;
		d.step_ms = tmo;
	}
	d.px = &px;
	d.host = argv[optind + 1];
	d.port = argv[optind + 2];
	d.no = &no;
	if (stack_open(&ep, &d, via, sizeof(via), err) == -1) {
		fprintf(stderr, "proxy_probe: %s (%s)\n", err,
		    errno_name(errno));
		return 1;
	}
	/* the early bytes, as the endpoint holds them */
	restlen = 0;
	while (conn_pending(&ep) > 0 && restlen < sizeof(rest) &&
	    (n = conn_read(&ep, rest + restlen, sizeof(rest) - restlen)) > 0)
		restlen += (size_t)n;
	fprintf(stderr, "handshake ok, %zu early bytes\n", restlen);
	if (io_write_all(1, rest, restlen) == -1)
		return 1;
	/* no FIN: microsocks ends both directions on the first EOF */
	if (data != NULL && conn_write_all(&ep, data, strlen(data), -1) == -1)
		return 1;
	if (drain(&ep) == -1) {
		fprintf(stderr, "proxy_probe: tunnel: %s\n", strerror(errno));
		return 1;
	}
	conn_free(&ep);
	close(ep.fd);
	return 0;
}
