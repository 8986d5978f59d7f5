/* Unit tests for the endpoint and port parsers (src/addr.c). */
#include <sys/socket.h>
#include <sys/un.h>

#include <stdio.h>
#include <string.h>

#include "parse/addr.h"
#include "tap.h"
#include "util/base.h"

static struct endpoint ep;
static char err[SK_ERRLEN];

static int
parse1(const char *a, int flags)
{
	char *argv[1];

	argv[0] = (char *)a;
	err[0] = '\0';
	return endpoint_parse(1, argv, flags, &ep, err);
}

static int
parse2(const char *a, const char *b, int flags)
{
	char *argv[2];

	argv[0] = (char *)a;
	argv[1] = (char *)b;
	err[0] = '\0';
	return endpoint_parse(2, argv, flags, &ep, err);
}

int
main(void)
{
	/* ports */
	is_int(port_parse("1", 0, err), 1, "port 1");
	is_int(port_parse("65535", 0, err), 65535, "port 65535");
	is_int(port_parse("80", 0, err), 80, "port 80");
	is_int(port_parse("0", 1, err), 0, "port 0 allowed for listening");
	is_int(port_parse("0", 0, err), -1, "port 0 refused for connecting");
	is_str(err, "port 0: out of range (1-65535)", "port 0 message");
	is_int(port_parse("70000", 0, err), -1, "port 70000 refused");
	is_str(err, "port 70000: out of range (1-65535)", "port 70000 message");
	is_int(port_parse("65536", 1, err), -1, "port 65536 refused");
	is_str(err, "port 65536: out of range (0-65535)", "listen range message");
	is_int(port_parse("99999999999999999999", 0, err), -1, "huge port");
	is_int(port_parse("00080", 0, err), 80, "leading zeros");
	is_int(port_parse("http", 0, err), 0, "service name");
	is_int(port_parse("http-alt", 0, err), 0, "service name with dash");
	is_int(port_parse("", 0, err), -1, "empty port");
	is_str(err, "missing port", "empty port message");
	is_int(port_parse("-1", 0, err), -1, "negative port");
	is_int(port_parse("8o", 0, err), -1, "digit then letter");
	is_str(err, "port 8o: not a number or service name", "8o message");
	is_int(port_parse("a b", 0, err), -1, "space in service");
	is_int(port_parse("abcdefghijabcdefghijabcdefghijabc", 0, err), -1,
	    "33-char service");

	/* two operands */
	is_int(parse2("example.com", "80", 0), 0, "HOST PORT");
	is_str(ep.host, "example.com", "HOST PORT host");
	is_str(ep.port, "80", "HOST PORT port");
	is_int(parse2("::1", "22", 0), 0, "bare IPv6 with port apart");
	is_str(ep.host, "::1", "bare IPv6 host");
	is_int(parse2("[::1]", "22", 0), 0, "bracketed IPv6 with port apart");
	is_str(ep.host, "::1", "brackets dropped");
	is_int(parse2("[]", "22", 0), -1, "empty brackets");
	is_int(parse2("[host]", "22", 0), -1, "brackets around a name");
	is_int(parse2("", "22", 0), -1, "empty host");
	is_str(err, "missing host", "empty host message");
	is_int(parse2("a b", "22", 0), -1, "space in host");
	is_int(parse2("host", "70000", 0), -1, "bad port apart");
	is_str(err, "port 70000: out of range (1-65535)", "bad port message");

	/* one operand */
	is_int(parse1("localhost:8080", 0), 0, "HOST:PORT");
	is_str(ep.host, "localhost", "HOST:PORT host");
	is_str(ep.port, "8080", "HOST:PORT port");
	is_int(parse1("[fe80::1%eth0]:443", 0), 0, "[IPv6%scope]:PORT");
	is_str(ep.host, "fe80::1%eth0", "scoped host");
	is_str(ep.port, "443", "scoped port");
	is_int(parse1("[::1]:http", 0), 0, "[IPv6]:service");
	is_str(ep.port, "http", "service kept as a name");
	is_int(parse1("[::1]", 0), -1, "[IPv6] without port");
	is_str(err, "[::1]: missing port", "[IPv6] message");
	is_int(parse1("[::1]x", 0), -1, "junk after ]");
	is_int(parse1("[::1", 0), -1, "missing ]");
	is_int(parse1("::1", 0), -1, "bare IPv6 alone");
	is_int(parse1("localhost", 0), -1, "host without port");
	is_str(err, "localhost: missing port", "host without port message");
	is_int(parse1("host:", 0), -1, "empty port after colon");
	is_int(parse1(":80", 0), -1, "empty host for connect");
	is_int(parse1("host:0", 0), -1, "port 0 for connect");

	/* listening */
	is_int(parse1("8080", EP_LISTEN), 0, "PORT alone");
	is_str(ep.host, "", "PORT alone: any address");
	is_int(parse1("0", EP_LISTEN), 0, "port 0 alone");
	is_int(parse1(":0", EP_LISTEN), 0, ":PORT");
	is_str(ep.host, "", ":PORT any address");
	is_int(parse2("*", "80", EP_LISTEN), 0, "* means any");
	is_str(ep.host, "", "* host empty");
	is_int(parse2("127.0.0.1", "0", EP_LISTEN), 0, "ADDR 0");
	is_int(parse1("http", EP_LISTEN), 0, "service alone");
	is_int(endpoint_parse(0, NULL, EP_LISTEN, &ep, err), -1, "nothing");
	is_str(err, "missing port", "nothing message");
	{
		char *argv[3] = { "a", "1", "x" };

		is_int(endpoint_parse(3, argv, 0, &ep, err), -1, "3 operands");
		is_str(err, "too many operands: x", "3 operands message");
	}
	/* digits and dots are an IPv4 address or an error, never a name */
	{
		static const char *const badq[] = { "1.2.3.4.5", "256.1.1.1",
		    "1.2.3.256", "127.1", "1.2.3", "010.0.0.1", "1.2.3.4.",
		    ".1.2.3", "1..2.3", "99999999999.1" };
		static const char *const okq[] = { "1.2.3.4", "0.0.0.0",
		    "255.255.255.255", "localhost", "1.2.3.4.example",
		    "123", "a1.2.3.4", "::1", ".", ".." };
		size_t i;

		for (i = 0; i < sizeof(badq) / sizeof(badq[0]); i++) {
			char want[SK_ERRLEN];

			snprintf(want, sizeof(want), "host %s: invalid IPv4 "
			    "address", badq[i]);
			is_int(addr_check_dotted(badq[i], strlen(badq[i]),
			    err), -1, badq[i]);
			is_str(err, want, "its message");
		}
		for (i = 0; i < sizeof(okq) / sizeof(okq[0]); i++)
			is_int(addr_check_dotted(okq[i], strlen(okq[i]), err),
			    0, okq[i]);
		/* only n bytes are read: "1.2.3.4" in "1.2.3.4:80" */
		is_int(addr_check_dotted("1.2.3.4:80", 7, err), 0,
		    "a prefix of the buffer");
		is_int(parse2("256.1.1.1", "80", 0), -1, "endpoint: bad quad");
		is_str(err, "host 256.1.1.1: invalid IPv4 address",
		    "endpoint: its message");
		is_int(parse1("1.2.3.4.5:80", 0), -1, "HOST:PORT bad quad");
		is_int(parse2("1.2.3.4", "80", 0), 0, "a good quad");
	}
	/* a ':' is an IPv6 address or an error, never a name */
	{
		static const char *const bad6[] = { "1::zz", "1:2:3",
		    ":::", "fe80::1%", "1::2::3", "12345::1",
		    "1:2:3:4:5:6:7:8:9" };
		static const char *const ok6[] = { "::1", "::", "fe80::1%lo",
		    "::ffff:127.0.0.1", "2001:db8::1", "fe80::1%1" };
		size_t i;

		for (i = 0; i < sizeof(bad6) / sizeof(bad6[0]); i++) {
			char want[SK_ERRLEN];

			snprintf(want, sizeof(want), "host %s: invalid IPv6 "
			    "address", bad6[i]);
			is_int(addr_check_host(bad6[i], strlen(bad6[i]), err),
			    -1, bad6[i]);
			is_str(err, want, "its message");
		}
		for (i = 0; i < sizeof(ok6) / sizeof(ok6[0]); i++)
			is_int(addr_check_host(ok6[i], strlen(ok6[i]), err),
			    0, ok6[i]);
		is_int(addr_check_host("999.1.1.1", 9, err), -1,
		    "addr_check_host: a bad quad");
		is_str(err, "host 999.1.1.1: invalid IPv4 address",
		    "... in the words of the host operand");
		is_int(addr_check_host("a b", 3, err), -1, "a space");
		is_int(addr_check_host("example.org", 11, err), 0, "a name");
		is_int(parse2("1::zz", "80", 0), -1, "endpoint: bad IPv6");
		is_int(parse1("[1::zz]:80", 0), -1, "[bad IPv6]:PORT");
		is_str(err, "host 1::zz: invalid IPv6 address",
		    "[bad IPv6]:PORT message");
	}
	/* a UNIX path: not empty, and room for its NUL in sun_path */
	{
		struct sockaddr_un sun;
		char path[300], want[SK_ERRLEN];
		size_t max = sizeof(sun.sun_path) - 1;	/* 107 on Linux */

		memset(path, 'x', sizeof(path));
		path[max] = '\0';
		is_int(addr_check_unix(path, err), 0, "sun_path - 1 bytes fit");
		path[max] = 'x';
		path[max + 1] = '\0';
		is_int(addr_check_unix(path, err), -1, "one more does not");
		snprintf(want, sizeof(want), "unix socket path too long (%zu "
		    "bytes, at most %zu)", max + 1, max);
		is_str(err, want, "... saying the limit");
		is_int(addr_check_unix("", err), -1, "empty path");
		is_int(addr_check_unix("/tmp/s", err), 0, "a short path");
	}
	{
		char *ops[3] = { "host:53", "msg", NULL };

		is_int(endpoint_operands(2, ops), 1, "HOST:PORT is one operand");
		ops[0] = "[::1]:53";
		is_int(endpoint_operands(2, ops), 1, "[IPV6]:PORT is one");
		ops[0] = "::1";
		is_int(endpoint_operands(2, ops), 2, "a bare IPv6 address is "
		    "a HOST: two");
		ops[0] = "host";
		is_int(endpoint_operands(2, ops), 2, "HOST PORT: two");
		is_int(endpoint_operands(0, ops), 2, "none: two wanted");
	}
	/* localhost and its subdomains (RFC 6761), and names like them */
	ok(addr_is_localhost("localhost"), "localhost");
	ok(addr_is_localhost("LocalHost."), "LocalHost.: any case, a dot");
	ok(addr_is_localhost("a.b.localhost"), "a.b.localhost");
	ok(!addr_is_localhost("notlocalhost"), "notlocalhost: no");
	ok(!addr_is_localhost("localhost.example"), "localhost.example: no");
	ok(!addr_is_localhost(".localhos"), ".localhos: no");
	ok(!addr_is_localhost(""), "an empty name: no");
	return tap_done();
}
