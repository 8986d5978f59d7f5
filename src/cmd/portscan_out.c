/*
 * cmd/portscan_out.c: what portscan prints about ports: the table, -g
 * (grepable lines), -j (JSON Lines), the summary, and --sort, which
 * holds the results back (scan/keep.c) and prints them in order at the
 * end; and how a probe's host is written, for portscan_hosts.c too
 * (scan/targets.c makes the text).  A banner is escaped for each format
 * (probe.c).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/cmd.h"
#include "cmd/portscan.h"
#include "cmd/portscan_targets.h"
#include "net/net.h"
#include "parse/grepable.h"
#include "parse/opt.h"
#include "parse/portlist.h"
#include "parse/probe.h"
#include "parse/shard.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "parse/topports.h"
#include "scan/keep.h"
#include "scan/scan.h"
#include "scan/targets.h"
#include "sockt.h"
#include "util/clock.h"
#include "util/num.h"

/*
 * The banner as text for the table (flags 0) or -g (ESC_GREP): with
 * --probe http, the status line and the Server header of a reply;
 * otherwise the bytes, a trailing line end dropped; escaped either way.
 */
static void
banner_text(const struct ps *ps, const char *b, size_t n, int flags,
    char *out, size_t cap)
{
	char status[SCAN_BANNER_MAX + 1], server[SCAN_BANNER_MAX + 1];
	char line[2 * SCAN_BANNER_MAX + 16];
	int len;

	if (ps->probe_http && probe_http_reply(b, n, status, sizeof(status),
	    server, sizeof(server)) == 0) {
		len = snprintf(line, sizeof(line), "%s%s%s", status,
		    server[0] != '\0' ? "; Server: " : "", server);
		if (len < 0)
			len = 0;
		else if ((size_t)len >= sizeof(line))
			len = (int)sizeof(line) - 1;
		b = line;
		n = (size_t)len;
	}
	(void)esc_text(b, n, flags | ESC_TRIM, out, cap);
}

/* "s" as the inside of a JSON string, cut to fit cap. */
const char *
ps_json_str(const char *s, char *out, size_t cap)
{
	(void)esc_json(s, strlen(s), out, cap);
	return out;
}

/* The JSON fields of a banner: the bytes, and what HTTP said. */
static void
json_banner(const struct ps *ps, const char *b, size_t n)
{
	char status[SCAN_BANNER_MAX + 1], server[SCAN_BANNER_MAX + 1];
	char esc[6 * SCAN_BANNER_MAX + 1];

	(void)esc_json(b, n, esc, sizeof(esc));
	printf(",\"banner\":\"%s\"", esc);
	if (!ps->probe_http)
		return;
	if (probe_http_reply(b, n, status, sizeof(status), server,
	    sizeof(server)) == -1) {
		fputs(",\"http_status\":null,\"http_server\":null", stdout);
		return;
	}
	printf(",\"http_status\":\"%s\"", ps_json_str(status, esc,
	    sizeof(esc)));
	if (server[0] != '\0')
		printf(",\"http_server\":\"%s\"", ps_json_str(server, esc,
		    sizeof(esc)));
	else
		fputs(",\"http_server\":null", stdout);
}

/* Address i as text into buf, the name it came from into *name. */
void
ps_host_addr(const struct ps *ps, size_t i, char *buf, size_t len,
    const char **name)
{
	scan_target_str(&ps->hosts.set, i, buf, len, name);
}

static const char *
state_name(int state)
{
	return state == SCAN_OPEN ? "open" : state == SCAN_CLOSED ? "closed" :
	    state == SCAN_OPENFILTERED ? "open|filtered" : "filtered";
}

/* A probe's protocol, address index and port, as scan.h numbers them. */
void
ps_probe_split(const struct ps *ps, uint64_t probe, int *proto, size_t *ai,
    unsigned int *port)
{
	scan_probe_split(ps->cfg, probe, proto, ai, port);
}

/* A --probe tls result's fields; a record that cannot be read says so. */
void
ps_tls_fields(const char *b, size_t n, struct tls_fields *f)
{
	if (tlsf_unpack(b, n, f) == -1) {
		memset(f, 0, sizeof(*f));
		snprintf(f->error, sizeof(f->error), "no TLS fields");
	}
}

/* -j: a port's object; extra, unless NULL, the TLS fields' members. */
static void
print_json(const struct ps *ps, uint64_t probe, int state, const char *banner,
    size_t blen, const char *extra)
{
	char host[SK_HOSTLEN], jname[6 * SK_HOSTLEN + 1];
	const char *name, *svc;
	unsigned int port;
	size_t ai;
	int pr;

	ps_probe_split(ps, probe, &pr, &ai, &port);
	ps_host_addr(ps, ai, host, sizeof(host), &name);
	svc = pr == SCAN_UDP ? ps->svcu[port] : ps->svc[port];
	printf("{\"type\":\"port\",\"host\":\"%s\",", host);
	if (name != NULL)
		printf("\"name\":\"%s\",", ps_json_str(name, jname,
		    sizeof(jname)));
	printf("\"port\":%u,\"proto\":\"%s\",\"state\":\"%s\","
	    "\"service\":", port, pr == SCAN_UDP ? "udp" : "tcp",
	    state_name(state));
	if (svc != NULL)
		printf("\"%s\"", ps_json_str(svc, jname, sizeof(jname)));
	else
		fputs("null", stdout);
	if (extra != NULL)
		printf(",%s", extra);
	else if (ps->banner && state == SCAN_OPEN)
		json_banner(ps, banner, blen);
	fputs("}\n", stdout);
}

static void
print_one(struct ps *ps, uint64_t probe, int state, const char *banner,
    size_t blen)
{
	static struct tls_fields tf;
	static char tbuf[TLSF_JSON_MAX];
	char host[SK_HOSTLEN + TARGET_HOSTLEN + 4];
	char esc[4 * (2 * SCAN_BANNER_MAX + 16) + 1], pp[16];
	const char *svc, *shown = esc;
	unsigned int port;
	size_t ai;
	int pr, tls = ps->probe_tls && state == SCAN_OPEN;

	if (ps->out == OUT_NONE)
		return;
	progress_clear(&ps->pg);
	if (tls) {
		ps_tls_fields(banner, blen, &tf);
		if (ps->out == OUT_JSON)
			(void)tlsf_json(&tf, tbuf, sizeof(tbuf));
		else
			(void)tlsf_text(&tf, ps->out == OUT_GREP ? TLSF_GREP :
			    TLSF_TABLE, tbuf, sizeof(tbuf));
		shown = tbuf;
	}
	if (ps->out == OUT_JSON) {
		print_json(ps, probe, state, banner, blen, tls ? tbuf : NULL);
		return;
	}
	ps_probe_split(ps, probe, &pr, &ai, &port);
	svc = pr == SCAN_UDP ? ps->svcu[port] : ps->svc[port];
	/* with -u every port says its protocol, as nmap writes 53/udp */
	if (ps->udp)
		snprintf(pp, sizeof(pp), "%u/%s", port, pr == SCAN_UDP ?
		    "udp" : "tcp");
	else
		snprintf(pp, sizeof(pp), "%u", port);
	scan_target_label(&ps->hosts.set, ai, ps->out == OUT_GREP, host,
	    sizeof(host));
	esc[0] = '\0';
	if (!tls)
		banner_text(ps, banner, blen, ps->out == OUT_GREP ? ESC_GREP :
		    0, esc, sizeof(esc));
	if (ps->out == OUT_GREP) {
		printf("%s %s %s %s%s%s\n", host, pp, state_name(state),
		    svc ? svc : "-", ps->banner && shown[0] ? " " : "", shown);
		return;
	}
	if (!ps->header_done) {
		printf("%-*s  %-*s  %-*s  %s\n", ps->hostw, "HOST",
		    ps->udp ? 9 : 5, "PORT", ps->udp ? 13 : 8, "STATE",
		    ps->probe_tls ? "SERVICE          TLS" : ps->banner ?
		    "SERVICE          BANNER" : "SERVICE");
		ps->header_done = 1;
	}
	if (ps->banner && shown[0] != '\0')
		printf("%-*s  %-*s  %-*s  %-15s  %s\n", ps->hostw, host,
		    ps->udp ? 9 : 5, pp, ps->udp ? 13 : 8, state_name(state),
		    svc ? svc : "-", shown);
	else
		printf("%-*s  %-*s  %-*s  %s\n", ps->hostw, host,
		    ps->udp ? 9 : 5, pp, ps->udp ? 13 : 8, state_name(state),
		    svc ? svc : "-");
}

/* A result as a port: shown now, or kept for --sort. */
void
ps_port_result(struct ps *ps, const struct scan_result *r)
{
	/* open|filtered may be a silent listener: shown like open */
	if (ps->up || (r->state != SCAN_OPEN && r->state != SCAN_OPENFILTERED &&
	    !ps->all))
		return;
	if (!ps->sort) {
		print_one(ps, r->probe, r->state, r->banner, r->banner_len);
		return;
	}
	if (scan_keep_add(&ps->kept, r) == -1)
		ps->oom = 1;
}

/*
 * The summary: a line in the table, an object in JSON, on standard
 * error with -g -v.  A scan a signal stopped says so in every format.
 */
void
ps_summary(const struct ps *ps, const struct scan_stats *st, double secs,
    int sig)
{
	char stopped[96] = "", excl[96] = "", counts[160], of[48] = "";
	char dups[64] = "";
	uint64_t nx = ps->hosts.set.excluded, nd = ps->hosts.set.dups;

	if (ps->excluding || ps->xports > 0)
		snprintf(excl, sizeof(excl), ", excluded %llu address%s and "
		    "%lu port%s", (unsigned long long)nx, nx == 1 ? "" : "es",
		    (unsigned long)ps->xports, ps->xports == 1 ? "" : "s");
	/* an address named twice (or by a name and its literal) */
	if (nd > 0)
		snprintf(dups, sizeof(dups), ", %llu duplicate address%s "
		    "dropped", (unsigned long long)nd, nd == 1 ? "" : "es");
	if (sig > 0) {
		snprintf(stopped, sizeof(stopped), ", interrupted after %llu "
		    "of %llu probes", (unsigned long long)st->done,
		    (unsigned long long)st->total);
		fflush(stdout);
		msg_warnx("%s", stopped + 2);
	}
	if (ps->up)
		snprintf(counts, sizeof(counts), "%llu host%s up, %llu down",
		    (unsigned long long)ps->hs.nup, ps->hs.nup == 1 ? "" : "s",
		    (unsigned long long)ps->hs.ndown);
	else {
		if (ps->udp)
			snprintf(of, sizeof(of), ", %llu open|filtered",
			    (unsigned long long)st->openfiltered);
		snprintf(counts, sizeof(counts), "%llu open, %llu closed, %llu "
		    "filtered%s", (unsigned long long)st->open,
		    (unsigned long long)st->closed,
		    (unsigned long long)st->filtered, of);
	}
	if (ps->out == OUT_JSON) {
		printf("{\"type\":\"summary\",\"open\":%llu,\"closed\":%llu,"
		    "\"filtered\":%llu,\"open_filtered\":%llu,\"probes\":%llu,"
		    "\"hosts\":%zu,\"excluded_hosts\":%llu,"
		    "\"excluded_ports\":%lu,\"duplicate_hosts\":%llu,",
		    (unsigned long long)st->open,
		    (unsigned long long)st->closed,
		    (unsigned long long)st->filtered,
		    (unsigned long long)st->openfiltered,
		    (unsigned long long)st->total, ps->naddrs,
		    (unsigned long long)nx, (unsigned long)ps->xports,
		    (unsigned long long)nd);
		if (ps->up)
			printf("\"up\":%llu,\"down\":%llu,",
			    (unsigned long long)ps->hs.nup,
			    (unsigned long long)ps->hs.ndown);
		printf("\"seconds\":%.3f,\"interrupted\":%s}\n", secs,
		    sig > 0 ? "true" : "false");
	} else if (ps->out == OUT_TABLE)
		printf("%s in %.2f s%s%s%s\n", counts, secs, excl, dups,
		    stopped);
	else if (ps->verbose) {
		fflush(stdout);
		msg_warnx("%s in %.2f s%s%s%s", counts, secs, excl, dups,
		    stopped);
	}
}

/* The table's host column: as wide as the widest host (scan/targets.c). */
int
ps_host_width(const struct ps *ps)
{
	return scan_targets_width(&ps->hosts.set, ps->naddrs, EXACT_WIDTH,
	    SK_HOSTLEN + TARGET_HOSTLEN);
}

/* After the scan: the ports --sort held back. */
void
ps_ports_flush(struct ps *ps)
{
	const struct scan_kept *k;
	size_t i;

	if (!ps->sort)
		return;
	scan_keep_sort(&ps->kept);
	for (i = 0; i < ps->kept.n; i++) {
		k = &ps->kept.v[i];
		print_one(ps, k->probe, k->state, k->banner, k->blen);
	}
	scan_keep_free(&ps->kept);
}
