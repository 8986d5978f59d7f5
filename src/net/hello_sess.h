/*
 * net/hello_sess.h: serve-hello's session on one connection of the
 * connection stack (net/conn.h), the socket or its TLS: the greeting, then "Hello, NAME!" for every message
 * (parse/hello.h frames them) until "exit", the end of the input, a
 * client idle or too slow, or a failure.  What each end means to the
 * user is the command's to say; every write is bounded by the idle
 * limit, so a client that stops reading cannot hold a child for ever.
 * hello_close ends the connection as every server does (conn_close:
 * close_notify, the lingering close of net/linger.h) and closes the
 * socket.
 */
#ifndef NET_HELLO_SESS_H
#define NET_HELLO_SESS_H

struct conn;

/* How a session ended. */
enum hello_end {
	HELLO_END_EXIT = 1,	/* "exit", or the end of the input */
	HELLO_END_IDLE,		/* nothing came for idle_ms */
	HELLO_END_SLOW,		/* no whole message within idle_ms */
	HELLO_END_FAIL,		/* a read or write failed (errno) */
	HELLO_END_LONG		/* a line too long: said to the client */
};

/* A client's session: its connection (net/conn.h), TLS among its layers. */
struct hello_conn {
	struct conn	*c;
	short		 want;	/* what a read waits for: POLLIN, or what
				 * TLS asked for */
};

int	hello_greet(struct hello_conn *hc, struct conn *c, int raw,
	    int idle_ms);
int	hello_session(struct hello_conn *hc, int idle_ms, int gap_ms);
int	hello_session_raw(struct hello_conn *hc, int idle_ms);
void	hello_close(struct hello_conn *hc, int why);

#endif /* NET_HELLO_SESS_H */
