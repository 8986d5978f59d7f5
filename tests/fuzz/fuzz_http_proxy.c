/*
 * fuzz_http_proxy.c: an HTTP proxy's request heads (http_proxy.c): the
 * answer for the whole input and for the prefixes that could decide (up
 * to each line feed, and at the limit) agree; a refusal carries one of
 * the statuses http_proxy.h names and a printable message; a head that
 * parses is rewritten within its room, and the rewritten head parses
 * as a request again (origin-form, so as one a proxy refuses with 400)
 * with no hop-by-hop field left and one Connection: close (none when
 * the connection is kept).  A body is none, a length over 0, or chunked,
 * and an HTTP/1.0 request closes unless it asks otherwise.  The
 * Proxy-Authorization value found is checked against credentials.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/http_proxy.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char buf[HPROXY_HEAD_MAX + 64];
static char out[HPROXY_HEAD_MAX + 2 * SK_HOSTLEN + 512];

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

/* count lines of out[0..n) that start with name: (any case) */
static int
fields(const char *o, size_t n, const char *name)
{
	size_t i, l = strlen(name);
	int c = 0;

	for (i = 0; i + l < n; i++)
		if ((i == 0 || o[i - 1] == '\n') && strncasecmp(o + i, name,
		    l) == 0 && o[i + l] == ':')
			c++;
	return c;
}

/* does b[0..n) hold s, in any case? */
static int
has(const char *b, size_t n, const char *s)
{
	size_t i, l = strlen(s);

	for (i = 0; i + l <= n; i++)
		if (strncasecmp(b + i, s, l) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hproxy_req rq, r2;
	char e1[SK_ERRLEN], e2[SK_ERRLEN];
	size_t i;
	long whole, r, n;

	if (size > sizeof(buf))
		size = sizeof(buf);
	memcpy(buf, data, size);
	e1[0] = '\0';
	whole = hproxy_parse(buf, size, &rq, e1);
	if (whole < -1 || whole > (long)size || whole > HPROXY_HEAD_MAX)
		abort();
	if (whole == -1) {
		message_ok(e1);
		if (rq.status != 400 && rq.status != 431 &&
		    rq.status != 501 && rq.status != 505)
			abort();
	}
	for (i = 0; i < size; i++) {
		if (buf[i] != '\n' && i + 1 != HPROXY_HEAD_MAX)
			continue;
		e2[0] = '\0';
		r = hproxy_parse(buf, i + 1, &r2, e2);
		if (r == 0)
			continue;
		if (r != whole || strcmp(e1, e2) != 0 ||
		    (r == -1 && r2.status != rq.status))
			abort();
		break;
	}
	if (whole <= 0)
		return 0;
	if (rq.port < 1 || rq.port > 65535 || rq.host[0] == '\0' ||
	    rq.auth_off + rq.auth_len > (size_t)whole)
		abort();
	if (rq.auth_len > 0)
		(void)hproxy_auth_ok(buf + rq.auth_off, rq.auth_len, "u", "p");
	if (rq.connect)
		return 0;
	if (rq.path_off + rq.path_len > (size_t)whole ||
	    (rq.body != HTTP_BODY_NONE && rq.body != HTTP_BODY_LENGTH &&
	    rq.body != HTTP_BODY_CHUNKED) || (rq.body == HTTP_BODY_LENGTH &&
	    rq.body_len == 0) || (rq.minor == 0 && !rq.close &&
	    !has(buf, (size_t)whole, "keep-alive")))
		abort();
	if ((n = hproxy_rewrite(buf, &rq, 0, NULL, out, sizeof(out))) <= 0 ||
	    fields(out, (size_t)n, "Connection") != 0)
		abort();
	if ((n = hproxy_rewrite(buf, &rq, 1, "p:1", out, sizeof(out))) <= 0)
		abort();
	/* the framing as parsed, once: never the client's own fields */
	if (fields(out, (size_t)n, "Connection") != 1 ||
	    fields(out, (size_t)n, "Host") != 1 ||
	    fields(out, (size_t)n, "Content-Length") +
	    fields(out, (size_t)n, "Transfer-Encoding") !=
	    (rq.cl || rq.body == HTTP_BODY_CHUNKED) ||
	    fields(out, (size_t)n, "Via") < 1 ||
	    fields(out, (size_t)n, "Proxy-Authorization") != 0 ||
	    fields(out, (size_t)n, "Proxy-Connection") != 0 ||
	    fields(out, (size_t)n, "Keep-Alive") != 0)
		abort();
	/* origin-form: a proxy's parser refuses it, as a head */
	if (hproxy_parse(out, (size_t)n, &r2, e2) != -1 ||
	    (r2.status != 400 && r2.status != 431))
		abort();
	return 0;
}
