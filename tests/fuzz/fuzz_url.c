/*
 * fuzz_url.c: the URL parser and redirect resolution must never crash,
 * and what they accept must hold together: a path starting with '/', no
 * control characters or spaces in it, a port in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/noproxy.h"
#include "parse/url.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const struct url *u)
{
	static struct url c;
	char buf[SK_HOSTLEN + URL_ZONELEN + 32], *s;
	const char *p;

	if (u->path[0] != '/' || u->port_num < 1 || u->port_num > 65535 ||
	    u->host[0] == '\0')
		abort();
	/* bytes above 0x7f in a host only where idn says so */
	for (p = u->host; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80 && !u->idn)
			abort();
	for (p = u->path; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '#')
			abort();
	if ((s = url_string_new(u)) == NULL || strncmp(s, u->https ?
	    "https://" : "http://", u->https ? 8 : 7) != 0 ||
	    url_authority(u, buf, sizeof(buf)) < 0)
		abort();
	/* a copy is the same URL, its parts its own */
	if (url_copy(&c, u) == -1 || c.path == u->path ||
	    strcmp(c.path, u->path) != 0 || strcmp(c.user, u->user) != 0 ||
	    strcmp(c.pass, u->pass) != 0 || c.has_auth != u->has_auth)
		abort();
	free(s);
	/* a zone only on an IPv6 literal, printable, never in Host */
	for (p = u->zone; *p != '\0'; p++)
		if (!u->ipv6 || (unsigned char)*p <= 0x20 ||
		    (unsigned char)*p >= 0x7f || *p == '%' || *p == '/')
			abort();
	if (strchr(buf, '%') != NULL ||
	    url_dial_host(u, buf, sizeof(buf)) < 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *refs[] = { "/", "..", "?q", "x/../y", "//h2/z",
	    "http://h3:81/", "https://h4/" };
	char *s, err[SK_ERRLEN], name[256];
	static struct url u, base, r;
	size_t i;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (url_parse(s, &u, err) == 0) {
		check(&u);
		(void)url_filename(&u, name, sizeof(name), err);
		(void)noproxy_match(s, u.host);
		for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
			if (url_resolve(&u, refs[i], &r, err) == 0)
				check(&r);
	}
	/* http-get's mode: a UTF-8 host taken as it came */
	if (url_parse_mode(s, &u, URL_IDN | URL_AS_IS, err) == 0)
		check(&u);
	if (url_parse("http://user:pw@base.example:8080/a/b/c?d", &base,
	    err) == 0 && url_resolve(&base, s, &r, err) == 0) {
		check(&r);
		if (r.has_auth && !url_same_origin(&base, &r) &&
		    strcmp(r.user, "user") == 0 && strstr(s, "user") == NULL)
			abort();	/* credentials leaked to another host */
	}
	free(s);
	return 0;
}
