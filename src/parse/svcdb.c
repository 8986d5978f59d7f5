/*
 * parse/svcdb.c: -sV's probes and patterns read into tables, and an
 * answer matched against them (parse/svcdb.h).  Pure: no I/O.
 *
 * POSIX regexec stops at a NUL, and a binary protocol's answer is full of
 * them (musl has no REG_STARTEND): so every pattern runs over the answer
 * escaped into printable text, and is itself rewritten (svc_ere) so that
 * a byte written \xHH in it finds that byte's escape.
 */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/starttls.h"
#include "parse/svcdb.h"
#include "util/base.h"
#include "util/grow.h"
#include "util/hex.h"

/* An escape's byte: \xHH, or one of \r \n \t \0 \\; -1 for none. */
static int
esc_byte(const char *s, size_t *used)
{
	static const char from[] = "rnt0\\", to[] = "\r\n\t\0\\";
	const char *c;
	int hi, lo;

	*used = 2;
	if (s[0] == 'x' && (hi = hex_digit(s[1])) >= 0 &&
	    (lo = hex_digit(s[2])) >= 0) {
		*used = 4;
		return hi << 4 | lo;
	}
	if (s[0] != '\0' && (c = strchr(from, s[0])) != NULL)
		return (unsigned char)to[c - from];
	return -1;
}

/* A payload's escapes decoded in place into *len bytes; -1: a bad one. */
static int
payload(char *s, size_t *len)
{
	size_t i = 0, o = 0, used;
	int b;

	while (s[i] != '\0') {
		if (s[i] != '\\') {
			s[o++] = s[i++];
			continue;
		}
		if ((b = esc_byte(s + i + 1, &used)) < 0)
			return -1;
		s[o++] = (char)b;
		i += used;
	}
	*len = o;
	return 0;
}

/* The next field of *s, cut at sep (NULL at the end). */
static char *
field(char **s, int sep)
{
	char *f = *s, *e;

	if (f == NULL)
		return NULL;
	if ((e = strchr(f, sep)) != NULL) {
		*e = '\0';
		*s = e + 1;
	} else
		*s = NULL;
	return f;
}

static int
num(const char *s, int lo, int hi, int *v)
{
	char *end;
	long n;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	n = strtol(s, &end, 10);
	if (*end != '\0' || n < lo || n > hi)
		return -1;
	*v = (int)n;
	return 0;
}

/* A P line (after "P "). */
static int
probe_line(struct svcdb *db, char *s, size_t *cap)
{
	struct svc_probe *p;
	char *proto, *fl;
	size_t k;

	if (GROW(db->p, db->np, *cap) == -1)
		return -1;
	p = &db->p[db->np];
	memset(p, 0, sizeof(*p));
	p->m0 = db->nm;
	p->name = field(&s, ' ');
	proto = field(&s, ' ');
	if (proto == NULL || (strcmp(proto, "tcp") != 0 &&
	    strcmp(proto, "udp") != 0) || num(field(&s, ' '), 1, 9,
	    &p->rarity) == -1 || num(field(&s, ' '), 1, 30000,
	    &p->wait_ms) == -1 || (p->ports = field(&s, ' ')) == NULL ||
	    (fl = field(&s, ' ')) == NULL)
		return -1;
	p->udp = proto[0] == 'u';
	if (strcmp(p->ports, "-") == 0)
		p->ports = "";
	for (k = 0; fl[k] != '\0' && strcmp(fl, "-") != 0; k++)
		if (fl[k] == 't')
			p->flags |= SVC_T_TLS;
		else if (fl[k] == 'h')
			p->flags |= SVC_T_HS;
		else
			return -1;
	p->data = (unsigned char *)(s != NULL ? s : "");
	if (s != NULL && payload(s, &p->len) == -1)
		return -1;
	db->np++;
	return 0;
}

/* An m or s line: tag, then the fields. */
static int
match_line(struct svcdb *db, char *tag, char *s, size_t *cap)
{
	struct svc_match *m;
	int i;

	if (db->np == 0 || GROW(db->m, db->nm, *cap) == -1)
		return -1;
	m = &db->m[db->nm];
	memset(m, 0, sizeof(*m));
	m->soft = tag[0] == 's';
	m->icase = tag[1] == 'i';
	if ((tag[0] != 's' && tag[0] != 'm') || (tag[1] != '\0' &&
	    (tag[1] != 'i' || tag[2] != '\0')))
		return -1;
	m->svc = field(&s, '\t');
	if ((m->pat = field(&s, '\t')) == NULL || *m->svc == '\0' ||
	    strlen(m->svc) >= sizeof(((struct svc_hit *)0)->svc))
		return -1;
	for (i = 0; i < 4; i++)
		m->tpl[i] = (m->tpl[i] = field(&s, '\t')) != NULL ?
		    m->tpl[i] : "";
	db->nm++;
	db->p[db->np - 1].nm++;
	return 0;
}

/* An S line (after "S "): a service, the dialogue it upgrades by. */
static int
stls_line(struct svcdb *db, char *s, size_t *cap)
{
	struct svc_stls *t;

	if (GROW(db->st, db->nst, *cap) == -1)
		return -1;
	t = &db->st[db->nst];
	t->svc = field(&s, ' ');
	if (s == NULL || (t->proto = starttls_proto(s)) < 0)
		return -1;
	db->nst++;
	return 0;
}

int
svcdb_load(struct svcdb *db, const char *text, char *err)
{
	size_t pcap = 0, mcap = 0, scap = 0, line = 0;
	char *s, *l, *tag;
	int rc;

	memset(db, 0, sizeof(*db));
	if ((db->buf = strdup(text)) == NULL) {
		snprintf(err, SK_ERRLEN, "service probes: out of memory");
		return -1;
	}
	for (s = db->buf; (l = field(&s, '\n')) != NULL; ) {
		line++;
		if (*l == '\0' || *l == '#')
			continue;
		if (l[0] == 'P' && l[1] == ' ')
			rc = probe_line(db, l + 2, &pcap);
		else if (l[0] == 'S' && l[1] == ' ')
			rc = stls_line(db, l + 2, &scap);
		else {
			tag = field(&l, '\t');
			rc = l == NULL ? -1 : match_line(db, tag, l, &mcap);
		}
		if (rc == -1) {
			snprintf(err, SK_ERRLEN, "service probes: line %zu: "
			    "not a probe or a pattern", line);
			svcdb_free(db);
			return -1;
		}
	}
	return 0;
}

void
svcdb_free(struct svcdb *db)
{
	size_t i;

	for (i = 0; i < db->nm; i++)
		if (db->m[i].state == 1)
			regfree(&db->m[i].re);
	free(db->m);
	free(db->p);
	free(db->st);
	free(db->buf);
	memset(db, 0, sizeof(*db));
}

/* Is port in the list "22,80,8000-8099"? */
int
svc_port_in(const char *ports, unsigned int port)
{
	unsigned long lo, hi;
	char *end;

	while (*ports != '\0') {
		lo = hi = strtoul(ports, &end, 10);
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		if (end == ports)
			return 0;
		if (port >= lo && port <= hi)
			return 1;
		ports = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	return 0;
}

/* n bytes of in as printable text, \xhh for the rest; its length. */
size_t
svc_escape(const unsigned char *in, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 5 < cap; i++) {
		if ((in[i] >= 0x20 && in[i] < 0x7f && in[i] != '\\') ||
		    in[i] == '\r' || in[i] == '\n' || in[i] == '\t')
			out[o++] = (char)in[i];
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x",
			    in[i]);
	}
	if (cap > 0)
		out[o] = '\0';
	return o;
}

/* A count's "m}", "m,}" or "m,n}", each at most 99. */
static int
count_ok(const char *s)
{
	char *end;

	if (!isdigit((unsigned char)*s) || strtoul(s, &end, 10) > 99)
		return 0;
	if (*end == ',' && isdigit((unsigned char)end[1]) &&
	    strtoul(end + 1, &end, 10) > 99)
		return 0;
	else if (*end == ',')
		end++;
	return *end == '}';
}

/* Room for n more bytes of the rewritten pattern. */
#define ROOM(n)	do { if (o + (n) >= cap) return -1; } while (0)

/*
 * pat rewritten as an ERE over svc_escape's text into out; gmap[N] the
 * group of its Nth.  Returns 0, or -1 (too long, a backreference, a
 * bad escape).
 */
int
svc_ere(const char *pat, char *out, size_t cap, unsigned char *gmap)
{
	static const char *const cls[][2] = {
		{ "d", "0-9" }, { "w", "A-Za-z0-9_" }, { "s", " \t\r\n" },
	};
	size_t i, o = 0, k, used;
	int b, in = 0, user = 0, real = 0, quant = 0;
	const char *add;

	memset(gmap, 0, 10);
	for (i = 0; pat[i] != '\0'; i++) {
		add = NULL;
		if (pat[i] == '[' && !in) {
			in = 1;
			ROOM(2);
			out[o++] = pat[i];
			if (pat[i + 1] == '^')
				out[o++] = pat[++i];
			if (pat[i + 1] == ']')
				out[o++] = pat[++i];
			continue;
		}
		if (pat[i] == ']' && in)
			in = 0;
		/*
		 * a quantifier on a quantifier, or a count past 99: glibc's
		 * regcomp copies the tree for each, to gigabytes
		 */
		if (!in && strchr("*+?{", pat[i]) != NULL) {
			if (quant || (pat[i] == '{' && !count_ok(pat + i + 1)))
				return -1;
			quant = 1;
		} else if (pat[i] != '}' && pat[i] != ',' &&
		    !isdigit((unsigned char)pat[i]))
			quant = 0;
		if (pat[i] == '(' && !in) {
			if (++user < 10)
				gmap[user] = (unsigned char)(real + 1);
			real++;
		}
		if (pat[i] != '\\') {
			ROOM(1);
			out[o++] = pat[i];
			continue;
		}
		i++;
		for (k = 0; k < 3 && add == NULL; k++)
			if (pat[i] == cls[k][0][0])
				add = cls[k][1];
		/* \S \P \B, outside brackets alone: bracketed already */
		if (add == NULL && !in)
			add = pat[i] == 'S' ? "[^ \t\r\n]" : pat[i] == 'P' ?
			    "[^\\]" : pat[i] == 'B' ?
			    "(\\\\x[0-9a-f][0-9a-f]|[^\\\\])" : NULL;
		/* \d \w \s bracketed outside brackets; \B is a group */
		if (add != NULL) {
			ROOM(strlen(add) + 2);
			o += (size_t)snprintf(out + o, cap - o, !in &&
			    *add != '[' && *add != '(' ? "[%s]" : "%s", add);
			real += *add == '(';
		} else if ((b = esc_byte(pat + i, &used)) >= 0) {
			i += used - 2;
			ROOM(6);
			if ((b >= 0x20 && b < 0x7f && b != '\\') || b == '\r' ||
			    b == '\n' || b == '\t') {
				if (!in && strchr(".[]()*+?{}|^$", b) != NULL)
					out[o++] = '\\';
				out[o++] = (char)b;
			} else if (in)
				return -1;
			else
				o += (size_t)snprintf(out + o, cap - o,
				    "\\\\x%02x", b);
		} else if (pat[i] == '\0' || isalnum((unsigned char)pat[i]) ||
		    in)
			return -1;
		else {
			ROOM(2);
			out[o++] = '\\';
			out[o++] = pat[i];
		}
	}
	out[o] = '\0';
	return in ? -1 : 0;
}

static int
compile(struct svc_match *m)
{
	char ere[2048];

	if (m->state == 0)
		m->state = svc_ere(m->pat, ere, sizeof(ere), m->gmap) == -1 ||
		    regcomp(&m->re, ere, REG_EXTENDED |
		    (m->icase ? REG_ICASE : 0)) != 0 ? 2 : 1;
	return m->state == 1 ? 0 : -1;
}

int
svcdb_compile(struct svcdb *db, char *err)
{
	size_t i;

	for (i = 0; i < db->nm; i++)
		if (compile(&db->m[i]) == -1) {
			snprintf(err, SK_ERRLEN, "service pattern %zu (%s): "
			    "bad: %.100s", i, db->m[i].svc, db->m[i].pat);
			return -1;
		}
	return 0;
}

/* A template expanded with text's groups (rm) into out. */
static void
expand(const char *t, const char *text, const regmatch_t *rm,
    const unsigned char *gmap, char *out)
{
	size_t o = 0;
	regoff_t k;
	int g;

	for (; *t != '\0' && o + 1 < SVC_FIELD; t++) {
		if (t[0] != '$' || t[1] < '1' || t[1] > '9') {
			out[o++] = *t;
			continue;
		}
		if ((g = gmap[*++t - '0']) >= 32)
			g = 0;
		for (k = rm[g].rm_so; g > 0 && k >= 0 && k < rm[g].rm_eo &&
		    o + 1 < SVC_FIELD; k++)
			out[o++] = text[k];
	}
	/* a version's trailing blanks or dots are nothing nmap shows */
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '.'))
		o--;
	out[o] = '\0';
}

int
svc_match(struct svcdb *db, size_t probe, const unsigned char *ans, size_t n,
    struct svc_hit *h)
{
	regmatch_t rm[32];
	struct svc_match *m;
	const struct svc_probe *p = &db->p[probe];
	char *text;
	size_t i, k;
	int found = 0, j;

	if ((text = malloc(SVC_SCAN + 8)) == NULL)
		return 0;
	(void)svc_escape(ans, n, text, SVC_SCAN + 8);
	for (i = 0; i < db->nm + p->nm && found < 2; i++) {
		/* the probe's own first, then the rest in the file's order */
		k = i < p->nm ? p->m0 + i : i - p->nm;
		if (k >= p->m0 && k < p->m0 + p->nm && i >= p->nm)
			continue;
		m = &db->m[k];
		if ((m->soft && found) || compile(m) == -1 ||
		    regexec(&m->re, text, 32, rm, 0) != 0)
			continue;
		memset(h, 0, sizeof(*h));
		h->match = (int)k;
		snprintf(h->svc, sizeof(h->svc), "%s", m->svc);
		for (j = 0; j < 4 && !m->soft; j++)
			expand(m->tpl[j], text, rm, m->gmap, h->f[j]);
		found = m->soft ? 1 : 2;
	}
	free(text);
	return found;
}

int
svc_starttls(const struct svcdb *db, const char *svc)
{
	size_t i;

	for (i = 0; i < db->nst; i++)
		if (strcmp(db->st[i].svc, svc) == 0)
			return db->st[i].proto;
	return -1;
}
