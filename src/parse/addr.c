/*
 * addr.c: endpoint and port parsing.  Pure: no I/O, no resolution, so the
 * unit tests and the fuzzer link it alone.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/addr.h"
#include "util/ascii.h"
#include "util/base.h"

/*
 * Check a port: a decimal number in 1-65535 (0-65535 when allow_zero), or
 * a service name (a letter, then letters, digits, '-', '_', '.', '+', at
 * most 32).  Returns the number, 0 for a name, -1 with err filled.
 */
int
port_parse(const char *s, int allow_zero, char *err)
{
	size_t i, n = strlen(s);
	long v = 0;

	if (n == 0) {
		snprintf(err, SK_ERRLEN, "missing port");
		return -1;
	}
	if (ascii_digit((unsigned char)s[0])) {
		for (i = 0; i < n; i++) {
			if (!ascii_digit((unsigned char)s[i])) {
				snprintf(err, SK_ERRLEN, "port %.64s: not a "
				    "number or service name", s);
				return -1;
			}
			if (v <= 65535)
				v = v * 10 + (s[i] - '0');
		}
		if (v > 65535 || (v == 0 && !allow_zero)) {
			snprintf(err, SK_ERRLEN,
			    "port %.64s: out of range (%d-65535)", s,
			    allow_zero ? 0 : 1);
			return -1;
		}
		return (int)v;
	}
	if (n > 32 || !ascii_alpha((unsigned char)s[0]))
		goto bad;
	for (i = 1; i < n; i++) {
		int c = (unsigned char)s[i];

		if (!ascii_alpha(c) && !ascii_digit(c) &&
		    strchr("-_.+", c) == NULL)
			goto bad;
	}
	return 0;
bad:
	snprintf(err, SK_ERRLEN, "port %.64s: not a number or service name", s);
	return -1;
}

static int
host_check(const char *h, size_t n, char *err)
{
	size_t i;

	if (n >= SK_HOSTLEN) {
		snprintf(err, SK_ERRLEN, "host %.32s...: name too long", h);
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];

		if (c <= ' ' || c == 0x7f || c == '[' || c == ']' ||
		    c == '/') {
			snprintf(err, SK_ERRLEN,
			    "host %.*s: invalid character", (int)(n > 64 ?
			    64 : n), h);
			return -1;
		}
	}
	return 0;
}

/*
 * Whether the first an bytes of host h (n bytes) are an address of family
 * af that inet_pton takes; an of 0 is never one.  Returns 0, or -1 with
 * err filled in the one wording for both families.
 */
static int
pton_check(int af, const char *h, size_t an, size_t n, char *err)
{
	struct in6_addr a;	/* room for either family */
	char buf[INET6_ADDRSTRLEN];

	if (an > 0 && an < sizeof(buf)) {
		memcpy(buf, h, an);
		buf[an] = '\0';
		if (inet_pton(af, buf, &a) == 1)
			return 0;
	}
	snprintf(err, SK_ERRLEN, "host %.*s: invalid IPv%c address",
	    (int)(n > 64 ? 64 : n), h, af == AF_INET ? '4' : '6');
	return -1;
}

/*
 * A host of digits and dots alone is meant as an IPv4 address: no top-level
 * domain is all digits (RFC 3696 section 2), so it is never a name.  When
 * it is not a dotted quad that inet_pton takes (1.2.3.4.5, 256.1.1.1, and
 * also 127.1 or 010.0.0.1, which the resolver would read in the old
 * inet_aton way as 127.0.0.1 and 8.0.0.1), refuse it here, in one wording
 * for every command, rather than let a resolver guess.
 */
int
addr_check_dotted(const char *h, size_t n, char *err)
{
	size_t i;
	int digits = 0, dots = 0;

	for (i = 0; i < n; i++) {
		if (h[i] == '.')
			dots++;
		else if (h[i] >= '0' && h[i] <= '9')
			digits++;
		else
			return 0;
	}
	if (dots == 0 || digits == 0)
		return 0;
	return pton_check(AF_INET, h, n, n, err);
}

/*
 * A host with a ':' is meant as an IPv6 address, as no name has one: the
 * address before any %zone must be one inet_pton takes, and a '%' needs
 * a zone after it.  Else the resolver would only say "Name or service
 * not known" for what is a mistyped address.
 */
static int
check_colon(const char *h, size_t n, char *err)
{
	const char *pct;
	size_t an;

	if (memchr(h, ':', n) == NULL)
		return 0;
	pct = memchr(h, '%', n);
	if (pct != NULL && pct + 1 == h + n)
		an = 0;		/* a '%' with no zone after it */
	else
		an = pct != NULL ? (size_t)(pct - h) : n;
	return pton_check(AF_INET6, h, an, n, err);
}

/*
 * The one rule for a host every command reads, an operand or an option
 * (-s, --to): no control character, space, bracket or slash, and a host
 * that can only be an address literal (digits and dots, or a ':') must
 * be a valid one.  Returns 0, or -1 with err filled.
 */
int
addr_check_host(const char *h, size_t n, char *err)
{
	if (host_check(h, n, err) == -1)
		return -1;
	return addr_check_literal(h, n, err);
}

/* The second half of addr_check_host: what looks an address is one. */
int
addr_check_literal(const char *h, size_t n, char *err)
{
	if (addr_check_dotted(h, n, err) == -1)
		return -1;
	return check_colon(h, n, err);
}

/*
 * A UNIX-domain socket path fits sun_path with its NUL, and is not
 * empty.  Returns 0, or -1 with err filled.
 */
int
addr_check_unix(const char *path, char *err)
{
	struct sockaddr_un sun;
	size_t n = strlen(path);

	if (n == 0) {
		snprintf(err, SK_ERRLEN, "empty unix socket path");
		return -1;
	}
	if (n >= sizeof(sun.sun_path)) {
		snprintf(err, SK_ERRLEN, "unix socket path too long (%zu "
		    "bytes, at most %zu)", n, sizeof(sun.sun_path) - 1);
		return -1;
	}
	return 0;
}

/* Copy host h of length n into ep, dropping [brackets] around it. */
static int
host_set(struct endpoint *ep, const char *h, size_t n, int flags, char *err)
{
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		h++;
		n -= 2;
		if (n == 0 || memchr(h, ':', n) == NULL) {
			snprintf(err, SK_ERRLEN, "host [%.*s]: brackets are "
			    "for IPv6 addresses", (int)(n > 64 ? 64 : n), h);
			return -1;
		}
	} else if (n == 1 && h[0] == '*' && (flags & EP_LISTEN))
		n = 0;
	if (n == 0 && !(flags & EP_LISTEN)) {
		snprintf(err, SK_ERRLEN, "missing host");
		return -1;
	}
	if (addr_check_host(h, n, err) == -1)
		return -1;
	memcpy(ep->host, h, n);
	ep->host[n] = '\0';
	return 0;
}

static int
port_set(struct endpoint *ep, const char *p, int flags, char *err)
{
	if (port_parse(p, flags & EP_LISTEN, err) == -1)
		return -1;
	/* port_parse bounds names at 32 and numbers at 5 significant digits */
	if (strlen(p) >= sizeof(ep->port)) {
		snprintf(err, SK_ERRLEN, "port %.32s...: too long", p);
		return -1;
	}
	snprintf(ep->port, sizeof(ep->port), "%s", p);
	return 0;
}

/*
 * Parse the endpoint operands of a command: argc is 1 or 2.  Returns 0, or
 * -1 with err filled.
 */
int
endpoint_parse(int argc, char *const argv[], int flags, struct endpoint *ep,
    char *err)
{
	const char *s, *colon, *close;

	memset(ep, 0, sizeof(*ep));
	if (argc <= 0) {
		snprintf(err, SK_ERRLEN, (flags & EP_LISTEN) ? "missing port" :
		    "missing host and port");
		return -1;
	}
	if (argc > 2) {
		snprintf(err, SK_ERRLEN, "too many operands: %.64s", argv[2]);
		return -1;
	}
	if (argc == 2) {
		if (host_set(ep, argv[0], strlen(argv[0]), flags, err) == -1)
			return -1;
		return port_set(ep, argv[1], flags, err);
	}

	s = argv[0];
	if (s[0] == '[') {
		close = strchr(s, ']');
		if (close == NULL) {
			snprintf(err, SK_ERRLEN, "%.64s: missing ']'", s);
			return -1;
		}
		if (close[1] != ':') {
			snprintf(err, SK_ERRLEN, close[1] == '\0' ?
			    "%.64s: missing port" :
			    "%.64s: expected ':' after ']'", s);
			return -1;
		}
		if (host_set(ep, s, (size_t)(close - s) + 1, flags, err) == -1)
			return -1;
		return port_set(ep, close + 2, flags, err);
	}
	colon = strchr(s, ':');
	if (colon == NULL) {
		if (flags & EP_LISTEN)
			return port_set(ep, s, flags, err);
		snprintf(err, SK_ERRLEN, "%.64s: missing port", s);
		return -1;
	}
	if (strchr(colon + 1, ':') != NULL) {
		snprintf(err, SK_ERRLEN, "%.64s: missing port (write an IPv6 "
		    "address as [ADDR]:PORT or give the port apart)", s);
		return -1;
	}
	if (host_set(ep, s, (size_t)(colon - s), flags, err) == -1)
		return -1;
	return port_set(ep, colon + 1, flags, err);
}

/*
 * How many operands name the endpoint before other operands (udp-send's
 * messages): one for HOST:PORT and [IPV6]:PORT, as every command takes
 * them, else two, HOST PORT.  A bare IPv6 address has more than one
 * colon and is a HOST.
 */
int
endpoint_operands(int argc, char *const argv[])
{
	const char *colon;

	if (argc == 0)
		return 2;
	if (argv[0][0] == '[')
		return 1;
	colon = strchr(argv[0], ':');
	if (colon != NULL && strchr(colon + 1, ':') == NULL)
		return 1;
	return 2;
}

int
addr_is_localhost(const char *name)
{
	size_t n = strlen(name);

	if (n > 0 && name[n - 1] == '.')
		n--;
	return (n == 9 || (n > 9 && name[n - 10] == '.')) &&
	    strncasecmp(name + n - 9, "localhost", 9) == 0;
}
