/*
 * scan/vscan_keep.c: -sV over a scan's held results (scan/keep.h): the
 * open ports among them probed (scan/vscan.c), and each one's bytes then
 * its record (parse/svcrec.h): the service a probe named, or its port's
 * name in the services table.  A UDP port that answered is open.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/svcdb.h"
#include "parse/svcrec.h"
#include "scan/keep.h"
#include "scan/scan.h"
#include "scan/targets.h"
#include "scan/vscan.h"
#include "tls/tls.h"
#include "tls/tls_probe.h"
#include "util/base.h"

/* Is kept e a port to probe? */
static int
wanted(const struct scan_kept *e)
{
	return e->state == SCAN_OPEN || e->state == SCAN_OPENFILTERED;
}

/* Target t's record into e's bytes, its state an answer's.  0 or -1. */
static int
record(struct scan_kept *e, const struct vs_target *t, const char *table,
    struct scan_stats *st)
{
	const char *f[SR_N];
	char rec[SR_MAX], *b;
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
	    (b = malloc(n + 1)) == NULL)
		return -1;
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
	return 0;
}

int
vscan_keep(const struct scan_config *cfg, struct scan_keep *k, int intensity,
    char *const *svc, char *const *svcu, struct scan_stats *st, char *err)
{
	struct vs_target *t;
	struct vs_config c;
	struct svcdb db;
	size_t i, j, n = 0, ai;
	unsigned int port;
	int pr, rc = 0;

	for (i = 0; i < k->n; i++)
		n += wanted(&k->v[i]);
	if (n == 0)
		return 0;
	if ((t = calloc(n, sizeof(*t))) == NULL) {
		snprintf(err, SK_ERRLEN, "-sV: out of memory");
		return -1;
	}
	if (svcdb_load(&db, svcdb_text, err) == -1) {
		free(t);
		return -1;
	}
	for (i = 0, j = 0; i < k->n; i++) {
		if (!wanted(&k->v[i]))
			continue;
		scan_probe_split(cfg, k->v[i].probe, &pr, &ai, &port);
		scan_target_get(&cfg->targets.set, scan_target_index(cfg, ai),
		    &t[j].a, NULL);
		if (t[j].a.ss.ss_family == AF_INET)
			((struct sockaddr_in *)&t[j].a.ss)->sin_port =
			    htons(port);
		else
			((struct sockaddr_in6 *)&t[j].a.ss)->sin6_port =
			    htons(port);
		t[j].port = port;
		t[j++].udp = pr == SCAN_UDP;
	}
	memset(&c, 0, sizeof(c));
	c.db = &db;
	c.intensity = intensity;
	c.window = cfg->window > 0 && cfg->window < 256 ? cfg->window : 256;
	c.wait_ms = cfg->timeout_ms;
	c.stop = cfg->stop;
	c.px = cfg->proxy;
	c.pxa = cfg->proxy_addr;
	c.src4 = cfg->src4;
	c.src6 = cfg->src6;
	/* no TLS library: the probes go in the clear alone */
	if (tls_load(err) == 0)
		c.tlsx = tls_probe_ctx_new(err);
	rc = vscan_run(&c, t, n, err);
	for (i = 0, j = 0; i < k->n; i++) {
		if (!wanted(&k->v[i]))
			continue;
		if (record(&k->v[i], &t[j], (t[j].udp ? svcu : svc)[t[j].port],
		    st) == -1 && rc == 0) {
			snprintf(err, SK_ERRLEN, "-sV: out of memory");
			rc = -1;
		}
		j++;
	}
	if (c.tlsx != NULL)
		tls_probe_ctx_free(c.tlsx);
	svcdb_free(&db);
	free(t);
	return rc;
}
