/*
 * fuzz_header.c: the -H and -A checks (http_header_check, http_value_ok)
 * against a plain reference, and what they let through must build a
 * request head that cannot be split: every line ends in CRLF, no bare CR
 * or LF, a blank line only at the end, and every field "token: value"
 * with no control character in the value.  The input is split on NUL
 * bytes into up to 8 arguments.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXARGS	8
#define REQCAP	(16 * 1024)

static int
ref_tchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c != 0 && memchr("!#$%&'*+-.^_`|~",
	    c, 15) != NULL);
}

static int
ref_value_ok(const char *v)
{
	const unsigned char *p;

	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return 0;
	return 1;
}

static int
ref_header_ok(const char *h)
{
	size_t n;

	if (strpbrk(h, "\r\n") != NULL)
		return 0;
	for (n = 0; h[n] != '\0' && h[n] != ':' && h[n] != ';'; n++)
		if (!ref_tchar((unsigned char)h[n]))
			return 0;
	if (n == 0 || h[n] == '\0')
		return 0;
	if (h[n] == ';')
		return h[n + 1] == '\0';
	return ref_value_ok(h + n + 1);
}

/* The head must be lines "token: value" after the request line. */
static void
check_head(const char *req, size_t len)
{
	size_t i, start = 0, line = 0;
	const char *colon;

	if (len < 4 || memcmp(req + len - 4, "\r\n\r\n", 4) != 0)
		abort();
	for (i = 0; i < len; i++) {
		if (req[i] == '\0')
			abort();
		if (req[i] == '\r' && (i + 1 == len || req[i + 1] != '\n'))
			abort();
		if (req[i] == '\n' && (i == 0 || req[i - 1] != '\r'))
			abort();
		if (req[i] != '\n')
			continue;
		/* a line req[start .. i - 1), without its CR */
		if (i - 1 == start && i + 1 != len)
			abort();	/* a blank line before the end */
		if (line++ > 0 && i - 1 > start) {
			colon = memchr(req + start, ':', i - 1 - start);
			if (colon == NULL || colon == req + start)
				abort();
			for (; req + start < colon; start++)
				if (!ref_tchar((unsigned char)req[start]))
					abort();
			for (start++; start < i - 1; start++)
				if (((unsigned char)req[start] < 0x20 &&
				    req[start] != '\t') || req[start] == 0x7f)
					abort();
		}
		start = i + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char req[REQCAP];
	char *buf, *args[MAXARGS], *good[MAXARGS], err[SK_ERRLEN];
	struct http_req rq;
	size_t i;
	int nargs = 0, ngood = 0, k, r;
	long len;

	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i <= size && nargs < MAXARGS; i += strlen(buf + i) + 1)
		args[nargs++] = buf + i;
	for (k = 0; k < nargs; k++) {
		if (http_value_ok(args[k]) != ref_value_ok(args[k]))
			abort();
		err[0] = '\0';
		r = http_header_check(args[k], err);
		if (r != 0 && r != -1)
			abort();
		if ((r == 0) != ref_header_ok(args[k]))
			abort();
		if (r == -1 && (err[0] == '\0' || strlen(err) >= SK_ERRLEN))
			abort();
		if (r == 0)
			good[ngood++] = args[k];
		/* what curl drops has no colon, and is no "Name;" */
		if (http_header_ignored(args[k]) && (strchr(args[k], ':') !=
		    NULL || (r == 0 && args[k][strlen(args[k]) - 1] == ';')))
			abort();
	}
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.target = "/";
	rq.host = "example.com";
	/* the first argument doubles as a User-Agent (-A) when it may */
	rq.agent = http_value_ok(args[0]) ? args[0] : NULL;
	rq.user = "u";
	rq.pass = "p";
	rq.headers = good;
	rq.nheaders = ngood;
	if ((len = http_request_build(&rq, req, sizeof(req), err)) >= 0) {
		if ((size_t)len >= sizeof(req))
			abort();
		check_head(req, (size_t)len);
	} else if (err[0] == '\0')
		abort();
	free(buf);
	return 0;
}
