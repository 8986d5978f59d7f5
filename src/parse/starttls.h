/*
 * starttls.h: the plaintext dialogues that upgrade a connection to TLS
 * (STARTTLS and its kin), pure: no I/O.  One state machine serves every
 * caller: connect --starttls drives it over a blocking loop
 * (net/starttls_io.h), the unit tests and the fuzz harness feed it bytes.
 * Each protocol follows its RFC: smtp (RFC 3207: the greeting, EHLO,
 * STARTTLS, 220), lmtp (RFC 2033: LHLO in EHLO's place), imap (RFC
 * 3501: CAPABILITY unless the greeting lists the capabilities, then a
 * tagged STARTTLS), pop3 (RFC 2595: CAPA, then STLS), ftp (RFC 4217:
 * AUTH TLS, 234), xmpp (RFC 6120: a stream, its features, <starttls/>,
 * <proceed/>) and postgres (the SSLRequest, answered by 'S' or 'N').
 *
 * starttls_proto reads a protocol's name: STLS_P_*, or -1.
 * starttls_proto_name is the reverse.
 * starttls_init starts s for proto; name is the client's name for EHLO
 * and LHLO ("[127.0.0.1]") or, for xmpp, the stream's "to" (the
 * server's domain).  0, or -1 when name is empty, too long or (xmpp)
 * holds a byte XML does not allow.
 * starttls_next runs the dialogue on over the len bytes received and
 * not yet used (in may be NULL when len is 0); *used gets how many of
 * them it used, which the caller drops before the next call.  Returns
 *   STLS_SEND  send s->out (s->outlen bytes), then call again with what
 *              is left;
 *   STLS_MORE  every complete reply is used: read more, then call again
 *              with what is left and the new bytes;
 *   STLS_DONE  the server agreed: the TLS handshake may begin.  Bytes
 *              past the final reply are not allowed (a plaintext
 *              injection, CVE-2011-0411): they make it STLS_FAIL;
 *   STLS_FAIL  the server does not offer the upgrade, refused it, or
 *              said what the protocol does not allow: s->why says which,
 *              with the server's words ("the server does not offer
 *              STARTTLS (EHLO: 250 PIPELINING)").
 * The caller's buffer needs STLS_IN_MAX bytes: a reply that does not end
 * within them fails.  Once STLS_DONE or STLS_FAIL, it stays so.
 * starttls_early judges the len bytes that came before s->out went out
 * (the caller looks before it sends): a reply to what is not yet asked,
 * from a server that did not wait or from someone who injects the
 * replies (the 2021 "NO STARTTLS" study).  Returns 0 when they mean
 * nothing (XMPP's white space), else STLS_FAIL, s failed with the
 * server's first line as s->why ("the server answered before sockt sent
 * EHLO (EHLO: 250 ok)").  starttls_next judges so the bytes it holds
 * past a reply that makes it STLS_SEND.
 * starttls_literal writes the address literal of RFC 5321 4.1.3 for the
 * numeric address addr into buf: "[127.0.0.1]", "[IPv6:::1]", without
 * the zone an IPv6 address may carry ("fe80::1%eth0").  0, or -1.
 * starttls_step names what s waits for, for a message about a time limit
 * or an early close: "the greeting", "the reply to EHLO".
 * starttls_port is the protocol nmap's ssl-cert uses on a well-known
 * port (25: smtp), or -1.
 */
#ifndef STARTTLS_H
#define STARTTLS_H

#include <stddef.h>

#define STLS_IN_MAX	16384	/* the longest reply (XMPP's features) */
#define STLS_OUT_MAX	640	/* the longest thing sent */
#define STLS_NAME_MAX	256
#define STLS_WHY_MAX	256

enum {
	STLS_P_SMTP,
	STLS_P_LMTP,
	STLS_P_IMAP,
	STLS_P_POP3,
	STLS_P_FTP,
	STLS_P_XMPP,
	STLS_P_POSTGRES
};

#define STLS_PROTO_WORDS	"smtp lmtp imap pop3 ftp xmpp postgres"

enum {
	STLS_SEND = 1,
	STLS_MORE,
	STLS_DONE,
	STLS_FAIL
};

struct starttls {
	int		 proto;
	int		 state;
	int		 offered;	/* the capability was listed */
	int		 code;		/* a numeric reply's code so far */
	int		 lines;		/* lines of the reply so far */
	char		 name[STLS_NAME_MAX];
	unsigned char	 out[STLS_OUT_MAX];
	size_t		 outlen;
	char		 last[128];	/* the reply's telling line, escaped */
	char		 why[STLS_WHY_MAX];
};

int	starttls_proto(const char *word);
const char *starttls_proto_name(int proto);
int	starttls_init(struct starttls *s, int proto, const char *name);
int	starttls_next(struct starttls *s, const unsigned char *in,
	    size_t len, size_t *used);
int	starttls_early(struct starttls *s, const unsigned char *in,
	    size_t len);
int	starttls_literal(const char *addr, char *buf, size_t size);
const char *starttls_step(const struct starttls *s);
int	starttls_port(unsigned int port);

#endif /* STARTTLS_H */
