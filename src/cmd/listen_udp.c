/*
 * cmd/listen_udp.c: sockt listen -u, netcat's nc -lu.
 *
 * Bind (one dual-stack socket by default, as listen's TCP does), wait for
 * the first datagram from a sender the access lists let in, and make
 * that sender the peer: connect(2) the socket to it, so the kernel hands
 * over the peer's datagrams only (those of anyone else are refused with
 * an ICMP port unreachable) and reports the peer's closed port.  The
 * first datagram goes out first, then the session is connect -u's, the
 * same engine (net/udpsess.c) with the same -q.  Datagrams of others
 * already queued at the connect are dropped by the engine; -v says so
 * once.  For many peers udp-serve is the command.
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

#include "cli/cli.h"
#include "cli/join.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/listen.h"
#include "net/conn.h"
#include "net/net.h"
#include "net/relay.h"
#include "net/udpsess.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"

/* What -v's word on a stray datagram needs. */
struct ludp_say {
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
	msg_warnx("datagram from %s dropped: the session is with %s", label,
	    say->peer);
}

/* -v: a datagram of a sender the access lists keep out */
static void
ludp_refused(const struct sockaddr *sa, socklen_t len, void *arg)
{
	char label[NET_LABELLEN];

	(void)arg;
	if (net_addr_label(sa, len, label, sizeof(label)) == -1)
		snprintf(label, sizeof(label), "a sender");
	msg_warnx("datagram from %s refused by the access list", label);
}

/*
 * The session with the peer of the first datagram (buf, n bytes) on fd,
 * connected to it.  Returns the exit status.
 */
static int
ludp_session(int fd, const struct ludp *lu, const char *buf, size_t n,
    const char *peer, struct conn *ce)
{
	struct relay_opts ro = *lu->ro;
	struct udpsess_opts uo;
	struct ludp_say say;
	char err[SK_ERRLEN];
	int rc = EXIT_OK;

	if (lu->verbose && ce == NULL)
		msg_warnx("datagram from %s, %zu bytes: the session is with "
		    "it", peer, n);
	ro.peer = peer;
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
			msg_warnx("%s", err);
		rc = EXIT_FAIL;
	}
	if (lu->verbose)
		msg_warnx("session with %s ended", peer);
	return rc;
}

/*
 * --tls: the first peer that passes the cookie exchange, the socket
 * connected to it, its handshake, the session, our close_notify.
 * Returns the exit status.
 */
static int
ludp_dtls(int fd, const struct ludp *lu)
{
	struct sockaddr_storage ss;
	struct tls_conn *t;
	struct tls_info in;
	struct conn ce;
	socklen_t len;
	char err[SK_ERRLEN], label[NET_LABELLEN];
	int rc = EXIT_FAIL;

	if ((t = udpsess_dtls_first(fd, lu->so, lu->tls, lu->wait_ms, &ss,
	    &len, lu->verbose ? ludp_refused : NULL, NULL, err)) == NULL) {
		if (errno == ETIMEDOUT && err[0] == '\0')
			msg_warnx("no handshake within %d.%03d s",
			    lu->wait_ms / 1000, lu->wait_ms % 1000);
		else
			msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (net_addr_label((struct sockaddr *)&ss, len, label,
	    sizeof(label)) == -1)
		snprintf(label, sizeof(label), "the peer");
	conn_init(&ce, fd);
	if (connect(fd, (struct sockaddr *)&ss, len) == -1 ||
	    tls_dtls_connected(t) == -1 || conn_push_tls_hs(&ce, t) == -1) {
		msg_warn("%s", label);
		tls_close(t);
		return EXIT_FAIL;
	}
	if (conn_handshake(&ce, mono_ms() + LSERVE_TLS_MS, err) == -1)
		msg_warnx("connection from %s: %s", label, err);
	else {
		if (lu->verbose) {
			tls_info(t, &in);
			msg_warnx("connection from %s: %s, cipher %s%s%s",
			    label, in.version, in.cipher, in.subject[0] !=
			    '\0' ? ", client certificate " : "", in.subject);
		}
		rc = ludp_session(fd, lu, NULL, 0, label, &ce);
	}
	/* close_notify; the caller closes fd */
	(void)conn_shut_wr(&ce);
	conn_free(&ce);
	return rc;
}

int
ludp_run(const struct ludp *lu)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char err[SK_ERRLEN], label[NET_LABELLEN], *buf;
	ssize_t n;
	int fd, rc;

	if ((fd = net_listen(lu->ep->host, lu->ep->port, lu->no, 0,
	    err)) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (cli_join_apply(fd, lu->joins, lu->verbose) == -1) {
		close(fd);
		return EXIT_FAIL;
	}
	/* the line scripts and tests wait for */
	if (lu->verbose && net_local_label(fd, label, sizeof(label)) == 0)
		msg_warnx("listening on %s", label);
	if (lu->tls != NULL) {
		rc = ludp_dtls(fd, lu);
		close(fd);
		return rc;
	}
	if ((buf = malloc(UDPSESS_BUFSZ)) == NULL) {
		msg_warn("malloc");
		close(fd);
		return EXIT_FAIL;
	}
	rc = EXIT_FAIL;
	if ((n = udpsess_first(fd, lu->so, lu->wait_ms, buf, UDPSESS_BUFSZ,
	    &ss, &len, lu->verbose ? ludp_refused : NULL, NULL)) == -1) {
		if (errno == ETIMEDOUT)
			msg_warnx("no datagram within %d.%03d s",
			    lu->wait_ms / 1000, lu->wait_ms % 1000);
		else
			msg_warn("receive");
	} else {
		if (net_addr_label((struct sockaddr *)&ss, len, label,
		    sizeof(label)) == -1)
			snprintf(label, sizeof(label), "the peer");
		if (connect(fd, (struct sockaddr *)&ss, len) == -1)
			msg_warn("%s", label);
		else
			rc = ludp_session(fd, lu, buf, (size_t)n, label,
			    NULL);
	}
	free(buf);
	close(fd);
	return rc;
}
