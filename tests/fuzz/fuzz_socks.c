/*
 * fuzz_socks.c: every proxy reply parser of socks.c gets the input, whole
 * and as it would trickle in byte by byte, and must keep socks.h's
 * contract: the same answer and message both ways, decided at the same
 * byte, nothing consumed beyond what was given, an honest "need", and a
 * printable message.  The input, up to a NUL, is also a proxy URL, and
 * what follows the NUL a host for the requests built from it, which
 * must come out whole and unsplittable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/socks.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

typedef long (*parse_fn)(const unsigned char *, size_t, size_t *, char *);

static struct proxy fz_px;

static long
method_parse(const unsigned char *b, size_t n, size_t *need, char *e)
{
	int m = -1;
	long r = socks5_method_parse(&fz_px, b, n, &m, need, e);

	if (r > 0 && m != SOCKS5_NOAUTH && m != SOCKS5_USERPASS)
		abort();
	return r;
}

static void
message_ok(const char *e)
{
	size_t i, n = strnlen(e, SK_ERRLEN);

	if (n == 0 || n == SK_ERRLEN)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)e[i] < 0x20 || (unsigned char)e[i] >= 0x7f)
			abort();
}

/* can this prefix length decide?  (all of them unless sparse) */
static int
worth(const unsigned char *b, size_t i, size_t n, int sparse)
{
	return !sparse || i <= 8 || i == n || b[i - 1] == '\n' ||
	    i == PROXY_HEAD_MAX;
}

/*
 * sparse: the HTTP parser decides only within the first bytes, after a
 * line feed or at its limit, so only those prefixes are tried; the rest
 * would make each run quadratic in the input.
 */
static void
both_ways(parse_fn fn, const unsigned char *b, size_t n, int sparse)
{
	char e1[SK_ERRLEN], e2[SK_ERRLEN];
	size_t need = 0, i, wait_until = 0;
	long whole, r;

	e1[0] = '\0';
	whole = fn(b, n, &need, e1);
	if (whole < -1 || whole > (long)n)
		abort();
	if (whole == -1)
		message_ok(e1);
	if (whole == 0 && need < 1)
		abort();
	for (i = 0; i <= n; i++) {
		if (!worth(b, i, n, sparse))
			continue;
		e2[0] = '\0';
		r = fn(b, i, &need, e2);
		if (r == 0) {
			if (need < 1 || (!sparse && need > 300))
				abort();
			if (i + need > wait_until)
				wait_until = i + need;
			continue;
		}
		if (r != whole || strcmp(e1, e2) != 0)
			abort();
		if (r > 0 && ((size_t)r != i || (!sparse && i < wait_until)))
			abort();
		return;
	}
	if (whole != 0)
		abort();
}

static void
requests(const char *url, const char *host)
{
	unsigned char req[PROXY_REQ_MAX];
	char err[SK_ERRLEN];
	long n;
	size_t i, ends = 0;

	if (proxy_parse(url, &fz_px, err) == -1) {
		message_ok(err);
		memset(&fz_px, 0, sizeof(fz_px));
		return;
	}
	if (fz_px.host[0] == '\0' || fz_px.port[0] == '\0' ||
	    proxy_check(&fz_px, err) == -1)
		abort();
	if ((fz_px.kind == PROXY_SOCKS5 || fz_px.kind == PROXY_SOCKS5H) &&
	    fz_px.has_auth && socks5_auth_request(&fz_px, req, sizeof(req),
	    err) != (long)(3 + strlen(fz_px.user) + strlen(fz_px.pass)))
		abort();
	if (socks5_greeting(&fz_px, req, sizeof(req), err) < 3)
		abort();
	if ((n = socks4_request(&fz_px, host, 1080, req, sizeof(req), err)) ==
	    -1)
		message_ok(err);
	if ((n = socks5_connect_request(host, 443, req, sizeof(req), err)) ==
	    -1)
		message_ok(err);
	else if (n > (long)sizeof(req) || (req[3] == 3 && n != req[4] + 7))
		abort();
	fz_px.kind = PROXY_HTTP;
	if (strchr(fz_px.user, ':') != NULL)
		fz_px.has_auth = 0;
	fz_px.pass[0] = '\0';
	if ((n = http_connect_request(&fz_px, host, 80, NULL, NULL, 0, req,
	    sizeof(req), err)) == -1) {
		message_ok(err);
		return;
	}
	/* only the line ends of the request, Host, maybe auth, the blank */
	for (i = 0; i < (size_t)n; i++)
		ends += req[i] == '\n' || req[i] == '\r';
	if (ends != (fz_px.has_auth ? 8U : 6U) || req[n - 1] != '\n')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s, *host;

	memset(&fz_px, 0, sizeof(fz_px));
	both_ways(method_parse, data, len, 0);
	fz_px.has_auth = 1;
	both_ways(method_parse, data, len, 0);
	both_ways(socks5_auth_parse, data, len, 0);
	both_ways(socks5_connect_parse, data, len, 0);
	both_ways(socks4_reply_parse, data, len, 0);
	both_ways(http_connect_parse, data, len, 1);

	if ((s = malloc(len + 2)) == NULL)
		return 0;
	memcpy(s, data, len);
	s[len] = s[len + 1] = '\0';
	host = s + strlen(s) + 1;
	requests(s, host);
	free(s);
	return 0;
}
