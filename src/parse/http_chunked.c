/*
 * http_chunked.c: the chunked transfer coding's decoder (RFC 9112 section
 * 7.1), a byte at a time so that a body may come split anywhere: the
 * size lines and their extensions, the data in place, the trailers,
 * each bounded as a head is.  Pure: no I/O, so the unit tests and the
 * fuzzers link it alone; http.c says what frames a body.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "util/base.h"
#include "util/hex.h"

/* Fail a step with a fixed message: err filled, -1 returned. */
static int
parse_fail(char *err, const char *what)
{
	snprintf(err, SK_ERRLEN, "%s", what);
	return -1;
}

enum {
	CH_SIZE, CH_SIZE_WS, CH_EXT, CH_SIZE_LF, CH_DATA, CH_DATA_CR,
	CH_DATA_LF, CH_TRAILER, CH_TRAILER_NAME, CH_TRAILER_LINE,
	CH_TRAILER_LF, CH_END_LF, CH_DONE
};

void
http_chunked_init(struct http_chunked *c)
{
	memset(c, 0, sizeof(*c));
	c->state = CH_SIZE;
}

void
http_chunked_init_strict(struct http_chunked *c)
{
	http_chunked_init(c);
	c->strict = 1;
}

int
http_chunked_done(const struct http_chunked *c)
{
	return c->state == CH_DONE;
}

/* The size line ended: data follows, or the trailers after a last chunk. */
static void
chunk_line_end(struct http_chunked *c)
{
	c->state = c->remaining == 0 ? CH_TRAILER : CH_DATA;
	c->linelen = 0;
}

/*
 * One byte of a chunk-size line.  The value decides, not the digits:
 * leading zeros are fine, up to the line limit.
 */
static int
chunk_size_byte(struct http_chunked *c, int ch, char *err)
{
	int h;

	if ((h = hex_digit(ch)) >= 0) {
		if (++c->ndigits > HTTP_CHUNK_LINE_MAX)
			return parse_fail(err, "chunk size line too long");
		if (c->remaining > HTTP_CHUNK_MAX >> 4)
			return parse_fail(err, "chunk size too large");
		c->remaining = c->remaining * 16 + (uint64_t)h;
	} else if (c->ndigits == 0)
		return parse_fail(err, "bad chunk size");
	else if (ch == ';' || (!c->strict && (ch == ' ' || ch == '\t')))
		c->state = CH_EXT;
	else if (ch == ' ' || ch == '\t')
		c->state = CH_SIZE_WS;	/* BWS, then ';' (RFC 9112) */
	else if (ch == '\r')
		c->state = CH_SIZE_LF;
	else if (ch == '\n' && !c->strict)
		chunk_line_end(c);
	else
		return parse_fail(err, "bad chunk size");
	return 0;
}

/* One more byte of the trailer section, which is bounded as a head is. */
static int
trailer_count(struct http_chunked *c, char *err)
{
	if (++c->trailer > HTTP_HEAD_MAX) {
		snprintf(err, SK_ERRLEN, "chunked trailer too large (over %d "
		    "bytes)", HTTP_HEAD_MAX);
		return -1;
	}
	return 0;
}

/*
 * The LF after a trailer line's CR (CH_TRAILER_LF), or after the CR of
 * the empty line that ends the body (CH_END_LF): the same in either mode.
 */
static int
trailer_line_end(struct http_chunked *c, int ch, char *err)
{
	if (ch != '\n')
		return parse_fail(err, "bad chunked trailer line ending");
	c->state = c->state == CH_END_LF ? CH_DONE : CH_TRAILER;
	return 0;
}

/*
 * One byte of the trailer section after the last chunk, up to the empty
 * line that ends the body; the section is bounded as a head is.
 */
static int
chunk_trailer_byte(struct http_chunked *c, int ch, char *err)
{
	switch (c->state) {
	case CH_TRAILER:
		if (ch == '\r')
			c->state = CH_END_LF;
		else if (ch == '\n')
			c->state = CH_DONE;
		else
			c->state = CH_TRAILER_LINE;
		/* FALLTHROUGH */
	case CH_TRAILER_LINE:
		if (trailer_count(c, err) == -1)
			return -1;
		if (c->state != CH_TRAILER_LINE)
			break;
		if (ch == '\r')
			c->state = CH_TRAILER_LF;
		else if (ch == '\n')
			c->state = CH_TRAILER;
		else if (ch == '\0')
			return parse_fail(err, "bad chunked trailer");
		break;
	default:	/* CH_TRAILER_LF, CH_END_LF */
		return trailer_line_end(c, ch, err);
	}
	return 0;
}

/*
 * Is the trailer field name c->tname one that must never come after a
 * body (RFC 9110 section 6.5.1): the framing, the routing, a hop's?  A
 * recipient that merges trailers into the head would take it as one of
 * the head's, and the head went on rewritten without it.
 */
static int
trailer_banned(const struct http_chunked *c)
{
	static const char *const ban[] = { "Content-Length",
	    "Transfer-Encoding", "Trailer", "Host", "Connection",
	    "Keep-Alive", "Proxy-Connection", "TE", "Upgrade" };
	size_t i;

	if (c->tnlen >= sizeof(c->tname))
		return 0;	/* longer than any of them */
	for (i = 0; i < sizeof(ban) / sizeof(ban[0]); i++)
		if (strlen(ban[i]) == c->tnlen &&
		    strncasecmp(c->tname, ban[i], c->tnlen) == 0)
			return 1;
	return 0;
}

/*
 * The same, strictly: each trailer line a field line as a head's (a
 * token, a colon, a value without controls), no obsolete folding, every
 * line ended by CR LF, no framing, routing or hop-by-hop field
 * (trailer_banned).  What passes may go on as it came.
 */
static int
chunk_trailer_strict(struct http_chunked *c, int ch, char *err)
{
	if (trailer_count(c, err) == -1)
		return -1;
	switch (c->state) {
	case CH_TRAILER:
		if (ch == '\r')
			c->state = CH_END_LF;
		else if (http_tchar(ch)) {
			c->state = CH_TRAILER_NAME;
			c->tname[0] = (char)ch;
			c->tnlen = 1;
		} else
			return parse_fail(err, "bad chunked trailer field");
		break;
	case CH_TRAILER_NAME:
		if (ch == ':') {
			if (trailer_banned(c))
				return parse_fail(err, "a framing, routing or "
				    "hop-by-hop field in the chunked trailer");
			c->state = CH_TRAILER_LINE;
		} else if (!http_tchar(ch))
			return parse_fail(err, "bad chunked trailer field");
		else if (c->tnlen < sizeof(c->tname))
			c->tname[c->tnlen++] = (char)ch;
		else
			c->tnlen = sizeof(c->tname);	/* too long to ban */
		break;
	case CH_TRAILER_LINE:
		if (ch == '\r')
			c->state = CH_TRAILER_LF;
		else if (http_ctl(ch))
			return parse_fail(err, "bad chunked trailer field");
		break;
	default:	/* CH_TRAILER_LF, CH_END_LF */
		return trailer_line_end(c, ch, err);
	}
	return 0;
}

/* One framing byte: anything but chunk data.  Returns 0, or -1 with err. */
static int
chunk_step(struct http_chunked *c, int ch, char *err)
{
	switch (c->state) {
	case CH_SIZE:
		return chunk_size_byte(c, ch, err);
	case CH_SIZE_WS:
		if (ch == ';')
			c->state = CH_EXT;
		else if (ch != ' ' && ch != '\t')
			return parse_fail(err, "bad chunk size");
		else if (++c->linelen > HTTP_CHUNK_LINE_MAX)
			return parse_fail(err, "chunk size line too long");
		return 0;
	case CH_EXT:
		if (ch == '\r')
			c->state = CH_SIZE_LF;
		else if (ch == '\n' && !c->strict)
			chunk_line_end(c);
		else if (http_ctl(ch) || ++c->linelen > HTTP_CHUNK_LINE_MAX)
			return parse_fail(err, "bad chunk extension");
		return 0;
	case CH_SIZE_LF:
		if (ch != '\n')
			return parse_fail(err, "bad chunk size line ending");
		chunk_line_end(c);
		return 0;
	case CH_DATA_CR:
	case CH_DATA_LF:
		if (ch == '\r' && c->state == CH_DATA_CR)
			c->state = CH_DATA_LF;
		else if (ch == '\n' && (c->state == CH_DATA_LF ||
		    !c->strict)) {
			c->state = CH_SIZE;
			c->ndigits = 0;
		} else
			return parse_fail(err, "missing line end after chunk "
			    "data");
		return 0;
	default:
		if (c->strict)
			return chunk_trailer_strict(c, ch, err);
		return chunk_trailer_byte(c, ch, err);
	}
}

long
http_chunked_decode(struct http_chunked *c, char *buf, size_t len,
    size_t *out, char *err)
{
	size_t i = 0, o = 0, n;
	int bad = 0, st;

	c->tr_len = 0;
	while (i < len && c->state != CH_DONE) {
		if (c->state != CH_DATA) {
			st = c->state;
			if ((bad = chunk_step(c, (unsigned char)buf[i],
			    err) == -1))
				break;
			/* a trailer line's byte (not the empty line's) */
			if (st >= CH_TRAILER && c->state != CH_END_LF &&
			    c->state != CH_DONE) {
				if (c->tr_len == 0)
					c->tr_from = i;
				c->tr_len++;
			}
			i++;
			continue;
		}
		/* the bulk: one move per span, never byte by byte */
		n = len - i;
		if ((uint64_t)n > c->remaining)
			n = (size_t)c->remaining;
		if (out != NULL && o != i)
			memmove(buf + o, buf + i, n);
		o += n;
		i += n;
		c->remaining -= n;
		if (c->remaining == 0)
			c->state = CH_DATA_CR;
	}
	if (out != NULL)
		*out = o;
	/* the data before a framing error is at the front, as curl's */
	return bad ? -1 : (long)i;
}

long
http_chunked_reframe(struct http_chunked *c, const char *buf, size_t len,
    char *dst, size_t *out, char *err)
{
	size_t i = 0, o = 0, n;
	int st, hl;

	while (i < len && c->state != CH_DONE) {
		if (c->state != CH_DATA) {
			st = c->state;
			if (chunk_step(c, (unsigned char)buf[i], err) == -1)
				return -1;
			/* the trailers, checked, go on as they came */
			if (st >= CH_TRAILER)
				dst[o++] = buf[i];
			else if (c->state == CH_TRAILER) {
				memcpy(dst + o, "0\r\n", 3);
				o += 3;
			}
			i++;
			continue;
		}
		/* each span of data at hand, a chunk of its own */
		n = len - i;
		if ((uint64_t)n > c->remaining)
			n = (size_t)c->remaining;
		hl = snprintf(dst + o, 20, "%llx\r\n", (unsigned long long)n);
		o += (size_t)hl;
		memcpy(dst + o, buf + i, n);
		memcpy(dst + o + n, "\r\n", 2);
		o += n + 2;
		i += n;
		c->remaining -= n;
		if (c->remaining == 0)
			c->state = CH_DATA_CR;
	}
	*out = o;
	return (long)i;
}

size_t
http_trailer_lines(const char *in, size_t n, char *out, int *why)
{
	const char *p = in, *lf, *end = in + n;
	size_t o = 0, k;

	*why = 0;
	for (; p < end; p = lf + 1) {
		if ((lf = memchr(p, '\n', (size_t)(end - p))) == NULL)
			lf = end;
		k = (size_t)(lf - p);
		if (k > 0 && p[k - 1] == '\r')
			k--;
		if (k > HTTP_TRAILER_LINE_MAX) {
			*why = HTTP_TRAILER_LONG;
			break;
		}
		/* curl's headers API takes a field or a fold, nothing else */
		if (k > 0 && p[0] != ' ' && p[0] != '\t' &&
		    memchr(p, ':', k) == NULL) {
			*why = HTTP_TRAILER_FIELD;
			break;
		}
		memcpy(out + o, p, k);
		memcpy(out + o + k, "\r\n", 2);
		o += k + 2;
	}
	return o;
}
