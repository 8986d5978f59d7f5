/*
 * test_noproxy.c: the NO_PROXY matcher and the choice of a proxy for
 * http-get (curl's rules), pure functions fed the environment's values.
 */
#include <stdio.h>
#include <string.h>

#include "parse/noproxy.h"
#include "parse/socks.h"
#include "tap.h"
#include "util/base.h"

/* match LIST HOST WANT: one line of the table */
static void
match(const char *list, const char *host, int want)
{
	char desc[200];

	snprintf(desc, sizeof(desc), "'%s' %s %s", list ? list : "(null)",
	    want ? "covers" : "does not cover", host);
	is_int(noproxy_match(list, host), want, desc);
}

static void
names(void)
{
	match(NULL, "example.com", 0);
	match("", "example.com", 0);
	match("*", "example.com", 1);
	match("*", "10.1.2.3", 1);
	match("*", "::1", 1);
	/* "*" is the whole list or nothing, as in curl */
	match("foo,*", "example.com", 0);
	match(" *", "example.com", 0);
	match("example.com", "example.com", 1);
	match("example.com", "www.example.com", 1);
	match("example.com", "a.b.example.com", 1);
	match(".example.com", "www.example.com", 1);
	match(".example.com", "example.com", 1);
	match("example.com", "notexample.com", 0);
	match("ample.com", "www.example.com", 0);
	match("www.example.com", "example.com", 0);
	match("EXAMPLE.Com", "www.example.COM", 1);
	/* one trailing dot on either side is the same name */
	match("example.com.", "www.example.com", 1);
	match("example.com", "www.example.com.", 1);
	match("localhost", "localhost.", 1);
	/* separators: commas, spaces, tabs, in any number */
	match("a.invalid,example.com", "example.com", 1);
	match("a.invalid example.com", "example.com", 1);
	match("a.invalid\texample.com", "example.com", 1);
	match(" ,, a.invalid ,  example.com ,", "example.com", 1);
	match("a.invalid;example.com", "example.com", 0);
	/* a port in an entry matches nothing, as in curl */
	match("example.com:80", "example.com", 0);
	/* entries that are only dots cover nothing */
	match(".", "example.com", 0);
	match("..", "example.com", 0);
	match(",", "example.com", 0);
	/* names never cover an address, nor addresses a name */
	match("localhost", "127.0.0.1", 0);
	match("127.0.0.1", "localhost", 0);
	match("0.0.1", "127.0.0.1", 0);
	match("127.0.0.0/8", "localhost", 0);
}

static void
addresses(void)
{
	match("127.0.0.1", "127.0.0.1", 1);
	match("127.0.0.2", "127.0.0.1", 0);
	match("27.0.0.1", "127.0.0.1", 0);
	match("10.0.0.0/8", "10.200.3.4", 1);
	match("10.0.0.0/8", "11.0.0.1", 0);
	match("192.168.0.0/16", "192.168.77.1", 1);
	match("192.168.1.0/24", "192.168.2.1", 0);
	match("10.1.2.3/8", "10.9.9.9", 1);
	match("0.0.0.0/0", "203.0.113.9", 1);
	match("10.0.0.0/33", "10.0.0.1", 0);
	match("10.0.0.0/x", "10.0.0.1", 0);
	match("10.0.0.0/", "10.0.0.1", 0);
	match("a.invalid, 10.0.0.0/8", "10.0.0.1", 1);
	match("::1", "::1", 1);
	match("::1/128", "::1", 1);
	match("::2/128", "::1", 0);
	match("fe80::/10", "fe80::1", 1);
	match("fe80::/10", "febf::1", 1);
	match("fe80::/10", "fec0::1", 0);
	match("::/0", "2001:db8::1", 1);
	match("[::1]", "::1", 0);
	match("2001:db8::/32", "2001:DB8:0:1::5", 1);
	/* IPv4-mapped IPv6 is IPv4 */
	match("127.0.0.0/8", "::ffff:127.0.0.1", 1);
	match("::ffff:10.0.0.0/104", "10.1.1.1", 1);
	/* v4 entries never cover v6 hosts; v6 ones cover v4 mapped */
	match("0.0.0.0/0", "::1", 0);
	match("::/0", "127.0.0.1", 1);
	match("::1/128", "127.0.0.1", 0);
}

static void
pick(void)
{
	struct proxy_env env;
	struct proxy px;
	const char *from;
	char err[SK_ERRLEN];

	memset(&env, 0, sizeof(env));
	is_int(proxy_pick(&env, 0, "example.com", &px, &from, err), 0,
	    "nothing set: direct");
	env.all_proxy = "socks5h://s:1081";
	env.all_name = "all_proxy";
	is_int(proxy_pick(&env, 0, "example.com", &px, &from, err), 1,
	    "all_proxy alone: used");
	ok(px.kind == PROXY_SOCKS5H && strcmp(px.port, "1081") == 0,
	    "... as socks5h port 1081");
	is_str(from, "all_proxy", "... named as read");
	env.http_proxy = "http://h";
	is_int(proxy_pick(&env, 0, "example.com", &px, &from, err), 1,
	    "http_proxy over all_proxy");
	ok(px.kind == PROXY_HTTP && strcmp(px.port, "1080") == 0,
	    "... http, port 1080 by default, as curl");
	is_str(from, "http_proxy", "... named");
	is_int(proxy_pick(&env, 1, "example.com", &px, &from, err), 1,
	    "https: not http_proxy");
	is_str(from, "all_proxy", "... but all_proxy");
	env.https_proxy = "socks5://t:1082";
	env.https_name = "HTTPS_PROXY";
	is_int(proxy_pick(&env, 1, "example.com", &px, &from, err), 1,
	    "https: https_proxy over all_proxy");
	ok(px.kind == PROXY_SOCKS5 && strcmp(px.port, "1082") == 0,
	    "... the https one");
	is_str(from, "HTTPS_PROXY", "... named as read");
	is_int(proxy_pick(&env, 0, "example.com", &px, &from, err), 1,
	    "http: not https_proxy");
	is_str(from, "http_proxy", "... but http_proxy");
	env.https_proxy = NULL;
	env.http_proxy = "";
	is_int(proxy_pick(&env, 0, "example.com", &px, &from, err), 1,
	    "an empty http_proxy is unset: all_proxy");
	is_str(from, "all_proxy", "... named");
	env.opt = "socks4a://u@p";
	is_int(proxy_pick(&env, 0, "example.com", &px, &from, err), 1,
	    "--proxy over the environment");
	ok(px.kind == PROXY_SOCKS4A && strcmp(px.port, "1080") == 0 &&
	    strcmp(px.user, "u") == 0, "... socks4a, port 1080, user u");
	env.opt = "";
	is_int(proxy_pick(&env, 0, "example.com", &px, &from, err), 0,
	    "--proxy '': no proxy at all");
	env.opt = "socks5://a%40b:p%3aw@p:9";
	env.no_proxy = "example.com";
	is_int(proxy_pick(&env, 0, "www.example.com", &px, &from, err), 0,
	    "no_proxy covers --proxy too");
	is_int(proxy_pick(&env, 0, "example.org", &px, &from, err), 1,
	    "... not another host");
	ok(strcmp(px.user, "a@b") == 0 && strcmp(px.pass, "p:w") == 0,
	    "credentials percent-decoded");
	env.noproxy = "";
	is_int(proxy_pick(&env, 0, "www.example.com", &px, &from, err), 1,
	    "--noproxy '' overrides no_proxy");
	env.noproxy = "*";
	is_int(proxy_pick(&env, 0, "example.org", &px, &from, err), 0,
	    "--noproxy '*': no proxy");
	env.noproxy = NULL;
	env.user = "alice:s3cret";
	is_int(proxy_pick(&env, 0, "example.org", &px, &from, err), 1,
	    "--proxy-user with --proxy");
	ok(strcmp(px.user, "alice") == 0 && strcmp(px.pass, "s3cret") == 0,
	    "... replaces the URL's credentials");
	env.opt = NULL;
	env.http_proxy = "socks4://p";
	is_int(proxy_pick(&env, 0, "example.org", &px, &from, err), -1,
	    "--proxy-user with a password for SOCKS4 from the environment");
	ok(strncmp(err, "--proxy-user: ", 14) == 0, "... names --proxy-user");
	env.user = NULL;
	env.http_proxy = "ftp://p";
	is_int(proxy_pick(&env, 0, "example.org", &px, &from, err), -1,
	    "a bad http_proxy");
	ok(strncmp(err, "http_proxy: bad proxy URL: ", 27) == 0,
	    "... says which variable");
	env.http_proxy = NULL;
	env.all_proxy = "socks5h://p:99999";
	env.all_name = "ALL_PROXY";
	is_int(proxy_pick(&env, 0, "example.org", &px, &from, err), -1,
	    "a bad ALL_PROXY");
	ok(strncmp(err, "ALL_PROXY: bad proxy URL: ", 26) == 0,
	    "... says which variable");
}

int
main(void)
{
	names();
	addresses();
	pick();
	return tap_done();
}
