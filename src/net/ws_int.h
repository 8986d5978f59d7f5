/*
 * ws_int.h: what the two halves of the WebSocket module share (ws_hs.c,
 * the handshakes; ws.c, the relay): the connection and its I/O.  Only
 * src/net/ws*.c include it.
 */
#ifndef WS_INT_H
#define WS_INT_H

#include <sys/types.h>

#include <stddef.h>

struct tls_conn;

#define WS_RBUF		(256 * 1024)	/* what one read may take */

struct ws_conn {
	int		 fd;
	struct tls_conn	*tls;		/* NULL: plain */
	int		 client;	/* we mask; the peer must not */
	unsigned char	*rbuf;		/* read, not yet taken: rbuf[roff..rlen) */
	size_t		 roff, rlen;
	unsigned char	 keys[1024];	/* random bytes for masks */
	size_t		 nkeys;		/* of them, still unused */
};

ssize_t	ws_io_read(struct ws_conn *c, void *buf, size_t len);
ssize_t	ws_io_write(struct ws_conn *c, const void *buf, size_t len);
int	ws_io_want(const struct ws_conn *c, int dir);
int	ws_io_write_all(struct ws_conn *c, const void *buf, size_t len,
	    long long deadline);
int	ws_random(struct ws_conn *c, unsigned char *out, size_t n);

#endif /* WS_INT_H */
