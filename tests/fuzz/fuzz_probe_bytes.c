/*
 * fuzz_probe_bytes.c: the --probe escapes and the banner escaping must neither
 * crash nor lie.  What probe_unescape accepts, esc_text writes back in
 * the same escapes and probe_unescape reads back to the same bytes;
 * esc_json of any bytes is a JSON string body that decodes back to them,
 * one code point per byte; esc_text with ESC_GREP leaves no space or
 * control byte, and with ESC_QUOTE, ESC_COMMA and ESC_SLASH no '"', ','
 * or '/'; the HTTP reply picker and request builder never let a
 * line end through.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/probe_bytes.h"
#include "util/base.h"
#include "util/hex.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Decode a JSON string body, as a strict reader would; -1 if invalid. */
static long
json_decode(const char *s, unsigned char *out)
{
	long n = 0;
	int a, b, c, d;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e ||
		    *s == '"')
			return -1;
		if (*s != '\\') {
			out[n++] = (unsigned char)*s;
			continue;
		}
		switch (*++s) {
		case '"': case '\\': out[n++] = (unsigned char)*s; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u':
			if ((a = hex_digit(s[1])) == -1 || (b = hex_digit(s[2]))
			    == -1 || (c = hex_digit(s[3])) == -1 ||
			    (d = hex_digit(s[4])) == -1 || a != 0 || b != 0)
				return -1;
			out[n++] = (unsigned char)(c * 16 + d);
			s += 4;
			break;
		default:
			return -1;
		}
	}
	return n;
}

static void
check_unescape(const char *s)
{
	char out[PROBE_MAX], out2[PROBE_MAX], err[SK_ERRLEN];
	char esc[4 * PROBE_MAX + 1];
	size_t len = 0, len2 = 0;

	err[0] = '\0';
	if (probe_unescape(s, out, sizeof(out), &len, err) == -1) {
		if (strncmp(err, "probe: ", 7) != 0)
			abort();
		return;
	}
	if (len == 0 || len > PROBE_MAX)
		abort();
	(void)esc_text(out, len, 0, esc, sizeof(esc));
	if (esc[0] == '\0' || probe_unescape(esc, out2, sizeof(out2), &len2,
	    err) == -1 || len2 != len || memcmp(out, out2, len) != 0)
		abort();
}

static void
check_escapes(const uint8_t *data, size_t size)
{
	static char json[6 * 4096 + 1], text[4 * 4096 + 1];
	static unsigned char back[4096];
	size_t n = size > 4096 ? 4096 : size, i, l;

	l = esc_json((const char *)data, n, json, sizeof(json));
	if (l != strlen(json) || json_decode(json, back) != (long)n ||
	    memcmp(back, data, n) != 0)
		abort();
	l = esc_text((const char *)data, n, ESC_GREP, text, sizeof(text));
	for (i = 0; i < l; i++)
		if ((unsigned char)text[i] < 0x21 ||
		    (unsigned char)text[i] > 0x7e)
			abort();
	/* a field ended by quotes, commas or slashes: none of them left */
	l = esc_text((const char *)data, n, ESC_GREP | ESC_QUOTE | ESC_COMMA |
	    ESC_SLASH, text, sizeof(text));
	if (l != strlen(text) || strpbrk(text, " \",/") != NULL)
		abort();
	/* a room too small: whole escapes only, always terminated */
	l = esc_json((const char *)data, n, json, 7);
	if (l > 6 || json[l] != '\0' || (l > 0 && json[l - 1] == '\\' &&
	    (l < 2 || json[l - 2] != '\\')))
		abort();
}

static void
check_http(const uint8_t *data, size_t size, const char *s)
{
	char st[64], sv[64], req[512], *e;
	size_t n;

	if (probe_http_reply((const char *)data, size, st, sizeof(st), sv,
	    sizeof(sv)) == 0 && strncmp(st, "HTTP/", 5) != 0)
		abort();
	if (strpbrk(st, "\r\n") != NULL || strpbrk(sv, "\r\n") != NULL)
		abort();
	n = probe_http(s, size, req, sizeof(req));
	if (n == 0)
		return;
	/* one head, four lines, the empty one last */
	if (n != strlen(req) || (e = strstr(req, "\r\n\r\n")) == NULL ||
	    e + 4 != req + n || strncmp(req, "HEAD / HTTP/1.0\r\nHost: ",
	    23) != 0 || strchr(req + 23, '\r') == NULL)
		abort();
	for (e = req; (e = strchr(e, '\n')) != NULL; e++)
		if (e[-1] != '\r')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_unescape(s);
	check_escapes(data, size);
	check_http(data, size, s);
	free(s);
	return 0;
}
