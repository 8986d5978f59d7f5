/*
 * http/ordered.c: http-get's bodies bound for standard output, in
 * URL order whatever order the transfers end in.  The body whose turn
 * it is goes straight through; each other is held, in memory up to
 * HOLD_MAX (HOLD_TOTAL for all) and past that in an unlinked temporary
 * file, and written whole when its turn comes.  What goes through is
 * gathered in one buffer and written in large pieces: when the engine
 * is about to sleep with nothing to do (the idle hook), when the buffer
 * is full, or once its oldest byte has waited OBUF_MS, so a body that
 * trickles in is seen as it comes.  Every byte for stdout passes here.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/ordered.h"
#include "http/output.h"
#include "net/relay.h"
#include "util/clock.h"

#define HOLD_MAX	(1024 * 1024)	/* a held body in memory at most */
#define HOLD_TOTAL	(64 * 1024 * 1024)	/* all held bodies at most */
#define OBUFSZ		(64 * 1024)	/* stdout's bytes, written at once */
#define OBUF_MS		20		/* ... or once the oldest waited so long */

int
ord_init(struct ord_out *so)
{
	memset(so, 0, sizeof(*so));
	return (so->buf = malloc(OBUFSZ)) == NULL ? -1 : 0;
}

void
ord_free(struct ord_out *so)
{
	free(so->buf);
	so->buf = NULL;
}

int
ord_flush(struct ord_out *so)
{
	if (so->err != 0)
		return -1;
	if (so->len > 0 && io_write_all(STDOUT_FILENO, so->buf, so->len) ==
	    -1)
		so->err = errno;
	so->len = 0;
	return so->err != 0 ? -1 : 0;
}

/* Bytes for stdout, in turn.  0, or -1 with out's failure set. */
static int
put(struct ord_out *so, struct output *out, const char *p, size_t n)
{
	if (so->len + n > OBUFSZ && ord_flush(so) == -1)
		goto fail;
	if (n >= OBUFSZ) {
		if (io_write_all(STDOUT_FILENO, p, n) == -1) {
			so->err = errno;
			goto fail;
		}
		return 0;
	}
	if (so->len == 0)
		so->t0 = mono_ms();
	memcpy(so->buf + so->len, p, n);
	so->len += n;
	if (mono_ms() - so->t0 >= OBUF_MS && ord_flush(so) == -1)
		goto fail;
	return 0;
fail:
	output_failed(out, so->err);
	return -1;
}

/* Held bytes to stdout, the memory then the file.  0, or -1 (failed). */
static int
unhold(struct ord_out *so, struct ord_hold *h, struct output *out)
{
	char b[64 * 1024];
	ssize_t n;

	if (h->mlen > 0 && put(so, out, h->mem, h->mlen) == -1)
		return -1;
	so->held -= h->mlen;
	h->mlen = 0;
	if (h->spill == -1)
		return 0;
	if (lseek(h->spill, 0, SEEK_SET) == -1) {
		output_failed(out, errno);
		return -1;
	}
	for (;;) {
		while ((n = read(h->spill, b, sizeof(b))) == -1 &&
		    errno == EINTR)
			;
		if (n == -1) {
			output_failed(out, errno);
			return -1;
		}
		if (n == 0)
			break;
		if (put(so, out, b, (size_t)n) == -1)
			return -1;
	}
	(void)close(h->spill);
	h->spill = -1;
	return 0;
}

void
ord_drop(struct ord_out *so, struct ord_hold *h)
{
	so->held -= h->mlen;
	h->mlen = 0;
	if (h->spill != -1) {
		(void)close(h->spill);
		h->spill = -1;
	}
}

/* A temporary file for a held body, unlinked at once.  0, or -1. */
static int
spill_open(struct ord_hold *h)
{
	char path[PATH_MAX];
	const char *dir = getenv("TMPDIR");
	int n;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = snprintf(path, sizeof(path), "%s/sockt-hold-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((h->spill = mkstemp(path)) == -1)
		return -1;
	(void)unlink(path);
	if (io_write_all(h->spill, h->mem, h->mlen) == -1)
		return -1;
	h->mlen = 0;
	return 0;
}

int
ord_stream(struct ord_out *so, struct ord_hold *h, struct output *out)
{
	if (!h->streaming && unhold(so, h, out) == -1)
		return -1;
	h->streaming = 1;
	return 0;
}

/* Bytes held: in memory while there is room, then in a file. */
static int
hold(struct ord_out *so, struct ord_hold *h, struct output *out, const char *p,
    size_t n)
{
	char *nm;
	size_t cap;

	if (h->spill == -1 && h->mlen + n <= HOLD_MAX &&
	    so->held + n <= HOLD_TOTAL) {
		if (h->mlen + n > h->mcap) {
			cap = h->mcap == 0 ? 16384 : h->mcap;
			while (cap < h->mlen + n)
				cap *= 2;
			if ((nm = realloc(h->mem, cap)) == NULL) {
				output_failed(out, errno);
				return -1;
			}
			h->mem = nm;
			h->mcap = cap;
		}
		memcpy(h->mem + h->mlen, p, n);
		h->mlen += n;
		so->held += n;
		return 0;
	}
	so->held -= h->spill == -1 ? h->mlen : 0;
	if ((h->spill == -1 && spill_open(h) == -1) ||
	    io_write_all(h->spill, p, n) == -1) {
		output_failed(out, errno);
		return -1;
	}
	return 0;
}

int
ord_put(struct ord_out *so, struct ord_hold *h, int due, struct output *out,
    const char *p, size_t n)
{
	if (h->streaming || due)
		return ord_stream(so, h, out) == -1 ? -1 :
		    put(so, out, p, n);
	return hold(so, h, out, p, n);
}

int
ord_sink(struct ord_out *so, struct ord_hold *h, int to_stdout, int due,
    struct output *out, const char *p, size_t n)
{
	if (!to_stdout)
		return output_write(out, p, n);
	if (out->discard)
		return 0;	/* -z: a body the condition keeps out */
	if (output_tty_check(out, p, n) == -1)
		return -1;
	return ord_put(so, h, due, out, p, n);
}

unsigned long long
ord_kept(const struct ord_hold *h, int to_stdout, const struct output *out,
    unsigned long long bytes)
{
	if (to_stdout ? !h->streaming : out->is_tmp || out->continued)
		return 0;
	return bytes;
}

struct output *
ord_direct(struct ord_out *so, struct ord_hold *h, int to_stdout, int due,
    struct output *out)
{
	if (!to_stdout)
		return out;
	if (out->discard || (!h->streaming && !due) ||
	    ord_stream(so, h, out) == -1 || ord_flush(so) == -1)
		return NULL;
	return out;
}
