/*
 * cmd/udp.c: sockt udp-send and sockt udp-serve.
 *
 * udp-send uses a connected UDP socket, so the kernel filters replies to
 * the one peer and reports an ICMP port-unreachable as ECONNREFUSED.
 * udp-serve never connects: it answers every peer with recvfrom/sendto
 * (netcat's habit of locking onto the first peer is the bug it avoids).
 * On Linux it reads datagrams in batches with recvmmsg and writes a
 * batch to stdout with one writev.
 */
#if defined(__linux__)
#define _GNU_SOURCE	/* recvmmsg */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "net/net.h"
#include "parse/addr.h"
#include "parse/hello.h"
#include "parse/opt.h"
#include "sockt.h"
#include "util/num.h"

#define UDP_MAX4	65507	/* 65535 - 20 (IPv4 header) - 8 (UDP) */
#define UDP_MAX6	65527	/* 65535 - 8: the payload length field */
#define UDP_BUFSZ	65536
#define UDP_BATCH	32
#define UDP_RCVBUF	(4 * 1024 * 1024)
#define UDP_WAIT_MS	1000	/* the default for udp-send -w */

static const char send_usage[] =
    "usage: sockt udp-send [-46Nv] [-w secs] host port [message ...]\n";
enum {
	US_NO_WAIT = CLI_O_OWN,	/* -N, --no-wait */
	US_NUMERIC_OLD,		/* -n, the deprecated spelling of -N */
	US_WAIT			/* -w secs */
};

/* -N and the deprecated -n are flags: opt_seen reads them */
static const struct opt_def send_opts[] = {
	OPT_DOC(CLI_O_4, "  -4, -6     IPv4 or IPv6 only\n"),
	OPT_LIKE_ABOVE(CLI_O_6),
	OPT_FLAG_(US_NUMERIC_OLD, 'n', NULL, NULL),
	OPT_FLAG_(US_NO_WAIT, 'N', "no-wait",
	    "  -N, --no-wait  send without waiting for replies (-n, the old\n"
	    "             spelling, still works but is deprecated)\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         report each datagram sent and each wait without a "
	    "reply\n"),
	OPT_ARG_(US_WAIT, 'w', NULL, "secs", COMP_NONE,
	    "  -w secs    wait at most secs for each reply (default 1)\n"),
	OPT_END
};
static const char serve_usage[] =
    "usage: sockt udp-serve [-46v] [--hello | --echo | --print] "
    "[-c count] [addr] port\n";
enum {
	UV_COUNT = CLI_O_OWN,	/* -c count */
	UV_ECHO,		/* --echo */
	UV_HELLO,		/* --hello */
	UV_PRINT		/* --print */
};

/* the modes are flags: opt_seen reads them */
static const struct opt_def serve_opts[] = {
	OPT_DOC(CLI_O_4, "  -4, -6     IPv4 or IPv6 only\n"),
	OPT_LIKE_ABOVE(CLI_O_6),
	OPT_ARG_(UV_COUNT, 'c', NULL, "count", COMP_NONE,
	    "  -c count   exit 0 after count datagrams\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         say the port listened on and log each datagram\n"),
	OPT_FLAG_(UV_ECHO, 0, "echo",
	    "  --echo     reply with the datagram unchanged\n"),
	OPT_FLAG_(UV_HELLO, 0, "hello",
	    "  --hello    reply Hello, DATA! (the default)\n"),
	OPT_FLAG_(UV_PRINT, 0, "print",
	    "  --print    write each datagram to stdout and reply nothing\n"),
	OPT_END
};

struct usend {
	int	 fd;
	int	 wait_ms;	/* -1: do not wait (--no-wait) */
	int	 verbose;
	size_t	 max;		/* largest datagram for the family */
	char	 peer[SK_HOSTLEN + SK_PORTLEN + 8];	/* its label */
	char	*buf;		/* UDP_BUFSZ, for replies */
};

/* Say why the socket failed, naming the peer; returns EXIT_FAIL. */
static int
usend_fail(const struct usend *u, const char *what)
{
	if (what != NULL)
		msg_warn("%s: %s", u->peer, what);
	else
		msg_warn("%s", u->peer);
	return EXIT_FAIL;
}

/* Print one reply on stdout, ending it with a newline if it has none. */
static int
usend_print(const char *buf, size_t n)
{
	if (n > 0 && fwrite(buf, 1, n, stdout) != n)
		return -1;
	if ((n == 0 || buf[n - 1] != '\n') && putchar('\n') == EOF)
		return -1;
	return fflush(stdout) == EOF ? -1 : 0;
}

/*
 * How many operands name the peer: one for HOST:PORT and [IPV6]:PORT, as
 * every command takes them (the messages follow), else HOST PORT.  A bare
 * IPv6 address has more than one colon and is a HOST.
 */
static int
usend_operands(int argc, char *const argv[])
{
	const char *colon;

	if (argc == 0)
		return 2;
	if (argv[0][0] == '[')
		return 1;
	colon = strchr(argv[0], ':');
	if (colon != NULL && strchr(colon + 1, ':') == NULL)
		return 1;
	return 2;
}

/*
 * Send one datagram, then wait up to wait_ms for the first reply and
 * print it with any others already queued.  Returns SK_CONTINUE, else
 * EXIT_FAIL after a message (none when stdout failed: run_command
 * reports that).
 */
static int
usend_one(struct usend *u, const char *msg, size_t len)
{
	struct pollfd pfd;
	ssize_t r;
	int rc, waited = 0;

	if (len > u->max) {
		msg_warnx("%s: datagram of %zu bytes is too large (UDP allows "
		    "%zu)", u->peer, len, u->max);
		return EXIT_FAIL;
	}
	while ((r = send(u->fd, msg, len, 0)) == -1 && errno == EINTR)
		;
	if (r == -1) {
		if (errno == EMSGSIZE)
			return usend_fail(u, "datagram too large");
		return usend_fail(u, NULL);
	}
	if (u->verbose)
		msg_warnx("sent %zu bytes to %s", len, u->peer);
	if (u->wait_ms < 0)
		return SK_CONTINUE;
	for (;;) {
		pfd.fd = u->fd;
		pfd.events = POLLIN;
		rc = poll(&pfd, 1, waited ? 0 : u->wait_ms);
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			return usend_fail(u, "poll");
		}
		if (rc == 0) {
			if (!waited && u->verbose)
				msg_warnx("no reply from %s within %d.%03d s",
				    u->peer, u->wait_ms / 1000,
				    u->wait_ms % 1000);
			return SK_CONTINUE;
		}
		if ((r = recv(u->fd, u->buf, UDP_BUFSZ, 0)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return usend_fail(u, NULL);
		}
		waited = 1;
		if (usend_print(u->buf, (size_t)r) == -1)
			return EXIT_FAIL;
	}
}

int
cmd_udp_send(int argc, char *argv[])
{
	static const struct cli_spec spec = {
		send_usage, send_opts, CLI_FAMILY | CLI_VERBOSE, NULL, NULL
	};
	struct opt_state st;
	struct cli cl;
	struct net_opts no;
	struct endpoint ep;
	struct usend u;
	struct cli_secs secs[] = {
		{ US_WAIT, "timeout", 1, &u.wait_ms },
		{ 0, NULL, 0, NULL }
	};
	char err[SK_ERRLEN], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int c, i, nep, rc = SK_CONTINUE;

	net_opts_init(&no);
	no.socktype = SOCK_DGRAM;
	no.timeout_ms = NET_CONNECT_TIMEOUT_MS;
	memset(&u, 0, sizeof(u));
	u.wait_ms = UDP_WAIT_MS;
	cli_init(&cl, &spec, &st, argc, argv);
	cl.no = &no;
	cl.secs = secs;
	while ((c = cli_next(&cl, &st)) != -1)
		if (c == CLI_EXIT)
			return cl.status;
	if (opt_seen(&st, US_NUMERIC_OLD)) {
		/* -n means numeric in every other command; a later version
		 * gives it that meaning here too */
		msg_warnx("-n is deprecated; use --no-wait");
		u.wait_ms = -1;
	}
	if (opt_seen(&st, US_NO_WAIT))
		u.wait_ms = -1;
	u.verbose = cl.verbose;
	nep = usend_operands(st.argc, st.argv);
	if (st.argc < nep)
		return msg_usage(send_usage, st.argc == 0 ? "missing host and "
		    "port" : "missing port");
	if (endpoint_parse(nep, st.argv, 0, &ep, err) == -1)
		return msg_usage(send_usage, "%s", err);

	if ((u.fd = net_dial(ep.host, ep.port, &no, err)) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	/* a label shows IPv4-mapped peers as IPv4: no colon */
	if (net_peer_label(u.fd, u.peer, sizeof(u.peer)) == 0)
		u.max = strchr(u.peer, ':') != NULL ? UDP_MAX6 : UDP_MAX4;
	else {
		snprintf(u.peer, sizeof(u.peer), "%s port %s", ep.host,
		    ep.port);
		u.max = UDP_MAX4;
	}
	if ((u.buf = malloc(UDP_BUFSZ)) == NULL) {
		msg_warn("malloc");
		close(u.fd);
		return EXIT_FAIL;
	}

	if (st.argc > nep) {
		for (i = nep; i < st.argc && rc == SK_CONTINUE; i++)
			rc = usend_one(&u, st.argv[i], strlen(st.argv[i]));
	} else {
		/* each line of stdin, without its newline, is a datagram */
		while (rc == SK_CONTINUE &&
		    (n = getline(&line, &cap, stdin)) != -1) {
			if (n > 0 && line[n - 1] == '\n')
				n--;
			rc = usend_one(&u, line, (size_t)n);
		}
		if (rc == SK_CONTINUE && ferror(stdin)) {
			msg_warn("stdin");
			rc = EXIT_FAIL;
		}
		free(line);
	}
	free(u.buf);
	close(u.fd);
	return rc == SK_CONTINUE ? EXIT_OK : rc;
}

enum umode { UMODE_HELLO, UMODE_ECHO, UMODE_PRINT };

struct userve {
	int		 fd;
	enum umode	 mode;
	int		 verbose;
	char		 reply[UDP_BUFSZ + 16];
};

/* Answer (or print) one datagram from peer; a failed reply is no error. */
static void
userve_one(struct userve *us, const char *data, size_t len,
    const struct sockaddr_storage *peer, socklen_t plen)
{
	char label[NET_LABELLEN];
	const char *out = data;
	size_t n = len;
	int nl;

	if (us->verbose) {
		if (net_addr_label((const struct sockaddr *)peer, plen, label,
		    sizeof(label)) == -1)
			snprintf(label, sizeof(label), "? port 0");
		msg_warnx("datagram from %s, %zu bytes", label, len);
	}
	if (us->mode == UMODE_PRINT)
		return;
	if (us->mode == UMODE_HELLO) {
		/* the reply ends as the request did: a line sent by nc or
		 * echo gets one, the tutorial's bare name gets none */
		if ((nl = n > 0 && data[n - 1] == '\n')) {
			n--;
			if (n > 0 && data[n - 1] == '\r')
				n--;
		}
		n = hello_reply(us->reply, sizeof(us->reply), data, n, nl);
		out = us->reply;
	}
	if (sendto(us->fd, out, n, 0, (const struct sockaddr *)peer,
	    plen) == -1 && us->verbose)
		msg_warn("reply to %s", label);
}

/*
 * Receive up to want datagrams (at least one, blocking) into the slots
 * of bufs; their lengths and senders come back in lens, peers, plens.
 * Returns how many, or -1 with errno.
 */
static int
userve_recv(int fd, char **bufs, size_t *lens,
    struct sockaddr_storage *peers, socklen_t *plens, int want)
{
#if defined(__linux__)
	struct mmsghdr mm[UDP_BATCH];
	struct iovec iov[UDP_BATCH];
	int i, n;

	memset(mm, 0, sizeof(mm[0]) * (size_t)want);
	for (i = 0; i < want; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = UDP_BUFSZ;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &peers[i];
		mm[i].msg_hdr.msg_namelen = sizeof(peers[i]);
	}
	if ((n = recvmmsg(fd, mm, (unsigned int)want, MSG_WAITFORONE,
	    NULL)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		lens[i] = mm[i].msg_len;
		plens[i] = mm[i].msg_hdr.msg_namelen;
	}
	return n;
#else
	ssize_t r;

	(void)want;
	plens[0] = sizeof(peers[0]);
	if ((r = recvfrom(fd, bufs[0], UDP_BUFSZ, 0,
	    (struct sockaddr *)&peers[0], &plens[0])) == -1)
		return -1;
	lens[0] = (size_t)r;
	return 1;
#endif
}

/* Write a batch of datagrams to stdout in one go. */
static int
userve_print(char **bufs, const size_t *lens, int n)
{
	struct iovec iov[UDP_BATCH];
	size_t total = 0, done;
	ssize_t w;
	int i, first = 0;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = lens[i];
		total += lens[i];
	}
	while (total > 0) {
		if ((w = writev(STDOUT_FILENO, iov + first, n - first)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* a short write: skip what went out and go on */
		total -= (size_t)w;
		for (done = (size_t)w; first < n && done >= iov[first].iov_len;
		    first++)
			done -= iov[first].iov_len;
		if (first < n) {
			iov[first].iov_base = (char *)iov[first].iov_base + done;
			iov[first].iov_len -= done;
		}
	}
	return 0;
}

/* udp-serve's command line, parsed. */
struct userve_args {
	struct net_opts	 no;
	struct endpoint	 ep;
	enum umode	 mode;
	int		 verbose;
	long long	 count;		/* datagrams to take; -1: no limit */
};

/*
 * Parse the command line into a.  Returns SK_CONTINUE, else the exit
 * status.
 */
static int
userve_parse(int argc, char *argv[], struct userve_args *a)
{
	/* repeating one mode is no conflict; two different ones are */
	static const struct opt_excl excl[] = {
		{ { UV_HELLO, UV_ECHO, UV_PRINT }, { 0 }, NULL },
		{ { 0 }, { 0 }, NULL }
	};
	static const struct cli_spec spec = {
		serve_usage, serve_opts, CLI_FAMILY | CLI_VERBOSE, excl, NULL
	};
	struct opt_state st;
	struct cli cl;
	struct net_opts no;
	const char *errstr;
	char err[SK_ERRLEN];
	long long count = -1;
	int c;
	enum umode mode;

	net_opts_init(&no);
	no.socktype = SOCK_DGRAM;
	cli_init(&cl, &spec, &st, argc, argv);
	cl.no = &no;
	while ((c = cli_next(&cl, &st)) != -1) {
		if (c == CLI_EXIT)
			return cl.status;
		if (c == UV_COUNT && parse_num(st.arg, 1, LLONG_MAX, &count,
		    &errstr) == -1)
			return msg_usage(serve_usage, "count %s: %s", st.arg,
			    errstr);
	}
	/* the modes are flags, and exclude each other */
	mode = opt_seen(&st, UV_ECHO) ? UMODE_ECHO : opt_seen(&st, UV_PRINT) ?
	    UMODE_PRINT : UMODE_HELLO;
	if (endpoint_parse(st.argc, st.argv, EP_LISTEN, &a->ep, err) == -1)
		return msg_usage(serve_usage, "%s", err);
	a->no = no;
	a->mode = mode;
	a->verbose = cl.verbose;
	a->count = count;
	return SK_CONTINUE;
}

/*
 * Take datagrams until count of them (-1: for ever) or a failure, each
 * batch in bufs.  Returns the exit status.
 */
static int
userve_loop(struct userve *us, char **bufs, long long count)
{
	struct sockaddr_storage peers[UDP_BATCH];
	socklen_t plens[UDP_BATCH];
	size_t lens[UDP_BATCH];
	int i, n, want;

	while (count != 0) {
		want = count > 0 && count < UDP_BATCH ? (int)count : UDP_BATCH;
		if ((n = userve_recv(us->fd, bufs, lens, peers, plens,
		    want)) == -1) {
			/* ICMP errors of earlier replies, signals: go on */
			if (errno == EINTR || errno == ECONNREFUSED ||
			    errno == ENOBUFS || errno == EAGAIN)
				continue;
			msg_warn("receive");
			return EXIT_FAIL;
		}
		for (i = 0; i < n; i++)
			userve_one(us, bufs[i], lens[i], &peers[i], plens[i]);
		if (us->mode == UMODE_PRINT &&
		    userve_print(bufs, lens, n) == -1) {
			if (errno != EPIPE)
				msg_warn("stdout");
			return EXIT_FAIL;
		}
		if (count > 0)
			count -= n;
	}
	return EXIT_OK;
}

int
cmd_udp_serve(int argc, char *argv[])
{
	struct userve_args a;
	struct userve *us;
	char *bufs[UDP_BATCH], *pool;
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int i, rc, rcvbuf;

	if ((rc = userve_parse(argc, argv, &a)) != SK_CONTINUE)
		return rc;
	us = malloc(sizeof(*us));
	pool = malloc((size_t)UDP_BATCH * UDP_BUFSZ);
	if (us == NULL || pool == NULL) {
		msg_warn("malloc");
		free(us);
		free(pool);
		return EXIT_FAIL;
	}
	for (i = 0; i < UDP_BATCH; i++)
		bufs[i] = pool + (size_t)i * UDP_BUFSZ;
	us->mode = a.mode;
	us->verbose = a.verbose;
	if ((us->fd = net_listen(a.ep.host, a.ep.port, &a.no, 0,
	    err)) == -1) {
		msg_warnx("%s", err);
		free(us);
		free(pool);
		return EXIT_FAIL;
	}
	if (a.verbose && net_local_label(us->fd, label, sizeof(label)) == 0)
		msg_warnx("listening on %s", label);
	/* a deeper queue rides out bursts; the kernel caps it (rmem_max) */
	rcvbuf = UDP_RCVBUF;
	(void)setsockopt(us->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
	    sizeof(rcvbuf));
	rc = userve_loop(us, bufs, a.count);
	close(us->fd);
	free(us);
	free(pool);
	return rc;
}
