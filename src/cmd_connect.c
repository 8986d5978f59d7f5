/*
 * cmd_connect.c: sockt connect, the client side of netcat.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "cmd.h"
#include "msg.h"
#include "net.h"
#include "num.h"
#include "opt.h"
#include "relay.h"
#include "sockt.h"

static const char usage[] =
    "usage: sockt connect [-46CdnQvxz] [-i secs] [-p port] [-q secs] "
    "[-s addr] [-w secs]\n"
    "                     host port\n"
    "       sockt connect -U [-CdQvxz] [-i secs] [-q secs] path\n";

int
cmd_connect(int argc, char *argv[])
{
	struct opt_state st;
	struct net_opts no;
	struct relay_opts ro;
	struct endpoint ep;
	char err[SK_ERRLEN], peer[SK_HOSTLEN + SK_PORTLEN + 8];
	int c, s, unix_path = 0, verbose = 0, zero = 0;

	net_opts_init(&no);
	no.timeout_ms = NET_CONNECT_TIMEOUT_MS;
	relay_opts_init(&ro);
	opt_init(&st, argc, argv, "46CdnQUvxzi:p:q:s:w:", NULL);
	while ((c = opt_next(&st)) != -1) {
		switch (c) {
		case '4':
		case '6':
		case 'n':
			(void)net_opts_flag(&no, c);
			break;
		case 'C':
		case 'd':
		case 'Q':
		case 'x':
		case 'i':
		case 'q':
			if (relay_opts_flag(&ro, c, st.arg, err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'U':
			unix_path = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'z':
			zero = 1;
			break;
		case 'p':
			if (port_parse(st.arg, 0, err) == -1)
				return msg_usage(usage, "source %s", err);
			no.src_port = st.arg;
			break;
		case 's':
			no.src_addr = st.arg;
			break;
		case 'w':
			if (parse_secs_opt("timeout", st.arg, 0, &no.timeout_ms,
			    err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'h':
			return msg_help(usage);
		default:
			return msg_usage(usage, "%s", st.err);
		}
	}

	if (unix_path) {
		if (st.argc != 1)
			return msg_usage(usage, st.argc == 0 ? "missing socket "
			    "path" : "too many operands: %s", st.argv[1]);
		if (no.family != AF_UNSPEC || no.numeric || no.src_addr ||
		    no.src_port)
			return msg_usage(usage, "-U does not go with -4, -6, "
			    "-n, -p or -s");
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
	if (verbose)
		msg_warnx("connected to %s", peer);
	if (zero) {
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
