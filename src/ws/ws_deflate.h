/*
 * ws_deflate.h: permessage-deflate (RFC 7692) for the WebSocket module,
 * over util/zlib.h: the negotiation's side that needs the library (the
 * offer, the answer, each side's streams made), and each message
 * compressed or inflated as it passes.  The parameters themselves are
 * parse/wsext.c's.  Only src/ws/ws*.c include it.
 *
 * Each direction is one raw deflate stream (window bits negative) kept
 * from message to message (context takeover) unless no_context_takeover
 * was agreed for its sender: a message is compressed with a sync flush
 * and the 00 00 ff ff that ends it is cut off (RFC 7692 7.2.1), and put
 * back before inflating (7.2.2).  A peer may end each message with a
 * block with BFINAL set instead (7.2.3.4): what follows that block in
 * the message (the empty stored block's 00) is ignored, and its next
 * message starts a new stream.  We inflate with a 32 KiB window, which
 * reads any window the peer uses.
 */
#ifndef WS_DEFLATE_H
#define WS_DEFLATE_H

#include <stddef.h>

#include "parse/wsext.h"

struct http_resp;
struct ws_conn;
struct ws_deflate;
struct ws_info;
struct ws_req;

#define WSD_SINK	(-2)	/* wsd_inflate: the sink said stop */

/* Inflated bytes for the relay; -1 stops (the sink said why). */
typedef int	(*wsd_sink)(void *arg, const unsigned char *p, size_t n);

/*
 * wsd_offer: the client's offer as a field line into line (cap bytes),
 * when offer is set and zlib is there; else line is empty and, when
 * offer is set, info->ext_note says why not.
 */
void	wsd_offer(int offer, char *line, size_t cap, struct ws_info *info);
/*
 * wsd_client_agree: the server's 101 r read against what was offered
 * (offered: our line was sent): c's streams made when it agreed, its
 * words in info->extensions.  0, or -1 with err.
 */
int	wsd_client_agree(struct ws_conn *c, const struct http_resp *r,
	    int offered, struct ws_info *info, char *err);
/*
 * wsd_server_agree: the server's choice among rq's offers (none when
 * no_deflate): the 101's field line into line (empty when none is
 * taken, info->ext_note saying why when one was offered), c's streams
 * made.  0, or -1 with err (out of memory).
 */
int	wsd_server_agree(struct ws_conn *c, const struct ws_req *rq,
	    int no_deflate, char *line, size_t cap, struct ws_info *info,
	    char *err);
void	wsd_free(struct ws_deflate *d);

/*
 * wsd_worth: whether a message to send, whose first piece is p[0..n),
 * is worth compressing: 0 for bytes as even as random ones (compressed
 * or encrypted already), which go uncompressed (RSV1 clear: RFC 7692 6
 * lets each message choose), costing neither side a pass of zlib.
 */
int	wsd_worth(const unsigned char *p, size_t n);
/*
 * wsd_deflate: a piece p[0..n) of a message to send, fin its last;
 * *out and *outlen the compressed bytes (valid until the next call).
 * A message whose first piece is large is compressed at level 1, the
 * others at zlib's default.  0, or -1 with err.
 */
int	wsd_deflate(struct ws_deflate *d, const unsigned char *p, size_t n,
	    int fin, const unsigned char **out, size_t *outlen, char *err);
/*
 * wsd_inflate: a piece p[0..n) of a compressed message received, fin
 * its end: what it inflates to goes to sink, 64 KiB at most a call, so
 * a limit in the sink stops a deflate bomb early.  0, -1 with err (data
 * that does not inflate), or WSD_SINK.
 */
int	wsd_inflate(struct ws_deflate *d, const unsigned char *p, size_t n,
	    int fin, wsd_sink sink, void *arg, char *err);

#endif /* WS_DEFLATE_H */
