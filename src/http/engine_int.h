/*
 * http/engine_int.h: what the engine's files share, and nothing outside
 * them includes.  They call each other one way only, from the top:
 *
 *	sched.c		the transfer scheduler: the poll loop, which
 *			transfer goes on which connection, the timers
 *	wait.c		the loop's wait: asleep, or awake for a moment
 *	open.c		a connection opened: the dial, then the layers
 *			of its stack (an https:// proxy's TLS, the
 *			proxy's handshake, TLS) a step at a time
 *	response.c	responses read: heads, redirects, failures,
 *			the end of each transfer
 *	body.c		a body's bytes: framing, decoding, pacing,
 *			splice
 *	request.c	requests built and written
 *	cookies.c	the Cookie field of a request, the Set-Cookie
 *			fields of a head into the jar
 *	pool.c		the connections and their transfers: the hosts,
 *			the queues, closing and each graceful end,
 *			ending a transfer
 *
 * each using only those below it (decode.c and output.c stand apart).
 */
#ifndef HTTP_ENGINE_INT_H
#define HTTP_ENGINE_INT_H

#include <sys/types.h>
#include <sys/socket.h>

#include <netdb.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "http/auth.h"
#include "http/decode.h"
#include "http/engine.h"
#include "http/output.h"
#include "net/conn.h"
#include "net/net.h"
#include "parse/cookie.h"
#include "parse/http.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "util/base.h"
#include "util/spin.h"

#define MBUFSZ		(256 * 1024)	/* a connection's read buffer */
/* a response's heads, each line within curl's HTTP_LINE_MAX (curl 7.88
   caps the lines alone: a head of several such lines fits) */
#define HTTPC_HEAD_MAX	(MBUFSZ - 16 * 1024)
/*
 * A request head: the -H and -A fields (HTTPC_FIELDS_MAX, which the
 * command checks when it reads them), the request target (an absolute
 * URL for a proxy), Host, and room for the rest (Accept, Connection,
 * the Basic credentials, a transfer's own fields).
 */
#define HTTPC_REQSZ	(HTTPC_FIELDS_MAX + 8192 + 2 * SK_HOSTLEN + \
			    COOKIE_FIELD_MAX + 8192)
/* the jar's part of a Cookie field, "Cookie: " and the CRLF (-b's
   name=value pairs are counted in HTTPC_FIELDS_MAX) */
#define COOKIE_FIELD_MAX (COOKIE_HDR_MAX + 16)
#define KEYLEN		(3 * SK_HOSTLEN + 2 * SK_PORTLEN + URL_ZONELEN + \
			    PROXY_USERLEN + 32)

/*
 * -Y/-y, curl's low speed check (speed.c): a sample of a transfer's
 * body bytes each second, the speed the bytes of the last
 * SPEED_SAMPLES - 1 seconds, as curl's progress meter reckons it
 */
#define SPEED_SAMPLES	6
struct speedck {
	long long	 next;		/* mono_ms the next sample is due, 0:
					   none taken yet */
	long long	 slow;		/* mono_ms it went under, 0: not */
	long long	 t[SPEED_SAMPLES];
	uint64_t	 b[SPEED_SAMPLES];
	int		 n;		/* samples taken */
};

/* A transfer. */
struct mx {
	struct mx	*next;
	int		 id;
	int		 host;		/* index in m->hosts */
	int		 sent;		/* its request is in the write buffer */
	int		 resent;	/* times it went again after a close */
	int		 lost;		/* ... of them on a connection that had
					   answered nothing yet */
	int		 keep_alive;
	int		 resume;	/* a 416 is no failure */
	long long	 not_before;
	long long	 deadline;	/* -m: mono_ms, -1 none, 0 not started */
	const struct url *url, *origin;	/* the caller's */
	const struct proxy *px;		/* the caller's, or NULL */
	int		 tunnel;	/* through px by CONNECT or SOCKS */
	const char	*fields[HTTPM_FIELDS];
	int		 nfields;
	const char	*referer;	/* the caller's, or NULL */
	struct hauth	*auth;		/* the caller's, or NULL */
	struct hauth	*pauth;		/* ... for its proxy */
	uint64_t	 body;		/* body bytes on the wire */
	uint64_t	 decoded;	/* ... and decoded, delivered */
	long long	 t0;		/* mono_ms its body began */
	struct decode	 dec;		/* its codings (decode.h), or none */
	struct speedck	 spd;		/* -Y/-y */
	struct output	*direct;	/* its body goes there, not to data */
	/*
	 * its redirect's target, resolved at the head and read by the done
	 * hook once the body was drained: its own, as another transfer's
	 * head may come between (made at the first redirect, kept by the
	 * spare)
	 */
	struct url	*redir;
	struct httpc_result res;
};

/* A place connections go to: a scheme, host and port by one way. */
struct mhost {
	char		 key[KEYLEN];
	char		 name[SK_HOSTLEN + URL_ZONELEN];	/* to resolve */
	char		 port[SK_PORTLEN];
	/*
	 * the server its URLs name (TLS's name, a tunnel's end), kept here
	 * and not read off a connection's first transfer: a connection
	 * still opening may have none (another took it, sched.c)
	 */
	char		 to_host[SK_HOSTLEN];
	char		 to_port[SK_PORTLEN];
	int		 to_port_num;
	int		 https;
	int		 has_px;	/* its connections lead to px */
	struct proxy	 px;
	int		 tunnel;
	struct addrinfo	*ai;		/* resolved once */
	const struct dialmap_resolve *map;	/* --resolve's addresses, or
					 * NULL: resolve name */
	int		 ai_own;	/* ai is net_addr_list's */
	int		 ai_unix;	/* ai is a proxy's UNIX socket, one
					 * malloc */
	int		 nconns;
	long long	 rtt_us;	/* its shortest round trip seen, 0:
					   none yet (near_host's measure) */
	int		 nopipe;	/* a pipeline failed: one at a time */
	unsigned	 full;		/* no room in this assign pass */
};

/* What a connection is doing. */
enum cstate {
	C_DIAL,		/* connecting (Happy Eyeballs) */
	C_HS,		/* its layers' handshakes: an https:// proxy's TLS,
			   the proxy's handshake, TLS */
	C_OPEN,		/* requests and responses */
	C_END		/* its graceful end (m->ends): no connection any
			   more to the scheduler */
};

/*
 * A connection: once dialed, a struct conn (net/conn.h) whose layers
 * are an https:// proxy's TLS, the proxy's handshake and the server's
 * TLS, each as the host needs; every byte goes through it.
 */
struct mconn {
	enum cstate	 state;
	struct conn	 conn;		/* the socket and its layers; fd -1
					   before C_HS */
	struct mconn	*next;		/* C_END: the next in m->ends */
	struct tls_conn	*tls;		/* the server's TLS layer, or NULL */
	char		*certs;		/* its chain's text (http.certinfo),
					   or NULL */
	int		 at_ptls;	/* the layer of an https:// proxy's
					   TLS, or -1 */
	int		 at_proxy;	/* ... of the proxy's handshake */
	struct httpm	*m;		/* its engine (a 407 to CONNECT) */
	int		 reauth;	/* a 407 to CONNECT answered: its
					   transfers go again if it fails */
	int		 host;		/* index in m->hosts */
	int		 http10;	/* its last response was HTTP/1.0: the
					   next request says 1.0, as curl's */
	struct net_dialer *dialer;	/* C_DIAL */
	long long	 dial_deadline;	/* dial and handshakes within -w */
	long long	 dial_us;	/* mono_us the dial began */
	long long	 last_rx;	/* mono_ms of the last byte, or send */
	long long	 paused;	/* --limit-rate: no read before, 0 */
	int		 want;		/* what a step, a write or the end
					   waits for */
	int		 rwant_out;	/* a read waits to write first (TLS) */
	char		*buf;
	size_t		 len, off;	/* unread: buf[off .. len) */
	char		*wb;		/* requests not yet written */
	size_t		 wlen, woff, wcap;
	struct mx	*q, *qtail;	/* its transfers, in request order */
	int		 nq;
	int		 closing;	/* no more requests: it will close */
	int		 unsent;	/* transfers placed since the last write */
	unsigned long	 nresp;		/* responses read on it */
	unsigned long	 nreq;		/* requests built for it */
	struct httpm_peer peer;		/* where it leads */
	char		 ip[SK_HOSTLEN];	/* ... peer.ip's text */
	char		 lip[SK_HOSTLEN];	/* ... peer.local_ip's */
	/* the first transfer's response */
	int		 inbody;
	int		 discard;	/* the body goes nowhere */
	int		 ninterim;
	size_t		 interim;	/* bytes of its 1xx heads */
	enum http_body_kind kind;
	uint64_t	 left;
	struct http_chunked ch;
	int		 said_peer;	/* the request hook had its peer with
					   the CONNECT's request */
	char		*trail;		/* its trailer lines so far */
	size_t		 trlen;
	int		 pipe[2];	/* splice into a file: ours, or -1 */
	size_t		 pipecap;
	int		 splicing;	/* the body moves by splice */
};

struct httpm {
	struct httpm_opts o;
	struct httpm_hooks h;
	struct mx	*pend, *ptail;	/* waiting for a connection */
	int		 npend;
	struct mx	*freex;		/* spare transfers */
	int		 dry;		/* the next hook had none */
	int		 kick;		/* a transfer ended: pull again */
	struct mconn	**conns;	/* max_conns slots, NULL free */
	int		 nconns;
	struct mconn	*ends;		/* closed, their ends under way */
	int		 nends;
	struct mhost	*hosts;
	int		 nhosts;
	unsigned	 pass;
	struct http_resp *resp;
	char		*req;		/* a request head, reqcap bytes */
	size_t		 reqcap;
	char		*target;	/* the last proxy's request target */
	const char	**hdrs;
	char		*cookie;	/* a request's Cookie field */
	char		 authv[HAUTH_VALUE_MAX];	/* a Digest answer */
	char		 pauthv[HAUTH_VALUE_MAX];	/* ... to a proxy */
	struct url	 redir;		/* res.next of a transfer not
					   redirected */
	struct addrinfo	 uai;		/* --unix-socket: every connection's */
	struct sockaddr_storage uaddr;
	struct pollfd	*pfd;
	struct mconn	**pconn;	/* which connection each pfd is */
	int		 npfd;		/* room in both */
	int		 awaiting;	/* a request out, its answer not in */
	struct spin	 spin;		/* wait.c's: awake or asleep */
};

/* pool.c: the connections and their transfers */

/* Record an outcome and its message in x's result. */
void	mx_seterr(struct mx *x, enum httpc_outcome oc, const char *fmt, ...);
/* A transfer from the spares, or NULL. */
struct mx *mx_get(struct httpm *m);
/* x freed, its redirect's URL too. */
void	mx_free(struct mx *x);
/* Append x to a list; take x, after prev (NULL: the head), off one. */
void	list_add(struct mx **head, struct mx **tail, struct mx *x);
void	list_cut(struct mx **head, struct mx **tail, struct mx *prev,
	    struct mx *x);
/*
 * host_room: room for one more host in m: it, zeroed, at m->nhosts (the
 * caller counts it), or NULL (ENOMEM).
 */
struct mhost *host_room(struct httpm *m);
/* The host of x, found or added: its index, or -1 with errno. */
int	host_of(struct httpm *m, const struct mx *x);
/* A new connection to host hi, not yet dialing: it, or NULL. */
struct mconn *mconn_new(struct httpm *m, int hi);
/*
 * host_map: --connect-to and --resolve for h (host and port the URL's
 * or its proxy's): where it is dialed, h->name, h->port and h->map.
 */
void	host_map(const struct httpm *m, struct mhost *h, const char *host,
	    int port);
/*
 * carry_keep: with m->o.carry, m's idle connections (not through a
 * proxy) kept for the next engine (carry.c), taken off m before it
 * closes the rest; carry_adopt: a new m takes them, each under a host of
 * its own (the same key: its requests find it), or ends those its
 * --connect-to sends elsewhere and TLS ones its TLS options do not fit.
 */
void	carry_keep(struct httpm *m);
void	carry_adopt(struct httpm *m);
/* The end of x: the caller hears of it (c: where it went, or NULL). */
void	finish(struct httpm *m, struct mconn *c, struct mx *x);
/* x never goes: the start hook said so. */
void	drop(struct httpm *m, struct mx *x);
/* The list head..tail before every transfer waiting, in its order. */
void	pend_front(struct httpm *m, struct mx *head, struct mx *tail);
/* Take the first transfer off c; the state of its response reset. */
struct mx *mconn_pop(struct mconn *c);
/*
 * The transfers of c go again, before every other waiting one and in
 * their order; a pipeline that broke makes the host one at a time.
 */
void	mconn_requeue(struct httpm *m, struct mconn *c);
/*
 * Close c, its transfers (if any are left) going again: it leaves the
 * scheduler's connections, and its graceful end (net/conn.h) goes on in
 * m->ends, the peer owing nothing more when c had no transfer left,
 * else gone (as a failure marks it first); with max_conns ends under
 * way already (peers that never end), gone too: no more descriptors
 * held for them.
 */
void	mconn_close(struct httpm *m, struct mconn *c);
/*
 * One step of the end of c, one of m->ends: 0 while it goes on (c->want
 * what it waits for, conn_close_due when to step again though nothing
 * came), 1 once it is over and c freed.
 */
int	mconn_end(struct httpm *m, struct mconn *c);
/* d for each transfer c carries (httpc_result's detail). */
void	mconn_detail(struct mconn *c, enum httpc_detail d);
/* c failed: each of its transfers ends with the outcome. */
void	mconn_fail_all(struct httpm *m, struct mconn *c, enum httpc_outcome oc,
	    int sys_err, const char *msg);
/*
 * c's read failed with eno (a reset): its first transfer fails, naming
 * the host (or proxy) and port as connect does; the others go again.
 */
void	mconn_fail_read(struct httpm *m, struct mconn *c, int eno);
/* The first transfer of c fails; the others go again; c closes. */
void	mconn_fail_first(struct httpm *m, struct mconn *c,
	    enum httpc_outcome oc, const char *fmt, ...);

/*
 * speed.c: -Y/-y for c's transfer under way, at now: the mono_ms of the
 * next check, or -1 when none is due (off, or c reads none), or -2
 * after it failed the transfer (HTTPC_ERR_TIMEOUT, curl's words).
 */
long long speed_check(struct httpm *m, struct mconn *c, long long now);

/* request.c: requests */

/*
 * Write what waits; when nothing does, build the requests of the
 * transfers not yet sent first.  0, or -1 after c was closed.
 */
int	mconn_flush(struct httpm *m, struct mconn *c);

/* cookies.c: the cookie engine, when the options turn it on */

/*
 * x's "Cookie: ..." field (no CRLF) into buf (cap bytes): the jar's
 * cookies for its URL, then -b's pairs.  Returns its length, 0 none.
 */
size_t	cookies_field(struct httpm *m, const struct mx *x, char *buf,
	    size_t cap);
/* The Set-Cookie fields of r, a head of x, into the jar. */
void	cookies_store(struct httpm *m, const struct mx *x,
	    const struct http_resp *r);

/* body.c: a body's bytes */

/*
 * The final head is in and a body of c->kind follows for x: its
 * codings set up, --max-filesize against a length, the splice chosen.
 * 0, or -1 with x's outcome set.
 */
int	body_begin(struct httpm *m, struct mconn *c, struct mx *x,
	    const struct http_resp *r);
/*
 * Body bytes p[0..n) of x as framed: counted, decoded, to the caller,
 * paced.  0, or -1 with x's outcome set.
 */
int	body_deliver(struct httpm *m, struct mconn *c, struct mx *x,
	    const char *p, size_t n);
/*
 * c's socket is readable and its body moves by splice: as much as is
 * there.  1 when the body is complete, 0 to wait, -1 after c was
 * closed.
 */
int	body_splice(struct httpm *m, struct mconn *c);

/* response.c: responses */

/* c is readable.  0, or -1 after c was closed. */
int	mconn_read(struct httpm *m, struct mconn *c);

/* wait.c: the engine's wait for its connections */

/* How to wait, for a new engine. */
void	wait_init(struct httpm *m);
/*
 * poll(2) on m->pfd[0..nfd) for at most wait ms (-1: no limit), the
 * caller's held output written when nothing comes for a moment.
 * Returns poll's count, or -1 with errno.
 */
int	wait_for(struct httpm *m, int nfd, int wait);

/* open.c: opening a connection */

/* c starts to open for its first transfer.  0, or -1 after c was closed. */
int	open_begin(struct httpm *m, struct mconn *c);
/* The poll entries of c while it opens; returns how many. */
int	open_fds(struct mconn *c, struct pollfd *pfd, int cap);
/* One step of the opening after poll.  0, or -1 after c was closed. */
int	open_step(struct httpm *m, struct mconn *c, const struct pollfd *pfd,
	    int n);
/*
 * When c's next dial attempt is due, or its handshake's next step
 * though nothing came (conn_step_wake), -1 none.
 */
long long open_wake(const struct mconn *c);
/* The time to open c ran out: its transfers end.  */
void	open_timeout(struct httpm *m, struct mconn *c);

#endif /* HTTP_ENGINE_INT_H */
