/*
 * socks.h: the proxy protocols, pure (no I/O): the proxy URL, request
 * builders and incremental reply parsers for SOCKS5 (RFC 1928, with the
 * username/password method of RFC 1929), SOCKS4 and 4a, and HTTP CONNECT
 * (RFC 9110 section 9.3.6).  proxy_dial.h runs them over a socket.
 *
 * Every reply parser takes all the bytes received so far, buf[0..len),
 * and returns
 *	> 0	the reply is complete and is that many bytes; any bytes after
 *		it are the relay's (early data from the far end);
 *	0	incomplete: *need is set to how many more bytes at least are
 *		needed (for SOCKS exactly, so the caller may read no further
 *		than the reply; for HTTP 1, as a head has no known length);
 *	-1	the proxy said no or spoke something else: err (SK_ERRLEN) is
 *		filled with what it said ("host unreachable (SOCKS5 reply
 *		4)", "HTTP 407 Proxy Authentication Required").
 * The answer for a longer input never contradicts that for its prefix:
 * an error or a completed reply stays the same when more bytes follow,
 * and errors are reported as soon as the deciding byte is in.
 */
#ifndef SOCKS_H
#define SOCKS_H

#include <stddef.h>

#include "util/base.h"

enum proxy_kind {
	PROXY_NONE,
	PROXY_SOCKS4,		/* socks4://, nc -X 4: IPv4, resolved here */
	PROXY_SOCKS4A,		/* socks4a://: the proxy resolves */
	PROXY_SOCKS5,		/* socks5://: the address, resolved here */
	PROXY_SOCKS5H,		/* socks5h://, nc -X 5: the proxy resolves */
	PROXY_HTTP		/* http://, nc -X connect: HTTP CONNECT */
};

/* user or password, decoded, with NUL: 255 bytes for SOCKS (RFC 1929),
   more to an HTTP proxy, as curl sends */
#define PROXY_USERLEN	1024
#define PROXY_PATHLEN	108	/* a UNIX socket's path, with NUL */
#define PROXY_SOCKS_PORT	1080
#define PROXY_HTTP_PORT		3128
#define PROXY_HTTPS_PORT	443	/* curl's, for an https:// proxy */
#define PROXY_HEAD_MAX	(16 * 1024)	/* an HTTP CONNECT response head */
#define PROXY_REQ_MAX	4096	/* room for any request built here (a
					   CONNECT with a Digest answer) */

struct proxy {
	int	kind;			/* enum proxy_kind */
	char	host[SK_HOSTLEN];	/* an IPv6 literal has no brackets */
	char	port[SK_PORTLEN];	/* decimal */
	int	has_auth;		/* credentials were given */
	int	port_given;		/* port: the URL's, not the default */
	char	user[PROXY_USERLEN];	/* SOCKS4: the user id */
	char	pass[PROXY_USERLEN];
	int	tls;			/* https://: TLS to the proxy itself */
	char	path[PROXY_PATHLEN];	/* SOCKS over this UNIX socket, or "" */
};

/*
 * proxy_parse: a proxy URL, "socks5h://user:pw@host:1080" with the
 * schemes socks5, socks5h, socks4, socks4a, http (the default when none
 * is given, as curl does) and https (HTTP to the proxy over TLS, tls
 * set, as curl 7.52 has it); user and password percent-decoded; host a
 * name, an IPv4 or a bracketed IPv6 address; the port 1080 for SOCKS,
 * 3128 for HTTP and 443 for HTTPS when absent.  No path but "/", except
 * curl's SOCKS over a UNIX socket, "socks5h://localhost/run/s.sock":
 * the path into path (the host must be localhost).  Returns 0, or -1
 * with err filled (a usage error for the command).
 */
int	proxy_parse(const char *s, struct proxy *px, char *err);

/*
 * proxy_parse_clear: proxy_parse for a command that speaks to its proxy
 * in the clear (connect, listen's forwarder): an https:// proxy is
 * refused, with where it works (http-get).
 */
int	proxy_parse_clear(const char *s, struct proxy *px, char *err);

/*
 * proxy_user_set: --proxy-user "user:pw" (taken as is, no decoding; no
 * colon means an empty password), replacing credentials from the URL.
 * Returns 0, or -1 with err filled when they do not fit the proxy kind.
 */
int	proxy_user_set(struct proxy *px, const char *s, char *err);

/*
 * proxy_nc: nc's -X 4|5|connect (NULL: 5, as nc) and -x host[:port]
 * ("[v6]:port" too) onto the same struct.  As OpenBSD nc does, -X 5 lets
 * the proxy resolve names (socks5h) and -X 4 resolves here.  Returns 0,
 * or -1 with err filled.
 */
int	proxy_nc(const char *x_proto, const char *addr, struct proxy *px,
	    char *err);

/*
 * proxy_check: the credentials fit the protocol: SOCKS5 user and
 * password 1-255 bytes each (RFC 1929; longer is refused, never cut);
 * SOCKS4 a user id of at most 255 bytes and no password; HTTP a user
 * without a colon (RFC 7617), each within PROXY_USERLEN.  proxy_parse
 * and proxy_user_set call it.
 */
int	proxy_check(const struct proxy *px, char *err);

/* proxy_scheme: "socks5h" and so on, for messages. */
const char *proxy_scheme(int kind);

/* proxy_resolves_here: 1 when the caller must give an address. */
int	proxy_resolves_here(int kind);

/*
 * The builders write a request into buf[0..cap) and return its length,
 * or -1 with err filled when the request cannot be made (a name too
 * long, an address of the wrong family, no room).  A host is a name or
 * an address literal (IPv6 without brackets); a port is 1-65535.
 */

/* the method greeting: no authentication, and RFC 1929 with credentials */
long	socks5_greeting(const struct proxy *px, unsigned char *buf, size_t cap,
	    char *err);

#define SOCKS5_NOAUTH	0x00
#define SOCKS5_USERPASS	0x02

/*
 * socks5_method_parse: the method selection reply (2 bytes); *method is
 * the method the proxy chose, one that was offered (with credentials
 * SOCKS5_USERPASS may come back, else only SOCKS5_NOAUTH).
 */
long	socks5_method_parse(const struct proxy *px, const unsigned char *buf,
	    size_t len, int *method, size_t *need, char *err);

/* the RFC 1929 request (VER 1, ULEN, UNAME, PLEN, PASSWD) and its reply */
long	socks5_auth_request(const struct proxy *px, unsigned char *buf,
	    size_t cap, char *err);
long	socks5_auth_parse(const unsigned char *buf, size_t len, size_t *need,
	    char *err);

/*
 * socks5_connect_request: CONNECT to an IPv4 or IPv6 literal (ATYP 1 or
 * 4) or a name of at most 255 bytes (ATYP 3).  The caller decides what
 * to send: the name for socks5h, an address it resolved for socks5.
 */
long	socks5_connect_request(const char *host, int port, unsigned char *buf,
	    size_t cap, char *err);
/* socks5_connect_parse: VER REP RSV ATYP BND.ADDR BND.PORT */
long	socks5_connect_parse(const unsigned char *buf, size_t len, size_t *need,
	    char *err);
/* socks5_reply_str: RFC 1928's text for a reply code, NULL if unknown */
const char *socks5_reply_str(int rep);

/*
 * socks4_request: CONNECT with the user id; for PROXY_SOCKS4 the host
 * must be an IPv4 literal, for PROXY_SOCKS4A a name is sent after the
 * address 0.0.0.1 (an IPv4 literal goes as an address either way).
 */
long	socks4_request(const struct proxy *px, const char *host, int port,
	    unsigned char *buf, size_t cap, char *err);
/* socks4_reply_parse: VN CD DSTPORT DSTIP, 8 bytes; CD 90 is granted */
long	socks4_reply_parse(const unsigned char *buf, size_t len, size_t *need,
	    char *err);
const char *socks4_reply_str(int cd);

/*
 * http_connect_request: "CONNECT host:port HTTP/1.1", Host and, with
 * credentials, Proxy-Authorization: Basic; with an agent (http-get's:
 * curl's CONNECT), "User-Agent: agent" (empty too, as curl sends -A "")
 * and Proxy-Connection: Keep-Alive; then the checked fields ph[0..nph)
 * (--proxy-header, as curl's: one that names Host, User-Agent or
 * Proxy-Connection takes the place of that default).  The host may not
 * hold a control character or space, nor the agent a CR or LF.
 */
long	http_connect_request(const struct proxy *px, const char *host, int port,
	    const char *agent, char *const *ph, int nph, unsigned char *buf,
	    size_t cap, char *err);
/*
 * http_connect_auth: the same, with pauth the Proxy-Authorization
 * value in Basic's place (--proxy-digest's answer), "" for none; NULL:
 * Basic from px's credentials, as http_connect_request.
 */
long	http_connect_auth(const struct proxy *px, const char *pauth,
	    const char *host, int port, const char *agent, char *const *ph,
	    int nph, unsigned char *buf, size_t cap, char *err);
/*
 * http_connect_parse: the response head, at most PROXY_HEAD_MAX bytes;
 * interim 1xx heads are skipped; any 2xx is success (its length the
 * bytes through the blank line, a body is never expected: RFC 9110
 * says to ignore Content-Length here); else the error is "HTTP 407
 * Proxy Authentication Required", status and reason as sent, control
 * characters escaped.
 */
long	http_connect_parse(const unsigned char *buf, size_t len, size_t *need,
	    char *err);

#endif /* SOCKS_H */
