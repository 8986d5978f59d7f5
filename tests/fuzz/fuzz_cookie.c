/*
 * fuzz_cookie.c: each line of the input as a Set-Cookie value (from
 * http or https, by its first byte) and as a cookie file's line, then
 * the Cookie field and the file: the field stays within its limit, holds
 * no control character, and every cookie of the jar written as curl
 * writes it reads back as the same line; a cookie date that parses is
 * never before 1601.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cookie.h"
#include "parse/httpdate.h"
#include "util/base.h"

#define NOW	1795428000LL

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* a public suffix list that holds every domain but the host's own */
static int
no_suffix(const char *host, const char *domain)
{
	return strcmp(host, domain) == 0;
}

static void
check_file(const struct cookie_jar *j)
{
	static const struct cookie *c[COOKIE_JAR_MAX];
	static const struct cookie *c2[COOKIE_JAR_MAX];
	struct cookie_jar back;
	char line[COOKIE_LINE_MAX + 512], again[COOKIE_LINE_MAX + 512];
	size_t n;
	int i, k;

	if (j->n > COOKIE_JAR_MAX)
		abort();
	k = cookie_order(j, NOW, c);
	for (i = 0; i < k; i++) {
		memset(&back, 0, sizeof(back));
		if ((n = cookie_format(c[i], line, sizeof(line))) == 0)
			abort();
		if (cookie_line(&back, line, n - 1, 0, NOW) != 1 ||
		    cookie_order(&back, NOW, c2) != 1 ||
		    cookie_format(c2[0], again, sizeof(again)) != n ||
		    memcmp(line, again, n) != 0)
			abort();
		cookie_jar_free(&back);
	}
}

static void
check_header(const struct cookie_jar *j, const char *host, int secure)
{
	static char h[COOKIE_HDR_MAX + 1];
	struct cookie_to to = { host, "/a/b/c?x", secure, NULL };
	size_t n, i;

	n = cookie_header(j, &to, NOW, h, sizeof(h));
	if (n > COOKIE_HDR_MAX || strlen(h) != n)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)h[i] < 0x20 || h[i] == 0x7f)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cookie_jar j;
	struct cookie_to to;
	const char *p = (const char *)data, *e, *end = p + size;
	char err[SK_ERRLEN], *copy;
	long long t;
	size_t n;

	memset(&j, 0, sizeof(j));
	for (; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		n = (size_t)(e - p);
		/* an exact-size copy, so ASan sees overruns */
		if ((copy = malloc(n > 0 ? n : 1)) == NULL)
			break;
		memcpy(copy, p, n);
		to.host = n > 0 && (copy[0] & 2) ? "127.0.0.1" :
		    "www.example.com";
		to.path = "/a/b/c";
		to.secure = n > 0 && (copy[0] & 1);
		/* a list where each domain is a suffix, now and then */
		to.domain_ok = n > 0 && (copy[0] & 16) ? no_suffix : NULL;
		/* a file's line without a domain: the first URL's host's */
		j.host = n > 0 && (copy[0] & 8) ? to.host : NULL;
		if (cookie_set(&j, copy, n, &to, NOW, err) == -1 ||
		    cookie_line(&j, copy, n, n > 0 && (copy[0] & 4), NOW) ==
		    -1) {
			free(copy);
			break;
		}
		if (http_cookie_date(copy, n, &t) == 0 && t < -11644473600LL)
			abort();
		free(copy);
	}
	check_header(&j, "www.example.com", 0);
	check_header(&j, "example.com", 1);
	check_header(&j, "127.0.0.1", 1);
	check_file(&j);
	cookie_jar_free(&j);
	return 0;
}
