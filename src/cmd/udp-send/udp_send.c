/*
 * cmd/udp-send/udp_send.c: sockt udp-send.
 *
 * It uses a connected UDP socket, so the kernel filters replies to the
 * one peer and reports an ICMP port-unreachable as ECONNREFUSED.  Each
 * operand, or each line of stdin, is one datagram; the replies that come
 * within -w go to stdout.  udp-serve, the other end, is udp_serve.c:
 * the two commands share only the option helpers of cli/.
 *
 * To a multicast group or a broadcast address the options that must
 * come before the connect (SO_BROADCAST, the multicast interface) are
 * set by net/mcast_io.c's hook, which net_dial calls on the socket first.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "net/mcast_io.h"
#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_udp.h"
#include "net/udpsend.h"
#include "parse/addr.h"
#include "parse/mcast.h"
#include "parse/opt.h"
#include "parse/socks.h"
#include "util/base.h"

#define UDP_WAIT_MS	1000	/* the default for udp-send -w */

static const char send_usage[] =
    "usage: sockt udp-send [-46bNv] [-w secs] [--ttl n] [--multicast-if if]\n"
    "                      [--multicast-loop on|off] [--proxy url]\n"
    "                      [--proxy-user user:pw] host port [message ...]\n";
struct usend {
	struct conn c;		/* the socket, through the proxy's layer */
	const char *proxy_url;	/* --proxy */
	const char *proxy_user;	/* --proxy-user */
	int	 ctl;		/* its control connection, or -1 */
	int	 wait_ms;	/* -1: do not wait (--no-wait) */
	int	 verbose;
	int	 broadcast;	/* -b */
	size_t	 max;		/* largest datagram for the family */
	char	 peer[SK_HOSTLEN + SK_PORTLEN + 8];	/* its label */
	char	*buf;		/* UDPSEND_BUFSZ, for replies */
	struct mcast_send ms;	/* --ttl, --multicast-*, -b */
};

enum {
	US_BROADCAST = CLI_O_OWN,	/* -b, --broadcast */
	US_MCAST_IF,		/* --multicast-if if */
	US_MCAST_LOOP,		/* --multicast-loop on|off */
	US_NO_WAIT,		/* -N, --no-wait */
	US_NUMERIC_OLD		/* -n, the deprecated spelling of -N */
};

/*
 * -N and the deprecated -n are flags: opt_seen reads them; -w and --ttl
 * are bound to their members of struct usend
 */
static const struct opt_def send_opts[] = {
	CLI_FAMILY_DOC,
	OPT_FLAG_(US_NUMERIC_OLD, 'n', NULL, NULL),
	OPT_FLAG_(US_NO_WAIT, 'N', "no-wait",
	    "  -N, --no-wait  send without waiting for replies (-n, the old\n"
	    "             spelling, still works but is deprecated)\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         report each datagram sent and each wait without a "
	    "reply\n"),
	OPT_SECS0('w', NULL, "timeout", struct usend, wait_ms,
	    "  -w secs    wait at most secs for each reply (default 1)\n"),
	OPT_STRWORDS(0, "proxy", "url", CLI_PROXY_WORDS, struct usend,
	    proxy_url,
	    "  --proxy url  through a SOCKS5 proxy's UDP ASSOCIATE: "
	    "socks5://, socks5h://\n"),
	CLI_PROXY_USER_AT(struct usend, proxy_user),
	OPT_TEXT("multicast and broadcast:\n"),
	OPT_FLAG_(US_BROADCAST, 'b', "broadcast",
	    "  -b, --broadcast  allow a broadcast address (SO_BROADCAST)\n"),
	OPT_NUMBER(0, "ttl", "n", OPT_T_INT | OPT_T_RANGE, "--ttl", 0, 255,
	    struct usend, ms.ttl,
	    "  --ttl n    the datagrams' TTL or hop limit, 0-255 (a multicast "
	    "group's\n"
	    "             default: 1; 0 stays on this host)\n"),
	OPT_ARG_(US_MCAST_IF, 0, "multicast-if", "if", COMP_NONE,
	    "  --multicast-if if  send to a group through interface if: "
	    "its IPv4 address,\n"
	    "             its name or its index\n"),
	OPT_WORDS_(US_MCAST_LOOP, 0, "multicast-loop", "on|off", "on off",
	    "  --multicast-loop on|off  whether this host's own members of "
	    "the group get\n"
	    "             the datagrams too (default on)\n"),
	OPT_END
};
static const struct opt_rule send_rules[] = {
	{ OPT_NEEDS, { OPT_AT(struct usend, proxy_user) },
	    { OPT_AT(struct usend, proxy_url) }, NULL },
	OPT_RULES_END
};
const struct cli_spec udp_send_spec = {
	send_usage, send_opts, CLI_FAMILY | CLI_VERBOSE, send_rules, NULL
};

/*
 * The hint for EACCES without -b: it is what Linux and the BSDs say
 * to a datagram for a broadcast address.
 */
#define USEND_NEED_B	"(use -b to send to a broadcast address)"

/* Say why the socket failed, naming the peer; returns EXIT_FAIL. */
static int
usend_fail(const struct usend *u, const char *what)
{
	if (what == NULL && errno == EACCES && !u->broadcast)
		msg_warnx("%s: %s " USEND_NEED_B, u->peer, strerror(errno));
	else if (what != NULL)
		msg_warn("%s: %s", u->peer, what);
	else
		msg_warn("%s", u->peer);
	return EXIT_FAIL;
}

/* Print one reply on stdout, ending it with a newline if it has none. */
static int
usend_print(const char *buf, size_t n, void *arg)
{
	(void)arg;
	if (n > 0 && fwrite(buf, 1, n, stdout) != n)
		return -1;
	if ((n == 0 || buf[n - 1] != '\n') && putchar('\n') == EOF)
		return -1;
	return fflush(stdout) == EOF ? -1 : 0;
}

/*
 * Send one datagram, then wait up to wait_ms for the first reply and
 * print it with any others already queued (net/udpsend.c).  Returns
 * CMD_GO_ON, else EXIT_FAIL after a message (none when stdout failed:
 * run_command reports that).
 */
static int
usend_one(struct usend *u, const char *msg, size_t len)
{
	int step;

	if (len > u->max) {
		msg_warnx("%s: datagram of %zu bytes is too large (UDP allows "
		    "%zu)", u->peer, len, u->max);
		return EXIT_FAIL;
	}
	if (udpsend_send(&u->c, msg, len) == -1)
		return usend_fail(u, errno == EMSGSIZE ? "datagram too large" :
		    NULL);
	if (u->verbose)
		msg_warnx("sent %zu bytes to %s", len, u->peer);
	if (u->wait_ms < 0)
		return CMD_GO_ON;
	switch (udpsend_replies(&u->c, u->ctl, u->wait_ms, u->buf, usend_print,
	    NULL, &step)) {
	case -1:
		if (step == UDPSEND_STOP)
			return EXIT_FAIL;
		/* the proxy's control connection ended: its layer's words */
		if (errno == EPROTO) {
			msg_warnx("%s: %s", u->peer, conn_error(&u->c));
			return EXIT_FAIL;
		}
		return usend_fail(u, step == UDPSEND_POLL ? "poll" : NULL);
	case 0:
		if (u->verbose)
			msg_warnx("no reply from %s within %d.%03d s", u->peer,
			    u->wait_ms / 1000, u->wait_ms % 1000);
		break;
	}
	return CMD_GO_ON;
}

/*
 * One of the multicast and broadcast options into ms (--multicast-if's
 * interface into ifc).  Returns CMD_GO_ON, else EXIT_USAGE after the
 * message.
 */
static int
usend_mcast_opt(int c, const char *arg, struct mcast_send *ms,
    struct mcast_if *ifc)
{
	char err[SK_ERRLEN];

	switch (c) {
	case US_BROADCAST:
		ms->broadcast = 1;
		break;
	case US_MCAST_IF:
		if (mcast_if_parse(arg, strlen(arg), ifc, err) == -1)
			return cmd_usage(send_usage, "--multicast-if: %s", err);
		ms->ifc = ifc;
		break;
	case US_MCAST_LOOP:
		if (strcmp(arg, "on") != 0 && strcmp(arg, "off") != 0)
			return cmd_usage(send_usage, "--multicast-loop %s: on or "
			    "off", arg);
		ms->loop = strcmp(arg, "on") == 0;
		break;
	}
	return CMD_GO_ON;
}

/*
 * An interface's IPv4 address says nothing to IPv6: --multicast-if with
 * -6 or an IPv6 literal is a mistake.  Returns CMD_GO_ON, else
 * EXIT_USAGE after the message.
 */
static int
usend_if_family(const struct mcast_send *ms, int family, const char *host)
{
	const unsigned char *a;

	if (ms->ifc == NULL || ms->ifc->kind != MCAST_IF_ADDR ||
	    (family != AF_INET6 && strchr(host, ':') == NULL))
		return CMD_GO_ON;
	a = ms->ifc->addr;
	return cmd_usage(send_usage, "--multicast-if %u.%u.%u.%u: an IPv4 "
	    "address, for an IPv6 destination; give the interface's name or "
	    "index", a[0], a[1], a[2], a[3]);
}

/*
 * The socket to the peer, or through the proxy's UDP association (its
 * layer on u->c, the control connection in u->ctl); the peer's label and
 * the largest datagram.  The descriptor, or -1, said.
 */
static int
usend_dial(struct usend *u, const struct endpoint *ep, struct net_opts *no,
    struct proxy *px, struct proxy_udp *pu)
{
	char err[SK_ERRLEN];
	int fd;

	u->ctl = -1;
	if (u->proxy_url != NULL)
		fd = proxy_udp_open(pu, px, ep->host, ep->port, no, err) ==
		    -1 ? -1 : pu->fd;
	else
		fd = net_dial(ep->host, ep->port, no, err);
	if (fd == -1) {
		/* a broadcast address without -b: the connect says EACCES */
		if (errno == EACCES && !u->ms.broadcast)
			msg_warnx("%s " USEND_NEED_B, err);
		else
			msg_warnx("%s", err);
		return -1;
	}
	conn_init(&u->c, fd);
	if (u->proxy_url != NULL) {
		/* the far end by its name; the header costs its bytes */
		(void)conn_push(&u->c, &proxy_udp_layer, pu);
		u->ctl = pu->ctl.fd;
		snprintf(u->peer, sizeof(u->peer), "%s port %s", ep->host,
		    ep->port);
		u->max = udpsend_max(NULL) - pu->hlen;
	} else if (net_peer_label(fd, u->peer, sizeof(u->peer)) == 0)
		u->max = udpsend_max(u->peer);
	else {
		snprintf(u->peer, sizeof(u->peer), "%s port %s", ep->host,
		    ep->port);
		u->max = udpsend_max(NULL);
	}
	return fd;
}

int
cmd_udp_send(int argc, char *argv[])
{
	struct opt_state st;
	struct cli cl;
	struct net_opts no;
	struct endpoint ep;
	struct usend u;
	struct mcast_if ifc;
	struct proxy px;
	struct proxy_udp pu;
	char err[SK_ERRLEN], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int c, fd, i, nep, rc = CMD_GO_ON;

	net_opts_init(&no);
	no.socktype = SOCK_DGRAM;
	no.timeout_ms = NET_CONNECT_TIMEOUT_MS;
	memset(&u, 0, sizeof(u));
	u.wait_ms = UDP_WAIT_MS;
	u.ms.ttl = u.ms.loop = -1;	/* the system's */
	cli_init(&cl, &udp_send_spec, &st, argc, argv);
	cl.no = &no;
	cl.dest = &u;
	while ((c = cli_next(&cl, &st)) != CLI_END) {
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : EXIT_USAGE;
		if ((rc = usend_mcast_opt(c, st.arg, &u.ms, &ifc)) != CMD_GO_ON)
			return rc;
	}
	if (opt_seen(&st, US_NUMERIC_OLD)) {
		/* -n means numeric in every other command; a later version
		 * gives it that meaning here too */
		msg_warnx("-n is deprecated; use --no-wait");
		u.wait_ms = -1;
	}
	if (opt_seen(&st, US_NO_WAIT))
		u.wait_ms = -1;
	u.verbose = cl.verbose;
	nep = endpoint_operands(st.argc, st.argv);
	if (st.argc < nep)
		return cmd_usage(send_usage, st.argc == 0 ? "missing host and "
		    "port" : "missing port");
	if (cli_endpoint(nep, st.argv, 0, "udp", &ep, err) == -1)
		return cmd_usage(send_usage, "%s", err);
	if ((rc = usend_if_family(&u.ms, no.family, ep.host)) != CMD_GO_ON)
		return rc;
	u.broadcast = u.ms.broadcast;
	no.prep = mcast_prep;
	no.prep_arg = &u.ms;
	if (u.proxy_url != NULL && (proxy_parse_clear(u.proxy_url, &px,
	    err) == -1 || (u.proxy_user != NULL && proxy_user_set(&px,
	    u.proxy_user, err) == -1)))
		return cmd_usage(send_usage, "%s", err);

	if ((fd = usend_dial(&u, &ep, &no, &px, &pu)) == -1)
		return EXIT_FAIL;
	if ((u.buf = malloc(UDPSEND_BUFSZ)) == NULL) {
		msg_warn("malloc");
		rc = EXIT_FAIL;
	}

	if (rc != CMD_GO_ON)
		;
	else if (st.argc > nep) {
		for (i = nep; i < st.argc && rc == CMD_GO_ON; i++)
			rc = usend_one(&u, st.argv[i], strlen(st.argv[i]));
	} else {
		/* each line of stdin, without its newline, is a datagram */
		if (isatty(STDIN_FILENO))
			msg_warnx("no message: each line typed goes to %s as "
			    "a datagram (Ctrl-D ends)", u.peer);
		while (rc == CMD_GO_ON &&
		    (n = getline(&line, &cap, stdin)) != -1) {
			if (n > 0 && line[n - 1] == '\n')
				n--;
			rc = usend_one(&u, line, (size_t)n);
		}
		if (rc == CMD_GO_ON && ferror(stdin)) {
			msg_warn("stdin");
			rc = EXIT_FAIL;
		}
		free(line);
	}
	free(u.buf);
	conn_free(&u.c);
	if (u.proxy_url != NULL)
		proxy_udp_close(&pu);
	else
		close(fd);
	return rc == CMD_GO_ON ? EXIT_OK : rc;
}
