/*
 * Unit tests for one URL's tries (http/try.c): which redirects are
 * followed (the schemes allowed, --max-redirs, a loop), when a final
 * head plans a retry, when a failed try goes again (the failures that
 * may, --retry's count and --retry-max-time, kept bytes).
 */
#include <errno.h>
#include <string.h>

#include "http/engine.h"
#include "http/output.h"
#include "http/try.h"
#include "parse/proto.h"
#include "parse/retry.h"
#include "parse/url.h"
#include "tap.h"

static struct url a, b, c, s;

static void
test_redirect(void)
{
	struct htry t;
	char err[256];

	ok(url_parse("http://a.test/1", &a, err) == 0 &&
	    url_parse("http://b.test/2", &b, err) == 0 &&
	    url_parse("http://a.test/1", &c, err) == 0 &&
	    url_parse("https://s.test/", &s, err) == 0, "the URLs");
	memset(&t, 0, sizeof(t));
	htry_init(&t);
	is_int(htry_redirect(&t, PROTO_ALL, 50, &b), HTRY_GO,
	    "a to b: followed");
	is_int(t.nredirs, 1, "... counted");
	is_int(htry_redirect(&t, PROTO_ALL, 50, &c), HTRY_GO,
	    "b back to a: followed again, as curl (no loop rule)");
	is_int(t.nredirs, 2, "... counted");
	is_int(htry_redirect(&t, PROTO_HTTP, 50, &s), HTRY_SCHEME,
	    "to https:// when only http:// is allowed");
	htry_reset(&t);
	is_int(t.nredirs, 0, "a new try: none yet");
	is_int(htry_redirect(&t, PROTO_ALL, 50, &a), HTRY_GO,
	    "b to a, a new try");
	is_int(htry_redirect(&t, PROTO_ALL, 1, &s), HTRY_TOO_MANY,
	    "past --max-redirs 1");
	is_int(htry_redirect(&t, PROTO_ALL, -1, &s), HTRY_GO,
	    "-1: no limit");
	htry_free(&t);
}

static void
test_retry(void)
{
	struct retry_opts ro = { 2, 10, 0, 0 };
	struct httpc_result res;
	struct output out;
	struct htry t;
	long long wait;

	memset(&t, 0, sizeof(t));
	memset(&res, 0, sizeof(res));
	output_init(&out, NULL);
	htry_init(&t);
	is_int(htry_head(&t, &ro, 404, 0), HTRY_NO, "404: no retry");
	is_int(htry_head(&t, &ro, 503, 5), HTRY_KEPT, "503, 5 bytes kept");
	ok(!t.planned, "... not planned");
	is_int(htry_head(&t, &ro, 503, 0), HTRY_GO, "503: planned");
	ok(t.planned && t.plan_wait == 10, "... after --retry-delay");
	res.status = 503;
	is_int(htry_again(&t, &ro, 0, HTTPC_HTTP_ERROR, &res, 0, &out, 0,
	    &wait), HTRY_GO, "the planned one goes");
	ok(wait == 10 && t.rs.used == 1, "... after 10 ms, one used");
	htry_reset(&t);
	ok(!t.planned && t.after_ms == -1, "a new try: nothing planned");

	res.sys_err = ECONNREFUSED;
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_CONNECT, &res, 0, &out,
	    0, &wait), HTRY_NO, "refused: not without --retry-connrefused");
	is_int(htry_again(&t, &ro, 1, HTTPC_ERR_CONNECT, &res, 0, &out,
	    0, &wait), HTRY_GO, "... with it");
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_TIMEOUT, &res, 0, &out,
	    0, &wait), HTRY_NO, "a third: none left");
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_PROTOCOL, &res, 0, &out,
	    0, &wait), HTRY_NO, "a protocol error: never");

	ro.max = 5;
	ro.max_time_ms = 1;
	ro.delay_ms = 1000;
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_TIMEOUT, &res, 0, &out,
	    0, &wait), HTRY_TIME_UP, "a wait past --retry-max-time");
	ro.max_time_ms = 0;
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_TIMEOUT, &res, 7, &out,
	    0, &wait), HTRY_KEPT, "7 bytes written: not again");
	t.after_ms = 5000;
	res.status = 429;
	ro.delay_ms = 10;
	is_int(htry_again(&t, &ro, 0, HTTPC_HTTP_ERROR, &res, 0, &out,
	    0, &wait), HTRY_GO, "429 with Retry-After");
	is_int(wait, 5000, "... the longer wait wins");
	htry_free(&t);
}

/* A resume's cut: its bytes stay, a retry goes on after them. */
static void
test_cut(void)
{
	struct retry_opts ro = { 3, 0, 0, 0 };
	struct httpc_result res;
	struct htry t;
	long long wait;

	memset(&res, 0, sizeof(res));
	htry_init(&t);
	t.rs.backoff_ms = 8000;
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_PROTOCOL, &res, 0, NULL, 0,
	    &wait), HTRY_NO, "a cut body, nothing kept: no retry");
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_PROTOCOL, &res, 0, NULL, 1,
	    &wait), HTRY_GO, "... its bytes kept for a resume: again");
	is_int(wait, 1000, "... the wait back at its first");
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_READ, &res, 0, NULL, 1,
	    &wait), HTRY_GO, "a reset inside the body: again");
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_TOO_LARGE, &res, 0, NULL, 1,
	    &wait), HTRY_NO, "over --max-filesize: never");
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_DECODE, &res, 0, NULL, 1,
	    &wait), HTRY_NO, "a decoding error: never");
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_TLS, &res, 0, NULL, 1,
	    &wait), HTRY_GO, "TLS cut inside the body: again");
	is_int(htry_again(&t, &ro, 0, HTTPC_ERR_TIMEOUT, &res, 0, NULL, 1,
	    &wait), HTRY_NO, "none left");
	is_int((int)t.rs.used, 3, "... three taken");
	htry_free(&t);
}

int
main(void)
{
	test_redirect();
	test_retry();
	test_cut();
	return tap_done();
}
