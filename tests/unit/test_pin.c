/*
 * Unit tests for src/parse/pin.c: --pinnedpubkey's sha256// hashes and
 * public key files.  The key is a P-256 key made once with openssl; its
 * hash is openssl's: pkey -pubin -outform DER | dgst -sha256 | base64.
 */
#include <string.h>

#include "parse/pin.h"
#include "tap.h"
#include "util/base.h"

static const char pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcTirhzuU4mLVVguTZ6S1Ps7yyb7M\r\n"
    "3HNo4F72TDZsTlc8b5+1TIEXOYEwpm/dCddj9UL2vBkbuH25ATNNsbP/QA==\n"
    "-----END PUBLIC KEY-----\n";
static const unsigned char der[] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
	0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01,
	0x07, 0x03, 0x42, 0x00, 0x04, 0x71, 0x38, 0xab, 0x87, 0x3b, 0x94,
	0xe2, 0x62, 0xd5, 0x56, 0x0b, 0x93, 0x67, 0xa4, 0xb5, 0x3e, 0xce,
	0xf2, 0xc9, 0xbe, 0xcc, 0xdc, 0x73, 0x68, 0xe0, 0x5e, 0xf6, 0x4c,
	0x36, 0x6c, 0x4e, 0x57, 0x3c, 0x6f, 0x9f, 0xb5, 0x4c, 0x81, 0x17,
	0x39, 0x81, 0x30, 0xa6, 0x6f, 0xdd, 0x09, 0xd7, 0x63, 0xf5, 0x42,
	0xf6, 0xbc, 0x19, 0x1b, 0xb8, 0x7d, 0xb9, 0x01, 0x33, 0x4d, 0xb1,
	0xb3, 0xff, 0x40
};
#define HASH	"sha256//CEYC1awYgXeZbXzjP4pj8pXNN0dc6AAbO5BbaYikaTc="
/* its bytes, from the base64 above */
static const unsigned char hash0[4] = { 0x08, 0x46, 0x02, 0xd5 };

static void
hashes(void)
{
	static const char *bad[] = {
		"", "sha256//", "sha1//CEYC1awYgXeZbXzjP4pj8pXNN0dc6AAbO5BbaYikaTc=",
		"sha256//CEYC1awYgXeZbXzjP4pj8pXNN0dc6AAbO5BbaYikaTc",
		"sha256//CEYC1awYgXeZbXzjP4pj8pXNN0dc6AAbO5BbaYikaTc==",
		"sha256//CEYC1awYgXeZbXzjP4pj8pXNN0dc6AAbO5BbaYikaTd=",
		"sha256//CEYC1awYgXeZbXzjP4pj8pXNN0dc6AAbO5BbaYik*Tc=",
		HASH ";", HASH ";;" HASH, HASH "; " HASH
	};
	struct pin_set ps;
	char err[SK_ERRLEN], many[64 * 60];
	size_t i;

	ok(pin_is_hashes(HASH), "sha256// is hashes");
	ok(!pin_is_hashes("key.pem"), "a file name is not");
	memset(&ps, 0, sizeof(ps));
	is_int(pin_parse(HASH, &ps, err), 0, "one hash");
	is_int((int)ps.n, 1, "one hash: counted");
	ok(memcmp(ps.sha256[0], hash0, sizeof(hash0)) == 0,
	    "one hash: its bytes");
	is_int(pin_parse(HASH ";sha256//"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", &ps, err), 0,
	    "two hashes");
	is_int((int)ps.n, 2, "two hashes: counted");
	ok(ps.sha256[1][0] == 0 && ps.sha256[1][31] == 0,
	    "two hashes: the second's bytes");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(pin_parse(bad[i], &ps, err), -1, bad[i]);
	pin_parse("sha256//x", &ps, err);
	is_str(err, "--pinnedpubkey: sha256//x: not the base64 of a SHA-256 "
	    "(44 characters)", "a bad hash: the message");
	pin_parse("md5//x", &ps, err);
	is_str(err, "--pinnedpubkey: md5//x: not sha256//BASE64",
	    "another algorithm: the message");
	many[0] = '\0';
	for (i = 0; i <= PIN_MAX; i++) {
		if (i > 0)
			strcat(many, ";");
		strcat(many, HASH);
	}
	is_int(pin_parse(many, &ps, err), -1, "too many hashes");
	is_str(err, "--pinnedpubkey: more than 32 hashes",
	    "too many: the message");
}

static void
keys(void)
{
	unsigned char b[512];
	char err[SK_ERRLEN];
	size_t n = 0;

	memcpy(b, pem, sizeof(pem) - 1);
	is_int(pin_key_der(b, sizeof(pem) - 1, &n, err), 0, "a PEM key");
	is_int((int)n, (int)sizeof(der), "a PEM key: its DER's length");
	ok(memcmp(b, der, sizeof(der)) == 0, "a PEM key: its DER");
	memcpy(b, der, sizeof(der));
	is_int(pin_key_der(b, sizeof(der), &n, err), 0, "a DER key");
	is_int((int)n, (int)sizeof(der), "a DER key: as it is");
	is_int(pin_key_der(b, sizeof(der) - 1, &n, err), -1,
	    "a DER key cut short");
	is_str(err, "not a public key (PEM \"PUBLIC KEY\" or DER)",
	    "not a key: the message");
	memcpy(b, "x\n", 2);
	memcpy(b + 2, pem, sizeof(pem) - 1);
	is_int(pin_key_der(b, sizeof(pem) + 1, &n, err), 0,
	    "a PEM key after other lines");
	ok(n == sizeof(der) && memcmp(b, der, sizeof(der)) == 0,
	    "after other lines: its DER");
	memcpy(b, "-----BEGIN CERTIFICATE-----\nMFkw\n"
	    "-----END CERTIFICATE-----\n", 59);
	is_int(pin_key_der(b, 59, &n, err), -1, "a certificate is no key");
	memcpy(b, "-----BEGIN PUBLIC KEY-----\nMFkw!!\n"
	    "-----END PUBLIC KEY-----\n", 57);
	is_int(pin_key_der(b, 57, &n, err), -1, "bad base64");
	is_int(pin_key_der(b, 0, &n, err), -1, "an empty file");
}

int
main(void)
{
	hashes();
	keys();
	return tap_done();
}
