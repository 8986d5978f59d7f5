/*
 * scan/probe.c: one probe from start to state.  A TCP probe is a
 * non-blocking connect settled by SO_ERROR, then, with -b, a banner read
 * (and a probe sent first), or with tls the handshake of handshake.c,
 * driven by the same poll; a UDP probe goes through scan/udp.c, its
 * settled socket kept in fd.c's pool to probe the same address again,
 * and so does host discovery's echo through an ICMP datagram socket.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "parse/starttls.h"
#include "parse/synpkt.h"
#include "parse/tlsfields.h"
#include "parse/udpprobe.h"
#include "scan/icmperr.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/targets.h"
#include "scan/udp.h"
#include "scan/verdict.h"
#include "tls/tls_probe.h"
#include "util/base.h"
#include "util/clock.h"

/*
 * Start a UDP probe (scan/udp.c): as probe_start, but P_OPEN comes with
 * the reply in reply (*rlen bytes), and a settled probe's socket goes
 * back to the pool.
 */
static int
probe_start_udp(struct worker *wk, uint64_t probe, int *fdp, int *errp,
    char *reply, size_t *rlen)
{
	const struct scan_config *cfg = wk->cfg;
	struct sockaddr_storage ss;
	struct scan_udp_try t;
	unsigned char payload[UDPPROBE_MAX];
	socklen_t len;
	size_t ai = probe_ai(cfg, probe);
	int st, plen;

	probe_addr(cfg, probe, &ss, &len);
	/* scan_udp_start owns the kept socket now: it closes it or not */
	if (cfg->proxy == NULL && (t.reuse = pool_take(wk, ai)) != -1)
		fd_give(t.reuse, OWNER_POOL);
	/* a request the service understands, or an empty datagram; host
	 * discovery's echo request (the kernel sets its identifier) */
	t.ping = scan_probe_kind(cfg, probe) == SCAN_K_ECHO;
	if (t.ping)
		synpkt_echo(payload, ss.ss_family == AF_INET ? 4 : 6, 0,
		    (uint32_t)probe);
	plen = t.ping ? SYNPKT_ECHO_LEN : udpprobe_for_port(cfg->ports[probe %
	    cfg->nports], cfg->seed, payload, sizeof(payload));
	t.to = (struct sockaddr *)&ss;
	t.tolen = len;
	t.src = ss.ss_family == AF_INET ? cfg->src4 : cfg->src6;
	t.payload = payload;
	t.plen = plen > 0 ? (size_t)plen : 0;
	t.reply = reply;
	if (cfg->proxy != NULL) {
		/* an association's (udp_proxy.c), never the pool's */
		if ((st = udpx_start(wk, t.to, payload, t.plen, fdp,
		    errp)) == P_PENDING)
			fd_own(*fdp, probe);
		return st;
	}
	st = scan_udp_start(&t);
	*fdp = t.fd;
	*errp = t.error;
	*rlen = t.rlen;
	if (*fdp != -1)
		fd_own(*fdp, probe);
	if (st == P_FATAL)
		(void)worker_fail(wk, t.what, *errp);
	else if (st != P_PENDING && st != P_RESOURCE) {
		/* the pool owns it now */
		pool_put(wk, *fdp, probe, ai);
		*fdp = -1;
	}
	return st;
}

/*
 * What a TCP probe's errno e says of its port, as scan_verdict's, but a
 * refusal or an unreachable that an ICMP message brought is read from
 * the error queue: Linux reports a port unreachable to connect() as
 * ECONNREFUSED, a reset's errno, and a host that REJECTs at the kernel's
 * ICMP rate would read closed for the probes it answered and filtered
 * for those it did not, differently each run.  nmap -sS and sockt -sS
 * call them all filtered (port-unreach); so does the connect scan.
 * Not on loopback, where Linux limits no ICMP (its REJECTs read closed
 * in every run, as nmap -sT says) and a 65,535-port scan is nearly all
 * refusals: the error queue would cost two system calls each
 * (probe_start asks for it elsewhere only).  *ep becomes the errno that
 * decided it.
 */
static int
tcp_verdict(int fd, const struct sockaddr *to, int *ep)
{
	int e, st;

	/*
	 * No error is not yet open: connected to the port (open), to
	 * itself (closed), or not at all: then the ICMP error whose entry
	 * in the error queue woke poll ahead of the socket's error, or
	 * nothing yet (P_PENDING: poll on)
	 */
	if (*ep == 0 && (st = scan_tcp_connected(fd, to)) != P_PENDING) {
		if (st == P_CLOSED)
			*ep = ECONNREFUSED;
		return st;
	}
	if ((*ep == 0 || *ep == ECONNREFUSED || *ep == EHOSTUNREACH ||
	    *ep == ENETUNREACH) && !net_addr_loopback(to) &&
	    scan_icmp_read(fd, to, SCAN_TCP, &e) == SCAN_FILTERED) {
		*ep = e;
		return P_FILTERED;
	}
	return *ep == 0 ? P_PENDING : scan_verdict(SCAN_TCP, *ep);
}

/*
 * A non-blocking stream socket of family for probe, owned by it: the
 * descriptor, or -P_RESOURCE (a local shortage) or -P_FATAL (wk->err
 * says why), *errp the errno.
 */
int
probe_socket(struct worker *wk, int family, uint64_t probe, int *errp)
{
	int fd, e;

	if ((fd = net_socket(family, SOCK_STREAM, 1)) == -1) {
		e = *errp = errno;
		if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM)
			return -P_RESOURCE;
		(void)worker_fail(wk, "socket", e);
		return -P_FATAL;
	}
	fd_own(fd, probe);
	return fd;
}

/*
 * Start probe: returns P_PENDING (to poll), P_OPEN (TCP: connected, or
 * reset already; UDP: the reply in reply), P_CLOSED or P_FILTERED,
 * P_RESOURCE, or P_FATAL with errno set and wk->err naming the step that
 * failed.  *fdp is set on every return: the probe's socket while it is
 * still the caller's to poll or close (TCP: P_PENDING, or P_OPEN when
 * connected), else -1.  *errp gets the deciding errno.
 */
int
probe_start(struct worker *wk, uint64_t probe, int *fdp, int *errp,
    char *reply, size_t *rlen)
{
	const struct scan_config *cfg = wk->cfg;
	const struct scan_addr *src;
	struct sockaddr_storage ss;
	socklen_t len, el;
	int fd, e, st, save_errno, port;
	char host[128], what[160];

	*rlen = 0;
	*fdp = -1;
	if (probe_proto(cfg, probe) == SCAN_UDP)
		return probe_start_udp(wk, probe, fdp, errp, reply, rlen);
	if (wk->syn != NULL) {
		/* no socket of its own: the raw sockets bring its answer */
		st = syn_start(wk, probe, errp, &wk->syn_key);
		errno = *errp;
		return st;
	}
	probe_addr(cfg, probe, &ss, &len);
	if ((fd = probe_socket(wk, ss.ss_family, probe, errp)) < 0)
		return -fd;
	if (!net_addr_loopback((struct sockaddr *)&ss))
		scan_recverr_on(fd, ss.ss_family);
	src = ss.ss_family == AF_INET ? cfg->src4 : cfg->src6;
	if (src != NULL && bind(fd, (const struct sockaddr *)&src->ss,
	    src->len) == -1) {
		save_errno = errno;
		probe_close(fd, probe);
		errno = *errp = save_errno;
		if (save_errno == EADDRINUSE)
			return P_RESOURCE;
		if (net_addr_str((const struct sockaddr *)&src->ss, src->len,
		    host, sizeof(host), &port) == -1)
			snprintf(host, sizeof(host), "address");
		snprintf(what, sizeof(what), "source %s", host);
		(void)worker_fail(wk, what, save_errno);
		return P_FATAL;
	}
	if (connect(fd, (struct sockaddr *)&ss, len) == 0)
		e = 0;
	else if (errno == EINPROGRESS || errno == EINTR) {
		/* loopback has answered already; elsewhere this reads 0 */
		el = sizeof(e);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == -1)
			e = errno;
		if (e == 0) {
			*fdp = fd;
			return P_PENDING;
		}
	} else
		e = errno;
	save_errno = e;
	st = tcp_verdict(fd, (struct sockaddr *)&ss, &e);
	*errp = e;
	if ((st == P_OPEN && e == 0) || st == P_PENDING) {
		*fdp = fd;
		return st;
	}
	/*
	 * Settled, or (ECONNRESET, EPIPE) open but reset before we looked:
	 * the socket is gone, and *fdp stays -1 so that nobody closes this
	 * number again once another probe owns it.  One connected to
	 * itself is reset: a plain close would TIME_WAIT.
	 */
	if (save_errno == 0)
		close_abort(fd, probe);
	else
		probe_close(fd, probe);
	if (st == P_FATAL)
		(void)worker_fail(wk, "connect", e);
	errno = e;
	return st;
}

/* Close what is in flight; a connected socket (a banner) with a reset. */
void
slots_drop(struct worker *wk)
{
	int i;

	for (i = 0; i < wk->n; i++) {
		tls_drop(&wk->slot[i]);
		free(wk->slot[i].hs);
		wk->slot[i].hs = NULL;
		if (wk->pfd[i].fd != -1)
			close_abort(wk->pfd[i].fd, wk->slot[i].probe);
		free(wk->slot[i].bbuf);
		wk->slot[i].bbuf = NULL;
	}
	wk->n = 0;
}

void
slot_add(struct worker *wk, int fd, uint64_t probe, int tries, int banner,
    int64_t now)
{
	int i = wk->n++, udp = probe_proto(wk->cfg, probe) == SCAN_UDP;

	wk->pfd[i].fd = fd;
	wk->pfd[i].events = banner || udp ? POLLIN : POLLOUT;
	wk->pfd[i].revents = 0;
	wk->slot[i].probe = probe;
	wk->slot[i].tries = tries;
	wk->slot[i].banner = S_CONNECT;
	wk->slot[i].sent = wk->slot[i].blen = 0;
	wk->slot[i].bbuf = NULL;
	wk->slot[i].deadline = now + wk->cfg->timeout_ms;
	wk->slot[i].udp = udp;
	wk->slot[i].cn = NULL;
	wk->slot[i].stls_proto = -1;
	wk->slot[i].hs = NULL;
	wk->slot[i].peer = UINT32_MAX;
	wk->slot[i].paced = 0;
	wk->slot[i].sent_us = wk->slot[i].lost_us = 0;
	if (fd == -1 && !udp && wk->syn != NULL) {
		wk->slot[i].banner = S_SYN;
		wk->slot[i].key = wk->syn_key;
		wk->slot[i].dgen = wk->rtt_gen - 1;	/* none yet */
	}
	if (!udp && !banner && wk->cfg->proxy != NULL) {
		/* the proxy's time for the port, not the host's timing */
		wk->slot[i].banner = S_PROXY;
		wk->slot[i].deadline = now + (wk->cfg->timeout_ms > 0 ?
		    wk->cfg->timeout_ms : SCAN_PROXY_MS);
	}
}


/*
 * Slot i is done with its banner (whole, cut at the bound, or out of
 * time): report the port open with what came.  Returns 0 or -1.
 */
static int
banner_done(struct worker *wk, int i)
{
	struct slot *sl = &wk->slot[i];
	int r;

	close_abort(wk->pfd[i].fd, sl->probe);
	r = sink_result(wk->sink, sl->probe, SCAN_OPEN, 0, sl->bbuf, sl->blen);
	free(sl->bbuf);
	sl->bbuf = NULL;
	return r;
}

/* Is the banner of sl whole: cut at the bound, or its end string came? */
static int
banner_whole(const struct scan_config *cfg, const struct slot *sl)
{
	size_t i, m;

	if (sl->blen == SCAN_BANNER_MAX || cfg->banner_end == NULL)
		return 1;
	m = strlen(cfg->banner_end);
	for (i = 0; m > 0 && i + m <= sl->blen; i++)
		if (memcmp(sl->bbuf + i, cfg->banner_end, m) == 0)
			return 1;
	return 0;
}

/*
 * Slot i is readable: read on.  Returns 1 while the banner is not whole,
 * 0 once it is reported, -1 on a fatal error.
 */
static int
banner_read(struct worker *wk, int i)
{
	struct slot *sl = &wk->slot[i];
	ssize_t r;

	if (sl->bbuf == NULL && (sl->bbuf = malloc(SCAN_BANNER_MAX)) == NULL) {
		/* a slot that is done, even on failure, has no socket */
		close_abort(wk->pfd[i].fd, sl->probe);
		return worker_fail(wk, "banner", ENOMEM);
	}
	do
		r = read(wk->pfd[i].fd, sl->bbuf + sl->blen,
		    SCAN_BANNER_MAX - sl->blen);
	while (r == -1 && errno == EINTR);
	if (r == -1 && errno == EAGAIN)
		return 1;
	if (r > 0) {
		sl->blen += (size_t)r;
		if (!banner_whole(wk->cfg, sl))
			return 1;
	}
	/* whole, at its end (0), or reset: what came is the banner */
	return banner_done(wk, i);
}

/*
 * Send slot i what is left of its probe.  Returns 1 while the slot
 * waits (for room to send, or for the banner), 0 once reported (the
 * peer went away: open, no banner), -1 on a fatal error.
 */
static int
probe_send(struct worker *wk, int i)
{
	const struct scan_config *cfg = wk->cfg;
	struct slot *sl = &wk->slot[i];
	char buf[SCAN_PROBE_MAX];
	size_t len;
	ssize_t r;

	len = scan_probe_bytes(cfg, sl->probe, buf, sizeof(buf));
	if (len > sizeof(buf))
		len = 0;
	while (sl->sent < len) {
		r = send(wk->pfd[i].fd, buf + sl->sent, len - sl->sent,
		    MSG_NOSIGNAL);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && errno == EAGAIN) {
			wk->pfd[i].events = POLLOUT;
			sl->banner = S_SEND;
			return 1;
		}
		if (r <= 0)
			return banner_done(wk, i);
		sl->sent += (size_t)r;
	}
	wk->pfd[i].events = POLLIN;
	sl->banner = S_READ;
	return 1;
}

/*
 * Slot i is connected and -b asks for a banner: send the probe, if any,
 * then wait for the answer, up to banner_ms.  Returns as probe_send.
 */
int
banner_begin(struct worker *wk, int i, int64_t now)
{
	wk->slot[i].deadline = now + wk->cfg->banner_ms;
	wk->slot[i].sent = 0;
	wk->slot[i].blen = 0;
	if (wk->cfg->probe_len > 0 || wk->cfg->probe_http)
		return probe_send(wk, i);
	wk->pfd[i].events = POLLIN;
	wk->slot[i].banner = S_READ;
	return 1;
}

/* An open port with what its TLS handshake found.  Returns 0 or -1. */
int
got_open(struct worker *wk, int fd, uint64_t probe, int tries, int64_t now)
{
	int r;

	if (fd == -1 && wk->cfg->tls)
		return tls_none(wk, probe, "reset before the TLS handshake");
	if (fd == -1)
		return sink_result(wk->sink, probe, SCAN_OPEN, 0, NULL, 0);
	if (wk->cfg->tls) {
		slot_add(wk, fd, probe, tries, 1, now);
		if ((r = tls_begin(wk, wk->n - 1, now)) != 1)
			wk->n--;	/* reported already, or fatal */
		return r == -1 ? -1 : 0;
	}
	if (wk->cfg->banner) {
		slot_add(wk, fd, probe, tries, 1, now);
		if ((r = banner_begin(wk, wk->n - 1, now)) != 1)
			wk->n--;	/* reported already, or fatal */
		return r == -1 ? -1 : 0;
	}
	close_abort(fd, probe);
	return sink_result(wk->sink, probe, SCAN_OPEN, 0, NULL, 0);
}


/*
 * A probe that met a shortage of the machine's (descriptors, ports,
 * memory: errno e), not an answer of the host's: its turn given back to
 * the host and the probe queued again with its tries.  Returns 0, or -1
 * on a fatal error.
 */
static int
resource_requeue(struct worker *wk, uint64_t probe, int tries,
    struct take *tk, int e)
{
	int r;

	wk->res_errno = e;
	if ((r = peer_unsent(wk, tk, 1)) != 0)
		return r == 1 ? 0 : -1;
	if (rq_push(wk, probe, tries) == -1)
		return worker_fail(wk, "retry queue", ENOMEM);
	return 0;
}
/*
 * A UDP probe's socket is readable or has an error: settle it.  Returns
 * 0 when the slot is done, 1 when it stays (nothing after all), -1 on a
 * fatal error.
 */
static int
udp_done(struct worker *wk, int i)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char reply[SCAN_BANNER_MAX];
	size_t rlen;
	int fd = wk->pfd[i].fd, e, st;
	uint64_t probe = wk->slot[i].probe;
	struct take tk;

	probe_addr(wk->cfg, probe, &ss, &len);
	e = 0;
	st = wk->cfg->proxy != NULL ? udpx_settle(wk, fd,
	    (struct sockaddr *)&ss, reply, &rlen) :
	    scan_udp_settle(fd, (struct sockaddr *)&ss, &e, reply, &rlen);
	if (st == P_PENDING)
		return 1;
	if (st == P_FATAL && wk->cfg->proxy != NULL)
		return -1;	/* wk->err says what of the proxy */
	slot_take(wk, i, &tk);
	if (st == P_OPEN || st == P_CLOSED || st == P_FILTERED)
		peer_answer(wk, &tk, st, 1, 1, mono_us());
	if (wk->cfg->proxy == NULL && (st == P_OPEN || st == P_CLOSED ||
	    st == P_FILTERED))
		pool_put(wk, fd, probe, probe_ai(wk->cfg, probe));
	else
		probe_close(fd, probe);
	switch (st) {
	case P_OPEN:
		return sink_result(wk->sink, probe, SCAN_OPEN, 0, reply,
		    wk->cfg->banner ? rlen : 0);
	case P_CLOSED:
	case P_FILTERED:
		return sink_result(wk->sink, probe, st, e, NULL, 0);
	case P_RESOURCE:
		return resource_requeue(wk, probe, wk->slot[i].tries, &tk,
		    e);
	default:
		return worker_fail(wk, "recv", e);
	}
}

/*
 * Slot i got no answer in time: its socket closed, and pace.c says
 * whether it goes again or its port is filtered.
 */
static int
timed_out(struct worker *wk, int i)
{
	/* a silence through a proxy: its association's end, or the port's */
	if (wk->slot[i].udp && wk->cfg->proxy != NULL && udpx_check(wk) == -1)
		return -1;
	probe_close(wk->pfd[i].fd, wk->slot[i].probe);
	return peer_timeout(wk, i, mono_us());
}

/*
 * A pending connect has an answer (or an error): settle it.  Returns 0
 * when the slot is done, 1 when it stays (now waiting for a banner), -1
 * on a fatal error.
 */
static int
pending_done(struct worker *wk, int i, short rev, int64_t now)
{
	struct sockaddr_storage ss;
	socklen_t len, el = sizeof(int);
	int fd = wk->pfd[i].fd, e = 0, st;
	uint64_t probe = wk->slot[i].probe;
	struct take tk;

	if (wk->slot[i].udp)
		return udp_done(wk, i);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == -1)
		e = errno;
	probe_addr(wk->cfg, probe, &ss, &len);
	/*
	 * Not connected, no error: an answer still to come, or (POLLHUP)
	 * a socket ended without one, a silence
	 */
	if ((st = tcp_verdict(fd, (struct sockaddr *)&ss, &e)) == P_PENDING)
		return rev & POLLHUP ? timed_out(wk, i) : 1;
	slot_take(wk, i, &tk);
	if (st == P_OPEN || st == P_CLOSED || st == P_FILTERED)
		peer_answer(wk, &tk, st, 0, 1, mono_us());
	if (st == P_OPEN && e == 0) {
		if (wk->cfg->tls)
			return tls_begin(wk, i, now);
		if (wk->cfg->banner)
			return banner_begin(wk, i, now);
	}
	switch (st) {
	case P_OPEN:
		close_abort(fd, probe);
		return sink_result(wk->sink, probe, SCAN_OPEN, 0, NULL, 0);
	case P_CLOSED:
	case P_FILTERED:
		/* a self-connect is connected: reset it too */
		close_abort(fd, probe);
		return sink_result(wk->sink, probe, st, e, NULL, 0);
	case P_RESOURCE:
		probe_close(fd, probe);
		return resource_requeue(wk, probe, wk->slot[i].tries, &tk,
		    e);
	default:
		probe_close(fd, probe);
		return worker_fail(wk, "connect", e);
	}
}

/*
 * Slot i after a poll (rev its revents): settle it if it answered or its
 * time is up.  Returns 1 while it stays, 0 when it is done, -1 on a fatal
 * error; at 0 and -1 its socket is closed (or in the UDP pool).
 */
int
slot_settle(struct worker *wk, int i, short rev, int64_t now)
{
	int keep;

	if (wk->slot[i].banner == S_STLS || wk->slot[i].banner == S_TLS)
		return tls_settle(wk, i, rev, now);
	if (wk->slot[i].banner == S_SYN)
		return syn_settle(wk, i, now);
	if (wk->slot[i].banner != S_CONNECT) {
		if (rev != 0 && wk->slot[i].banner == S_SEND)
			keep = probe_send(wk, i);
		else if (rev != 0)
			keep = banner_read(wk, i);
		else
			keep = 1;
		if (keep == 1 && wk->slot[i].deadline <= now)
			keep = banner_done(wk, i);
		return keep;
	}
	if (rev != 0)
		return pending_done(wk, i, rev, now);
	if (slot_deadline(wk, i) <= now)
		/* no answer: poll has just said so */
		return timed_out(wk, i);
	return 1;
}
