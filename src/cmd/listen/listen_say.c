/*
 * listen_say.c: listen's modes' events in words, one file for them all.
 * See listen_say.h.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/listen/listen_say.h"
#include "cli/msg.h"
#include "cli/server_tls.h"
#include "net/broker.h"
#include "net/io.h"
#include "proxy/proxy_serve.h"
#include "tls/tls.h"
#include "util/clock.h"

/*
 * A line of the proxies' record being made: room for every field at its
 * longest (a host name of SK_HOSTLEN, every byte escaped), cut short
 * past that all the same.  Made without printf: one a request.
 */
struct rec {
	char	b[4 * SK_HOSTLEN];
	size_t	n;
};

/* What listen -u met (serve/udp_peer.c). */
static void
listen_say_udp(const struct lserve_event *ev)
{
	switch (ev->kind) {
	case LSERVE_EV_UDP_REFUSED:
		msg_warnx("datagram from %s refused by the access list",
		    ev->peer);
		break;
	case LSERVE_EV_UDP_FIRST:
		msg_warnx("datagram from %s, %zu bytes: the session is with "
		    "it", ev->peer, ev->n);
		break;
	case LSERVE_EV_UDP_STRAY:
		msg_warnx("datagram from %s dropped: the session is with %s",
		    ev->peer, ev->what);
		break;
	case LSERVE_EV_UDP_ENDED:
		msg_warnx("session with %s ended", ev->peer);
		break;
	default:
		msg_warnx("no %s within %d.%03d s", ev->kind ==
		    LSERVE_EV_UDP_NO_HS ? "handshake" : "datagram",
		    ev->ms / 1000, ev->ms % 1000);
		break;
	}
}

/* "SOCKS5 reply 5" or "HTTP 502": what a proxy client was told. */
static void
told(const struct lserve_event *ev, char *buf, size_t size)
{
	int code = ev->pc->code;

	if (code < 0)
		snprintf(buf, size, "closed");
	else if (ev->http)
		snprintf(buf, size, "HTTP %d", code);
	else if (code == 0xff)
		snprintf(buf, size, "SOCKS5 method 255");
	else if (code == PSERVE_AUTH_FAIL)
		snprintf(buf, size, "SOCKS5 authentication status 1");
	else
		snprintf(buf, size, "SOCKS5 reply %d", code);
}

/*
 * " key=value", the value quoted (logfmt) when empty or holding a space,
 * a quote, '=' or a backslash, those two escaped, and a byte that is no
 * printable ASCII (a name a client sent) as '?'.
 */
static void
rec_put(struct rec *r, const char *key, const char *v)
{
	size_t at;
	unsigned char ch;
	int q = *v == '\0';

	/* the key, the quotes, an escape and the newline always fit */
	if (r->n + 32 >= sizeof(r->b))
		return;
	if (r->n > 0)
		r->b[r->n++] = ' ';
	while (*key != '\0')
		r->b[r->n++] = *key++;
	r->b[r->n++] = '=';
	at = r->n;
	for (; (ch = (unsigned char)*v) != '\0' && r->n + 8 < sizeof(r->b);
	    v++) {
		if (ch <= ' ' || ch >= 0x7f || ch == '"' || ch == '=' ||
		    ch == '\\') {
			q |= ch == ' ' || ch == '"' || ch == '=' || ch == '\\';
			if (ch == '"' || ch == '\\')
				r->b[r->n++] = '\\';
			else if (ch != ' ' && ch != '=')
				ch = '?';
		}
		r->b[r->n++] = (char)ch;
	}
	if (q) {
		memmove(r->b + at + 1, r->b + at, r->n - at);
		r->b[at] = '"';
		r->n += 1;
		r->b[r->n++] = '"';
	}
}

/*
 * " key=value" for a value made here, which needs neither quotes nor
 * escapes (a number, the time, an address in digits): copied whole.
 */
static void
rec_raw(struct rec *r, const char *key, const char *v)
{
	size_t kl = strlen(key), vl = strlen(v);

	if (r->n + kl + vl + 8 >= sizeof(r->b))
		return;
	if (r->n > 0)
		r->b[r->n++] = ' ';
	memcpy(r->b + r->n, key, kl);
	r->n += kl;
	r->b[r->n++] = '=';
	memcpy(r->b + r->n, v, vl);
	r->n += vl;
}

/* v in decimal, ending at end (no NUL); where it begins */
static char *
rec_digits(char *end, unsigned long long v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

static void
rec_num(struct rec *r, const char *key, unsigned long long v)
{
	char d[24];

	d[sizeof(d) - 1] = '\0';
	rec_raw(r, key, rec_digits(d + sizeof(d) - 1, v));
}

/*
 * host:port, [host]:port for an IPv6 address, "-" for no host; raw: a
 * host in digits, made here, else as a client named it (rec_put)
 */
static void
rec_addr(struct rec *r, const char *key, const char *host, int port,
    int raw)
{
	char v[SK_HOSTLEN + 32], d[8], *p;
	size_t hl = strnlen(host, SK_HOSTLEN - 1), n = 0;
	int six = memchr(host, ':', hl) != NULL;

	if (hl == 0) {
		rec_put(r, key, "-");
		return;
	}
	if (six)
		v[n++] = '[';
	memcpy(v + n, host, hl);
	n += hl;
	if (six)
		v[n++] = ']';
	v[n++] = ':';
	p = rec_digits(d + sizeof(d), (unsigned long long)(port & 0xffff));
	memcpy(v + n, p, (size_t)(d + sizeof(d) - p));
	n += (size_t)(d + sizeof(d) - p);
	v[n] = '\0';
	if (raw)
		rec_raw(r, key, v);
	else
		rec_put(r, key, v);
}

/* The record of a request or tunnel that ended (listen_say.h). */
static void
listen_record(const struct lserve_event *ev, const struct listen_say *say)
{
	const struct pserve_conn *pc = ev->pc;
	struct rec r;
	char v[32];
	long long ms;

	if (say == NULL || say->record_fd == -1)
		return;
	r.n = 0;
	clock_iso8601(v, sizeof(v));
	rec_raw(&r, "time", v);
	rec_raw(&r, "proxy", ev->http ? "http" : "socks5");
	if (ev->conn->peer.ss_family == AF_UNIX)
		rec_raw(&r, "client", "unix");
	else
		rec_addr(&r, "client", ev->conn->addr, ev->conn->port, 1);
	rec_put(&r, "user", pc->user != NULL ? pc->user : "-");
	rec_put(&r, "method", pc->method[0] != '\0' ? pc->method : "-");
	rec_addr(&r, "dst", pc->host, pc->port, 0);
	/* what was sent: RFC 1929's status 1, for a failed password */
	if (pc->code < 0)
		rec_raw(&r, "status", "-");
	else
		rec_num(&r, "status", pc->code == PSERVE_AUTH_FAIL ? 1 :
		    (unsigned long long)pc->code);
	rec_num(&r, "up", pc->up);
	rec_num(&r, "down", pc->down);
	ms = mono_ms() - pc->t0;
	rec_num(&r, "ms", ms > 0 ? (unsigned long long)ms : 0);
	/* an association's datagrams, where they went, those dropped */
	if (pc->method[0] == 'U') {
		rec_num(&r, "dgrams_up", pc->dg_up);
		rec_num(&r, "dgrams_down", pc->dg_down);
		rec_num(&r, "dsts", pc->dsts);
		rec_num(&r, "dropped", pc->dropped);
	}
	rec_put(&r, "reason", pc->err[0] != '\0' ? pc->err : "-");
	r.b[r.n++] = '\n';
	/* a record that cannot be written has no place to say so either */
	(void)io_write_all(say->record_fd, r.b, r.n);
}

/* What --serve-proxy's child told (serve/proxy_child.c). */
static void
listen_say_proxy(const struct lserve_event *ev)
{
	const struct pserve_conn *pc = ev->pc;
	char what[32];

	switch (ev->kind) {
	case LSERVE_EV_PX_REFUSED:
		told(ev, what, sizeof(what));
		if (pc->relayed)
			msg_warnx("connection from %s to %s (%s): %s",
			    ev->peer, pc->target, what, pc->err);
		else if (pc->target[0] != '\0')
			msg_warnx("connection from %s to %s refused (%s): %s",
			    ev->peer, pc->target, what, pc->err);
		else
			msg_warnx("connection from %s: %s (%s)", ev->peer,
			    pc->err, what);
		break;
	case LSERVE_EV_PX_ANSWERED:
		msg_warnx("connection from %s to %s (HTTP %s%s): %d", ev->peer,
		    pc->target, pc->method, ev->via ? ", through --proxy" : "",
		    pc->code);
		break;
	default:
		msg_warnx("connection from %s to %s (%s%s%s)", ev->peer,
		    pc->target, ev->http ? "HTTP " : "SOCKS5", ev->http ?
		    pc->method : "", ev->via ? ", through --proxy" : "");
		break;
	}
}

/* A connection's child (serve/child.c). */
void
listen_say_serve(const struct lserve_event *ev, void *arg)
{
	errno = ev->error;
	switch (ev->kind) {
	case LSERVE_EV_ENV:
		msg_warn("connection from %s", ev->peer);
		break;
	case LSERVE_EV_SYS:
		msg_warn("%s", ev->what);
		break;
	case LSERVE_EV_FAILED:
		msg_warnx("%s", ev->what);
		break;
	case LSERVE_EV_FORK:
		msg_warn("connection from %s: fork", ev->peer);
		break;
	case LSERVE_EV_NO_CONN:
		msg_warnx("no connection within %d.%03d s", ev->ms / 1000,
		    ev->ms % 1000);
		break;
	case LSERVE_EV_PEER_FAIL:
	case LSERVE_EV_TLS:
		/* as every TLS server says them */
		cli_tls_event(ev, arg);
		break;
	case LSERVE_EV_PX_REFUSED:
	case LSERVE_EV_PX_ANSWERED:
	case LSERVE_EV_PX_TUNNEL:
		listen_say_proxy(ev);
		break;
	case LSERVE_EV_PX_RECORD:
		listen_record(ev, arg);
		break;
	default:
		listen_say_udp(ev);
		break;
	}
}

/* The forwarder's events (serve/forward.c), the proxy server's tunnels'. */
void
listen_say_forward(const struct forward_event *ev, void *arg)
{
	(void)arg;
	switch (ev->kind) {
	case FORWARD_EV_REFUSED:
		msg_warnx("connection from %s not forwarded: %s", ev->peer,
		    ev->why);
		break;
	case FORWARD_EV_RESET:
		msg_warnx("connection from %s: reset: %s", ev->peer, ev->why);
		break;
	case FORWARD_EV_FORWARDED:
		msg_warnx("connection from %s forwarded to %s%s%s", ev->peer,
		    ev->far, ev->via[0] != '\0' ? " through proxy " : "",
		    ev->via);
		break;
	case FORWARD_EV_TLS:
		msg_warnx("connection from %s to %s: %s, cipher %s", ev->peer,
		    ev->far, ev->tls->version, ev->tls->cipher);
		break;
	case FORWARD_EV_FAILED:
		msg_warnx("%s", ev->why);
		break;
	case FORWARD_EV_DONE:
		msg_warnx("connection from %s to %s: both sides done",
		    ev->peer, ev->far);
		break;
	}
}

/*
 * Say an event: a drop and a failed accept always, the rest (who comes
 * and goes, who is refused) with -v, as the forking server does.  TLS in
 * the words of the other TLS servers (cli/server_tls.c's): a failed
 * handshake always, one out of time with -v only, as an idle client's
 * end; the session in a line with -v.
 */
void
listen_say_broker(const struct broker_event *ev, void *arg)
{
	const struct broker_opts *bo = arg;
	int verbose = bo->so->verbose;

	switch (ev->kind) {
	case BROKER_EV_JOIN:
		if (!verbose)
			break;
		if (bo->chat)
			msg_warnx("connection from %s as <user%lu>", ev->peer,
			    ev->id);
		else
			msg_warnx("connection from %s", ev->peer);
		break;
	case BROKER_EV_LEAVE:
		if (!verbose)
			break;
		if (ev->error == 0)
			msg_warnx("connection from %s closed", ev->peer);
		else if (ev->why != NULL)
			msg_warnx("connection from %s closed: %s", ev->peer,
			    ev->why);
		else
			msg_warnx("connection from %s closed: %s", ev->peer,
			    strerror(ev->error));
		break;
	case BROKER_EV_DROP:
		msg_warnx("connection from %s dropped: it does not read, "
		    "%zu bytes queued", ev->peer, ev->n);
		break;
	case BROKER_EV_DENIED:
		if (verbose)
			msg_warnx("connection from %s refused by the access "
			    "list", ev->peer);
		break;
	case BROKER_EV_FULL:
		if (verbose)
			msg_warnx("connection from %s refused: %zu connections "
			    "from this address already", ev->peer, ev->n);
		break;
	case BROKER_EV_NOTFROM:
		if (verbose)
			msg_warnx("connection from %s refused: not a PROXY "
			    "header sender (--proxy-from)", ev->peer);
		break;
	case BROKER_EV_MAX:
		if (verbose)
			msg_warnx("connection from %s refused: %zu clients "
			    "already (-m)", ev->peer, ev->n);
		break;
	case BROKER_EV_ACCEPT:
		errno = ev->error;
		msg_warn("accept");
		break;
	case BROKER_EV_TLS:
		if (verbose)
			cli_tls_say(ev->peer, ev->tls);
		break;
	case BROKER_EV_TLS_FAIL:
		if (verbose || ev->error != ETIMEDOUT)
			msg_warnx("connection from %s: %s", ev->peer, ev->why);
		break;
	case BROKER_EV_HDR_FAIL:
		msg_warnx("connection from %s: no valid PROXY header: %s",
		    ev->peer, ev->why);
		break;
	}
}
