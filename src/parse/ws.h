/*
 * ws.h: WebSocket (RFC 6455) pieces, pure (no I/O): frame heads read and
 * written, masking, the UTF-8 check of text messages, Close bodies, the
 * ws:// and wss:// URLs, and the handshake's request and answer.  The
 * SHA-1 of the accept key is not here: ws/ws_hs.c asks the TLS module's
 * libcrypto for it (never written by hand).
 */
#ifndef WS_H
#define WS_H

#include <stddef.h>
#include <stdint.h>

#include "parse/url.h"

#define WS_OP_CONT	0x0
#define WS_OP_TEXT	0x1
#define WS_OP_BINARY	0x2
#define WS_OP_CLOSE	0x8
#define WS_OP_PING	0x9
#define WS_OP_PONG	0xa

/* Close codes (RFC 6455 section 7.4.1) sockt sends. */
#define WS_CLOSE_NORMAL		1000
#define WS_CLOSE_AWAY		1001
#define WS_CLOSE_PROTOCOL	1002
#define WS_CLOSE_NONE		1005	/* never sent: a Close without a code */
#define WS_CLOSE_BAD_DATA	1007
#define WS_CLOSE_TOO_BIG	1009
#define WS_CLOSE_INTERNAL	1011	/* our own failure (our input's) */
#define WS_CLOSE_BAD_GATEWAY	1014	/* the far side of a bridge failed */

#define WS_HEAD_MAX	14	/* 2 + 8 (length) + 4 (mask) */
#define WS_CONTROL_MAX	125	/* a control frame's payload */
#define WS_KEY_LEN	24	/* base64 of 16 bytes */
#define WS_ACCEPT_LEN	28	/* base64 of a SHA-1 */
#define WS_REQ_MAX	(16 * 1024)	/* a handshake request's head */
#define WS_PROTO_MAX	256	/* --ws-protocol's list */

struct ws_head {
	int		fin;
	int		opcode;
	int		masked;
	int		rsv1;		/* permessage-deflate's bit */
	unsigned char	mask[4];
	uint64_t	len;		/* of the payload */
	size_t		hlen;		/* of the head itself */
};

/*
 * ws_head_parse: the frame head at p[0..n).  Returns its length (2 to 14)
 * when whole, 0 when more bytes are needed, -1 with err filled when it
 * breaks the protocol (reserved bits, an unknown opcode, a control frame
 * fragmented or over 125 bytes, a 64-bit length with its top bit set).
 * A length not in its shortest form is taken, as most peers take it.
 */
int	ws_head_parse(const unsigned char *p, size_t n, struct ws_head *h,
	    char *err);
/* ws_head_parse_rsv1: the same, RSV1 taken (rsv1) when rsv1_ok. */
int	ws_head_parse_rsv1(const unsigned char *p, size_t n, int rsv1_ok,
	    struct ws_head *h, char *err);
/*
 * ws_head_build: the head of a frame of len bytes into out (WS_HEAD_MAX
 * bytes); mask NULL: unmasked (a server's).  Returns its length.
 */
size_t	ws_head_build(unsigned char *out, int fin, int opcode, uint64_t len,
	    const unsigned char *mask);
/*
 * ws_mask: XOR p[0..n) with key, the payload starting at offset off of
 * its frame (so a payload may be masked in pieces), a word at a time.
 */
void	ws_mask(unsigned char *p, size_t n, const unsigned char key[4],
	    uint64_t off);

/*
 * The UTF-8 check of a text message, fed in pieces as they come: a
 * sequence may be cut between two pieces.  ws_utf8_feed returns 0, or -1
 * at the first byte that cannot be UTF-8 (overlong forms, surrogates,
 * code points above U+10FFFF); ws_utf8_done says whether the text ends
 * on a whole character.
 */
struct ws_utf8 {
	unsigned	need;		/* continuation bytes still to come */
	unsigned char	lo, hi;		/* the range of the next one */
};
void	ws_utf8_init(struct ws_utf8 *u);
int	ws_utf8_feed(struct ws_utf8 *u, const unsigned char *p, size_t n);
int	ws_utf8_done(const struct ws_utf8 *u);

/*
 * ws_close_parse: a Close frame's payload: *code (WS_CLOSE_NONE when it
 * is empty) and the reason, p + 2 for *rlen bytes.  Returns 0, or -1 with
 * err for one byte, a code that may not be sent (RFC 6455 7.4) or a
 * reason that is not UTF-8.
 */
int	ws_close_parse(const unsigned char *p, size_t n, int *code,
	    size_t *rlen, char *err);
/*
 * ws_close_known: 1 for a code a peer may send, else 0.  ws_close_clean:
 * 1 for a code that ends a session well (1000, 1001, or none given:
 * WS_CLOSE_NONE), else 0.
 */
int	ws_close_known(int code);
int	ws_close_clean(int code);

/*
 * ws_url_parse: a ws:// or wss:// URL (any case) into u, as url_parse
 * reads http:// (u->https set for wss://; port 80 or 443 when absent).
 * A fragment is refused (RFC 6455 3).  Returns 0, or -1 with err.
 */
int	ws_url_parse(const char *s, struct url *u, char *err);
#define WS_PATHLEN	8192	/* a ws:// URL's path and query, as sent */
#define WS_USERLEN	256	/* its user name or password, decoded */
/* ws_url_is: does s start with ws:// or wss:// (any case)? */
int	ws_url_is(const char *s);

/*
 * ws_key_ok: is k (n bytes) a Sec-WebSocket-Key: the base64 of 16
 * bytes, 24 characters with "==" at the end?  1 or 0.
 */
int	ws_key_ok(const char *k, size_t n);
/*
 * ws_accept_input: the text whose SHA-1 is the accept key: the key and
 * the protocol's GUID, into buf (at least 61 bytes).  Returns its length.
 */
size_t	ws_accept_input(const char *key, size_t n, char *buf);

/*
 * A client's handshake request, as the server reads it: the head at
 * buf[0..len).  ws_req_parse returns the head's length when it is whole,
 * 0 when more is needed, -1 with err when it is no HTTP/1.1 request or
 * over WS_REQ_MAX.  The strings point into buf (NUL-terminated there),
 * but protocols: several Sec-WebSocket-Protocol lines are one list
 * (RFC 6455 11.3.4), joined in protobuf (-1 when they do not fit).
 * ws_req_check then says what the server answers: 0 for an upgrade it
 * takes (101), else the status to answer with (400, 404, 405, 426; 400
 * for a second Sec-WebSocket-Key, 11.3.1), with err saying why.
 */
#define WS_REQ_FIELDS	64
#define WS_PROTO_JOIN	1024	/* the Sec-WebSocket-Protocol lines */
struct ws_req {
	const char	*method;
	const char	*target;	/* "/path?query" */
	int		 minor;		/* HTTP/1.minor */
	int		 nfields;
	struct {
		const char	*name, *value;
	}		 fields[WS_REQ_FIELDS];
	const char	*key;		/* Sec-WebSocket-Key, or NULL */
	const char	*protocols;	/* Sec-WebSocket-Protocol, or NULL */
	const char	*origin;	/* Origin, or NULL */
	char		 protobuf[WS_PROTO_JOIN];
};
long	ws_req_parse(char *buf, size_t len, struct ws_req *rq, char *err);
const char *ws_req_field(const struct ws_req *rq, const char *name);
int	ws_req_check(const struct ws_req *rq, const char *path, char *err);

/*
 * ws_pick_protocol: the first of ours (a comma list) that the client
 * offered (its Sec-WebSocket-Protocol, or NULL), into out (size cap);
 * out is empty when none matches.  Names match in their case (RFC 7936).
 */
void	ws_pick_protocol(const char *ours, const char *offered, char *out,
	    size_t cap);
/*
 * ws_list_has: does the comma list v[0..n) hold the subprotocol tok, in
 * its case?  Both sides match names so (ws_pick_protocol, the client's
 * check of the server's choice).  1 or 0.
 */
int	ws_list_has(const char *v, size_t n, const char *tok);

/*
 * ws_origin_ok: may a request with this Origin (NULL: none sent, not a
 * browser) be taken under the --ws-origin list (a comma list of origins
 * as browsers send them, "scheme://host[:port]", or NULL for any)?  An
 * origin matches in any case (RFC 6454 6.1 serialises it in lower case;
 * hosts have no case), "null" only when listed.  1 or 0.
 */
int	ws_origin_ok(const char *list, const char *origin);

/*
 * ws_resp_count: how many fields of that name the response r has: a
 * 101 with two Sec-WebSocket-Accept or Sec-WebSocket-Protocol lines is
 * refused, not read for its first.
 */
struct http_resp;
int	ws_resp_count(const struct http_resp *r, const char *name);

#endif /* WS_H */
