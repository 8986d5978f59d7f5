/*
 * cmd_portscan.c: sockt portscan, a TCP connect and UDP scanner.
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

#include "cli.h"
#include "clock.h"
#include "cmd.h"
#include "msg.h"
#include "net.h"
#include "num.h"
#include "opt.h"
#include "portlist.h"
#include "progress.h"
#include "scan.h"
#include "shard.h"
#include "sockt.h"
#include "target.h"

static const char usage[] =
    "usage: sockt portscan [-46abnrtuv] [-g | -j] [-c conns] [-p ports] "
    "[-s addr]\n"
    "                      [-w secs] [--rate n] [--retries n] "
    "[--shard i/n] [--sort]\n"
    "                      target ...\n";
static const char help[] =
    "  -4, -6     IPv4 or IPv6 addresses only\n"
    "  -a         list closed and filtered ports too\n"
    "  -b         show the banner an open port sends first\n"
    "  -c conns   at most conns probes in flight\n"
    "  -g         grepable output: host port state service\n"
    "  -j         JSON Lines, one object per port, then a summary\n"
    "  -n         no name lookups: targets must be addresses\n"
    "  -p ports   ports, ranges and services (22,80,8000-8100,http; - for "
    "all);\n"
    "             default: the 100 most common (-u: common UDP ones)\n"
    "  -r         probe in a random order\n"
    "  -s addr    connect from this source address\n"
    "  -t, --tcp  TCP connect scan: the default; with -u, both\n"
    "  -u, --udp  UDP scan: open, closed, filtered or open|filtered;\n"
    "             ports are then written PORT/tcp and PORT/udp\n"
    "  -v         say what names resolved to, the window, the retries\n"
    "  -w secs    wait this long for an answer (default 1)\n"
    "  --rate n   at most n probes a second\n"
    "  --retries n  send a probe that timed out again n times (default 1)\n"
    "  --shard i/n  scan only the i-th of n interleaved slices\n"
    "  --sort     print the results in order at the end\n";

#define DEFAULT_TIMEOUT_MS	1000
#define DEFAULT_RETRIES		1
#define MAX_ADDRS		65536	/* addresses in one scan */
#define TICK_MS			100	/* output flush and progress period */

enum { OUT_TABLE, OUT_GREP, OUT_JSON };

static const struct opt_long longs[] = {
	{ "rate",	1, 'R' },
	{ "retries",	1, 'T' },
	{ "shard",	1, 'S' },
	{ "sort",	0, 'O' },
	{ "tcp",	0, 't' },
	{ "udp",	0, 'u' },
	{ NULL,		0, 0 }
};

static const struct opt_excl excl[] = {
	{ "g", "j", NULL },
	{ NULL, NULL, NULL }
};

/* -a -b -g -j -r -t -u --sort are flags: opt_seen reads them */
static const struct cli_spec spec = {
	usage, help, CLI_FAMILY | CLI_NUMERIC | CLI_SOURCE | CLI_WAIT |
	    CLI_VERBOSE, "abgjrtuc:p:", longs, excl
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

struct ps {
	struct scan_addr *addrs;
	const char	**names;	/* host name per address, or NULL */
	size_t		 naddrs;
	uint16_t	*ports;
	size_t		 nports;
	int		 protos[2];	/* SCAN_TCP, SCAN_UDP */
	size_t		 nprotos;
	int		 udp;		/* -u: label every port PORT/PROTO */
	int		 out;
	int		 all;		/* -a */
	int		 banner;	/* -b */
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
 * Escape a banner for a terminal: printable ASCII as is, \\ \r \n \t, the
 * rest \xHH; in grepable output spaces too, so it stays one field.  A
 * trailing line end is dropped.
 */
static void
banner_escape(const char *b, size_t n, int grep, char *out, size_t outlen)
{
	size_t i, o = 0;
	unsigned char c;

	while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r'))
		n--;
	for (i = 0; i < n && o + 5 < outlen; i++) {
		c = (unsigned char)b[i];
		if (c == '\\' || c == '\r' || c == '\n' || c == '\t') {
			out[o++] = '\\';
			out[o++] = c == '\\' ? '\\' : c == '\r' ? 'r' :
			    c == '\n' ? 'n' : 't';
		} else if (c < 0x20 || c >= 0x7f || (grep && c == ' ')) {
			snprintf(out + o, outlen - o, "\\x%02x", c);
			o += 4;
		} else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

static void
addr_str(const struct scan_addr *a, char *buf, size_t len)
{
	int port;

	if (net_addr_str((const struct sockaddr *)&a->ss, a->len, buf, len,
	    &port) == -1)
		snprintf(buf, len, "?");
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

static void
print_one(struct ps *ps, uint64_t probe, int state, const char *banner,
    size_t blen)
{
	char host[SK_HOSTLEN], esc[SCAN_BANNER_MAX * 4 + 8], pp[16];
	const struct scan_addr *a;
	const char *name, *svc, *p, *proto;
	unsigned int port;
	size_t ai;
	int pr;

	probe_split(ps, probe, &pr, &ai, &port);
	a = &ps->addrs[ai];
	name = ps->names[ai];
	proto = pr == SCAN_UDP ? "udp" : "tcp";
	svc = pr == SCAN_UDP ? ps->svcu[port] : ps->svc[port];
	/* with -u every port says its protocol, as nmap writes 53/udp */
	if (ps->udp)
		snprintf(pp, sizeof(pp), "%u/%s", port, proto);
	else
		snprintf(pp, sizeof(pp), "%u", port);
	progress_clear(&ps->pg);
	addr_str(a, host, sizeof(host));
	banner_escape(banner, blen, ps->out == OUT_GREP, esc, sizeof(esc));
	switch (ps->out) {
	case OUT_GREP:
		printf("%s %s %s %s%s%s\n", host, pp, state_name(state),
		    svc ? svc : "-", ps->banner && esc[0] ? " " : "", esc);
		break;
	case OUT_JSON:
		printf("{\"type\":\"port\",\"host\":\"%s\",", host);
		if (name != NULL)
			printf("\"name\":\"%s\",", name);
		printf("\"port\":%u,\"proto\":\"%s\",\"state\":\"%s\","
		    "\"service\":", port, proto, state_name(state));
		if (svc != NULL)
			printf("\"%s\"", svc);
		else
			fputs("null", stdout);
		if (ps->banner && state == SCAN_OPEN) {
			/* the escaped text is ASCII; quote \ and " for JSON */
			fputs(",\"banner\":\"", stdout);
			for (p = esc; *p != '\0'; p++) {
				if (*p == '\\' || *p == '"')
					putchar('\\');
				putchar(*p);
			}
			putchar('"');
		}
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

static void
on_result(const struct scan_result *r, void *arg)
{
	struct ps *ps = arg;
	struct saved *ns;

	/* open|filtered may be a silent listener: shown like open */
	if (r->state != SCAN_OPEN && r->state != SCAN_OPENFILTERED && !ps->all)
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
	char stopped[96] = "", of[48] = "";

	if (sig > 0) {
		snprintf(stopped, sizeof(stopped), ", interrupted after %llu "
		    "of %llu probes", (unsigned long long)st->done,
		    (unsigned long long)st->total);
		fflush(stdout);
		msg_warnx("%s", stopped + 2);
	}
	if (ps->udp)
		snprintf(of, sizeof(of), ", %llu open|filtered",
		    (unsigned long long)st->openfiltered);
	if (ps->out == OUT_JSON)
		printf("{\"type\":\"summary\",\"open\":%llu,\"closed\":%llu,"
		    "\"filtered\":%llu,\"open_filtered\":%llu,"
		    "\"probes\":%llu,\"hosts\":%zu,"
		    "\"seconds\":%.3f,\"interrupted\":%s}\n",
		    (unsigned long long)st->open,
		    (unsigned long long)st->closed,
		    (unsigned long long)st->filtered,
		    (unsigned long long)st->openfiltered,
		    (unsigned long long)st->total, ps->naddrs, secs,
		    sig > 0 ? "true" : "false");
	else if (ps->out == OUT_TABLE)
		printf("%llu open, %llu closed, %llu filtered%s in %.2f s%s\n",
		    (unsigned long long)st->open,
		    (unsigned long long)st->closed,
		    (unsigned long long)st->filtered, of, secs, stopped);
	else if (ps->verbose) {
		fflush(stdout);
		msg_warnx("%llu open, %llu closed, %llu filtered%s in %.2f s%s",
		    (unsigned long long)st->open,
		    (unsigned long long)st->closed,
		    (unsigned long long)st->filtered, of, secs, stopped);
	}
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

/* Add one target's addresses; returns 0, or -1 with err (already said). */
static int
add_target(struct ps *ps, const struct target *t, const char *spec,
    const struct net_opts *no)
{
	struct addrinfo *res, *ai;
	struct scan_addr *a;
	char err[SK_ERRLEN];
	uint8_t raw[16];
	uint32_t i;

	if (t->family == AF_UNSPEC) {
		if (net_resolve(t->name, NULL, no, 0, &res, err) == -1) {
			msg_warnx("%s", err);
			return -1;
		}
		for (ai = res; ai != NULL; ai = ai->ai_next)
			if ((ai->ai_family == AF_INET ||
			    ai->ai_family == AF_INET6) &&
			    ai->ai_addrlen <= sizeof(a->ss))
				break;
		if (ai == NULL) {
			freeaddrinfo(res);
			msg_warnx("host %s: no usable address", t->name);
			return -1;
		}
		a = &ps->addrs[ps->naddrs];
		memset(a, 0, sizeof(*a));
		memcpy(&a->ss, ai->ai_addr, ai->ai_addrlen);
		a->len = (socklen_t)ai->ai_addrlen;
		ps->names[ps->naddrs++] = spec;
		if (ps->verbose) {
			char host[SK_HOSTLEN];

			addr_str(a, host, sizeof(host));
			msg_warnx("%s is %s", t->name, host);
		}
		freeaddrinfo(res);
		return 0;
	}
	if (no->family != AF_UNSPEC && no->family != t->family) {
		msg_warnx("target %s: not an %s address", spec,
		    no->family == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	for (i = 0; i < t->count; i++) {
		a = &ps->addrs[ps->naddrs];
		memset(a, 0, sizeof(*a));
		(void)target_addr(t, i, raw);
		if (t->family == AF_INET) {
			struct sockaddr_in *s4 = (struct sockaddr_in *)&a->ss;

			s4->sin_family = AF_INET;
			memcpy(&s4->sin_addr, raw, 4);
			a->len = sizeof(*s4);
		} else {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a->ss;

			s6->sin6_family = AF_INET6;
			memcpy(&s6->sin6_addr, raw, 16);
			a->len = sizeof(*s6);
		}
		ps->names[ps->naddrs++] = NULL;
	}
	return 0;
}

static int
portscan(struct ps *ps, struct scan_config *cfg, struct target *tg,
    int ntg, char **specs, const struct net_opts *no, const char *src)
{
	struct scan_stats st;
	char err[SK_ERRLEN], host[SK_HOSTLEN];
	size_t i, total = 0, w;
	int rc, sig;
	double secs;

	for (i = 0; i < (size_t)ntg; i++)
		total += tg[i].count;
	ps->addrs = calloc(total, sizeof(*ps->addrs));
	ps->names = calloc(total, sizeof(*ps->names));
	if (ps->addrs == NULL || ps->names == NULL) {
		msg_warn("targets");
		return EXIT_FAIL;
	}
	/* a target that cannot be resolved is said and skipped: the rest
	 * are still scanned, and open ports among them still count */
	for (i = 0; i < (size_t)ntg; i++)
		(void)add_target(ps, &tg[i], specs[i], no);
	if (ps->naddrs == 0)
		return EXIT_FAIL;
	for (i = 0; i < ps->naddrs; i++) {
		int fam = ps->addrs[i].ss.ss_family;

		if (src == NULL || (fam == AF_INET ? cfg->src4 : cfg->src6) !=
		    NULL)
			continue;
		addr_str(&ps->addrs[i], host, sizeof(host));
		msg_warnx("source %s: no %s address to scan %s from", src,
		    fam == AF_INET ? "IPv4" : "IPv6", host);
		return EXIT_FAIL;
	}
	ps->hostw = 4;
	for (i = 0; i < ps->naddrs; i++) {
		addr_str(&ps->addrs[i], host, sizeof(host));
		if ((w = strlen(host)) > (size_t)ps->hostw)
			ps->hostw = (int)w;
	}

	cfg->addrs = ps->addrs;
	cfg->naddrs = ps->naddrs;
	cfg->ports = ps->ports;
	cfg->nports = ps->nports;
	cfg->protos = ps->protos;
	cfg->nprotos = ps->nprotos;
	cfg->report_closed = ps->all;
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
	ps->t0 = mono_ms();
	ps_stop = 0;
	stop_signals();
	rc = scan_run(cfg, &st, err);
	/* a later signal finds the summary on its way: let it finish */
	sig = ps_stop;
	secs = (double)(mono_ms() - ps->t0) / 1000.0;
	progress_clear(&ps->pg);
	if (ps->sort) {
		qsort(ps->saved, ps->nsaved, sizeof(*ps->saved), saved_cmp);
		for (i = 0; i < ps->nsaved; i++) {
			print_one(ps, ps->saved[i].probe, ps->saved[i].state,
			    ps->saved[i].banner, ps->saved[i].blen);
			free(ps->saved[i].banner);
		}
		free(ps->saved);
		if (ps->oom)
			msg_warnx("out of memory: some results not shown");
	}
	if (rc == -1) {
		fflush(stdout);
		msg_warnx("%s", err);
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
		return EXIT_FAIL;
	}
	summary_print(ps, &st, secs, sig);
	if (sig > 0)
		return 128 + sig;
	return st.open > 0 ? EXIT_OK : EXIT_FAIL;
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
	const char *errstr;
	char err[SK_ERRLEN];
	long long v;
	int c;

	cli_init(&cl, &spec, st, argc, argv);
	cl.no = no;
	cl.wait_ms = &cfg->timeout_ms;
	while ((c = cli_next(&cl, st)) != -1) {
		switch (c) {
		case CLI_EXIT:
			return cl.status;
		case 'c':
			if (parse_num(st->arg, 1, 1000000, &v, &errstr) == -1)
				return msg_usage(usage, "connections %s: %s",
				    st->arg, errstr);
			cfg->window = (int)v;
			break;
		case 'p':
			if (portlist_parse(pl, st->arg, svc_lookup, NULL,
			    err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'R':
			if (parse_num(st->arg, 1, 10000000, &v, &errstr) == -1)
				return msg_usage(usage, "rate %s: %s", st->arg,
				    errstr);
			cfg->rate = (double)v;
			break;
		case 'T':
			if (parse_num(st->arg, 0, 100, &v, &errstr) == -1)
				return msg_usage(usage, "retries %s: %s",
				    st->arg, errstr);
			cfg->retries = (int)v;
			break;
		case 'S':
			if (shard_parse(st->arg, &cfg->shard_i, &cfg->shard_n,
			    err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		}
	}
	ps->all = opt_seen(st, 'a');
	ps->banner = cfg->banner = opt_seen(st, 'b');
	ps->out = opt_seen(st, 'g') ? OUT_GREP : opt_seen(st, 'j') ? OUT_JSON :
	    OUT_TABLE;
	cfg->random = opt_seen(st, 'r');
	ps->sort = opt_seen(st, 'O');
	ps->verbose = cl.verbose;
	/* -u alone is UDP only; -t with it both, TCP first (nmap -sT -sU) */
	ps->udp = opt_seen(st, 'u');
	if (!ps->udp || opt_seen(st, 't'))
		ps->protos[ps->nprotos++] = SCAN_TCP;
	if (ps->udp)
		ps->protos[ps->nprotos++] = SCAN_UDP;
	if (st->argc == 0)
		return msg_usage(usage, "missing target");
	/* without -p: the common ports of each protocol scanned */
	if (!opt_seen(st, 'p') && ((ps->protos[0] == SCAN_TCP &&
	    portlist_parse(pl, portlist_default, NULL, NULL, err) == -1) ||
	    (ps->udp && portlist_parse(pl, portlist_default_udp, NULL, NULL,
	    err) == -1)))
		return msg_usage(usage, "%s", err);
	return -1;
}

/*
 * Parse the n target operands into *tgp (to be freed), at most
 * MAX_ADDRS addresses in all.  Returns -1 to go on, else the status.
 */
static int
ps_targets(int n, char **specs, struct target **tgp)
{
	struct target *tg;
	char err[SK_ERRLEN];
	size_t naddr = 0;
	int i;

	if ((tg = calloc((size_t)n, sizeof(*tg))) == NULL) {
		msg_warn("targets");
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		if (target_parse(specs[i], &tg[i], err) == -1) {
			free(tg);
			return msg_usage(usage, "%s", err);
		}
		naddr += tg[i].count;
		if (naddr > MAX_ADDRS) {
			free(tg);
			return msg_usage(usage, "too many addresses: at most %d "
			    "in one scan", MAX_ADDRS);
		}
	}
	*tgp = tg;
	return -1;
}

/*
 * What the scan needs beyond the command line: the source addresses of
 * -s, the window the open file limit allows, the seed of -r, the ports
 * expanded.  Returns -1 to go on, else the status.
 */
static int
ps_prepare(struct ps *ps, struct scan_config *cfg, const struct net_opts *no,
    const struct portlist *pl, struct scan_addr src[2])
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
	ps->nports = pl->count;
	if ((ps->ports = calloc(ps->nports, sizeof(*ps->ports))) == NULL) {
		msg_warn("ports");
		return EXIT_FAIL;
	}
	portlist_expand(pl, ps->ports);
	return -1;
}

int
cmd_portscan(int argc, char *argv[])
{
	static struct ps ps;
	static struct portlist pl;
	struct opt_state st;
	struct scan_config cfg;
	struct net_opts no;
	struct scan_addr src[2];
	struct target *tg = NULL;
	int rc;

	memset(&ps, 0, sizeof(ps));
	memset(&cfg, 0, sizeof(cfg));
	portlist_init(&pl);
	net_opts_init(&no);
	cfg.timeout_ms = DEFAULT_TIMEOUT_MS;
	cfg.retries = DEFAULT_RETRIES;
	cfg.shard_n = 1;
	if ((rc = ps_parse(argc, argv, &st, &ps, &cfg, &no, &pl)) != -1 ||
	    (rc = ps_targets(st.argc, st.argv, &tg)) != -1)
		return rc;
	if ((rc = ps_prepare(&ps, &cfg, &no, &pl, src)) == -1) {
		progress_init(&ps.pg, progress_tty(), 0);
		svc_load(&ps);
		rc = portscan(&ps, &cfg, tg, st.argc, st.argv, &no,
		    no.src_addr);
		svc_free(&ps);
	}
	free(ps.addrs);
	free(ps.names);
	free(ps.ports);
	free(tg);
	return rc;
}
