/*
 * scan/proxied.c: a TCP probe through a proxy (portscan --proxy): a
 * connect to the proxy, then net/proxy_dial.c's handshake asking for
 * the port, a step at a time in the window's poll.  The connect to the
 * proxy says nothing of the port (a SOCKS5 server answers its client
 * before it tries the far end); the state is what the proxy replies:
 *
 *	SOCKS5	0x00 open; 0x05 closed; 0x02 (not allowed), 0x03, 0x04,
 *		0x06 filtered as admin-prohibited, net-unreach,
 *		host-unreach, time-exceeded; 0x01, 0x07, 0x08 filtered,
 *		proxy-error (the proxy's failure for this port)
 *	SOCKS4	0x5A open; 0x5B closed|filtered (refused and unreachable
 *		are one code)
 *	HTTP	2xx open; 403 filtered, admin-prohibited; 504 filtered,
 *		no-response; else its head and error page are read for
 *		the errno text squid's ERR_CONNECT_FAIL page holds ("(111)
 *		Connection refused"): "refused" closed, "No route to
 *		host", "unreachable", "timed out" filtered; a page that
 *		tells none (tinyproxy 1.11's 500 "Unable to connect", a
 *		502 of sockt's own) closed|filtered
 *
 * No reply before cfg->proxy_ms: filtered (no-response), once, for a
 * proxy's far connect has its own retries.  A failure of the proxy
 * itself (not reached, closed or reset before its reply) is no answer
 * of the port's: the probe goes again (pace.c's peer_proxy_retry), and
 * past the retries the scan fails with the proxy's words.  The reply's
 * meaning is an errno of scan_reason's (verdict.c), so every output
 * says the reason as it says a direct connect's.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "parse/socks.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/targets.h"
#include "util/base.h"
#include "util/clock.h"

/*
 * The address of proxy px, its first (a UNIX socket's path, or its
 * host resolved), into a.  Returns 0, or -1 with err.
 */
int
scan_proxy_addr(const struct proxy *px, struct scan_addr *a, char *err)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&a->ss;
	struct addrinfo *ai;
	struct net_opts o;

	memset(a, 0, sizeof(*a));
	if (px->path[0] != '\0') {
		un->sun_family = AF_UNIX;
		if (snprintf(un->sun_path, sizeof(un->sun_path), "%s",
		    px->path) >= (int)sizeof(un->sun_path)) {
			snprintf(err, SK_ERRLEN, "proxy %.96s port %.16s: "
			    "%.128s", px->path, "", strerror(ENAMETOOLONG));
			return -1;
		}
		a->len = sizeof(*un);
		return 0;
	}
	net_opts_init(&o);
	o.socktype = SOCK_STREAM;
	if (net_resolve(px->host, px->port, &o, 0, &ai, err) == -1)
		return -1;
	memcpy(&a->ss, ai->ai_addr, ai->ai_addrlen);
	a->len = (socklen_t)ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

/* Is needle in buf[0 .. len), case as given? */
static int
has(const unsigned char *buf, size_t len, const char *needle)
{
	size_t i, m = strlen(needle);

	for (i = 0; i + m <= len; i++)
		if (memcmp(buf + i, needle, m) == 0)
			return 1;
	return 0;
}

/* The status of the last HTTP head in buf (interim 1xx ones before). */
static int
http_status(const unsigned char *buf, size_t len)
{
	size_t i, at = (size_t)-1;
	int s = 0;

	for (i = 0; i + 12 <= len; i++)
		if ((i == 0 || buf[i - 1] == '\n') && memcmp(buf + i,
		    "HTTP/", 5) == 0)
			at = i;
	if (at == (size_t)-1)
		return 0;
	for (i = at + 5; i < len && buf[i] != ' '; i++)
		;
	for (i++; i < len && buf[i] >= '0' && buf[i] <= '9' && s < 1000; i++)
		s = s * 10 + (buf[i] - '0');
	return s;
}

/*
 * The proxy's reply to the far connect, buf[0 .. len), as a state
 * (P_OPEN, P_CLOSED, P_FILTERED, SCAN_CLOSEDFILTERED) and *eno the
 * errno scan_reason names it by; -1: no reply of that kind (the proxy
 * spoke something else, its own failure).
 */
static int
far_verdict(int kind, const unsigned char *buf, size_t len, int *eno)
{
	static const unsigned char socks5[] = { 0, EPROTO, EACCES, ENETUNREACH,
	    EHOSTUNREACH, ECONNREFUSED, ETIME, EPROTO, EPROTO };
	int s;

	*eno = 0;
	if (kind == PROXY_SOCKS5 || kind == PROXY_SOCKS5H) {
		if (len < 2 || buf[0] != 5)
			return -1;
		*eno = buf[1] < 9 ? socks5[buf[1]] : EPROTO;
		return *eno == 0 ? P_OPEN : *eno == ECONNREFUSED ? P_CLOSED :
		    P_FILTERED;
	}
	if (kind == PROXY_SOCKS4 || kind == PROXY_SOCKS4A) {
		/* 0x5C, 0x5D: identd's no, the proxy's own */
		if (len < 2 || buf[0] != 0 || (buf[1] != 0x5a &&
		    buf[1] != 0x5b))
			return -1;
		return buf[1] == 0x5a ? P_OPEN : SCAN_CLOSEDFILTERED;
	}
	if ((s = http_status(buf, len)) == 0)
		return -1;
	if (s >= 200 && s < 300)
		return P_OPEN;
	if (s == 403)
		*eno = EACCES;
	else if (s == 504 || has(buf, len, "timed out"))
		*eno = ETIMEDOUT;
	else if (has(buf, len, "refused"))
		*eno = ECONNREFUSED;
	else if (has(buf, len, "etwork is unr"))
		*eno = ENETUNREACH;
	else if (has(buf, len, "o route") || has(buf, len, "unreachable"))
		*eno = EHOSTUNREACH;
	else if (s == 407)
		return -1;	/* its credentials: the proxy's own no */
	return *eno == 0 ? SCAN_CLOSEDFILTERED : *eno == ECONNREFUSED ?
	    P_CLOSED : P_FILTERED;
}

/*
 * Start probe: a connect to the proxy.  P_PENDING with *fdp, the slot
 * then proxied_settle's; P_RESOURCE on a local shortage; P_FATAL when
 * the proxy cannot be reached at all (wk->err says so).
 */
int
proxied_start(struct worker *wk, uint64_t probe, int *fdp, int *errp)
{
	const struct scan_addr *pa = wk->cfg->proxy_addr;
	const struct proxy *px = wk->cfg->proxy;
	int fd, e;

	if ((fd = probe_socket(wk, pa->ss.ss_family, probe, errp)) < 0)
		return -fd;
	if (connect(fd, (const struct sockaddr *)&pa->ss, pa->len) == -1 &&
	    errno != EINPROGRESS && errno != EINTR) {
		e = *errp = errno;
		probe_close(fd, probe);
		if (e == EADDRNOTAVAIL)
			return P_RESOURCE;
		snprintf(wk->err, SK_ERRLEN, "proxy %.96s port %.16s: %.128s",
		    px->host, px->port, strerror(e));
		errno = e;
		return P_FATAL;
	}
	*fdp = fd;
	return P_PENDING;
}

/*
 * Slot i's proxy failed itself (errno e, its words in why): the probe
 * again, or past the retries the scan's end.  Returns 0, or -1.
 */
static int
proxy_failed(struct worker *wk, int i, int e, const char *why)
{
	struct slot *sl = &wk->slot[i];
	int cap = wk->cfg->retries >= 0 ? wk->cfg->retries : 2;

	free(sl->hs);
	sl->hs = NULL;
	close_abort(wk->pfd[i].fd, sl->probe);
	if (sl->tries < cap)
		return peer_proxy_retry(wk, i);
	snprintf(wk->err, SK_ERRLEN, "%s", why);
	errno = e;
	return -1;
}

/*
 * Slot i has its state: reported, the host's window told; an open
 * port's banner or handshake begun.  Returns as proxied_settle.
 */
static int
proxied_done(struct worker *wk, int i, int st, int e)
{
	struct slot *sl = &wk->slot[i];
	struct take tk;

	free(sl->hs);
	sl->hs = NULL;
	slot_take(wk, i, &tk);
	/* the proxy's retries were its own losses, not the host's */
	tk.tries = 0;
	tk.no_rtt = st == P_FILTERED && e == ETIMEDOUT;
	peer_answer(wk, &tk, st == SCAN_CLOSEDFILTERED ? P_FILTERED : st, 0,
	    1, mono_us());
	/* the socket is the tunnel now: -b and --probe as direct */
	if (st == P_OPEN && wk->cfg->tls)
		return tls_begin(wk, i, mono_ms());
	if (st == P_OPEN && wk->cfg->banner)
		return banner_begin(wk, i, mono_ms());
	close_abort(wk->pfd[i].fd, sl->probe);
	return sink_result(wk->sink, sl->probe, st, e, NULL, 0);
}

/* The handshake of slot i begun: the request for its port built. */
static int
proxied_begin(struct worker *wk, int i, char *err)
{
	struct slot *sl = &wk->slot[i];
	struct sockaddr_storage ss;
	struct proxy_tunnel t;
	char host[SK_HOSTLEN], port[8];
	socklen_t len;
	int pn;

	if ((sl->hs = malloc(sizeof(*sl->hs))) == NULL)
		return worker_fail(wk, "proxy", ENOMEM);
	probe_addr(wk->cfg, sl->probe, &ss, &len);
	/* socks5h, socks4a, http: the target's name, for the proxy to
	 * resolve (-n: none, the address) */
	if (proxy_resolves_here(wk->cfg->proxy->kind) ||
	    scan_probe_sni(wk->cfg, sl->probe, host, sizeof(host)) != 1)
		if (net_addr_str((struct sockaddr *)&ss, len, host,
		    sizeof(host), &pn) == -1)
			return worker_fail(wk, "proxy", EINVAL);
	snprintf(port, sizeof(port), "%u", (unsigned int)wk->cfg->ports[
	    sl->probe % wk->cfg->nports]);
	memset(&t, 0, sizeof(t));
	t.px = wk->cfg->proxy;
	t.host = host;
	t.port = port;
	if (proxy_hs_init(sl->hs, &t, err) == -1) {
		snprintf(wk->err, SK_ERRLEN, "%s", err);
		return -1;
	}
	return 0;
}

/*
 * Slot i has an HTTP proxy's no that its head did not explain: its
 * error page read on (to its end, the buffer's or the time's), then
 * judged.  Returns as proxied_settle.
 */
static int
proxied_page(struct worker *wk, int i, short rev, int64_t now)
{
	struct slot *sl = &wk->slot[i];
	struct proxy_hs *h = sl->hs;
	ssize_t n = -1;
	int e, st;

	while (rev != 0 && h->len < sizeof(h->buf)) {
		n = read(wk->pfd[i].fd, h->buf + h->len, sizeof(h->buf) -
		    h->len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		h->len += (size_t)n;
	}
	if (n == -1 && errno == EAGAIN && h->len < sizeof(h->buf) &&
	    sl->deadline > now)
		return 1;
	st = far_verdict(PROXY_HTTP, h->buf, h->len, &e);
	return proxied_done(wk, i, st, e);
}

/*
 * Slot i, a proxied probe, after a poll (rev its revents): step its
 * handshake.  Returns 1 while it stays, 0 when it is done, -1 on a
 * fatal error (slot_settle's contract).
 */
int
proxied_settle(struct worker *wk, int i, short rev, int64_t now)
{
	struct slot *sl = &wk->slot[i];
	char err[SK_ERRLEN];
	struct conn c;
	socklen_t el = sizeof(int);
	int e = 0, r, st;

	if (rev == 0 && sl->deadline > now)
		return 1;
	if (sl->hs == NULL && rev != 0) {
		/* the connect to the proxy: done, or its failure */
		if (getsockopt(wk->pfd[i].fd, SOL_SOCKET, SO_ERROR, &e,
		    &el) == -1)
			e = errno;
		if (e != 0) {
			snprintf(err, sizeof(err), "proxy %.96s port %.16s: %.128s",
			    wk->cfg->proxy->host, wk->cfg->proxy->port,
			    strerror(e));
			return proxy_failed(wk, i, e, err);
		}
		if (proxied_begin(wk, i, err) == -1) {
			close_abort(wk->pfd[i].fd, sl->probe);
			free(sl->hs);
			sl->hs = NULL;
			return -1;
		}
	}
	if (sl->hs == NULL) {
		snprintf(err, sizeof(err), "proxy %.96s port %.16s: %.128s",
		    wk->cfg->proxy->host, wk->cfg->proxy->port,
		    strerror(ETIMEDOUT));
		return proxy_failed(wk, i, ETIMEDOUT, err);
	}
	if (sl->sent) {
		/* an HTTP proxy's error page: read on, then judge it */
		return proxied_page(wk, i, rev, now);
	}
	conn_init(&c, wk->pfd[i].fd);
	if (rev != 0 && (r = proxy_hs_step(sl->hs, &c, 0, err)) != 0) {
		if (r == 1)
			return proxied_done(wk, i, P_OPEN, 0);
		e = errno;
		if (!proxy_hs_far(sl->hs) || (st = far_verdict(
		    wk->cfg->proxy->kind, sl->hs->buf, sl->hs->len,
		    &e)) == -1)
			return proxy_failed(wk, i, e, err);
		if (st == SCAN_CLOSEDFILTERED && (wk->cfg->proxy->kind ==
		    PROXY_HTTP)) {
			sl->sent = 1;
			wk->pfd[i].events = POLLIN;
			return proxied_page(wk, i, 0, now);
		}
		return proxied_done(wk, i, st, e);
	}
	if (sl->deadline > now) {
		wk->pfd[i].events = (short)sl->hs->want;
		return 1;
	}
	/* silence: the proxy's, or its far connect's */
	if (!proxy_hs_far(sl->hs)) {
		proxy_hs_timeout(sl->hs, err);
		return proxy_failed(wk, i, ETIMEDOUT, err);
	}
	return proxied_done(wk, i, P_FILTERED, ETIMEDOUT);
}
