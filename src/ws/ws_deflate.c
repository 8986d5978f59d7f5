/*
 * ws_deflate.c: permessage-deflate (RFC 7692) over the system's zlib,
 * opened at run time by util/zlib.c (ws_deflate.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/ws.h"
#include "parse/wsext.h"
#include "util/base.h"
#include "util/grow.h"
#include "util/zlib.h"
#include "ws/ws.h"
#include "ws/ws_deflate.h"
#include "ws/ws_int.h"

#define WSD_MEMLEVEL	8	/* zlib's default */
#define WSD_OUT		(64 * 1024)
/*
 * Bulk: a message of WSD_BULK bytes or more (a read of a file, a long
 * line) is compressed at level 1, five times zlib's default speed for a
 * fifth more bytes; messages shorter than that (lines, the messages of
 * a chat or an API) at the default level, which their context takeover
 * gains most from.  wsd_worth looks at WSD_SAMPLE bytes of a message of
 * WSD_SAMPLE_MIN or more, in WSD_PIECES pieces spread over it, and finds
 * it random when their effective alphabet is above WSD_EVEN (random
 * bytes: 256, text 20 to 60, base64 64).
 */
#define WSD_BULK	(16 * 1024)
#define WSD_SAMPLE	4096
#define WSD_SAMPLE_MIN	1024
#define WSD_PIECES	8
#define WSD_EVEN	200

struct ws_deflate {
	int		 own_reset;	/* no context takeover for ours */
	int		 bits;		/* our window */
	int		 level;		/* dz's, for the message being sent */
	z_stream	 dz, iz;
	int		 dinit, iinit;
	int		 iended;	/* the peer's stream ended (BFINAL) */
	size_t		 iafter;	/* the bytes of the message after it */
	uint64_t	 msg_in;	/* bytes of the message being sent */
	unsigned char	*dbuf;		/* compressed: dbuf[0..) of dcap */
	size_t		 dcap;
	unsigned char	 ibuf[WSD_OUT];	/* inflated */
};

static const unsigned char tail[4] = { 0x00, 0x00, 0xff, 0xff };

void
wsd_offer(int offer, char *line, size_t cap, struct ws_info *info)
{
	char why[SK_ERRLEN];

	line[0] = '\0';
	if (!offer)
		return;
	if (zlib_load(why) == -1) {
		snprintf(info->ext_note, sizeof(info->ext_note), "no "
		    "permessage-deflate offered: it needs %.100s", why);
		return;
	}
	snprintf(line, cap, "Sec-WebSocket-Extensions: %s; "
	    "client_max_window_bits\r\n", WSEXT_PMD);
}

/* c's streams for what was agreed, we the client or not.  0, or -1. */
static int
wsd_new(struct ws_conn *c, const struct wsext_pmd *p, char *err)
{
	struct ws_deflate *d;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		goto nomem;
	d->own_reset = c->client ? p->client_no_context_takeover :
	    p->server_no_context_takeover;
	d->bits = wsext_pmd_bits(c->client ? p->client_max_window_bits :
	    p->server_max_window_bits);
	if ((d->dbuf = malloc(WSD_OUT)) == NULL) {
		free(d);
		goto nomem;
	}
	d->dcap = WSD_OUT;
	d->level = Z_DEFAULT_COMPRESSION;
	if (zl.deflateInit2_(&d->dz, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
	    -d->bits, WSD_MEMLEVEL, Z_DEFAULT_STRATEGY, ZLIB_API,
	    (int)sizeof(z_stream)) != Z_OK) {
		wsd_free(d);
		snprintf(err, SK_ERRLEN, "permessage-deflate: zlib cannot "
		    "start compressing");
		return -1;
	}
	d->dinit = 1;
	/* a window of 15 bits inflates whatever the peer's is */
	if (zl.inflateInit2_(&d->iz, -15, ZLIB_API, (int)sizeof(z_stream)) !=
	    Z_OK) {
		wsd_free(d);
		snprintf(err, SK_ERRLEN, "permessage-deflate: zlib cannot "
		    "start inflating");
		return -1;
	}
	d->iinit = 1;
	c->dfl = d;
	return 0;
nomem:
	snprintf(err, SK_ERRLEN, "permessage-deflate: %s", strerror(ENOMEM));
	return -1;
}

void
wsd_free(struct ws_deflate *d)
{
	if (d == NULL)
		return;
	if (d->dinit)
		(void)zl.deflateEnd(&d->dz);
	if (d->iinit)
		(void)zl.inflateEnd(&d->iz);
	free(d->dbuf);
	free(d);
}

int
wsd_client_agree(struct ws_conn *c, const struct http_resp *r, int offered,
    struct ws_info *info, char *err)
{
	static const char name[] = "Sec-WebSocket-Extensions";
	const struct http_field *f;
	struct wsext_pmd p;
	int i, count = 0;

	memset(&p, 0, sizeof(p));
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (f->nlen != sizeof(name) - 1 ||
		    strncasecmp(f->name, name, f->nlen) != 0)
			continue;
		if (!offered) {
			snprintf(err, SK_ERRLEN, "the server agreed to an "
			    "extension that was not offered (%.*s)",
			    (int)(f->vlen < 60 ? f->vlen : 60), f->value);
			return -1;
		}
		if (wsext_pmd_response(f->value, f->vlen, &p, &count,
		    err) == -1)
			return -1;
	}
	if (count == 0) {
		if (offered)
			snprintf(info->ext_note, sizeof(info->ext_note),
			    "the server declined permessage-deflate");
		return 0;
	}
	(void)wsext_pmd_format(&p, info->extensions,
	    sizeof(info->extensions));
	return wsd_new(c, &p, err);
}

int
wsd_server_agree(struct ws_conn *c, const struct ws_req *rq, int no_deflate,
    char *line, size_t cap, struct ws_info *info, char *err)
{
	struct wsext_pmd p;
	char why[SK_ERRLEN], zwhy[SK_ERRLEN], note[128];
	int i, r = 0;

	line[0] = note[0] = '\0';
	for (i = 0; i < rq->nfields && r != 1; i++) {
		if (strcasecmp(rq->fields[i].name,
		    "Sec-WebSocket-Extensions") != 0)
			continue;
		r = wsext_pmd_accept(rq->fields[i].value,
		    strlen(rq->fields[i].value), &p, why);
		/* an offer declined, or a list that does not parse */
		if (r != 1 && why[0] != '\0')
			snprintf(note, sizeof(note), "%.100s", why);
	}
	if (r != 1) {
		if (note[0] != '\0')
			snprintf(info->ext_note, sizeof(info->ext_note),
			    "permessage-deflate declined: %s", note);
		return 0;
	}
	if (no_deflate) {
		snprintf(info->ext_note, sizeof(info->ext_note),
		    "permessage-deflate declined (--ws-no-deflate)");
		return 0;
	}
	if (zlib_load(zwhy) == -1) {
		snprintf(info->ext_note, sizeof(info->ext_note),
		    "permessage-deflate declined: it needs %.100s", zwhy);
		return 0;
	}
	if (wsd_new(c, &p, err) == -1)
		return -1;
	(void)wsext_pmd_format(&p, info->extensions,
	    sizeof(info->extensions));
	snprintf(line, cap, "Sec-WebSocket-Extensions: %s\r\n",
	    info->extensions);
	return 0;
}

/* Compress what dz holds as input, with flush, onto dbuf[*len..). */
static int
deflate_some(struct ws_deflate *d, int flush, size_t *len, char *err)
{
	int rc;

	for (;;) {
		if (d->dcap - *len < 1024 && grow_to((void **)&d->dbuf,
		    *len + WSD_OUT, &d->dcap, 1) == -1) {
			snprintf(err, SK_ERRLEN, "permessage-deflate: %s",
			    strerror(ENOMEM));
			return -1;
		}
		d->dz.next_out = d->dbuf + *len;
		d->dz.avail_out = (unsigned)(d->dcap - *len);
		rc = zl.deflate(&d->dz, flush);
		*len = d->dcap - d->dz.avail_out;
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(err, SK_ERRLEN, "permessage-deflate: zlib "
			    "failed to compress (%d)", rc);
			return -1;
		}
		if (d->dz.avail_in == 0 && d->dz.avail_out > 0)
			return 0;
	}
}

int
wsd_worth(const unsigned char *p, size_t n)
{
	unsigned count[256];
	unsigned long long pairs = 0, m = 0;
	size_t i, k, piece, pieces;
	const unsigned char *q;

	if (n < WSD_SAMPLE_MIN)
		return 1;
	memset(count, 0, sizeof(count));
	pieces = n <= WSD_SAMPLE ? 1 : WSD_PIECES;
	piece = n <= WSD_SAMPLE ? n : WSD_SAMPLE / WSD_PIECES;
	for (k = 0; k < pieces; k++) {
		q = p + (pieces == 1 ? 0 : k * (n - piece) / (pieces - 1));
		for (i = 0; i < piece; i++)
			count[q[i]]++;
		m += piece;
	}
	/* the pairs of sampled bytes that match: 1/256 of all when random */
	for (i = 0; i < 256; i++)
		if (count[i] > 1)
			pairs += (unsigned long long)count[i] * (count[i] - 1);
	return pairs * WSD_EVEN >= m * (m - 1);
}

/*
 * dz's level for a message that starts with n bytes, set between two
 * messages (the sync flush left nothing pending, so zlib's own flush on
 * a change makes no block; any bytes it did make would start the
 * message, onto dbuf[*len..)).  0, or -1 with err.
 */
static int
deflate_level(struct ws_deflate *d, size_t n, size_t *len, char *err)
{
	int level = n >= WSD_BULK ? Z_BEST_SPEED : Z_DEFAULT_COMPRESSION;
	int rc;

	if (level == d->level)
		return 0;
	d->dz.next_in = NULL;
	d->dz.avail_in = 0;
	d->dz.next_out = d->dbuf;
	d->dz.avail_out = (unsigned)d->dcap;
	rc = zl.deflateParams(&d->dz, level, Z_DEFAULT_STRATEGY);
	*len = d->dcap - d->dz.avail_out;
	if (rc != Z_OK && rc != Z_BUF_ERROR) {
		snprintf(err, SK_ERRLEN, "permessage-deflate: zlib cannot "
		    "change its level (%d)", rc);
		return -1;
	}
	d->level = level;
	return 0;
}

int
wsd_deflate(struct ws_deflate *d, const unsigned char *p, size_t n,
    int fin, const unsigned char **out, size_t *outlen, char *err)
{
	size_t len = 0;

	*out = d->dbuf;
	if (d->msg_in == 0 && n > 0 && deflate_level(d, n, &len, err) == -1)
		return -1;
	d->msg_in += n;
	if (fin && d->msg_in == 0) {
		/* an empty message: one empty block (RFC 7692 7.2.3.6) */
		d->dbuf[0] = 0x00;
		*outlen = 1;
		return 0;
	}
	/* in_fd's reads are far below zlib's unsigned int */
	d->dz.next_in = p;
	d->dz.avail_in = (unsigned)n;
	if (deflate_some(d, fin ? Z_SYNC_FLUSH : Z_NO_FLUSH, &len, err) == -1)
		return -1;
	*out = d->dbuf;
	if (fin) {
		/* the sync flush's empty block, cut off (7.2.1) */
		if (len < 4 || memcmp(d->dbuf + len - 4, tail, 4) != 0) {
			snprintf(err, SK_ERRLEN, "permessage-deflate: zlib's "
			    "flush did not end in 00 00 ff ff");
			return -1;
		}
		len -= 4;
		d->msg_in = 0;
		if (d->own_reset && zl.deflateReset(&d->dz) != Z_OK) {
			snprintf(err, SK_ERRLEN, "permessage-deflate: zlib "
			    "cannot reset");
			return -1;
		}
	}
	*outlen = len;
	return 0;
}

/*
 * What follows a final block in a message's payload is ignored, as RFC
 * 7692 7.2.3.4 has it: the sender ends the block with BFINAL set and
 * appends an empty stored block, of which the 00 00 ff ff is cut off, so
 * one octet (00) is left in the payload, and the four put back on receipt
 * are not needed.  A sender that did not cut the stored block's end
 * leaves all five; anything longer is data after the stream's end, which
 * would be lost.
 */
#define WSD_AFTER_MAX	5

/* Bytes after the final block: n more of them.  0, or -1 with err. */
static int
after_final(struct ws_deflate *d, size_t n, char *err)
{
	if (n > WSD_AFTER_MAX - d->iafter) {
		snprintf(err, SK_ERRLEN, "data after the end of a compressed "
		    "message's deflate stream");
		return -1;
	}
	d->iafter += n;
	return 0;
}

/* Inflate p[0..n) to sink.  0, -1 with err, or WSD_SINK. */
static int
inflate_some(struct ws_deflate *d, const unsigned char *p, size_t n,
    wsd_sink sink, void *arg, char *err)
{
	size_t made;
	int r;

	if (d->iended)
		return after_final(d, n, err);
	d->iz.next_in = p;
	d->iz.avail_in = (unsigned)n;
	for (;;) {
		d->iz.next_out = d->ibuf;
		d->iz.avail_out = sizeof(d->ibuf);
		r = zl.inflate(&d->iz, Z_SYNC_FLUSH);
		if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
			snprintf(err, SK_ERRLEN, "a compressed message that "
			    "does not inflate: %s", r == Z_NEED_DICT ? "a "
			    "dictionary is asked for" : d->iz.msg != NULL ?
			    d->iz.msg : "corrupt data");
			return -1;
		}
		made = sizeof(d->ibuf) - d->iz.avail_out;
		if (made > 0 && sink(arg, d->ibuf, made) == -1)
			return WSD_SINK;
		if (r == Z_STREAM_END) {
			/* a final block: this message's stream is over */
			d->iended = 1;
			return after_final(d, d->iz.avail_in, err);
		}
		if (d->iz.avail_in == 0 && d->iz.avail_out > 0)
			break;
		if (r == Z_BUF_ERROR && made == 0)
			break;
	}
	return 0;
}

int
wsd_inflate(struct ws_deflate *d, const unsigned char *p, size_t n,
    int fin, wsd_sink sink, void *arg, char *err)
{
	int rc;

	/* a frame's payload is at most what rbuf holds: below 4 GiB */
	rc = inflate_some(d, p, n, sink, arg, err);
	if (!fin)
		return rc;
	/* the four octets cut off (7.2.2), ignored after a final block */
	if (rc == 0 && !d->iended)
		rc = inflate_some(d, tail, sizeof(tail), sink, arg, err);
	/* after a final block the next message starts a new stream */
	if (d->iended) {
		d->iended = 0;
		d->iafter = 0;
		if (zl.inflateReset(&d->iz) != Z_OK) {
			snprintf(err, SK_ERRLEN, "permessage-deflate: zlib "
			    "cannot reset");
			return -1;
		}
	}
	return rc;
}
