/*
 * net/udpsess.h: a two-way UDP session, the engine of connect -u and
 * listen -u: datagrams between an input fd, an output fd and a
 * connected datagram socket, in one poll loop.  Core: never prints,
 * never exits.
 *
 * udpsess_run sends each read of ro->in_fd as one datagram (with lines,
 * each line, its newline kept, and a last line without one as it is;
 * with ro->crlf each LF not after a CR as CR LF) and writes each
 * datagram from the socket's peer to ro->out_fd as it comes, whole
 * (short writes and EINTR handled), both at once.  Datagrams keep their
 * boundaries, from 0 bytes to the largest UDP carries (udpsess_max).
 * first, if not NULL, is a datagram of the peer received already
 * (listen -u's first): written out before anything else.  A datagram
 * from another sender, queued before the socket was connected (the
 * kernel drops those that come after), is not written: stray, if not
 * NULL, hears of it.
 *
 * The session ends well (0) ro->quit_ms after the end of in_fd (0: at
 * once, -1: never), the datagram of its last bytes sent; with
 * ro->no_stdin in_fd is never read and only a failure or a signal ends
 * it.  It fails (-1, errno and err set: "127.0.0.1 port 9: Connection
 * refused", ro->peer naming the socket's side) when the peer's port is
 * closed (an ICMP port unreachable: ECONNREFUSED on a send or a
 * receive), when nothing moves either way for ro->idle_ms (ETIMEDOUT),
 * when a datagram would be too large (EMSGSIZE: a line over the limit,
 * or a read that -C made so), and when in_fd or out_fd fails (err empty
 * when the reader of out_fd left: EPIPE).  ro->dump, if set, sees each
 * datagram sent ('>') and written out ('<').  The socket is made
 * non-blocking.
 *
 * Every datagram goes through an endpoint (conn.h): o->conn, or one of
 * the session's own over s (NULL o->conn), whose first layer screens
 * out the strays until the queue has once been empty.
 * With o->conn (connect -u --tls, listen -u --tls) the session is DTLS
 * over s, its handshake done: each read of in_fd (each line) one record,
 * no larger than the path MTU lets one be (tls_record_max), each record
 * one write to out_fd, the retransmission timer kept (conn_wake), and
 * the peer's close_notify the end (0); the caller sends ours.
 *
 * udpsess_probe is -z: one empty datagram through c, then at most wait_ms for an
 * answer.  Returns 1 when a datagram came back, 0 for silence (open, or
 * a filter that drops in silence: UDP cannot tell), -1 with errno
 * (ECONNREFUSED: the port is closed).
 */
/*
 * udpsess_first is listen -u's wait for its peer, on the bound socket s:
 * the first datagram of a sender that so's access lists let in, into
 * buf (size bytes; UDPSESS_BUFSZ holds any), its sender into *ss and
 * *len, within wait_ms (0: no limit); refused, if not NULL, hears of
 * each datagram of a sender they keep out, dropped.  Returns the
 * datagram's length, or -1 with errno (ETIMEDOUT after wait_ms).
 */
/*
 * udpsess_dtls_first is that wait with DTLS (listen -u --tls): each
 * ClientHello without a valid cookie is answered with a
 * HelloVerifyRequest and forgotten (stack_dtls_wait), and the first
 * that comes back with one, from a sender the access lists let in, is
 * the peer's: 0, the listener *l (stack.h) over s in the peer's
 * handshake, which goes on once s is connected to *ss and
 * stack_push_dtls put it on the peer's connection; or -1 with errno
 * (ETIMEDOUT after wait_ms, err empty) and err, l freed.
 */
#ifndef UDPSESS_H
#define UDPSESS_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#define UDPSESS_MAX4	65507	/* 65535 - 20 (IPv4 header) - 8 (UDP) */
#define UDPSESS_MAX6	65527	/* 65535 - 8: the payload length field */
#define UDPSESS_QUIT_MS	1000	/* -q's default with -u: replies come soon */
#define UDPSESS_PROBE_MS 1000	/* -z -u waits this long without -w */

#define UDPSESS_BUFSZ	65536	/* a datagram: any fits */

struct conn;
struct relay_opts;
struct server_opts;
struct stack_dtls;
struct tls_server_ctx;

struct udpsess_opts {
	const struct relay_opts *ro;	/* the fds, -d -q -i -C -x, peer */
	int		 lines;		/* --lines: a datagram a line */
	const void	*first;		/* a datagram received already */
	size_t		 firstlen;
	void		(*stray)(const struct sockaddr *sa, socklen_t len,
			    void *arg);
	void		*arg;
	struct conn	*conn;		/* DTLS over s, its handshake done:
					 * a record each way in a datagram's
					 * place, or NULL */
	/*
	 * a layer over s that every datagram goes through (SOCKS5's
	 * header: proxy_udp.h), ctx its; wrap_fd (its control connection)
	 * polled too: where it stirs, the layer's read says what it means
	 * (EPROTO: the end, in conn_error's words); NULL: none
	 */
	const struct conn_ops *wrap;
	void		*wrap_ctx;
	int		 wrap_fd;
};

size_t	udpsess_max(int s);
int	udpsess_run(int s, const struct udpsess_opts *o, char *err);
int	udpsess_probe(struct conn *c, int wait_ms);
ssize_t	udpsess_first(int s, const struct server_opts *so, int wait_ms,
	    void *buf, size_t size, struct sockaddr_storage *ss,
	    socklen_t *len, void (*refused)(const struct sockaddr *sa,
	    socklen_t len, void *arg), void *arg);

int	udpsess_dtls_first(struct stack_dtls *l, int s,
	    const struct server_opts *so, struct tls_server_ctx *sc,
	    int wait_ms, struct sockaddr_storage *ss,
	    socklen_t *len, void (*refused)(const struct sockaddr *sa,
	    socklen_t len, void *arg), void *arg, char *err);

#endif /* UDPSESS_H */
