/*
 * Unit tests for src/parse/tlsfields.c: portscan --probe tls's fields,
 * their packed form and how the table, -g, -oG and -j write them, with
 * the nastiest bytes a certificate can hold.
 */
#include <stdio.h>
#include <string.h>

#include "parse/tlsfields.h"
#include "tap.h"
#include "util/base.h"

/* a string field, as snprintf fills it */
#define SET(dst, s)	snprintf((dst), sizeof(dst), "%s", (s))

static struct tls_fields f, g;
static char out[TLSF_JSON_MAX], pk[TLSF_PACK_MAX];

static void
sample(void)
{
	memset(&f, 0, sizeof(f));
	SET(f.version, "TLSv1.3");
	SET(f.cipher, "TLS_AES_256_GCM_SHA384");
	f.has_cert = 1;
	SET(f.subject, "CN = localhost");
	SET(f.issuer, "CN = sockt test root");
	SET(f.not_after, "2027-01-01T00:00:00Z");
	f.days_left = 364;
	(void)tlsf_san_add(&f, "DNS:", "localhost", 9);
	(void)tlsf_san_add(&f, "IP:", "::1", 3);
}

static void
test_days(void)
{
	is_int(tlsf_days(0), 0, "now: 0 days");
	is_int(tlsf_days(86399), 0, "a second short of a day: 0");
	is_int(tlsf_days(86400), 1, "a day: 1");
	is_int(tlsf_days(-1), -1, "a second ago: -1, expired");
	is_int(tlsf_days(-86400), -1, "a day ago: -1");
	is_int(tlsf_days(-86401), -2, "a day and a second ago: -2");
}

static void
test_san(void)
{
	const unsigned char *p;
	size_t off = 0, n, k;
	char big[300];
	int added = 0;

	memset(&f, 0, sizeof(f));
	is_int(tlsf_san_add(&f, "DNS:", "a\0b", 3), 0, "a name with a NUL");
	ok(tlsf_san_next(&f, &off, &p, &n) && n == 7 &&
	    memcmp(p, "DNS:a\0b", 7) == 0, "... back whole, NUL and all");
	is_int(tlsf_san_next(&f, &off, &p, &n), 0, "... then the end");
	memset(big, 'x', sizeof(big));
	(void)tlsf_san_add(&f, "DNS:", big, sizeof(big));
	ok(tlsf_san_next(&f, &off, &p, &n) && n == 250, "cut at 250 bytes");
	for (k = 0; k < 20; k++)
		added += tlsf_san_add(&f, "DNS:", big, 200) == 0;
	is_int(added, 6, "the room fills");
	is_int(f.san_more, 14, "... the rest counted");
}

static void
test_pack(void)
{
	static const char *bad[] = {
		"V", "V\0", "V\0\2a", "Z\0\0", "V\0\0", "V\0\3a\0b",
		"F\0\4\0\0\0\x10", "D\0\2\0\0", "X\0\1a", "N\0\2\5a",
		"N\0\1\0", "M\0\1\0"
	};
	static const size_t badlen[] = { 1, 2, 4, 3, 3, 6, 7, 5, 4, 5, 4, 4 };
	size_t n, k;

	sample();
	f.days_left = -1234567890123LL;
	f.flags = TLSF_EXPIRED | TLSF_NAME_MISMATCH;
	f.san_more = 7;
	SET(f.error, "TLS handshake failed: x");
	ok(tlsf_pack(&f, pk, sizeof(pk), &n) == 0 && n > 0, "packed");
	is_int(tlsf_unpack(pk, n, &g), 0, "unpacked");
	ok(memcmp(&f, &g, sizeof(f)) == 0, "... the same fields");
	is_int(tlsf_pack(&f, pk, 10, &n), -1, "no room: -1");
	memset(&f, 0, sizeof(f));
	ok(tlsf_pack(&f, pk, sizeof(pk), &n) == 0 && n == 0,
	    "no fields: nothing");
	is_int(tlsf_unpack("", 0, &g), 0, "... and back");
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		if (!ok(tlsf_unpack(bad[k], badlen[k], &g) == -1,
		    "a form tlsf_pack never writes is refused"))
			printf("#   input %zu\n", k);
}

static void
test_text(void)
{
	sample();
	f.flags = TLSF_SELF_SIGNED | TLSF_EXPIRED;
	tlsf_text(&f, TLSF_TABLE, out, sizeof(out));
	is_str(out, "tls=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "
	    "subject=\"CN = localhost\" issuer=\"CN = sockt test root\" "
	    "san=\"DNS:localhost, IP:::1\" notAfter=2027-01-01T00:00:00Z "
	    "days=364 flags=expired,self-signed", "table");
	tlsf_text(&f, TLSF_GREP, out, sizeof(out));
	is_str(out, "tls=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "
	    "subject=CN\\x20=\\x20localhost "
	    "issuer=CN\\x20=\\x20sockt\\x20test\\x20root "
	    "san=DNS:localhost,IP:::1 notAfter=2027-01-01T00:00:00Z "
	    "days=364 flags=expired,self-signed", "-g");
	tlsf_text(&f, TLSF_OG, out, sizeof(out));
	is_str(out, "tls=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "
	    "subject=\"CN = localhost\" issuer=\"CN = sockt test root\" "
	    "san=\"DNS:localhost IP:::1\" notAfter=2027-01-01T00:00:00Z "
	    "days=364 flags=expired+self-signed", "-oG");

	/* the peer's bytes: quotes, commas, slashes, controls, UTF-8 */
	SET(f.subject, "CN = \"a,b\"/c\\d\ne\xc3\xa9");
	f.san_len = 0;
	(void)tlsf_san_add(&f, "DNS:", "x, y\"", 5);
	f.san_more = 3;
	f.flags = 0;
	tlsf_text(&f, TLSF_TABLE, out, sizeof(out));
	is_str(out, "tls=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "
	    "subject=\"CN = \\x22a,b\\x22/c\\\\d\\ne\\xc3\\xa9\" "
	    "issuer=\"CN = sockt test root\" san=\"DNS:x\\x2c y\\x22\" "
	    "san_more=3 notAfter=2027-01-01T00:00:00Z days=364",
	    "table: escaped, quotes cannot end a value nor commas a name");
	tlsf_text(&f, TLSF_GREP, out, sizeof(out));
	is_str(out, "tls=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "
	    "subject=CN\\x20=\\x20\"a,b\"/c\\\\d\\ne\\xc3\\xa9 "
	    "issuer=CN\\x20=\\x20sockt\\x20test\\x20root "
	    "san=DNS:x\\x2c\\x20y\" san_more=3 "
	    "notAfter=2027-01-01T00:00:00Z days=364",
	    "-g: no space, no comma inside a name");
	tlsf_text(&f, TLSF_OG, out, sizeof(out));
	is_str(out, "tls=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "
	    "subject=\"CN = \\x22a\\x2cb\\x22\\x2fc\\\\d\\ne\\xc3\\xa9\" "
	    "issuer=\"CN = sockt test root\" san=\"DNS:x\\x2c\\x20y\\x22\" "
	    "san_more=3 notAfter=2027-01-01T00:00:00Z days=364",
	    "-oG: no comma, no slash");

	memset(&f, 0, sizeof(f));
	SET(f.error, "not TLS (wrong version number)");
	tlsf_text(&f, TLSF_TABLE, out, sizeof(out));
	is_str(out, "tls-error=\"not TLS (wrong version number)\"",
	    "table: no session");
	tlsf_text(&f, TLSF_GREP, out, sizeof(out));
	is_str(out, "tls-error=not\\x20TLS\\x20(wrong\\x20version\\x20number)",
	    "-g: no session");
	is_int(tlsf_text(&f, TLSF_TABLE, out, 20), 0, "no room: 0");
	is_str(out, "", "... and empty");
}

static void
test_json(void)
{
	sample();
	f.flags = TLSF_NAME_MISMATCH | TLSF_NOT_YET_VALID;
	SET(f.subject, "CN = \"q\"\x01\xff");
	tlsf_json(&f, out, sizeof(out));
	is_str(out, "\"tls\":{\"version\":\"TLSv1.3\","
	    "\"cipher\":\"TLS_AES_256_GCM_SHA384\","
	    "\"subject\":\"CN = \\\"q\\\"\\u0001\\u00ff\","
	    "\"issuer\":\"CN = sockt test root\","
	    "\"san\":[\"DNS:localhost\",\"IP:::1\"],\"san_more\":0,"
	    "\"not_after\":\"2027-01-01T00:00:00Z\",\"days_left\":364,"
	    "\"flags\":[\"not-yet-valid\",\"name-mismatch\"]},"
	    "\"tls_error\":null", "json");
	SET(f.error, "TLS handshake failed: y");
	f.flags = 0;
	f.days_left = -3;
	tlsf_json(&f, out, sizeof(out));
	is_str(out, "\"tls\":{\"version\":null,\"cipher\":null,"
	    "\"subject\":\"CN = \\\"q\\\"\\u0001\\u00ff\","
	    "\"issuer\":\"CN = sockt test root\","
	    "\"san\":[\"DNS:localhost\",\"IP:::1\"],\"san_more\":0,"
	    "\"not_after\":\"2027-01-01T00:00:00Z\",\"days_left\":-3,"
	    "\"flags\":[]},\"tls_error\":\"TLS handshake failed: y\"",
	    "json: a failure that brought the certificate");
	memset(&f, 0, sizeof(f));
	SET(f.error, "TLS handshake timed out");
	tlsf_json(&f, out, sizeof(out));
	is_str(out, "\"tls\":null,\"tls_error\":\"TLS handshake timed out\"",
	    "json: no session, no certificate");
	memset(&f, 0, sizeof(f));
	SET(f.version, "TLSv1.2");
	SET(f.cipher, "ECDHE-RSA-AES128-GCM-SHA256");
	tlsf_json(&f, out, sizeof(out));
	is_str(out, "\"tls\":{\"version\":\"TLSv1.2\","
	    "\"cipher\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"subject\":null,"
	    "\"issuer\":null,\"san\":[],\"san_more\":0,\"not_after\":null,"
	    "\"days_left\":null,\"flags\":[]},\"tls_error\":null",
	    "json: a session without a certificate");
	is_int(tlsf_json(&f, out, 30), 0, "no room: 0");
	is_str(out, "", "... and empty");
}

/* After a STARTTLS dialogue: its name first; its failure, its own field. */
static void
test_starttls(void)
{
	size_t n;

	sample();
	SET(f.starttls, "smtp");
	ok(tlsf_pack(&f, pk, sizeof(pk), &n) == 0, "starttls: packed");
	is_int(tlsf_unpack(pk, n, &g), 0, "starttls: unpacked");
	ok(memcmp(&f, &g, sizeof(f)) == 0, "... the same fields");
	tlsf_text(&f, TLSF_TABLE, out, sizeof(out));
	ok(strncmp(out, "starttls=smtp tls=", 18) == 0,
	    "table: starttls=smtp first");
	tlsf_json(&f, out, sizeof(out));
	ok(strncmp(out, "\"starttls\":\"smtp\",\"starttls_error\":null,"
	    "\"tls\":{", 44) == 0, "json: starttls, no error, then tls");
	memset(&f, 0, sizeof(f));
	SET(f.starttls, "pop3");
	SET(f.starttls_error, "the server does not offer STLS (CAPA: UIDL)");
	ok(tlsf_pack(&f, pk, sizeof(pk), &n) == 0 &&
	    tlsf_unpack(pk, n, &g) == 0 && memcmp(&f, &g, sizeof(f)) == 0,
	    "a refusal packed and back");
	tlsf_text(&f, TLSF_TABLE, out, sizeof(out));
	is_str(out, "starttls=pop3 starttls-error=\"the server does not offer "
	    "STLS (CAPA: UIDL)\"", "table: the refusal alone");
	tlsf_text(&f, TLSF_GREP, out, sizeof(out));
	is_str(out, "starttls=pop3 starttls-error=the\\x20server\\x20does"
	    "\\x20not\\x20offer\\x20STLS\\x20(CAPA:\\x20UIDL)",
	    "-g: the refusal, one word");
	tlsf_json(&f, out, sizeof(out));
	is_str(out, "\"starttls\":\"pop3\",\"starttls_error\":\"the server "
	    "does not offer STLS (CAPA: UIDL)\",\"tls\":null,"
	    "\"tls_error\":null", "json: the refusal, tls and its error null");
}

int
main(void)
{
	test_days();
	test_san();
	test_pack();
	test_text();
	test_json();
	test_starttls();
	return tap_done();
}
