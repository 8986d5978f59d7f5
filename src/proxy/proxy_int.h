/*
 * proxy_int.h: what proxy_serve.c lends proxy_http.c, the two halves of
 * the proxy servers' side of a connection: a client's handshake (its
 * bytes, its deadline, what it is told) and the onward dial within the
 * rules.  Core: never prints, never exits.
 */
#ifndef PROXY_INT_H
#define PROXY_INT_H

#include <sys/types.h>
#include <sys/socket.h>

#include <poll.h>
#include <stddef.h>

#include "parse/http_proxy.h"
#include "proxy/proxy_serve.h"

/* the client's bytes: a head, a request's body, pipelined data */
#define HS_BUF		(HPROXY_HEAD_MAX + 16 * 1024)

/* Why a dial did not happen: each protocol says it its own way. */
enum why {
	PW_OK,
	PW_FAIL,		/* SOCKS5 1, HTTP 502 */
	PW_RULESET,	/* 2, 403 */
	PW_NETUNREACH,	/* 3, 502 */
	PW_HOSTUNREACH,	/* 4, 502 */
	PW_REFUSED,	/* 5, 502 */
	PW_TIMEOUT	/* 6, 504 */
};

struct conn;

/*
 * One client's handshake: its endpoint (TLS or none above the socket:
 * every byte to and from the client goes through it), its deadline, what
 * it sent.
 */
struct hs {
	struct conn	*c;
	long long	 deadline;	/* mono_ms(); 0: none */
	const struct pserve *ps;
	struct pserve_conn *pc;
	struct sockaddr_storage self;	/* where the client reached us */
	size_t		 len, off;	/* bytes in buf; consumed */
	unsigned char	 buf[HS_BUF];
};

/*
 * phs_init: h for the client c, whose socket it makes non-blocking (its
 * waits are polls on conn_want's events), pc cleared (code -1), the
 * deadline ps->hs_ms from now.
 */
void	phs_init(struct hs *h, struct conn *c, const struct pserve *ps,
	    struct pserve_conn *pc);

/* phs_fail: pc->err = what, pc->code = code (-1: none sent); -1. */
int	phs_fail(struct hs *h, int code, const char *what);

/*
 * phs_read: more of the client's bytes into buf, as many as are there.
 * Returns 0, or -1 with pc->err (the client closed, was slow, or sent
 * too much).
 */
int	phs_read(struct hs *h);

/* phs_write: b[0..n) to the client within the deadline.  0, or -1. */
int	phs_write(struct hs *h, const void *b, size_t n);

/*
 * phs_wait: until the client's endpoint may have bytes to read (at once
 * when it holds some already, as TLS may: poll cannot see them), or ms
 * pass (-1: no limit); with other in pfd[1] (-1: none), until that is
 * readable too.  Returns poll's count (> 0 with pfd[0].revents set, or
 * POLLIN there for held bytes), 0 after ms, -1 with errno.
 */
int	phs_wait(struct hs *h, struct pollfd pfd[2], int other, int ms);

/*
 * phs_pass_rest: the client's bytes after its request, buf[off..len),
 * onward through oc.  0, or -1 with pc->err.
 */
int	phs_pass_rest(struct hs *h, struct conn *oc);

/*
 * phs_pass_early: a chained proxy's early bytes, which oc holds, read
 * through it and sent to the client, so that oc is a bare descriptor
 * again, which the relay may splice.  0, or -1 with pc->err.
 */
int	phs_pass_early(struct hs *h, struct conn *oc);

/*
 * phs_dial: the onward endpoint for host and port within the rules and
 * never to this proxy, into oc: net/stack.c's dial (stack_open), the
 * chained proxy's handshake a layer of it, whose early bytes oc holds
 * for its first read; its descriptor blocking; pc naming it
 * (phs_target).  The deadline starts anew after it.  Returns 0, or -1
 * with *why and pc->err (oc then holds no descriptor).
 */
int	phs_dial(struct hs *h, const char *host, int port, struct conn *oc,
	    enum why *why);

/*
 * phs_drop: oc's layers freed and its descriptor closed, without a
 * graceful end (an origin's connection no longer wanted, a tunnel that
 * never began); oc then holds none (fd -1).
 */
void	phs_drop(struct conn *oc);

/* phs_target: pc->target, host and port name the destination asked for */
void	phs_target(struct hs *h, const char *host, int port);

/*
 * phs_stranger: is the client one not on loopback, whom neither --allow
 * (ps->open) nor credentials to ask for admit?  1 with pc->err and
 * pc->stranger set, for the refusal its protocol answers with; else 0.
 */
int	phs_stranger(struct hs *h);

/* phs_unmap: sa, an IPv4-mapped IPv6 address as the IPv4 one, into out */
void	phs_unmap(const struct sockaddr *sa, struct sockaddr_storage *out);

/*
 * phs_refuses: may the client reach host (as it named it; NULL: an
 * address) at sa and port?  NULL, or why not: this proxy itself, or
 * the rules (--deny-to, --allow-to, a stranger kept from this host).
 */
const char *phs_refuses(const struct hs *h, const char *host,
	    const struct sockaddr *sa, int port);

/* phs_reply: a SOCKS5 reply naming sa (NULL: 0.0.0.0 port 0); 0, -1 */
int	phs_reply(struct hs *h, int rep, const struct sockaddr *sa);

struct socks5_req;

/*
 * proxy_assoc.c: SOCKS5's UDP ASSOCIATE and BIND (proxy_serve.h).
 * pudp_run answers the request and relays the association until it
 * ends: 1, pc told how it went; or -1 with pc->err, answered.
 * pbind_run answers the request twice: 0 with oc the peer's connection,
 * or -1 with pc->err.
 */
int	pudp_run(struct hs *h, const struct socks5_req *rq);
int	pbind_run(struct hs *h, const struct socks5_req *rq, struct conn *oc);

#endif /* PROXY_INT_H */
