/*
 * serve/udp_peer.c: listen -u, netcat's nc -lu, once the socket is bound.
 *
 * Wait for the first datagram from a sender the access lists let in,
 * and make that sender the peer: connect(2) the socket to it, so the
 * kernel hands over the peer's datagrams only (those of anyone else are
 * refused with an ICMP port unreachable) and reports the peer's closed
 * port.  The first datagram goes out first, then the session is connect
 * -u's, the same engine (net/udpsess.c) with the same -q.  Datagrams of
 * others already queued at the connect are dropped by the engine; -v
 * tells so once.  For many peers udp-serve is the command.
 *
 * With --tls the peer is the first sender whose ClientHello comes back
 * with the cookie of our HelloVerifyRequest (stateless: a spoofed source
 * never gets that far), and the session is DTLS over the connected
 * socket, as connect -u --tls's.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/relay.h"
#include "net/stack.h"
#include "net/udpsess.h"
#include "serve/serve.h"
#include "util/base.h"
#include "util/clock.h"

/* What -v's word on a stray datagram needs. */
struct ludp_say {
	const struct ludp *lu;
	const char	*peer;
	int		 verbose;
	int		 said;		/* once is enough */
};

/* A datagram of another sender, dropped: -v says so, once. */
static void
ludp_stray(const struct sockaddr *sa, socklen_t len, void *arg)
{
	struct ludp_say *say = arg;
	char label[NET_LABELLEN];

	if (!say->verbose || say->said)
		return;
	say->said = 1;
	if (net_addr_label(sa, len, label, sizeof(label)) == -1)
		snprintf(label, sizeof(label), "another sender");
	lserve_tell(say->lu->ls, LSERVE_EV_UDP_STRAY, label, say->peer, 0,
	    say->lu->wait_ms);
}

/* -v: a datagram of a sender the access lists keep out */
static void
ludp_refused(const struct sockaddr *sa, socklen_t len, void *arg)
{
	const struct ludp *lu = arg;
	char label[NET_LABELLEN];

	if (net_addr_label(sa, len, label, sizeof(label)) == -1)
		snprintf(label, sizeof(label), "a sender");
	lserve_tell(lu->ls, LSERVE_EV_UDP_REFUSED, label, NULL, 0, lu->wait_ms);
}

/*
 * The session with the peer of the first datagram (buf, n bytes) on fd,
 * connected to it.  Returns 0, or -1 (told).
 */
static int
ludp_session(int fd, const struct ludp *lu, const char *buf, size_t n,
    const char *peer, struct conn *ce)
{
	struct relay_opts ro = *lu->ro;
	struct udpsess_opts uo;
	struct ludp_say say;
	char err[SK_ERRLEN];
	int rc = 0;

	if (lu->verbose && ce == NULL)
		lserve_tell(lu->ls, LSERVE_EV_UDP_FIRST, peer, NULL, n,
		    lu->wait_ms);
	ro.peer = peer;
	say.lu = lu;
	say.peer = peer;
	say.verbose = lu->verbose;
	say.said = 0;
	memset(&uo, 0, sizeof(uo));
	uo.ro = &ro;
	uo.lines = lu->lines;
	uo.first = buf;
	uo.firstlen = n;
	uo.stray = ludp_stray;
	uo.arg = &say;
	uo.conn = ce;
	if (udpsess_run(fd, &uo, err) == -1) {
		if (err[0] != '\0')
			lserve_tell(lu->ls, LSERVE_EV_FAILED, peer, err, 0,
			    lu->wait_ms);
		rc = -1;
	}
	if (lu->verbose)
		lserve_tell(lu->ls, LSERVE_EV_UDP_ENDED, peer, NULL, 0,
		    lu->wait_ms);
	return rc;
}

/*
 * --tls: the first peer that passes the cookie exchange, the socket
 * connected to it, its handshake, the session, our close_notify.
 * Returns 0, or -1 (told).
 */
static int
ludp_dtls(int fd, const struct ludp *lu)
{
	struct sockaddr_storage ss;
	struct stack_dtls l;
	struct conn ce;
	socklen_t len;
	struct lserve_event ev;
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int rc = -1;

	if (udpsess_dtls_first(&l, fd, lu->so, lu->tls, lu->wait_ms, &ss,
	    &len, lu->verbose ? ludp_refused : NULL, (void *)lu,
	    err) == -1) {
		lserve_tell(lu->ls, errno == ETIMEDOUT && err[0] == '\0' ?
		    LSERVE_EV_UDP_NO_HS : LSERVE_EV_FAILED, NULL, err, 0,
		    lu->wait_ms);
		return -1;
	}
	if (net_addr_label((struct sockaddr *)&ss, len, label,
	    sizeof(label)) == -1)
		snprintf(label, sizeof(label), "the peer");
	conn_init(&ce, fd);
	if (connect(fd, (struct sockaddr *)&ss, len) == -1) {
		stack_dtls_close(&l);
		lserve_tell(lu->ls, LSERVE_EV_SYS, NULL, label, 0, lu->wait_ms);
		return -1;
	}
	if (stack_push_dtls(&ce, &l, err) == -1) {
		lserve_tell(lu->ls, LSERVE_EV_SYS, NULL, label, 0, lu->wait_ms);
		return -1;
	}
	if (conn_handshake(&ce, mono_ms() + LSERVE_TLS_MS, err) == -1)
		lserve_tell(lu->ls, LSERVE_EV_PEER_FAIL, label, err, 0,
		    lu->wait_ms);
	else {
		if (lu->verbose) {
			memset(&ev, 0, sizeof(ev));
			ev.kind = LSERVE_EV_TLS;
			ev.peer = label;
			ev.tls = conn_tls(&ce);
			lu->ls->event(&ev, lu->ls->event_arg);
		}
		rc = ludp_session(fd, lu, NULL, 0, label, &ce);
	}
	/* close_notify; the caller closes fd */
	(void)conn_shut_wr(&ce);
	conn_free(&ce);
	return rc;
}

int
lserve_udp(int fd, const struct ludp *lu)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char label[NET_LABELLEN], *buf;
	ssize_t n;
	int rc;

	if (lu->tls != NULL)
		return ludp_dtls(fd, lu);
	if ((buf = malloc(UDPSESS_BUFSZ)) == NULL) {
		lserve_tell(lu->ls, LSERVE_EV_SYS, NULL, "malloc", 0,
		    lu->wait_ms);
		return -1;
	}
	rc = -1;
	if ((n = udpsess_first(fd, lu->so, lu->wait_ms, buf, UDPSESS_BUFSZ,
	    &ss, &len, lu->verbose ? ludp_refused : NULL, (void *)lu)) == -1)
		lserve_tell(lu->ls, errno == ETIMEDOUT ? LSERVE_EV_UDP_NO_DGRAM :
		    LSERVE_EV_SYS, NULL, "receive", 0, lu->wait_ms);
	else {
		if (net_addr_label((struct sockaddr *)&ss, len, label,
		    sizeof(label)) == -1)
			snprintf(label, sizeof(label), "the peer");
		if (connect(fd, (struct sockaddr *)&ss, len) == -1)
			lserve_tell(lu->ls, LSERVE_EV_SYS, NULL, label, 0,
			    lu->wait_ms);
		else
			rc = ludp_session(fd, lu, buf, (size_t)n, label,
			    NULL);
	}
	free(buf);
	return rc;
}
