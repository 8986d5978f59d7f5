/*
 * Unit tests for src/probe.c: the --probe escapes, the HTTP probe and
 * its reply, and the escaping of banners for text and for JSON with the
 * nastiest bytes a port can send.
 */
#include <string.h>

#include "parse/probe_bytes.h"
#include "tap.h"
#include "util/base.h"

static void
test_unescape(void)
{
	static const char *bad[] = { "", "\\", "a\\", "\\q", "\\x", "\\x1",
	    "\\xg1", "\\x1g", "\\X41", "\\e", "\\ " };
	char out[PROBE_MAX + 8], err[SK_ERRLEN], big[PROBE_MAX + 2];
	size_t len = 99, k;

	is_int(probe_unescape("GET / HTTP/1.0\\r\\n\\r\\n", out, sizeof(out),
	    &len, err), 0, "a request");
	ok(len == 18 && memcmp(out, "GET / HTTP/1.0\r\n\r\n", 18) == 0,
	    "... the bytes");
	is_int(probe_unescape("a\\0b\\x00\\xFF\\xfe\\t\\\\", out, sizeof(out),
	    &len, err), 0, "NUL, hex both cases, tab, backslash");
	ok(len == 8 && memcmp(out, "a\0b\0\xff\xfe\t\\", 8) == 0,
	    "... the bytes");
	is_int(probe_unescape("\\x41\\x4a1", out, sizeof(out), &len, err), 0,
	    "\\x takes two digits, no more");
	ok(len == 3 && memcmp(out, "AJ1", 3) == 0, "... AJ1");
	is_int(probe_unescape("\\q", out, sizeof(out), &len, err), -1,
	    "unknown escape");
	is_str(err, "probe: unknown escape \\q", "... says which");
	is_int(probe_unescape("x\\", out, sizeof(out), &len, err), -1,
	    "a backslash at the end");
	is_str(err, "probe: a \\ at the end", "... says so");
	is_int(probe_unescape("\\x4", out, sizeof(out), &len, err), -1,
	    "one hex digit");
	is_str(err, "probe: \\x wants two hex digits", "... says so");
	is_int(probe_unescape("", out, sizeof(out), &len, err), -1, "empty");
	is_str(err, "probe: empty", "... says so");
	memset(big, 'a', PROBE_MAX);
	big[PROBE_MAX] = '\0';
	is_int(probe_unescape(big, out, sizeof(out), &len, err), 0,
	    "PROBE_MAX bytes");
	is_int(len, PROBE_MAX, "... all of them");
	big[PROBE_MAX] = 'a';
	big[PROBE_MAX + 1] = '\0';
	is_int(probe_unescape(big, out, sizeof(out), &len, err), -1,
	    "one more is refused");
	is_str(err, "probe: longer than 1024 bytes", "... with the bound");
	len = 77;
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		err[0] = '\0';
		if (!ok(probe_unescape(bad[k], out, sizeof(out), &len, err) ==
		    -1 && err[0] != '\0', "refused with a reason"))
			printf("#   input '%s'\n", bad[k]);
	}
	is_int(len, 77, "refusals leave the length alone");
}

static void
test_http(void)
{
	char buf[512], st[64], sv[64];
	size_t n;

	n = probe_http("www.example.org", 80, buf, sizeof(buf));
	is_str(buf, "HEAD / HTTP/1.0\r\nHost: www.example.org\r\n"
	    "User-Agent: sockt/" SOCKT_VERSION "\r\nAccept: */*\r\n\r\n",
	    "HEAD with Host, port 80 left out");
	is_int(n, strlen(buf), "... its length");
	(void)probe_http("::1", 8080, buf, sizeof(buf));
	ok(strstr(buf, "\r\nHost: [::1]:8080\r\n") != NULL,
	    "an IPv6 address in brackets, the port");
	is_int(probe_http("a\r\nX: y", 80, buf, sizeof(buf)), 0,
	    "no header injection through the host");
	is_int(probe_http("", 80, buf, sizeof(buf)), 0, "no empty host");
	is_int(probe_http("example.org", 80, buf, 20), 0, "too small");

	is_int(probe_http_reply("HTTP/1.1 200 OK\r\nDate: x\r\nserver:  "
	    "nginx/1.22 \r\n\r\nServer: not this", 61, st, sizeof(st), sv,
	    sizeof(sv)), 0, "a reply");
	is_str(st, "HTTP/1.1 200 OK", "... status line");
	is_str(sv, "nginx/1.22", "... Server, any case, trimmed");
	is_int(probe_http_reply("HTTP/1.0 404 Not Found\n\nServer: body", 36,
	    st, sizeof(st), sv, sizeof(sv)), 0, "bare LF, no Server");
	is_str(st, "HTTP/1.0 404 Not Found", "... status line");
	is_str(sv, "", "... no Server in the body");
	is_int(probe_http_reply("SSH-2.0-x\r\n", 11, st, sizeof(st), sv,
	    sizeof(sv)), -1, "not HTTP");
	is_str(st, "", "... empty status");
	is_int(probe_http_reply("HTTP/1.1 200 OK\r\nServer: abcdefghij", 35,
	    st, 8, sv, 4), 0, "cut to fit");
	is_str(st, "HTTP/1.", "... status cut");
	is_str(sv, "abc", "... server cut");
}

static void
test_escape(void)
{
	static const char nasty[] = "a\0\"\\\r\n\t \x01\x1f\x7f\x80\xc3\x28"
	    "\xff}";
	char out[256];
	size_t n;

	n = esc_text(nasty, sizeof(nasty) - 1, 0, out, sizeof(out));
	is_str(out, "a\\x00\"\\\\\\r\\n\\t \\x01\\x1f\\x7f\\x80\\xc3(\\xff}",
	    "text: every byte escaped but printable ASCII");
	is_int(n, strlen(out), "... its length");
	(void)esc_text("a b\r\n\r\n", 7, ESC_GREP | ESC_TRIM, out,
	    sizeof(out));
	is_str(out, "a\\x20b", "grep: space escaped, line ends trimmed");
	(void)esc_text("\r\n", 2, ESC_TRIM, out, sizeof(out));
	is_str(out, "", "trim: only line ends");
	(void)esc_text("ab\x01", 3, 0, out, 6);
	is_str(out, "ab", "no half escape at the end of the room");

	n = esc_json(nasty, sizeof(nasty) - 1, out, sizeof(out));
	is_str(out, "a\\u0000\\\"\\\\\\r\\n\\t \\u0001\\u001f\\u007f\\u0080"
	    "\\u00c3(\\u00ff}", "json: quotes, controls, 0x7f-0xff");
	is_int(n, strlen(out), "... its length");
	(void)esc_json("\"\xff", 2, out, 8);
	is_str(out, "\\\"", "json: no half escape");
	(void)esc_json("x", 1, out, 1);
	is_str(out, "", "json: room for the NUL only");
}

int
main(void)
{
	test_unescape();
	test_http();
	test_escape();
	return tap_done();
}
