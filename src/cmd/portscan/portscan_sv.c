/*
 * cmd/portscan/portscan_sv.c: -sV wired onto the engine: the scan's
 * results held (ps_sv_hold) until it is over, the ports found open
 * handed to scan/vscan.c, and each result then let out again as if it
 * had just come, an open port's bytes now its record (parse/svcrec.h),
 * which the output formats read (ps_sv_port, ps_sv_ver).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/portscan/portscan.h"
#include "parse/svcdb.h"
#include "parse/svcrec.h"
#include "scan/keep.h"
#include "scan/report.h"
#include "scan/scan.h"
#include "scan/targets.h"
#include "scan/vscan.h"
#include "tls/tls.h"
#include "tls/tls_probe.h"
#include "util/base.h"
#include "util/grow.h"

/* A result while the scan runs: held.  1 when held. */
int
ps_sv_hold(struct ps *ps, const struct scan_result *r)
{
	if (!ps->sv || ps->sv_replay)
		return 0;
	if (scan_keep_add(&ps->svk, r) == -1)
		ps->oom = 1;
	return 1;
}

/* a's port set to port */
static void
set_port(struct scan_addr *a, unsigned int port)
{
	if (a->ss.ss_family == AF_INET)
		((struct sockaddr_in *)&a->ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&a->ss)->sin6_port = htons(port);
}

/* Is kept e a port to probe? */
static int
wanted(const struct scan_kept *e)
{
	return e->state == SCAN_OPEN || e->state == SCAN_OPENFILTERED;
}

/* Target t's record into e's bytes, its state an answer's. */
static void
record(struct ps *ps, struct scan_kept *e, const struct vs_target *t,
    struct scan_stats *st)
{
	const char *f[SR_N];
	char rec[SR_MAX], *b;
	const char *table = t->udp ? ps->svcu[t->port] : ps->svc[t->port];
	size_t n;

	memset(f, 0, sizeof(f));
	f[SR_SVC] = t->state > 0 ? t->hit.svc : t->tls ? "ssl" : table != NULL ?
	    table : "unknown";
	for (n = 0; n < 4 && t->state == 2; n++)
		f[SR_PRODUCT + n] = t->hit.f[n];
	f[SR_TUNNEL] = t->tls && strcmp(f[SR_SVC], "ssl") != 0 ? "ssl" : "";
	f[SR_METHOD] = t->state > 0 || t->tls ? "probed" : "table";
	f[SR_CONF] = t->state > 0 || t->tls ? "10" : "3";
	f[SR_PROBE] = t->state > 0 ? t->probe : t->tls ? "tls" : "";
	f[SR_CERT] = t->cert;
	if ((n = svcrec_pack(f, rec, sizeof(rec))) == 0 ||
	    (b = malloc(n + 1)) == NULL) {
		ps->oom = 1;
		return;
	}
	memcpy(b, rec, n + 1);
	free(e->banner);
	e->banner = b;
	e->blen = n;
	/* UDP: an answer is an open port, as nmap -sU -sV says */
	if (e->state == SCAN_OPENFILTERED && t->answered) {
		e->state = SCAN_OPEN;
		e->reason = SCAN_R_UDP_RESPONSE;
		st->open++;
		st->openfiltered--;
	}
}

/* The open ports probed (unless a signal stopped the scan), then every
 * result held let out through show. */
void
ps_sv_run(struct ps *ps, struct scan_stats *st, int sig,
    void (*show)(const struct scan_result *, void *))
{
	static struct scan_result r;
	struct scan_keep *k = &ps->svk;
	struct vs_target *t = NULL;
	struct vs_config c;
	struct svcdb db;
	char err[SK_ERRLEN];
	size_t i, j, n = 0, ai;
	int pr;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < k->n; i++)
		n += wanted(&k->v[i]);
	if (sig == 0 && n > 0 && (t = calloc(n, sizeof(*t))) == NULL)
		ps->oom = 1;
	if (t != NULL && svcdb_load(&db, svcdb_text, err) == -1) {
		msg_warnx("%s", err);
		FREE_NULL(t);
	}
	for (i = 0, j = 0; t != NULL && i < k->n; i++) {
		if (!wanted(&k->v[i]))
			continue;
		ps_probe_split(ps, k->v[i].probe, &pr, &ai, &t[j].port);
		scan_target_get(&ps->cfg.targets.set, ai, &t[j].a, NULL);
		set_port(&t[j].a, t[j].port);
		t[j++].udp = pr == SCAN_UDP;
	}
	if (t != NULL) {
		c.db = &db;
		c.intensity = ps->sv_all ? 9 : ps->sv_light ? 2 : ps->sv_int;
		c.window = ps->cfg.window > 0 && ps->cfg.window < 256 ?
		    ps->cfg.window : 256;
		c.wait_ms = ps->cfg.timeout_ms;
		c.stop = ps->cfg.stop;
		/* no TLS library: the probes go in the clear alone */
		if (tls_load(err) == 0 && (c.tlsx = tls_probe_ctx_new(err)) ==
		    NULL && ps->verbose)
			msg_warnx("-sV: %s", err);
		if (vscan_run(&c, t, n, err) == -1)
			msg_warnx("%s", err);
		for (i = 0, j = 0; i < k->n; i++)
			if (wanted(&k->v[i]))
				record(ps, &k->v[i], &t[j++], st);
		if (c.tlsx != NULL)
			tls_probe_ctx_free(c.tlsx);
		svcdb_free(&db);
		free(t);
	}
	ps->sv_replay = 1;
	for (i = 0; i < k->n; i++) {
		r.probe = k->v[i].probe;
		r.state = k->v[i].state;
		r.error = k->v[i].error;
		r.reason = k->v[i].reason;
		r.banner_len = k->v[i].blen;
		if (r.banner_len > 0)
			memcpy(r.banner, k->v[i].banner, r.banner_len);
		show(&r, ps);
	}
	scan_keep_free(k);
}

/*
 * A port's line with -sV: its service and version columns, its JSON
 * members, from its record (rec, n bytes); -v says which probe named it.
 * Returns 0, or -1 when it has none (not probed).
 */
int
ps_sv_port(struct ps *ps, struct scan_port *p, const char *rec, size_t n)
{
	static char buf[SR_MAX], svc[80], ver[SR_MAX], json[3 * SR_MAX];
	const char *f[SR_N];

	p->sv = 1;
	if (svcrec_split(rec, n, buf, sizeof(buf), f) == -1)
		return -1;
	/* -j: nmap's name, its tunnel a member of its own */
	if (ps->out == OUT_JSON)
		snprintf(svc, sizeof(svc), "%s", f[SR_SVC]);
	else
		(void)svcrec_service(f, svc, sizeof(svc));
	p->svc = svc;
	p->banner = 1;
	p->data = ver;
	p->dlen = svcrec_version(f, ver, sizeof(ver));
	(void)svcrec_json(f, json, sizeof(json));
	p->svj = json;
	if (ps->verbose && *f[SR_PROBE] != '\0')
		msg_warnx("%s port %u: %s by probe %s%s%s", p->host, p->port,
		    svc, f[SR_PROBE], *f[SR_CERT] != '\0' ? ": " : "",
		    f[SR_CERT]);
	return 0;
}

/* -oG -oX -oN: an open port's record, as its host keeps it. */
char *
ps_sv_ver(struct ps *ps, const struct scan_result *r)
{
	char *v;

	if (r->banner_len == 0 || memchr(r->banner, SR_SEP, r->banner_len) ==
	    NULL)
		return NULL;
	if ((v = malloc(r->banner_len + 1)) == NULL) {
		ps->oom = 1;
		return NULL;
	}
	memcpy(v, r->banner, r->banner_len);
	v[r->banner_len] = '\0';
	return v;
}
