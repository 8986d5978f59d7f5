/*
 * http/decode.h: a response body's codings undone as it streams: gzip
 * and x-gzip (RFC 1952, every member), deflate (RFC 9110: zlib-wrapped,
 * or raw deflate as some servers send it, as curl takes it) and
 * identity, stacked as the transfer and content codings say.  Inflating
 * is the system's zlib (libz.so.1, or SOCKT_ZLIB_LIB), opened at run
 * time through util/dl.h as OpenSSL is, so the binary links libc alone;
 * the gzip header and trailer are parse/gzip.c's.  Engine layer: never
 * prints, never exits.
 *
 * The body's framing (http/body.c, or any other engine's loop) calls:
 *
 *	decode_init(&d, cd, n, err)	once the head is in (cd from
 *					http_codings); n 0 passes bytes on
 *	decode_feed(&d, p, n, sink, arg)	for each piece of the body as
 *					framed (chunks undone), in order;
 *					sink gets the decoded bytes
 *	decode_finish(&d, err)		at the body's end: did every coding
 *					end properly (a cut stream fails)
 *	decode_free(&d)			always, after a successful init
 *
 * The sink may return -1 to stop (a limit, a write that failed); the
 * decoder then stops at once, without inflating the rest of what it was
 * given, and returns DECODE_SINK.  Nothing is global but the library.
 */
#ifndef DECODE_H
#define DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "parse/http.h"
#include "util/base.h"

#define DECODE_LIB_NAME	"libz.so.1"
#define DECODE_BUFSZ	(256 * 1024)	/* inflated bytes per sink call */

#define DECODE_ERR	(-1)	/* the data cannot be decoded: err says why */
#define DECODE_SINK	(-2)	/* the sink returned -1 (it said why) */

typedef int (*decode_sink)(void *arg, const char *p, size_t n);

struct decode_stage;

struct decode {
	int		 n;		/* stages; 0: bytes pass unchanged */
	struct decode_stage *st[HTTP_CODINGS_MAX];
	decode_sink	 sink;		/* during a feed */
	void		*arg;
	char		*err;		/* during a feed: the caller's */
};

/*
 * decode_load: open zlib once.  0, or -1 with err ("gzip decoding needs
 * libz.so.1 (zlib), which was not found", or the symbol it lacks).
 */
int	decode_load(char *err);

/*
 * decode_accept: --compressed's Accept-Encoding: deflate and gzip, then
 * br and zstd when their libraries are found (curl's order).
 */
const char *decode_accept(void);

/*
 * decode_codec_version: the library of br or zstd (cd) opened: its
 * version, with *file the file; NULL with err filled when not found.
 */
const char *decode_codec_version(enum http_coding cd, const char **file,
	    char *err);

/* After a successful decode_load: zlib's version and the file opened. */
const char *decode_lib_version(void);
const char *decode_lib_name(void);

/*
 * decode_init: a decoder for the codings cd[0..n), in the order they
 * are undone (http_codings' order).  Loads zlib when a coding needs it.
 * Returns 0, or -1 with err filled (no zlib, no memory).
 */
int	decode_init(struct decode *d, const enum http_coding *cd, int n,
	    char *err);

/*
 * decode_feed: the next n bytes of the body (as framed).  The decoded
 * bytes go to sink in pieces of DECODE_BUFSZ at most.  Returns 0,
 * DECODE_ERR with err filled (corrupt data, or data after the end of
 * the last gzip member or the deflate stream), or DECODE_SINK.
 */
int	decode_feed(struct decode *d, const char *p, size_t n, decode_sink sink,
	    void *arg, char *err);

/*
 * decode_finish: the body ended: 0 when every coding's stream is
 * complete (or got no byte at all), else -1 with err filled (a
 * truncated stream).
 */
int	decode_finish(struct decode *d, char *err);

/*
 * decode_begin: decode_init for the codings of response r's body, as
 * http_codings names them: Transfer-Encoding's always, Content-
 * Encoding's with compressed (--compressed).  0, or -1 with err filled
 * (an unknown coding, no zlib): the body cannot be read.  Every engine
 * starts a body with it, so they undo the same codings.
 */
int	decode_begin(struct decode *d, const struct http_resp *r,
	    int compressed, char *err);

/*
 * --max-filesize (max > 0; 0 or less: none), the one rule of every
 * engine.  decode_length_over: a Content-Length over max refuses the
 * body before a byte of it, but only when nothing is decoded (a coded
 * body's length says nothing of its decoded size).  decode_over: the
 * body delivered so far (have, decoded) growing by n goes over max (no
 * length known, or what a coding unpacks: a gzip bomb stops there).
 * Each: 1 with err filled, or 0.
 */
int	decode_length_over(const struct decode *d, uint64_t length,
	    long long max, char *err);
int	decode_over(const struct decode *d, uint64_t have, size_t n,
	    long long max, char *err);

/* decode_free: the stages' memory; d may be used for decode_init again. */
void	decode_free(struct decode *d);

#endif /* DECODE_H */
