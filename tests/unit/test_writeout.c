/* Unit tests for --write-out formats (src/writeout.c). */
#include <string.h>

#include "parse/http.h"
#include "parse/writeout.h"
#include "tap.h"

static char got[2][4096];	/* [0] stdout, [1] stderr */
static size_t gotn[2];
static char unk[256];

static void
put(void *arg, int to_stderr, const char *p, size_t n)
{
	(void)arg;
	if (gotn[to_stderr] + n < sizeof(got[0])) {
		memcpy(got[to_stderr] + gotn[to_stderr], p, n);
		gotn[to_stderr] += n;
		got[to_stderr][gotn[to_stderr]] = '\0';
	}
}

static void
unknown(void *arg, const char *p, size_t n)
{
	size_t l = strlen(unk);

	(void)arg;
	if (l + n + 2 < sizeof(unk)) {
		memcpy(unk + l, p, n);
		unk[l + n] = ';';
		unk[l + n + 1] = '\0';
	}
}

static const char *
render(const char *fmt, const struct wo_values *v)
{
	static const struct wo_sink k = { NULL, put, unknown };

	gotn[0] = gotn[1] = 0;
	got[0][0] = got[1][0] = '\0';
	unk[0] = '\0';
	wo_render(fmt, strlen(fmt), v, &k);
	return got[0];
}

int
main(void)
{
	char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	    "X-A: one\r\nx-a: two\r\nX-Bin: \"q\\\xff\xc3\xa9\r\n\r\n";
	char err[128], file[] = "%{http_code}\n\\n\r\nx\ry\nz";
	struct http_resp r;
	struct wo_values v;
	size_t n;

	memset(&v, 0, sizeof(v));
	v.url_effective = "http://h/";
	v.remote_ip = "";
	is_str(render("%{http_code} %{response_code}", &v), "000 000",
	    "no response: 000, as curl");
	is_str(render("%{json}", &v), "{\"certs\":\"\",\"content_type\":null,"
	    "\"errormsg\":null,\"exitcode\":0,\"filename_effective\":null,"
	    "\"ftp_entry_path\":null,\"http_code\":0,\"http_connect\":0,"
	    "\"http_version\":\"0\",\"local_ip\":\"\",\"local_port\":0,"
	    "\"method\":null,\"num_certs\":0,\"num_connects\":0,"
	    "\"num_headers\":0,\"num_redirects\":0,"
	    "\"proxy_ssl_verify_result\":0,\"redirect_url\":null,"
	    "\"referer\":null,\"remote_ip\":\"\","
	    "\"remote_port\":0,\"response_code\":0,\"scheme\":null,"
	    "\"size_download\":0,\"size_header\":0,\"size_request\":0,"
	    "\"size_upload\":0,\"speed_download\":0,\"speed_upload\":0,"
	    "\"ssl_verify_result\":0,\"time_appconnect\":0.000000,"
	    "\"time_connect\":0.000000,"
	    "\"time_namelookup\":0.000000,\"time_pretransfer\":0.000000,"
	    "\"time_redirect\":0.000000,\"time_starttransfer\":0.000000,"
	    "\"time_total\":0.000000,\"url\":null,"
	    "\"url_effective\":\"http://h/\",\"urlnum\":0}",
	    "%{json} with nothing: curl 7.88's keys, in its order");
	v.version = "sockt/1";
	render("%{json}", &v);
	ok(gotn[0] > 26 && strcmp(got[0] + gotn[0] - 26,
	    ",\"curl_version\":\"sockt/1\"}") == 0,
	    "%{json}: curl's last key, curl_version, when given");
	v.version = NULL;
	is_str(render("[%{header_json}] %{num_headers} %{http_version}",
	    &v), "[{\n}] 0 0", "no head: header_json empty, 0 headers, "
	    "version 0");
	is_str(render("a%{onerror}b", &v), "a", "%{onerror}: the rest only "
	    "on failure");
	v.exitcode = 7;
	v.errormsg = "refused";
	is_str(render("a%{onerror}b %{errormsg}", &v), "ab refused",
	    "... which it is; %{errormsg}");
	v.exitcode = 0;
	v.errormsg = NULL;
	is_str(render("%{http_connect} %{method}", &v), "000 ",
	    "http_connect three digits, as http_code");
	v.url = "h/x";
	v.urlnum = 12;
	is_str(render("%{urlnum} %{url}", &v), "12 h/x",
	    "%{urlnum} and %{url}: the URL's place and the URL as given");
	v.url = NULL;
	v.urlnum = 0;

	ok(http_head_parse(head, sizeof(head) - 1, &r, err) > 0, "head parses");
	v.resp = &r;
	v.http_code = 200;
	v.exitcode = 22;
	v.num_redirects = 2;
	v.size_download = 1000;
	v.size_header = 77;
	v.time_namelookup = 12;
	v.time_connect = 1234;
	v.time_starttransfer = 1500000;
	v.time_total = 2000000;
	v.remote_ip = "::1";
	v.remote_port = 8080;
	is_str(render("%{http_code} %{exitcode} %{num_redirects} "
	    "%{size_download} %{size_header} %{speed_download} "
	    "%{remote_ip} %{remote_port} %{content_type} %{url_effective}",
	    &v), "200 22 2 1000 77 500 ::1 8080 text/plain http://h/",
	    "every plain variable");
	v.scheme = "HTTPS";
	v.ssl_verify_result = 18;
	is_str(render("%{scheme} %{ssl_verify_result}", &v), "HTTPS 18",
	    "%{scheme} and %{ssl_verify_result}");
	render("%{json}", &v);
	ok(strstr(got[0], "\"scheme\":\"HTTPS\",") != NULL &&
	    strstr(got[0], "\"ssl_verify_result\":18,") != NULL,
	    "%{json}: scheme and ssl_verify_result");
	v.scheme = NULL;
	v.ssl_verify_result = 0;
	is_str(render("%{time_namelookup} %{time_connect} "
	    "%{time_starttransfer} %{time_total}", &v),
	    "0.000012 0.001234 1.500000 2.000000", "times: 6 decimals");
	is_str(render("%{header_json}", &v), "{\"content-type\":[\"text/plain\"],"
	    "\n\"x-a\":[\"one\",\"two\"],\n\"x-bin\":[\"\\\"q\\\\\\u00ff\xc3\xa9\"]"
	    "\n}", "%{header_json}: names lower case, repeated fields in one "
	    "array, as curl 7.88");
	is_str(render("%{num_headers} %{http_version}", &v), "4 1.1",
	    "%{num_headers}, %{http_version}");
	r.minor = 0;
	is_str(render("%{http_version}", &v), "1", "HTTP/1.0 is \"1\", as "
	    "curl maps it");
	r.minor = 1;
	v.http_connect = 200;
	v.method = "HEAD";
	v.referer = "http://r/";
	v.filename = "f";
	v.redirect_url = "http://h/a";
	v.local_ip = "127.0.0.1";
	v.local_port = 5;
	v.num_connects = 2;
	v.size_request = 84;
	v.time_appconnect = 3;
	v.time_pretransfer = 4;
	v.time_redirect = 5;
	is_str(render("%{http_connect} %{method} %{referer} "
	    "%{filename_effective} %{redirect_url} %{local_ip} %{local_port} "
	    "%{num_connects} %{size_request} %{size_upload} %{speed_upload} "
	    "%{num_certs} [%{certs}] [%{ftp_entry_path}] "
	    "%{proxy_ssl_verify_result} %{time_appconnect} "
	    "%{time_pretransfer} %{time_redirect}", &v),
	    "200 HEAD http://r/ f http://h/a 127.0.0.1 5 2 84 0 0 0 [] [] 0 "
	    "0.000003 0.000004 0.000005", "curl 7.88's other variables");
	is_str(unk, "", "... all known");
	v.http_connect = 0;
	v.method = v.referer = v.filename = v.redirect_url = NULL;
	v.local_ip = NULL;
	v.local_port = 0;
	v.num_connects = 0;
	v.size_request = 0;
	v.time_appconnect = v.time_pretransfer = v.time_redirect = 0;
	is_str(render("[%header{x-a}] [%{header{X-A}}] [%header{nope}]", &v),
	    "[one] [one] []", "%header{name}: the first, any case, both "
	    "spellings");
	is_str(render("a%%b%zc%", &v), "a%b%zc%", "%% and stray %");
	is_str(render("x%{y", &v), "x%{y", "%{ without } is text");
	is_str(render("x%header{y", &v), "x%header{y", "%header{ without }");
	is_str(render("<%{bogus}>", &v), "<>", "unknown: nothing");
	is_str(unk, "bogus;", "... and the sink hears its name");
	is_str(render("%{header{x-a}", &v), "", "%{header{x-a} is unknown");
	is_str(unk, "header{x-a;", "... as in curl");
	is_str(render("a\\nb\\tc\\rd\\\\e\\qf\\", &v),
	    "a\nb\tc\rd\\e\\qf\\", "escapes");
	render("1%{stderr}2%{stdout}3%{stderr}4", &v);
	is_str(got[0], "13", "%{stdout} part");
	is_str(got[1], "24", "%{stderr} part");
	render("%{json}", &v);
	ok(strstr(got[0], "\"content_type\":\"text/plain\"") != NULL &&
	    strstr(got[0], "\"http_code\":200,") != NULL &&
	    strstr(got[0], "\"time_total\":2.000000,") != NULL,
	    "%{json} values");
	v.url_effective = "http://h/\"q\\\x01\x7f\xff\xc3\xa9\xed\xa0\x80";
	render("%{json}", &v);
	ok(strstr(got[0], "\"url_effective\":\"http://h/\\\"q\\\\\\u0001\x7f"
	    "\\u00ff\xc3\xa9\\u00ed\\u00a0\\u0080\",") != NULL,
	    "%{json}: quotes, controls and bad UTF-8 escaped, good kept");
	is_str(render("%header{X-Bin}", &v), "\"q\\\xff\xc3\xa9",
	    "a header as it came, outside JSON");
	v.certs = "A:b\tc\n\b\f\r\x0b-----END\n";
	render("%{json}", &v);
	ok(strstr(got[0], "{\"certs\":\"A:b\\tc\\n\\b\\f\\r\\u000b"
	    "-----END\\n\",") != NULL,
	    "%{json}: \\b \\f \\n \\r \\t as curl's, other controls \\u00XX");
	is_str(render("%{certs}", &v), v.certs, "%{certs}: the text as it is");
	v.certs = NULL;
	is_str(render("[%{certs}]", &v), "[]", "%{certs}: none, nothing");

	n = wo_strip_lines(file, strlen(file));
	file[n] = '\0';
	is_str(file, "%{http_code}\\nxz", "@FILE: lines joined, cut at CR");
	return tap_done();
}
