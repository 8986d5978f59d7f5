/*
 * proxy_serve.c: the SOCKS5 and HTTP proxy servers' side of one
 * connection: read the request (however the bytes come: split, or with
 * the first data behind them), decide, dial, answer; SOCKS5's dialogue,
 * and the client's bytes, the rules and the onward dial that
 * proxy_http.c (the HTTP proxy) shares (proxy_int.h).  The parsers are
 * parse/socks_serve.c and parse/http_proxy.c; proxy_serve.h has the
 * contract.  Core: never prints, never exits.
 */
#define _DEFAULT_SOURCE		/* getifaddrs, which headers may hide */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/stack.h"
#include "parse/addr.h"
#include "parse/proxyto.h"
#include "parse/socks.h"
#include "parse/socks_serve.h"
#include "proxy/proxy_int.h"
#include "proxy/proxy_serve.h"
#include "util/base.h"
#include "util/clock.h"

#define DIAL_MAX	64	/* addresses of one name tried */

int
phs_fail(struct hs *h, int code, const char *what)
{
	h->pc->code = code;
	snprintf(h->pc->err, SK_ERRLEN, "%s", what);
	return -1;
}

static int
time_left(const struct hs *h)
{
	long long left;

	if (h->deadline == 0)
		return -1;
	left = h->deadline - mono_ms();
	return left <= 0 ? 0 : left > 0x7fffffff ? 0x7fffffff : (int)left;
}

int
phs_wait(struct hs *h, struct pollfd pfd[2], int other, int ms)
{
	int pr;

	pfd[0].fd = h->c->fd;
	pfd[0].events = (short)conn_want(h->c, POLLIN);
	pfd[0].revents = 0;
	pfd[1].fd = other;
	pfd[1].events = POLLIN;
	pfd[1].revents = 0;
	/* TLS holds what it decrypted past the last read: poll sees none */
	if (conn_pending(h->c) > 0) {
		pfd[0].revents = POLLIN;
		return 1;
	}
	while ((pr = poll(pfd, other != -1 ? 2 : 1, ms)) == -1 &&
	    errno == EINTR)
		continue;
	return pr;
}

int
phs_read(struct hs *h)
{
	struct pollfd pfd[2];
	ssize_t n;
	int ms, e;

	if (h->len == sizeof(h->buf))
		return phs_fail(h, -1, "request too long");
	for (;;) {
		/*
		 * A read first, a poll only when it would block: the
		 * client's first bytes are most often there when its
		 * connection is accepted, and TLS may hold them already.
		 */
		n = conn_read(h->c, h->buf + h->len, sizeof(h->buf) - h->len);
		if (n > 0) {
			h->len += (size_t)n;
			return 0;
		}
		if (n == 0)
			return phs_fail(h, -1, "the client closed before its "
			    "request was complete");
		if ((e = errno) == EPROTO)
			return phs_fail(h, -1, conn_error(h->c));
		if (e != EINTR && e != EAGAIN && e != EWOULDBLOCK)
			return phs_fail(h, -1, strerror(e));
		if ((ms = time_left(h)) == 0)
			return phs_fail(h, -1, "no complete request in time");
		if (e != EINTR && phs_wait(h, pfd, -1, ms) == -1)
			return phs_fail(h, -1, strerror(errno));
	}
}

int
phs_write(struct hs *h, const void *b, size_t n)
{
	int ms = time_left(h);

	if (ms == 0 || conn_write_all(h->c, b, n, ms > 0 ? mono_ms() + ms :
	    -1) == -1)
		return phs_fail(h, -1, ms == 0 || errno == ETIMEDOUT ?
		    "the client does not read" : errno == EPROTO ?
		    conn_error(h->c) : strerror(errno));
	return 0;
}

/*
 * sa with an IPv4-mapped IPv6 address made the IPv4 one, so a client of
 * a dual-stack listener compares with the addresses it names.
 */
void
phs_unmap(const struct sockaddr *sa, struct sockaddr_storage *out)
{
	struct sockaddr_storage in;
	const struct sockaddr_in6 *s6 = (const void *)&in;
	struct sockaddr_in *s4 = (void *)out;
	size_t n = sa->sa_family == AF_INET6 ? sizeof(*s6) :
	    sa->sa_family == AF_INET ? sizeof(*s4) : 0;

	/* out may be sa itself */
	memcpy(&in, sa, n);
	memset(out, 0, sizeof(*out));
	if (n == sizeof(*s6) && IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		s4->sin_family = AF_INET;
		s4->sin_port = s6->sin6_port;
		memcpy(&s4->sin_addr, s6->sin6_addr.s6_addr + 12, 4);
	} else
		memcpy(out, &in, n);
}

/* The port of sa, and its address's bytes in *a (4 or 16; 0: other). */
static int
sa_parts(const struct sockaddr_storage *ss, const unsigned char **a,
    size_t *alen)
{
	const struct sockaddr_in *s4 = (const void *)ss;
	const struct sockaddr_in6 *s6 = (const void *)ss;

	if (ss->ss_family == AF_INET) {
		*a = (const unsigned char *)&s4->sin_addr;
		*alen = 4;
		return ntohs(s4->sin_port);
	}
	if (ss->ss_family == AF_INET6) {
		*a = s6->sin6_addr.s6_addr;
		*alen = 16;
		return ntohs(s6->sin6_port);
	}
	*alen = 0;
	return -1;
}

/*
 * Would dialing sa reach this very proxy?  The port and address it
 * listens on, or for a wildcard bind any address of this host's with
 * that port (net/self.c); without the listener's, the address the
 * client reached, or any of this host's with its port.
 */
static int
is_self(const struct hs *h, const struct sockaddr *sa)
{
	struct sockaddr_storage any;

	if (h->ps->bound.ss_family != 0)
		return net_reaches((const struct sockaddr *)&h->ps->bound,
		    h->ps->bound_v6only, sa);
	if (net_reaches((const struct sockaddr *)&h->self, 0, sa))
		return 1;
	/* the client's address as a wildcard of its family, its port */
	any = h->self;
	if (any.ss_family == AF_INET)
		memset(&((struct sockaddr_in *)(void *)&any)->sin_addr, 0, 4);
	else if (any.ss_family == AF_INET6)
		memset(&((struct sockaddr_in6 *)(void *)&any)->sin6_addr, 0,
		    16);
	return net_reaches((const struct sockaddr *)&any, 0, sa);
}

/* errno of a dial into a reason. */
static enum why
dial_why(int e)
{
	switch (e) {
	case ECONNREFUSED:
		return PW_REFUSED;
	case ENETUNREACH:
	case ENETDOWN:
		return PW_NETUNREACH;
	case EHOSTUNREACH:
	case EHOSTDOWN:
		return PW_HOSTUNREACH;
	case ETIMEDOUT:
		return PW_TIMEOUT;
	default:
		return PW_FAIL;
	}
}

/* Why a destination is refused, in pc->err's words (judge). */
enum verdict {
	V_OK,
	V_SELF,
	V_DENY,
	V_INWARD,
	V_ALLOWTO
};

static const char *const verdict_why[] = {
	[V_OK] = "", [V_SELF] = "that is this proxy itself (a loop)",
	[V_DENY] = "denied by --deny-to",
	[V_INWARD] = ("this host or its link, closed to clients not on "
	    "loopback (--allow-to opens it)"),
	[V_ALLOWTO] = "not allowed by --allow-to"
};

/*
 * May the client go to host (as it named it) at sa (NULL: resolved by
 * the next proxy) and port?  Not where --deny-to says (it wins), only
 * where --allow-to says when it was given, and for a client not on
 * loopback never into this host or onto its links (net_addr_inward;
 * localhost's names) unless an --allow-to entry names the place.
 */
static enum verdict
judge(const struct hs *h, const char *host, const struct sockaddr *sa,
    int port)
{
	const struct pserve *ps = h->ps;

	if (ps->ndeny > 0 && proxy_to_match(ps->deny, ps->ndeny, host, sa,
	    port))
		return V_DENY;
	if (ps->nto > 0 && !proxy_to_match(ps->to, ps->nto, host, sa, port))
		return V_ALLOWTO;
	if (ps->stranger && (sa != NULL ? net_addr_inward(sa) :
	    addr_is_localhost(host)) && !proxy_to_names(ps->to, ps->nto, host, sa,
	    port))
		return V_INWARD;
	return V_OK;
}

const char *
phs_refuses(const struct hs *h, const char *host, const struct sockaddr *sa,
    int port)
{
	enum verdict v = is_self(h, sa) ? V_SELF : judge(h, host, sa, port);

	return v == V_OK ? NULL : verdict_why[v];
}

/*
 * Through ps->px: the next proxy resolves names, so the rules see what
 * the client named: an address (any spelling the resolver takes as
 * one, 127.1 too) is judged as such, a name by name.  The dial and the
 * proxy's handshake are net/stack.c's, as connect --proxy's; the bytes
 * that proxy sent after its reply wait in oc.
 */
static int
dial_chained(struct hs *h, const char *host, int portnum, struct conn *oc,
    enum why *why)
{
	const struct pserve *ps = h->ps;
	struct stack_dial d;
	struct addrinfo *ai;
	struct net_opts lit;
	char err[SK_ERRLEN], port[SK_PORTLEN], via[SK_HOSTLEN + 16];
	enum verdict v;

	snprintf(port, sizeof(port), "%d", portnum);
	lit = *ps->dial;
	lit.numeric = 1;
	/* an address of the family -4 or -6 leave out is an address still,
	 * which the next proxy dials: judged as one, not as a name */
	lit.family = AF_UNSPEC;
	if (net_resolve(host, port, &lit, 0, &ai, err) == 0) {
		v = judge(h, host, ai->ai_addr, portnum);
		freeaddrinfo(ai);
	} else
		v = judge(h, host, NULL, portnum);
	if (v != V_OK) {
		*why = PW_RULESET;
		return phs_fail(h, -1, verdict_why[v]);
	}
	memset(&d, 0, sizeof(d));
	d.host = host;
	d.port = port;
	d.no = ps->dial;
	d.px = ps->px;
	d.step_ms = ps->dial->timeout_ms > 0 ? ps->dial->timeout_ms : 0;
	if (stack_open(oc, &d, via, sizeof(via), h->pc->err) == -1) {
		*why = errno == ETIMEDOUT ? PW_TIMEOUT : PW_FAIL;
		return -1;
	}
	/* its reads and writes wait, as a direct dial's (proxy_http.c) */
	if (net_set_nonblock(oc->fd, 0) == -1) {
		*why = PW_FAIL;
		snprintf(h->pc->err, SK_ERRLEN, "%s", strerror(errno));
		phs_drop(oc);
		return -1;
	}
	return 0;
}

/*
 * Straight to host: every address it resolves to now (what is judged
 * is what is dialed: no window for a name to change its mind) that is
 * not this proxy and that the rules let through, Happy Eyeballs as
 * net_dial.  When none is left, the first refusal's reason in the
 * order of enum verdict.
 */
static int
dial_direct(struct hs *h, const char *host, int portnum, struct conn *oc,
    enum why *why)
{
	const struct pserve *ps = h->ps;
	struct addrinfo *res, *ai, pick[DIAL_MAX];
	struct stack_dial d;
	char port[SK_PORTLEN], via[8];
	enum verdict v, worst = V_ALLOWTO;
	int rc, n = 0;

	snprintf(port, sizeof(port), "%d", portnum);
	if (net_resolve(host, port, ps->dial, 0, &res, h->pc->err) == -1) {
		*why = PW_HOSTUNREACH;
		return -1;
	}
	for (ai = res; ai != NULL && n < DIAL_MAX; ai = ai->ai_next) {
		v = is_self(h, ai->ai_addr) ? V_SELF : judge(h, host,
		    ai->ai_addr, portnum);
		if (v != V_OK) {
			worst = v < worst ? v : worst;
			continue;
		}
		pick[n] = *ai;
		pick[n].ai_next = NULL;
		if (n > 0)
			pick[n - 1].ai_next = &pick[n];
		n++;
	}
	if (n == 0) {
		freeaddrinfo(res);
		*why = PW_RULESET;
		return phs_fail(h, -1, verdict_why[worst]);
	}
	memset(&d, 0, sizeof(d));
	d.host = host;
	d.port = port;
	d.no = ps->dial;
	d.res = pick;
	if ((rc = stack_open(oc, &d, via, sizeof(via), h->pc->err)) == -1)
		*why = dial_why(errno);
	freeaddrinfo(res);
	return rc;
}

int
phs_pass_early(struct hs *h, struct conn *oc)
{
	unsigned char b[512];
	ssize_t n;

	while (conn_pending(oc) > 0) {
		if ((n = conn_read(oc, b, sizeof(b))) <= 0)
			return phs_fail(h, -1, n == 0 ? "the proxy closed" :
			    strerror(errno));
		if (phs_write(h, b, (size_t)n) == -1)
			return -1;
		h->pc->down += (size_t)n;
	}
	return 0;
}

void
phs_drop(struct conn *oc)
{
	conn_free(oc);
	if (oc->fd != -1)
		(void)close(oc->fd);
	oc->fd = -1;
}

int
phs_pass_rest(struct hs *h, struct conn *oc)
{
	int ms = h->ps->dial->timeout_ms;

	if (h->len == h->off)
		return 0;
	if (conn_write_all(oc, h->buf + h->off, h->len - h->off, ms > 0 ?
	    mono_ms() + ms : -1) == -1) {
		snprintf(h->pc->err, SK_ERRLEN, "%.128s: %.64s",
		    h->pc->target, strerror(errno));
		return -1;
	}
	h->pc->up += h->len - h->off;
	return 0;
}

void
phs_target(struct hs *h, const char *host, int port)
{
	struct pserve_conn *pc = h->pc;
	size_t n = strnlen(host, sizeof(pc->host) - 1), k;
	char d[8], *p = d + sizeof(d);
	unsigned v = (unsigned)port & 0xffff;

	/* "HOST port N" (it fits: 6 more, 5 digits), once a request: no printf */
	memcpy(pc->host, host, n);
	pc->host[n] = '\0';
	pc->port = port;
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	k = (size_t)(d + sizeof(d) - p);
	memcpy(pc->target, host, n);
	memcpy(pc->target + n, " port ", 6);
	memcpy(pc->target + n + 6, p, k);
	pc->target[n + 6 + k] = '\0';
}

int
phs_stranger(struct hs *h)
{
	const struct pserve *ps = h->ps;

	if (!ps->stranger || ps->open || ps->user != NULL)
		return 0;
	h->pc->stranger = 1;
	(void)phs_fail(h, -1, "a client not on loopback (--allow or "
	    "--serve-proxy-auth serves other hosts)");
	return 1;
}

int
phs_dial(struct hs *h, const char *host, int port, struct conn *oc,
    enum why *why)
{
	int rc;

	*why = PW_OK;
	phs_target(h, host, port);
	if (h->ps->px != NULL)
		rc = dial_chained(h, host, port, oc, why);
	else
		rc = dial_direct(h, host, port, oc, why);
	/* the answer gets a time of its own: the dial took what it took */
	if (h->ps->hs_ms > 0)
		h->deadline = mono_ms() + h->ps->hs_ms;
	return rc;
}

/* The next complete SOCKS5 message, parsed by fn.  >0, or -1. */
#define NEXT_MSG(h, call) do {						\
	for (;;) {							\
		r = (call);						\
		if (r != 0)						\
			break;						\
		if (phs_read(h) == -1)					\
			return -1;					\
	}								\
} while (0)

/* RFC 1929: the user and password against ours.  0, or -1. */
static int
socks5_auth(struct hs *h)
{
	char user[PROXY_USERLEN], pass[PROXY_USERLEN], why[SK_ERRLEN];
	unsigned char rep[2] = { 1, 0 };
	size_t need, i, d = 0;
	long r;

	/* zeros after the NULs too: the comparison below reads every byte */
	memset(user, 0, sizeof(user));
	memset(pass, 0, sizeof(pass));
	NEXT_MSG(h, socks5_userpass_parse(h->buf + h->off, h->len - h->off,
	    user, pass, &need, why));
	if (r < 0) {
		rep[1] = 1;
		(void)phs_write(h, rep, 2);
		return phs_fail(h, -1, why);
	}
	h->off += (size_t)r;
	/*
	 * Every byte of both compared, ours zero-filled past the NUL as
	 * theirs: the time taken says nothing of where they differ
	 */
	for (i = 0; i < PROXY_USERLEN; i++)
		d |= (size_t)(user[i] ^ h->ps->user[i]) |
		    (size_t)(pass[i] ^ h->ps->pass[i]);
	rep[1] = d == 0 ? 0 : 1;
	if (phs_write(h, rep, 2) == -1)
		return -1;
	if (d != 0) {
		/* answered, as a 407 is: said without -v too */
		h->pc->code = PSERVE_AUTH_FAIL;
		snprintf(h->pc->err, SK_ERRLEN, "authentication failed (user "
		    "%.64s)", user);
		for (i = 0; h->pc->err[i] != '\0'; i++)
			if ((unsigned char)h->pc->err[i] < 0x20 ||
			    (unsigned char)h->pc->err[i] >= 0x7f)
				h->pc->err[i] = '?';
		return -1;
	}
	return 0;
}

static const unsigned char socks5_rep[] = {
	[PW_OK] = SOCKS5_REP_OK, [PW_FAIL] = SOCKS5_REP_FAIL,
	[PW_RULESET] = SOCKS5_REP_RULESET,
	[PW_NETUNREACH] = SOCKS5_REP_NETUNREACH,
	[PW_HOSTUNREACH] = SOCKS5_REP_HOSTUNREACH,
	[PW_REFUSED] = SOCKS5_REP_REFUSED, [PW_TIMEOUT] = SOCKS5_REP_TTL
};

int
phs_reply(struct hs *h, int rep, const struct sockaddr *sa)
{
	struct sockaddr_storage u;
	unsigned char out[32];
	const unsigned char *a = NULL;
	size_t alen = 0;
	int port = 0;

	u.ss_family = AF_UNSPEC;
	if (sa != NULL) {
		phs_unmap(sa, &u);
		port = sa_parts(&u, &a, &alen);
	}
	h->pc->code = rep;
	return phs_write(h, out, socks5_reply_build(rep, alen ? u.ss_family :
	    AF_UNSPEC, a, port, out));
}

/* A SOCKS5 reply, with the address fd is bound to (none: 0.0.0.0:0). */
static int
socks5_answer(struct hs *h, int rep, int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	return phs_reply(h, rep, fd != -1 && getsockname(fd,
	    (struct sockaddr *)&ss, &sl) == 0 ? (struct sockaddr *)&ss : NULL);
}

static int
socks5_serve(struct hs *h, struct conn *oc)
{
	const struct pserve *ps = h->ps;
	struct socks5_req rq;
	unsigned char sel[2] = { 5, SOCKS5_NOMETHOD };
	char why[SK_ERRLEN];
	size_t need;
	enum why w;
	long r;
	int offers = 0, rep, rc;

	NEXT_MSG(h, socks5_greeting_parse(h->buf + h->off, h->len - h->off,
	    &offers, &need, why));
	if (r < 0)
		return phs_fail(h, -1, why);
	h->off += (size_t)r;
	if (ps->user != NULL && (offers & SOCKS5_OFFERS_USERPASS))
		sel[1] = SOCKS5_USERPASS;
	else if (ps->user == NULL && (offers & SOCKS5_OFFERS_NOAUTH))
		sel[1] = SOCKS5_NOAUTH;
	if (phs_write(h, sel, 2) == -1)
		return -1;
	if (sel[1] == SOCKS5_NOMETHOD)
		return phs_fail(h, SOCKS5_NOMETHOD, ps->user != NULL ?
		    "no acceptable method (a user and password are asked "
		    "for)" : "no acceptable method (none without "
		    "authentication offered)");
	if (sel[1] == SOCKS5_USERPASS && socks5_auth(h) == -1)
		return -1;
	h->pc->user = sel[1] == SOCKS5_USERPASS ? ps->user : NULL;
	NEXT_MSG(h, socks5_request_parse(h->buf + h->off, h->len - h->off,
	    &rq, &rep, &need, why));
	if (r < 0) {
		(void)socks5_answer(h, rep, -1);
		h->pc->code = rep;
		snprintf(h->pc->err, SK_ERRLEN, "%s", why);
		return -1;
	}
	h->off += (size_t)r;
	snprintf(h->pc->method, sizeof(h->pc->method), "%s", rq.cmd ==
	    SOCKS5_CMD_UDP ? "UDP" : rq.cmd == SOCKS5_CMD_BIND ? "BIND" :
	    "CONNECT");
	phs_target(h, rq.host, rq.port);
	/* a stranger's greeting answered: its client can tell the reason */
	if (phs_stranger(h)) {
		rc = -1;
		w = PW_RULESET;
	} else if (rq.cmd != SOCKS5_CMD_CONNECT) {
		/* not through a next proxy, nor from a UNIX socket's client */
		if (ps->assoc == NULL) {
			(void)socks5_answer(h, SOCKS5_REP_COMMAND, -1);
			return phs_fail(h, SOCKS5_REP_COMMAND,
			    "BIND and UDP ASSOCIATE are not served here");
		}
		if (ps->px != NULL || (h->self.ss_family != AF_INET &&
		    h->self.ss_family != AF_INET6)) {
			(void)socks5_answer(h, SOCKS5_REP_COMMAND, -1);
			return phs_fail(h, SOCKS5_REP_COMMAND, ps->px != NULL ?
			    "BIND and UDP ASSOCIATE do not go through --proxy" :
			    "BIND and UDP ASSOCIATE need a client on IP");
		}
		return ps->assoc(h, &rq, oc);
	} else
		rc = phs_dial(h, rq.host, rq.port, oc, &w);
	if (rc == -1) {
		char keep[SK_ERRLEN];

		memcpy(keep, h->pc->err, sizeof(keep));
		(void)socks5_answer(h, socks5_rep[w], -1);
		memcpy(h->pc->err, keep, sizeof(keep));
		h->pc->code = socks5_rep[w];
		return -1;
	}
	if (socks5_answer(h, SOCKS5_REP_OK, oc->fd) == -1 ||
	    phs_pass_rest(h, oc) == -1 || phs_pass_early(h, oc) == -1) {
		phs_drop(oc);
		return -1;
	}
	return 0;
}

void
phs_init(struct hs *h, struct conn *c, const struct pserve *ps,
    struct pserve_conn *pc)
{
	socklen_t sl = sizeof(h->self);
	struct sockaddr_storage ss;

	memset(pc, 0, sizeof(*pc));
	pc->code = -1;
	pc->t0 = mono_ms();
	h->c = c;
	h->ps = ps;
	h->pc = pc;
	h->len = h->off = 0;
	h->deadline = ps->hs_ms > 0 ? mono_ms() + ps->hs_ms : 0;
	memset(&h->self, 0, sizeof(h->self));
	if (getsockname(c->fd, (struct sockaddr *)&ss, &sl) == 0)
		phs_unmap((struct sockaddr *)&ss, &h->self);
	(void)net_set_nonblock(c->fd, 1);
}

void
pserve_listener(struct pserve *ps, int lfd)
{
	socklen_t sl = sizeof(ps->bound);

	memset(&ps->bound, 0, sizeof(ps->bound));
	if (getsockname(lfd, (struct sockaddr *)&ps->bound, &sl) == -1)
		memset(&ps->bound, 0, sizeof(ps->bound));
	ps->bound_v6only = net_v6only(lfd);
}

int
pserve_run(struct conn *c, const struct pserve *ps, struct pserve_conn *pc,
    struct conn *fc)
{
	static struct hs h;

	phs_init(&h, c, ps, pc);
	return socks5_serve(&h, fc);
}
