/*
 * fuzz_proxy.c: proxy selection from the environment, the pure part.
 * The input is split on NUL bytes into a no_proxy list, an http_proxy
 * URL, a target URL and a redirect; the decision is proxy_pick's, the
 * pure function http-get calls with what getenv gave it, and the request
 * is built as http-get builds it.
 * Checked: noproxy_match keeps its promises ("*" covers all, the host
 * itself and ".host" cover it, a port in an entry covers nothing, more
 * entries never cover less, case does not matter), the proxy chosen has
 * a port, and the head built for it cannot be split by anything in the
 * URLs or credentials.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "parse/noproxy.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define REQCAP	(16 * 1024)

static int
covered(const char *fmt, const char *a, const char *b, const struct url *u)
{
	char list[4096 + 64];

	snprintf(list, sizeof(list), fmt, a, b);
	return noproxy_match(list, u->host);
}

/* A host that is its own entry: no separator in it, not only dots. */
static int
plain_host(const char *h)
{
	size_t n = strlen(h);

	if (n > 0 && h[n - 1] == '.')
		n--;
	return n > 0 && h[0] != '.' && strcspn(h, ", \t") == strlen(h);
}

/* 1-65535 in decimal */
static int
port_ok(const char *p)
{
	long n = 0;
	size_t i;

	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] < '0' || p[i] > '9' || i > 5)
			return 0;
		n = n * 10 + (p[i] - '0');
	}
	return i > 0 && n >= 1 && n <= 65535;
}

static void
check_no_proxy(const char *np, const struct url *u)
{
	char up[4096];
	size_t i;
	int r;

	if (noproxy_match(NULL, u->host) != 0 ||
	    noproxy_match("", u->host) != 0 ||
	    noproxy_match("*", u->host) != 1)
		abort();
	if (plain_host(u->host) && (covered("%s%s", u->host, "", u) != 1 ||
	    covered("a.invalid, %s%s", u->host, "", u) != 1 ||
	    (noproxy_match("0.0.0.0/0 ::/0", u->host) == 0 &&
	    covered("%s%s", ".", u->host, u) != 1)))
		abort();
	if (!u->ipv6 && covered("%s%s", u->host, ":8080", u) != 0)
		abort();
	if ((r = noproxy_match(np, u->host)) != 0 && r != 1)
		abort();
	if (strlen(np) >= sizeof(up))
		return;
	/* more entries cover no less, and case does not matter */
	if (r == 1 && strcmp(np, "*") != 0 &&
	    (covered("%s,%s", np, "zz.invalid", u) != 1 ||
	    covered("%s,%s", "zz.invalid", np, u) != 1))
		abort();
	for (i = 0; np[i] != '\0'; i++)
		up[i] = (char)toupper((unsigned char)np[i]);
	up[i] = '\0';
	if (noproxy_match(up, u->host) != r)
		abort();
}

/* Every line ends in CRLF, no bare CR or LF, one blank line at the end. */
static void
check_head(const char *req, size_t len)
{
	size_t i;

	if (len < 4 || memcmp(req + len - 4, "\r\n\r\n", 4) != 0)
		abort();
	for (i = 0; i < len; i++) {
		if (req[i] == '\0' ||
		    (req[i] == '\r' && (i + 1 == len || req[i + 1] != '\n')) ||
		    (req[i] == '\n' && (i == 0 || req[i - 1] != '\r')))
			abort();
		if (req[i] == '\n' && i + 1 < len && req[i + 1] == '\r' &&
		    i + 3 < len)
			abort();
	}
}

/* What http-get does for one hop to u. */
static void
hop(const char *env, const char *np, const struct url *u)
{
	static char req[REQCAP];
	char why[SK_ERRLEN], host[SK_HOSTLEN + 16], target[16384 +
	    URL_EXTRA];
	struct http_req rq;
	struct proxy_env pe;
	struct proxy proxy;
	const char *from = NULL;
	long len;
	int use;

	check_no_proxy(np, u);
	why[0] = '\0';
	memset(&pe, 0, sizeof(pe));
	pe.http_proxy = env;
	pe.https_proxy = env;
	pe.https_name = "HTTPS_PROXY";
	pe.no_proxy = np;
	if ((use = proxy_pick(&pe, u->https, u->host, &proxy, &from,
	    why)) == -1) {
		if (strncmp(why, u->https ? "HTTPS_PROXY: " : "http_proxy: ",
		    u->https ? 13 : 12) != 0)
			abort();
		return;
	}
	if (url_authority(u, host, sizeof(host)) == -1)
		abort();
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.host = host;
	rq.agent = "sockt";
	rq.target = u->path;
	if (use && (!port_ok(proxy.port) || from == NULL ||
	    strcmp(from, u->https ? "HTTPS_PROXY" : "http_proxy") != 0))
		abort();
	/* an HTTP proxy gets the absolute form; SOCKS tunnels the origin's */
	if (use && proxy.kind == PROXY_HTTP) {
		if (url_string(u, target, sizeof(target)) < 0)
			abort();
		rq.target = target;
		if (proxy.has_auth) {
			rq.proxy_user = proxy.user;
			rq.proxy_pass = proxy.pass;
		}
	}
	if (u->has_auth) {
		rq.user = u->user;
		rq.pass = u->pass;
	}
	if ((len = http_request_build(&rq, req, sizeof(req), why)) >= 0)
		check_head(req, (size_t)len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *arg[4], err[SK_ERRLEN];
	static struct url u, r;
	size_t i;
	int n = 0;

	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i <= size && n < 4; i += strlen(buf + i) + 1)
		arg[n++] = buf + i;
	if (n < 2)
		arg[1] = "http://proxy.example:3128/";
	if (n < 3)
		arg[2] = "http://www.example.com/";
	if (url_parse(arg[2], &u, err) == 0) {
		hop(arg[1], arg[0], &u);
		if (n == 4 && url_resolve(&u, arg[3], &r, err) == 0)
			hop(arg[1], arg[0], &r);
	}
	free(buf);
	return 0;
}
