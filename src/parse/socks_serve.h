/*
 * socks_serve.h: the server side of SOCKS5 (RFC 1928, with RFC 1929's
 * username/password method), pure (no I/O): the client's method
 * greeting, its authentication request and its request are parsed, the
 * replies built.  socks.h is the client side; proxy/proxy_serve.c moves
 * the bytes.
 *
 * Every parser takes all the bytes received so far, buf[0..len), and
 * returns
 *	> 0	the message is complete and is that many bytes; any bytes
 *		after it are the client's next message or its first data
 *		(a client may pipeline them), never part of this one;
 *	0	incomplete: *need is set to how many more bytes at least are
 *		needed (exactly: a caller may read no further);
 *	-1	malformed, or asking for what is not served: err (SK_ERRLEN)
 *		is filled, printable, and for the request *rep is the reply
 *		code to send (SOCKS5_REP_*).
 * As in socks.h, the answer for a longer input never contradicts the one
 * for its prefix, and an error is reported as soon as its deciding byte
 * is in.
 */
#ifndef SOCKS_SERVE_H
#define SOCKS_SERVE_H

#include <stddef.h>

#include "parse/socks.h"

/* RFC 1928 section 6: the reply codes */
#define SOCKS5_REP_OK		0
#define SOCKS5_REP_FAIL		1	/* general failure */
#define SOCKS5_REP_RULESET	2	/* not allowed by ruleset */
#define SOCKS5_REP_NETUNREACH	3
#define SOCKS5_REP_HOSTUNREACH	4
#define SOCKS5_REP_REFUSED	5
#define SOCKS5_REP_TTL		6	/* TTL expired: a timeout */
#define SOCKS5_REP_COMMAND	7	/* command not supported */
#define SOCKS5_REP_ATYP		8	/* address type not supported */

#define SOCKS5_NOMETHOD	0xff	/* "no acceptable methods" */

/* what a greeting offers, of the methods we serve */
#define SOCKS5_OFFERS_NOAUTH	0x1
#define SOCKS5_OFFERS_USERPASS	0x2

/* RFC 1928's commands */
#define SOCKS5_CMD_CONNECT	1
#define SOCKS5_CMD_BIND		2
#define SOCKS5_CMD_UDP		3	/* UDP ASSOCIATE */

/* a whole greeting, authentication request or request is at most this */
#define SOCKS5_MSG_MAX		(4 + 1 + 255 + 2 + 255)

/*
 * socks5_greeting_parse: VER 5, NMETHODS, METHODS; *offers is the set
 * of SOCKS5_OFFERS_* among them.  A version other than 5 is an error
 * ("SOCKS4" named as such); so are no methods at all.
 */
long	socks5_greeting_parse(const unsigned char *buf, size_t len,
	    int *offers, size_t *need, char *err);

/*
 * socks5_userpass_parse: RFC 1929's VER 1, ULEN, UNAME, PLEN, PASSWD;
 * user and pass (PROXY_USERLEN bytes each) get them NUL-terminated.  A
 * name or password with a NUL byte cannot match any credentials given
 * on a command line and is refused.
 */
long	socks5_userpass_parse(const unsigned char *buf, size_t len, char *user,
	    char *pass, size_t *need, char *err);

/* A client's request: what it asks to reach. */
struct socks5_req {
	int	cmd;			/* SOCKS5_CMD_* */
	int	atyp;			/* 1 IPv4, 3 a name, 4 IPv6 */
	char	host[SK_HOSTLEN];	/* an address in text, a name */
	int	port;			/* 1-65535 */
};

/*
 * socks5_request_parse: VER CMD RSV ATYP DST.ADDR DST.PORT.  A command
 * other than CONNECT, BIND and UDP ASSOCIATE is refused at its byte
 * (*rep SOCKS5_REP_COMMAND), an address type other than 1, 3 or 4 too
 * (SOCKS5_REP_ATYP); a name that is empty or holds a byte no host name
 * has (a control character, a space, '/', '@', a bracket...) and
 * CONNECT's port 0 are SOCKS5_REP_FAIL (BIND and UDP ASSOCIATE may name
 * port 0, and address 0.0.0.0: not known yet).
 */
long	socks5_request_parse(const unsigned char *buf, size_t len,
	    struct socks5_req *rq, int *rep, size_t *need, char *err);

/*
 * socks5_reply_build: VER 5, REP, RSV 0, ATYP and BND.ADDR, BND.PORT:
 * family AF_INET with 4 bytes of addr, AF_INET6 with 16, anything else
 * 0.0.0.0 port 0 (what a refusal carries).  buf holds at least 22
 * bytes.  Returns the reply's length.
 */
size_t	socks5_reply_build(int rep, int family, const unsigned char *addr,
	    int port, unsigned char *buf);

#endif /* SOCKS_SERVE_H */
