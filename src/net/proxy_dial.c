/*
 * proxy_dial.c: the SOCKS5, SOCKS4/4a and HTTP CONNECT handshakes over a
 * socket already connected to the proxy.  socks.c builds and parses;
 * this file moves the bytes under one deadline.  Core: never prints,
 * never exits.  proxy_dial.h has the contract.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/relay.h"
#include "parse/addr.h"
#include "parse/socks.h"
#include "sockt.h"
#include "util/clock.h"

enum reply { R_METHOD, R_AUTH, R_SOCKS5, R_SOCKS4, R_HTTP };

/* One handshake: the socket, the deadline, the bytes of the reply. */
struct dial {
	int			 fd;
	long long		 deadline;	/* 0: none */
	const struct proxy	*px;
	int			 method;	/* SOCKS5: what the proxy chose */
	size_t			 len;		/* bytes in buf */
	unsigned char		 buf[PROXY_HEAD_MAX];
	char			*err;
};

/* "proxy HOST port PORT: what" in err; errno as given.  Returns -1. */
static int
dial_fail(struct dial *d, int eno, const char *what)
{
	/* cut so the compiler can see it fits; a proxy name that long is rare */
	snprintf(d->err, SK_ERRLEN, "proxy %.96s port %.16s: %.128s",
	    d->px->host, d->px->port, what);
	errno = eno;
	return -1;
}

static int
step_fail(struct dial *d, int eno, const char *step, const char *what)
{
	char m[SK_ERRLEN];

	snprintf(m, sizeof(m), "%.32s: %.200s", step, what);
	return dial_fail(d, eno, m);
}

/* Milliseconds left: -1 for no limit, 0 when the time is up. */
static int
time_left(const struct dial *d)
{
	long long left;

	if (d->deadline == 0)
		return -1;
	left = d->deadline - mono_ms();
	if (left <= 0)
		return 0;
	return left > 0x7fffffff ? 0x7fffffff : (int)left;
}

static int
send_req(struct dial *d, const char *step, const unsigned char *b, long n)
{
	int ms = time_left(d), eno;

	if (ms == 0)
		return step_fail(d, ETIMEDOUT, step, "timed out");
	if (io_write_timed(d->fd, b, (size_t)n, ms) == -1) {
		eno = errno;
		return step_fail(d, eno, step, eno == ETIMEDOUT ?
		    "timed out" : strerror(eno));
	}
	return 0;
}

static long
parse(struct dial *d, enum reply which, size_t *need, char *why)
{
	switch (which) {
	case R_METHOD:
		return socks5_method_parse(d->px, d->buf, d->len, &d->method,
		    need, why);
	case R_AUTH:
		return socks5_auth_parse(d->buf, d->len, need, why);
	case R_SOCKS5:
		return socks5_connect_parse(d->buf, d->len, need, why);
	case R_SOCKS4:
		return socks4_reply_parse(d->buf, d->len, need, why);
	default:
		return http_connect_parse(d->buf, d->len, need, why);
	}
}

/*
 * Wait for the reply to step.  SOCKS replies are read no further than
 * the parser's "need", so nothing of the next step or of the tunnel is
 * taken from the socket; an HTTP head has no length, so as much is read
 * as fits and what follows the head is left in buf after the return
 * value (the head's length).
 */
static long
read_reply(struct dial *d, const char *step, enum reply which)
{
	struct pollfd pfd;
	char why[SK_ERRLEN];
	size_t need, want;
	ssize_t n;
	long r;
	int ms, eno, pr;

	d->len = 0;
	for (;;) {
		if ((r = parse(d, which, &need, why)) != 0)
			return r > 0 ? r : dial_fail(d, EPROTO, why);
		want = which == R_HTTP ? sizeof(d->buf) - d->len : need;
		if (want > sizeof(d->buf) - d->len)
			want = sizeof(d->buf) - d->len;
		if ((ms = time_left(d)) == 0)
			return step_fail(d, ETIMEDOUT, step, "timed out");
		pfd.fd = d->fd;
		pfd.events = POLLIN;
		if ((pr = poll(&pfd, 1, ms)) == -1 && errno != EINTR) {
			eno = errno;
			return step_fail(d, eno, step, strerror(eno));
		}
		if (pr <= 0)
			continue;	/* the time left says if it is up */
		n = read(d->fd, d->buf + d->len, want);
		if (n == -1 && (errno == EINTR || errno == EAGAIN ||
		    errno == EWOULDBLOCK))
			continue;
		if (n == -1) {
			eno = errno;
			return step_fail(d, eno, step, strerror(eno));
		}
		if (n == 0)
			return step_fail(d, ECONNRESET, step,
			    "connection closed by the proxy");
		d->len += (size_t)n;
	}
}

/* A numeric port, service names looked up as getaddrinfo would. */
static int
port_number(struct dial *d, const char *port)
{
	char why[SK_ERRLEN];
	struct servent *se;
	int n;

	if ((n = port_parse(port, 0, why)) > 0)
		return n;
	if (n == 0 && (se = getservbyname(port, "tcp")) != NULL)
		return ntohs((unsigned short)se->s_port);
	if (n == 0)
		snprintf(why, sizeof(why), "port %s: unknown service", port);
	return dial_fail(d, EINVAL, why);
}

/*
 * For socks5:// and socks4:// the address is chosen here: the first that
 * net_resolve gives (IPv4 only for SOCKS4), as a literal in out.
 */
static int
resolve_here(struct dial *d, const char *host, const char *port,
    const struct net_opts *no, char *out, size_t cap)
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
	if (d->px->kind == PROXY_SOCKS4) {
		if (o.family == AF_INET6)
			return dial_fail(d, EINVAL, "SOCKS4 reaches IPv4 "
			    "addresses only (-6 given)");
		o.family = AF_INET;
	}
	if (net_resolve(host, port, &o, 0, &ai, why) == -1)
		return dial_fail(d, errno, why);
	if (net_addr_str(ai->ai_addr, ai->ai_addrlen, out, cap, &pn) == -1) {
		freeaddrinfo(ai);
		return dial_fail(d, EINVAL, "cannot format the address");
	}
	freeaddrinfo(ai);
	return 0;
}

static int
socks5_run(struct dial *d, const char *host, int port)
{
	unsigned char req[PROXY_REQ_MAX];
	char why[SK_ERRLEN];
	long n;

	if ((n = socks5_greeting(d->px, req, sizeof(req), why)) == -1)
		return dial_fail(d, EINVAL, why);
	if (send_req(d, "SOCKS5 greeting", req, n) == -1 ||
	    read_reply(d, "SOCKS5 greeting", R_METHOD) == -1)
		return -1;
	if (d->method == SOCKS5_USERPASS) {
		if ((n = socks5_auth_request(d->px, req, sizeof(req), why)) ==
		    -1)
			return dial_fail(d, EINVAL, why);
		if (send_req(d, "SOCKS5 authentication", req, n) == -1 ||
		    read_reply(d, "SOCKS5 authentication", R_AUTH) == -1)
			return -1;
	}
	if ((n = socks5_connect_request(host, port, req, sizeof(req), why)) ==
	    -1)
		return dial_fail(d, EINVAL, why);
	if (send_req(d, "SOCKS5 CONNECT", req, n) == -1)
		return -1;
	return read_reply(d, "SOCKS5 CONNECT", R_SOCKS5) == -1 ? -1 : 0;
}

static long
handshake(struct dial *d, const char *host, int port)
{
	unsigned char req[PROXY_REQ_MAX];
	char why[SK_ERRLEN];
	long n;

	switch (d->px->kind) {
	case PROXY_SOCKS5:
	case PROXY_SOCKS5H:
		return socks5_run(d, host, port);
	case PROXY_SOCKS4:
	case PROXY_SOCKS4A:
		if ((n = socks4_request(d->px, host, port, req, sizeof(req),
		    why)) == -1)
			return dial_fail(d, EINVAL, why);
		if (send_req(d, "SOCKS4 CONNECT", req, n) == -1)
			return -1;
		return read_reply(d, "SOCKS4 CONNECT", R_SOCKS4) == -1 ? -1 : 0;
	case PROXY_HTTP:
		if ((n = http_connect_request(d->px, host, port, req,
		    sizeof(req), why)) == -1)
			return dial_fail(d, EINVAL, why);
		if (send_req(d, "HTTP CONNECT", req, n) == -1)
			return -1;
		return read_reply(d, "HTTP CONNECT", R_HTTP);
	default:
		return dial_fail(d, EINVAL, "no proxy protocol");
	}
}

int
proxy_connect(int fd, const struct proxy_tunnel *t, char *err)
{
	struct dial d = { .fd = fd, .px = t->px, .deadline = t->deadline,
	    .err = err };
	char addr[SK_HOSTLEN];
	const char *host = t->host;
	long head;
	int portnum;

	*t->restlen = 0;
	if (t->restcap < PROXY_HEAD_MAX)
		return dial_fail(&d, EINVAL, "buffer for early data too small");
	if ((portnum = port_number(&d, t->port)) == -1)
		return -1;
	if (proxy_resolves_here(t->px->kind)) {
		if (resolve_here(&d, host, t->port, t->no, addr,
		    sizeof(addr)) == -1)
			return -1;
		host = addr;
	}
	if ((head = handshake(&d, host, portnum)) == -1)
		return -1;
	/* only HTTP reads past its reply; SOCKS leaves head 0, len exact */
	if (head > 0 && d.len > (size_t)head) {
		*t->restlen = d.len - (size_t)head;
		memcpy(t->rest, d.buf + head, *t->restlen);
	}
	return 0;
}
