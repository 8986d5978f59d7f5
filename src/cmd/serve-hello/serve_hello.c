/*
 * cmd/serve-hello/serve_hello.c: sockt serve-hello, the greeting server of the Python
 * sockets tutorial.  Each client gets "Welcome!", then "Hello, NAME!" for
 * every message it sends, until it sends "exit", closes, or stays idle
 * too long.  A message is a line, or bytes without a newline followed by
 * a quiet gap (hello.c frames them), and the reply ends with a newline
 * only if the message did: so nc users and the tutorial's own client,
 * which sends names without newlines, are both served.  --raw is the
 * tutorial's server byte for byte.  Fork per connection through the
 * shared server module.  With --tls each child runs its handshake first,
 * within -i: serve/'s (lserve_tls), as listen's children do, its events
 * in the TLS servers' words (cli/server_tls.c).  The session itself is net/hello_sess.c's; here are the
 * options, and what each end means in words.
 */
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/server_say.h"
#include "cli/server_tls.h"
#include "cli/server_user.h"
#include "cmd/cmd.h"
#include "net/conn.h"
#include "net/hello_sess.h"
#include "net/net.h"
#include "net/server.h"
#include "parse/addr.h"
#include "parse/opt.h"
#include "serve/serve.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/user.h"

#define HELLO_IDLE_MS	60000		/* the default for -i */
#define HELLO_GAP_MS	150		/* the default for --gap */

static const char usage[] =
    "usage: sockt serve-hello [-46v] [-i secs] [-m max] [--gap secs | --raw]\n"
    "                         [--max-per-peer n] [--user name]\n"
    "                         [--tls [--cert file [--key file]] "
    "[--tls-min 1.2|1.3]\n"
    "                         [--tls-verify-client --cacert file]] "
    "[addr] port\n";
struct hello {
	int	idle_ms;
	int	gap_ms;
	int	raw;
	int	verbose;
	/* --tls: serve/'s handshake (its context, or NULL, within -i),
	 * what it met said by cli_tls_event */
	struct lserve ls;
};

/* each option bound in its row to a member of struct hello */
static const struct opt_def opts[] = {
	CLI_FAMILY_DOC,
	OPT_SECS('i', NULL, "idle timeout", struct hello, idle_ms,
	    "  -i secs    close a connection idle, or in one message, this "
	    "long (default 60)\n"),
	OPT_DOC(CLI_O_MAX,
	    "  -m max     at most max children at once (default 100)\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         say the port listened on and log each connection\n"),
	OPT_SECS0(0, "gap", "gap", struct hello, gap_ms,
	    "  --gap secs a quiet gap this long ends a message without a "
	    "newline\n"
	    "             (default 0.15; 0: only lines)\n"),
	CLI_PER_PEER_DOC,
	OPT_BOOL(0, "raw", struct hello, raw,
	    "  --raw      the tutorial's server byte for byte\n"),
	CLI_TLS_SERVER_DOC,
	CLI_USER_DOC,
	OPT_END
};

static const struct opt_rule rules[] = {
	{ OPT_EXCLUDES, { OPT_AT(struct hello, gap_ms) },
	    { OPT_AT(struct hello, raw) }, NULL },
	OPT_RULES_END
};

const struct cli_spec serve_hello_spec = {
	usage, opts, CLI_FAMILY | CLI_VERBOSE | CLI_LIMITS | CLI_TLS_SERVER |
	    CLI_USER, rules, NULL
};

/* Say with -v why a connection ends early; returns its exit status. */
static int
hello_ended(const struct hello *h, const struct server_conn *c, int why)
{
	if (!h->verbose)
		return why == HELLO_END_FAIL ? EXIT_FAIL : EXIT_OK;
	switch (why) {
	case HELLO_END_IDLE:
		msg_warnx("connection from %s: idle for %d.%03d s, closing",
		    c->label, h->idle_ms / 1000, h->idle_ms % 1000);
		break;
	case HELLO_END_SLOW:
		msg_warnx("connection from %s: no complete message within "
		    "%d.%03d s, closing", c->label, h->idle_ms / 1000,
		    h->idle_ms % 1000);
		break;
	case HELLO_END_FAIL:
		msg_warn("connection from %s", c->label);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * The child's side of one connection: with --tls the handshake (within
 * -i), then the session (net/hello_sess.c), its end said with -v.
 * Returns the exit status.
 */
static int
hello_serve(struct server_conn *c, void *arg)
{
	const struct hello *h = arg;
	struct hello_conn hc;
	struct conn ep;
	int why, status;

	conn_init(&ep, c->fd);
	if (h->ls.tls != NULL && lserve_tls(&h->ls, &ep, c->label, NULL,
	    0) == -1)
		return EXIT_FAIL;
	/* the socket came non-blocking from accept4 (so.nonblock) */
	if (hello_greet(&hc, &ep, h->raw, h->idle_ms) == -1)
		return hello_ended(h, c, HELLO_END_FAIL);
	why = h->raw ? hello_session_raw(&hc, h->idle_ms) :
	    hello_session(&hc, h->idle_ms, h->gap_ms);
	if (why == HELLO_END_LONG) {
		if (h->verbose)
			msg_warnx("connection from %s: line too long, closing",
			    c->label);
		status = EXIT_FAIL;
	} else
		status = hello_ended(h, c, why);
	hello_close(&hc, why);
	return status;
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
	struct user_id user;
	struct cli cl;
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int c, lfd, rc;

	net_opts_init(&no);
	memset(&so, 0, sizeof(so));
	so.max_children = SERVER_MAX_CHILDREN;
	so.max_per_peer = SERVER_SHARE;
	memset(&h, 0, sizeof(h));
	memset(&tso, 0, sizeof(tso));
	memset(&user, 0, sizeof(user));
	h.idle_ms = HELLO_IDLE_MS;
	h.gap_ms = HELLO_GAP_MS;
	cli_init(&cl, &serve_hello_spec, &st, argc, argv);
	cl.no = &no;
	cl.so = &so;
	cl.tls_srv = &tso;
	cl.user = &user;
	cl.dest = &h;
	while ((c = cli_next(&cl, &st)) != CLI_END)
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : EXIT_USAGE;
	h.verbose = so.verbose = h.ls.verbose = cl.verbose;
	h.ls.tls_ms = h.idle_ms;
	h.ls.event = cli_tls_event;
	if (cli_endpoint(st.argc, st.argv, EP_LISTEN, "tcp", &ep,
	    err) == -1)
		return cmd_usage(usage, "%s", err);
	/* once, here: each child only starts a session from it */
	if (opt_seen(&st, CLI_O_SRV_TLS) &&
	    (h.ls.tls = cli_tls_server_ctx(&tso, h.verbose)) == NULL)
		return EXIT_FAIL;
	if ((lfd = net_listen(ep.host, ep.port, &no, NET_BACKLOG, err)) == -1)
		msg_warnx("%s", err);
	else if (cli_user_drop(&user, so.verbose, NULL, NULL, NULL) == -1) {
		close(lfd);
		lfd = -1;
	}
	if (lfd == -1) {
		tls_server_ctx_free(h.ls.tls);
		return EXIT_FAIL;
	}
	/* the line scripts and tests wait for */
	if (so.verbose && net_local_label(lfd, label, sizeof(label)) == 0)
		msg_warnx("listening on %s", label);
	so.serve = hello_serve;
	so.nonblock = 1;	/* two fcntl calls a child fewer */
	so.event = hello_event;
	so.arg = &h;
	rc = server_run(lfd, &so, err);
	close(lfd);
	tls_server_ctx_free(h.ls.tls);
	if (rc == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
