/*
 * proxy_assoc.c: the SOCKS5 server's UDP ASSOCIATE (RFC 1928 section 7)
 * and BIND, beside proxy_serve.c's CONNECT, with its rules (phs_refuses)
 * for every datagram's destination and for BIND's peer.  Core: never
 * prints, never exits.
 *
 * An association is one poll loop over the client's TCP connection (its
 * end, or an error on it, ends the association), the relay socket the
 * client sends to (bound on the address it reached, port 0) and one
 * socket a family towards the destinations.  Datagrams move in batches
 * (net/dgram.c): a client's header is skipped in place and a reply's
 * written in place before it, so no byte is copied.  Only the client's
 * address, and its port once known (named, or fixed by its first
 * datagram), is heard on the relay; a reply is taken only from a place
 * the client sent to (DSTS of them remembered, the oldest forgotten
 * first), so no third party reaches the client through us, nor the
 * client one the rules refuse.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/dgram.h"
#include "net/net.h"
#include "parse/socks_serve.h"
#include "parse/socks_udp.h"
#include "proxy/proxy_int.h"
#include "util/clock.h"

#define DSTS	16		/* places a reply may come from */
#define ROOM	SOCKS5_UDP_HDR_V6	/* before each datagram: a header */

struct assoc {
	struct hs		*h;
	struct pollfd		 pfd[4];	/* TCP, relay, IPv4, IPv6 out */
	struct sockaddr_storage	 client;	/* port 0 until known */
	struct sockaddr_storage	 dst[DSTS];
	int			 ndst, last;
	struct socks5_udp	 u;
	char			 name[256];	/* the last name resolved */
	int			 nport;
	struct sockaddr_storage	 naddr;		/* to this, or nowhere */
	const char		*nwhy;		/* why not, or NULL */
	int			 gso[3];
	char			*mem;
	struct dgram		 d[DGRAM_BATCH];
	int			 idx[2][DGRAM_BATCH], n[2];
};

static socklen_t
sa_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
	    sizeof(struct sockaddr_in6);
}

static in_port_t *
sa_port(struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ?
	    &((struct sockaddr_in *)(void *)ss)->sin_port :
	    &((struct sockaddr_in6 *)(void *)ss)->sin6_port;
}

/* A socket of sa's family bound to its address, port 0, or -1. */
static int
bound_socket(const struct sockaddr_storage *sa, int type)
{
	struct sockaddr_storage b = *sa;
	int fd;

	*sa_port(&b) = 0;
	if ((fd = net_socket(b.ss_family, type, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&b, sa_len(&b)) == -1) {
		(void)close(fd);
		return -1;
	}
	return fd;
}

/* the place a reply may come from: its slot, or -1 */
static int
dst_find(struct assoc *a, const struct sockaddr_storage *ss)
{
	int i;

	if (a->ndst > 0 && net_same_addr(&a->dst[a->last], sizeof(*ss),
	    (const struct sockaddr *)ss))
		return a->last;
	for (i = 0; i < a->ndst; i++)
		if (net_same_addr(&a->dst[i], sizeof(*ss),
		    (const struct sockaddr *)ss))
			return a->last = i;
	return -1;
}

/*
 * Where the datagram a->u names goes, into to: its address, or its
 * name's first the rules let through (the last name's remembered).  NULL
 * when it may go, else why not.
 */
static const char *
dst_place(struct assoc *a, struct sockaddr_storage *to)
{
	const struct pserve *ps = a->h->ps;
	struct addrinfo *res, *ai;
	const char *why = "port 0";
	char port[8];

	if (a->u.port == 0)
		return why;
	if (a->u.atyp != SOCKS5_ATYP_NAME) {
		(void)socks5_udp_to_sa(&a->u, to);
		phs_unmap((struct sockaddr *)to, to);
		if (dst_find(a, to) != -1)
			return NULL;
		return phs_refuses(a->h, NULL, (struct sockaddr *)to,
		    a->u.port);
	}
	if (a->nport != a->u.port || strcmp(a->name, a->u.name) != 0) {
		snprintf(port, sizeof(port), "%d", a->u.port);
		a->nwhy = "the name does not resolve";
		if (net_resolve(a->u.name, port, ps->dial, 0, &res,
		    a->h->pc->err) == 0) {
			for (ai = res; ai != NULL; ai = ai->ai_next) {
				phs_unmap(ai->ai_addr, &a->naddr);
				a->nwhy = phs_refuses(a->h, a->u.name,
				    (struct sockaddr *)&a->naddr, a->u.port);
				if (a->nwhy == NULL)
					break;
			}
			freeaddrinfo(res);
		}
		memcpy(a->name, a->u.name, sizeof(a->name));
		a->nport = a->u.port;
	}
	*to = a->naddr;
	return a->nwhy;
}

/* a datagram's room before it, and where it is received */
static void
bufs(struct assoc *a)
{
	int i;

	for (i = 0; i < DGRAM_BATCH; i++)
		a->d[i].buf = a->mem + (size_t)i * (DGRAM_BUFSZ + ROOM) + ROOM;
}

/* d[idx[0..n)] out on fd, each to its place; those lost are dropped */
static void
send_all(struct assoc *a, int fd, const int *idx, int n, int *gso)
{
	int k = 0, r;

	while (k < n) {
		r = dgram_send(fd, a->d, idx + k, n - k, DGRAM_TO, gso);
		if (r <= 0) {
			a->h->pc->dropped++;
			r = 1;
		}
		k += r;
	}
}

/* The client's datagrams, from the relay socket, on to their places. */
static int
from_client(struct assoc *a)
{
	struct pserve_conn *pc = a->h->pc;
	struct sockaddr_storage c;
	struct dgram *d;
	char err[SK_ERRLEN], host[SK_HOSTLEN];
	long hl;
	int i, n, f, port;

	bufs(a);
	if ((n = dgram_recv(a->pfd[1].fd, a->d, DGRAM_BATCH, DGRAM_FROM)) <= 0)
		return n;
	a->n[0] = a->n[1] = 0;
	for (i = 0; i < n; i++) {
		d = &a->d[i];
		phs_unmap((struct sockaddr *)&d->addr, &d->addr);
		/* another host, or another port of the client's (none
		 * known: the first datagram's) */
		c = a->client;
		if (*sa_port(&c) == 0)
			*sa_port(&c) = *sa_port(&d->addr);
		if (!net_same_addr(&d->addr, sizeof(c), (struct sockaddr *)&c))
			goto drop;
		*sa_port(&a->client) = *sa_port(&d->addr);
		if ((hl = socks5_udp_decode((unsigned char *)d->buf, d->len,
		    &a->u, err)) == -1 || a->u.frag != 0 ||
		    dst_place(a, &d->addr) != NULL)
			goto drop;
		f = d->addr.ss_family == AF_INET6;
		if (a->pfd[2 + f].fd == -1 && (a->pfd[2 + f].fd =
		    net_socket(d->addr.ss_family, SOCK_DGRAM, 0)) == -1)
			goto drop;
		if (dst_find(a, &d->addr) == -1) {
			/* a new place: the oldest one forgotten for it */
			a->dst[pc->dsts % DSTS] = d->addr;
			a->ndst += a->ndst < DSTS;
			/* the record names the first */
			if (pc->dsts++ == 0 && (a->u.atyp == SOCKS5_ATYP_NAME ||
			    net_addr_str((struct sockaddr *)&d->addr,
			    sa_len(&d->addr), host, sizeof(host), &port) == 0))
				phs_target(a->h, a->u.atyp == SOCKS5_ATYP_NAME ?
				    a->u.name : host, a->u.port);
		}
		d->alen = sa_len(&d->addr);
		d->off = (size_t)hl;
		pc->dg_up++;
		pc->up += d->len - (size_t)hl;
		a->idx[f][a->n[f]++] = i;
		continue;
drop:
		pc->dropped++;
	}
	for (f = 0; f < 2; f++)
		if (a->n[f] > 0)
			send_all(a, a->pfd[2 + f].fd, a->idx[f], a->n[f],
			    &a->gso[f]);
	return n;
}

/* Replies from the places the client sent to, back with a header. */
static int
to_client(struct assoc *a, int fd)
{
	struct pserve_conn *pc = a->h->pc;
	struct dgram *d;
	unsigned char hb[ROOM];
	size_t hl;
	int i, n, k = 0;

	bufs(a);
	if ((n = dgram_recv(fd, a->d, DGRAM_BATCH, DGRAM_FROM)) <= 0)
		return n;
	for (i = 0; i < n; i++) {
		d = &a->d[i];
		phs_unmap((struct sockaddr *)&d->addr, &d->addr);
		if (dst_find(a, &d->addr) == -1) {
			pc->dropped++;
			continue;
		}
		hl = socks5_udp_hdr_sa((struct sockaddr *)&d->addr, hb);
		pc->dg_down++;
		pc->down += d->len;
		d->buf -= ROOM;
		d->off = ROOM - hl;
		memcpy(d->buf + d->off, hb, hl);
		d->len += ROOM;
		d->addr = a->client;
		d->alen = sa_len(&a->client);
		a->idx[0][k++] = i;
	}
	send_all(a, a->pfd[1].fd, a->idx[0], k, &a->gso[2]);
	return n;
}

/* The association's loop, until its TCP connection ends or it idles. */
static const char *
assoc_loop(struct assoc *a)
{
	struct hs *h = a->h;
	int idle = h->ps->idle_ms, ms = -1, pr, i, got;
	long long last = mono_ms();
	char b[512];
	ssize_t r;

	for (;;) {
		if (idle > 0 && (ms = (int)(last + idle - mono_ms())) <= 0)
			return "idle";
		if ((pr = poll(a->pfd, 4, ms)) == -1) {
			if (errno == EINTR)
				continue;
			return strerror(errno);
		}
		if (a->pfd[0].revents != 0) {
			r = conn_read(h->c, b, sizeof(b));
			if (r == 0)
				return "the client's connection closed";
			if (r < 0 && errno != EAGAIN && errno != EINTR &&
			    errno != EWOULDBLOCK)
				return "the client's connection failed";
		}
		/* an error pending on a socket is taken by its read */
		got = 0;
		if (a->pfd[1].revents != 0)
			got |= from_client(a) > 0;
		for (i = 2; i < 4; i++)
			if (a->pfd[i].revents != 0)
				got |= to_client(a, a->pfd[i].fd) > 0;
		if (got && idle > 0)
			last = mono_ms();
	}
}

int
pudp_run(struct hs *h, const struct socks5_req *rq)
{
	static struct assoc a;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	const char *why;
	int i;

	memset(&a, 0, sizeof(a));
	a.h = h;
	a.gso[0] = a.gso[1] = a.gso[2] = 1;
	for (i = 0; i < 4; i++) {
		a.pfd[i].fd = -1;
		a.pfd[i].events = POLLIN;
	}
	a.pfd[0].fd = h->c->fd;
	/* the client's datagrams come from where its connection does */
	if (getpeername(h->c->fd, (struct sockaddr *)&ss, &sl) == -1 ||
	    (a.mem = malloc(DGRAM_BATCH * (size_t)(DGRAM_BUFSZ + ROOM))) ==
	    NULL || (a.pfd[1].fd = bound_socket(&h->self, SOCK_DGRAM)) == -1) {
		why = strerror(errno);
		free(a.mem);
		(void)phs_reply(h, SOCKS5_REP_FAIL, NULL);
		return phs_fail(h, SOCKS5_REP_FAIL, why);
	}
	phs_unmap((struct sockaddr *)&ss, &a.client);
	*sa_port(&a.client) = htons((in_port_t)rq->port);
	sl = sizeof(ss);
	if (getsockname(a.pfd[1].fd, (struct sockaddr *)&ss, &sl) == -1 ||
	    phs_reply(h, SOCKS5_REP_OK, (struct sockaddr *)&ss) == -1)
		why = h->pc->err;
	else
		why = assoc_loop(&a);
	if (why != h->pc->err)
		snprintf(h->pc->err, SK_ERRLEN, "%s", why);
	for (i = 1; i < 4; i++)
		if (a.pfd[i].fd != -1)
			(void)close(a.pfd[i].fd);
	free(a.mem);
	return 1;
}

/*
 * The peer BIND's client named, into want: 1 for any (0.0.0.0, ::), 0
 * for the address or the name's first, -1 with pc->err for a name that
 * does not resolve.
 */
static int
named_peer(struct hs *h, const char *host, struct sockaddr_storage *want)
{
	static const unsigned char zero[16];
	struct addrinfo *res;
	const unsigned char *a;

	/* either family's, whatever -4 or -6 let a name resolve to */
	if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0)
		return 1;
	if (net_resolve(host, "1", h->ps->dial, 0, &res, h->pc->err) == -1)
		return -1;
	phs_unmap(res->ai_addr, want);
	freeaddrinfo(res);
	a = want->ss_family == AF_INET ? (const unsigned char *)
	    &((struct sockaddr_in *)(void *)want)->sin_addr :
	    ((struct sockaddr_in6 *)(void *)want)->sin6_addr.s6_addr;
	return memcmp(a, zero, want->ss_family == AF_INET ? 4 : 16) == 0;
}

int
pbind_run(struct hs *h, const struct socks5_req *rq, struct conn *oc)
{
	struct sockaddr_storage want, peer;
	struct pollfd pfd[2];
	socklen_t sl = sizeof(peer);
	const char *why;
	char host[SK_HOSTLEN];
	int lfd, fd, port, any, ms;

	if ((any = named_peer(h, rq->host, &want)) == -1) {
		(void)phs_reply(h, SOCKS5_REP_HOSTUNREACH, NULL);
		return phs_fail(h, SOCKS5_REP_HOSTUNREACH, h->pc->err);
	}
	if (!any && (why = phs_refuses(h, NULL, (struct sockaddr *)&want,
	    rq->port > 0 ? rq->port : 1)) != NULL) {
		(void)phs_reply(h, SOCKS5_REP_RULESET, NULL);
		return phs_fail(h, SOCKS5_REP_RULESET, why);
	}
	if ((lfd = bound_socket(&h->self, SOCK_STREAM)) == -1 ||
	    listen(lfd, 1) == -1 || getsockname(lfd, (struct sockaddr *)&peer,
	    &sl) == -1) {
		why = strerror(errno);
		if (lfd != -1)
			(void)close(lfd);
		(void)phs_reply(h, SOCKS5_REP_FAIL, NULL);
		return phs_fail(h, SOCKS5_REP_FAIL, why);
	}
	if (phs_reply(h, SOCKS5_REP_OK, (struct sockaddr *)&peer) == -1) {
		(void)close(lfd);
		return -1;
	}
	/* the peer within the session's time, the client still there */
	h->deadline = h->ps->hs_ms > 0 ? mono_ms() + h->ps->hs_ms : 0;
	why = "no connection in time";
	for (;;) {
		ms = h->deadline == 0 ? -1 : (int)(h->deadline - mono_ms());
		if (ms == 0 || ms < -1 || phs_wait(h, pfd, lfd, ms) <= 0)
			break;
		/* what it sends meanwhile is the peer's, once it comes */
		if (pfd[0].revents != 0 && phs_read(h) == -1) {
			why = h->pc->err;
			break;
		}
		if (pfd[1].revents == 0)
			continue;
		sl = sizeof(peer);
		if ((fd = accept(lfd, (struct sockaddr *)&peer, &sl)) == -1)
			continue;
		phs_unmap((struct sockaddr *)&peer, &peer);
		/* the host BIND named, from any port */
		*sa_port(&want) = *sa_port(&peer);
		if ((any || net_same_addr(&peer, sizeof(peer),
		    (struct sockaddr *)&want)) && phs_refuses(h, NULL,
		    (struct sockaddr *)&peer, ntohs(*sa_port(&peer))) == NULL) {
			(void)close(lfd);
			conn_init(oc, fd);
			if (net_addr_str((struct sockaddr *)&peer, sa_len(&peer),
			    host, sizeof(host), &port) == 0)
				phs_target(h, host, port);
			if (phs_reply(h, SOCKS5_REP_OK, (struct sockaddr *)&peer)
			    == -1 || phs_pass_rest(h, oc) == -1) {
				phs_drop(oc);
				return -1;
			}
			return 0;
		}
		/* not the peer the client named, or one the rules refuse */
		h->pc->dropped++;
		(void)close(fd);
	}
	(void)close(lfd);
	snprintf(host, sizeof(host), "%s", why);
	/* the second reply gets a time of its own */
	h->deadline = h->ps->hs_ms > 0 ? mono_ms() + h->ps->hs_ms : 0;
	(void)phs_reply(h, SOCKS5_REP_TTL, NULL);
	return phs_fail(h, SOCKS5_REP_TTL, host);
}

int
pserve_assoc(struct hs *h, const struct socks5_req *rq, struct conn *oc)
{
	return rq->cmd == SOCKS5_CMD_UDP ? pudp_run(h, rq) :
	    pbind_run(h, rq, oc);
}
