/*
 * net/relay_int.h: what relay.c (the loop) and relay_dir.c (one
 * direction's pump) share, and nothing outside them includes.
 */
#ifndef RELAY_INT_H
#define RELAY_INT_H

#include <stddef.h>



enum mode {
	MODE_RW,		/* read into a buffer, write it out */
	MODE_SPLICE,		/* one side is a pipe: splice directly */
	MODE_SPLICE_PIPE,	/* socket -> our pipe -> file or /dev/null */
	MODE_SENDFILE,		/* file -> socket */
	MODE_DISCARD		/* socket -> /dev/null: recv(MSG_TRUNC) */
};

struct dir {
	int		 src, dst;
	int		 to_sock;	/* dst is the socket */
	enum mode	 mode;
	int		 eof;		/* src has ended */
	int		 done;		/* eof and all written */
	int		 want_out;	/* blocked until dst is writable */
	char		*buf;
	size_t		 off, len;	/* pending bytes: buf[off..len) */
	int		 pipe[2];
	size_t		 inpipe;
	int		 nodelay;	/* dst's TCP_NODELAY; -1: left alone */
	int		 last_cr;	/* -C: previous byte sent was CR */
	struct conn	*src_c, *dst_c;	/* src or dst has layers (TLS):
					 * its bytes pass through them; NULL:
					 * a bare descriptor */
	int		 layer_want;	/* the layers of the side this
					 * direction waits on (src when it has
					 * nothing pending, else dst) want
					 * POLLIN or POLLOUT to go on; 0: the
					 * usual */
	unsigned long long count;	/* bytes so far, for -x offsets */
	unsigned long long moved;	/* bytes written to dst, every mode */
	char		 tag;		/* '>' out to the socket, '<' in */
	/* the relay's options that shape a direction (relay.h) */
	int		 crlf;		/* -C, to the socket */
	void		(*dump)(char tag, unsigned long long base,
			    const unsigned char *p, size_t n, void *arg);
	void		*dump_arg;
	int		 stop_fd;	/* relay_opts.stop_fd: a write to a
					 * bare dst that a signal cut short
					 * while it is readable fails (EPIPE),
					 * as when the reader has gone */
};

/* What failed, for the caller's message. */
enum side { SIDE_NONE, SIDE_SRC, SIDE_DST };

/*
 * Choose how a direction moves its bytes; nagle: both ends are TCP
 * sockets whose Nagle the relay adapts (relay_opts.nagle_adapt).
 */
void	relay_dir_setup(struct dir *d, int nagle);

/*
 * One step of a direction.  Returns 1 on progress (or EOF), 0 when it
 * would block, -1 with errno and *side on failure.
 */
int	relay_dir_pump(struct dir *d, enum side *side);

/*
 * Queue n (<= 16) bytes of our own for d's destination, written as if
 * read from its source; d has nothing pending.  Returns 0, or -1 with
 * errno (no buffer).
 */
int	relay_dir_put(struct dir *d, const char *p, size_t n);

/* The bytes read from d's source and not yet written. */
size_t	relay_dir_pending(const struct dir *d);

#endif /* RELAY_INT_H */
