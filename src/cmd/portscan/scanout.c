/*
 * cmd/portscan/scanout.c: portscan's output files in nmap's formats
 * (scanout.h): the files opened, and each format's header, hosts and trailer written
 * with the pure formatters of parse/grepable.c and parse/nmapfmt.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/msg.h"
#include "cmd/portscan/scanout.h"
#include "parse/grepable.h"
#include "parse/nmapfmt.h"
#include "parse/opt.h"
#include "parse/svcrec.h"
#include "scan/hosts.h"
#include "scan/scan.h"
#include "util/base.h"
#include "util/clock.h"

#define LINE_MAX_	(16384 + 512)	/* a host's head, a port and its TLS
					 * fields */

static const char suffix[SO_NFMT][6] = { "gnmap", "xml", "nmap" };

/* -oA BASE: the three files, as nmap names them.  0, or -1 (said). */
static int
scan_out_base(struct scan_out *o, const char *base)
{
	size_t i, n = strlen(base) + 8;

	for (i = 0; i < SO_NFMT; i++) {
		free(o->aname[i]);
		if ((o->aname[i] = malloc(n)) == NULL) {
			msg_warn("-oA");
			return -1;
		}
		snprintf(o->aname[i], n, "%s.%s", base, suffix[i]);
		o->name[i] = o->aname[i];
	}
	return 0;
}

/* Any file asked for. */
int
scan_out_any(const struct scan_out *o)
{
	return o->name[SO_G] != NULL || o->name[SO_X] != NULL ||
	    o->name[SO_N] != NULL;
}

/* The format that has standard output to itself ("-"), -1 for none, -2
 * when two would share it. */
int
scan_out_stdout(const struct scan_out *o)
{
	int i, which = -1;

	for (i = 0; i < SO_NFMT; i++)
		if (o->name[i] != NULL && strcmp(o->name[i], "-") == 0)
			which = which == -1 ? i : -2;
	return which;
}

/* The files opened for writing (but --resume's, open).  0, or -1
 * (said). */
int
scan_out_open(struct scan_out *o)
{
	int i;

	for (i = 0; i < SO_NFMT; i++) {
		if (o->name[i] == NULL || o->f[i] != NULL)
			continue;
		if (strcmp(o->name[i], "-") == 0)
			o->f[i] = stdout;
		else if ((o->f[i] = fopen(o->name[i], "w")) == NULL) {
			msg_warn("%s", o->name[i]);
			return -1;
		}
	}
	return 0;
}

/* n bytes of s to file i; the first failure remembered. */
static void
put(struct scan_out *o, int i, const char *s, size_t n)
{
	if (o->f[i] == NULL || n == 0 || o->err[i] != 0)
		return;
	if (fwrite(s, 1, n, o->f[i]) != n)
		o->err[i] = errno != 0 ? errno : EIO;
}

/* Every file flushed, so that a reader sees whole hosts as they come. */
static void
flush_all(struct scan_out *o)
{
	int i;

	for (i = 0; i < SO_NFMT; i++)
		if (o->f[i] != NULL && o->err[i] == 0 && fflush(o->f[i]) == EOF)
			o->err[i] = errno;
}

/* The headers, before the first probe. */
void
scan_out_begin(struct scan_out *o, const int *protos, size_t nprotos,
    const uint16_t *ports, size_t nports)
{
	static char buf[LINE_MAX_ + 2048];
	struct nx_run r;
	char tool[32], *svc;
	size_t i, cap = nports * 12 + 16;

	o->start = (long long)time(NULL);
	clock_ctime(o->startstr, sizeof(o->startstr));
	snprintf(tool, sizeof(tool), "sockt %s", SOCKT_VERSION);
	put(o, SO_G, buf, gr_header(buf, sizeof(buf), tool, o->startstr,
	    o->cmdline));
	put(o, SO_N, buf, gr_header(buf, sizeof(buf), tool, o->startstr,
	    o->cmdline));
	memset(&r, 0, sizeof(r));
	/* --up: no <scaninfo>, as nmap -sn writes none */
	for (i = 0; i < nprotos && !o->up; i++)
		*(protos[i] == SCAN_UDP ? &r.udp : &r.tcp) = 1;
	/* --resume: a file that goes on has its header */
	if (o->f[SO_X] != NULL && !o->cont && (svc = malloc(cap)) != NULL) {
		r.version = SOCKT_VERSION;
		r.args = o->cmdline;
		r.start = o->start;
		r.startstr = o->startstr;
		r.type = o->type != NULL ? o->type : "connect";
		r.nservices = (unsigned long)nports;
		(void)nx_services(svc, cap, ports, nports);
		r.services = svc;
		r.verbose = o->verbose;
		put(o, SO_X, buf, nx_begin(buf, sizeof(buf), &r));
		free(svc);
	} else if (o->f[SO_X] != NULL && !o->cont)
		o->err[SO_X] = ENOMEM;
	o->tcp = r.tcp;
	o->udp = r.udp;
	flush_all(o);
}

/* The SCAN_R_* most of host h's ports in state had. */
static int
top_reason(const struct scan_host *h, int state)
{
	int r, best = SCAN_R_NONE;

	for (r = 0; r < SCAN_R_MAX; r++)
		if (h->nr[state][r] > 0 && (best == SCAN_R_NONE ||
		    h->nr[state][r] > h->nr[state][best]))
			best = r;
	return best;
}

/* Why the host is up, as nmap words it: its ports' answers, or a ping's. */
static const char *
host_reason(const struct scan_host *h, int up)
{
	if (!up)
		return "no-response";
	if (h->n[SCAN_OPEN] + h->n[SCAN_CLOSED] == 0 && h->alive > 0)
		return scan_reason_name(h->why);
	/* timed out, nothing heard: up as -Pn took it, nmap's word */
	if (h->n[SCAN_OPEN] + h->n[SCAN_CLOSED] == 0 && h->skipped > 0)
		return "user-set";
	return scan_reason_name(top_reason(h, h->n[SCAN_OPEN] > 0 ?
	    SCAN_OPEN : SCAN_CLOSED));
}

/* Kept port i of h as the formatters take it. */
static void
port_of(const struct scan_out *o, const struct scan_host *h, size_t i,
    struct nx_port *p)
{
	static char rec[SR_MAX];
	static const char *f[SR_N];
	const struct scan_hport *g = &h->gp[i];

	p->port = g->port;
	p->udp = g->udp;
	p->state = gr_state(g->state);
	p->reason = scan_reason_name(g->reason);
	p->ttl = 0;
	p->service = g->udp ? o->svcu[g->port] : o->svc[g->port];
	p->sv = NULL;
	if (o->sv && g->ver != NULL && svcrec_split(g->ver, strlen(g->ver),
	    rec, sizeof(rec), f) == 0)
		p->sv = f;
}

/* A host's -oG lines: its status, then its ports as nmap lists them. */
static void
og_host(struct scan_out *o, const char *addr, const char *name,
    const struct scan_host *h, int up)
{
	static char pbuf[LINE_MAX_], sname[80], ver[SR_MAX];
	char buf[2 * SK_HOSTLEN + 256];
	const struct scan_hport *g;
	struct nx_port p;
	const char *svc, *v;
	size_t i, first = 1;
	int mask, named;

	put(o, SO_G, buf, gr_status(buf, sizeof(buf), addr, name, up));
	/* --host-timeout: nmap's second status line, no ports */
	if (h->skipped > 0)
		put(o, SO_G, buf, gr_status(buf, sizeof(buf), addr, name, 2));
	if (o->up || h->skipped > 0)
		return;
	mask = gr_ignored(h->n, o->all);
	named = gr_ignored_named(mask);
	put(o, SO_G, buf, gr_ports_begin(buf, sizeof(buf), addr, name));
	for (i = 0; i < h->ngp; i++) {
		g = &h->gp[i];
		if (mask & (1 << g->state))
			continue;
		port_of(o, h, i, &p);
		svc = p.service;
		v = g->ver;
		/* -sV: nmap's ssl|http, and its version column */
		if (p.sv != NULL) {
			snprintf(sname, sizeof(sname), "%s%s%s", p.sv[SR_TUNNEL],
			    *p.sv[SR_TUNNEL] != '\0' ? "|" : "", p.sv[SR_SVC]);
			(void)svcrec_version(p.sv, ver, sizeof(ver));
			svc = sname;
			v = ver;
		}
		put(o, SO_G, pbuf, gr_port(pbuf, sizeof(pbuf), first, g->port,
		    g->state, g->udp ? "udp" : "tcp", svc, v));
		first = 0;
	}
	put(o, SO_G, buf, gr_ports_end(buf, sizeof(buf), named,
	    named ? h->n[named] : 0));
}

/* A host's <host> element: the ports not listed as <extraports>. */
static void
ox_host(struct scan_out *o, const struct nx_host *xh,
    const struct scan_host *h, int mask)
{
	static char buf[LINE_MAX_];
	struct nx_port p;
	size_t i;
	int s, r, ports = xh->up && !o->up && !xh->timedout;

	put(o, SO_X, buf, nx_host_begin(buf, sizeof(buf), xh));
	for (s = SCAN_OPEN; ports && s <= SCAN_CLOSEDFILTERED; s++) {
		if (!(mask & (1 << s)))
			continue;
		put(o, SO_X, buf, nx_extraports(buf, sizeof(buf), gr_state(s),
		    h->n[s]));
		for (r = 0; r < SCAN_R_MAX; r++)
			if (h->nr[s][r] > 0)
				put(o, SO_X, buf, nx_extrareason(buf,
				    sizeof(buf), scan_reason_name(r),
				    h->nr[s][r], s == SCAN_OPENFILTERED || !o->tcp));
		put(o, SO_X, buf, nx_extraports_end(buf, sizeof(buf)));
	}
	for (i = 0; ports && i < h->ngp; i++) {
		if (mask & (1 << h->gp[i].state))
			continue;
		port_of(o, h, i, &p);
		put(o, SO_X, buf, nx_port(buf, sizeof(buf), &p));
	}
	put(o, SO_X, buf, nx_host_end(buf, sizeof(buf), ports));
}

/* A host's -oN lines: nmap's scan report, its ports as a table. */
static void
on_host(struct scan_out *o, const struct nx_host *xh,
    const struct scan_host *h, int mask)
{
	static char buf[LINE_MAX_];
	struct nn_cols c;
	struct nx_port p;
	size_t i, shown = 0;
	int s;

	put(o, SO_N, buf, nn_host(buf, sizeof(buf), xh, o->reason));
	if (xh->timedout) {
		put(o, SO_N, buf, (size_t)snprintf(buf, sizeof(buf), "Skipping "
		    "host %s due to host timeout\n", xh->addr));
		return;
	}
	if (!xh->up || o->up) {
		put(o, SO_N, "\n", 1);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.version = o->sv;
	for (i = 0; i < h->ngp; i++) {
		if (mask & (1 << h->gp[i].state))
			continue;
		port_of(o, h, i, &p);
		nn_widen(&c, &p);
		shown++;
	}
	if (shown == 0)
		put(o, SO_N, buf, nn_all_ignored(buf, sizeof(buf), xh,
		    h->done));
	for (s = SCAN_CLOSED; s <= SCAN_CLOSEDFILTERED; s++)
		if (mask & (1 << s))
			put(o, SO_N, buf, nn_not_shown(buf, sizeof(buf), h->n[s],
			    gr_state(s), s == SCAN_OPENFILTERED || !o->tcp ?
			    "udp" : o->udp ? "tcp and udp" : "tcp",
			    scan_reason_name(top_reason(h, s))));
	/* as nmap's: a blank line before the table unless "Not shown" */
	if (mask == 0 && shown > 0)
		put(o, SO_N, "\n", 1);
	if (shown > 0)
		put(o, SO_N, buf, nn_head(buf, sizeof(buf), &c, o->reason));
	for (i = 0; i < h->ngp; i++) {
		if (mask & (1 << h->gp[i].state))
			continue;
		port_of(o, h, i, &p);
		put(o, SO_N, buf, nn_port(buf, sizeof(buf), &c, &p, o->reason));
	}
	put(o, SO_N, "\n", 1);
}

/* Host addr (from name, or NULL) is done: its lines in every file. */
void
scan_out_host(struct scan_out *o, const char *addr, const char *name,
    const struct scan_host *h, int up)
{
	struct nx_host xh;
	int mask = gr_ignored(h->n, o->all);

	if (o->f[SO_G] != NULL)
		og_host(o, addr, name, h, up);
	memset(&xh, 0, sizeof(xh));
	xh.addr = addr;
	xh.v6 = strchr(addr, ':') != NULL;
	xh.name = name;
	xh.up = up;
	xh.timedout = h->skipped > 0;
	xh.ping = o->up;
	xh.reason = host_reason(h, up);
	xh.start = o->start;
	xh.end = (long long)time(NULL);
	if (o->f[SO_X] != NULL)
		ox_host(o, &xh, h, mask);
	if (o->f[SO_N] != NULL)
		on_host(o, &xh, h, mask);
	flush_all(o);
}

/*
 * The trailers, and the files closed.  Returns 0, or -1 when one could
 * not be written (said here).
 */
int
scan_out_end(struct scan_out *o, uint64_t naddrs, uint64_t nup, double secs,
    const char *note)
{
	char when[64], buf[1024];
	struct gr_done d;
	int i, rc = 0;

	clock_ctime(when, sizeof(when));
	d.tool = "sockt";
	d.when = when;
	d.naddrs = naddrs;
	d.nup = nup;
	d.secs = secs;
	d.note = note;
	put(o, SO_G, buf, gr_trailer(buf, sizeof(buf), &d));
	put(o, SO_N, buf, gr_trailer(buf, sizeof(buf), &d));
	put(o, SO_X, buf, nx_end(buf, sizeof(buf), &d, (long long)time(NULL)));
	for (i = 0; i < SO_NFMT; i++) {
		if (o->f[i] == NULL)
			continue;
		/* sockt.c says it when standard output fails */
		if (o->f[i] != stdout && fclose(o->f[i]) == EOF &&
		    o->err[i] == 0)
			o->err[i] = errno;
		o->f[i] = NULL;
		if (o->err[i] == 0 || strcmp(o->name[i], "-") == 0)
			continue;
		fflush(stdout);
		errno = o->err[i];
		msg_warn("%s", o->name[i]);
		rc = -1;
	}
	return rc;
}

/* Files never ended (a failure before the scan), and -oA's names. */
void
scan_out_free(struct scan_out *o)
{
	int i;

	for (i = 0; i < SO_NFMT; i++) {
		if (o->f[i] != NULL && o->f[i] != stdout)
			(void)fclose(o->f[i]);
		o->f[i] = NULL;
		free(o->aname[i]);
		o->aname[i] = NULL;
	}
}

/*
 * -oG -oX -oN FILE, -oA BASE: fmt is G, X, N or A.  Returns 0, or -1
 * with err filled.
 */
int
scan_out_file(struct scan_out *o, int fmt, const char *f, char *err)
{
	static const char fmts[] = "GXN";

	if (fmt != 'A') {
		o->name[strchr(fmts, fmt) - fmts] = f;
		return 0;
	}
	if (strcmp(f, "-") == 0) {
		snprintf(err, SK_ERRLEN, "-oA needs a base name, not -: give "
		    "-oX - (or -oG -, -oN -) for standard output");
		return -1;
	}
	if (scan_out_base(o, f) == -1) {
		snprintf(err, SK_ERRLEN, "-oA %s: out of memory", f);
		return -1;
	}
	return 0;
}

/*
 * -oG FILE, spelled as nmap spells it: to this parser, option -o with
 * the argument "G", the file being the next argument; -oG=FILE too, and
 * the same for -oX, -oN and -oA.  Returns 0, or -1 with err filled.
 */
int
scan_out_oarg(struct scan_out *o, struct opt_state *st, char *err)
{
	const char *a = st->arg;

	if (a[0] == '\0' || strchr("GXNA", a[0]) == NULL) {
		if (a[0] != '\0' && strchr("SM", a[0]) != NULL)
			snprintf(err, SK_ERRLEN, "-o%c: not supported: -oX "
			    "writes nmap's XML, -oN its normal output, -oG "
			    "its grepable", a[0]);
		else
			snprintf(err, SK_ERRLEN, "unknown option -o%.16s", a);
		return -1;
	}
	if (a[1] == '\0') {
		if (st->ind >= st->argc) {
			snprintf(err, SK_ERRLEN, "option -o%c needs a %s", a[0],
			    a[0] == 'A' ? "base name" : "file (- for standard "
			    "output)");
			return -1;
		}
		return scan_out_file(o, a[0], st->argv[st->ind++], err);
	}
	if (a[1] == '=' && a[2] != '\0')
		return scan_out_file(o, a[0], a + 2, err);
	snprintf(err, SK_ERRLEN, "unknown option -o%.16s", a);
	return -1;
}
