/*
 * cmd/portscan/portscan_sv.c: -sV wired onto the engine: the results held
 * till the scan is over, probed (scan/vscan_keep.c), then let out again,
 * an open port's bytes its record (parse/svcrec.h) for the outputs.
 */
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/portscan/portscan.h"
#include "parse/svcrec.h"
#include "scan/keep.h"
#include "scan/report.h"
#include "scan/scan.h"
#include "scan/vscan.h"
#include "util/base.h"

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

/* The open ports probed (unless a signal stopped the scan), then every
 * result held let out through show (--resume: not those a stop left). */
void
ps_sv_run(struct ps *ps, struct scan_stats *st, int sig,
    void (*show)(const struct scan_result *, void *))
{
	static struct scan_result r;
	struct scan_keep *k = &ps->svk;
	char err[SK_ERRLEN];
	size_t i;

	if (sig == 0 && vscan_keep(&ps->cfg, k, &ps->svdb, ps->sv_all ? 9 :
	    ps->sv_light ? 2 : ps->sv_int, ps->svc, ps->svcu, st, err) == -1)
		msg_warnx("%s", err);
	svcdb_free(&ps->svdb);
	ps->sv_replay = 1;
	for (i = 0; i < k->n; i++) {
		/* --resume: what a stop left (before -sV: all) goes again */
		if (ps->rs.on && (sig != 0 || vscan_left(&k->v[i])))
			continue;
		r.probe = k->v[i].probe;
		r.state = k->v[i].state;
		r.error = k->v[i].error;
		r.reason = k->v[i].reason;
		if ((r.banner_len = k->v[i].blen) > 0)
			memcpy(r.banner, k->v[i].banner, r.banner_len);
		show(&r, ps);
	}
	scan_keep_free(k);
}

/*
 * A port's line with -sV: its service and version columns, its JSON
 * members, from its record (rec, n bytes); -v says which probe named it
 * and what STARTTLS found.  Returns 0, or -1 when it has none (not probed).
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
		msg_warnx("%s port %u: %s by probe %s%s%s%s%s%s", p->host,
		    p->port, svc, f[SR_PROBE], *f[SR_STLS] ? ", STARTTLS " : "",
		    f[SR_STLS], *f[SR_CERT] || *f[SR_STLS_ERR] ? ": " : "",
		    f[SR_CERT], f[SR_STLS_ERR]);
	return 0;
}

/* -oG -oX -oN: an open port's record, as its host keeps it. */
char *
ps_sv_ver(struct ps *ps, const struct scan_result *r)
{
	char *v = svcrec_copy(r->banner, r->banner_len);

	if (v == NULL && r->banner_len > 0 && r->state == SCAN_OPEN)
		ps->oom = 1;
	return v;
}
