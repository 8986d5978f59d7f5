/*
 * cmd_connect.c: sockt connect, the client side of netcat.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "cli.h"
#include "cmd.h"
#include "msg.h"
#include "net.h"
#include "opt.h"
#include "relay.h"
#include "sockt.h"

static const char usage[] =
    "usage: sockt connect [-46CdnQvxz] [-i secs] [-p port] [-q secs] "
    "[-s addr] [-w secs]\n"
    "                     host port\n"
    "       sockt connect -U [-CdQvxz] [-i secs] [-q secs] path\n";
static const char help[] =
    "  -4, -6     IPv4 or IPv6 addresses only\n"
    "  -C         send LF from stdin as CR LF\n"
    "  -d         do not read stdin; end when the peer closes\n"
    "  -i secs    exit 1 when no data moves for secs\n"
    "  -n         no name lookups: host must be an address\n"
    "  -p port    connect from this source port\n"
    "  -Q         quit when the peer closes, whatever stdin holds\n"
    "  -q secs    after stdin ends, wait at most secs for the peer\n"
    "  -s addr    connect from this source address\n"
    "  -U         path is a UNIX-domain stream socket\n"
    "  -v         say where we connected\n"
    "  -w secs    connect timeout (default 10)\n"
    "  -x         hex dump of the data both ways on stderr\n"
    "  -z         only check that a connection can be made\n";

static const struct opt_excl excl[] = {
	{ "U", "46nps", "-U does not go with -4, -6, -n, -p or -s" },
	{ NULL, NULL, NULL }
};

/* -U and -z are flags: opt_seen reads them */
static const struct cli_spec spec = {
	usage, help, CLI_FAMILY | CLI_NUMERIC | CLI_SOURCE | CLI_WAIT |
	    CLI_VERBOSE | CLI_RELAY, "Uzp:", NULL, excl
};

int
cmd_connect(int argc, char *argv[])
{
	struct opt_state st;
	struct net_opts no;
	struct relay_opts ro;
	struct endpoint ep;
	struct cli cl;
	char err[SK_ERRLEN], peer[SK_HOSTLEN + SK_PORTLEN + 8];
	int c, s;

	net_opts_init(&no);
	no.timeout_ms = NET_CONNECT_TIMEOUT_MS;
	relay_opts_init(&ro);
	cli_init(&cl, &spec, &st, argc, argv);
	cl.no = &no;
	cl.ro = &ro;
	cl.wait_ms = &no.timeout_ms;
	while ((c = cli_next(&cl, &st)) != -1) {
		if (c == CLI_EXIT)
			return cl.status;
		if (c == 'p') {
			if (port_parse(st.arg, 0, err) == -1)
				return msg_usage(usage, "source %s", err);
			no.src_port = st.arg;
		}
	}

	if (opt_seen(&st, 'U')) {
		if (st.argc != 1)
			return msg_usage(usage, st.argc == 0 ? "missing socket "
			    "path" : "too many operands: %s", st.argv[1]);
		s = net_dial_unix(st.argv[0], SOCK_STREAM, err);
		snprintf(peer, sizeof(peer), "%s", st.argv[0]);
	} else {
		if (endpoint_parse(st.argc, st.argv, 0, &ep, err) == -1)
			return msg_usage(usage, "%s", err);
		s = net_dial(ep.host, ep.port, &no, err);
		if (s == -1 || net_peer_label(s, peer, sizeof(peer)) == -1)
			snprintf(peer, sizeof(peer), "%s port %s", ep.host,
			    ep.port);
	}
	if (s == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (cl.verbose)
		msg_warnx("connected to %s", peer);
	if (opt_seen(&st, 'z')) {
		close(s);
		return EXIT_OK;
	}
	ro.peer = peer;
	if (relay_run(s, &ro, err) == -1) {
		if (err[0] != '\0')
			msg_warnx("%s", err);
		close(s);
		return EXIT_FAIL;
	}
	close(s);
	return EXIT_OK;
}
