/*
 * http/ordered.h: bodies bound for standard output, written in the order
 * of their URLs whatever order their transfers end in (http-get -Z and
 * --pipeline): the one whose turn it is streams through one buffer, each
 * other is held, in memory and past a bound in an unlinked temporary
 * file, until its turn.  Like the engine it never prints and never
 * exits: a failure is the output's (output.h) or so->err, for the
 * command to say.
 */
#ifndef HTTP_ORDERED_H
#define HTTP_ORDERED_H

#include <stddef.h>

#include "http/output.h"

/* stdout's buffer, and what all bodies hold */
struct ord_out {
	char		*buf;
	size_t		 len;
	long long	 t0;		/* mono_ms its first byte came */
	int		 err;		/* stdout failed: its errno */
	size_t		 held;		/* bytes held in memory by all */
};

/* what one body holds until its turn */
struct ord_hold {
	int		 streaming;	/* its turn came: straight through */
	char		*mem;
	size_t		 mlen, mcap;
	int		 spill;		/* past the memory: a file, or -1 */
};

/* ord_init: the buffer.  0, or -1 with errno. */
int	ord_init(struct ord_out *so);
void	ord_free(struct ord_out *so);
/* ord_flush: the buffer to stdout now.  0, or -1 with so->err. */
int	ord_flush(struct ord_out *so);
/*
 * ord_put: bytes of a body for stdout: through the buffer when its
 * turn has come (due, or h streams already), else held.  0, or -1 with
 * out's failure set.
 */
int	ord_put(struct ord_out *so, struct ord_hold *h, int due,
	    struct output *out, const char *p, size_t n);
/* ord_stream: its turn came: what h held goes first.  0, or -1. */
int	ord_stream(struct ord_out *so, struct ord_hold *h, struct output *out);
/* ord_drop: what h holds dropped (a retry; the end of its URL). */
void	ord_drop(struct ord_out *so, struct ord_hold *h);

/*
 * ord_sink: bytes of a body for its output: a file's written, stdout's
 * (to_stdout) through ord_put (due: its turn has come), or dropped when
 * the output discards them (-z: a body the condition keeps out).  0, or
 * -1 with the output's failure set.
 */
int	ord_sink(struct ord_out *so, struct ord_hold *h, int to_stdout,
	    int due, struct output *out, const char *p, size_t n);
/*
 * ord_kept: of the bytes a try put in its output, those that went where
 * they cannot be taken back: stdout streamed, or a file written in
 * place (a fifo, a device, a resumed FILE); what is held or in a
 * temporary file can be.  Returns bytes, or 0.
 */
unsigned long long ord_kept(const struct ord_hold *h, int to_stdout,
	    const struct output *out, unsigned long long bytes);
/*
 * ord_direct: may a plain body go to out straight from the socket?  A
 * file's always, stdout's once its turn has come (due), what stdout
 * holds written first.  Returns out, or NULL for not now.
 */
struct output *ord_direct(struct ord_out *so, struct ord_hold *h,
	    int to_stdout, int due, struct output *out);

#endif /* HTTP_ORDERED_H */
