/*
 * cmd/udp-serve/udp_serve.c: sockt udp-serve.
 *
 * It never connects: it answers every peer at its address (netcat's
 * habit of locking onto the first peer is the bug it avoids).
 * Its modes, --hello, --echo and --print, are net/udpserve.c's engine
 * (datagrams in batches); this file reads the options, and
 * cmd/udp-serve/udp_say.c says what came with -v.  udp-send, the other end, is udp_send.c.
 *
 * With --to host:port it is a forwarder (socat's UDP-LISTEN,fork
 * UDP:host:port in one process): the engine is net/udpfwd.c, this file
 * reads its options and resolves the target once; cmd/udp-serve/udp_say.c says
 * its events.
 * -i and -m mean what they mean for listen, of sessions instead of
 * connections: udp-serve had no -i or -m of its own to clash with.
 * --join (cli/join.c) joins multicast groups on the listening socket
 * once it is bound, in every mode.
 *
 * With --tls every mode and --to speak DTLS to the peers, a session
 * each: the engine is net/udpdtls.c, -i and -m its sessions' too.
 */
#include <sys/types.h>
#include <sys/socket.h>

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
#include "cmd/udp-serve/udp_say.h"
#include "cli/server_tls.h"
#include "cli/server_user.h"
#include "cmd/cmd.h"
#include "net/net.h"
#include "net/server.h"
#include "net/udpdtls.h"
#include "net/udpfwd.h"
#include "net/udpguard.h"
#include "net/udpserve.h"
#include "parse/addr.h"
#include "parse/opt.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/user.h"

static const char serve_usage[] =
    "usage: sockt udp-serve [-46v] [--hello | --echo | --print] "
    "[-c count]\n"
    "                       [--reply-rate n] [--allow spec] [--deny spec]\n"
    "                       [--join group] [--user name] [addr] port\n"
    "       sockt udp-serve [-46v] [-i secs] [-m max] [--max-per-peer n]\n"
    "                       [--allow spec] [--deny spec] [--join group]\n"
    "                       [--user name] [addr] port --to host:port\n"
    "       sockt udp-serve --tls [-46v] [--hello | --echo | --print] "
    "[-i secs] [-m max]\n"
    "                       [--allow spec] [--deny spec] [--cert file] "
    "[--key file]\n"
    "                       [--tls-verify-client --cacert file] "
    "[--mtu bytes] [--tls-min 1.2|1.3]\n"
    "                       [--user name] [addr] port [--to host:port]\n";
/* udp-serve's command line, parsed. */
struct userve_args {
	struct net_opts	 no;
	struct endpoint	 ep;
	enum udpserve_mode mode;
	int		 verbose;
	long long	 count;		/* datagrams to take; -1: no limit */
	int		 rate;		/* --reply-rate */
	struct server_opts so;		/* --allow, --deny; -m, --max-per-peer */
	struct endpoint	 to;		/* --to's */
	int		 forward;	/* --to given */
	int		 idle_ms;	/* -i */
	struct cli_joins joins;		/* --join */
	int		 tls;		/* --tls: DTLS */
	struct tls_server_opts tso;	/* its options */
	struct user_id	 user;		/* --user */
};

enum {
	UV_ECHO = CLI_O_OWN,	/* --echo */
	UV_HELLO,		/* --hello */
	UV_PRINT,		/* --print */
	UV_TO			/* --to host:port */
};

/*
 * the modes are flags: opt_seen reads them; -c -i --mtu --reply-rate are
 * bound to their members, UV(f) in the rules
 */
#define UV(f)	OPT_AT(struct userve_args, f)
static const struct opt_def serve_opts[] = {
	CLI_FAMILY_DOC,
	OPT_INT('c', NULL, "count", "count", 1, LLONG_MAX,
	    struct userve_args, count,
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
	OPT_INT(0, "reply-rate", "n", "reply rate", 0, 1000000,
	    struct userve_args, rate,
	    "  --reply-rate n  at most n replies a second to one address, "
	    "loopback\n             exempt (default 100; 0: no limit)\n"),
	CLI_ACL_DOC,
	CLI_JOIN_DOC,
	CLI_USER_DOC,
	OPT_TEXT("forwarder (--to):\n"),
	OPT_ARG_(UV_TO, 0, "to", "host:port", COMP_HOST,
	    "  --to host:port  forward each client's datagrams to host:port "
	    "([v6addr]:port)\n"
	    "             from a socket of its own, the replies back from "
	    "port\n"),
	OPT_SECS('i', NULL, "idle timeout", struct userve_args, idle_ms,
	    "  -i secs    end a client's session after secs without a "
	    "datagram (default 60)\n"),
	CLI_MAX_ROW("sessions",
	    "  -m max     at most max sessions; a new client ends the "
	    "idlest (default 1024)\n"),
	OPT_DOC(CLI_O_PER_PEER,
	    "  --max-per-peer n  at most n sessions from one address\n"),
	OPT_TEXT("DTLS (--tls: a session a peer after a stateless cookie "
	    "exchange; each\nmode and --to on its records; -i and -m of "
	    "its sessions):\n"),
	CLI_TLS_SERVER_DOC,
	CLI_MTU_AT(struct userve_args, tso.mtu,
	    "  --mtu bytes  the path MTU (default: the kernel's)\n"),
	OPT_END
};

/* What udp-serve's options need and exclude, a row a rule. */
static const struct opt_rule rules[] = {
	/* repeating one mode is no conflict; two different ones are */
	{ OPT_EXCLUDES, { UV_HELLO, UV_ECHO, UV_PRINT }, { 0 }, NULL },
	{ OPT_EXCLUDES, { UV_TO }, { UV_HELLO, UV_ECHO, UV_PRINT, UV(count),
	    UV(rate) }, NULL },
	{ OPT_EXCLUDES, { UV(rate) }, { UV_PRINT, CLI_O_SRV_TLS }, NULL },
	{ OPT_EXCLUDES, { CLI_O_SRV_TLS }, { UV(count), CLI_O_PER_PEER,
	    CLI_O_JOIN }, NULL },
	{ OPT_NEEDS, { UV(tso.mtu) }, { CLI_O_SRV_TLS }, NULL },
	/* the forwarder's options, and DTLS's */
	{ OPT_NEEDS, { UV(idle_ms), CLI_O_MAX, CLI_O_PER_PEER }, { UV_TO,
	    CLI_O_SRV_TLS }, "%s: only with --to or --tls" },
	OPT_RULES_END
};

const struct cli_spec udp_serve_spec = {
	serve_usage, serve_opts, CLI_FAMILY | CLI_VERBOSE | CLI_ACL |
	    CLI_LIMITS | CLI_JOIN | CLI_TLS_SERVER | CLI_USER, rules, NULL
};


/*
 * Parse the command line into a.  Returns CMD_GO_ON, else the exit
 * status.
 */
static int
userve_parse(int argc, char *argv[], struct userve_args *a)
{
	struct opt_state st;
	struct cli cl;
	char err[SK_ERRLEN];
	int c;

	memset(a, 0, sizeof(*a));
	net_opts_init(&a->no);
	a->no.socktype = SOCK_DGRAM;
	a->count = -1;
	a->rate = UDPGUARD_RATE;
	a->idle_ms = UDPFWD_IDLE_MS;
	a->so.max_children = UDPFWD_MAX_SESSIONS;
	cli_init(&cl, &udp_serve_spec, &st, argc, argv);
	cl.no = &a->no;
	cl.so = &a->so;
	cl.joins = &a->joins;
	cl.tls_srv = &a->tso;
	cl.user = &a->user;
	cl.dest = a;
	while ((c = cli_next(&cl, &st)) != CLI_END) {
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : EXIT_USAGE;
		switch (c) {
		case UV_TO:
			if (cli_endpoint(1, &st.arg, 0, "udp", &a->to,
			    err) == -1)
				return cmd_usage(serve_usage, "--to %s: %s",
				    st.arg, err);
			a->forward = 1;
			break;
		}
	}
	a->tls = opt_seen(&st, CLI_O_SRV_TLS);
	a->tso.dtls = 1;
	/* the modes are flags, and exclude each other */
	a->mode = opt_seen(&st, UV_ECHO) ? UDPSERVE_ECHO :
	    opt_seen(&st, UV_PRINT) ? UDPSERVE_PRINT : UDPSERVE_HELLO;
	if (cli_endpoint(st.argc, st.argv, EP_LISTEN, "udp", &a->ep,
	    err) == -1)
		return cmd_usage(serve_usage, "%s", err);
	if (cli_join_check(&cl, a->no.family, a->ep.host) == -1)
		return EXIT_USAGE;
	a->verbose = cl.verbose;
	a->so.verbose = cl.verbose;
	return CMD_GO_ON;
}

/*
 * udp-serve --to: resolve the target once, listen, forward until a
 * signal.  Returns the exit status.
 */
static int
userve_forward(struct userve_args *a)
{
	struct udpfwd_opts fo;
	struct udp_say uf;
	struct addrinfo *res;
	const char *why;
	char err[SK_ERRLEN];
	int fd, rc;

	if (udpserve_target(a->to.host, a->to.port, &a->no, &res, uf.target,
	    sizeof(uf.target), err) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if ((fd = net_listen(a->ep.host, a->ep.port, &a->no, 0,
	    err)) == -1) {
		msg_warnx("%s", err);
		freeaddrinfo(res);
		return EXIT_FAIL;
	}
	if (cli_join_apply(fd, &a->joins, a->verbose) == -1 ||
	    cli_user_drop(&a->user, a->verbose, NULL, NULL, NULL) == -1) {
		close(fd);
		freeaddrinfo(res);
		return EXIT_FAIL;
	}
	if ((why = udpserve_loops(fd, res->ai_addr, a->joins.v,
	    a->joins.n)) != NULL) {
		msg_warnx("--to %s: %s", uf.target, why);
		close(fd);
		freeaddrinfo(res);
		return EXIT_FAIL;
	}
	uf.fd = fd;
	uf.verbose = a->verbose;
	a->so.max_children = udp_say_fit(a->so.max_children, 1, a->verbose);
	memset(&fo, 0, sizeof(fo));
	fo.idle_ms = a->idle_ms;
	fo.max_sessions = a->so.max_children;
	fo.targets = res;
	fo.acl = &a->so;
	fo.verbose = a->verbose;
	fo.event = udp_say_fwd;
	fo.arg = &uf;
	rc = udpfwd_run(fd, res->ai_addr, res->ai_addrlen, &fo, err);
	if (rc == -1)
		msg_warnx("%s", err);
	close(fd);
	freeaddrinfo(res);
	return rc == -1 ? EXIT_FAIL : EXIT_OK;
}

/*
 * udp-serve --tls: the context, the target resolved once (--to), the
 * sessions until a signal.  Returns the exit status.
 */
static int
userve_dtls(struct userve_args *a)
{
	struct udpdtls_opts o;
	struct udp_say uf;
	struct addrinfo *res = NULL;
	char err[SK_ERRLEN];
	int fd = -1, rc = EXIT_FAIL;

	memset(&o, 0, sizeof(o));
	uf.target[0] = '\0';
	if ((o.sc = cli_tls_server_ctx(&a->tso, a->verbose)) == NULL)
		return EXIT_FAIL;
	if (a->forward) {
		if (udpserve_target(a->to.host, a->to.port, &a->no, &res,
		    uf.target, sizeof(uf.target), err) == -1)
			goto fail;
		o.to = res->ai_addr;
		o.tolen = res->ai_addrlen;
	}
	if ((fd = net_listen(a->ep.host, a->ep.port, &a->no, 0, err)) == -1)
		goto fail;
	if (cli_user_drop(&a->user, a->verbose, NULL, NULL, NULL) == -1)
		goto out;
	uf.fd = fd;
	uf.verbose = a->verbose;
	a->so.max_children = udp_say_fit(a->so.max_children, a->forward ?
	    2 : 1, a->verbose);
	o.mode = a->mode;
	o.idle_ms = a->idle_ms;
	o.max_sessions = a->so.max_children;
	o.acl = &a->so;
	o.verbose = a->verbose;
	o.event = udp_say_dtls;
	o.arg = &uf;
	if (udpdtls_run(fd, &o, err) == 0)
		rc = EXIT_OK;
	else if (err[0] != '\0')
		msg_warnx("%s", err);
	goto out;
fail:
	msg_warnx("%s", err);
out:
	if (fd != -1)
		close(fd);
	if (res != NULL)
		freeaddrinfo(res);
	tls_server_ctx_free(o.sc);
	return rc;
}

int
cmd_udp_serve(int argc, char *argv[])
{
	struct userve_args a;
	struct udpserve_opts uo;
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int fd, rc, step;

	if ((rc = userve_parse(argc, argv, &a)) != CMD_GO_ON)
		return rc;
	if (a.tls)
		return userve_dtls(&a);
	if (a.forward)
		return userve_forward(&a);
	if ((fd = net_listen(a.ep.host, a.ep.port, &a.no, 0, err)) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (cli_join_apply(fd, &a.joins, a.verbose) == -1 ||
	    cli_user_drop(&a.user, a.verbose, NULL, NULL, NULL) == -1) {
		close(fd);
		return EXIT_FAIL;
	}
	if (a.verbose && net_local_label(fd, label, sizeof(label)) == 0)
		msg_warnx("listening on %s", label);
	memset(&uo, 0, sizeof(uo));
	uo.mode = a.mode;
	uo.verbose = a.verbose;
	uo.acl = &a.so;
	uo.count = a.count;
	uo.rate = a.rate;
	uo.event = udp_say_serve;
	rc = udpserve_run(fd, &uo, &step);
	close(fd);
	if (rc == 0)
		return EXIT_OK;
	if (step == UDPSERVE_RECEIVE)
		msg_warn("receive");
	else if (step == UDPSERVE_STDOUT) {
		if (errno != EPIPE)
			msg_warn("stdout");
	} else
		msg_warn("malloc");
	return EXIT_FAIL;
}
