/*
 * net/udpdtls.c: udp-serve --tls (udpdtls.h), many DTLS peers in one
 * poll loop.
 *
 * The listener's DTLS connection only ever runs the cookie exchange
 * (DTLSv1_listen): nothing is kept of a peer until its ClientHello comes
 * back with our cookie.  Then that connection becomes the peer's: moved
 * onto a socket bound to the listening address with SO_REUSEADDR and
 * connected to the peer, which Linux prefers for the peer's datagrams
 * (a connected socket matches more of the address), so each session
 * reads its own datagrams and is, from there on, connect -u --tls's
 * layer over a connected socket (conn.h).  A fresh connection takes the
 * listener's place.  The listener and the sessions' layers are the
 * connection stack's (stack.h: stack_dtls_*, stack_push_dtls).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/io.h"
#include "net/net.h"
#include "net/net_int.h"
#include "net/server.h"
#include "net/stack.h"
#include "net/udpdtls.h"
#include "net/udpserve.h"
#include "parse/hello.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/sig.h"

#define DTLS_BUF	65536	/* a record, a datagram */

struct dsess {
	struct conn	 c;		/* DTLS over fd, connected to it */
	int		 tfd;		/* --to: connected to the target */
	int		 up;		/* the handshake is done */
	long long	 last;		/* a record moved, or the start */
	char		 label[NET_LABELLEN];
};

struct udtls {
	const struct udpdtls_opts *o;
	int		 lfd;
	struct sockaddr_storage local;
	socklen_t	 llen;
	struct stack_dtls l;		/* the listener: cookies only */
	struct dsess	**s;
	int		 n;
	struct pollfd	*pfd;		/* lfd, then fd and tfd a session */
	char		*buf;
	char		 reply[DTLS_BUF + 16];
	struct mono_tally nosess;	/* no session for a peer: said */
};

static volatile sig_atomic_t got_stop;

static void
dtls_say(const struct udtls *u, enum udpdtls_event_kind kind,
    const char *peer, int n, int error, const char *why)
{
	struct udpdtls_event ev;

	if (!u->o->verbose && kind != UDPDTLS_EV_NOSESSION &&
	    kind != UDPDTLS_EV_READY && kind != UDPDTLS_EV_FAIL)
		return;
	ev.kind = kind;
	ev.peer = peer;
	ev.n = n;
	ev.error = error;
	ev.why = why;
	u->o->event(&ev, u->o->arg);
}

/* End session i (our close_notify unless the peer ended it or failed). */
static void
dtls_close(struct udtls *u, int i, int notify)
{
	struct dsess *s = u->s[i];

	if (notify && s->up)
		(void)conn_shut_wr(&s->c);
	conn_free(&s->c);
	(void)close(s->c.fd);
	if (s->tfd != -1)
		(void)close(s->tfd);
	free(s);
	u->s[i] = u->s[--u->n];
}

/* A socket bound where lfd is.  fd, or -1. */
static int
dtls_bound(const struct udtls *u)
{
	int fd, on = 1;

	if ((fd = socket(u->local.ss_family, SOCK_DGRAM, 0)) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1 ||
	    bind(fd, (const struct sockaddr *)&u->local, u->llen) == -1) {
		net_close_keep_errno(fd);
		return -1;
	}
	return fd;
}

/* A socket bound where lfd is and connected to peer.  fd, or -1. */
static int
dtls_sock(const struct udtls *u, const struct sockaddr_storage *peer)
{
	int fd;

	if ((fd = dtls_bound(u)) == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)peer, peer->ss_family ==
	    AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in)) == -1 ||
	    net_set_nonblock(fd, 1) == -1) {
		net_close_keep_errno(fd);
		return -1;
	}
	return fd;
}

/* --to: a socket connected to the target.  fd, or -1. */
static int
dtls_target(const struct udtls *u)
{
	int fd;

	if ((fd = socket(u->o->to->sa_family, SOCK_DGRAM, 0)) == -1)
		return -1;
	if (connect(fd, u->o->to, u->o->tolen) == -1 ||
	    net_set_nonblock(fd, 1) == -1) {
		net_close_keep_errno(fd);
		return -1;
	}
	return fd;
}

/* The idlest session ends, for a new peer. */
static void
dtls_evict(struct udtls *u)
{
	int i, k = 0;

	for (i = 1; i < u->n; i++)
		if (u->s[i]->last < u->s[k]->last)
			k = i;
	dtls_say(u, UDPDTLS_EV_EVICT, u->s[k]->label, u->n, 0, NULL);
	dtls_close(u, k, 1);
}

/*
 * A socket failed: if for want of descriptors (EMFILE, ENFILE), the
 * idlest session ends to free its own.  1 when one did, to try again.
 */
static int
dtls_full(struct udtls *u)
{
	if ((errno != EMFILE && errno != ENFILE) || u->n == 0)
		return 0;
	dtls_evict(u);
	return 1;
}

/* No session for peer label: said at most once a second. */
static void
dtls_nosession(struct udtls *u, const char *label)
{
	long long n;
	int error = errno;

	if ((n = mono_tally(&u->nosess, mono_ms(), 1000)) > 0)
		dtls_say(u, UDPDTLS_EV_NOSESSION, label, n > 1000000 ?
		    1000000 : (int)n, error, NULL);
}

static int	dtls_turn(struct udtls *, int);

/*
 * A session for peer, whose ClientHello passed the cookie check on
 * u->l: the listener's connection moved onto its socket, a new one in
 * its place.  0, or -1 with err (the listener's connection unusable).
 */
static int
dtls_open(struct udtls *u, const struct sockaddr_storage *peer, char *err)
{
	struct dsess *s;
	char label[NET_LABELLEN];
	socklen_t len = peer->ss_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int fd;

	if (net_addr_label((const struct sockaddr *)peer, len, label,
	    sizeof(label)) == -1)
		snprintf(label, sizeof(label), "a peer");
	if (!server_peer_allowed(u->o->acl, (const struct sockaddr *)peer)) {
		dtls_say(u, UDPDTLS_EV_DENIED, label, 0, 0, NULL);
		return stack_dtls_renew(&u->l, err);
	}
	if (u->n == u->o->max_sessions)
		dtls_evict(u);
	/* out of descriptors: the idlest session's, for the new peer */
	fd = -1;
	while ((s = calloc(1, sizeof(*s))) != NULL &&
	    (fd = dtls_sock(u, peer)) == -1 && dtls_full(u))
		free(s);
	if (s == NULL || fd == -1) {
		dtls_nosession(u, label);
		free(s);
		return stack_dtls_renew(&u->l, err);
	}
	s->tfd = -1;
	conn_init(&s->c, fd);
	while (u->o->to != NULL && (s->tfd = dtls_target(u)) == -1 &&
	    dtls_full(u))
		continue;
	if ((u->o->to != NULL && s->tfd == -1) ||
	    stack_push_dtls(&s->c, &u->l, err) == -1) {
		dtls_nosession(u, label);
		if (s->tfd != -1)
			(void)close(s->tfd);
		(void)close(fd);
		free(s);
		return stack_dtls_renew(&u->l, err);
	}
	memcpy(s->label, label, sizeof(label));
	s->last = mono_ms();
	u->s[u->n++] = s;
	if (stack_dtls_renew(&u->l, err) == -1)
		return -1;
	/* the ServerHello goes now: the peer waits for it */
	(void)dtls_turn(u, u->n - 1);
	return 0;
}

/* Whether the next datagram waiting on fd is peer's. */
static int
dtls_next_is(int fd, const struct sockaddr_storage *peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	unsigned char a[NET_ADDR_KEYLEN], b[NET_ADDR_KEYLEN];
	char c;

	memset(&ss, 0, sizeof(ss));
	if (recvfrom(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT,
	    (struct sockaddr *)&ss, &len) == -1)
		return 0;
	return net_addr_key((const struct sockaddr *)&ss, a) == 0 &&
	    net_addr_key((const struct sockaddr *)peer, b) == 0 &&
	    memcmp(a, b, sizeof(a)) == 0;
}

/*
 * The rest of a ClientHello in fragments (ncat's) came to lfd behind its
 * first: DTLSv1_listen takes the first alone (the cookie is in it), and
 * the peer's socket, connected once that is done, would never see the
 * others.  So the listener's connection, now in the peer's handshake,
 * reads them first.  0, or -1 when the handshake failed.
 */
static int
dtls_rest(struct udtls *u, const struct sockaddr_storage *peer)
{
	char err[SK_ERRLEN];

	while (dtls_next_is(u->lfd, peer))
		if (stack_dtls_step(&u->l, err) == -1)
			return -1;
	return 0;
}

/* The datagrams waiting on lfd: cookies, and new sessions.  0 or -1. */
static int
dtls_accept(struct udtls *u, char *err)
{
	struct sockaddr_storage peer;
	int rc;

	while ((rc = stack_dtls_wait(&u->l, &peer, err)) == 1) {
		if (dtls_rest(u, &peer) == -1) {
			if (stack_dtls_renew(&u->l, err) == -1)
				return -1;
			continue;
		}
		if (dtls_open(u, &peer, err) == -1)
			return -1;
	}
	/* a bad datagram spoils only the listener's connection */
	return rc == -1 ? stack_dtls_renew(&u->l, err) : 0;
}

/*
 * p[0..n) to session s's peer in records no larger than the path MTU
 * lets one be (tls_record_max): an echo of a peer whose MTU is larger
 * than ours, a "Hello" longer than the record, a target's datagram
 * larger than a record.  0 (the rest dropped if the socket would
 * block), or -1 with errno.
 */
static int
dtls_send(struct dsess *s, const char *p, size_t n)
{
	size_t max = tls_record_max(conn_tls(&s->c)), k;
	ssize_t w;

	while (n > 0) {
		k = n < max ? n : max;
		if ((w = conn_write(&s->c, p, k)) <= 0)
			return w == 0 || errno == EAGAIN ? 0 : -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Answer one record of session s as the mode says.  0, or -1. */
static int
dtls_answer(struct udtls *u, struct dsess *s, const char *p, size_t n)
{
	size_t k;
	int nl;

	dtls_say(u, UDPDTLS_EV_RECORD, s->label, (int)n, 0, NULL);
	if (u->o->to != NULL)
		return send(s->tfd, p, n, 0) == -1 && errno != EAGAIN &&
		    errno != ECONNREFUSED ? -1 : 0;
	switch (u->o->mode) {
	case UDPSERVE_ECHO:
		return dtls_send(s, p, n);
	case UDPSERVE_PRINT:
		return io_write_all(STDOUT_FILENO, p, n) == -1 ? -2 : 0;
	default:
		k = n;
		if ((nl = k > 0 && p[k - 1] == '\n')) {
			k--;
			if (k > 0 && p[k - 1] == '\r')
				k--;
		}
		k = hello_reply(u->reply, sizeof(u->reply), p, k, nl);
		return dtls_send(s, u->reply, k);
	}
}

/*
 * Whether the next datagram on session s's socket is a ClientHello of
 * another association: its peer came back from the same address and
 * port (a restart, a NAT's mapping made again) while the old session
 * stayed, and every hello of it would come here, never to the listener,
 * until -i.  Looked at once a wake: the old peer has gone quiet.
 */
static int
dtls_hello_again(struct dsess *s)
{
	unsigned char h[64];
	ssize_t n;

	if ((n = recv(s->c.fd, h, sizeof(h), MSG_PEEK | MSG_DONTWAIT)) <= 0)
		return 0;
	return tls_dtls_new_hello(conn_tls(&s->c), h, (size_t)n);
}

/*
 * The new association on session s's socket: the cookie exchange there
 * first, the old session kept until a hello comes back with the cookie
 * (a spoofed one costs it nothing), then the new handshake in the old
 * one's place, no close_notify for a peer that has left it.  Returns 1
 * when s now runs the new handshake, 0 when the old session stays, -1
 * when it is lost.
 */
static int
dtls_again(struct udtls *u, struct dsess *s)
{
	struct sockaddr_storage peer;
	struct stack_dtls l;
	char err[SK_ERRLEN];

	if (stack_dtls_open(&l, s->c.fd, u->o->sc, err) == -1)
		return 0;
	if (stack_dtls_wait(&l, &peer, err) != 1) {
		stack_dtls_close(&l);
		return 0;
	}
	dtls_say(u, UDPDTLS_EV_AGAIN, s->label, 0, 0, NULL);
	conn_free(&s->c);
	conn_init(&s->c, l.fd);
	if (stack_push_dtls(&s->c, &l, err) == -1)
		return -1;
	s->up = 0;
	s->last = mono_ms();
	return 1;
}

/*
 * Session i's turn: its handshake's step, or its records.  Returns 0 to
 * keep it, 1 when it was closed, -2 when stdout failed.
 */
static int
dtls_turn(struct udtls *u, int i)
{
	struct dsess *s = u->s[i];
	struct tls_info in;
	char err[SK_ERRLEN];
	char why[2 * SK_ERRLEN];	/* the version, cipher and a subject */
	ssize_t n;
	int rc;

	if (s->up && dtls_hello_again(s) && (rc = dtls_again(u, s)) != 0) {
		if (rc == -1) {
			dtls_close(u, i, 0);
			return 1;
		}
	}
	if (!s->up) {
		if ((rc = conn_step(&s->c, err)) > 0) {
			if (mono_ms() - s->last < UDPDTLS_HS_MS)
				return 0;
			snprintf(err, sizeof(err), "DTLS handshake timed out");
			rc = -1;
		}
		if (rc == -1) {
			dtls_say(u, UDPDTLS_EV_FAIL, s->label, 0, 0, err);
			dtls_close(u, i, 0);
			return 1;
		}
		s->up = 1;
		s->last = mono_ms();
		tls_info(conn_tls(&s->c), &in);
		/* the client certificate named, as every TLS server's -v */
		snprintf(why, sizeof(why), "%s, cipher %s%s%s", in.version,
		    in.cipher, in.subject[0] != '\0' ?
		    ", client certificate " : "", in.subject);
		dtls_say(u, UDPDTLS_EV_OPEN, s->label, 0, 0, why);
	}
	while ((n = conn_read(&s->c, u->buf, DTLS_BUF)) > 0) {
		s->last = mono_ms();
		if ((rc = dtls_answer(u, s, u->buf, (size_t)n)) == -2)
			return -2;
		if (rc == -1)
			break;
	}
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return 0;
	/*
	 * The peer's close_notify is answered with ours (RFC 5246 7.2.1);
	 * after a fatal alert (EPROTO) nothing more is sent.
	 */
	rc = n == 0 || errno != EPROTO;
	if (n == 0)
		dtls_say(u, UDPDTLS_EV_END, s->label, 0, 0, NULL);
	else {
		snprintf(why, sizeof(why), "%s", errno == EPROTO ?
		    conn_error(&s->c) : strerror(errno));
		dtls_say(u, UDPDTLS_EV_FAIL, s->label, 0, 0, why);
	}
	dtls_close(u, i, rc);
	return 1;
}

/* --to: the target's replies to session s, as records. */
static void
dtls_replies(struct udtls *u, struct dsess *s)
{
	ssize_t n;

	while ((n = recv(s->tfd, u->buf, DTLS_BUF, 0)) >= 0 || errno == EINTR ||
	    errno == ECONNREFUSED) {
		if (n < 0)
			continue;
		s->last = mono_ms();
		if (dtls_send(s, u->buf, (size_t)n) == -1)
			return;
	}
}

/* poll's timeout: the nearest timer, idle expiry or handshake limit. */
static int
dtls_timeout(struct udtls *u)
{
	long long at = -1, t;
	int i;

	for (i = 0; i < u->n; i++) {
		t = u->s[i]->last + (u->s[i]->up ? u->o->idle_ms :
		    UDPDTLS_HS_MS);
		if (at == -1 || t < at)
			at = t;
		if ((t = conn_wake(&u->s[i]->c)) != -1 && t < at)
			at = t;
	}
	/* a second at most: a stop signal is looked at in between */
	t = mono_ms() + 1000;
	return mono_wait(at, t, mono_ms());
}

/* One pass over the sessions after poll.  0, or -2 (stdout failed). */
static int
dtls_sessions(struct udtls *u, int ns, long long now)
{
	struct dsess *s;
	int i, k, rc;
	long long w;

	/* backwards: a closed session's place takes the last one */
	for (i = ns - 1; i >= 0; i--) {
		s = u->s[i];
		k = 1 + 2 * i;
		if (s->tfd != -1 && (u->pfd[k + 1].revents & POLLIN))
			dtls_replies(u, s);
		w = conn_wake(&s->c);
		if ((u->pfd[k].revents & (POLLIN | POLLERR | POLLHUP)) ||
		    (w != -1 && now >= w) || (!s->up && now - s->last >=
		    UDPDTLS_HS_MS)) {
			if ((rc = dtls_turn(u, i)) == -2)
				return -2;
			if (rc == 1)
				continue;
		}
		if (s->up && now - s->last >= u->o->idle_ms) {
			dtls_say(u, UDPDTLS_EV_IDLE, s->label, 0, 0, NULL);
			dtls_close(u, i, 1);
		}
	}
	return 0;
}

/* The loop until a stop signal.  0, or -1 with err. */
static int
dtls_loop(struct udtls *u, char *err)
{
	int i, ns, rc;

	dtls_say(u, UDPDTLS_EV_READY, NULL, 0, 0, NULL);
	while (!got_stop) {
		u->pfd[0].fd = u->lfd;
		u->pfd[0].events = POLLIN;
		for (i = 0; i < u->n; i++) {
			u->pfd[1 + 2 * i].fd = u->s[i]->c.fd;
			u->pfd[1 + 2 * i].events = POLLIN;
			u->pfd[2 + 2 * i].fd = u->s[i]->tfd;
			u->pfd[2 + 2 * i].events = POLLIN;
		}
		ns = u->n;
		if ((rc = poll(u->pfd, (nfds_t)(1 + 2 * ns),
		    dtls_timeout(u))) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
		if (dtls_sessions(u, ns, mono_ms()) == -2) {
			/* the reader of stdout left: nothing more to say */
			if (errno == EPIPE)
				err[0] = '\0';
			else
				snprintf(err, SK_ERRLEN, "stdout: %s",
				    strerror(errno));
			return -1;
		}
		if ((u->pfd[0].revents & POLLIN) && dtls_accept(u, err) == -1)
			return -1;
	}
	return 0;
}

int
udpdtls_run(int lfd, const struct udpdtls_opts *o, char *err)
{
	struct udtls u;
	char label[NET_LABELLEN];
	int fd, rc = -1;

	memset(&u, 0, sizeof(u));
	u.o = o;
	u.lfd = lfd;
	u.llen = sizeof(u.local);
	sig_stop_catch(&got_stop);
	if (getsockname(lfd, (struct sockaddr *)&u.local, &u.llen) == -1 ||
	    net_set_nonblock(lfd, 1) == -1 ||
	    (u.s = calloc((size_t)o->max_sessions, sizeof(*u.s))) == NULL ||
	    (u.pfd = calloc((size_t)o->max_sessions * 2 + 1,
	    sizeof(*u.pfd))) == NULL || (u.buf = malloc(DTLS_BUF)) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		goto out;
	}
	/*
	 * each session's socket is bound to our port anew: a server that
	 * may no longer bind there (--user, a port below 1024) says so
	 * now, not at each peer
	 */
	if ((fd = dtls_bound(&u)) == -1) {
		if (net_local_label(lfd, label, sizeof(label)) == -1)
			snprintf(label, sizeof(label), "the port");
		snprintf(err, SK_ERRLEN, "%s: each session binds a socket "
		    "here: %s", label, strerror(errno));
		goto out;
	}
	(void)close(fd);
	if (stack_dtls_open(&u.l, lfd, o->sc, err) == -1)
		goto out;
	rc = dtls_loop(&u, err);
out:
	/* the end: a close_notify to every peer */
	while (u.n > 0)
		dtls_close(&u, u.n - 1, 1);
	stack_dtls_close(&u.l);
	free(u.s);
	free(u.pfd);
	free(u.buf);
	return rc;
}
