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
#include "scan/report.h"
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
 * The summary (scan/report.c): a line in the table, an object in JSON,
 * on standard error with -g -v.  A scan a signal stopped says so in
 * every format.
 */
void
ps_summary(const struct ps *ps, const struct scan_stats *st, double secs,
    int sig)
{
	struct scan_summary s;
	char stopped[96], excl[96], counts[160], dups[64];
	char json[SCAN_SUMMARY_JSON];

	memset(&s, 0, sizeof(s));
	s.st = st;
	s.hosts = ps->naddrs;
	s.excluded = ps->hosts.set.excluded;
	s.dups = ps->hosts.set.dups;
	s.xports = (unsigned long)ps->xports;
	s.excluding = ps->excluding;
	s.udp = ps->udp;
	s.up = ps->up;
	s.nup = ps->hs.nup;
	s.ndown = ps->hs.ndown;
	s.secs = secs;
	s.sig = sig;
	scan_summary_left(&s, excl, sizeof(excl), dups, sizeof(dups));
	scan_summary_stopped(&s, stopped, sizeof(stopped));
	if (sig > 0) {
		fflush(stdout);
		msg_warnx("%s", stopped + 2);
	}
	scan_summary_counts(&s, counts, sizeof(counts));
	if (ps->out == OUT_JSON) {
		scan_summary_json(&s, json, sizeof(json));
		fputs(json, stdout);
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
