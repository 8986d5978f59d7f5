/*
 * starttls.h: a STARTTLS dialogue (parse/starttls.h) run over a connected
 * socket, before the TLS handshake: connect --starttls.  Core: never
 * prints, never exits.
 *
 * net_starttls runs o->proto's dialogue on fd (blocking or not), each
 * reply awaited for at most o->timeout_ms (<= 0: no limit), and returns
 * 0 once the server has agreed and TLS may begin, with nothing of the
 * server's read past its last reply; or -1 with err (SK_ERRLEN) saying
 * which step failed and what the server said ("the server does not
 * offer STARTTLS (EHLO: 250 PIPELINING)").  o->early holds bytes read
 * from fd already (a proxy's), taken as the first of the server's.  For
 * -v, o->show (or NULL) gets each line sent ('>') and received ('<'),
 * escaped, without its line end.
 */
#ifndef NET_STARTTLS_H
#define NET_STARTTLS_H

#include <stddef.h>

struct starttls_opts {
	int		 proto;		/* STLS_P_* */
	const char	*name;		/* xmpp: the domain; else EHLO's
					 * name, NULL: our address, [a.b.c.d] */
	int		 timeout_ms;
	const unsigned char *early;
	size_t		 earlylen;
	void		(*show)(int dir, const char *line, void *arg);
	void		*arg;
};

int	net_starttls(int fd, const struct starttls_opts *o, char *err);

#endif /* NET_STARTTLS_H */
