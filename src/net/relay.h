/*
 * relay.h: the relay loop (relay.c), between two endpoints.  Core: never
 * prints, never exits.  The full writes and pipe helpers it shares with
 * the rest are io.h's, which it includes for its callers.
 * relay_run moves data between (in_fd, out_fd) and the socket until the
 * session ends by the rules in sockt(1); it returns 0, or -1 with err
 * (SK_ERRLEN bytes) filled (err left empty when the cause needs no
 * message, such as a reader of stdout that went away; peer "" puts the
 * socket side's failures in err as they are, a layer's own words).
 * The endpoint's layers are asked before each wait when they must be
 * called again (conn_wake: a WebSocket layer's pings and closing
 * bound) and whether they hold bytes of ours to send (conn_held: the
 * socket is then polled writable); a layer that knows its peer owes
 * nothing more (conn.peer_end) ends the session at the peer's end, as
 * if in_fd had ended too.
 * The options that fill relay_opts (-C -d -Q -x -i -q --no-shutdown, and
 * the -x sink that writes the hex dump to stderr) are read in cli.c.
 */
#ifndef RELAY_H
#define RELAY_H

#include <sys/types.h>

#include <stddef.h>

#include "net/io.h"

struct conn;

/*
 * relay_opts.no_shutdown: which end of file is not passed on as a
 * half-close (shutdown(2), SHUT_WR), for peers that end everything at the
 * first one (microsocks, tinyproxy).  KEEP_SOCK: in_fd's, so the socket
 * stays open both ways until its peer closes (connect and listen
 * --no-shutdown, and -d's at once).  KEEP_OUT: the socket's, to an out_fd
 * that is a socket too (the forwarder's client side, the far side kept).
 */
#define RELAY_KEEP_SOCK	0x1
#define RELAY_KEEP_OUT	0x2

/*
 * io_exit_fd: how long a terminal's output may still come after its
 * program's exit.  What the program wrote reaches the master through a
 * kernel work queue, moments later.
 */
#define RELAY_LINGER_MS		200
#define RELAY_LINGER_MAX_MS	2000

struct relay_opts {
	int	in_fd;		/* usually 0 */
	int	out_fd;		/* usually 1 */
	int	no_stdin;	/* -d: never read in_fd (EOF at once) */
	int	no_shutdown;	/* RELAY_KEEP_*: EOFs not passed on */
	int	exit_on_eof;	/* -Q: peer EOF ends the session */
	int	quit_ms;	/* -q: quit this long after in EOF; -1 never */
	int	idle_ms;	/* -i: idle timeout; -1 none */
	int	crlf;		/* -C: LF becomes CRLF towards the socket */
	/*
	 * -x: every chunk moved, tagged '>' (to the socket) or '<', with its
	 * offset in that direction; NULL for none.
	 */
	void	(*dump)(char tag, unsigned long long base,
		    const unsigned char *p, size_t n, void *arg);
	void	*dump_arg;
	const char *peer;	/* names the socket side in messages */
	const char *io_name;	/* names in_fd/out_fd in messages; NULL:
				 * stdin and stdout */
	struct conn	*conn;	/* the socket's endpoint (net/conn.h) with
				 * its layers: read/write through them,
				 * their way to end our output (TLS's
				 * close_notify); NULL: a bare socket */
	struct conn	*io_conn;	/* in_fd (== out_fd, a socket: the
				 * forwarder's far side) as an endpoint
				 * too; NULL: bare */
	int	io_reset_eof;	/* a reset read from in_fd is its end of
				 * file: a program on a socketpair that
				 * exits with input unread (all it wrote
				 * was read before the reset) */
	int	io_pty;		/* in_fd (== out_fd) is the master of a
				 * pseudo-terminal with a program on it
				 * (pty.h): EIO from it is its end of file
				 * (no slave open any more), the socket's
				 * end of file is typed there as the
				 * terminal's EOF character, and the end
				 * of the program's output ends the
				 * session, once it has exited (io_exit_fd,
				 * where given) */
	int	io_exit_fd;	/* >= 0: readable once that program has
				 * exited, when what it left running (a
				 * background job) may hold the slave open:
				 * in_fd's end of file is then its first
				 * RELAY_LINGER_MS without output, within
				 * RELAY_LINGER_MAX_MS; -1: none */
	/*
	 * stop_fd readable (a signal's self-pipe): in_fd's end is taken as
	 * come, what waited of it dropped, after on_stop (the endpoint's
	 * own way of going: a WebSocket Close 1001) unless that returns 1,
	 * which ends the session at once as a second stop does; a write to
	 * stdout that a signal cuts short then fails as if its reader had
	 * gone.  -1: none.
	 */
	int	stop_fd;
	int	(*on_stop)(void *arg);
	void	*stop_arg;
	/*
	 * NULL, or where the bytes written each way go as the relay ends:
	 * [0] to the socket (from in_fd), [1] to out_fd (from the socket)
	 */
	unsigned long long *moved;
	int	nagle_adapt;	/* both ends TCP sockets with TCP_NODELAY
				 * set (a forwarder): Nagle back on while
				 * a direction moves bulk, off again for
				 * small chunks (Linux splice only) */
};

/*
 * relay_quiet_ms: how long the peer of c should have been quiet before
 * our end of output goes to it (conn_shut_quiet), within half of -q
 * and of -i, so that a peer that waits for our end to answer has time
 * left; 0: at once.
 */
int	relay_quiet_ms(const struct relay_opts *o, const struct conn *c);
void	relay_opts_init(struct relay_opts *o);
int	relay_run(int sock, const struct relay_opts *o, char *err);

#endif /* RELAY_H */
