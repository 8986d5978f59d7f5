/*
 * broker_join.c: a broker client's way in (broker.c is the loop): the
 * accept, the screening (--allow, --deny, -m, --max-per-peer), with
 * --accept-proxy-protocol its PROXY header a step at a time and the
 * screening of the client it names, its gateway (--ws), its TLS
 * handshake a step at a time (a layer of its connection, net/stack.h),
 * and its join.  broker_int.h is what the
 * files share.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/broker.h"
#include "net/broker_int.h"
#include "net/net.h"
#include "net/proxyhdr_io.h"
#include "net/server.h"
#include "net/stack.h"
#include "parse/chat.h"
#include "util/base.h"
#include "util/file.h"

static const char *
peer_addr(const char *addr)
{
	return strncmp(addr, "::ffff:", 7) == 0 && strchr(addr + 7, '.') ?
	    addr + 7 : addr;
}

/*
 * The clients from addr but skip (NULL: none), a client whose PROXY
 * header is pending counted under its real peer (its addr still), but
 * for one from a trusted sender.
 */
static int
peer_count(const struct broker *b, const char *addr,
    const struct bclient *skip)
{
	int i, n = 0;

	for (i = 0; i < b->top; i++)
		if (b->cl[i].fd != -1 && &b->cl[i] != skip &&
		    (b->cl[i].pp == NULL || !b->cl[i].pp_trusted) &&
		    strcmp(peer_addr(b->cl[i].addr), peer_addr(addr)) == 0)
			n++;
	return n;
}

static int
client_full(struct broker *b, const struct server_conn *sc,
    const struct bclient *skip)
{
	const struct server_opts *so = b->bo->so;
	int n;

	/* a peer the share exempts, this host's own, is not counted */
	if (so->max_per_peer <= 0 || (so->peer_exempt &&
	    net_addr_loopback((const struct sockaddr *)&sc->peer)) ||
	    (n = peer_count(b, sc->addr, skip)) < so->max_per_peer)
		return 0;
	broker_emit(b, BROKER_EV_FULL, NULL, sc->label, (size_t)n, 0);
	return 1;
}

/*
 * A new client in slot c: the -v event, and with --chat its name to all
 * (itself too, so it learns it) and to it the list of who is there.
 */
static void
client_join(struct broker *b, struct bclient *c)
{
	size_t n = 0;
	int i;

	c->id = ++b->next_id;
	broker_emit(b, BROKER_EV_JOIN, c, NULL, 0, 0);
	if (c->ci == NULL)
		return;
	n = chat_joined(b->out, b->outsz, c->addr, c->id);
	broker_fan(b, NULL, b->out, n);
	n = 0;
	for (i = 0; i < b->top; i++)
		if (&b->cl[i] != c && b->cl[i].fd != -1 && !b->cl[i].closing &&
		    !b->cl[i].dead && !b->cl[i].hs)
			n = chat_present(b->out, b->outsz, n, b->cl[i].addr,
			    b->cl[i].id);
	n = chat_present_end(b->out, b->outsz, n);
	client_send(b, c, b->out, n);
}

static void
client_start(struct broker *b, struct bclient *c)
{
	char terr[SK_ERRLEN];

	c->hs = 0;
	if (b->bo->tls == NULL) {
		client_join(b, c);
		return;
	}
	if (stack_push_tls_server(&c->cn, b->bo->tls, terr) == -1) {
		broker_emit_why(b, BROKER_EV_TLS_FAIL, c, NULL, 0, 0, terr);
		client_kill(c, BROKER_EV_TLS_FAIL, 0);
		return;
	}
	c->hs = 1;
	c->hs_until = b->now + (b->bo->tls_ms > 0 ? b->bo->tls_ms :
	    BROKER_TLS_MS);
	/* a first step now: it finds the client's hello if it came with
	 * the connection, else says what it waits on */
	client_handshake(b, c);
}

/*
 * --accept-proxy-protocol: the next step of c's header.  Once it is in,
 * c is the client it names, screened as the accept screens the others,
 * given its gateway if there is one (on a blocking socket, as from the
 * accept), and started as they are.
 */
static void
client_hdr(struct broker *b, struct bclient *c)
{
	struct server_conn sc;
	struct proxyhdr h;
	char why[SK_ERRLEN];
	int rc;

	if ((rc = proxyhdr_step(c->pp, c->fd, &h, why)) == 0)
		return;
	if (rc == -1) {
		broker_emit_why(b, BROKER_EV_HDR_FAIL, c, NULL, 0, 0, why);
		client_kill(c, BROKER_EV_HDR_FAIL, 0);
		return;
	}
	memset(&sc, 0, sizeof(sc));
	sc.peerlen = sizeof(sc.peer);
	(void)getpeername(c->fd, (struct sockaddr *)&sc.peer, &sc.peerlen);
	memcpy(sc.addr, c->addr, sizeof(sc.addr));
	proxyhdr_apply(&h, &sc);
	memcpy(c->addr, sc.addr, sizeof(c->addr));
	if (!h.local)
		memcpy(c->label, sc.label, sizeof(c->label));
	memcpy(sc.label, c->label, sizeof(sc.label));
	rc = !server_peer_allowed(b->bo->so, (struct sockaddr *)&sc.peer) ?
	    BROKER_EV_DENIED : client_full(b, &sc, c) ? BROKER_EV_FULL : 0;
	free(c->pp);
	c->pp = NULL;
	if (rc == BROKER_EV_DENIED)
		broker_emit(b, BROKER_EV_DENIED, NULL, c->label, 0, 0);
	if (rc != 0) {
		client_kill(c, rc, 0);
		return;
	}
	if (b->bo->wrap != NULL) {
		memcpy(sc.label, c->label, sizeof(sc.label));
		if (net_set_nonblock(c->fd, 0) == -1 || (c->fd =
		    b->bo->wrap(c->fd, &sc, b->bo->wrap_arg)) == -1 ||
		    net_set_nonblock(c->fd, 1) == -1) {
			if (c->fd == -1)
				c->fd = -2;
			client_kill(c, BROKER_EV_DENIED, 0);
			return;
		}
		conn_init(&c->cn, c->fd);
	}
	client_start(b, c);
}

/*
 * The next step of c's handshake; when done, c joins.  A failure closes
 * c alone, its reason said.
 */
void
client_handshake(struct broker *b, struct bclient *c)
{
	char terr[SK_ERRLEN];
	int rc;

	if (c->pp != NULL) {
		client_hdr(b, c);
		return;
	}
	if ((rc = conn_step(&c->cn, terr)) > 0) {
		c->hs_want = (short)rc;
		return;
	}
	if (rc == -1) {
		broker_emit_why(b, BROKER_EV_TLS_FAIL, c, NULL, 0, 0, terr);
		client_kill(c, BROKER_EV_TLS_FAIL, 0);
		return;
	}
	c->hs = 0;
	c->moved_ms = b->now;
	broker_emit(b, BROKER_EV_TLS, c, NULL, 0, 0);
	client_join(b, c);
}

/*
 * Accept, screen and seat one client.  Returns 1 when one was taken (or
 * refused), 0 when none is pending, -1 with err when the listener
 * failed; *backoff set when out of resources.
 */
int
broker_accept(struct broker *b, int lfd, int *backoff, char *err)
{
	struct server_opts quiet = *b->bo->so;
	struct server_conn sc;
	struct bclient *c;
	int i, n, save, trusted;

	quiet.verbose = 0;
	quiet.need_peer = 1;
	quiet.event = NULL;
	if ((n = server_accept_one(lfd, &quiet, 0, &sc)) == 0) {
		/* proxy_hdr: refused only for not being a trusted sender */
		broker_emit(b, b->bo->so->proxy_hdr ? BROKER_EV_NOTFROM :
		    BROKER_EV_DENIED, NULL, sc.label, 0, 0);
		return 1;
	}
	if (n == -1) {
		switch (server_accept_failed(errno)) {
		case SERVER_ACCEPT_NONE:
			return 0;
		case SERVER_ACCEPT_SKIP:
			return 1;
		case SERVER_ACCEPT_SHORT:
			/* retried shortly, said once a second */
			*backoff = 1;
			if (server_say_due(&b->said))
				broker_emit(b, BROKER_EV_ACCEPT, NULL, NULL, 0,
				    errno);
			return 0;
		case SERVER_ACCEPT_FATAL:
			break;
		}
		snprintf(err, SK_ERRLEN, "accept: %s", strerror(errno));
		return -1;
	}
	if (b->live >= b->ncl) {
		broker_emit(b, BROKER_EV_MAX, NULL, sc.label, (size_t)b->live,
		    0);
		server_reset(sc.fd);
		return 1;
	}
	/*
	 * with a PROXY header, who it is waits for the header, and until
	 * then it counts under its real peer, but for a trusted sender's
	 */
	trusted = b->bo->so->proxy_hdr && server_pp_trusted(b->bo->so,
	    (struct sockaddr *)&sc.peer) == 1;
	if (!trusted && client_full(b, &sc, NULL)) {
		server_reset(sc.fd);
		return 1;
	}
	if (!b->bo->so->proxy_hdr && b->bo->wrap != NULL &&
	    (sc.fd = b->bo->wrap(sc.fd, &sc, b->bo->wrap_arg)) == -1)
		return 1;
	for (i = 0; b->cl[i].fd != -1; i++)
		continue;
	c = &b->cl[i];
	memset(c, 0, sizeof(*c));
	if (i >= b->top)
		b->top = i + 1;
	c->fd = sc.fd;
	conn_init(&c->cn, c->fd);
	if (net_set_nonblock(c->fd, 1) == -1 || (b->bo->chat &&
	    (c->ci = malloc(sizeof(*c->ci))) == NULL) ||
	    (b->bo->so->proxy_hdr && (c->pp = malloc(sizeof(*c->pp))) ==
	    NULL)) {
		save = errno;
		close(c->fd);
		free(c->ci);
		c->fd = -1;
		broker_emit(b, BROKER_EV_ACCEPT, NULL, NULL, 0, save);
		*backoff = 1;
		return 0;
	}
	if (c->ci != NULL)
		chat_in_init(c->ci);
	memcpy(c->addr, sc.addr, sizeof(c->addr));
	memcpy(c->label, sc.label, sizeof(c->label));
	c->moved_ms = b->now;
	c->rd_want = POLLIN;
	c->wr_want = POLLOUT;
	b->live++;
	if (c->pp == NULL) {
		client_start(b, c);
		return 1;
	}
	/* its PROXY header first, a step at a time (client_hdr) */
	c->pp->have = 0;
	c->pp_trusted = trusted;
	c->hs = 1;
	c->hs_want = POLLIN;
	c->hs_until = b->now + (b->bo->so->proxy_ms > 0 ?
	    b->bo->so->proxy_ms : PROXYHDR_MS);
	return 1;
}

int
broker_gateway(int fd, const struct server_conn *sc,
    int (*serve)(int fd, int end, const struct server_conn *sc, void *arg),
    void *arg, int *forked)
{
	int sp[2], keep[2], status, save_errno;
	pid_t pid;

	*forked = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == -1) {
		save_errno = errno;
		close(fd);
		errno = save_errno;
		return -1;
	}
	if ((pid = fork()) == -1) {
		save_errno = errno;
		*forked = 1;
		close(sp[0]);
		close(sp[1]);
		close(fd);
		errno = save_errno;
		return -1;
	}
	if (pid == 0) {
		(void)signal(SIGTERM, SIG_DFL);
		(void)signal(SIGINT, SIG_DFL);
		(void)signal(SIGHUP, SIG_DFL);
		keep[0] = fd;
		keep[1] = sp[1];
		fd_close_others(keep, 2);
		if (fork() != 0)
			_exit(0);
		_exit(serve(fd, sp[1], sc, arg));
	}
	close(sp[1]);
	close(fd);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return sp[0];
}
