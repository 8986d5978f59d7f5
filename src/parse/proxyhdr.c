/*
 * proxyhdr.c: the PROXY protocol header, versions 1 and 2, read and
 * built; pure (no I/O), so the unit tests and the fuzzer link it alone.
 * proxyhdr.h states the contract and what is refused.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "parse/proxyhdr.h"
#include "util/base.h"

#define V1_PREFIX	"PROXY "
#define V2_SIGLEN	12
#define UNIX_PATHLEN	108	/* each path of v2's AF_UNIX block */

static const unsigned char v2sig[V2_SIGLEN] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

/* v2: what the address block of family fam (PROXY command) must hold */
static const size_t v2_addrlen[4] = { 0, 12, 36, 2 * UNIX_PATHLEN };

/*
 * A v1 IPv4 address, s[0..n): four decimal numbers of 0 to 255 without
 * leading zeros, parted by single dots.  Returns 0 with it in a, or -1.
 */
static int
v1_ipv4(const char *s, size_t n, unsigned char a[4])
{
	size_t i = 0, digits;
	unsigned v;
	int part;

	for (part = 0; part < 4; part++) {
		if (part > 0 && (i >= n || s[i++] != '.'))
			return -1;
		v = 0;
		for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9';
		    digits++, i++) {
			if (digits == 3 || (digits == 1 && v == 0))
				return -1;
			v = v * 10 + (unsigned)(s[i] - '0');
		}
		if (digits == 0 || v > 255)
			return -1;
		a[part] = (unsigned char)v;
	}
	return i == n ? 0 : -1;
}

/*
 * A v1 IPv6 address, s[0..n): hexadecimal groups and colons only (no
 * dotted tail), 128 bits as inet_pton counts them.  Returns 0 or -1.
 */
static int
v1_ipv6(const char *s, size_t n, unsigned char a[16])
{
	char tmp[40];
	size_t i;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] != ':' && !((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' &&
		    s[i] <= 'F')))
			return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET6, tmp, a) == 1 ? 0 : -1;
}

/* A v1 port, s[0..n): decimal, 0 to 65535, no leading zero. */
static int
v1_port(const char *s, size_t n, unsigned *port)
{
	size_t i;
	unsigned v = 0;

	if (n == 0 || n > 5 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > 65535)
		return -1;
	*port = v;
	return 0;
}

/* An address and port into ss as family af (AF_INET or AF_INET6). */
static socklen_t
sa_set(struct sockaddr_storage *ss, int af, const unsigned char *a,
    unsigned port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (af == AF_INET) {
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, a, 4);
		sin->sin_port = htons((unsigned short)port);
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	memcpy(&sin6->sin6_addr, a, 16);
	sin6->sin6_port = htons((unsigned short)port);
	return sizeof(*sin6);
}

/*
 * The fields of a whole v1 line after "PROXY ", s[0..n) without its
 * CRLF.  Returns 0 with h filled, or -1 with err.
 */
static int
v1_fields(const char *s, size_t n, struct proxyhdr *h, char *err)
{
	static const char *const what[4] = { "source address",
	    "destination address", "source port", "destination port" };
	const char *f[5];
	size_t fl[5], i, k = 0;
	unsigned char a[2][16];
	unsigned port[2];
	int af, bad;

	/*
	 * UNKNOWN: the rest of the line, if any, is to be ignored, so it
	 * is never cut into fields (a field begun there had no start)
	 */
	if (n >= 7 && memcmp(s, "UNKNOWN", 7) == 0 && (n == 7 ||
	    s[7] == ' ')) {
		h->local = 1;
		h->kind = "UNKNOWN";
		return 0;
	}
	/* the fields, parted by single spaces: one too many is refused */
	f[0] = s;
	for (i = 0; i < n; i++) {
		if (s[i] != ' ')
			continue;
		fl[k] = (size_t)(s + i - f[k]);
		if (++k == 5)
			break;
		f[k] = s + i + 1;
	}
	if (k < 5)
		fl[k] = (size_t)(s + n - f[k]);
	if (fl[0] == 4 && memcmp(f[0], "TCP4", 4) == 0)
		af = AF_INET;
	else if (fl[0] == 4 && memcmp(f[0], "TCP6", 4) == 0)
		af = AF_INET6;
	else {
		snprintf(err, SK_ERRLEN, "v1 protocol \"%.*s\" (TCP4, TCP6 or "
		    "UNKNOWN)", (int)(fl[0] > 16 ? 16 : fl[0]), f[0]);
		return -1;
	}
	if (k != 4) {
		snprintf(err, SK_ERRLEN, "v1 line of %zu fields, not 6",
		    k + 2);
		return -1;
	}
	for (i = 0; i < 4; i++) {
		if (i < 2)
			bad = af == AF_INET ? v1_ipv4(f[i + 1], fl[i + 1], a[i]) :
			    v1_ipv6(f[i + 1], fl[i + 1], a[i]);
		else
			bad = v1_port(f[i + 1], fl[i + 1], &port[i - 2]);
		if (bad) {
			snprintf(err, SK_ERRLEN, "v1 %s \"%.*s\" is not %s",
			    what[i], (int)(fl[i + 1] > 40 ? 40 : fl[i + 1]),
			    f[i + 1], i >= 2 ? "a port" : af == AF_INET ?
			    "IPv4" : "IPv6");
			return -1;
		}
	}
	h->kind = af == AF_INET ? "TCP4" : "TCP6";
	h->srclen = sa_set(&h->src, af, a[0], port[0]);
	h->dstlen = sa_set(&h->dst, af, a[1], port[1]);
	return 0;
}

/* Version 1: a line of text that ends in CRLF. */
static int
v1_parse(const unsigned char *buf, size_t len, struct proxyhdr *h,
    char *err)
{
	size_t i, n = len < PROXYHDR_V1_MAX ? len : PROXYHDR_V1_MAX;

	if (memcmp(buf, V1_PREFIX, len < 6 ? len : 6) != 0) {
		snprintf(err, SK_ERRLEN, "not a PROXY header");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			snprintf(err, SK_ERRLEN, "v1 line with an LF alone");
			return -1;
		}
		if (buf[i] != '\r')
			continue;
		if (i + 2 > PROXYHDR_V1_MAX)
			break;
		if (i + 1 == len)
			return 0;
		if (buf[i + 1] != '\n') {
			snprintf(err, SK_ERRLEN, "v1 line with a CR alone");
			return -1;
		}
		h->version = 1;
		if (v1_fields((const char *)buf + 6, i - 6, h, err) == -1)
			return -1;
		return (int)i + 2;
	}
	if (len >= PROXYHDR_V1_MAX) {
		snprintf(err, SK_ERRLEN, "v1 line without CRLF in %d bytes",
		    PROXYHDR_V1_MAX);
		return -1;
	}
	return 0;
}

/*
 * The TLVs of a v2 header, buf[0..n): each a type, a 16-bit length and
 * its value, filling n exactly.  Returns 0, or -1 with err.
 */
static int
v2_tlvs(const unsigned char *buf, size_t n, char *err)
{
	size_t i = 0, l;

	while (i < n) {
		if (n - i < 3) {
			snprintf(err, SK_ERRLEN, "v2 TLV cut short (%zu bytes "
			    "left)", n - i);
			return -1;
		}
		l = (size_t)buf[i + 1] << 8 | buf[i + 2];
		if (l > n - i - 3) {
			snprintf(err, SK_ERRLEN, "v2 TLV type 0x%02x of %zu "
			    "bytes runs past the header", buf[i], l);
			return -1;
		}
		i += 3 + l;
	}
	return 0;
}

/* Version 2: 16 bytes, then as many as they say. */
static int
v2_parse(const unsigned char *buf, size_t len, struct proxyhdr *h,
    char *err)
{
	static const char *const kinds[4][3] = {
		{ "UNSPEC", "UNSPEC", "UNSPEC" }, { "UNSPEC", "TCP4", "UDP4" },
		{ "UNSPEC", "TCP6", "UDP6" }, { "UNIX", "UNIX", "UNIX" }
	};
	const unsigned char *p;
	size_t alen, al, need, total;
	int cmd, fam, proto;

	if (memcmp(buf, v2sig, len < V2_SIGLEN ? len : V2_SIGLEN) != 0) {
		snprintf(err, SK_ERRLEN, "not a PROXY header");
		return -1;
	}
	if (len > V2_SIGLEN && (buf[12] >> 4 != 2 || (buf[12] & 0xf) > 1)) {
		snprintf(err, SK_ERRLEN, buf[12] >> 4 != 2 ? "v2 header of "
		    "version %d" : "v2 command %d (LOCAL or PROXY)",
		    buf[12] >> 4 != 2 ? buf[12] >> 4 : buf[12] & 0xf);
		return -1;
	}
	if (len > 13 && (buf[13] >> 4 > 3 || (buf[13] & 0xf) > 2)) {
		snprintf(err, SK_ERRLEN, "v2 address family and protocol "
		    "0x%02x", buf[13]);
		return -1;
	}
	if (len < PROXYHDR_V2_HEAD)
		return 0;
	cmd = buf[12] & 0xf;
	fam = buf[13] >> 4;
	proto = buf[13] & 0xf;
	alen = (size_t)buf[14] << 8 | buf[15];
	total = PROXYHDR_V2_HEAD + alen;
	/* LOCAL: the block is skipped, its family ignored */
	need = cmd == 1 && proto != 0 ? v2_addrlen[fam] : 0;
	if (alen < need) {
		snprintf(err, SK_ERRLEN, "v2 address block of %zu bytes, "
		    "%s needs %zu", alen, kinds[fam][proto], need);
		return -1;
	}
	if (total > PROXYHDR_MAX) {
		snprintf(err, SK_ERRLEN, "v2 header of %zu bytes (at most %d "
		    "taken)", total, PROXYHDR_MAX);
		return -1;
	}
	if (len < total)
		return 0;
	h->version = 2;
	h->local = cmd == 0 || proto != 1 || (fam != 1 && fam != 2);
	h->kind = cmd == 0 ? "LOCAL" : kinds[fam][proto];
	if (cmd == 1 && need > 0) {
		h->tlvlen = alen - need;
		if (v2_tlvs(buf + PROXYHDR_V2_HEAD + need, h->tlvlen, err) ==
		    -1)
			return -1;
	}
	if (h->local)
		return (int)total;
	/* both addresses, then both ports, each in network order */
	al = (need - 4) / 2;
	p = buf + PROXYHDR_V2_HEAD;
	h->srclen = sa_set(&h->src, fam == 1 ? AF_INET : AF_INET6, p,
	    (unsigned)p[2 * al] << 8 | p[2 * al + 1]);
	h->dstlen = sa_set(&h->dst, fam == 1 ? AF_INET : AF_INET6, p + al,
	    (unsigned)p[2 * al + 2] << 8 | p[2 * al + 3]);
	return (int)total;
}

int
proxyhdr_parse(const unsigned char *buf, size_t len, struct proxyhdr *h,
    char *err)
{
	memset(h, 0, sizeof(*h));
	if (len == 0)
		return 0;
	if (buf[0] == v2sig[0])
		return v2_parse(buf, len, h, err);
	if (buf[0] == 'P')
		return v1_parse(buf, len, h, err);
	snprintf(err, SK_ERRLEN, "not a PROXY header");
	return -1;
}

/*
 * An IPv6 address in RFC 5952's form: lower-case groups without leading
 * zeros, the longest run of two or more zero groups (the first of equal
 * ones) as "::", never a dotted tail (inet_ntop writes one for some).
 */
static void
ipv6_text(const unsigned char *a, char *out, size_t size)
{
	unsigned g[8];
	int i, run = 0, best = -1, bestlen = 1, n = 0;

	for (i = 0; i < 8; i++) {
		g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		run = g[i] == 0 ? run + 1 : 0;
		if (run > bestlen) {
			bestlen = run;
			best = i - run + 1;
		}
	}
	out[0] = '\0';
	for (i = 0; i < 8 && (size_t)n < size; i++) {
		if (i == best) {
			n += snprintf(out + n, size - (size_t)n, "::");
			i += bestlen - 1;
			continue;
		}
		n += snprintf(out + n, size - (size_t)n, "%s%x",
		    i > 0 && i != best + bestlen ? ":" : "", g[i]);
	}
}

/*
 * The address and port of sa as IPv4 (4 bytes) when it is IPv4 or an
 * IPv4-mapped IPv6 address, else IPv6 (16).  Returns the length, 0 for
 * another family.
 */
static size_t
ip_of(const struct sockaddr *sa, unsigned char *a, unsigned *port)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;

	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		memcpy(a, &sin->sin_addr, 4);
		*port = ntohs(sin->sin_port);
		return 4;
	}
	if (sa->sa_family != AF_INET6)
		return 0;
	sin6 = (const struct sockaddr_in6 *)(const void *)sa;
	*port = ntohs(sin6->sin6_port);
	if (memcmp(sin6->sin6_addr.s6_addr, mapped, 12) == 0) {
		memcpy(a, sin6->sin6_addr.s6_addr + 12, 4);
		return 4;
	}
	memcpy(a, sin6->sin6_addr.s6_addr, 16);
	return 16;
}

/* A UNIX socket's path into out, 108 bytes, zero-filled. */
static void
unix_path(const struct sockaddr *sa, socklen_t len, unsigned char *out)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)
	    (const void *)sa;
	size_t off = offsetof(struct sockaddr_un, sun_path), n;

	memset(out, 0, UNIX_PATHLEN);
	n = (size_t)len > off ? (size_t)len - off : 0;
	if (n > sizeof(sun->sun_path))
		n = sizeof(sun->sun_path);
	if (n > UNIX_PATHLEN)
		n = UNIX_PATHLEN;
	memcpy(out, sun->sun_path, n);
}

size_t
proxyhdr_build(unsigned char *out, int version, const struct sockaddr *src,
    socklen_t srclen, const struct sockaddr *dst, socklen_t dstlen)
{
	unsigned char a[2][16];
	char t[2][48];
	unsigned port[2];
	size_t la, ld, n;
	int i, fam;

	la = srclen > 0 ? ip_of(src, a[0], &port[0]) : 0;
	ld = dstlen > 0 ? ip_of(dst, a[1], &port[1]) : 0;
	/* 1 IPv4, 2 IPv6, 3 UNIX, 0 none of them, or two families */
	fam = la != ld ? 0 : la == 4 ? 1 : la == 16 ? 2 : srclen > 0 &&
	    dstlen > 0 && src->sa_family == AF_UNIX &&
	    dst->sa_family == AF_UNIX ? 3 : 0;
	if (version == 1) {
		if (fam == 0 || fam == 3)
			return (size_t)snprintf((char *)out,
			    PROXYHDR_BUILD_MAX, "PROXY UNKNOWN\r\n");
		for (i = 0; i < 2; i++)
			if (fam == 1)
				snprintf(t[i], sizeof(t[i]), "%u.%u.%u.%u",
				    a[i][0], a[i][1], a[i][2], a[i][3]);
			else
				ipv6_text(a[i], t[i], sizeof(t[i]));
		return (size_t)snprintf((char *)out, PROXYHDR_BUILD_MAX,
		    "PROXY TCP%c %s %s %u %u\r\n", fam == 1 ? '4' : '6', t[0],
		    t[1], port[0], port[1]);
	}
	memcpy(out, v2sig, V2_SIGLEN);
	out[12] = 0x21;		/* version 2, PROXY */
	out[13] = (unsigned char)(fam << 4 | (fam != 0 ? 1 : 0));
	n = v2_addrlen[fam];
	out[14] = (unsigned char)(n >> 8);
	out[15] = (unsigned char)n;
	if (fam == 3) {
		unix_path(src, srclen, out + PROXYHDR_V2_HEAD);
		unix_path(dst, dstlen, out + PROXYHDR_V2_HEAD + UNIX_PATHLEN);
	} else if (fam != 0) {
		memcpy(out + PROXYHDR_V2_HEAD, a[0], la);
		memcpy(out + PROXYHDR_V2_HEAD + la, a[1], la);
		for (i = 0; i < 2; i++) {
			out[PROXYHDR_V2_HEAD + 2 * la + 2 * i] =
			    (unsigned char)(port[i] >> 8);
			out[PROXYHDR_V2_HEAD + 2 * la + 2 * i + 1] =
			    (unsigned char)port[i];
		}
	}
	return PROXYHDR_V2_HEAD + n;
}
