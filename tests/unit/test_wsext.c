/*
 * test_wsext.c: Sec-WebSocket-Extensions read (RFC 6455 9.1) and the
 * permessage-deflate negotiation (RFC 7692 7), parse/wsext.c: the
 * grammar, quoted values, each parameter's rules for an offer and for an
 * answer, the server's choice among offers, the answer's text, and the
 * window bits zlib is given; and RSV1 in a frame head (parse/ws.c),
 * taken only once the extension was agreed.
 */
#include <string.h>

#include "parse/ws.h"
#include "parse/wsext.h"
#include "tap.h"
#include "util/base.h"

/* accept(s): the server's choice; the answer formatted into out */
static int
accept(const char *s, char *out, char *err)
{
	struct wsext_pmd p;
	int r;

	out[0] = '\0';
	r = wsext_pmd_accept(s, strlen(s), &p, err);
	if (r == 1)
		(void)wsext_pmd_format(&p, out, WSEXT_TEXT_MAX);
	return r;
}

/* response(s): the client's reading of one answer field */
static int
response(const char *s, struct wsext_pmd *p, char *err)
{
	int count = 0;

	memset(p, 0, sizeof(*p));
	return wsext_pmd_response(s, strlen(s), p, &count, err);
}

static void
test_grammar(void)
{
	struct wsext e;
	char err[SK_ERRLEN];
	const char *s;
	size_t pos = 0;

	s = " , foo ; a=1;b = \"x\\yz\" ;c , bar,,";
	is_int(wsext_next(s, strlen(s), &pos, &e, err), 1, "list: first");
	is_str(e.name, "foo", "list: first name");
	is_int(e.nparams, 3, "list: three parameters");
	is_str(e.p[0].name, "a", "param a");
	is_str(e.p[0].value, "1", "param a=1");
	is_str(e.p[1].value, "xyz", "quoted value undone");
	ok(e.p[2].has_value == 0 && strcmp(e.p[2].name, "c") == 0,
	    "param without a value");
	is_int(wsext_next(s, strlen(s), &pos, &e, err), 1, "list: second");
	is_str(e.name, "bar", "list: second name");
	is_int(wsext_next(s, strlen(s), &pos, &e, err), 0, "list: end");
	pos = 0;
	is_int(wsext_next("", 0, &pos, &e, err), 0, "empty list");

	static const char *bad[] = {
		"foo bar", "foo;", "foo; =1", "foo; a=", "foo; a=\"x",
		"foo; a=\"x y\"", "foo; a=\"\"", ";a", "foo; a=1=2",
		"foo; a@b", "foo;a;b;c;d;e;f;g;h;i",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		NULL
	};
	for (int i = 0; bad[i] != NULL; i++) {
		char d[128];

		pos = 0;
		err[0] = '\0';
		snprintf(d, sizeof(d), "refused: %.60s", bad[i]);
		ok(wsext_next(bad[i], strlen(bad[i]), &pos, &e, err) == -1 &&
		    err[0] != '\0', d);
	}
}

static void
test_accept(void)
{
	char out[WSEXT_TEXT_MAX], err[SK_ERRLEN];

	/* what browsers, node's ws and python's websockets offer */
	is_int(accept("permessage-deflate; client_max_window_bits", out, err),
	    1, "browser offer taken");
	is_str(out, "permessage-deflate", "browser offer: plain answer");
	is_int(accept("permessage-deflate", out, err), 1, "bare offer");
	is_int(accept("PerMessage-Deflate", out, err), 1,
	    "name in any case");
	is_int(accept("permessage-deflate; server_no_context_takeover; "
	    "client_no_context_takeover; server_max_window_bits=10; "
	    "client_max_window_bits=12", out, err), 1, "every parameter");
	is_str(out, "permessage-deflate; server_no_context_takeover; "
	    "client_no_context_takeover; server_max_window_bits=10",
	    "every parameter: answered, no client limit");
	is_int(accept("permessage-deflate; server_max_window_bits=\"8\"", out,
	    err), 1, "quoted 8");
	is_str(out, "permessage-deflate; server_max_window_bits=8",
	    "8 answered as 8");
	/* the first valid offer, in the client's order */
	is_int(accept("x-webkit-deflate-frame, permessage-deflate; "
	    "server_max_window_bits=16, permessage-deflate; "
	    "client_no_context_takeover", out, err), 1, "second offer taken");
	is_str(out, "permessage-deflate; client_no_context_takeover",
	    "second offer's answer");
	/* declined */
	err[0] = '\0';
	is_int(accept("x-webkit-deflate-frame", out, err), 0,
	    "another extension: none");
	is_str(err, "", "another extension: nothing to say");
	static const char *no[] = {
		"permessage-deflate; server_max_window_bits",
		"permessage-deflate; server_max_window_bits=7",
		"permessage-deflate; server_max_window_bits=16",
		"permessage-deflate; server_max_window_bits=010",
		"permessage-deflate; client_max_window_bits=0x9",
		"permessage-deflate; server_no_context_takeover=1",
		"permessage-deflate; client_max_window_bits; "
		    "client_max_window_bits",
		"permessage-deflate; server_no_context_takeover; "
		    "server_no_context_takeover",
		"permessage-deflate; foo",
		NULL
	};
	for (int i = 0; no[i] != NULL; i++) {
		char d[160];

		err[0] = '\0';
		snprintf(d, sizeof(d), "declined: %.100s", no[i]);
		ok(accept(no[i], out, err) == 0 && err[0] != '\0', d);
	}
	is_int(accept("permessage-deflate; a b", out, err), -1,
	    "a list that does not parse");
}

static void
test_response(void)
{
	struct wsext_pmd p;
	char err[SK_ERRLEN], out[WSEXT_TEXT_MAX];
	int count = 0;

	is_int(response("permessage-deflate", &p, err), 0, "plain answer");
	ok(p.server_no_context_takeover == 0 && p.client_max_window_bits ==
	    0, "plain answer: nothing set");
	is_int(response("permessage-deflate; server_no_context_takeover; "
	    "client_no_context_takeover; server_max_window_bits=9; "
	    "client_max_window_bits=8", &p, err), 0, "every parameter");
	ok(p.server_no_context_takeover && p.client_no_context_takeover &&
	    p.server_max_window_bits == 9 && p.client_max_window_bits == 8,
	    "every parameter read");
	(void)wsext_pmd_format(&p, out, sizeof(out));
	is_str(out, "permessage-deflate; server_no_context_takeover; "
	    "client_no_context_takeover; server_max_window_bits=9; "
	    "client_max_window_bits=8", "format");
	static const char *no[] = {
		"x-webkit-deflate-frame",
		"permessage-deflate, permessage-deflate",
		"permessage-deflate; client_max_window_bits",
		"permessage-deflate; server_max_window_bits=20",
		"permessage-deflate; bogus",
		"permessage-deflate; client_no_context_takeover=yes",
		"permessage-deflate;",
		NULL
	};
	for (int i = 0; no[i] != NULL; i++) {
		char d[160];

		err[0] = '\0';
		snprintf(d, sizeof(d), "answer refused: %.100s", no[i]);
		ok(response(no[i], &p, err) == -1 && err[0] != '\0', d);
	}
	/* two fields, one extension each: twice agreed */
	memset(&p, 0, sizeof(p));
	ok(wsext_pmd_response("permessage-deflate", 18, &p, &count,
	    err) == 0 && wsext_pmd_response("permessage-deflate", 18, &p,
	    &count, err) == -1, "two fields: refused");
}

static void
test_bits(void)
{
	is_int(wsext_pmd_bits(0), 15, "no limit: 15");
	is_int(wsext_pmd_bits(-1), 15, "a limit the client may take: 15");
	is_int(wsext_pmd_bits(8), 9, "8: zlib's 9 (matches reach 250)");
	is_int(wsext_pmd_bits(9), 9, "9");
	is_int(wsext_pmd_bits(12), 12, "12");
	is_int(wsext_pmd_bits(15), 15, "15");
}

/* RSV1, permessage-deflate's bit, taken only when it was agreed */
static void
test_rsv1(void)
{
	static const unsigned char rsv1[] = { 0xc1, 0x01, 'x' };
	static const unsigned char rsv2[] = { 0xa1, 0x01, 'x' };
	static const unsigned char none[] = { 0x81, 0x01, 'x' };
	struct ws_head h;
	char err[SK_ERRLEN];

	is_int(ws_head_parse(rsv1, 3, &h, err), -1, "RSV1: refused alone");
	ok(ws_head_parse_rsv1(rsv1, 3, 1, &h, err) == 2 && h.rsv1 &&
	    h.fin && h.opcode == 1, "RSV1 agreed: taken, rsv1 set");
	ok(ws_head_parse_rsv1(none, 3, 1, &h, err) == 2 && !h.rsv1,
	    "no RSV1: rsv1 clear");
	ok(ws_head_parse_rsv1(rsv2, 3, 1, &h, err) == -1 &&
	    strstr(err, "no agreed extension") != NULL,
	    "RSV2 with deflate agreed: refused");
}

int
main(void)
{
	test_rsv1();
	test_grammar();
	test_accept();
	test_response();
	test_bits();
	return tap_done();
}
