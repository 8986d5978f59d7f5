/*
 * http.h: HTTP/1.1 message pieces, pure (no I/O): the response head
 * parser with limits, the body framing rules of RFC 9112 section 6, an
 * incremental chunked decoder (http_chunked.c), and request building.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "parse/http_field.h"


#define HTTP_HEAD_MAX	(64 * 1024)	/* bytes in a response head */
#define HTTP_LINE_MAX	(100 * 1024)	/* a client's head line, its end and
					   one more: curl's
					   CURL_MAX_HTTP_HEADER */
#define HTTP_FIELDS_MAX	100		/* fields in a response head */
#define HTTP_UNFOLD_MAX	64		/* unfolded bytes kept to undo */

struct http_field {
	const char	*name;
	size_t		 nlen;
	const char	*value;		/* without surrounding whitespace */
	size_t		 vlen;
};

struct http_resp {
	int		 major, minor;
	int		 status;
	const char	*reason;
	size_t		 rlen;
	int		 nfields;
	struct http_field fields[HTTP_FIELDS_MAX];
	size_t		 head_len;	/* bytes of the head, blank line too */
	int		 bad_field;	/* http_head_parse's -1 is a header
					   line's, not the status line's */
	int		 huge_line;	/* ... a line over HTTP_LINE_MAX
					   (http_head_parse_client) */
	/* the bytes an obs-fold's unfolding changed (unfold_at from the
	   first field's name), to show the head as it came; last:
	   http_head_parse clears what comes before unfold_at */
	int		 nunfold;
	unsigned int	 unfold_at[HTTP_UNFOLD_MAX];
	char		 unfold_was[HTTP_UNFOLD_MAX];
};

/*
 * http_head_parse: parse the response head at the start of buf[0..len).
 * Returns the length of the head (through the blank line) when it is
 * complete, 0 when more bytes are needed, or -1 with err filled when the
 * head is malformed or breaks a limit (HTTP_HEAD_MAX, HTTP_FIELDS_MAX).
 * The status is any three digits, 000 to 999 (see http_status_class).
 * Line ends may be CRLF or a bare LF; obsolete line folding is replaced
 * by spaces in buf, as RFC 9112 asks of a user agent.  The fields point
 * into buf.
 */
long	http_head_parse(char *buf, size_t len, struct http_resp *r, char *err);
/*
 * http_head_parse_client: http_head_parse as http-get reads a response,
 * curl 7.88's way: max bytes in the head, not HTTP_HEAD_MAX; a line of
 * HTTP_LINE_MAX bytes or more with its end fails (huge_line set), as
 * curl fails it (CURLE_OUT_OF_MEMORY); the status line as curl reads
 * it: "HTTP/2 200" and "HTTP/2.0 200" taken (major 2), any blanks
 * before the code, a code under 100 or of four digits refused.
 */
long	http_head_parse_client(char *buf, size_t len, size_t max,
	    struct http_resp *r, char *err);


/*
 * http_status_class: the class of a status code, 1 to 5.  A code outside
 * 100-599 (the parser takes any three digits) is invalid and counts as
 * 5, as RFC 9110 section 15 asks of a client.
 */
int	http_status_class(int status);

/* http_field_get: the first field of that name (any case), or NULL. */
const struct http_field *http_field_get(const struct http_resp *r,
	    const char *name);

enum http_body_kind {
	HTTP_BODY_NONE,		/* HEAD, 1xx, 204, 304 */
	HTTP_BODY_LENGTH,	/* Content-Length */
	HTTP_BODY_CHUNKED,	/* Transfer-Encoding: chunked */
	HTTP_BODY_CLOSE		/* until the server closes */
};

/* The codings sockt decodes (RFC 9110 section 8.4.1, RFC 9112 7). */
enum http_coding {
	HTTP_CODING_IDENTITY,
	HTTP_CODING_GZIP,	/* gzip, x-gzip */
	HTTP_CODING_DEFLATE,	/* zlib-wrapped deflate (or raw: decode.c) */
	HTTP_CODING_BR,		/* brotli (RFC 7932) */
	HTTP_CODING_ZSTD	/* zstd (RFC 8878) */
};

#define HTTP_CODINGS_MAX	8	/* codings of one body, both fields */

/* http_coding_name: the coding s[0..n) names (any case); 0, or -1. */
int	http_coding_name(const char *s, size_t n, enum http_coding *cd);
/* http_coding_str: its name: "gzip", "deflate", "br", "zstd" ... */
const char *http_coding_str(enum http_coding cd);

/*
 * http_codings: what must be undone to get a response's content, in
 * that order, into cd[0..max): the codings of Transfer-Encoding
 * (chunked, the framing's, and identity left out), then, when content
 * is set, those of Content-Encoding, each list from its last.  Returns
 * their count, or -1 with err filled for a coding it does not know
 * (named) or more than max.
 */
int	http_codings(const struct http_resp *r, int content,
	    enum http_coding *cd, int max, char *err);

/*
 * http_body_framing: how the body of this response is delimited (RFC
 * 9112 section 6.3), as how says: HTTP_FRAMING_HEAD when the request was
 * HEAD (1, so a flag "is HEAD" serves), HTTP_FRAMING_ANY when the codings
 * are not ours to undo (a proxy passes them on: any coding before
 * chunked is taken).  Sets *kind and, for HTTP_BODY_LENGTH, *length.  A
 * Transfer-Encoding without chunked last (identity, gzip: see
 * http_codings) means until close.  Returns 0, or -1 with err filled for
 * conflicting or invalid Content-Length and codings it cannot decode.
 */
#define HTTP_FRAMING_HEAD	0x1
#define HTTP_FRAMING_ANY	0x2
#define HTTP_FRAMING_HUGE	0x4	/* a Content-Length past 2^63 is
					   none: until close (curl's) */

int	http_body_framing(const struct http_resp *r, int how,
	    enum http_body_kind *kind, uint64_t *length, char *err);

/*
 * The chunked decoder (http_chunked.c): feed it the body bytes as they
 * come, split any way at all; it gives the same data.
 */
struct http_chunked {
	int		 state;
	int		 ndigits;
	uint64_t	 remaining;	/* bytes left in the current chunk */
	size_t		 linelen;	/* size line or trailer so far */
	size_t		 trailer;	/* bytes of trailer section so far */
	int		 strict;	/* http_chunked_init_strict's */
	char		 tname[20];	/* strict: a trailer field's name */
	size_t		 tnlen;		/* its bytes so far, up to 20 */
	/* http_chunked_decode's last call: its trailer lines (the empty
	   line after them left out) at buf[tr_from .. tr_from + tr_len) */
	size_t		 tr_from, tr_len;
};

#define HTTP_CHUNK_LINE_MAX	4096	/* a size line with extensions */
#define HTTP_CHUNK_MAX	(((uint64_t)1 << 60) - 1)	/* 15 hex digits */

void	http_chunked_init(struct http_chunked *c);

/*
 * http_chunked_init_strict: a decoder for a proxy, which passes on only
 * what no one can read two ways (RFC 9112 section 7.1): every line ended
 * by CR LF (no bare LF), after the size only BWS and ";" before an
 * extension ("3 junk" is an error), each trailer line a field line
 * (token, colon, a value without controls; no folding) and none of the
 * fields that frame, route or belong to a hop (Content-Length,
 * Transfer-Encoding, Trailer, Host, Connection, Keep-Alive,
 * Proxy-Connection, TE, Upgrade: RFC 9110 section 6.5.1).
 */
void	http_chunked_init_strict(struct http_chunked *c);

/*
 * http_chunked_decode: decode buf[0..len) in place: the chunk data is
 * moved to the front of buf and its length stored in *out.  With out
 * NULL the bytes stay as they are and only the framing is followed (a
 * proxy passes it on as it came: where the body ends).  Returns the
 * number of input bytes consumed: len, or less when the body ended (what
 * follows belongs to no body); -1 with err filled on a framing error,
 * with the data decoded before it in buf[0..*out).  The trailer lines
 * this call read stay where they were, at c->tr_from (c->tr_len bytes).
 */
long	http_chunked_decode(struct http_chunked *c, char *buf, size_t len,
	    size_t *out, char *err);

/*
 * http_chunked_reframe: follow buf[0..len) as http_chunked_decode does,
 * and write the body again, canonically, in dst[0..*out): each span of
 * chunk data at hand as a chunk "<hex>\r\n<data>\r\n", extensions
 * left out, the last chunk "0\r\n", then the trailer section as it
 * came (a strict decoder has checked it).  dst holds len +
 * HTTP_REFRAME_SLACK bytes.  Returns the input bytes consumed, or -1
 * with err filled on a framing error (what was written before it must
 * not end a message: the caller closes).
 */
#define HTTP_REFRAME_SLACK	64

long	http_chunked_reframe(struct http_chunked *c, const char *buf,
	    size_t len, char *dst, size_t *out, char *err);

/*
 * http_trailer_lines: a chunked body's trailer lines in[0..n) (whole
 * lines, each ended by LF or CR LF, as the decoder took them) as curl
 * 7.88 writes them to -i and -D: each line's bytes, then CR LF, into out
 * (2 * n bytes).  Stops before a line curl refuses, *why saying which:
 * HTTP_TRAILER_FIELD for one that is no field (no colon) and no fold,
 * HTTP_TRAILER_LONG for one over HTTP_TRAILER_LINE_MAX bytes; 0 when
 * all were taken.  Returns out's length.
 */
#define HTTP_TRAILER_LINE_MAX	4093	/* curl's DYN_H1_TRAILER, its CR LF
					   and NUL out */
#define HTTP_TRAILER_FIELD	1
#define HTTP_TRAILER_LONG	2
size_t	http_trailer_lines(const char *in, size_t n, char *out, int *why);

/* http_chunked_done: 1 once the last chunk and the trailers are in. */
int	http_chunked_done(const struct http_chunked *c);

/*
 * http_content_length: the value of r's Content-Length fields ("42, 42"
 * and repeated equal fields are one value).  Returns 0 for none, 1 with
 * *len, or -1 with err when one is malformed or they disagree.
 */
int	http_content_length(const struct http_resp *r, uint64_t *len,
	    char *err);

struct http_req {
	const char	 *method;	/* "GET" or "HEAD" */
	const char	 *target;	/* "/path?q" or an absolute URL */
	const char	 *host;		/* the Host value */
	const char	 *agent;	/* User-Agent, NULL or "" for none */
	const char	 *referer;	/* Referer, or NULL */
	const char	 *user;		/* Basic auth, or NULL */
	const char	 *bearer;	/* Bearer auth in its place, or NULL */
	const char	 *auth;		/* an Authorization value in Basic's
					   place ("Digest ..."), or NULL */
	const char	 *pass;
	const char	 *proxy_user;	/* Proxy-Authorization, or NULL */
	const char	 *proxy_pass;
	const char	 *proxy_auth;	/* a Proxy-Authorization value in
					   Basic's place, or NULL */
	char		**headers;	/* checked -H arguments */
	int		  nheaders;
	const char	**fields;	/* the transfer's own ("Range: ...",
					   If-Modified-Since, If-None-Match) */
	int		  nfields;
	const char	 *cookie;	/* "Cookie: ..." whole, or NULL */
	int		  via_proxy;	/* to an HTTP proxy that forwards it */
	int		  http10;	/* HTTP/1.0 in its line: curl's on a
					   connection that answered in 1.0 */
	int		  keep_alive;	/* 0: the last on its connection */
	const char	 *accept_encoding;	/* its value, or NULL */
	int		  te;		/* curl's --tr-encoding */
	char *const	 *pheaders;	/* --proxy-header, after the rest: to
					   a proxy that forwards it */
	int		  npheaders;
};

/*
 * http_request_build: the request head in buf[0..cap), its fields in
 * curl 7.88's order: Host (the first -H Host in its place),
 * Proxy-Authorization, Authorization, Range, User-Agent, Accept,
 * curl's --tr-encoding's Connection: TE (a -H Connection's value
 * before TE, that field then not sent) and TE: gzip unless -H names
 * TE, Accept-Encoding, Referer, Proxy-Connection: Keep-Alive (to a proxy),
 * Cookie, the time condition, the -H fields, If-None-Match (curl adds
 * --etag-compare's to the -H list).  A -H field replaces the default
 * of its name; "Name:" drops it.  No Connection field: the caller
 * closes after the last response, as curl does.  Returns its length,
 * or -1 with err filled when it does not fit.
 */
long	http_request_build(const struct http_req *rq, char *buf, size_t cap,
	    char *err);

/*
 * http_request_closes: 1 when nothing may follow the request
 * http_request_build makes of rq on its connection (the last one, or a
 * -H Connection naming close), else 0.
 */
int	http_request_closes(const struct http_req *rq);

/*
 * http_resp_persistent: may the connection carry another request after
 * this response (RFC 9112 section 9.3)?  Not when a Connection field
 * names close; HTTP/1.1 and later persist by default, HTTP/1.0 only with
 * Connection: keep-alive.  The body's framing is the caller's to check
 * (a body that ends at close ends the connection too).  Returns 1 or 0.
 */
int	http_resp_persistent(const struct http_resp *r);

/*
 * http_list_has: does the comma-separated list v[0..n) (no NUL needed)
 * hold the token tok, in any case, white space around elements aside?
 * An empty tok is in no list.
 */
int	http_list_has(const char *v, size_t n, const char *tok);

#endif /* HTTP_H */
