/*
 * nmapfmt.c: nmap's XML (-oX) and normal (-oN) output formats, pure
 * (no I/O): parse/nmapfmt.h.  The layout is nmap 7's, element for
 * element, so that a reader of nmap's files finds every field where it
 * looks: a host's <extraports> before its <port>s, as nmap.dtd orders
 * them, the start and end of the run as seconds and as ctime's words.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/grepable.h"
#include "parse/nmapfmt.h"
#include "parse/svcrec.h"

#define ATTR_MAX	4096	/* an escaped value, cut past this */

/* snprintf's result as this file's: the length, or 0 and "" if cut */
#define fit	gr_fit

size_t
nx_attr(char *buf, size_t cap, const char *s)
{
	const char *e;
	size_t n = 0, l;
	unsigned char c;

	if (cap == 0)
		return 0;
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		e = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" :
		    c == '"' ? "&quot;" : c == '\'' ? "&apos;" :
		    /* "--" may not be in a comment: nmap's way out of it */
		    c == '-' && s[1] == '-' ? "-&#45;" : NULL;
		l = e != NULL ? strlen(e) : 1;
		if (n + l >= cap)
			return fit(buf, cap, -1);
		if (e != NULL) {
			memcpy(buf + n, e, l);
			if (c == '-')
				s++;
		} else
			/* XML 1.0 has no control bytes; UTF-8 is not ours to
			 * check */
			buf[n] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
		n += l;
	}
	buf[n] = '\0';
	return n;
}

/* s escaped into out[cap] (cap <= ATTR_MAX), cut if longer; returns
 * out. */
static const char *
esc(const char *s, char *out, size_t cap)
{
	char tmp[ATTR_MAX];
	size_t n = strlen(s);

	if (nx_attr(out, cap, s) > 0 || *s == '\0')
		return out;
	/* too long: the most of it that fits, each byte at worst 6 */
	n = n > (cap - 1) / 6 ? (cap - 1) / 6 : n;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	(void)nx_attr(out, cap, tmp);
	return out;
}

/* w more bytes written at buf + *n: counted, or -1 if they did not fit. */
static int
add(size_t cap, size_t *n, int w)
{
	if (w < 0 || (size_t)w >= cap - *n)
		return -1;
	*n += (size_t)w;
	return 0;
}

size_t
nx_services(char *buf, size_t cap, const uint16_t *ports, size_t n)
{
	size_t i, j, len = 0;
	int w;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < n; i = j + 1) {
		for (j = i; j + 1 < n && ports[j + 1] == ports[j] + 1; j++)
			;
		if (j == i)
			w = snprintf(buf + len, cap - len, "%s%u",
			    i > 0 ? "," : "", ports[i]);
		else
			w = snprintf(buf + len, cap - len, "%s%u-%u",
			    i > 0 ? "," : "", ports[i], ports[j]);
		if (add(cap, &len, w) == -1)
			return fit(buf, cap, -1);
	}
	return len;
}

/* One <scaninfo> element. */
static int
scaninfo(char *buf, size_t cap, const struct nx_run *r, const char *type,
    const char *proto, const char *svc)
{
	return snprintf(buf, cap, "<scaninfo type=\"%s\" protocol=\"%s\" "
	    "numservices=\"%lu\" services=\"%s\"/>\n", type, proto,
	    r->nservices, svc);
}

size_t
nx_begin(char *buf, size_t cap, const struct nx_run *r)
{
	static char args[ATTR_MAX], svc[ATTR_MAX];
	size_t n = 0;

	if (cap == 0)
		return 0;
	(void)esc(r->args, args, sizeof(args));
	(void)esc(r->services, svc, sizeof(svc));
	if (add(cap, &n, snprintf(buf, cap, "<?xml version=\"1.0\" "
	    "encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n"
	    "<!-- sockt %s scan initiated %s as: %s -->\n"
	    "<nmaprun scanner=\"sockt\" args=\"%s\" start=\"%lld\" "
	    "startstr=\"%s\" version=\"%s\" xmloutputversion=\"1.05\">\n",
	    r->version, r->startstr, args, args, r->start, r->startstr,
	    r->version)) == -1 ||
	    (r->tcp && add(cap, &n, scaninfo(buf + n, cap - n, r, r->type,
	    "tcp", svc)) == -1) ||
	    /* nmap's -sU scan is type udp whatever the TCP scan is */
	    (r->udp && add(cap, &n, scaninfo(buf + n, cap - n, r, "udp",
	    "udp", svc)) == -1) ||
	    add(cap, &n, snprintf(buf + n, cap - n, "<verbose level=\"%d\"/>\n"
	    "<debugging level=\"0\"/>\n", r->verbose)) == -1)
		return fit(buf, cap, -1);
	return n;
}

size_t
nx_host_begin(char *buf, size_t cap, const struct nx_host *h)
{
	char name[ATTR_MAX], reason[64], hn[ATTR_MAX + 64] = "";

	if (h->name != NULL && h->name[0] != '\0')
		snprintf(hn, sizeof(hn), "<hostname name=\"%s\" type=\"user\"/>"
		    "\n", esc(h->name, name, sizeof(name)));
	return fit(buf, cap, snprintf(buf, cap, "<host starttime=\"%lld\" "
	    "endtime=\"%lld\"%s><status state=\"%s\" reason=\"%s\" "
	    "reason_ttl=\"0\"/>\n<address addr=\"%s\" addrtype=\"%s\"/>\n"
	    "<hostnames>\n%s</hostnames>\n%s", h->start, h->end,
	    h->timedout ? " timedout=\"true\"" : "",
	    h->up ? "up" : "down", esc(h->reason, reason, sizeof(reason)),
	    h->addr, h->v6 ? "ipv6" : "ipv4", hn,
	    h->up && !h->timedout && !h->ping ? "<ports>" : ""));
}

size_t
nx_extraports(char *buf, size_t cap, const char *state, uint64_t count)
{
	return fit(buf, cap, snprintf(buf, cap, "<extraports state=\"%s\" "
	    "count=\"%llu\">\n", state, (unsigned long long)count));
}

size_t
nx_extrareason(char *buf, size_t cap, const char *reason, uint64_t count,
    int udp)
{
	return fit(buf, cap, snprintf(buf, cap, "<extrareasons reason=\"%s\" "
	    "count=\"%llu\" proto=\"%s\"/>\n", reason,
	    (unsigned long long)count, udp ? "udp" : "tcp"));
}

size_t
nx_extraports_end(char *buf, size_t cap)
{
	return fit(buf, cap, snprintf(buf, cap, "</extraports>\n"));
}

/*
 * -sV's <service>, its attributes in nmap's order, and a <cpe> for each
 * of its CPEs.
 */
static void
nx_service(char *buf, size_t cap, const char *const *f)
{
	/* nmap's attributes, no more (cert and STARTTLS are -j's) */
	static const char *const key[SR_CONF + 1] = { "name", "product",
	    "version", "extrainfo", NULL, "tunnel", "method", "conf" };
	static const int order[] = { SR_SVC, SR_PRODUCT, SR_VERSION, SR_INFO,
	    SR_TUNNEL, SR_METHOD, SR_CONF };
	char s[512];
	size_t n = 0, i;
	const char *c, *e;

	n += (size_t)snprintf(buf, cap, "<service");
	for (i = 0; i < sizeof(order) / sizeof(order[0]) && n < cap; i++)
		if (*f[order[i]] != '\0')
			n += (size_t)snprintf(buf + n, cap - n, " %s=\"%s\"",
			    key[order[i]], esc(f[order[i]], s, sizeof(s)));
	if (n < cap)
		n += (size_t)snprintf(buf + n, cap - n, *f[SR_CPE] != '\0' ?
		    ">" : "/>");
	for (c = f[SR_CPE]; *c != '\0' && n < cap; c = *e != '\0' ? e + 1 :
	    e) {
		e = c + strcspn(c, " ");
		n += (size_t)snprintf(buf + n, cap - n, "<cpe>%.*s</cpe>",
		    (int)(e - c), c);
	}
	if (*f[SR_CPE] != '\0' && n < cap)
		snprintf(buf + n, cap - n, "</service>");
}

size_t
nx_port(char *buf, size_t cap, const struct nx_port *p)
{
	char svc[ATTR_MAX + 64] = "", s[ATTR_MAX];

	if (p->sv != NULL)
		nx_service(svc, sizeof(svc), p->sv);
	else if (p->service != NULL)
		snprintf(svc, sizeof(svc), "<service name=\"%s\" "
		    "method=\"table\" conf=\"3\"/>", esc(p->service, s,
		    sizeof(s)));
	return fit(buf, cap, snprintf(buf, cap, "<port protocol=\"%s\" "
	    "portid=\"%u\"><state state=\"%s\" reason=\"%s\" "
	    "reason_ttl=\"%d\"/>%s</port>\n", p->udp ? "udp" : "tcp", p->port,
	    p->state, p->reason, p->ttl, svc));
}

size_t
nx_host_end(char *buf, size_t cap, int up)
{
	return fit(buf, cap, snprintf(buf, cap, "%s</host>\n", up ?
	    "</ports>\n" : ""));
}

size_t
nx_end(char *buf, size_t cap, const struct gr_done *d, long long end)
{
	char note[ATTR_MAX];

	return fit(buf, cap, snprintf(buf, cap, "<runstats><finished "
	    "time=\"%lld\" timestr=\"%s\" summary=\"%s done at %s; %llu IP "
	    "address%s (%llu host%s up) scanned in %.2f seconds%s%s\" "
	    "elapsed=\"%.2f\" exit=\"success\"/><hosts up=\"%llu\" "
	    "down=\"%llu\" total=\"%llu\"/>\n</runstats>\n</nmaprun>\n",
	    end, d->when, d->tool, d->when, (unsigned long long)d->naddrs,
	    d->naddrs == 1 ? "" : "es", (unsigned long long)d->nup,
	    d->nup == 1 ? "" : "s", d->secs, d->note != NULL ? ", " : "",
	    d->note != NULL ? esc(d->note, note, sizeof(note)) : "", d->secs,
	    (unsigned long long)d->nup,
	    (unsigned long long)(d->naddrs - d->nup),
	    (unsigned long long)d->naddrs));
}

/* s for a line of normal output: no control byte ends the line early. */
static const char *
flat(const char *s, char *out, size_t cap)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < cap; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' :
		    s[i];
	out[i] = '\0';
	return out;
}

/* "who" as nmap says a host: "NAME (ADDR)", or ADDR, into who[cap]. */
static const char *
host_who(const struct nx_host *h, char *who, size_t cap)
{
	char name[ATTR_MAX];

	if (h->name != NULL && h->name[0] != '\0')
		snprintf(who, cap, "%s (%s)", flat(h->name, name,
		    sizeof(name)), h->addr);
	else
		snprintf(who, cap, "%s", h->addr);
	return who;
}

size_t
nn_host(char *buf, size_t cap, const struct nx_host *h, int reason)
{
	char who[ATTR_MAX + 80], why[96] = "";

	(void)host_who(h, who, sizeof(who));
	if (!h->up)
		return fit(buf, cap, snprintf(buf, cap, "Nmap scan report for "
		    "%s [host down%s%s]\n", who, reason ? ", received " : "",
		    reason ? h->reason : ""));
	if (reason)
		snprintf(why, sizeof(why), ", received %s", h->reason);
	return fit(buf, cap, snprintf(buf, cap, "Nmap scan report for %s\n"
	    "Host is up%s.\n", who, why));
}

size_t
nn_all_ignored(char *buf, size_t cap, const struct nx_host *h, uint64_t n)
{
	char who[ATTR_MAX + 80];

	return fit(buf, cap, snprintf(buf, cap, "All %llu scanned ports on %s "
	    "are in ignored states.\n", (unsigned long long)n,
	    host_who(h, who, sizeof(who))));
}

size_t
nn_not_shown(char *buf, size_t cap, uint64_t count, const char *state,
    const char *proto, const char *reason)
{
	return fit(buf, cap, snprintf(buf, cap, "Not shown: %llu %s %s "
	    "port%s (%s)\n", (unsigned long long)count, state, proto,
	    count == 1 ? "" : "s", reason));
}

/* "PORT/PROTO" of p into buf[16]. */
static int
port_text(char *buf, const struct nx_port *p)
{
	return snprintf(buf, 16, "%u/%s", p->port, p->udp ? "udp" : "tcp");
}

void
nn_widen(struct nn_cols *c, const struct nx_port *p)
{
	char pt[80];
	int n;

	if (c->port < 4)
		c->port = 4;
	if (c->state < 5)
		c->state = 5;
	if (c->service < 7)
		c->service = 7;
	if ((n = port_text(pt, p)) > c->port)
		c->port = n;
	if ((n = (int)strlen(p->state)) > c->state)
		c->state = n;
	n = p->service != NULL ? (int)strlen(p->service) : 7;
	if (p->sv != NULL)
		n = (int)svcrec_service(p->sv, pt, sizeof(pt) - 1);
	if (p->sv != NULL && n == 0)
		n = 15;
	if (n > c->service)
		c->service = n > 64 ? 64 : n;
}

size_t
nn_head(char *buf, size_t cap, const struct nn_cols *c, int reason)
{
	if (c->version)
		return fit(buf, cap, snprintf(buf, cap, "%-*s %-*s %-*s %-*s"
		    "VERSION\n", c->port, "PORT", c->state, "STATE", c->service,
		    "SERVICE", reason ? 16 : 0, reason ? "REASON" : ""));
	if (!reason)
		return fit(buf, cap, snprintf(buf, cap, "%-*s %-*s SERVICE\n",
		    c->port, "PORT", c->state, "STATE"));
	return fit(buf, cap, snprintf(buf, cap, "%-*s %-*s %-*s REASON\n",
	    c->port, "PORT", c->state, "STATE", c->service, "SERVICE"));
}

size_t
nn_port(char *buf, size_t cap, const struct nn_cols *c,
    const struct nx_port *p, int reason)
{
	char pt[16], svc[80], ver[4 * 96 + 8];

	(void)port_text(pt, p);
	(void)flat(p->service != NULL ? p->service : "unknown", svc, 65);
	if (p->sv != NULL) {
		(void)svcrec_service(p->sv, svc, 65);
		(void)svcrec_version(p->sv, ver, sizeof(ver));
		return fit(buf, cap, snprintf(buf, cap, "%-*s %-*s %-*s "
		    "%-*s%s\n", c->port, pt, c->state, p->state, c->service,
		    svc, reason ? 16 : 0, reason ? p->reason : "", ver));
	}
	if (!reason)
		return fit(buf, cap, snprintf(buf, cap, "%-*s %-*s %s\n",
		    c->port, pt, c->state, p->state, svc));
	return fit(buf, cap, snprintf(buf, cap, "%-*s %-*s %-*s %s\n",
	    c->port, pt, c->state, p->state, c->service, svc, p->reason));
}
