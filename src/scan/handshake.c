/*
 * scan/handshake.c: --probe tls on an open TCP port: the port's
 * STARTTLS dialogue first where it has one (the connection stack's
 * layer, net/starttls_io.h, on an endpoint of the slot's socket), then
 * the TLS handshake (tls/tls_probe.h), each a step at a time in the
 * worker's poll loop and bounded by banner_ms; the port reported open
 * with what they found (parse/tlsfields.h).
 */
#include <sys/types.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/starttls_io.h"
#include "parse/starttls.h"
#include "parse/tlsfields.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/targets.h"
#include "tls/tls_probe.h"
#include "util/base.h"

/* A STARTTLS dialogue in progress: the slot's socket as an endpoint. */
struct stls_slot {
	struct conn	 c;
};

void
tls_drop(struct slot *sl)
{
	tls_probe_free(sl->tls);
	sl->tls = NULL;
	if (sl->stls != NULL)
		conn_free(&sl->stls->c);	/* the socket stays the slot's */
	free(sl->stls);
	sl->stls = NULL;
}

static int
tls_result(struct worker *wk, uint64_t probe, const struct tls_fields *f)
{
	char buf[TLSF_PACK_MAX];
	size_t n;

	/* TLSF_PACK_MAX always suffices; SCAN_RESULT_MAX holds that */
	if (tlsf_pack(f, buf, sizeof(buf), &n) == -1 || n > SCAN_RESULT_MAX)
		return worker_fail(wk, "TLS fields", EMSGSIZE);
	return sink_result(wk->sink, probe, SCAN_OPEN, 0, buf, n);
}

/* An open port with no TLS handshake to try: why.  Returns 0 or -1. */
int
tls_none(struct worker *wk, uint64_t probe, const char *why)
{
	static struct tls_fields f;

	memset(&f, 0, sizeof(f));
	snprintf(f.error, sizeof(f.error), "%s", why);
	return tls_result(wk, probe, &f);
}

/*
 * Slot i's handshake is over (f filled), or out of time (f NULL): its
 * socket reset, the port reported open with what was found.  Returns 0
 * or -1.
 */
static int
tls_done(struct worker *wk, int i, struct tls_fields *f)
{
	static struct tls_fields late;
	struct slot *sl = &wk->slot[i];

	if (f == NULL) {
		tls_probe_expire(sl->tls, &late);
		f = &late;
	}
	tls_probe_free(sl->tls);
	sl->tls = NULL;
	close_abort(wk->pfd[i].fd, sl->probe);
	if (sl->stls_proto >= 0)
		snprintf(f->starttls, sizeof(f->starttls), "%s",
		    starttls_proto_name(sl->stls_proto));
	return tls_result(wk, sl->probe, f);
}

/*
 * Slot i's handshake one step on.  Returns 1 while it waits for the
 * socket (pfd's events set to what it waits for), 0 once reported, -1
 * on a fatal error.
 */
static int
tls_step(struct worker *wk, int i)
{
	static struct tls_fields f;
	int want;

	if ((want = tls_probe_step(wk->slot[i].tls, &f)) != 0) {
		wk->pfd[i].events = (short)want;
		return 1;
	}
	return tls_done(wk, i, &f);
}

/*
 * Start slot i's handshake, bounded by banner_ms as a banner is.
 * Returns as tls_step.
 */
static int
tls_start(struct worker *wk, int i, int64_t now)
{
	const struct scan_config *cfg = wk->cfg;
	struct slot *sl = &wk->slot[i];
	char name[256], err[SK_ERRLEN];
	int named;

	sl->deadline = now + cfg->banner_ms;
	sl->banner = S_TLS;
	named = scan_probe_sni(cfg, sl->probe, name, sizeof(name)) == 1;
	if ((sl->tls = tls_probe_new(wk->tlsx, wk->pfd[i].fd, named ? name :
	    NULL, err)) == NULL) {
		/* a slot that is done, even on failure, has no socket */
		close_abort(wk->pfd[i].fd, sl->probe);
		snprintf(wk->err, SK_ERRLEN, "TLS: %.200s", err);
		errno = ENOMEM;
		return -1;
	}
	return tls_step(wk, i);
}

/*
 * Slot i's dialogue failed (why): the port reported open with the
 * dialogue's fields alone, no handshake.  Returns 0 or -1.
 */
static int
stls_fail(struct worker *wk, int i, const char *why)
{
	static struct tls_fields f;
	struct slot *sl = &wk->slot[i];

	memset(&f, 0, sizeof(f));
	snprintf(f.starttls, sizeof(f.starttls), "%s",
	    starttls_proto_name(sl->stls_proto));
	snprintf(f.starttls_error, sizeof(f.starttls_error), "%s", why);
	tls_drop(sl);
	close_abort(wk->pfd[i].fd, sl->probe);
	return tls_result(wk, sl->probe, &f);
}

/*
 * Slot i's dialogue on, as far as the socket goes without waiting, and
 * once the server agrees, the handshake.  Returns 1 while it waits for
 * the socket (pfd's events set), 0 once reported, -1 on a fatal error.
 */
static int
stls_step(struct worker *wk, int i, int64_t now)
{
	struct slot *sl = &wk->slot[i];
	char why[SK_ERRLEN];
	int rc;

	if ((rc = conn_step(&sl->stls->c, why)) > 0) {
		wk->pfd[i].events = (short)rc;
		return 1;
	}
	if (rc == -1)
		return stls_fail(wk, i, why);
	tls_drop(sl);
	return tls_start(wk, i, now);
}

/*
 * EHLO's name: our address as a literal, [127.0.0.1] (RFC 5321
 * 4.1.3); xmpp's: the target's name, else its address.
 */
static void
stls_name(struct worker *wk, int i, char *name, size_t size)
{
	const struct scan_config *cfg = wk->cfg;
	char host[SK_HOSTLEN];
	int port, fd = wk->pfd[i].fd;

	if (wk->slot[i].stls_proto == STLS_P_XMPP) {
		if (scan_probe_sni(cfg, wk->slot[i].probe, name, size) == 1)
			return;
		if (net_peer_str(fd, host, sizeof(host), &port) == -1)
			snprintf(host, sizeof(host), "localhost");
		snprintf(name, size, "%.200s", host);
		return;
	}
	if (net_local_str(fd, host, sizeof(host), &port) == -1 ||
	    starttls_literal(host, name, size) == -1)
		snprintf(name, size, "localhost");
}

/*
 * Slot i is connected and tls asks for a handshake: first the port's
 * STARTTLS dialogue, if it has one, then the handshake, each bounded by
 * banner_ms.  Returns as tls_step.
 */
int
tls_begin(struct worker *wk, int i, int64_t now)
{
	const struct scan_config *cfg = wk->cfg;
	struct slot *sl = &wk->slot[i];
	struct starttls_opts o;
	char name[STLS_NAME_MAX], err[SK_ERRLEN];

	sl->stls_proto = cfg->starttls == SCAN_STLS_NONE ? -1 :
	    cfg->starttls > 0 ? cfg->starttls - 1 :
	    starttls_port(cfg->ports[sl->probe % cfg->nports]);
	if (sl->stls_proto < 0)
		return tls_start(wk, i, now);
	if ((sl->stls = malloc(sizeof(*sl->stls))) == NULL) {
		close_abort(wk->pfd[i].fd, sl->probe);
		return worker_fail(wk, "STARTTLS", ENOMEM);
	}
	stls_name(wk, i, name, sizeof(name));
	/* the slot's own time (banner_ms) bounds it: no limit of its own */
	memset(&o, 0, sizeof(o));
	o.proto = sl->stls_proto;
	o.name = name;
	conn_init(&sl->stls->c, wk->pfd[i].fd);
	if (starttls_push(&sl->stls->c, &o, err) == -1) {
		/* a name the dialogue cannot carry: the one every host has */
		o.name = "localhost";
		if (starttls_push(&sl->stls->c, &o, err) == -1) {
			tls_drop(sl);
			close_abort(wk->pfd[i].fd, sl->probe);
			return worker_fail(wk, "STARTTLS", ENOMEM);
		}
	}
	sl->deadline = now + cfg->banner_ms;
	sl->banner = S_STLS;
	return stls_step(wk, i, now);
}

/*
 * An open port: report it now, or wait for its banner or its TLS
 * handshake.  fd is its connected socket, or -1 when the peer reset it
 * already (no banner, no handshake).
 */

/*
 * Slot i, in its STARTTLS dialogue or its handshake, after a poll (rev
 * its revents): on a step, or reported when its time is up.  Returns 1
 * while it stays, 0 when it is done, -1 on a fatal error.
 */
int
tls_settle(struct worker *wk, int i, short rev, int64_t now)
{
	char why[SK_ERRLEN];
	int keep;

	if (wk->slot[i].banner == S_STLS) {
		keep = rev != 0 ? stls_step(wk, i, now) : 1;
		if (keep == 1 && wk->slot[i].banner == S_STLS &&
		    wk->slot[i].deadline <= now) {
			conn_timeout(&wk->slot[i].stls->c, why);
			keep = stls_fail(wk, i, why);
		}
		return keep;
	}
	keep = rev != 0 ? tls_step(wk, i) : 1;
	if (keep == 1 && wk->slot[i].deadline <= now)
		keep = tls_done(wk, i, NULL);
	return keep;
}
