/*
 * net/starttls_io.h: a STARTTLS dialogue (parse/starttls.h) as a layer of an
 * endpoint (conn.h), before the TLS handshake: connect --starttls.  Core:
 * never prints, never exits.
 *
 * starttls_push adds o->proto's dialogue above the layers of c; it runs
 * when conn_handshake reaches it, a step at a time, each reply (and each
 * request) within o->timeout_ms (<= 0: no limit), and is done once the
 * server has agreed and TLS may begin, with nothing of the server's read
 * past its last reply; else the handshake fails with err (SK_ERRLEN)
 * saying which step failed and what the server said ("the server does
 * not offer STARTTLS (EHLO: 250 PIPELINING)").  What the endpoint holds
 * already (a proxy's early bytes) is the server's first.  For -v,
 * o->show (or NULL) gets each line sent ('>') and received ('<'),
 * escaped, without its line end.  0, or -1 with err.
 */
#ifndef NET_STARTTLS_IO_H
#define NET_STARTTLS_IO_H

#include <stddef.h>

struct starttls_opts {
	int		 proto;		/* STLS_P_* */
	const char	*name;		/* xmpp: the domain; else EHLO's
					 * name, NULL: our address, [a.b.c.d] */
	int		 timeout_ms;
	void		(*show)(int dir, const char *line, void *arg);
	void		*arg;
};

struct conn;

int	starttls_push(struct conn *c, const struct starttls_opts *o, char *err);

#endif /* NET_STARTTLS_IO_H */
