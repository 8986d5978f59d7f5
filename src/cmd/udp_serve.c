/*
 * cmd/udp_serve.c: sockt udp-serve.
 *
 * It never connects: it answers every peer at its address (netcat's
 * habit of locking onto the first peer is the bug it avoids).
 * Datagrams come in batches (net/dgram.c: recvmmsg on Linux); --print
 * writes a batch to stdout with one writev, --echo sends a batch's
 * echoes in one call, a peer's run of one size as one buffer the kernel
 * cuts, and takes such runs whole (UDP_GRO).  udp-send, the other end,
 * is udp_send.c.
 *
 * With --to host:port it is a forwarder (socat's UDP-LISTEN,fork
 * UDP:host:port in one process): the engine is net/udpfwd.c, this file
 * reads its options, resolves the target once and says its events.
 * -i and -m mean what they mean for listen, of sessions instead of
 * connections: udp-serve had no -i or -m of its own to clash with.
 * --join (cli/join.c) joins multicast groups on the listening socket
 * once it is bound, in every mode.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/join.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "net/dgram.h"
#include "net/net.h"
#include "net/server.h"
#include "net/udpfwd.h"
#include "parse/addr.h"
#include "parse/hello.h"
#include "parse/opt.h"
#include "sockt.h"
#include "util/clock.h"
#include "util/num.h"

#define UDP_RCVBUF	(4 * 1024 * 1024)

static const char serve_usage[] =
    "usage: sockt udp-serve [-46v] [--hello | --echo | --print] "
    "[-c count]\n"
    "                       [--allow spec] [--deny spec] [--join group] "
    "[addr] port\n"
    "       sockt udp-serve [-46v] [-i secs] [-m max] [--max-per-peer n]\n"
    "                       [--allow spec] [--deny spec] [--join group]\n"
    "                       [addr] port --to host:port\n";
enum {
	UV_COUNT = CLI_O_OWN,	/* -c count */
	UV_ECHO,		/* --echo */
	UV_HELLO,		/* --hello */
	UV_IDLE,		/* -i secs */
	UV_PRINT,		/* --print */
	UV_TO			/* --to host:port */
};

/* the modes are flags: opt_seen reads them */
static const struct opt_def serve_opts[] = {
	OPT_DOC(CLI_O_4, "  -4, -6     IPv4 or IPv6 only\n"),
	OPT_LIKE_ABOVE(CLI_O_6),
	OPT_ARG_(UV_COUNT, 'c', NULL, "count", COMP_NONE,
	    "  -c count   exit 0 after count datagrams\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         say the port listened on and log each datagram "
	    "(with --to:\n"
	    "             each session, opened and closed)\n"),
	OPT_FLAG_(UV_ECHO, 0, "echo",
	    "  --echo     reply with the datagram unchanged\n"),
	OPT_FLAG_(UV_HELLO, 0, "hello",
	    "  --hello    reply Hello, DATA! (the default)\n"),
	OPT_FLAG_(UV_PRINT, 0, "print",
	    "  --print    write each datagram to stdout and reply nothing\n"),
	OPT_DOC(CLI_O_ALLOW,
	    "  --allow spec, --deny spec  serve only, or never, these "
	    "peers\n"
	    "             (address or CIDR block; repeatable)\n"),
	OPT_LIKE_ABOVE(CLI_O_DENY),
	CLI_JOIN_DOC,
	OPT_TEXT("forwarder (--to):\n"),
	OPT_ARG_(UV_TO, 0, "to", "host:port", COMP_HOST,
	    "  --to host:port  forward each client's datagrams to host:port "
	    "([v6addr]:port)\n"
	    "             from a socket of its own, the replies back from "
	    "port\n"),
	OPT_ARG_(UV_IDLE, 'i', NULL, "secs", COMP_NONE,
	    "  -i secs    end a client's session after secs without a "
	    "datagram (default 60)\n"),
	OPT_DOC(CLI_O_MAX,
	    "  -m max     at most max sessions; a new client ends the "
	    "idlest (default 1024)\n"),
	OPT_DOC(CLI_O_PER_PEER,
	    "  --max-per-peer n  at most n sessions from one address\n"),
	OPT_END
};

enum umode { UMODE_HELLO, UMODE_ECHO, UMODE_PRINT };

struct userve {
	int		 fd;
	enum umode	 mode;
	int		 verbose;
	const struct server_opts *acl;	/* --allow, --deny */
	int		 gso;		/* echo runs of replies as one */
	int		 nrep;		/* echoes waiting: their places */
	int		 rep[DGRAM_BATCH];
	struct dgram	 d[DGRAM_BATCH];	/* a batch, in pool */
	char		*pool;
	char		 reply[DGRAM_BUFSZ + 16];
};

/* The label of peer, for -v. */
static void
userve_label(const struct dgram *d, char *label)
{
	if (net_addr_label((const struct sockaddr *)&d->addr, d->alen, label,
	    NET_LABELLEN) == -1)
		snprintf(label, NET_LABELLEN, "? port 0");
}

/*
 * Answer (or print) the datagrams of entry i of d (a run with
 * --echo), at most left of them (-1: all); the echoes wait in us->rep
 * for userve_echo.  A failed reply is no error.  Returns how many were
 * taken: 0 when the access lists refused the peer.
 */
static long long
userve_take(struct userve *us, struct dgram *d, int i, long long left)
{
	char label[NET_LABELLEN];
	struct dgram *e = &d[i];
	const char *data;
	size_t n, len, k, count;
	int nl;

	if (us->verbose)
		userve_label(e, label);
	count = dgram_count(e);
	if (!server_peer_allowed(us->acl, (const struct sockaddr *)&e->addr)) {
		for (k = 0; us->verbose && k < count; k++)
			msg_warnx("datagram from %s refused by the access "
			    "list", label);
		e->len = 0;	/* nothing of it printed */
		return 0;
	}
	/* -c: the datagrams of a run past the count are not taken */
	if (left >= 0 && count > (size_t)left) {
		count = (size_t)left;
		e->len = count * e->seg;
	}
	for (k = 0; k < count; k++) {
		data = e->buf + k * e->seg;
		len = e->seg > 0 && e->len - k * e->seg > e->seg ? e->seg :
		    e->len - k * e->seg;
		if (us->verbose)
			msg_warnx("datagram from %s, %zu bytes", label, len);
		if (us->mode != UMODE_HELLO)
			continue;
		/* the reply ends as the request did: a line sent by nc or
		 * echo gets one, the tutorial's bare name gets none */
		n = len;
		if ((nl = n > 0 && data[n - 1] == '\n')) {
			n--;
			if (n > 0 && data[n - 1] == '\r')
				n--;
		}
		n = hello_reply(us->reply, sizeof(us->reply), data, n, nl);
		if (sendto(us->fd, us->reply, n, 0,
		    (const struct sockaddr *)&e->addr, e->alen) == -1 &&
		    us->verbose)
			msg_warn("reply to %s", label);
	}
	if (us->mode == UMODE_ECHO)
		us->rep[us->nrep++] = i;
	return (long long)count;
}

/* Send the echoes waiting in us->rep, runs of one peer as one. */
static void
userve_echo(struct userve *us, struct dgram *d)
{
	char label[NET_LABELLEN];
	const int *idx = us->rep;
	int n = us->nrep, r;

	while (n > 0) {
		if ((r = dgram_send(us->fd, d, idx, n, DGRAM_TO,
		    &us->gso)) == -1) {
			if (us->verbose) {
				userve_label(&d[*idx], label);
				msg_warn("reply to %s", label);
			}
			r = 1;
		}
		idx += r;
		n -= r;
	}
	us->nrep = 0;
}

/* Write a batch of datagrams to stdout in one go. */
static int
userve_print(const struct dgram *d, int n)
{
	struct iovec iov[DGRAM_BATCH];
	size_t total = 0, done;
	ssize_t w;
	int i, first = 0;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = d[i].buf;
		iov[i].iov_len = d[i].len;
		total += d[i].len;
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
	struct server_opts so;		/* --allow, --deny; -m, --max-per-peer */
	struct endpoint	 to;		/* --to's */
	int		 forward;	/* --to given */
	int		 idle_ms;	/* -i */
	struct cli_joins joins;		/* --join */
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
		{ { UV_TO }, { UV_HELLO, UV_ECHO, UV_PRINT, UV_COUNT }, NULL },
		{ { 0 }, { 0 }, NULL }
	};
	static const struct cli_spec spec = {
		serve_usage, serve_opts, CLI_FAMILY | CLI_VERBOSE | CLI_ACL |
		    CLI_LIMITS | CLI_JOIN, excl, NULL
	};
	/* the forwarder's options, refused without --to */
	static const int fwd_only[] = { UV_IDLE, CLI_O_MAX, CLI_O_PER_PEER };
	struct cli_secs secs[] = {
		{ UV_IDLE, "idle timeout", 0, NULL },
		{ 0, NULL, 0, NULL }
	};
	struct opt_state st;
	struct cli cl;
	const char *errstr;
	char err[SK_ERRLEN], name[32];
	size_t i;
	int c;

	memset(a, 0, sizeof(*a));
	net_opts_init(&a->no);
	a->no.socktype = SOCK_DGRAM;
	a->count = -1;
	a->idle_ms = UDPFWD_IDLE_MS;
	a->so.max_children = UDPFWD_MAX_SESSIONS;
	secs[0].ms = &a->idle_ms;
	cli_init(&cl, &spec, &st, argc, argv);
	cl.no = &a->no;
	cl.so = &a->so;
	cl.joins = &a->joins;
	cl.secs = secs;
	cl.max_what = "sessions";
	while ((c = cli_next(&cl, &st)) != -1) {
		switch (c) {
		case CLI_EXIT:
			return cl.status;
		case UV_COUNT:
			if (parse_num(st.arg, 1, LLONG_MAX, &a->count,
			    &errstr) == -1)
				return msg_usage(serve_usage, "count %s: %s",
				    st.arg, errstr);
			break;
		case UV_TO:
			if (cli_endpoint(1, &st.arg, 0, "udp", &a->to,
			    err) == -1)
				return msg_usage(serve_usage, "--to %s: %s",
				    st.arg, err);
			a->forward = 1;
			break;
		}
	}
	for (i = 0; !a->forward && i < sizeof(fwd_only) /
	    sizeof(fwd_only[0]); i++)
		if (opt_seen(&st, fwd_only[i])) {
			opt_name(&st, fwd_only[i], name, sizeof(name));
			return msg_usage(serve_usage, "%s: only with --to",
			    name);
		}
	/* the modes are flags, and exclude each other */
	a->mode = opt_seen(&st, UV_ECHO) ? UMODE_ECHO :
	    opt_seen(&st, UV_PRINT) ? UMODE_PRINT : UMODE_HELLO;
	if (cli_endpoint(st.argc, st.argv, EP_LISTEN, "udp", &a->ep,
	    err) == -1)
		return msg_usage(serve_usage, "%s", err);
	if ((c = cli_join_check(&cl, a->no.family, a->ep.host)) !=
	    SK_CONTINUE)
		return c;
	a->verbose = cl.verbose;
	a->so.verbose = cl.verbose;
	return SK_CONTINUE;
}

/*
 * Take datagrams until count of them (-1: for ever) or a failure, each
 * batch in d.  Returns the exit status.
 */
static int
userve_loop(struct userve *us, struct dgram *d, long long count)
{
	long long k;
	int i, n, want;

	while (count != 0) {
		want = count > 0 && count < DGRAM_BATCH ? (int)count :
		    DGRAM_BATCH;
		if ((n = dgram_recv(us->fd, d, want, DGRAM_FROM |
		    DGRAM_WAIT)) <= 0) {
			/* ICMP errors of earlier replies, signals: go on */
			if (n == 0 || errno == EINTR || errno == ECONNREFUSED ||
			    errno == ENOBUFS)
				continue;
			msg_warn("receive");
			return EXIT_FAIL;
		}
		/* a refused peer's datagram counts for nothing, prints
		 * nothing */
		for (i = 0; i < n && count != 0; i++) {
			k = userve_take(us, d, i, count);
			if (count > 0)
				count -= k;
		}
		userve_echo(us, d);
		if (us->mode == UMODE_PRINT && userve_print(d, i) == -1) {
			if (errno != EPIPE)
				msg_warn("stdout");
			return EXIT_FAIL;
		}
	}
	return EXIT_OK;
}

/* What the forwarder's events need to be said. */
struct userve_fwd {
	char		 target[NET_LABELLEN];
	int		 fd;		/* the listener */
	int		 verbose;
};

/* Say a forwarder's event. */
static void
userve_fwd_say(const struct udpfwd_event *ev, void *arg)
{
	const struct userve_fwd *uf = arg;

	char label[NET_LABELLEN];

	switch (ev->kind) {
	case UDPFWD_EV_READY:
		/* only now: a test that reads this line may signal at once */
		if (uf->verbose && net_local_label(uf->fd, label,
		    sizeof(label)) == 0) {
			msg_warnx("listening on %s", label);
			msg_warnx("forwarding to %s", uf->target);
		}
		break;
	case UDPFWD_EV_OPEN:
		msg_warnx("session for %s opened", ev->peer);
		break;
	case UDPFWD_EV_IDLE:
		msg_warnx("session for %s closed: idle", ev->peer);
		break;
	case UDPFWD_EV_EVICT:
		msg_warnx("session for %s closed: the idlest of %d, for a new "
		    "client", ev->peer, ev->n);
		break;
	case UDPFWD_EV_DENIED:
		msg_warnx("datagram from %s refused by the access list",
		    ev->peer);
		break;
	case UDPFWD_EV_FULL:
		msg_warnx("datagram from %s refused: %d sessions from this "
		    "address already", ev->peer, ev->n);
		break;
	case UDPFWD_EV_REFUSED:
		errno = ev->error;
		msg_warn("session for %s: %s", ev->peer, uf->target);
		break;
	case UDPFWD_EV_NOSESSION:
		errno = ev->error;
		msg_warn("session for %s", ev->peer);
		break;
	case UDPFWD_EV_SEND:
		errno = ev->error;
		msg_warn("datagram of %s lost", ev->peer);
		break;
	}
}

/*
 * Room for every session's socket: the soft limit of open files raised
 * toward the hard one, so that the default -m (1024) fits under the
 * usual soft limit of 1024 too.  A failure is no error: the sessions
 * that do not fit are said as they come.
 */
static void
userve_fd_room(int sessions)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)sessions + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ?
	    rl.rlim_max : want;
	(void)setrlimit(RLIMIT_NOFILE, &rl);
}

/*
 * Is the target the listener itself (the same port, and an address of
 * this host that the listener has: a loopback one, or the one it is
 * bound to)?  A datagram forwarded there would come back as a new
 * client, for ever.  Returns 1 or 0.
 */
static int
userve_loops(int fd, const struct sockaddr *to)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	unsigned char key[2][18];	/* an IPv6 address (IPv4 mapped), port */
	static const unsigned char lo6[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};
	static const unsigned char any6[16];
	const struct sockaddr *sa[2];
	int i;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return 0;
	sa[0] = (const struct sockaddr *)&ss;
	sa[1] = to;
	for (i = 0; i < 2; i++) {
		memset(key[i], 0, sizeof(key[i]));
		if (sa[i]->sa_family == AF_INET) {
			const struct sockaddr_in *sin =
			    (const struct sockaddr_in *)(const void *)sa[i];

			key[i][10] = key[i][11] = 0xff;
			memcpy(key[i] + 12, &sin->sin_addr, 4);
			memcpy(key[i] + 16, &sin->sin_port, 2);
		} else if (sa[i]->sa_family == AF_INET6) {
			const struct sockaddr_in6 *sin6 =
			    (const struct sockaddr_in6 *)(const void *)sa[i];

			memcpy(key[i], &sin6->sin6_addr, 16);
			memcpy(key[i] + 16, &sin6->sin6_port, 2);
		} else
			return 0;
	}
	if (memcmp(key[0] + 16, key[1] + 16, 2) != 0)
		return 0;
	/* the target: 127/8, ::1, or the listener's own address */
	return (key[1][10] == 0xff && key[1][11] == 0xff && key[1][12] == 127 &&
	    memcmp(key[1], any6, 10) == 0) ||
	    memcmp(key[1], lo6, 16) == 0 || memcmp(key[0], key[1], 16) == 0;
}

/*
 * udp-serve --to: resolve the target once, listen, forward until a
 * signal.  Returns the exit status.
 */
static int
userve_forward(struct userve_args *a)
{
	struct udpfwd_opts fo;
	struct userve_fwd uf;
	struct addrinfo *res;
	char err[SK_ERRLEN];
	int fd, rc;

	if (net_resolve(a->to.host, a->to.port, &a->no, 0, &res, err) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (net_addr_label(res->ai_addr, res->ai_addrlen, uf.target,
	    sizeof(uf.target)) == -1)
		snprintf(uf.target, sizeof(uf.target), "the target");
	if ((fd = net_listen(a->ep.host, a->ep.port, &a->no, 0,
	    err)) == -1) {
		msg_warnx("%s", err);
		freeaddrinfo(res);
		return EXIT_FAIL;
	}
	if (cli_join_apply(fd, &a->joins, a->verbose) != SK_CONTINUE) {
		close(fd);
		freeaddrinfo(res);
		return EXIT_FAIL;
	}
	if (userve_loops(fd, res->ai_addr)) {
		msg_warnx("--to %s: the listening socket itself", uf.target);
		close(fd);
		freeaddrinfo(res);
		return EXIT_FAIL;
	}
	uf.fd = fd;
	uf.verbose = a->verbose;
	userve_fd_room(a->so.max_children);
	memset(&fo, 0, sizeof(fo));
	fo.idle_ms = a->idle_ms;
	fo.max_sessions = a->so.max_children;
	fo.acl = &a->so;
	fo.verbose = a->verbose;
	fo.seed = (uint32_t)mono_us() ^ (uint32_t)getpid() * 2654435761u;
	fo.event = userve_fwd_say;
	fo.arg = &uf;
	rc = udpfwd_run(fd, res->ai_addr, res->ai_addrlen, &fo, err);
	if (rc == -1)
		msg_warnx("%s", err);
	close(fd);
	freeaddrinfo(res);
	return rc == -1 ? EXIT_FAIL : EXIT_OK;
}

int
cmd_udp_serve(int argc, char *argv[])
{
	struct userve_args a;
	struct userve *us;
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int i, rc, rcvbuf;

	if ((rc = userve_parse(argc, argv, &a)) != SK_CONTINUE)
		return rc;
	if (a.forward)
		return userve_forward(&a);
	if ((us = calloc(1, sizeof(*us))) == NULL || (us->pool =
	    malloc((size_t)DGRAM_BATCH * DGRAM_BUFSZ)) == NULL) {
		msg_warn("malloc");
		free(us);
		return EXIT_FAIL;
	}
	for (i = 0; i < DGRAM_BATCH; i++)
		us->d[i].buf = us->pool + (size_t)i * DGRAM_BUFSZ;
	us->mode = a.mode;
	us->verbose = a.verbose;
	us->acl = &a.so;
	us->gso = 1;
	if ((us->fd = net_listen(a.ep.host, a.ep.port, &a.no, 0,
	    err)) == -1) {
		msg_warnx("%s", err);
		free(us->pool);
		free(us);
		return EXIT_FAIL;
	}
	if (cli_join_apply(us->fd, &a.joins, a.verbose) != SK_CONTINUE) {
		close(us->fd);
		free(us->pool);
		free(us);
		return EXIT_FAIL;
	}
	if (a.verbose && net_local_label(us->fd, label, sizeof(label)) == 0)
		msg_warnx("listening on %s", label);
	/* a deeper queue rides out bursts; the kernel caps it (rmem_max) */
	rcvbuf = UDP_RCVBUF;
	(void)setsockopt(us->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
	    sizeof(rcvbuf));
	/* --echo: a run of datagrams in one buffer, echoed as one */
	if (a.mode == UMODE_ECHO)
		(void)dgram_gro(us->fd);
	rc = userve_loop(us, us->d, a.count);
	close(us->fd);
	free(us->pool);
	free(us);
	return rc;
}
