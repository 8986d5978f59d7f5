/*
 * proxy_dial.c: the SOCKS5, SOCKS4/4a and HTTP CONNECT handshakes a
 * step at a time, the layers of a connection stack beneath moving the
 * bytes (stack.c's proxy layer).  socks.c builds and parses.  Core:
 * never prints, never exits.  proxy_dial.h has the contract.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "parse/addr.h"
#include "parse/http.h"
#include "parse/socks.h"
#include "util/ascii.h"
#include "util/base.h"

/* The steps: each a request out and its reply in. */
enum { S_GREET, S_AUTH, S_SOCKS5, S_SOCKS4, S_HTTP };

static const char *const step_name[] = {
	"SOCKS5 greeting", "SOCKS5 authentication", "SOCKS5 CONNECT",
	"SOCKS4 CONNECT", "HTTP CONNECT"
};

/* "proxy HOST port PORT: what" in err; errno as given.  Returns -1. */
static int
hs_fail(const struct proxy_hs *h, char *err, int eno, const char *what)
{
	/* cut so the compiler can see it fits; a proxy name that long is rare */
	if (h->px->path[0] != '\0')
		snprintf(err, SK_ERRLEN, "proxy %.108s: %.128s", h->px->path,
		    what);
	else
		snprintf(err, SK_ERRLEN, "proxy %.96s port %.16s: %.128s",
		    h->px->host, h->px->port, what);
	errno = eno;
	return -1;
}

/* The same, with the step that failed: "...: SOCKS5 CONNECT: what". */
static int
step_fail(const struct proxy_hs *h, char *err, int eno, const char *what)
{
	char m[SK_ERRLEN];

	snprintf(m, sizeof(m), "%.32s: %.200s", h->cmd == SOCKS5_CMD_UDP ?
	    "SOCKS5 UDP ASSOCIATE" : h->cmd == SOCKS5_CMD_BIND ?
	    "SOCKS5 BIND" : step_name[h->step], what);
	return hs_fail(h, err, eno, m);
}

void
proxy_hs_timeout(const struct proxy_hs *h, char *err)
{
	(void)step_fail(h, err, ETIMEDOUT, "timed out");
}

int
proxy_hs_far(const struct proxy_hs *h)
{
	return h->step == S_SOCKS5 || h->step == S_SOCKS4 ||
	    h->step == S_HTTP;
}

/*
 * The status of the last head in the HTTP reply (curl's
 * %{http_connect}): a line "HTTP/x.y NNN"; field names hold no "/".
 */
int
proxy_hs_connect(const struct proxy_hs *h, size_t *sent)
{
	/* done: the reply ends at rest, the tunnel's early bytes after */
	const unsigned char *p = h->buf, *end = h->buf + (h->rest > 0 ?
	    h->rest : h->len);
	int st = 0;

	*sent = h->step == S_HTTP ? h->sentall + h->roff : 0;
	if (h->step != S_HTTP)
		return 0;
	for (; end - p >= 12; p++)
		if ((p == h->buf || p[-1] == '\n') && memcmp(p, "HTTP/", 5) ==
		    0 && p[8] == ' ' && ascii_digit(p[9]) &&
		    ascii_digit(p[10]) && ascii_digit(p[11]))
			st = (p[9] - '0') * 100 + (p[10] - '0') * 10 +
			    (p[11] - '0');
	return st;
}

int
proxy_hs_heads(struct proxy_hs *h, const unsigned char **req,
    size_t *rlen, const unsigned char **rep, size_t *replen)
{
	size_t end = h->rest, i, room;

	if (h->step != S_HTTP)
		return -1;
	/* the last round's request after the answered ones', as rep's */
	room = sizeof(h->sent) - h->nsent;
	memcpy(h->sent + h->nsent, h->req, h->roff < room ? h->roff : room);
	*req = h->sent;
	*rlen = h->nsent + (h->roff < room ? h->roff : room);
	/* a refusal's head ends at its blank line (its body not ours) */
	for (i = 3; end == 0 && i < h->len; i++)
		if (memcmp(h->buf + i - 3, "\r\n\r\n", 4) == 0)
			end = i + 1;
	/* the last round's after the answered ones (seen's count unmoved) */
	room = sizeof(h->seen) - h->nseen;
	if (end > room)
		end = room;
	memcpy(h->seen + h->nseen, h->buf, end);
	*rep = h->seen;
	*replen = h->nseen + end;
	return 0;
}

/* Why the last I/O beneath layer at failed: a layer's words, or errno's. */
static const char *
hs_why(const struct conn *c, int at)
{
	return errno == EPROTO ? conn_error_under(c, at) : strerror(errno);
}

/* The reply so far, by the step's parser (socks.h's contract). */
static long
parse(struct proxy_hs *h, size_t *need, char *why)
{
	switch (h->step) {
	case S_GREET:
		return socks5_method_parse(h->px, h->buf, h->len, &h->method,
		    need, why);
	case S_AUTH:
		return socks5_auth_parse(h->buf, h->len, need, why);
	case S_SOCKS5:
		return socks5_connect_parse(h->buf, h->len, need, why);
	case S_SOCKS4:
		return socks4_reply_parse(h->buf, h->len, need, why);
	default:
		return http_connect_parse(h->buf, h->len, need, why);
	}
}

/* The request of the step now in h->req.  0, or -1 with err. */
static int
build(struct proxy_hs *h, char *err)
{
	char why[SK_ERRLEN];
	long n;

	switch (h->step) {
	case S_GREET:
		n = socks5_greeting(h->px, h->req, sizeof(h->req), why);
		break;
	case S_AUTH:
		n = socks5_auth_request(h->px, h->req, sizeof(h->req), why);
		break;
	case S_SOCKS5:
		/* CONNECT's builder refuses the port 0 the others may send */
		n = socks5_connect_request(h->host, h->port > 0 ? h->port : 1,
		    h->req, sizeof(h->req), why);
		if (n > 0 && h->cmd != 0) {
			h->req[1] = (unsigned char)h->cmd;
			h->req[n - 2] = (unsigned char)(h->port >> 8);
			h->req[n - 1] = (unsigned char)h->port;
		}
		break;
	case S_SOCKS4:
		n = socks4_request(h->px, h->host, h->port, h->req,
		    sizeof(h->req), why);
		break;
	default:
		n = http_connect_auth(h->px, h->has_pauth ? h->pauth : NULL,
		    h->host, h->port, h->agent, h->ph, h->nph, h->req,
		    sizeof(h->req), why);
		break;
	}
	if (n == -1)
		return hs_fail(h, err, EINVAL, why);
	h->rlen = (size_t)n;
	h->roff = 0;
	h->len = 0;
	h->want = POLLOUT;
	return 0;
}

/*
 * The reply of the step is in: the next step, or done.  SOCKS5 asks
 * for credentials only when the proxy chose that method.
 */
static int
next_step(struct proxy_hs *h, long r, char *err)
{
	if (h->step == S_GREET || h->step == S_AUTH) {
		h->step = h->step == S_GREET && h->method == SOCKS5_USERPASS ?
		    S_AUTH : S_SOCKS5;
		return build(h, err) == -1 ? -1 : 0;
	}
	/* only HTTP reads past its reply; a SOCKS reply is read exactly */
	h->rest = h->step == S_HTTP ? (size_t)r : h->len;
	return 1;
}

/*
 * A 407 to CONNECT that the caller answers (reauth): the CONNECT again
 * with its answer, on the same connection when the proxy keeps it,
 * the 407's body dropped as it comes.  0 rebuilt, -1 not (fail as
 * without).
 */
static int
again(struct proxy_hs *h, char *err)
{
	struct http_resp r;
	enum http_body_kind kind;
	uint64_t blen;
	char why[SK_ERRLEN];
	size_t off = 0, room;
	long hl;
	int keep;

	/* kept as they came for -i and -D (what fits), then parsed in place */
	room = sizeof(h->seen) - h->nseen;
	memcpy(h->seen + h->nseen, h->buf, h->len < room ? h->len : room);
	for (;;) {
		hl = http_head_parse((char *)h->buf + off, h->len - off, &r,
		    why);
		if (hl <= 0)
			return -1;
		off += (size_t)hl;
		if (r.status < 100 || r.status > 199)
			break;
	}
	/* kept, or a new connection: the caller's */
	keep = http_resp_persistent(&r) && http_body_framing(&r, 0, &kind,
	    &blen, why) == 0 && (kind == HTTP_BODY_NONE ||
	    kind == HTTP_BODY_LENGTH);
	if (r.status != 407 || h->reauth(h->reauth_arg, &r, keep ? h->pauth :
	    NULL, sizeof(h->pauth)) != 1 || !keep)
		return -1;
	h->has_pauth = 1;
	h->nseen += off < room ? off : room;	/* answered: a head seen */
	/* and the request it answered, for -v and %{size_request} */
	room = sizeof(h->sent) - h->nsent;
	memcpy(h->sent + h->nsent, h->req, h->roff < room ? h->roff : room);
	h->nsent += h->roff < room ? h->roff : room;
	h->sentall += h->roff;
	h->drain = kind == HTTP_BODY_LENGTH && blen > h->len - off ?
	    blen - (h->len - off) : 0;
	return build(h, err);
}

/*
 * A write or read beneath layer at of c (the socket, or an https://
 * proxy's TLS): -1 with errno EAGAIN and h->want set when it would
 * block.
 */
static ssize_t
hs_io(struct proxy_hs *h, struct conn *c, int at, int out, void *p,
    size_t n)
{
	ssize_t r;

	r = out ? conn_write_under(c, at, p, n) : conn_read_under(c, at, p,
	    n);
	if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		h->want = conn_want_under(c, at, out ? POLLOUT : POLLIN);
	return r;
}

int
proxy_hs_step(struct proxy_hs *h, struct conn *c, int at, char *err)
{
	char why[SK_ERRLEN];
	size_t need, want;
	ssize_t n;
	long r;

	for (;;) {
		if (h->roff < h->rlen) {
			n = hs_io(h, c, at, 1, h->req + h->roff, h->rlen -
			    h->roff);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1 && (errno == EAGAIN ||
			    errno == EWOULDBLOCK))
				return 0;
			if (n == -1)
				return step_fail(h, err, errno, hs_why(c, at));
			h->roff += (size_t)n;
			h->want = POLLIN;
			continue;
		}
		if (h->drain == 0 && (r = parse(h, &need, why)) != 0) {
			if (r == -1 && h->step == S_HTTP && h->reauth != NULL &&
			    again(h, err) == 0)
				continue;
			/* BIND's and UDP's refusals name the command */
			if (r == -1)
				return (h->cmd != 0 && h->step == S_SOCKS5 ?
				    step_fail : hs_fail)(h, err, EPROTO, why);
			if ((r = next_step(h, r, err)) != 0)
				return r;
			continue;
		}
		/*
		 * SOCKS replies are read no further than the parser's need,
		 * so nothing of the next step or of the tunnel is taken from
		 * the socket; an HTTP head has no length, so as much is read
		 * as fits and what follows the head is left after it
		 */
		want = sizeof(h->buf) - h->len;
		if (h->step != S_HTTP && need < want)
			want = need;
		n = hs_io(h, c, at, 0, h->buf + h->len, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n == -1)
			return step_fail(h, err, errno, hs_why(c, at));
		if (n == 0)
			return step_fail(h, err, ECONNRESET,
			    "connection closed by the proxy");
		h->len += (size_t)n;
		if (h->drain > 0) {
			/* a 407's body, answered already: dropped */
			n = h->drain < h->len ? (ssize_t)h->drain :
			    (ssize_t)h->len;
			memmove(h->buf, h->buf + n, h->len - (size_t)n);
			h->len -= (size_t)n;
			h->drain -= (uint64_t)n;
		}
	}
}

/* A numeric port, service names looked up as getaddrinfo would. */
static int
port_number(const struct proxy_hs *h, const char *port, char *err)
{
	char why[SK_ERRLEN];
	struct servent *se;
	int n;

	if ((n = port_parse(port, h->cmd != 0, why)) > 0 || (n == 0 &&
	    h->cmd != 0 && port[0] == '0'))
		return n;
	if (n == 0 && (se = getservbyname(port, "tcp")) != NULL)
		return ntohs((unsigned short)se->s_port);
	if (n == 0)
		snprintf(why, sizeof(why), "port %s: unknown service", port);
	return hs_fail(h, err, EINVAL, why);
}

/*
 * For socks5:// and socks4:// the address is chosen here: the first that
 * net_resolve gives (IPv4 only for SOCKS4), as a literal in out.
 */
static int
resolve_here(struct proxy_hs *h, const char *port, const struct net_opts *no,
    char *err)
{
	struct net_opts o;
	struct addrinfo *ai;
	char why[SK_ERRLEN];
	int pn;

	if (no != NULL)
		o = *no;
	else
		net_opts_init(&o);
	o.socktype = SOCK_STREAM;
	if (h->px->kind == PROXY_SOCKS4) {
		if (o.family == AF_INET6)
			return hs_fail(h, err, EINVAL, "SOCKS4 reaches IPv4 "
			    "addresses only (-6 given)");
		o.family = AF_INET;
	}
	if (net_resolve(h->host, port, &o, 0, &ai, why) == -1)
		return hs_fail(h, err, errno, why);
	if (net_addr_str(ai->ai_addr, ai->ai_addrlen, h->host,
	    sizeof(h->host), &pn) == -1) {
		freeaddrinfo(ai);
		return hs_fail(h, err, EINVAL, "cannot format the address");
	}
	freeaddrinfo(ai);
	return 0;
}

int
proxy_hs_init(struct proxy_hs *h, const struct proxy_tunnel *t, char *err)
{
	/* the buffers are written before they are read: 22 KB not cleared */
	memset(h, 0, offsetof(struct proxy_hs, req));
	h->px = t->px;
	h->agent = t->agent;
	h->ph = t->ph;
	h->nph = t->nph;
	h->reauth = t->reauth;
	h->reauth_arg = t->reauth_arg;
	h->cmd = t->cmd;
	if (t->auth != NULL) {
		if (strlen(t->auth) >= sizeof(h->pauth))
			return hs_fail(h, err, EINVAL, "credentials too long");
		memcpy(h->pauth, t->auth, strlen(t->auth) + 1);
		h->has_pauth = 1;
	}
	if (snprintf(h->host, sizeof(h->host), "%s", t->host) >=
	    (int)sizeof(h->host))
		return hs_fail(h, err, EINVAL, "host name too long");
	if ((h->port = port_number(h, t->port, err)) == -1)
		return -1;
	if (proxy_resolves_here(t->px->kind) && t->cmd != SOCKS5_CMD_UDP &&
	    resolve_here(h, t->port, t->no, err) == -1)
		return -1;
	switch (t->px->kind) {
	case PROXY_SOCKS5:
	case PROXY_SOCKS5H:
		h->step = S_GREET;
		break;
	case PROXY_SOCKS4:
	case PROXY_SOCKS4A:
		h->step = S_SOCKS4;
		break;
	case PROXY_HTTP:
		h->step = S_HTTP;
		break;
	default:
		return hs_fail(h, err, EINVAL, "no proxy protocol");
	}
	return build(h, err);
}
