/*
 * mcast.c: multicast joins and interfaces as the command line gives them
 * (mcast.h), pure: the socket options are net/mcast_io.c's.
 *
 * socat spells a join ip-add-membership=GROUP:IF and
 * ip-add-source-membership=GROUP:IF:SOURCE, which a colon of IPv6 makes
 * ambiguous; sockt's [SOURCE>]GROUP[@IF] holds either family, and reads
 * as "from SOURCE to GROUP at IF".
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "parse/mcast.h"
#include "util/base.h"
#include "util/num.h"

#define SPEC_MAX	256	/* longer is no join anyone means */

/* The bytes that end or split an interface name, or are no part of one. */
static const char if_bad[] = "/:@>[]%";

/*
 * Is p (n bytes) digits and dots alone, with a dot and a digit: meant
 * as an IPv4 address?
 */
static int
dotted(const char *p, size_t n)
{
	size_t i;
	int dot = 0, digit = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '.')
			dot = 1;
		else if (p[i] >= '0' && p[i] <= '9')
			digit = 1;
		else
			return 0;
	}
	return dot && digit;
}

/*
 * The address literal p (n bytes, an IPv6 one possibly in brackets),
 * what names it in err ("group", "source").  Returns 0 with *af and out
 * (4 or 16 bytes) set, or -1 with err filled.
 */
static int
lit_parse(const char *p, size_t n, const char *what, int *af,
    unsigned char *out, char *err)
{
	char buf[INET6_ADDRSTRLEN];
	int brackets = 0;

	if (n >= 2 && p[0] == '[' && p[n - 1] == ']') {
		p++;
		n -= 2;
		brackets = 1;
	}
	if (n == 0) {
		snprintf(err, SK_ERRLEN, "empty %s", what);
		return -1;
	}
	if (memchr(p, '%', n) != NULL) {
		snprintf(err, SK_ERRLEN, "%s %.*s: a zone is no part of a group; "
		    "give the interface after @", what, (int)(n > 64 ? 64 : n),
		    p);
		return -1;
	}
	if (n < sizeof(buf)) {
		memcpy(buf, p, n);
		buf[n] = '\0';
		if (!brackets && inet_pton(AF_INET, buf, out) == 1) {
			*af = AF_INET;
			return 0;
		}
		if (inet_pton(AF_INET6, buf, out) == 1) {
			*af = AF_INET6;
			return 0;
		}
	}
	snprintf(err, SK_ERRLEN, "%s %.*s: not an IPv%s address", what,
	    (int)(n > 64 ? 64 : n), p, brackets ? "6" : "4 or IPv6");
	return -1;
}

int
mcast_is_group(int af, const unsigned char *a)
{
	if (af == AF_INET)
		return (a[0] & 0xf0) == 0xe0;	/* 224.0.0.0/4 */
	return af == AF_INET6 && a[0] == 0xff;	/* ff00::/8 */
}

/* Is a (of family af) an address no datagram comes from: 0, ::? */
static int
unspecified(int af, const unsigned char *a)
{
	static const unsigned char zero[16];

	return memcmp(a, zero, af == AF_INET ? 4 : 16) == 0;
}

int
mcast_if_parse(const char *s, size_t n, struct mcast_if *ifc, char *err)
{
	char buf[MCAST_IFNAMELEN];
	const char *errstr;
	long long v;
	size_t i;
	int w = (int)(n > 64 ? 64 : n);

	memset(ifc, 0, sizeof(*ifc));
	if (n == 0) {
		snprintf(err, SK_ERRLEN, "empty interface");
		return -1;
	}
	if (memchr(s, ':', n) != NULL && n < INET6_ADDRSTRLEN) {
		unsigned char a6[16];
		char a[INET6_ADDRSTRLEN];

		memcpy(a, s, n);
		a[n] = '\0';
		if (inet_pton(AF_INET6, a, a6) == 1) {
			snprintf(err, SK_ERRLEN, "interface %s: an IPv6 address "
			    "names no interface; give its name or index", a);
			return -1;
		}
	}
	if (dotted(s, n)) {
		if (n < INET_ADDRSTRLEN) {
			char a[INET_ADDRSTRLEN];

			memcpy(a, s, n);
			a[n] = '\0';
			if (inet_pton(AF_INET, a, ifc->addr) == 1) {
				ifc->kind = MCAST_IF_ADDR;
				return 0;
			}
		}
		snprintf(err, SK_ERRLEN, "interface %.*s: not an IPv4 address",
		    w, s);
		return -1;
	}
	if (n >= sizeof(buf)) {
		snprintf(err, SK_ERRLEN, "interface %.*s: a name is %d bytes at "
		    "most", w, s, MCAST_IFNAMELEN - 1);
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strspn(buf, "0123456789") == n) {
		if (parse_num(buf, 1, 0xffffffffLL, &v, &errstr) == -1) {
			snprintf(err, SK_ERRLEN, "interface index %s: %s", buf,
			    errstr);
			return -1;
		}
		ifc->kind = MCAST_IF_INDEX;
		ifc->index = (unsigned int)v;
		return 0;
	}
	/* the names Linux takes: no '/', ':' or white space, not . or .. */
	for (i = 0; i < n; i++)
		if ((unsigned char)buf[i] <= ' ' || buf[i] == 0x7f ||
		    strchr(if_bad, buf[i]) != NULL)
			break;
	if (i < n || strcmp(buf, ".") == 0 || strcmp(buf, "..") == 0) {
		snprintf(err, SK_ERRLEN, "interface %.*s: not an interface name",
		    w, s);
		return -1;
	}
	ifc->kind = MCAST_IF_NAME;
	memcpy(ifc->name, buf, n + 1);
	return 0;
}

/* m->label: [SOURCE>]GROUP[@IF], the addresses as inet_ntop writes them. */
static void
label_make(struct mcast_spec *m)
{
	char g[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN], i[INET6_ADDRSTRLEN];

	if (inet_ntop(m->family, m->group, g, sizeof(g)) == NULL)
		snprintf(g, sizeof(g), "?");
	s[0] = '\0';
	if (m->has_source && inet_ntop(m->family, m->source, s,
	    sizeof(s)) == NULL)
		snprintf(s, sizeof(s), "?");
	switch (m->ifc.kind) {
	case MCAST_IF_ADDR:
		if (inet_ntop(AF_INET, m->ifc.addr, i, sizeof(i)) == NULL)
			snprintf(i, sizeof(i), "?");
		break;
	case MCAST_IF_NAME:
		snprintf(i, sizeof(i), "%s", m->ifc.name);
		break;
	case MCAST_IF_INDEX:
		snprintf(i, sizeof(i), "%u", m->ifc.index);
		break;
	default:
		i[0] = '\0';
		break;
	}
	snprintf(m->label, sizeof(m->label), "%s%s%s%s%s", s,
	    m->has_source ? ">" : "", g, i[0] != '\0' ? "@" : "", i);
}

int
mcast_parse(const char *s, struct mcast_spec *m, char *err)
{
	const char *gt, *at, *g, *end;
	char what[INET6_ADDRSTRLEN];
	size_t n = strlen(s);
	int saf;

	memset(m, 0, sizeof(*m));
	if (n == 0) {
		snprintf(err, SK_ERRLEN, "empty group");
		return -1;
	}
	if (n > SPEC_MAX) {
		snprintf(err, SK_ERRLEN, "longer than %d bytes", SPEC_MAX);
		return -1;
	}
	end = s + n;
	gt = strchr(s, '>');
	if (gt != NULL && strchr(gt + 1, '>') != NULL) {
		snprintf(err, SK_ERRLEN, "more than one '>': one source at most");
		return -1;
	}
	g = gt != NULL ? gt + 1 : s;
	at = strchr(s, '@');
	if (at != NULL && (at < g || strchr(at + 1, '@') != NULL)) {
		snprintf(err, SK_ERRLEN, "one @interface, after the group: "
		    "[source>]group[@if]");
		return -1;
	}
	if (lit_parse(g, (size_t)((at != NULL ? at : end) - g), "group",
	    &m->family, m->group, err) == -1)
		return -1;
	if (!mcast_is_group(m->family, m->group)) {
		if (inet_ntop(m->family, m->group, what, sizeof(what)) == NULL)
			snprintf(what, sizeof(what), "?");
		snprintf(err, SK_ERRLEN, "group %s: not a multicast address "
		    "(%s)", what, m->family == AF_INET ? "224.0.0.0/4" :
		    "ff00::/8");
		return -1;
	}
	if (gt != NULL) {
		if (lit_parse(s, (size_t)(gt - s), "source", &saf, m->source,
		    err) == -1)
			return -1;
		if (inet_ntop(saf, m->source, what, sizeof(what)) == NULL)
			snprintf(what, sizeof(what), "?");
		if (saf != m->family) {
			snprintf(err, SK_ERRLEN, "source %s: an IPv%c address "
			    "for an IPv%c group", what, saf == AF_INET ? '4' :
			    '6', m->family == AF_INET ? '4' : '6');
			return -1;
		}
		if (mcast_is_group(saf, m->source) ||
		    unspecified(saf, m->source)) {
			snprintf(err, SK_ERRLEN, "source %s: not a unicast "
			    "address", what);
			return -1;
		}
		m->has_source = 1;
	}
	if (at != NULL) {
		if (mcast_if_parse(at + 1, (size_t)(end - at - 1), &m->ifc,
		    err) == -1)
			return -1;
		if (m->family == AF_INET6 && m->ifc.kind == MCAST_IF_ADDR) {
			snprintf(err, SK_ERRLEN, "interface %s: an IPv6 group's "
			    "interface is a name or an index", at + 1);
			return -1;
		}
	}
	label_make(m);
	return 0;
}

int
mcast_check_listen(const struct mcast_spec *v, size_t n, int family,
    const char *host, char *err)
{
	unsigned char a[16];
	size_t i;
	int haf = 0;

	if (host != NULL && host[0] != '\0') {
		if (inet_pton(AF_INET, host, a) == 1)
			haf = AF_INET;
		else if (inet_pton(AF_INET6, host, a) == 1)
			haf = AF_INET6;
	}
	for (i = 0; i < n; i++) {
		if (family != 0 && family != v[i].family) {
			snprintf(err, SK_ERRLEN, "%s: an IPv%c group, but %s was "
			    "given", v[i].label, v[i].family == AF_INET ? '4' :
			    '6', family == AF_INET ? "-4" : "-6");
			return -1;
		}
		/* a name, or every address: the socket will tell */
		if (haf == 0 || (unspecified(haf, a) &&
		    (haf == AF_INET6 || v[i].family == AF_INET)))
			continue;
		if (haf != v[i].family) {
			snprintf(err, SK_ERRLEN, "%s: an IPv%c group, but the "
			    "address listened on, %s, is IPv%c", v[i].label,
			    v[i].family == AF_INET ? '4' : '6', host,
			    haf == AF_INET ? '4' : '6');
			return -1;
		}
		if (memcmp(a, v[i].group, haf == AF_INET ? 4 : 16) != 0) {
			snprintf(err, SK_ERRLEN, "%s: the address listened on, "
			    "%s, takes no datagram sent to the group (give no "
			    "address, or the group's)", v[i].label, host);
			return -1;
		}
	}
	return 0;
}
