/*
 * scan/udp_proxy.c: UDP probes through a SOCKS5 proxy (portscan -sU
 * --proxy socks5://...), on net/proxy_udp.c's associations and
 * parse/socks_udp.c's header.
 *
 * A relay takes datagrams from one client port only, so a probe's
 * socket cannot be its own: the worker opens associations as its
 * window needs them (at most one per slot, SCAN_PROXY_WINDOW by
 * default), one probe in flight on each.  The slot polls a dup of the
 * association's socket and closes it when it settles or times out; the
 * association is free again once that dup is gone.  An answer is the
 * probe's only where the relay's header names the probe's address and
 * port: what an earlier probe of another port drew late is dropped, as
 * a direct probe drops a datagram from another port (udp.c).  No ICMP
 * crosses a proxy: a port is open, or open|filtered, never closed.  The
 * control connection's end, seen at a start or at a silence, ends the
 * scan with its words: every later silence would be the proxy's.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "parse/socks.h"
#include "net/proxy_udp.h"
#include "parse/socks_udp.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/verdict.h"
#include "util/base.h"

struct udpx {
	struct proxy_udp pu;
	int		 lent;		/* the slot's dup of pu.fd, or -1 */
	ino_t		 ino;		/* pu.fd's socket */
};

/* Is a's socket still lent to a slot (its dup open)? */
static int
lent(const struct udpx *a)
{
	struct stat st;

	return a->lent != -1 && fstat(a->lent, &st) == 0 &&
	    S_ISSOCK(st.st_mode) && st.st_ino == a->ino;
}

/*
 * Have the associations' control connections all lasted?  0, or -1
 * with wk->err naming the one that ended.
 */
int
udpx_check(struct worker *wk)
{
	int i;

	for (i = 0; i < wk->udpx_n; i++)
		if (proxy_udp_alive(&wk->udpx[i].pu) == -1 &&
		    errno != EAGAIN) {
			snprintf(wk->err, SK_ERRLEN, "%s",
			    wk->udpx[i].pu.why);
			errno = EPROTO;
			return -1;
		}
	return 0;
}

/* A free association, opened if need be; NULL with wk->err. */
static struct udpx *
udpx_get(struct worker *wk)
{
	const struct scan_config *cfg = wk->cfg;
	struct net_opts o;
	struct stat st;
	struct udpx *a;
	int i;

	for (i = 0; i < wk->udpx_n; i++)
		if (!lent(&wk->udpx[i]))
			return &wk->udpx[i];
	if (wk->udpx == NULL && (wk->udpx = calloc((size_t)wk->win_max,
	    sizeof(*a))) == NULL) {
		worker_fail(wk, "proxy", ENOMEM);
		return NULL;
	}
	if (wk->udpx_n == wk->win_max) {
		worker_fail(wk, "proxy", EMFILE);
		return NULL;
	}
	a = &wk->udpx[wk->udpx_n];
	net_opts_init(&o);
	o.timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : SCAN_PROXY_MS;
	if (proxy_udp_open(&a->pu, cfg->proxy, NULL, NULL, &o,
	    wk->err) == -1)
		return NULL;
	if (fstat(a->pu.fd, &st) == -1) {
		proxy_udp_close(&a->pu);
		worker_fail(wk, "proxy", errno);
		return NULL;
	}
	a->ino = st.st_ino;
	a->lent = -1;
	wk->udpx_n++;
	return a;
}

/*
 * Send payload (plen bytes) to to through a free association: P_PENDING
 * with *fdp the slot's socket to poll, or P_FATAL with wk->err.
 */
int
udpx_start(struct worker *wk, const struct sockaddr *to,
    const void *payload, size_t plen, int *fdp, int *errp)
{
	unsigned char hdr[SOCKS5_UDP_HDR_V6];
	struct udpx *a;
	ssize_t r;

	*fdp = -1;
	*errp = 0;
	if (udpx_check(wk) == -1 || (a = udpx_get(wk)) == NULL)
		return P_FATAL;
	/* what came late for the last probe, or twice, is nobody's now */
	while (recv(a->pu.fd, hdr, sizeof(hdr), MSG_DONTWAIT) >= 0 ||
	    errno == EINTR)
		continue;
	/* the layer's write, its header the probe's target */
	a->pu.hlen = socks5_udp_hdr_sa(to, a->pu.hdr);
	do
		r = proxy_udp_layer.write(&a->pu, payload, plen);
	while (r == -1 && errno == EINTR);
	if (r == -1 || (a->lent = fcntl(a->pu.fd, F_DUPFD_CLOEXEC, 0)) == -1) {
		*errp = errno;
		snprintf(wk->err, SK_ERRLEN, "proxy %s: UDP relay: %s",
		    a->pu.via, strerror(*errp));
		return P_FATAL;
	}
	*fdp = a->lent;
	return P_PENDING;
}

/*
 * The slot's socket fd is readable: P_OPEN with the answer of to (its
 * first SCAN_BANNER_MAX bytes in reply, *rlen), P_PENDING where none
 * came (others' are dropped), P_FATAL with wk->err: the relay failed.
 */
int
udpx_settle(struct worker *wk, int fd, const struct sockaddr *to,
    char *reply, size_t *rlen)
{
	unsigned char b[SOCKS5_UDP_HDR_MAX + SCAN_BANNER_MAX];
	struct sockaddr_storage ss;
	struct socks5_udp h;
	socklen_t len;
	ssize_t r;
	long hl;

	*rlen = 0;
	for (;;) {
		r = recv(fd, b, sizeof(b), MSG_DONTWAIT);
		/* a relay's ICMP about a datagram it took late (dante's,
		 * before its relay socket is up): no answer of the port's */
		if (r == -1 && (errno == EINTR || errno == ECONNREFUSED))
			continue;
		if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return udpx_check(wk) == -1 ? P_FATAL : P_PENDING;
		if (r == -1) {
			snprintf(wk->err, SK_ERRLEN, "proxy: UDP relay: %s",
			    strerror(errno));
			return P_FATAL;
		}
		/* a fragment, no header, a name, or another port's */
		if ((hl = socks5_udp_decode(b, (size_t)r, &h, wk->err)) ==
		    -1 || h.frag != 0 || (len = socks5_udp_to_sa(&h,
		    &ss)) == 0 || !net_same_addr(&ss, len, to))
			continue;
		*rlen = (size_t)(r - hl) < SCAN_BANNER_MAX ? (size_t)(r -
		    hl) : SCAN_BANNER_MAX;
		memcpy(reply, b + hl, *rlen);
		return P_OPEN;
	}
}

void
udpx_drop(struct worker *wk)
{
	while (wk->udpx_n > 0)
		proxy_udp_close(&wk->udpx[--wk->udpx_n].pu);
	free(wk->udpx);
	wk->udpx = NULL;
}

/* -u through cfg->proxy: 0, or -1 with err, a usage error. */
int
scan_udp_proxy_ok(const struct scan_config *cfg, char *err)
{
	if (cfg->proxy == NULL || cfg->proxy->kind == PROXY_SOCKS5 ||
	    cfg->proxy->kind == PROXY_SOCKS5H)
		return 0;
	snprintf(err, SK_ERRLEN, "--proxy: only SOCKS5 carries UDP (-u)");
	return -1;
}
