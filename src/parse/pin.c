/*
 * pin.c: --pinnedpubkey's hashes and key files (pin.h), pure.  The
 * rules are curl's (lib/vtls/vtls.c, Curl_pin_peer_pubkey), except that
 * an entry curl would silently never match (not base64, not 32 bytes)
 * is refused here when it is given, not found out at every connection.
 */
#include <stdio.h>
#include <string.h>

#include "parse/pin.h"
#include "util/base.h"
#include "util/base64.h"

#define PIN_PREFIX	"sha256//"
#define PIN_B64LEN	44	/* base64 of 32 bytes, one '=' */
#define PEM_BEGIN	"-----BEGIN PUBLIC KEY-----"
#define PEM_END		"-----END PUBLIC KEY-----"

/* The value of base64 digit c, or -1. */
static int
b64_val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decode base64 s[0..n) (its length a multiple of 4, '=' only as the
 * padding at its end) into out, which may be s itself: each group of
 * four is read before its three bytes are written.  Returns the bytes
 * written, or -1.
 */
static long
b64_decode(const char *s, size_t n, unsigned char *out)
{
	size_t i, o = 0, pad = 0;
	unsigned long v;
	int d, k;

	if (n == 0 || n % 4 != 0)
		return -1;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	for (i = 0; i < n; i += 4) {
		v = 0;
		for (k = 0; k < 4; k++) {
			if (i + (size_t)k >= n - pad && s[i + k] == '=')
				d = 0;
			else if ((d = b64_val((unsigned char)s[i + k])) == -1)
				return -1;
			v = v << 6 | (unsigned long)d;
		}
		out[o++] = (unsigned char)(v >> 16);
		if (i + 4 < n || pad < 2)
			out[o++] = (unsigned char)(v >> 8);
		if (i + 4 < n || pad < 1)
			out[o++] = (unsigned char)v;
	}
	return (long)o;
}

int
pin_is_hashes(const char *s)
{
	return strncmp(s, PIN_PREFIX, sizeof(PIN_PREFIX) - 1) == 0;
}

/* One entry e[0..n) into ps.  0, or -1 with err. */
static int
pin_entry(const char *e, size_t n, struct pin_set *ps, char *err)
{
	const size_t pl = sizeof(PIN_PREFIX) - 1;
	unsigned char d[PIN_LEN + 2];
	char back[PIN_B64LEN + 1];

	if (n < pl || memcmp(e, PIN_PREFIX, pl) != 0) {
		snprintf(err, SK_ERRLEN, "--pinnedpubkey: %.*s: not sha256//"
		    "BASE64", (int)(n > 64 ? 64 : n), e);
		return -1;
	}
	/* the one spelling curl compares with: its own encoding */
	if (n - pl != PIN_B64LEN || b64_decode(e + pl, n - pl, d) != PIN_LEN ||
	    base64_encode(d, PIN_LEN, back) != PIN_B64LEN ||
	    memcmp(back, e + pl, PIN_B64LEN) != 0) {
		snprintf(err, SK_ERRLEN, "--pinnedpubkey: %.*s: not the base64 "
		    "of a SHA-256 (%d characters)", (int)(n > 64 ? 64 : n), e,
		    PIN_B64LEN);
		return -1;
	}
	if (ps->n == PIN_MAX) {
		snprintf(err, SK_ERRLEN, "--pinnedpubkey: more than %d hashes",
		    PIN_MAX);
		return -1;
	}
	memcpy(ps->sha256[ps->n++], d, PIN_LEN);
	return 0;
}

int
pin_parse(const char *s, struct pin_set *ps, char *err)
{
	const char *e;
	size_t n;

	ps->n = 0;
	for (;;) {
		e = strchr(s, ';');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (pin_entry(s, n, ps, err) == -1)
			return -1;
		if (e == NULL)
			return 0;
		s = e + 1;
	}
}

/* The length of the DER element at p[0..n) (its tag and length too). */
static size_t
der_size(const unsigned char *p, size_t n)
{
	size_t len = 0, k, i;

	if (n < 2 || p[0] != 0x30)
		return 0;
	if (p[1] < 0x80)
		return 2 + (size_t)p[1];
	k = p[1] & 0x7f;
	if (k == 0 || k > 3 || n < 2 + k)
		return 0;
	for (i = 0; i < k; i++)
		len = len << 8 | p[2 + i];
	return 2 + k + len;
}

/* Where needle first is in b[0..n), at b's start or a line's, or NULL. */
static unsigned char *
line_find(unsigned char *b, size_t n, const char *needle)
{
	size_t l = strlen(needle), i;

	for (i = 0; i + l <= n; i++)
		if ((i == 0 || b[i - 1] == '\n') && memcmp(b + i, needle, l) ==
		    0)
			return b + i;
	return NULL;
}

int
pin_key_der(unsigned char *buf, size_t len, size_t *der_len, char *err)
{
	unsigned char *b, *e;
	size_t i, o = 0;
	long n;

	if (len > 0 && der_size(buf, len) == len) {
		*der_len = len;
		return 0;
	}
	if ((b = line_find(buf, len, PEM_BEGIN)) == NULL ||
	    (e = line_find(b, len - (size_t)(b - buf), PEM_END)) == NULL)
		goto bad;
	/* the base64 between the lines, whitespace dropped, to buf's start */
	for (b += sizeof(PEM_BEGIN) - 1; b < e; b++)
		if (*b != '\n' && *b != '\r' && *b != ' ' && *b != '\t')
			buf[o++] = *b;
	for (i = 0; i < o; i++)
		if (buf[i] == '\0')
			goto bad;
	if ((n = b64_decode((const char *)buf, o, buf)) <= 0 ||
	    der_size(buf, (size_t)n) != (size_t)n)
		goto bad;
	*der_len = (size_t)n;
	return 0;
bad:
	snprintf(err, SK_ERRLEN, "not a public key (PEM \"PUBLIC KEY\" or "
	    "DER)");
	return -1;
}
