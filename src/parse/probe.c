/*
 * probe.c: the bytes portscan sends to an open port (--probe) and the
 * escaping of whatever comes back, pure (no I/O).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/probe.h"
#include "sockt.h"
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

size_t
esc_text(const char *b, size_t n, int flags, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, need;
	unsigned char c;

	if (cap == 0)
		return 0;
	if (flags & ESC_TRIM)
		while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r'))
			n--;
	for (i = 0; i < n; i++) {
		c = (unsigned char)b[i];
		if (c == '\\' || c == '\r' || c == '\n' || c == '\t')
			need = 2;
		else if (c < 0x20 || c > 0x7e || (c == ' ' &&
		    (flags & ESC_GREP)))
			need = 4;
		else
			need = 1;
		if (o + need >= cap)
			break;
		if (need == 1)
			out[o++] = (char)c;
		else if (need == 2) {
			out[o++] = '\\';
			out[o++] = c == '\\' ? '\\' : c == '\r' ? 'r' :
			    c == '\n' ? 'n' : 't';
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return o;
}

size_t
esc_json(const char *b, size_t n, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, need;
	unsigned char c;

	if (cap == 0)
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)b[i];
		if (c == '"' || c == '\\' || c == '\n' || c == '\r' ||
		    c == '\t')
			need = 2;
		else if (c < 0x20 || c > 0x7e)
			need = 6;
		else
			need = 1;
		if (o + need >= cap)
			break;
		if (need == 1)
			out[o++] = (char)c;
		else if (need == 2) {
			out[o++] = '\\';
			out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' :
			    c == '\t' ? 't' : (char)c;
		} else {
			memcpy(out + o, "\\u00", 4);
			out[o + 4] = hex[c >> 4];
			out[o + 5] = hex[c & 15];
			o += 6;
		}
	}
	out[o] = '\0';
	return o;
}
