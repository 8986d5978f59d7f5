/*
 * cmd/udp_serve.c: sockt udp-serve.
 *
 * It never connects: it answers every peer with recvfrom/sendto
 * (netcat's habit of locking onto the first peer is the bug it avoids).
 * On Linux it reads datagrams in batches with recvmmsg and writes a
 * batch to stdout with one writev.  udp-send, the other end, is
 * udp_send.c.
 */
#if defined(__linux__)
#define _GNU_SOURCE	/* recvmmsg */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <limits.h>
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

#define UDP_BUFSZ	65536	/* a datagram: any fits */
#define UDP_BATCH	32
#define UDP_RCVBUF	(4 * 1024 * 1024)

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
