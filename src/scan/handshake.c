/*
 * scan/handshake.c: --probe tls on an open TCP port, on a connection
 * stack (net/conn.h) over the slot's socket: the port's STARTTLS
 * dialogue first where it has one (net/starttls_io.h's layer), then the
 * TLS handshake, the stack's TLS layer above it (the probe's session,
 * tls/tls_probe.h), each a step at a time (conn_step) in the worker's
 * poll loop and bounded by banner_ms; the port reported open with what
 * they found (parse/tlsfields.h).
 */
#include <sys/types.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/stack.h"
#include "net/starttls_io.h"
#include "parse/starttls.h"
#include "parse/tlsfields.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/targets.h"
#include "tls/tls_probe.h"
#include "util/base.h"

void
tls_drop(struct slot *sl)
{
	if (sl->cn != NULL)
		conn_free(sl->cn);	/* the socket stays the slot's */
	free(sl->cn);
	sl->cn = NULL;
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
 * Slot i's handshake is over (rc 0 done, -1 failed), or out of time (rc
 * 1): its socket reset, the port reported open with what was found.
 * Returns 0 or -1.
 */
static int
tls_done(struct worker *wk, int i, int rc)
{
	static struct tls_fields f;
	struct slot *sl = &wk->slot[i];
	char why[SK_ERRLEN];

	tls_probe_fields(conn_tls(sl->cn), rc == -1, &f);
	if (rc == 1) {
		conn_timeout(sl->cn, why);	/* "TLS handshake timed out" */
		snprintf(f.error, sizeof(f.error), "%s", why);
	}
	tls_drop(sl);
	close_abort(wk->pfd[i].fd, sl->probe);
	if (sl->stls_proto >= 0)
		snprintf(f.starttls, sizeof(f.starttls), "%s",
		    starttls_proto_name(sl->stls_proto));
	return tls_result(wk, sl->probe, &f);
}

/*
 * Slot i's handshake one step on: the stack's TLS layer (conn_step).
 * Returns 1 while it waits for the socket (pfd's events set to what it
 * waits for), 0 once reported, -1 on a fatal error.
 */
static int
tls_step(struct worker *wk, int i)
{
	char why[SK_ERRLEN];
	int rc;

	/* its failure in the probe's words, not why's (tls_done) */
	if ((rc = conn_step(wk->slot[i].cn, why)) > 0) {
		wk->pfd[i].events = (short)rc;
		return 1;
	}
	return tls_done(wk, i, rc);
}

/*
 * Start slot i's handshake on its stack, above the dialogue done if
 * there was one (as connect --starttls stacks it), bounded by banner_ms
 * as a banner is.  Returns as tls_step.
 */
static int
tls_start(struct worker *wk, int i, int64_t now)
{
	const struct scan_config *cfg = wk->cfg;
	struct slot *sl = &wk->slot[i];
	struct tls_conn *t;
	char name[256], err[SK_ERRLEN];
	int named;

	sl->deadline = now + cfg->banner_ms;
	sl->banner = S_TLS;
	named = scan_probe_sni(cfg, sl->probe, name, sizeof(name)) == 1;
	if ((t = tls_probe_conn(wk->tlsx, wk->pfd[i].fd, named ? name :
	    NULL, err)) == NULL || stack_push_tls_hs(sl->cn, t, err) == -1) {
		/* a slot that is done, even on failure, has no socket */
		tls_drop(sl);
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

	if ((rc = conn_step(sl->cn, why)) > 0) {
		wk->pfd[i].events = (short)rc;
		return 1;
	}
	if (rc == -1)
		return stls_fail(wk, i, why);
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
	if ((sl->cn = malloc(sizeof(*sl->cn))) == NULL) {
		close_abort(wk->pfd[i].fd, sl->probe);
		return worker_fail(wk, sl->stls_proto >= 0 ? "STARTTLS" :
		    "TLS", ENOMEM);
	}
	conn_init(sl->cn, wk->pfd[i].fd);
	if (sl->stls_proto < 0)
		return tls_start(wk, i, now);
	stls_name(wk, i, name, sizeof(name));
	/* the slot's own time (banner_ms) bounds it: no limit of its own */
	memset(&o, 0, sizeof(o));
	o.proto = sl->stls_proto;
	o.name = name;
	if (starttls_push(sl->cn, &o, err) == -1) {
		/* a name the dialogue cannot carry: the one every host has */
		o.name = "localhost";
		if (starttls_push(sl->cn, &o, err) == -1) {
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
			conn_timeout(wk->slot[i].cn, why);
			keep = stls_fail(wk, i, why);
		}
		return keep;
	}
	keep = rev != 0 ? tls_step(wk, i) : 1;
	if (keep == 1 && wk->slot[i].deadline <= now)
		keep = tls_done(wk, i, 1);
	return keep;
}
