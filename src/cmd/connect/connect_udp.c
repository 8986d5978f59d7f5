/*
 * cmd/connect/connect_udp.c: sockt connect -u, netcat's nc -u.
 *
 * One connected UDP socket for the whole session, so every datagram
 * leaves from one source port (-s, -p choose it), the kernel keeps the
 * peer's datagrams and no one else's, and an ICMP port unreachable comes
 * back as ECONNREFUSED, which ends the session.  The session itself is
 * net/udpsess.c's, the same as listen -u's; this file reads what is
 * particular to connect: the operands, -v, and -z's probe.  With --tls
 * the session is DTLS over that socket (connect_udp_dtls): the
 * handshake within -w, sent again as its timer says when a flight is
 * lost, then a record in a datagram's place, and a close_notify at the
 * end.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/connect/connect_exec.h"
#include "cmd/connect/connect_udp.h"
#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_udp.h"
#include "net/relay.h"
#include "net/stack.h"
#include "net/udpsess.h"
#include "parse/addr.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"

/*
 * -z: one empty datagram, and what comes back within -w (by default
 * UDPSESS_PROBE_MS).  A closed port answers with an ICMP port
 * unreachable: exit 1, as nc -zu (said with -v); an answer or silence, exit 0: UDP
 * cannot tell an open port that keeps quiet from a filter that drops.
 */
static int
connect_udp_probe(const struct connect_udp *cu, struct conn *c,
    const char *peer)
{
	int wait_ms = cu->wait_given ? cu->no->timeout_ms : UDPSESS_PROBE_MS;

	switch (udpsess_probe(c, wait_ms)) {
	case 1:
		if (cu->verbose)
			msg_warnx("%s: open, it answered", peer);
		return EXIT_OK;
	case 0:
		if (cu->verbose)
			msg_warnx("%s: no answer within %d.%03d s: open, or "
			    "filtered", peer, wait_ms / 1000, wait_ms % 1000);
		return EXIT_OK;
	default:
		/* quiet as nc -zu: the status says it, -v the cause */
		if (cu->verbose)
			msg_warn("%s", peer);
		return EXIT_FAIL;
	}
}

/*
 * --tls: the DTLS handshake over s within -w, then the session (-z: the
 * handshake alone), and our close_notify.  Returns the exit status.
 */
static int
connect_udp_dtls(const struct connect_udp *cu, int s, struct udpsess_opts *uo,
    const char *where)
{
	struct stack_dial d;
	struct conn ce;
	char err[SK_ERRLEN];
	int rc = EXIT_FAIL;

	conn_init(&ce, s);
	memset(&d, 0, sizeof(d));
	d.tls = cu->tls;
	if (stack_push(&ce, &d, err) == -1) {
		msg_warnx("%s", err);
		(void)conn_close(&ce, 0);
		return EXIT_FAIL;
	}
	if (conn_handshake(&ce, cu->no->timeout_ms > 0 ? mono_ms() +
	    cu->no->timeout_ms : -1, err) == -1) {
		msg_warnx("%s: %s", where, err);
		(void)conn_close(&ce, 0);
		return EXIT_FAIL;
	}
	if (cu->verbose)
		cli_tls_show(conn_tls(&ce), NULL);
	uo->conn = &ce;
	if (cu->check_only || udpsess_run(s, uo, err) == 0)
		rc = EXIT_OK;
	else if (err[0] != '\0')
		msg_warnx("%s", err);
	/* close_notify, then the socket closed */
	(void)conn_close(&ce, 0);
	return rc;
}

int
connect_udp(const struct connect_udp *cu)
{
	struct endpoint ep;
	struct udpsess_opts uo;
	struct proxy_udp pu;
	struct conn ce;
	char err[SK_ERRLEN], local[NET_LABELLEN];
	char peer[SK_HOSTLEN + SK_PORTLEN + 8];
	int rc, s;

	if (cli_endpoint(cu->argc, cu->argv, 0, "udp", &ep, err) == -1)
		return cmd_usage(cu->usage, "%s", err);
	if (cu->px != NULL && cu->tls != NULL)
		return cmd_usage(cu->usage, "-u --tls does not go with a proxy "
		    "(DTLS through SOCKS5 is not supported)");
	/* the usage first, then the library: a wrong line says so alike
	 * with OpenSSL and without */
	if (cu->tls != NULL && tls_load(err) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	cu->no->socktype = SOCK_DGRAM;
	if (!cu->quit_given)
		cu->ro->quit_ms = UDPSESS_QUIT_MS;
	memset(&uo, 0, sizeof(uo));
	/*
	 * connect(2) of a datagram socket sends nothing: the first
	 * address of the family that can be reached is the one; through a
	 * proxy the socket reaches its relay, the association made
	 */
	if (cu->px != NULL) {
		s = proxy_udp_open(&pu, cu->px, ep.host, ep.port, cu->no,
		    err) == -1 ? -1 : pu.fd;
		uo.wrap = &proxy_udp_layer;
		uo.wrap_ctx = &pu;
		uo.wrap_fd = pu.ctl.fd;
	} else
		s = net_dial(ep.host, ep.port, cu->no, err);
	if (s == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (cu->px != NULL || net_peer_label(s, peer, sizeof(peer)) == -1)
		snprintf(peer, sizeof(peer), "%s port %s", ep.host, ep.port);
	if (cu->verbose) {
		if (net_local_label(s, local, sizeof(local)) == -1)
			snprintf(local, sizeof(local), "an unknown port");
		msg_warnx("connected to %s (udp, from %s)%s%s", peer, local,
		    cu->px != NULL ? " through proxy " : "", cu->px != NULL ?
		    pu.via : "");
	}
	cu->ro->peer = peer;
	uo.ro = cu->ro;
	uo.lines = cu->lines;
	if (cu->tls != NULL) {
		cu->tls->dtls = 1;
		cu->tls->host = ep.host;
		cu->tls->port = ep.port;
		return connect_udp_dtls(cu, s, &uo, peer);
	}
	conn_init(&ce, s);
	if (cu->px != NULL)
		(void)conn_push(&ce, &proxy_udp_layer, &pu);	/* room */
	if (cu->check_only)
		rc = connect_udp_probe(cu, &ce, peer);
	else if (cu->x != NULL && cu->x->prog != NULL) {
		/*
		 * -e, -c: the program's each write a datagram, each read one;
		 * the socket (and the association) ends with us
		 */
		cu->x->peer = peer;
		return connect_exec_run(cu->x, &ce);
	} else if (udpsess_run(s, &uo, err) == -1) {
		if (err[0] != '\0')
			msg_warnx("%s", err);
		rc = EXIT_FAIL;
	} else
		rc = EXIT_OK;
	if (cu->px != NULL)
		proxy_udp_close(&pu);
	else
		close(s);
	return rc;
}
