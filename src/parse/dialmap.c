/*
 * dialmap.c: --resolve and --connect-to, read and applied (dialmap.h).
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/dialmap.h"
#include "util/base.h"

/*
 * One host part at *s, up to ':' (or a bracketed IPv6 literal, kept
 * without its brackets), into buf.  Moves *s past the ':' that ends it,
 * which must be there when colon is set.  0, or -1 with err.
 */
static int
host_part(const char **s, int colon, char *buf, size_t cap, const char *what,
    char *err)
{
	const char *p = *s, *e;
	size_t n;

	if (*p == '[') {
		if ((e = strchr(p, ']')) == NULL) {
			snprintf(err, SK_ERRLEN, "%s: missing ']'", what);
			return -1;
		}
		p++;
		n = (size_t)(e - p);
		e++;
	} else {
		e = p + strcspn(p, ":");
		n = (size_t)(e - p);
	}
	if (n >= cap) {
		snprintf(err, SK_ERRLEN, "%s: too long", what);
		return -1;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (strspn(buf, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-_:%*") != n) {
		snprintf(err, SK_ERRLEN, "%s %.64s: not a host name or address",
		    what, buf);
		return -1;
	}
	if (colon) {
		if (*e != ':') {
			snprintf(err, SK_ERRLEN, "%s: a ':' must follow it",
			    what);
			return -1;
		}
		e++;
	}
	*s = e;
	return 0;
}

/* A port part at *s up to ':' or the end: 1-65535, or empty (0) when
 * empty_ok.  Moves *s past it.  0, or -1 with err. */
static int
port_part(const char **s, int empty_ok, int *port, const char *what,
    char *err)
{
	const char *p = *s;
	long v = 0;

	if (*p == ':' || *p == '\0') {
		if (!empty_ok) {
			snprintf(err, SK_ERRLEN, "%s: missing", what);
			return -1;
		}
		*port = 0;
		return 0;
	}
	while (*p >= '0' && *p <= '9') {
		if (v <= 65535)
			v = v * 10 + (*p - '0');
		p++;
	}
	if ((*p != ':' && *p != '\0') || v < 1 || v > 65535) {
		snprintf(err, SK_ERRLEN, "%s %.*s: not a port (1-65535)", what,
		    (int)strcspn(*s, ":"), *s);
		return -1;
	}
	*port = (int)v;
	*s = p;
	return 0;
}

/* Is a (n bytes) an IPv4 or IPv6 address literal?  Into out, bare. */
static int
addr_literal(const char *a, size_t n, char *out, size_t cap)
{
	unsigned char bin[16];
	char tmp[DIALMAP_ADDRLEN];

	if (n >= 2 && a[0] == '[' && a[n - 1] == ']') {
		a++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(tmp) || n >= cap)
		return 0;
	memcpy(tmp, a, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, bin) != 1 &&
	    inet_pton(AF_INET6, tmp, bin) != 1)
		return 0;
	memcpy(out, tmp, n + 1);
	return 1;
}

int
dialmap_resolve_add(struct dialmap *m, const char *arg, char *err)
{
	struct dialmap_resolve e;
	const char *s = arg, *a;
	size_t n;
	int i, drop;

	memset(&e, 0, sizeof(e));
	if (*s == '+')
		s++;
	drop = *s == '-';
	s += drop;
	if (host_part(&s, 1, e.host, sizeof(e.host), "host", err) == -1)
		return -1;
	if (e.host[0] == '\0') {
		snprintf(err, SK_ERRLEN, "host: missing (* for any)");
		return -1;
	}
	if (strcmp(e.host, "*") == 0)
		e.host[0] = '\0';
	else if (strchr(e.host, '*') != NULL) {
		snprintf(err, SK_ERRLEN, "host %.64s: * stands alone, for any",
		    e.host);
		return -1;
	}
	if (port_part(&s, 0, &e.port, "port", err) == -1)
		return -1;
	/* -HOST:PORT drops its entry, as from curl's DNS cache; none: 0 */
	for (i = 0; drop && *s == '\0' && i < m->nres; i++)
		if (m->res[i].port == e.port &&
		    strcasecmp(m->res[i].host, e.host) == 0)
			m->res[i--] = m->res[--m->nres];
	if (drop && *s == '\0')
		return 0;
	if (drop || *s != ':' || s[1] == '\0') {
		snprintf(err, SK_ERRLEN, "missing the addresses (HOST:PORT:"
		    "ADDR[,ADDR]...)");
		return -1;
	}
	for (s++; *s != '\0'; s = *a == ',' ? a + 1 : a) {
		a = s + strcspn(s, ",");
		n = (size_t)(a - s);
		if (e.naddr == DIALMAP_ADDRS) {
			snprintf(err, SK_ERRLEN, "more than %d addresses",
			    DIALMAP_ADDRS);
			return -1;
		}
		if (!addr_literal(s, n, e.addr[e.naddr], DIALMAP_ADDRLEN)) {
			snprintf(err, SK_ERRLEN, "address %.*s: not an IPv4 "
			    "or IPv6 address", (int)(n < 64 ? n : 64), s);
			return -1;
		}
		e.naddr++;
		if (*a == ',' && a[1] == '\0') {
			snprintf(err, SK_ERRLEN, "an empty address after ','");
			return -1;
		}
	}
	/* the same host and port again: the new one stands */
	for (i = 0; i < m->nres; i++)
		if (m->res[i].port == e.port &&
		    strcasecmp(m->res[i].host, e.host) == 0) {
			m->res[i] = e;
			return 0;
		}
	if (m->nres == DIALMAP_MAX) {
		snprintf(err, SK_ERRLEN, "more than %d --resolve", DIALMAP_MAX);
		return -1;
	}
	m->res[m->nres++] = e;
	return 0;
}

int
dialmap_connto_add(struct dialmap *m, const char *arg, char *err)
{
	struct dialmap_connto e;
	const char *s = arg;

	memset(&e, 0, sizeof(e));
	if (host_part(&s, 1, e.host1, sizeof(e.host1), "the first host",
	    err) == -1 ||
	    port_part(&s, 1, &e.port1, "the first port", err) == -1)
		return -1;
	if (*s++ != ':') {
		snprintf(err, SK_ERRLEN, "expected HOST1:PORT1:HOST2:PORT2");
		return -1;
	}
	if (host_part(&s, 1, e.host2, sizeof(e.host2), "the second host",
	    err) == -1 ||
	    port_part(&s, 1, &e.port2, "the second port", err) == -1)
		return -1;
	if (*s != '\0') {
		snprintf(err, SK_ERRLEN, "expected HOST1:PORT1:HOST2:PORT2, "
		    "not more");
		return -1;
	}
	if (strchr(e.host1, '*') != NULL || strchr(e.host2, '*') != NULL) {
		snprintf(err, SK_ERRLEN, "an empty host, not *, matches any");
		return -1;
	}
	if (m->nct == DIALMAP_MAX) {
		snprintf(err, SK_ERRLEN, "more than %d --connect-to",
		    DIALMAP_MAX);
		return -1;
	}
	m->ct[m->nct++] = e;
	return 0;
}

const struct dialmap_connto *
dialmap_connto(const struct dialmap *m, const char *host, int port)
{
	const struct dialmap_connto *c;

	for (c = m->ct; c < m->ct + m->nct; c++)
		if ((c->host1[0] == '\0' || strcasecmp(c->host1, host) == 0) &&
		    (c->port1 == 0 || c->port1 == port) &&
		    (c->host2[0] != '\0' || c->port2 != 0))
			return c;
	return NULL;
}

const struct dialmap_resolve *
dialmap_route(const struct dialmap *m, const char *host, int port,
    int connto, char *to_host, size_t cap, int *to_port)
{
	const struct dialmap_resolve *any = NULL;
	const struct dialmap_connto *c;
	int i;

	snprintf(to_host, cap, "%s", host);
	*to_port = port;
	if (connto && (c = dialmap_connto(m, host, port)) != NULL) {
		if (c->host2[0] != '\0')
			snprintf(to_host, cap, "%s", c->host2);
		if (c->port2 != 0)
			*to_port = c->port2;
	}
	for (i = 0; i < m->nres; i++) {
		if (m->res[i].port != *to_port)
			continue;
		if (m->res[i].host[0] == '\0')
			any = &m->res[i];
		else if (strcasecmp(m->res[i].host, to_host) == 0)
			return &m->res[i];
	}
	return any;
}
