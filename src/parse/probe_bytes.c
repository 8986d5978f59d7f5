/*
 * parse/probe_bytes.c: the bytes portscan sends to an open port (--probe) and the
 * escaping of whatever comes back, pure (no I/O).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/probe_bytes.h"
#include "util/base.h"
#include "util/hex.h"

int
probe_unescape(const char *s, char *out, size_t cap, size_t *len, char *err)
{
	size_t n = 0, max = cap < PROBE_MAX ? cap : PROBE_MAX;
	const char *p;
	int c, hi, lo;

	for (p = s; *p != '\0'; p++) {
		c = (unsigned char)*p;
		if (c == '\\') {
			switch (*++p) {
			case 'r':	c = '\r'; break;
			case 'n':	c = '\n'; break;
			case 't':	c = '\t'; break;
			case '0':	c = '\0'; break;
			case '\\':	c = '\\'; break;
			case 'x':
				if ((hi = hex_digit((unsigned char)p[1])) ==
				    -1 || (lo = hex_digit((unsigned char)p[2]))
				    == -1) {
					snprintf(err, SK_ERRLEN, "probe: \\x "
					    "wants two hex digits");
					return -1;
				}
				c = hi * 16 + lo;
				p += 2;
				break;
			case '\0':
				snprintf(err, SK_ERRLEN, "probe: a \\ at the "
				    "end");
				return -1;
			default:
				if ((unsigned char)*p >= 0x21 &&
				    (unsigned char)*p <= 0x7e)
					snprintf(err, SK_ERRLEN, "probe: "
					    "unknown escape \\%c", *p);
				else
					snprintf(err, SK_ERRLEN, "probe: "
					    "unknown escape: \\ then byte "
					    "0x%02x", (unsigned char)*p);
				return -1;
			}
		}
		if (n == max) {
			snprintf(err, SK_ERRLEN, "probe: longer than %d "
			    "bytes", PROBE_MAX);
			return -1;
		}
		out[n++] = (char)c;
	}
	if (n == 0) {
		snprintf(err, SK_ERRLEN, "probe: empty");
		return -1;
	}
	*len = n;
	return 0;
}

size_t
probe_http(const char *host, unsigned int port, char *buf, size_t cap)
{
	const char *p, *open = "", *close = "";
	char ps[16] = "";
	int n;

	for (p = host; *p != '\0'; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p == 0x7f)
			return 0;
	if (host[0] == '\0')
		return 0;
	if (strchr(host, ':') != NULL) {
		open = "[";
		close = "]";
	}
	if (port != 80)
		snprintf(ps, sizeof(ps), ":%u", port);
	n = snprintf(buf, cap, "HEAD / HTTP/1.0\r\nHost: %s%s%s%s\r\n"
	    "User-Agent: sockt/%s\r\nAccept: */*\r\n\r\n", open, host, close,
	    ps, SOCKT_VERSION);
	if (n < 0 || (size_t)n >= cap)
		return 0;
	return (size_t)n;
}

/* The line at b (n bytes left) into out without its end; its length. */
static size_t
line_len(const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n && b[i] != '\n' && b[i] != '\r'; i++)
		;
	return i;
}

static void
copy_cut(char *out, size_t cap, const char *b, size_t n)
{
	if (cap == 0)
		return;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, b, n);
	out[n] = '\0';
}

/* Skip one line end (CRLF, LF or CR) at b[i]. */
static size_t
skip_eol(const char *b, size_t n, size_t i)
{
	if (i < n && b[i] == '\r')
		i++;
	if (i < n && b[i] == '\n')
		i++;
	return i;
}

int
probe_http_reply(const char *b, size_t n, char *status, size_t slen,
    char *server, size_t svlen)
{
	size_t i, l, v;

	copy_cut(status, slen, "", 0);
	copy_cut(server, svlen, "", 0);
	if (n < 5 || memcmp(b, "HTTP/", 5) != 0)
		return -1;
	l = line_len(b, n);
	copy_cut(status, slen, b, l);
	for (i = skip_eol(b, n, l); i < n; i = skip_eol(b, n, i + l)) {
		l = line_len(b + i, n - i);
		if (l == 0)
			break;		/* the end of the head */
		if (l < 7 || strncasecmp(b + i, "server:", 7) != 0)
			continue;
		for (v = 7; v < l && (b[i + v] == ' ' || b[i + v] == '\t');
		    v++)
			;
		while (l > v && (b[i + l - 1] == ' ' || b[i + l - 1] == '\t'))
			l--;
		copy_cut(server, svlen, b + i + v, l - v);
		break;
	}
	return 0;
}

static const char hex[] = "0123456789abcdef";

/* One byte's escape, into e (6 bytes at most); returns its length. */
typedef size_t	esc_fn(unsigned char, int, char *);

/*
 * esc_text's: \\ \r \n \t, \xHH for the rest outside ASCII's print
 * and for the bytes flags name.
 */
static size_t
esc_text_one(unsigned char c, int flags, char *e)
{
	if (c == '\\' || c == '\r' || c == '\n' || c == '\t') {
		e[0] = '\\';
		e[1] = c == '\\' ? '\\' : c == '\r' ? 'r' : c == '\n' ? 'n' :
		    't';
		return 2;
	}
	if (c < 0x20 || c > 0x7e || (c == ' ' && (flags & ESC_GREP)) ||
	    (c == '"' && (flags & ESC_QUOTE)) ||
	    (c == ',' && (flags & ESC_COMMA)) ||
	    (c == '/' && (flags & ESC_SLASH))) {
		e[0] = '\\';
		e[1] = 'x';
		e[2] = hex[c >> 4];
		e[3] = hex[c & 15];
		return 4;
	}
	e[0] = (char)c;
	return 1;
}

/* esc_json's: \" \\ \n \r \t, \u00HH for the rest outside print. */
static size_t
esc_json_one(unsigned char c, int flags, char *e)
{
	(void)flags;
	if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
		e[0] = '\\';
		e[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' :
		    (char)c;
		return 2;
	}
	if (c < 0x20 || c > 0x7e) {
		memcpy(e, "\\u00", 4);
		e[4] = hex[c >> 4];
		e[5] = hex[c & 15];
		return 6;
	}
	e[0] = (char)c;
	return 1;
}

/*
 * The walk both share: each byte of b escaped by one() into out, as far
 * as whole escapes fit with the terminating NUL.  Returns the length.
 */
static size_t
esc_walk(const char *b, size_t n, int flags, esc_fn *one, char *out,
    size_t cap)
{
	char e[8];
	size_t i, o = 0, need;

	if (cap == 0)
		return 0;
	for (i = 0; i < n; i++) {
		need = one((unsigned char)b[i], flags, e);
		if (o + need >= cap)
			break;
		memcpy(out + o, e, need);
		o += need;
	}
	out[o] = '\0';
	return o;
}

size_t
esc_text(const char *b, size_t n, int flags, char *out, size_t cap)
{
	if (flags & ESC_TRIM)
		while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r'))
			n--;
	return esc_walk(b, n, flags, esc_text_one, out, cap);
}

size_t
esc_json(const char *b, size_t n, char *out, size_t cap)
{
	return esc_walk(b, n, 0, esc_json_one, out, cap);
}
