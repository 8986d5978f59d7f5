/*
 * cmd/serve_hello.c: sockt serve-hello, the greeting server of the Python
 * sockets tutorial.  Each client gets "Welcome!", then "Hello, NAME!" for
 * every message it sends, until it sends "exit", closes, or stays idle
 * too long.  A message is a line, or bytes without a newline followed by
 * a quiet gap (hello.c frames them), and the reply ends with a newline
 * only if the message did: so nc users and the tutorial's own client,
 * which sends names without newlines, are both served.  --raw is the
 * tutorial's server byte for byte.  Fork per connection through the
 * shared server module.  With --tls each child runs its handshake first,
 * within -i, and every read and write goes through it (struct hconn).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/server_say.h"
#include "cli/server_tls.h"
#include "cmd/cmd.h"
#include "net/net.h"
#include "net/relay.h"
#include "net/server.h"
#include "net/tls.h"
#include "parse/addr.h"
#include "parse/hello.h"
#include "parse/opt.h"
#include "sockt.h"
#include "util/clock.h"

#define HELLO_IDLE_MS	60000		/* the default for -i */
#define HELLO_GAP_MS	150		/* the default for --gap */
#define HELLO_RAWREAD	1024		/* --raw: the tutorial's recv(1024) */

static const char usage[] =
    "usage: sockt serve-hello [-46v] [-i secs] [-m max] [--gap secs | --raw]\n"
    "                         [--max-per-peer n]\n"
    "                         [--tls [--cert file [--key file]] "
    "[--tls-min 1.2|1.3]\n"
    "                         [--tls-verify-client --cacert file]] "
    "[addr] port\n";
enum {
	SH_IDLE = CLI_O_OWN,	/* -i secs */
	SH_GAP,			/* --gap secs */
	SH_RAW			/* --raw */
};

/* --raw is a flag: opt_seen reads it; -i and --gap are seconds */
static const struct opt_def opts[] = {
	OPT_DOC(CLI_O_4, "  -4, -6     IPv4 or IPv6 only\n"),
	OPT_LIKE_ABOVE(CLI_O_6),
	OPT_ARG_(SH_IDLE, 'i', NULL, "secs", COMP_NONE,
	    "  -i secs    close a connection idle, or in one message, this "
	    "long (default 60)\n"),
	OPT_DOC(CLI_O_MAX,
	    "  -m max     at most max children at once (default 100)\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         say the port listened on and log each connection\n"),
	OPT_ARG_(SH_GAP, 0, "gap", "secs", COMP_NONE,
	    "  --gap secs a quiet gap this long ends a message without a "
	    "newline\n"
	    "             (default 0.15; 0: only lines)\n"),
	OPT_DOC(CLI_O_PER_PEER,
	    "  --max-per-peer n  at most n connections from one address "
	    "(0: no limit)\n"),
	OPT_FLAG_(SH_RAW, 0, "raw",
	    "  --raw      the tutorial's server byte for byte\n"),
	CLI_TLS_SERVER_DOC,
	OPT_END
};

static const struct opt_excl excl[] = {
	{ { SH_GAP }, { SH_RAW }, NULL },
	{ { 0 }, { 0 }, NULL }
};

static const struct cli_spec spec = {
	usage, opts, CLI_FAMILY | CLI_VERBOSE | CLI_LIMITS | CLI_TLS_SERVER,
	    excl, NULL
};

static const char greeting[] = "Welcome!\n";
static const char too_long[] = "error: line too long (more than 8192 "
    "bytes)\n";

struct hello {
	int	idle_ms;
	int	gap_ms;
	int	raw;
	int	verbose;
	struct tls_server_ctx *tls;	/* --tls, or NULL */
};

/* A client's connection: the socket, and its TLS with --tls. */
struct hconn {
	int	fd;
	struct tls_conn *tls;
	short	want;		/* what a read waits for: POLLIN, or what
				 * TLS asked for */
};

/* Read into buf: what read(2) returns, through TLS with --tls. */
static ssize_t
hc_read(struct hconn *hc, void *buf, size_t len)
{
	ssize_t r;

	if (hc->tls == NULL)
		return read(hc->fd, buf, len);
	r = tls_read(hc->tls, buf, len);
	hc->want = r == -1 && errno == EAGAIN ?
	    (short)tls_want(hc->tls) : POLLIN;
	return r;
}

/* Write all of buf within ms, as io_write_timed. */
static ssize_t
hc_write(struct hconn *hc, const void *buf, size_t len, int ms)
{
	return hc->tls != NULL ? tls_write_timed(hc->tls, buf, len, ms) :
	    io_write_timed(hc->fd, buf, len, ms);
}

/* poll(2) for input within ms; TLS may hold some that poll cannot see. */
static int
hc_poll(struct hconn *hc, int ms)
{
	struct pollfd pfd;

	if (hc->tls != NULL && tls_pending(hc->tls) > 0)
		return 1;
	pfd.fd = hc->fd;
	pfd.events = hc->want;
	return poll(&pfd, 1, ms);
}

/* The output of one connection, flushed after each batch of input. */
struct hello_out {
	struct hconn *hc;
	int	idle_ms;
	size_t	len;
	char	buf[2 * HELLO_REPLYMAX];
};

static int
out_flush(struct hello_out *o)
{
	if (o->len > 0 && hc_write(o->hc, o->buf, o->len, o->idle_ms) == -1)
		return -1;
	o->len = 0;
	return 0;
}

/*
 * Queue "Hello, NAME!" (and a newline if nl), flushing first if full; a
 * client that stops reading gets idle_ms to take it.
 */
static int
out_reply(struct hello_out *o, const char *name, size_t n, int nl)
{
	size_t w;

	if (sizeof(o->buf) - o->len < n + 9 && out_flush(o) == -1)
		return -1;
	w = hello_reply(o->buf + o->len, sizeof(o->buf) - o->len, name, n, nl);
	o->len += w;
	return 0;
}

/*
 * After the overlong-line error: half-close and read what the client
 * still sends, for at most a second and 1 MiB, so that closing with
 * unread input does not reset the connection before the error line has
 * been read.
 */
static void
hello_linger(struct hconn *hc)
{
	char buf[16384];
	long long end = mono_ms() + 1000;
	size_t total = 0;
	ssize_t r;
	int wait;

	if (hc->tls != NULL)
		(void)tls_shutdown(hc->tls);
	else
		(void)shutdown(hc->fd, SHUT_WR);
	while (total < 1024 * 1024 && (wait = (int)(end - mono_ms())) > 0) {
		if (hc_poll(hc, wait) <= 0)
			break;
		if ((r = hc_read(hc, buf, sizeof(buf))) <= 0) {
			if (r == -1 && (errno == EINTR || errno == EAGAIN))
				continue;
			break;
		}
		total += (size_t)r;
	}
}

/* Why a session ended, past what the framer says. */
enum hello_end { END_NONE, END_EXIT, END_IDLE, END_SLOW, END_FAIL };

/*
 * Answer every message the framer has at now.  Returns END_NONE to go
 * on, END_EXIT after "exit" or end of file, END_FAIL, or -1 for an
 * overlong line.
 */
static int
hello_drain(struct hello_framer *f, struct hello_out *o, long long now)
{
	struct hello_msg m;
	enum hello_kind k;

	while ((k = hello_next(f, now, &m)) != HELLO_MORE) {
		if (k == HELLO_EOF)
			return out_flush(o) == -1 ? END_FAIL : END_EXIT;
		if (k == HELLO_OVERLONG) {
			(void)out_flush(o);
			return -1;
		}
		if (hello_is_exit(m.data, m.len))
			return out_flush(o) == -1 ? END_FAIL : END_EXIT;
		if (out_reply(o, m.data, m.len, k == HELLO_LINE) == -1)
			return END_FAIL;
	}
	return out_flush(o) == -1 ? END_FAIL : END_NONE;
}

/*
 * Wait for input until the next deadline: the gap, the message's budget
 * (-i from its first byte) or the idle limit (-i from the last read).
 * Returns END_NONE when there was input or a deadline to act on, else
 * why the session ends.
 */
static int
hello_wait(const struct hello *h, struct hconn *hc,
    const struct hello_framer *f, long long last_read)
{
	long long now = mono_ms(), when, wake;
	int rc;

	/*
	 * A child descheduled past the idle limit outside poll (a loaded
	 * machine) may find the limit passed with the client's data already
	 * waiting: that client was not idle, so read it first.  Only the
	 * idle limit gets this look; the message budget does not, or a
	 * client dribbling bytes could keep one message open for ever.
	 */
	if (now - last_read >= h->idle_ms)
		return hc_poll(hc, 0) > 0 ? END_NONE : END_IDLE;
	if (hello_overdue(f, now, h->idle_ms))
		return END_SLOW;
	when = last_read + h->idle_ms;
	if (f->len > f->start && f->first_ms + h->idle_ms < when)
		when = f->first_ms + h->idle_ms;
	if ((wake = hello_wake(f)) != -1 && wake < when)
		when = wake;
	if ((rc = hc_poll(hc, when > now ? (int)(when - now) : 0)) == -1 &&
	    errno != EINTR)
		return END_FAIL;
	return END_NONE;
}

/* Say with -v why a connection ends early; returns its exit status. */
static int
hello_ended(const struct hello *h, const struct server_conn *c, int why)
{
	if (!h->verbose)
		return why == END_FAIL ? EXIT_FAIL : EXIT_OK;
	switch (why) {
	case END_IDLE:
		msg_warnx("connection from %s: idle for %d.%03d s, closing",
		    c->label, h->idle_ms / 1000, h->idle_ms % 1000);
		break;
	case END_SLOW:
		msg_warnx("connection from %s: no complete message within "
		    "%d.%03d s, closing", c->label, h->idle_ms / 1000,
		    h->idle_ms % 1000);
		break;
	case END_FAIL:
		msg_warn("connection from %s", c->label);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * A session's start (the socket came non-blocking from accept4:
 * so.nonblock), with --tls the handshake (within -i), then the
 * greeting's first glen bytes.  Returns SK_CONTINUE, else the exit
 * status after the message.
 */
static int
hello_open(const struct hello *h, struct server_conn *c, struct hconn *hc,
    size_t glen)
{
	hc->fd = c->fd;
	hc->tls = NULL;
	hc->want = POLLIN;
	if (h->tls != NULL && (hc->tls = cli_tls_accept(h->tls, c->fd,
	    c->label, h->idle_ms, h->verbose, NULL, 0)) == NULL)
		return EXIT_FAIL;
	/* every write is bounded by -i: a client that stops reading cannot
	 * hold a child, or a -m slot, for ever */
	if (hc_write(hc, greeting, glen, h->idle_ms) == -1)
		return hello_ended(h, c, END_FAIL);
	return SK_CONTINUE;
}

/*
 * A session's end, with --tls: close_notify, and unless the client is
 * idle (or gone) what it still sends read as hello_linger reads it, its
 * own close_notify above all, which would come after "exit": closed
 * unread, it would reset the connection, and the client could lose our
 * last answer.  Returns status.
 */
static int
hello_close(struct hconn *hc, int why, int status)
{
	if (hc->tls == NULL)
		return status;
	if (why == END_IDLE || why == END_FAIL)
		(void)tls_shutdown(hc->tls);
	else
		hello_linger(hc);
	tls_close(hc->tls);
	return status;
}

/*
 * The child's side of one connection.  TCP is a stream: messages are
 * found in whatever the reads return, so a line split over many segments
 * and many lines in one segment are the same to it.  Returns the exit
 * status.
 */
static int
hello_serve(struct server_conn *c, void *arg)
{
	static struct hello_framer f;
	static struct hello_out o;
	const struct hello *h = arg;
	struct hconn hc;
	long long last_read;
	size_t room;
	ssize_t r;
	char *p;
	int why;

	if ((why = hello_open(h, c, &hc, sizeof(greeting) - 1)) != SK_CONTINUE)
		return why;
	hello_init(&f, h->gap_ms);
	o.hc = &hc;
	o.idle_ms = h->idle_ms;
	o.len = 0;
	last_read = mono_ms();
	for (;;) {
		if ((why = hello_drain(&f, &o, mono_ms())) != END_NONE)
			break;
		if ((why = hello_wait(h, &hc, &f, last_read)) != END_NONE)
			break;
		p = hello_space(&f, &room);
		if ((r = hc_read(&hc, p, room)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			why = END_FAIL;
			break;
		}
		last_read = mono_ms();
		hello_fed(&f, (size_t)r, last_read);
	}
	if (why != -1)
		return hello_close(&hc, why, hello_ended(h, c, why));
	(void)hc_write(&hc, too_long, sizeof(too_long) - 1, h->idle_ms);
	hello_linger(&hc);
	if (h->verbose)
		msg_warnx("connection from %s: line too long, closing",
		    c->label);
	return hello_close(&hc, END_FAIL, EXIT_FAIL);
}

/*
 * --raw: the tutorial's server byte for byte.  The greeting has no
 * newline, and each read of up to 1024 bytes (its recv(1024)) is one
 * message, answered with nothing added; a read of exactly "exit" ends
 * the session.  Returns the exit status.
 */
static int
hello_serve_raw(struct server_conn *c, void *arg)
{
	const struct hello *h = arg;
	char in[HELLO_RAWREAD], out[HELLO_RAWREAD + 16];
	struct hconn hc;
	size_t n;
	ssize_t r;
	int rc;

	if ((rc = hello_open(h, c, &hc, sizeof(greeting) - 2)) != SK_CONTINUE)
		return rc;
	for (;;) {
		if ((rc = hc_poll(&hc, h->idle_ms)) == -1) {
			if (errno == EINTR)
				continue;
			return hello_close(&hc, END_FAIL,
			    hello_ended(h, c, END_FAIL));
		}
		if (rc == 0)
			return hello_close(&hc, END_IDLE,
			    hello_ended(h, c, END_IDLE));
		if ((r = hc_read(&hc, in, sizeof(in))) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return hello_close(&hc, END_FAIL,
			    hello_ended(h, c, END_FAIL));
		}
		if (r == 0 || hello_is_exit(in, (size_t)r))
			return hello_close(&hc, END_EXIT, EXIT_OK);
		n = hello_reply(out, sizeof(out), in, (size_t)r, 0);
		if (hc_write(&hc, out, n, h->idle_ms) == -1)
			return hello_close(&hc, END_FAIL,
			    hello_ended(h, c, END_FAIL));
	}
}

/* In the server: what it has to say, in the servers' words. */
static void
hello_event(const struct server_event *ev, void *arg)
{
	(void)arg;
	server_say(ev, "fork");
}

int
cmd_serve_hello(int argc, char *argv[])
{
	struct opt_state st;
	struct net_opts no;
	struct server_opts so;
	struct endpoint ep;
	struct hello h;
	struct tls_server_opts tso;
	struct cli cl;
	struct cli_secs secs[] = {
		{ SH_IDLE, "idle timeout", 0, &h.idle_ms },
		{ SH_GAP, "gap", 1, &h.gap_ms },
		{ 0, NULL, 0, NULL }
	};
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int c, lfd, rc;

	net_opts_init(&no);
	memset(&so, 0, sizeof(so));
	so.max_children = SERVER_MAX_CHILDREN;
	memset(&h, 0, sizeof(h));
	memset(&tso, 0, sizeof(tso));
	h.idle_ms = HELLO_IDLE_MS;
	h.gap_ms = HELLO_GAP_MS;
	cli_init(&cl, &spec, &st, argc, argv);
	cl.no = &no;
	cl.so = &so;
	cl.secs = secs;
	cl.tls_srv = &tso;
	while ((c = cli_next(&cl, &st)) != -1)
		if (c == CLI_EXIT)
			return cl.status;
	h.raw = opt_seen(&st, SH_RAW);
	h.verbose = so.verbose = cl.verbose;
	if (cli_endpoint(st.argc, st.argv, EP_LISTEN, "tcp", &ep,
	    err) == -1)
		return msg_usage(usage, "%s", err);
	/* once, here: each child only starts a session from it */
	if (opt_seen(&st, CLI_O_SRV_TLS) &&
	    (h.tls = cli_tls_server_ctx(&tso, h.verbose)) == NULL)
		return EXIT_FAIL;
	if ((lfd = net_listen(ep.host, ep.port, &no, SOMAXCONN, err)) == -1) {
		msg_warnx("%s", err);
		tls_server_ctx_free(h.tls);
		return EXIT_FAIL;
	}
	/* the line scripts and tests wait for */
	if (so.verbose && net_local_label(lfd, label, sizeof(label)) == 0)
		msg_warnx("listening on %s", label);
	so.serve = h.raw ? hello_serve_raw : hello_serve;
	so.nonblock = 1;	/* two fcntl calls a child fewer */
	so.event = hello_event;
	so.arg = &h;
	rc = server_run(lfd, &so, err);
	close(lfd);
	tls_server_ctx_free(h.tls);
	if (rc == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
