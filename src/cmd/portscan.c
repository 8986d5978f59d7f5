/*
 * cmd/portscan.c: sockt portscan, a TCP connect and UDP scanner.
 *
 * Parses targets and ports (target.c, portlist.c), resolves host names,
 * runs the engine (scan.c) and prints what it finds as a table, grepable
 * lines (-g) or JSON Lines (-j), streaming unless --sort is given.
 * SIGINT or SIGTERM stops the scan cleanly: whole lines, what was found,
 * a summary that says so, and exit 128 + the signal's number.
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
#include "cmd/portscan_targets.h"
#include "net/net.h"
#include "parse/grepable.h"
#include "parse/hostmap.h"
#include "parse/opt.h"
#include "parse/portlist.h"
#include "parse/probe.h"
#include "parse/shard.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "parse/topports.h"
#include "scan/scan.h"
#include "sockt.h"
#include "util/clock.h"
#include "util/num.h"

static const char usage[] =
    "usage: sockt portscan [-46abnrtuv] [-g | -j] [-c conns] [-oG file] "
    "[-p ports]\n"
    "                      [-s addr] [-w secs] [--probe string | http] "
    "[--rate n]\n"
    "                      [--retries n] [--shard i/n] [--sort] [--up]\n"
    "                      [-iL file] [--exclude list] "
    "[--excludefile file]\n"
    "                      [--exclude-ports ports] [--top-ports n] [--yes]\n"
    "                      [target ...]\n";
#define DEFAULT_TIMEOUT_MS	1000
#define DEFAULT_RETRIES		1
#define MAX_ADDRS		4294967296.0	/* in one scan: all of IPv4 */
#define EXACT_WIDTH		65536	/* hosts measured for the table */
#define TICK_MS			100	/* output flush and progress period */

/* OUT_NONE: -oG - has standard output to itself */
enum { OUT_TABLE, OUT_GREP, OUT_JSON, OUT_NONE };

enum {
	PS_ALL = CLI_O_OWN,	/* -a */
	PS_BANNER,		/* -b */
	PS_GREP,		/* -g */
	PS_JSON,		/* -j */
	PS_RANDOM,		/* -r */
	PS_TCP,			/* -t, --tcp */
	PS_UDP,			/* -u, --udp */
	PS_CONNS,		/* -c conns */
	PS_O,			/* -o: -oGFILE, one word */
	PS_PORTS,		/* -p ports */
	PS_INPUT_LIST,		/* -iL file */
	PS_OG,			/* -oG file */
	PS_EXCLUDE,		/* --exclude list */
	PS_EXCLUDE_PORTS,	/* --exclude-ports ports */
	PS_EXCLUDEFILE,		/* --excludefile file */
	PS_PROBE,		/* --probe string|http */
	PS_RATE,		/* --rate n */
	PS_RETRIES,		/* --retries n */
	PS_SHARD,		/* --shard i/n */
	PS_SORT,		/* --sort */
	PS_TOP_PORTS,		/* --top-ports n */
	PS_YES,			/* --yes */
	PS_UP			/* --up */
};

/* -a -b -g -j -r -t -u --sort --up --yes are flags: opt_seen reads them */
static const struct opt_def opts[] = {
	OPT_DOC(CLI_O_4, "  -4, -6     IPv4 or IPv6 addresses only\n"),
	OPT_LIKE_ABOVE(CLI_O_6),
	OPT_FLAG_(PS_ALL, 'a', NULL,
	    "  -a         list closed and filtered ports too\n"),
	OPT_FLAG_(PS_BANNER, 'b', NULL,
	    "  -b         show the banner an open port sends first\n"),
	OPT_ARG_(PS_CONNS, 'c', NULL, "conns", COMP_NONE,
	    "  -c conns   at most conns probes in flight\n"),
	OPT_FLAG_(PS_GREP, 'g', NULL,
	    "  -g         grepable output: host port state service\n"),
	OPT_FLAG_(PS_JSON, 'j', NULL,
	    "  -j         JSON Lines, one object per port, then a summary\n"),
	OPT_DOC(CLI_O_NUMERIC,
	    "  -n         no name lookups: targets must be addresses\n"),
	OPT_ARG_(PS_OG, 0, "-oG", "file", COMP_FILE,
	    "  -oG file   also write nmap's grepable format to file (- for "
	    "stdout alone)\n"),
	OPT_ARG_(PS_O, 'o', NULL, "arg", COMP_NONE, NULL),
	OPT_ARG_(PS_PORTS, 'p', NULL, "ports", COMP_PORT,
	    "  -p ports   ports, ranges and services (22,80,8000-8100,http; - "
	    "for all);\n"
	    "             default: the 100 most common (-u: common UDP ones)\n"),
	OPT_FLAG_(PS_RANDOM, 'r', NULL,
	    "  -r         probe in a random order\n"),
	OPT_DOC(CLI_O_SOURCE,
	    "  -s addr    connect from this source address\n"),
	OPT_FLAG_(PS_TCP, 't', "tcp",
	    "  -t, --tcp  TCP connect scan: the default; with -u, both\n"),
	OPT_FLAG_(PS_UDP, 'u', "udp",
	    "  -u, --udp  UDP scan: open, closed, filtered or "
	    "open|filtered;\n"
	    "             ports are then written PORT/tcp and PORT/udp\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         say what names resolved to, the window, the "
	    "retries\n"),
	OPT_DOC(CLI_O_WAIT,
	    "  -w secs    wait this long for an answer (default 1)\n"),
	OPT_WORDS_(PS_PROBE, 0, "probe", "string", "http",
	    "  --probe string  send string (escapes \\r \\n \\t \\\\ "
	    "\\0 \\xHH) to each open\n"
	    "             port and show the reply (implies -b)\n"),
	OPT_DOC(PS_PROBE,
	    "  --probe http  send HEAD / HTTP/1.0: show the status line and "
	    "Server\n"),
	OPT_ARG_(PS_RATE, 0, "rate", "n", COMP_NONE,
	    "  --rate n   at most n probes a second\n"),
	OPT_ARG_(PS_RETRIES, 0, "retries", "n", COMP_NONE,
	    "  --retries n  send a probe that timed out again n times "
	    "(default 1)\n"),
	OPT_ARG_(PS_SHARD, 0, "shard", "i/n", COMP_NONE,
	    "  --shard i/n  scan only the i-th of n interleaved slices "
	    "(default:\n"
	    "             $SOCKT_SHARD)\n"),
	OPT_FLAG_(PS_SORT, 0, "sort",
	    "  --sort     print the results in order at the end\n"),
	OPT_FLAG_(PS_UP, 0, "up",
	    "  --up       hosts, not ports: up if any probe had an answer, "
	    "closed too\n"
	    "             (default ports 80,443; -a lists the hosts down "
	    "too)\n"),
	OPT_ARG_(PS_INPUT_LIST, 0, "-iL", "file", COMP_FILE,
	    "  -iL file   targets from file (- for stdin), # comments\n"),
	OPT_ARG_(PS_EXCLUDE, 0, "exclude", "list", COMP_NONE,
	    "  --exclude list      leave out these addresses, blocks and "
	    "names\n"),
	OPT_ARG_(PS_EXCLUDEFILE, 0, "excludefile", "file", COMP_FILE,
	    "  --excludefile file  the same, from a file\n"),
	OPT_ARG_(PS_EXCLUDE_PORTS, 0, "exclude-ports", "ports", COMP_PORT,
	    "  --exclude-ports ports  leave out these ports\n"),
	OPT_ARG_(PS_TOP_PORTS, 0, "top-ports", "n", COMP_NONE,
	    "  --top-ports n  the n most common ports (1-1000) instead of "
	    "-p\n"),
	OPT_FLAG_(PS_YES, 0, "yes",
	    "  --yes      scan even beyond 16777216 probes\n"),
	OPT_END
};

static const struct opt_excl excl[] = {
	{ { PS_GREP }, { PS_JSON }, NULL },
	{ { PS_PORTS }, { PS_TOP_PORTS }, NULL },
	{ { PS_UP }, { PS_BANNER, PS_PROBE }, NULL },
	{ { 0 }, { 0 }, NULL }
};

static const struct cli_spec spec = {
	usage, opts, CLI_FAMILY | CLI_NUMERIC | CLI_SOURCE | CLI_WAIT |
	    CLI_VERBOSE, excl, NULL
};

/*
 * Why the scan should stop: the number of the signal caught, or
 * STOP_OUTPUT when standard output cannot be written any more (a reader
 * that went away): the rest of the scan could not be shown.
 */
#define STOP_OUTPUT	(-1)
static volatile sig_atomic_t ps_stop;

struct saved {
	uint64_t	probe;
	int		state;
	size_t		blen;
	char		*banner;
};

/* A port -oG lists, kept until its host is done. */
struct gport {
	uint16_t	port;
	uint8_t		state;
	uint8_t		udp;		/* the port is UDP's, else TCP's */
};

/*
 * What a host's probes found, for --up and -oG: a record of ps->hmap,
 * from its first result until it is shown, so that only the hosts in
 * progress take memory, however many the scan has.
 */
struct hstat {
	uint64_t	 n[SCAN_OPENFILTERED + 1];	/* by state */
	uint64_t	 done;
	struct gport	*gp;		/* -oG: the ports it may list */
	size_t		 ngp, capgp;
};

struct ps {
	struct ps_hosts	 hosts;		/* the addresses, as ranges */
	struct ps_specs	 files;		/* the targets of -iL files */
	struct ps_specs	 specs;		/* every target: operands, then files */
	struct exclude	 ex;		/* --exclude, --excludefile */
	int		 excluding;	/* either was given */
	struct portlist	*xpl;		/* --exclude-ports */
	uint32_t	 xports;	/* ports that took out */
	int		 top;		/* --top-ports */
	int		 yes;		/* --yes: scan however big */
	size_t		 naddrs;	/* in hosts, numbered from 0 */
	uint16_t	*ports;
	size_t		 nports;
	int		 protos[2];	/* SCAN_TCP, SCAN_UDP */
	size_t		 nprotos;
	int		 udp;		/* -u: label every port PORT/PROTO */
	int		 out;
	int		 all;		/* -a */
	int		 banner;	/* -b */
	char		 probe[PROBE_MAX];	/* --probe STRING, unescaped */
	size_t		 probe_len;
	int		 probe_http;	/* --probe http */
	int		 up;		/* --up: hosts, not ports */
	int		 track;		/* --up or -oG: results by host */
	struct hostmap	 hmap;		/* struct hstat by address number */
	uint64_t	 shard_i, shard_n;	/* --shard, for host_expect */
	uint64_t	 nup, ndown;
	const char	*ogname;	/* -oG FILE */
	FILE		*og;		/* its stream, or NULL */
	int		 og_errno;	/* why writing it failed */
	char		 cmdline[2048];	/* for the -oG header */
	int		 sort;
	int		 verbose;
	int		 hostw;		/* table: host column width */
	int		 header_done;
	struct progress	 pg;		/* the progress line */
	int64_t		 t0;
	struct saved	*saved;
	size_t		 nsaved, capsaved;
	int		 oom;
	int		 out_errno;	/* why stdout failed (STOP_OUTPUT) */
	char		*svc[65536];	/* service names, from the database */
	char		*svcu[65536];	/* the same for UDP */
};

/* Port list callback: a TCP, else UDP, service name from the database. */
static int
svc_lookup(const char *name, void *arg)
{
	struct servent *se;

	(void)arg;
	if ((se = getservbyname(name, "tcp")) == NULL &&
	    (se = getservbyname(name, "udp")) == NULL)
		return -1;
	return ntohs((uint16_t)se->s_port);
}

/* Read the services database once: one getservbyport per port is slow. */
static void
svc_load(struct ps *ps)
{
	struct servent *se;
	char **tab;
	int port;

	setservent(1);
	while ((se = getservent()) != NULL) {
		port = ntohs((uint16_t)se->s_port);
		if (port <= 0 || port > 65535 || se->s_proto == NULL)
			continue;
		tab = strcmp(se->s_proto, "tcp") == 0 ? ps->svc :
		    strcmp(se->s_proto, "udp") == 0 ? ps->svcu : NULL;
		if (tab != NULL && tab[port] == NULL)
			tab[port] = strdup(se->s_name);
	}
	endservent();
}

static void
svc_free(struct ps *ps)
{
	int i;

	for (i = 0; i < 65536; i++) {
		free(ps->svc[i]);
		free(ps->svcu[i]);
	}
}

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
static const char *
json_str(const char *s, char *out, size_t cap)
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
	printf(",\"http_status\":\"%s\"", json_str(status, esc,
	    sizeof(esc)));
	if (server[0] != '\0')
		printf(",\"http_server\":\"%s\"", json_str(server, esc,
		    sizeof(esc)));
	else
		fputs(",\"http_server\":null", stdout);
}

static void
addr_str(const struct scan_addr *a, char *buf, size_t len)
{
	int port;

	if (net_addr_str((const struct sockaddr *)&a->ss, a->len, buf, len,
	    &port) == -1)
		snprintf(buf, len, "?");
}

/*
 * The host of address i as the table (grep 0) or -g (grep 1) shows it:
 * the address, and the name it came from beside it, "::1 (localhost)"
 * in the table and "::1(localhost)" in -g, where it stays one field.
 */
static void
host_label(const struct ps *ps, size_t i, int grep, char *buf, size_t len)
{
	struct scan_addr a;
	const char *name;
	char host[SK_HOSTLEN];

	ps_hosts_get(&ps->hosts, i, &a, &name);
	addr_str(&a, host, sizeof(host));
	if (name == NULL)
		snprintf(buf, len, "%s", host);
	else
		snprintf(buf, len, "%s%s(%s)", host, grep ? "" : " ", name);
}

/* Address i as text into buf, the name it came from into *name. */
static void
host_addr(const struct ps *ps, size_t i, char *buf, size_t len,
    const char **name)
{
	struct scan_addr a;

	ps_hosts_get(&ps->hosts, i, &a, name);
	addr_str(&a, buf, len);
}

/* The scan engine's addr_at: address i of the set. */
static void
addr_at(uint64_t i, struct scan_addr *a, void *arg)
{
	const struct ps *ps = arg;

	ps_hosts_get(&ps->hosts, i, a, NULL);
}

static const char *
state_name(int state)
{
	return state == SCAN_OPEN ? "open" : state == SCAN_CLOSED ? "closed" :
	    state == SCAN_OPENFILTERED ? "open|filtered" : "filtered";
}

/* A probe's protocol, address index and port, as scan.h numbers them. */
static void
probe_split(const struct ps *ps, uint64_t probe, int *proto, size_t *ai,
    unsigned int *port)
{
	uint64_t per = (uint64_t)ps->naddrs * ps->nports;

	*proto = ps->protos[probe / per];
	*ai = (size_t)(probe % per / ps->nports);
	*port = ps->ports[probe % ps->nports];
}

/* --top-ports N: the N most common ports of each protocol scanned. */
static void
ps_top_ports(const struct ps *ps, struct portlist *pl)
{
	uint16_t top[TOPPORTS_MAX];
	size_t k;
	int i;

	for (k = 0; k < ps->nprotos; k++) {
		(void)topports_list(ps->protos[k] == SCAN_UDP, ps->top, top);
		for (i = 0; i < ps->top; i++)
			portlist_put(pl, top[i]);
	}
}

static void
print_one(struct ps *ps, uint64_t probe, int state, const char *banner,
    size_t blen)
{
	char host[SK_HOSTLEN + TARGET_HOSTLEN + 4];
	char esc[4 * (2 * SCAN_BANNER_MAX + 16) + 1];
	char jname[6 * SK_HOSTLEN + 1], pp[16];
	const char *name, *svc, *proto;
	unsigned int port;
	size_t ai;
	int pr;

	if (ps->out == OUT_NONE)
		return;
	probe_split(ps, probe, &pr, &ai, &port);
	host_addr(ps, ai, host, sizeof(host), &name);
	proto = pr == SCAN_UDP ? "udp" : "tcp";
	svc = pr == SCAN_UDP ? ps->svcu[port] : ps->svc[port];
	/* with -u every port says its protocol, as nmap writes 53/udp */
	if (ps->udp)
		snprintf(pp, sizeof(pp), "%u/%s", port, proto);
	else
		snprintf(pp, sizeof(pp), "%u", port);
	progress_clear(&ps->pg);
	if (ps->out != OUT_JSON) {
		host_label(ps, ai, ps->out == OUT_GREP, host, sizeof(host));
		banner_text(ps, banner, blen, ps->out == OUT_GREP ? ESC_GREP :
		    0, esc, sizeof(esc));
	}
	switch (ps->out) {
	case OUT_GREP:
		printf("%s %s %s %s%s%s\n", host, pp, state_name(state),
		    svc ? svc : "-", ps->banner && esc[0] ? " " : "", esc);
		break;
	case OUT_JSON:
		printf("{\"type\":\"port\",\"host\":\"%s\",", host);
		if (name != NULL)
			printf("\"name\":\"%s\",", json_str(name, jname,
			    sizeof(jname)));
		printf("\"port\":%u,\"proto\":\"%s\",\"state\":\"%s\","
		    "\"service\":", port, proto, state_name(state));
		if (svc != NULL)
			printf("\"%s\"", json_str(svc, jname, sizeof(jname)));
		else
			fputs("null", stdout);
		if (ps->banner && state == SCAN_OPEN)
			json_banner(ps, banner, blen);
		fputs("}\n", stdout);
		break;
	default:
		if (!ps->header_done) {
			printf("%-*s  %-*s  %-*s  %s\n", ps->hostw, "HOST",
			    ps->udp ? 9 : 5, "PORT", ps->udp ? 13 : 8, "STATE",
			    ps->banner ? "SERVICE          BANNER" : "SERVICE");
			ps->header_done = 1;
		}
		if (ps->banner && esc[0] != '\0')
			printf("%-*s  %-*s  %-*s  %-15s  %s\n", ps->hostw,
			    host, ps->udp ? 9 : 5, pp, ps->udp ? 13 : 8,
			    state_name(state), svc ? svc : "-", esc);
		else
			printf("%-*s  %-*s  %-*s  %s\n", ps->hostw, host,
			    ps->udp ? 9 : 5, pp, ps->udp ? 13 : 8,
			    state_name(state), svc ? svc : "-");
		break;
	}
}

/* Write s to the -oG stream; remember the first failure. */
static void
og_put(struct ps *ps, const char *s, size_t n)
{
	if (ps->og == NULL || n == 0 || ps->og_errno != 0)
		return;
	if (fwrite(s, 1, n, ps->og) != n)
		ps->og_errno = errno != 0 ? errno : EIO;
}

static int
gport_cmp(const void *a, const void *b)
{
	const struct gport *x = a, *y = b;

	if (x->port != y->port)
		return (int)x->port - (int)y->port;
	return (int)x->udp - (int)y->udp;
}

/* A host's -oG lines: its status, then its ports as nmap lists them. */
static void
og_host(struct ps *ps, size_t a, struct hstat *h, int up)
{
	char host[SK_HOSTLEN], buf[2 * SK_HOSTLEN + 256];
	const char *name;
	size_t i, first = 1;
	int mask, named;

	host_addr(ps, a, host, sizeof(host), &name);
	og_put(ps, buf, gr_status(buf, sizeof(buf), host, name, up));
	if (ps->up)
		return;
	mask = gr_ignored(h->n, ps->all);
	named = gr_ignored_named(mask);
	if (h->ngp > 0)
		qsort(h->gp, h->ngp, sizeof(*h->gp), gport_cmp);
	og_put(ps, buf, gr_ports_begin(buf, sizeof(buf), host, name));
	for (i = 0; i < h->ngp; i++) {
		if (mask & (1 << h->gp[i].state))
			continue;
		og_put(ps, buf, gr_port(buf, sizeof(buf), first, h->gp[i].port,
		    h->gp[i].state, h->gp[i].udp ? "udp" : "tcp", h->gp[i].udp ?
		    ps->svcu[h->gp[i].port] : ps->svc[h->gp[i].port]));
		first = 0;
	}
	og_put(ps, buf, gr_ports_end(buf, sizeof(buf), named,
	    named ? h->n[named] : 0));
	if (ps->og_errno == 0 && fflush(ps->og) == EOF)
		ps->og_errno = errno;
}

/* --up: one line, or object, per host. */
static void
up_print(struct ps *ps, size_t a, const struct hstat *h, int up)
{
	char host[SK_HOSTLEN], jname[6 * SK_HOSTLEN + 1];
	const char *st = up ? "up" : "down", *name;

	progress_clear(&ps->pg);
	host_addr(ps, a, host, sizeof(host), &name);
	switch (ps->out) {
	case OUT_NONE:
		break;
	case OUT_GREP:
		printf("%s %s %llu %llu %llu\n", host, st,
		    (unsigned long long)h->n[SCAN_OPEN],
		    (unsigned long long)h->n[SCAN_CLOSED],
		    (unsigned long long)h->n[SCAN_FILTERED]);
		break;
	case OUT_JSON:
		printf("{\"type\":\"host\",\"host\":\"%s\",", host);
		if (name != NULL)
			printf("\"name\":\"%s\",", json_str(name, jname,
			    sizeof(jname)));
		printf("\"state\":\"%s\",\"open\":%llu,\"closed\":%llu,"
		    "\"filtered\":%llu}\n", st,
		    (unsigned long long)h->n[SCAN_OPEN],
		    (unsigned long long)h->n[SCAN_CLOSED],
		    (unsigned long long)h->n[SCAN_FILTERED]);
		break;
	default:
		if (!ps->header_done) {
			printf("%-*s  %-5s  %5s  %6s  %8s\n", ps->hostw, "HOST",
			    "STATE", "OPEN", "CLOSED", "FILTERED");
			ps->header_done = 1;
		}
		printf("%-*s  %-5s  %5llu  %6llu  %8llu\n", ps->hostw, host, st,
		    (unsigned long long)h->n[SCAN_OPEN],
		    (unsigned long long)h->n[SCAN_CLOSED],
		    (unsigned long long)h->n[SCAN_FILTERED]);
		break;
	}
}

/* Up: any probe had an answer, open or closed (a refusal is one). */
static int
host_up(const struct hstat *h)
{
	return h->n[SCAN_OPEN] + h->n[SCAN_CLOSED] > 0;
}

/*
 * Host a is done (or the scan ended): counted, shown (a down host only
 * with -a, as nmap shows none), and dropped from ps->hmap.
 */
static void
host_show(struct ps *ps, size_t a, struct hstat *h)
{
	int up = host_up(h);

	if (up)
		ps->nup++;
	else
		ps->ndown++;
	if (up || ps->all) {
		if (ps->up)
			up_print(ps, a, h, up);
		if (ps->og != NULL)
			og_host(ps, a, h, up);
	}
	free(h->gp);
	hostmap_del(&ps->hmap, a);
}

/* Keep a port for -oG unless its state is too common to be listed. */
static void
gport_keep(struct ps *ps, struct hstat *h, unsigned int port, int state,
    int udp)
{
	struct gport *n;
	size_t i, j;

	if (state != SCAN_OPEN && !ps->all && h->n[state] >= GR_IGNORE_MIN) {
		if (h->n[state] > GR_IGNORE_MIN)
			return;
		/* just became too common: drop those kept so far */
		for (i = 0, j = 0; i < h->ngp; i++)
			if (h->gp[i].state != state)
				h->gp[j++] = h->gp[i];
		h->ngp = j;
		return;
	}
	if (h->ngp == h->capgp) {
		size_t cap = h->capgp ? h->capgp * 2 : 8;

		if ((n = realloc(h->gp, cap * sizeof(*n))) == NULL) {
			ps->oom = 1;
			return;
		}
		h->gp = n;
		h->capgp = cap;
	}
	h->gp[h->ngp].port = (uint16_t)port;
	h->gp[h->ngp].udp = (uint8_t)udp;
	h->gp[h->ngp].state = (uint8_t)state;
	h->ngp++;
}

/* How many of host a's probes shard i of n has. */
static uint64_t
shard_count(uint64_t x, uint64_t i, uint64_t n)
{
	/* probes k in [0, x) with k % n == i */
	return x > i ? (x - i - 1) / n + 1 : 0;
}

/* Host a's probes in this shard: one run of ports per protocol (scan.h). */
static uint64_t
host_expect(const struct ps *ps, size_t a)
{
	uint64_t per = (uint64_t)ps->naddrs * ps->nports, b, n = 0;
	size_t k;

	for (k = 0; k < ps->nprotos; k++) {
		b = k * per + (uint64_t)a * ps->nports;
		n += shard_count(b + ps->nports, ps->shard_i, ps->shard_n) -
		    shard_count(b, ps->shard_i, ps->shard_n);
	}
	return n;
}

/*
 * Count a result against its host.  A host whose probes are all done is
 * shown and forgotten at once, unless --sort holds it back for the end
 * (a host down then goes at once all the same, unless -a shows it).
 */
static void
host_result(struct ps *ps, const struct scan_result *r)
{
	struct hstat *h;
	unsigned int port;
	size_t a;
	int pr;

	if (r->state < SCAN_OPEN || r->state > SCAN_OPENFILTERED)
		return;
	probe_split(ps, r->probe, &pr, &a, &port);
	if ((h = hostmap_put(&ps->hmap, a)) == NULL) {
		ps->oom = 1;
		return;
	}
	h->n[r->state]++;
	h->done++;
	if (ps->og != NULL && !ps->up)
		gport_keep(ps, h, port, r->state, pr == SCAN_UDP);
	if (h->done == host_expect(ps, a) && (!ps->sort ||
	    (!host_up(h) && !ps->all)))
		host_show(ps, a, h);
}

static int
key_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * The hosts not shown yet, in order: every one with --sort; after a stop,
 * those found up (a host not fully probed is not known to be down).
 */
static void
hosts_finish(struct ps *ps)
{
	struct hstat *h;
	uint64_t *keys, key;
	size_t i, n = 0;

	if (ps->hmap.n == 0)
		return;
	if ((keys = calloc(ps->hmap.n, sizeof(*keys))) == NULL) {
		ps->oom = 1;
		return;
	}
	for (i = 0; i < ps->hmap.cap; i++)
		if (hostmap_at(&ps->hmap, i, &key) != NULL)
			keys[n++] = key;
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i++) {
		h = hostmap_get(&ps->hmap, keys[i]);
		if (h->done < host_expect(ps, (size_t)keys[i]) && !host_up(h))
			continue;
		host_show(ps, (size_t)keys[i], h);
	}
	free(keys);
}

/* --up and -oG: results counted by host, as they come. */
static void
hosts_init(struct ps *ps, const struct scan_config *cfg)
{
	ps->track = 1;
	hostmap_init(&ps->hmap, sizeof(struct hstat));
	ps->shard_i = cfg->shard_i;
	ps->shard_n = cfg->shard_n;
}

/* The hosts never shown, and the ports they kept. */
static void
hosts_free(struct ps *ps)
{
	struct hstat *h;
	uint64_t key;
	size_t i;

	for (i = 0; i < ps->hmap.cap; i++)
		if ((h = hostmap_at(&ps->hmap, i, &key)) != NULL)
			free(h->gp);
	hostmap_free(&ps->hmap);
}

static void
on_result(const struct scan_result *r, void *arg)
{
	struct ps *ps = arg;
	struct saved *ns;

	if (ps->track)
		host_result(ps, r);
	/* open|filtered may be a silent listener: shown like open */
	if (ps->up || (r->state != SCAN_OPEN && r->state != SCAN_OPENFILTERED &&
	    !ps->all))
		return;
	if (!ps->sort) {
		print_one(ps, r->probe, r->state, r->banner, r->banner_len);
		return;
	}
	if (ps->nsaved == ps->capsaved) {
		size_t cap = ps->capsaved ? ps->capsaved * 2 : 256;

		if ((ns = realloc(ps->saved, cap * sizeof(*ns))) == NULL) {
			ps->oom = 1;
			return;
		}
		ps->saved = ns;
		ps->capsaved = cap;
	}
	ns = &ps->saved[ps->nsaved];
	ns->probe = r->probe;
	ns->state = r->state;
	ns->blen = 0;
	ns->banner = NULL;
	if (r->banner_len > 0 && (ns->banner = malloc(r->banner_len)) != NULL) {
		memcpy(ns->banner, r->banner, r->banner_len);
		ns->blen = r->banner_len;
	}
	ps->nsaved++;
}

static void
on_progress(const struct scan_stats *st, void *arg)
{
	struct ps *ps = arg;
	double secs = (double)(mono_ms() - ps->t0) / 1000.0, rate;
	long long eta;
	char line[256];
	int n;

	/* stdout gone (a reader that quit): nobody would see the rest */
	if (fflush(stdout) == EOF && ps_stop == 0) {
		ps->out_errno = errno;
		ps_stop = STOP_OUTPUT;
	}
	/* scan_run calls every TICK_MS: the pace is already right */
	if (st->total == 0 || !progress_due(&ps->pg, 0))
		return;
	rate = secs > 0 ? (double)st->done / secs : 0;
	eta = rate > 0 ? (long long)((double)(st->total - st->done) / rate +
	    0.5) : -1;
	n = snprintf(line, sizeof(line), "\r\033[K%llu/%llu probes (%d%%)  "
	    "%.0f/s  %llu open  ETA %s%lld s", (unsigned long long)st->done,
	    (unsigned long long)st->total, (int)(st->done * 100 / st->total),
	    rate, (unsigned long long)st->open, eta < 0 ? "~" : "",
	    eta < 0 ? 0 : eta);
	if (n > 0 && (size_t)n < sizeof(line))
		progress_draw(&ps->pg, line, (size_t)n);
}

static void
on_stop_signal(int sig)
{
	ps_stop = sig;
}

/*
 * Catch SIGINT and SIGTERM to stop the scan cleanly; they stay caught to
 * the end, so that no signal cuts the last stdio flush short.  A signal
 * the caller ignored (SIGINT in a background job, say) stays ignored.
 * SA_RESTART: a write to stdout failing with EINTR would lose what stdio
 * had buffered, while poll, where the engine waits, fails with EINTR
 * anyway.
 */
static void
stop_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_IGN))
			(void)sigaction(sigs[i], &sa, NULL);
}

/*
 * The summary: a line in the table, an object in JSON, on standard
 * error with -g -v.  A scan a signal stopped says so in every format.
 */
static void
summary_print(const struct ps *ps, const struct scan_stats *st, double secs,
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
		    (unsigned long long)ps->nup, ps->nup == 1 ? "" : "s",
		    (unsigned long long)ps->ndown);
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
			    (unsigned long long)ps->nup,
			    (unsigned long long)ps->ndown);
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

/* "Mon Nov 23 09:11:27 2026", as nmap (ctime) writes it. */
static void
og_when(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm *tm = localtime(&t);

	if (tm == NULL || strftime(buf, len, "%a %b %e %H:%M:%S %Y", tm) == 0)
		snprintf(buf, len, "?");
}

/* The -oG header, before the first probe. */
static void
og_begin(struct ps *ps)
{
	char when[64], buf[sizeof(ps->cmdline) + 256];
	char tool[32];

	if (ps->og == NULL)
		return;
	og_when(when, sizeof(when));
	snprintf(tool, sizeof(tool), "sockt %s", SOCKT_VERSION);
	og_put(ps, buf, gr_header(buf, sizeof(buf), tool, when, ps->cmdline));
	if (ps->og_errno == 0 && fflush(ps->og) == EOF)
		ps->og_errno = errno;
}

/*
 * The -oG trailer, and the stream closed.  Returns 0, or -1 when the
 * file could not be written (said here).
 */
static int
og_end(struct ps *ps, const struct scan_stats *st, double secs, int sig)
{
	char when[64], note[96], buf[512];

	if (ps->og == NULL)
		return 0;
	og_when(when, sizeof(when));
	snprintf(note, sizeof(note), "interrupted after %llu of %llu probes",
	    (unsigned long long)st->done, (unsigned long long)st->total);
	og_put(ps, buf, gr_trailer(buf, sizeof(buf), "sockt", when,
	    ps->naddrs, ps->nup, secs, sig > 0 ? note : NULL));
	if (ps->og == stdout) {
		/* sockt.c says it when standard output fails */
		ps->og = NULL;
		return 0;
	}
	if (fclose(ps->og) == EOF && ps->og_errno == 0)
		ps->og_errno = errno;
	ps->og = NULL;
	if (ps->og_errno == 0)
		return 0;
	fflush(stdout);
	errno = ps->og_errno;
	msg_warn("%s", ps->ogname);
	return -1;
}

static int
saved_cmp(const void *a, const void *b)
{
	const struct saved *x = a, *y = b;

	return x->probe < y->probe ? -1 : x->probe > y->probe;
}

/* Resolve -s addr into a source address per family. */
static int
source_resolve(const char *s, const struct net_opts *no,
    struct scan_addr *s4, struct scan_addr *s6, int *has4, int *has6,
    char *err)
{
	struct addrinfo *res, *ai;

	if (net_resolve(s, NULL, no, 1, &res, err) == -1)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		struct scan_addr *d = ai->ai_family == AF_INET ? s4 :
		    ai->ai_family == AF_INET6 ? s6 : NULL;
		int *has = ai->ai_family == AF_INET ? has4 : has6;

		if (d == NULL || *has || ai->ai_addrlen > sizeof(d->ss))
			continue;
		memset(d, 0, sizeof(*d));
		memcpy(&d->ss, ai->ai_addr, ai->ai_addrlen);
		d->len = (socklen_t)ai->ai_addrlen;
		*has = 1;
	}
	freeaddrinfo(res);
	return 0;
}

/*
 * A scan of naddr addresses (this shard's share of it) asks for --yes
 * beyond PS_MAX_PROBES probes, and says how many and how long they would
 * take: at --rate, or, without it, as fast as the window allows when no
 * port answers (every probe waiting out -w and its retries), which is
 * what a typo in a remote network costs.  cap, when the scan is beyond
 * what sockt can scan at all, replaces the advice to add --yes.  Returns
 * -1 to go on, else EXIT_USAGE (said).
 */
static int
ps_size_check(const struct ps *ps, const struct scan_config *cfg,
    double naddr, size_t nports, const char *cap)
{
	double probes = naddr * (double)nports / (double)cfg->shard_n, rate;
	char when[64], how[160];

	if (probes <= (double)PS_MAX_PROBES || (ps->yes && cap == NULL))
		return -1;
	if (cfg->rate > 0) {
		rate = cfg->rate;
		snprintf(how, sizeof(how), "at --rate %.0f", rate);
	} else {
		rate = (double)cfg->window * 1000.0 /
		    ((double)cfg->timeout_ms * (cfg->retries + 1));
		snprintf(how, sizeof(how), "at %.0f probes/s if nothing "
		    "answers (window %d, -w %.3g s, %d retr%s)", rate,
		    cfg->window, cfg->timeout_ms / 1000.0, cfg->retries,
		    cfg->retries == 1 ? "y" : "ies");
	}
	ps_duration(probes / rate, when, sizeof(when));
	msg_warnx("%.0f probes, more than %llu: about %s %s; %s", probes,
	    PS_MAX_PROBES, when, how, cap != NULL ? cap : "add --yes to "
	    "scan anyway");
	return EXIT_USAGE;
}

/*
 * The hosts to scan: every address of every target once, less the
 * exclusions, within the size limits.  Returns -1 to go on, else the
 * exit status (said).
 */
static int
ps_hosts_build(struct ps *ps, const struct scan_config *cfg,
    const struct target *tg, int ntg, char **specs, const struct net_opts *no)
{
	const struct addrset *set = &ps->hosts.set;
	size_t i;
	int rc;

	/* a target that cannot be resolved is said and skipped: the rest
	 * are still scanned, and open ports among them still count */
	if (ps->excluding && (rc = ps_exclude_resolve(&ps->ex, no)) != -1)
		return rc;
	ps->hosts.verbose = ps->verbose;
	for (i = 0; i < (size_t)ntg; i++)
		(void)ps_hosts_add(&ps->hosts, &tg[i], specs[i], no);
	if (ps_hosts_done(&ps->hosts, ps->excluding ? &ps->ex : NULL) == -1)
		return EXIT_FAIL;
	if ((rc = ps_size_check(ps, cfg, set->size, ps->nports,
	    set->size > MAX_ADDRS ? "at most 4294967296 addresses in one scan" :
	    NULL)) != -1)
		return rc;
	if (set->size > MAX_ADDRS || set->count > SIZE_MAX) {
		msg_warnx("too many addresses: %.0f, at most %.0f in one scan",
		    set->size, MAX_ADDRS);
		return EXIT_USAGE;
	}
	ps->naddrs = (size_t)set->count;
	if (ps->naddrs == 0 && set->excluded > 0) {
		msg_warnx("nothing to scan: every address is excluded");
		return EXIT_FAIL;
	}
	if (ps->naddrs == 0)
		return EXIT_FAIL;
	return -1;
}

/*
 * The table's host column: as wide as the widest host, measured on
 * every one of a small scan; a big one takes the widest its families
 * and names could need rather than format millions of addresses.
 */
static int
host_width(const struct ps *ps)
{
	const struct addrset *set = &ps->hosts.set;
	char host[SK_HOSTLEN + TARGET_HOSTLEN + 4];
	size_t i, w, width = 4;

	for (i = 0; i < ps->naddrs && ps->naddrs <= EXACT_WIDTH; i++) {
		host_label(ps, i, 0, host, sizeof(host));
		if ((w = strlen(host)) > width)
			width = w;
	}
	for (i = 0; i < set->n && ps->naddrs > EXACT_WIDTH; i++) {
		/* 255.255.255.255, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff */
		w = set->r[i].family == AF_INET ? 15 : 39;
		if (set->r[i].tag != NULL)
			w += strlen(set->r[i].tag) + 3;
		if (w > width)
			width = w;
	}
	return (int)(width < SK_HOSTLEN + TARGET_HOSTLEN ? width :
	    SK_HOSTLEN + TARGET_HOSTLEN);
}

/* After the scan: what --sort held back, the hosts not shown yet. */
static void
results_flush(struct ps *ps)
{
	size_t i;

	if (ps->sort) {
		if (ps->nsaved > 0)
			qsort(ps->saved, ps->nsaved, sizeof(*ps->saved),
			    saved_cmp);
		for (i = 0; i < ps->nsaved; i++) {
			print_one(ps, ps->saved[i].probe, ps->saved[i].state,
			    ps->saved[i].banner, ps->saved[i].blen);
			free(ps->saved[i].banner);
		}
		free(ps->saved);
	}
	if (ps->track)
		hosts_finish(ps);
	if (ps->oom)
		msg_warnx("out of memory: some results not shown");
}

static int
portscan(struct ps *ps, struct scan_config *cfg, struct target *tg,
    int ntg, char **specs, const struct net_opts *no, const char *src)
{
	struct scan_stats st;
	char err[SK_ERRLEN], host[SK_HOSTLEN];
	const struct as_range *r;
	const char *name;
	size_t i;
	int rc, sig;
	double secs;

	if ((rc = ps_hosts_build(ps, cfg, tg, ntg, specs, no)) != -1)
		return rc;
	for (i = 0; i < ps->hosts.set.n; i++) {
		r = &ps->hosts.set.r[i];
		if (src == NULL || (r->family == AF_INET ? cfg->src4 :
		    cfg->src6) != NULL)
			continue;
		host_addr(ps, (size_t)r->base, host, sizeof(host), &name);
		msg_warnx("source %s: no %s address to scan %s from", src,
		    r->family == AF_INET ? "IPv4" : "IPv6", host);
		return EXIT_FAIL;
	}
	ps->hostw = host_width(ps);

	cfg->addr_at = addr_at;
	cfg->naddrs = ps->naddrs;
	cfg->ports = ps->ports;
	cfg->nports = ps->nports;
	if (ps->up || ps->og != NULL)
		hosts_init(ps, cfg);
	/* a host is up when it refused too: --up and -oG count every port */
	cfg->report_closed = ps->all || ps->track;
	cfg->protos = ps->protos;
	cfg->nprotos = ps->nprotos;
	cfg->progress_ms = TICK_MS;
	cfg->on_result = on_result;
	cfg->on_progress = on_progress;
	cfg->arg = ps;
	cfg->stop = &ps_stop;
	if (ps->verbose)
		msg_warnx("scanning %zu %s port%s on %zu host%s",
		    ps->nports, ps->nprotos == 2 ? "TCP and UDP" : ps->udp ?
		    "UDP" : "TCP", ps->nports == 1 ? "" : "s", ps->naddrs,
		    ps->naddrs == 1 ? "" : "s");
	og_begin(ps);
	ps->t0 = mono_ms();
	ps_stop = 0;
	stop_signals();
	rc = scan_run(cfg, &st, err);
	/* a later signal finds the summary on its way: let it finish */
	sig = ps_stop;
	secs = (double)(mono_ms() - ps->t0) / 1000.0;
	progress_clear(&ps->pg);
	results_flush(ps);
	if (rc == -1) {
		fflush(stdout);
		msg_warnx("%s", err);
		(void)og_end(ps, &st, secs, sig);
		return EXIT_FAIL;
	}
	if (ps->verbose)
		msg_warnx("window %d, %d worker%s, %llu probe%s retried",
		    st.window, st.workers, st.workers == 1 ? "" : "s",
		    (unsigned long long)st.retried, st.retried == 1 ? "" :
		    "s");
	if (sig == STOP_OUTPUT) {
		/*
		 * The summary could not be shown either.  sockt.c reports
		 * the error, but not a reader that went away (EPIPE) if it
		 * sees that errno: its "write error" would hide it.
		 */
		if (ps->out_errno == EPIPE)
			clearerr(stdout);
		(void)og_end(ps, &st, secs, sig);
		return EXIT_FAIL;
	}
	summary_print(ps, &st, secs, sig);
	if (og_end(ps, &st, secs, sig) == -1)
		return EXIT_FAIL;
	if (sig > 0)
		return 128 + sig;
	if (ps->up)
		return ps->nup > 0 ? EXIT_OK : EXIT_FAIL;
	return st.open > 0 ? EXIT_OK : EXIT_FAIL;
}

/*
 * The options of targets, exclusions and ports: -iL, --exclude,
 * --excludefile, --exclude-ports, --top-ports.  Returns -1 to go on, else the exit status.
 */
static int
ps_parse_targets(int c, const char *arg, struct ps *ps)
{
	char err[SK_ERRLEN];
	const char *errstr;
	long long v;
	int rc = -1;

	switch (c) {
	case PS_INPUT_LIST:
		rc = ps_specs_file(&ps->files, arg, "-iL");
		break;
	case PS_EXCLUDE:
		if (exclude_add_list(&ps->ex, arg, err) == -1)
			return msg_usage(usage, "%s", err);
		ps->excluding = 1;
		break;
	case PS_EXCLUDEFILE:
		rc = ps_exclude_file(&ps->ex, arg, "--excludefile");
		ps->excluding = 1;
		break;
	case PS_EXCLUDE_PORTS:
		if (portlist_parse(ps->xpl, arg, svc_lookup, NULL, err) == -1)
			return msg_usage(usage, "exclude-ports: %s", err);
		break;
	case PS_TOP_PORTS:
		if (parse_num(arg, 1, TOPPORTS_MAX, &v, &errstr) == -1)
			return msg_usage(usage, "top-ports %s: %s", arg,
			    errstr);
		ps->top = (int)v;
		break;
	}
	return rc;
}

/*
 * What --probe sends probe k: the string given, or for http a HEAD
 * request naming the host as the target named it (else its address).
 */
static size_t
probe_data(uint64_t k, char *buf, size_t cap, void *arg)
{
	const struct ps *ps = arg;
	size_t ai = (size_t)(k % ((uint64_t)ps->naddrs * ps->nports) /
	    ps->nports);
	const char *name;
	char host[SK_HOSTLEN];

	if (!ps->probe_http) {
		if (ps->probe_len > cap)
			return 0;
		memcpy(buf, ps->probe, ps->probe_len);
		return ps->probe_len;
	}
	host_addr(ps, ai, host, sizeof(host), &name);
	if (name != NULL)
		snprintf(host, sizeof(host), "%s", name);
	return probe_http(host, ps->ports[k % ps->nports], buf, cap);
}

/*
 * -oG FILE, spelled as nmap spells it: to this parser, option -o with
 * the argument "G", the file being the next argument; -oG=FILE too.
 * Returns 0, or -1 with err filled.
 */
static int
og_option(struct opt_state *st, struct ps *ps, char *err)
{
	const char *a = st->arg;

	if (strcmp(a, "G") == 0) {
		if (st->ind >= st->argc) {
			snprintf(err, SK_ERRLEN, "option -oG needs a file (- "
			    "for standard output)");
			return -1;
		}
		ps->ogname = st->argv[st->ind++];
	} else if (strncmp(a, "G=", 2) == 0 && a[2] != '\0')
		ps->ogname = a + 2;
	else if (a[0] != '\0' && strchr("NXASM", a[0]) != NULL) {
		snprintf(err, SK_ERRLEN, "option -o%c: not supported: -oG "
		    "writes nmap's grepable format, -j JSON Lines", a[0]);
		return -1;
	} else {
		snprintf(err, SK_ERRLEN, "unknown option -o%.16s", a);
		return -1;
	}
	return 0;
}

/*
 * The pace and share of the scan: -c, -R, -T, -S.  Returns -1 to go on,
 * else the exit status.
 */
static int
ps_parse_pace(int c, const char *arg, struct scan_config *cfg)
{
	const char *errstr;
	char err[SK_ERRLEN];
	long long v;

	switch (c) {
	case PS_CONNS:
		if (parse_num(arg, 1, 1000000, &v, &errstr) == -1)
			return msg_usage(usage, "connections %s: %s", arg,
			    errstr);
		cfg->window = (int)v;
		break;
	case PS_RATE:
		if (parse_num(arg, 1, 10000000, &v, &errstr) == -1)
			return msg_usage(usage, "rate %s: %s", arg, errstr);
		cfg->rate = (double)v;
		break;
	case PS_RETRIES:
		if (parse_num(arg, 0, 100, &v, &errstr) == -1)
			return msg_usage(usage, "retries %s: %s", arg, errstr);
		cfg->retries = (int)v;
		break;
	case PS_SHARD:
		if (shard_parse(arg, &cfg->shard_i, &cfg->shard_n, err) == -1)
			return msg_usage(usage, "%s", err);
		break;
	}
	return -1;
}

/*
 * What the options settle once all are read: the shard from the
 * environment, the output format, the protocols, the default ports.
 * Returns -1 to go on, else the exit status.
 */
static int
ps_settle(const struct opt_state *st, int verbose, struct ps *ps,
    struct scan_config *cfg, struct portlist *pl)
{
	const char *env;
	char err[SK_ERRLEN];

	/* a job template stays the same for every index: SOCKT_SHARD */
	if (!opt_seen(st, PS_SHARD) && (env = getenv("SOCKT_SHARD")) != NULL &&
	    env[0] != '\0' && shard_parse(env, &cfg->shard_i, &cfg->shard_n,
	    err) == -1)
		return msg_usage(usage, "SOCKT_SHARD: %s", err);
	ps->all = opt_seen(st, PS_ALL);
	/* a probe is sent to read what it brings back: -b */
	ps->banner = cfg->banner = opt_seen(st, PS_BANNER) || opt_seen(st, PS_PROBE);
	if (opt_seen(st, PS_PROBE)) {
		cfg->probe_data = probe_data;
		/* the head of an HTTP reply ends with an empty line */
		cfg->banner_end = ps->probe_http ? "\r\n\r\n" : NULL;
	}
	ps->out = opt_seen(st, PS_GREP) ? OUT_GREP : opt_seen(st, PS_JSON) ? OUT_JSON :
	    OUT_TABLE;
	cfg->random = opt_seen(st, PS_RANDOM);
	ps->sort = opt_seen(st, PS_SORT);
	ps->up = opt_seen(st, PS_UP);
	if (ps->ogname != NULL && strcmp(ps->ogname, "-") == 0) {
		/* as nmap's -oG -: the grepable lines alone on stdout */
		if (ps->out != OUT_TABLE)
			return msg_usage(usage, "-oG - and -%c exclude each "
			    "other", ps->out == OUT_GREP ? 'g' : 'j');
		ps->out = OUT_NONE;
	}
	ps->verbose = verbose;
	/* -u alone is UDP only; -t with it both, TCP first (nmap -sT -sU) */
	ps->udp = opt_seen(st, PS_UDP);
	if (!ps->udp || opt_seen(st, PS_TCP))
		ps->protos[ps->nprotos++] = SCAN_TCP;
	if (ps->udp)
		ps->protos[ps->nprotos++] = SCAN_UDP;
	if (st->argc == 0 && !opt_seen(st, PS_INPUT_LIST))
		return msg_usage(usage, "missing target");
	ps->yes = opt_seen(st, PS_YES);
	if (ps->top > 0)
		ps_top_ports(ps, pl);
	/*
	 * Without -p: the common ports of each protocol scanned, or for
	 * --up those nmap's unprivileged host discovery asks.
	 */
	else if (!opt_seen(st, PS_PORTS) && (ps->up ?
	    portlist_parse(pl, "80,443", NULL, NULL, err) == -1 :
	    ((ps->protos[0] == SCAN_TCP && portlist_parse(pl,
	    portlist_default, NULL, NULL, err) == -1) || (ps->udp &&
	    portlist_parse(pl, portlist_default_udp, NULL, NULL, err) == -1))))
		return msg_usage(usage, "%s", err);
	return -1;
}

/*
 * The options into ps, cfg, no and pl, then what they settle: the output
 * format, the default ports.  Returns -1 to go on, else the exit status;
 * the targets are then st->argv[0 .. st->argc - 1].
 */
static int
ps_parse(int argc, char *argv[], struct opt_state *st, struct ps *ps,
    struct scan_config *cfg, struct net_opts *no, struct portlist *pl)
{
	struct cli cl;
	char err[SK_ERRLEN];
	int c, rc;

	cli_init(&cl, &spec, st, argc, argv);
	cl.no = no;
	cl.wait_ms = &cfg->timeout_ms;
	while ((c = cli_next(&cl, st)) != -1) {
		rc = -1;
		switch (c) {
		case CLI_EXIT:
			return cl.status;
		case PS_OG:
			/* -oG FILE, -oG=FILE: nmap's spelling */
			ps->ogname = st->arg;
			break;
		case PS_O:
			if (og_option(st, ps, err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case PS_PORTS:
			if (portlist_parse(pl, st->arg, svc_lookup, NULL,
			    err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case PS_PROBE:
			if (strcmp(st->arg, "http") == 0) {
				ps->probe_http = 1;
				break;
			}
			ps->probe_http = 0;
			if (probe_unescape(st->arg, ps->probe,
			    sizeof(ps->probe), &ps->probe_len, err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case PS_CONNS:
		case PS_RATE:
		case PS_RETRIES:
		case PS_SHARD:
			rc = ps_parse_pace(c, st->arg, cfg);
			break;
		default:
			rc = ps_parse_targets(c, st->arg, ps);
			break;
		}
		if (rc != -1)
			return rc;
	}
	return ps_settle(st, cl.verbose, ps, cfg, pl);
}

/*
 * Every target, the n operands then those of -iL files, into ps->specs
 * and parsed into *tgp (to be freed).  Returns -1 to go on, else the
 * status.
 */
static int
ps_targets(struct ps *ps, int n, char **ops, struct target **tgp)
{
	struct target *tg;
	char err[SK_ERRLEN];
	size_t i;

	for (i = 0; i < (size_t)n; i++)
		if (ps_specs_add(&ps->specs, ops[i], 0) == -1)
			goto oom;
	for (i = 0; i < ps->files.n; i++)
		if (ps_specs_add(&ps->specs, ps->files.v[i], 0) == -1)
			goto oom;
	if (ps->specs.n == 0) {
		msg_warnx("no targets: the -iL files are empty");
		return EXIT_USAGE;
	}
	if ((tg = calloc(ps->specs.n, sizeof(*tg))) == NULL)
		goto oom;
	for (i = 0; i < ps->specs.n; i++) {
		if (target_parse(ps->specs.v[i], &tg[i], err) == -1) {
			free(tg);
			return msg_usage(usage, "%s", err);
		}
	}
	*tgp = tg;
	return -1;
oom:
	msg_warn("targets");
	return EXIT_FAIL;
}

/*
 * What the scan needs beyond the command line: the source addresses of
 * -s, the window the open file limit allows, the seed of -r, the ports
 * expanded.  Returns -1 to go on, else the status.
 */
static int
ps_prepare(struct ps *ps, struct scan_config *cfg, const struct net_opts *no,
    struct portlist *pl, struct scan_addr src[2])
{
	struct timespec ts;
	char err[SK_ERRLEN];
	int clamped, has4 = 0, has6 = 0;

	if (no->src_addr != NULL) {
		if (source_resolve(no->src_addr, no, &src[0], &src[1], &has4,
		    &has6, err) == -1) {
			msg_warnx("source %s", err);
			return EXIT_FAIL;
		}
		cfg->src4 = has4 ? &src[0] : NULL;
		cfg->src6 = has6 ? &src[1] : NULL;
	}
	cfg->window = scan_fd_window(cfg->window, &clamped);
	if (clamped && ps->verbose)
		msg_warnx("window lowered to %d by the open file limit",
		    cfg->window);
	cfg->banner_ms = cfg->timeout_ms;
	if (clock_gettime(CLOCK_REALTIME, &ts) == -1) {
		/* only the seed of -r wants it: any varying value will do */
		ts.tv_sec = time(NULL);
		ts.tv_nsec = 0;
	}
	cfg->seed = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
	    ((uint64_t)getpid() << 16);
	if ((ps->xports = portlist_remove(pl, ps->xpl)) > 0 && pl->count == 0)
		return msg_usage(usage, "nothing to scan: every port is "
		    "excluded");
	if (ps->ogname != NULL && strcmp(ps->ogname, "-") == 0)
		ps->og = stdout;
	else if (ps->ogname != NULL &&
	    (ps->og = fopen(ps->ogname, "w")) == NULL) {
		msg_warn("%s", ps->ogname);
		return EXIT_FAIL;
	}
	ps->nports = pl->count;
	if ((ps->ports = calloc(ps->nports, sizeof(*ps->ports))) == NULL) {
		msg_warn("ports");
		return EXIT_FAIL;
	}
	portlist_expand(pl, ps->ports);
	return -1;
}

/* "sockt portscan ARGS", for the -oG header, before parsing moves them. */
static void
cmdline_save(char *buf, size_t len, int argc, char *argv[])
{
	size_t n;
	int i;

	n = (size_t)snprintf(buf, len, "sockt");
	for (i = 0; i < argc && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " %s", argv[i]);
}

int
cmd_portscan(int argc, char *argv[])
{
	static struct ps ps;
	static struct portlist pl, xpl;
	struct opt_state st;
	struct scan_config cfg;
	struct net_opts no;
	struct scan_addr src[2];
	struct target *tg = NULL;
	int rc;

	memset(&ps, 0, sizeof(ps));
	memset(&cfg, 0, sizeof(cfg));
	cmdline_save(ps.cmdline, sizeof(ps.cmdline), argc, argv);
	portlist_init(&pl);
	portlist_init(&xpl);
	ps.xpl = &xpl;
	net_opts_init(&no);
	cfg.timeout_ms = DEFAULT_TIMEOUT_MS;
	cfg.retries = DEFAULT_RETRIES;
	cfg.shard_n = 1;
	if ((rc = ps_parse(argc, argv, &st, &ps, &cfg, &no, &pl)) != -1 ||
	    (rc = ps_targets(&ps, st.argc, st.argv, &tg)) != -1)
		return rc;
	if ((rc = ps_prepare(&ps, &cfg, &no, &pl, src)) == -1) {
		progress_init(&ps.pg, progress_tty(), 0);
		svc_load(&ps);
		rc = portscan(&ps, &cfg, tg, (int)ps.specs.n, ps.specs.v, &no,
		    no.src_addr);
		svc_free(&ps);
	}
	ps_hosts_free(&ps.hosts);
	ps_specs_free(&ps.specs);
	ps_specs_free(&ps.files);
	exclude_free(&ps.ex);
	if (ps.og != NULL && ps.og != stdout)
		(void)fclose(ps.og);
	if (ps.track)
		hosts_free(&ps);
	free(ps.ports);
	free(tg);
	return rc;
}
