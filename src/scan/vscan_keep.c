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

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/svcdb.h"
#include "parse/svcrec.h"
#include "scan/keep.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "scan/targets.h"
#include "scan/vscan.h"
#include "tls/tls.h"
#include "tls/tls_probe.h"
#include "util/base.h"
#include "util/file.h"

/* make's DATADIR, where make install puts the probe file */
#ifndef SK_DATADIR
#define SK_DATADIR	"/usr/local/share/sockt"
#endif
#define SVC_FILE	"svcprobes.txt"
#define SVC_FILE_MAX	(1024 * 1024)	/* bytes of a probe file, at most */

/* Is kept e a port to probe? */
static int
wanted(const struct scan_kept *e)
{
	return e->state == SCAN_OPEN || e->state == SCAN_OPENFILTERED;
}

int
vscan_left(const struct scan_kept *e)
{
	return wanted(e) && e->blen == 0;
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
	f[SR_STLS] = t->stls;
	f[SR_STLS_ERR] = t->why;
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

/*
 * Read and load path, a probe file: 0; 1 for a file that is not there,
 * unless must (nothing said: the next place is looked at); -1 with err.
 */
static int
db_try(struct svcdb *db, const char *path, char *err, int must)
{
	char *text, why[SK_ERRLEN];
	const char *w = why;
	size_t len;
	int rc = -1;

	if (read_file(path, SVC_FILE_MAX, &text, &len) == -1) {
		if (errno == ENOENT && !must)
			return 1;
		w = strerror(errno);
	} else {
		rc = svcdb_load(db, text, why);
		free(text);
	}
	/* the parser's line, or the reading's error, after the file's name */
	if (rc == -1)
		snprintf(err, SK_ERRLEN, "-sV: %s: %.200s", path, w);
	return rc;
}

/* d/svcprobes.txt tried: db_try's result */
static int
db_dir(struct svcdb *db, const char *d, char *err)
{
	char p[PATH_MAX];

	if ((size_t)snprintf(p, sizeof(p), "%s/" SVC_FILE, d) >= sizeof(p))
		return 1;
	return db_try(db, p, err, 0);
}

int
vscan_db_open(struct svcdb *db, const char *path, char *err)
{
	static const char rel[] = "/../share/sockt";
	char exe[PATH_MAX];
	const char *env = getenv("SOCKT_DATADIR");
	char *slash;
	ssize_t n;
	int rc;

	if (path != NULL)
		return db_try(db, path, err, 1);
	if (env != NULL && *env != '\0' &&
	    (rc = db_dir(db, env, err)) != 1)
		return rc;
	/* an install moved whole: bin/sockt beside share/sockt/ */
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe))) > 0 &&
	    (size_t)n < sizeof(exe) - sizeof(rel) &&
	    (exe[n] = '\0', slash = strrchr(exe, '/')) != NULL) {
		memcpy(slash, rel, sizeof(rel));
		if ((rc = db_dir(db, exe, err)) != 1)
			return rc;
	}
	if ((rc = db_dir(db, SK_DATADIR, err)) != 1)
		return rc;
	snprintf(err, SK_ERRLEN, "-sV needs its probe file, " SVC_FILE ", in "
	    "%s (make install puts it there; SOCKT_DATADIR names another "
	    "directory, --versiondb a file)", SK_DATADIR);
	return -1;
}

int
vscan_keep(const struct scan_config *cfg, struct scan_keep *k,
    struct svcdb *db, int intensity, char *const *svc, char *const *svcu, struct scan_stats *st, char *err)
{
	struct vs_target *t;
	struct vs_config c;
	size_t i, j, n = 0, ai;
	unsigned int port;
	int pr, rc = 0;

	for (i = 0; i < k->n; i++)
		n += wanted(&k->v[i]);
	if (n == 0)
		return 0;
	/* a host's ports together, for its count of connections */
	scan_keep_sort(k);
	if ((t = calloc(n, sizeof(*t))) == NULL)
		goto oom;
	for (i = 0, j = 0; i < k->n; i++) {
		if (!wanted(&k->v[i]))
			continue;
		/* the probe's own address and port, as the scan sent it */
		scan_probe_split(cfg, k->v[i].probe, &pr, &ai, &port);
		probe_addr(cfg, k->v[i].probe, &t[j].a.ss, &t[j].a.len);
		t[j].port = port;
		t[j].udp = pr == SCAN_UDP;
		t[j].host = ai << 1 | (size_t)t[j].udp;
		j++;
	}
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.intensity = intensity;
	c.window = cfg->window > 0 && cfg->window < 256 ? cfg->window : 256;
	/*
	 * To one host: nmap -sV's connections at once for all its hosts,
	 * by -T (1 below -T3, then 20, 30, 40).  Not the host's window of
	 * the scan, which counted SYNs: each of these is a whole
	 * connection, a process or a thread of the service's, for seconds.
	 */
	c.host_max = cfg->timing.level < 3 ? 1 : 10 * cfg->timing.level - 10;
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
		/* a stop: no record, so that --resume probes it again */
		if (!t[j].done) {
			free(k->v[i].banner);
			k->v[i].banner = NULL;
			k->v[i].blen = 0;
		} else if (record(&k->v[i], &t[j], (t[j].udp ? svcu : svc)[
		    t[j].port], st) == -1 && rc == 0)
			rc = -2;
		j++;
	}
	if (c.tlsx != NULL)
		tls_probe_ctx_free(c.tlsx);
	free(t);
	if (rc != -2)
		return rc;
oom:
	snprintf(err, SK_ERRLEN, "-sV: out of memory");
	return -1;
}
