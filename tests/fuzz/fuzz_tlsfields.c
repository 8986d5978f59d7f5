/*
 * fuzz_tlsfields.c: portscan --probe tls's fields (parse/tlsfields.c),
 * which come from the peer's certificate and may hold any byte, must
 * neither crash nor break an output format.  The input is read two ways:
 * as a packed record (tlsf_unpack; what it accepts packs back to the same
 * fields), and as the fields themselves, the subject, issuer, error and
 * names split at 0xfe bytes, the first byte choosing the flags and
 * whether there is a certificate.  Either way every format must hold:
 * the table, -g and the -oG version field printable ASCII on one line,
 * -g's fields free of spaces, -oG's free of the commas and slashes that
 * end its fields, and -j's members valid JSON whose strings give the
 * exact bytes back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/grepable.h"
#include "parse/tlsfields.h"
#include "util/hex.h"

#define SET(dst, s)	snprintf((dst), sizeof(dst), "%s", (s))

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char text[TLSF_TEXT_MAX], json[TLSF_JSON_MAX + 2];
static char port[TLSF_TEXT_MAX + 256];
static unsigned char dec[TLSF_JSON_MAX];

/* --- a strict JSON reader, enough for one object ----------------------- */

static const char *value(const char *);

static const char *
ws(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* A string at s; its bytes (\u00HH one each) into dec when want. */
static const char *
string(const char *s, size_t *n)
{
	int a, b, c, d;

	if (*s++ != '"')
		return NULL;
	for (*n = 0; *s != '"'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return NULL;
		if (*s != '\\') {
			dec[(*n)++] = (unsigned char)*s;
			continue;
		}
		switch (*++s) {
		case '"': case '\\': case '/': dec[(*n)++] = (unsigned char)*s;
			break;
		case 'n': dec[(*n)++] = '\n'; break;
		case 'r': dec[(*n)++] = '\r'; break;
		case 't': dec[(*n)++] = '\t'; break;
		case 'u':
			if ((a = hex_digit(s[1])) == -1 || (b = hex_digit(s[2]))
			    == -1 || (c = hex_digit(s[3])) == -1 ||
			    (d = hex_digit(s[4])) == -1 || a != 0 || b != 0)
				return NULL;
			dec[(*n)++] = (unsigned char)(c * 16 + d);
			s += 4;
			break;
		default:
			return NULL;
		}
	}
	return s + 1;
}

static const char *
list(const char *s, int obj)
{
	size_t n;

	s = ws(s + 1);
	if (*s == (obj ? '}' : ']'))
		return s + 1;
	for (;;) {
		if (obj && ((s = string(ws(s), &n)) == NULL ||
		    *(s = ws(s)) != ':'))
			return NULL;
		if ((s = value(ws(obj ? s + 1 : s))) == NULL)
			return NULL;
		s = ws(s);
		if (*s == ',')
			s++;
		else if (*s == (obj ? '}' : ']'))
			return s + 1;
		else
			return NULL;
	}
}

static const char *
value(const char *s)
{
	size_t n;

	if (*s == '{' || *s == '[')
		return list(s, *s == '{');
	if (*s == '"')
		return string(s, &n);
	if (strncmp(s, "null", 4) == 0 || strncmp(s, "true", 4) == 0)
		return s + 4;
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/* The value of "key": in json decodes to exactly the n bytes of want. */
static void
same_str(const char *key, const void *want, size_t n)
{
	char k[32];
	const char *s;
	size_t got;

	snprintf(k, sizeof(k), "\"%s\":", key);
	if ((s = strstr(json, k)) == NULL)
		abort();
	s += strlen(k);
	if (strncmp(s, "null", 4) == 0)
		return;
	if (string(s, &got) == NULL || got != n || memcmp(dec, want, n) != 0)
		abort();
}

/* --- the checks ---------------------------------------------------------- */

static size_t
count(const char *s, int c)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

static void
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			abort();
}

static void
check(const struct tls_fields *f)
{
	char *w;
	size_t n;

	if (tlsf_text(f, TLSF_TABLE, text, sizeof(text)) == 0)
		abort();
	printable(text);
	if (count(text, '"') % 2 != 0)
		abort();
	if (tlsf_text(f, TLSF_GREP, text, sizeof(text)) == 0)
		abort();
	printable(text);
	/* every space-separated field is key=value */
	for (w = strtok(text, " "); w != NULL; w = strtok(NULL, " "))
		if (strchr(w, '=') == NULL || w[0] == '=')
			abort();
	if (tlsf_text(f, TLSF_OG, text, sizeof(text)) == 0)
		abort();
	printable(text);
	if (strpbrk(text, ",/\t") != NULL)
		abort();
	if (gr_port(port, sizeof(port), 1, 443, GR_OPEN, "tcp", "https",
	    text) == 0 || count(port, '/') != 7 ||
	    strstr(port, text) == NULL)
		abort();
	json[0] = '{';
	if ((n = tlsf_json(f, json + 1, sizeof(json) - 2)) == 0)
		abort();
	memcpy(json + 1 + n, "}", 2);
	printable(json);
	if (value(json) != json + strlen(json))
		abort();
	if (f->has_cert) {
		same_str("subject", f->subject, strlen(f->subject));
		same_str("issuer", f->issuer, strlen(f->issuer));
	}
	if (f->error[0] != '\0')
		same_str("tls_error", f->error, strlen(f->error));
}

/* The input as the fields themselves. */
static void
from_bytes(const uint8_t *data, size_t size, struct tls_fields *f)
{
	const uint8_t *p = data + 1, *e = data + size, *q, *z;
	char *dst[] = { f->subject, f->issuer, f->error };
	size_t cap[] = { sizeof(f->subject), sizeof(f->issuer),
	    sizeof(f->error) };
	size_t k, n;

	memset(f, 0, sizeof(*f));
	f->flags = data[0] & TLSF_ALL;
	f->has_cert = (data[0] & 0x10) != 0;
	f->days_left = (long long)(int8_t)data[0] * 1000;
	SET(f->version, "TLSv1.3");
	SET(f->cipher, "TLS_AES_128_GCM_SHA256");
	SET(f->not_after, "2027-01-01T00:00:00Z");
	for (k = 0; p < e; k++, p = q + 1) {
		if ((q = memchr(p, 0xfe, (size_t)(e - p))) == NULL)
			q = e;
		n = (size_t)(q - p);
		if (k < 3) {
			/* C strings: a NUL ends them */
			if ((z = memchr(p, 0, n)) != NULL)
				n = (size_t)(z - p);
			if (n >= cap[k])
				n = cap[k] - 1;
			memcpy(dst[k], p, n);
			dst[k][n] = '\0';
		} else
			(void)tlsf_san_add(f, (k & 1) ? "DNS:" : "IP:", p, n);
		if (q == e)
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tls_fields f, g;
	static char pk[TLSF_PACK_MAX];
	size_t n;

	if (tlsf_unpack((const char *)data, size, &f) == 0) {
		if (tlsf_pack(&f, pk, sizeof(pk), &n) == -1 ||
		    tlsf_unpack(pk, n, &g) == -1 ||
		    memcmp(&f, &g, sizeof(f)) != 0)
			abort();
		check(&f);
	}
	if (size > 0) {
		from_bytes(data, size, &f);
		if (tlsf_pack(&f, pk, sizeof(pk), &n) == -1 ||
		    tlsf_unpack(pk, n, &g) == -1 ||
		    memcmp(&f, &g, sizeof(f)) != 0)
			abort();
		check(&f);
	}
	return 0;
}
