/*
 * http/body.c: a response body's framing, as the HTTP client reads it: a
 * Content-Length (a short body is an error, never a silently truncated
 * file), chunked, or to the end of the connection; moved with splice(2)
 * on Linux where it can (plain HTTP: TLS's bytes are read into the
 * buffer and decrypted there), and paced for --limit-rate; its codings
 * (gzip, deflate) undone through decode.h on the way to the output, in
 * httpc_deliver, the one way body bytes go out.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE		/* splice */
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "http/client.h"
#include "http/client_int.h"
#include "http/decode.h"
#include "net/relay.h"
#include "parse/http.h"
#include "sockt.h"
#include "util/clock.h"

#define SPLICE_MINPIPE	(256 * 1024)	/* body_splice says why */

/*
 * --limit-rate: sleep until the bytes delivered so far are due at the
 * rate, in steps, so a signal's handler runs and -m still ends it.
 * Sleeping rather than reading less lets TCP's window slow the server.
 */
static int
throttle(struct conn *c)
{
	struct timespec ts;
	long long due, now, wait;

	due = c->t0 + (long long)((double)c->done * 1000 /
	    (double)c->o->rate);
	while ((now = mono_ms()) < due) {
		wait = due - now;
		if (c->q->deadline != -1 && c->q->deadline - now < wait) {
			if (c->q->deadline <= now)
				return httpc_seterr(c, HTTPC_ERR_TIMEOUT,
				    "operation timed out after %d ms",
				    c->o->max_ms);
			wait = c->q->deadline - now;
		}
		ts.tv_sec = (time_t)(wait / 1000);
		ts.tv_nsec = (long)(wait % 1000 * 1000000);
		(void)nanosleep(&ts, NULL);
	}
	return 0;
}

/*
 * How much to read at once: all of n, or under --limit-rate about a
 * quarter second's worth, so the pace stays even rather than one burst
 * and a long sleep.
 */
static size_t
read_size(const struct conn *c, size_t n)
{
	long long q;

	if (c->o->rate <= 0)
		return n;
	q = c->o->rate / 4 > 0 ? c->o->rate / 4 : 1;
	return (long long)n > q ? (size_t)q : n;
}

/* Decoded body bytes to the output, under --max-filesize. */
static int
sink_out(void *arg, const char *p, size_t n)
{
	struct conn *c = arg;
	char err[SK_ERRLEN];

	if (decode_over(&c->dec, c->decoded, n, c->o->max_size, err))
		return httpc_seterr(c, HTTPC_ERR_TOO_LARGE, "%s", err);
	if (output_write(c->out, p, n) == -1)
		return httpc_seterr(c, HTTPC_ERR_OUTPUT, "%s", "");
	c->decoded += n;
	return 0;
}

int
httpc_body_begin(struct conn *c, const struct http_resp *r,
    enum http_body_kind kind, uint64_t length)
{
	char err[SK_ERRLEN];

	if (kind == HTTP_BODY_NONE)
		return 0;
	if (decode_begin(&c->dec, r, c->o->compressed, err) == -1)
		return httpc_seterr(c, HTTPC_ERR_DECODE, "%s", err);
	if (kind == HTTP_BODY_LENGTH &&
	    decode_length_over(&c->dec, length, c->o->max_size, err))
		return httpc_seterr(c, HTTPC_ERR_TOO_LARGE, "%s", err);
	return 0;
}

int
httpc_body_end(struct conn *c)
{
	char err[SK_ERRLEN];

	/* the framing ended well: the codings must have too */
	if (decode_finish(&c->dec, err) == -1)
		return httpc_seterr(c, HTTPC_ERR_DECODE, "%s", err);
	return 0;
}

int
httpc_deliver(struct conn *c, const char *p, size_t n)
{
	char err[SK_ERRLEN];
	int rc;

	if (c->discard)
		return 0;
	if ((rc = decode_feed(&c->dec, p, n, sink_out, c, err)) == DECODE_ERR)
		return httpc_seterr(c, HTTPC_ERR_DECODE, "%s", err);
	if (rc != 0)
		return -1;
	c->done += n;
	if (c->h->progress != NULL)
		c->h->progress(c->h->arg, c->done);
	if (c->o->rate > 0)
		return throttle(c);
	return 0;
}

#ifdef __linux__

/*
 * One splice from the socket into dst.  Returns the bytes moved, 0 at
 * EOF, -1 after recording why, or -2 when splice cannot work for these
 * two (only asked before the first byte, so nothing is lost).
 */
static ssize_t
splice_in(struct conn *c, int dst, size_t want, int first)
{
	ssize_t n;

	do {
		if (httpc_conn_arm(c) == -1)
			return httpc_read_error(c);
		n = splice(c->s, NULL, dst, NULL, want,
		    SPLICE_F_MOVE | SPLICE_F_MORE);
	} while (n == -1 && errno == EINTR);
	if (n >= 0)
		return n;
	if (first && io_splice_unsupported(errno))
		return -2;
	if (errno == EAGAIN)
		errno = ETIMEDOUT;
	if (errno == EPIPE && c->out->path == NULL) {
		output_failed(c->out, errno);	/* stdout went away */
		return httpc_seterr(c, HTTPC_ERR_OUTPUT, "%s", "");
	}
	return httpc_read_error(c);
}

/*
 * Move up to *left bytes (or everything until EOF when unlimited) from
 * the socket to the output without copying through user space: socket
 * -> output pipe directly, or socket -> our pipe -> file.  The steps on
 * our pipe are (relay.c)'s, as the relay's are; the loop is not the relay's
 * pump_splice, which polls non-blocking descriptors and runs until an
 * end closes: here the socket blocks under SO_RCVTIMEO (-m and the idle
 * timeout without a poll per read), the body stops at exactly its
 * length, and every step is counted for the progress line.  Returns 1
 * when done (EOF or *left reached), 0 when splice is not possible here
 * and nothing was moved (the caller reads and writes instead), -1 after
 * recording why.
 */
static int
body_splice(struct conn *c, uint64_t *left, int unlimited)
{
	struct output *out = c->out;
	int p[2] = { -1, -1 }, rc = 1, first = 1;
	long cap = 0;
	ssize_t n;
	size_t m;

	if (output_open(out) == -1)
		return httpc_seterr(c, HTTPC_ERR_OUTPUT, "%s", "");
	if (!out->splice_ok && !out->is_pipe)
		return 0;
	if (!out->is_pipe && (cap = io_pipe_open(p, 0)) == -1)
		return 0;
	/*
	 * Through a pipe the kernel would not enlarge the two splices cost
	 * more than a read and a write of BUFSZ: CPU per GiB 1.0 s with the
	 * 64 KiB left when F_SETPIPE_SZ is refused (over fs.pipe-max-size),
	 * 1.4 s with the two pages an unprivileged user over
	 * fs.pipe-user-pages-soft gets, against 0.82 s for read and write,
	 * and 0.66 s through the 1 MiB pipe we ask for (tests/bench/
	 * splicefile.c, loopback from sendfile into tmpfs, Linux 6.18).  So
	 * splice into a file only through a large pipe.  io_pipe_open says
	 * 64 KiB for both small cases.
	 */
	if (!out->is_pipe && cap < SPLICE_MINPIPE) {
		(void)close(p[0]);
		(void)close(p[1]);
		return 0;
	}
	if (out->is_pipe)
		cap = 1024 * 1024;
	while (unlimited || *left > 0) {
		m = unlimited || *left > (uint64_t)cap ? (size_t)cap :
		    (size_t)*left;
		n = splice_in(c, out->is_pipe ? out->fd : p[1], m, first);
		if (n <= 0) {
			rc = n == 0 ? 1 : n == -2 ? 0 : -1;
			break;
		}
		first = 0;
		m = (size_t)n;
		if (!out->is_pipe && io_pipe_flush(p[0], out->fd, &m) == -1) {
			output_failed(out, errno);
			rc = httpc_seterr(c, HTTPC_ERR_OUTPUT, "%s", "");
			break;
		}
		if (!unlimited)
			*left -= (uint64_t)n;
		c->done += (uint64_t)n;
		if (c->h->progress != NULL)
			c->h->progress(c->h->arg, c->done);
	}
	if (p[0] != -1) {
		(void)close(p[0]);
		(void)close(p[1]);
	}
	return rc;
}
#endif

/* A body of known length (or, unlimited, one that ends at close). */
int
httpc_body_plain(struct conn *c, uint64_t length, int unlimited)
{
	uint64_t left = length;
	size_t n = c->len - c->off;
	ssize_t r;
	int spliced = 0;

	if (!unlimited && (uint64_t)n > left) {
		n = (size_t)left;	/* what follows is no body */
		c->keep = 0;		/* nor a response we asked for */
	}
	if (httpc_deliver(c, c->buf + c->off, n) == -1)
		return -1;
	left -= n;
	c->off = c->len = 0;
#ifdef __linux__
	/*
	 * splice cannot pace itself nor stop short of a limit, nor move
	 * what TLS must decrypt first or zlib inflate
	 */
	if (!c->discard && c->tls == NULL && c->dec.n == 0 &&
	    (unlimited || left > 0) &&
	    c->o->rate <= 0 && !(unlimited && c->o->max_size > 0)) {
		int k = body_splice(c, &left, unlimited);

		if (k == -1)
			return -1;
		spliced = k == 1;	/* done: EOF or all of it */
	}
#endif
	while (!spliced && (unlimited || left > 0)) {
		n = read_size(c, BUFSZ);
		if (!unlimited && left < (uint64_t)n)
			n = (size_t)left;
		if ((r = httpc_conn_read(c, c->buf, n)) == -1)
			return httpc_read_error(c);
		if (r == 0)
			break;
		if (httpc_deliver(c, c->buf, (size_t)r) == -1)
			return -1;
		if (!unlimited)
			left -= (uint64_t)r;
	}
	if (!unlimited && left > 0)
		return httpc_seterr(c, HTTPC_ERR_PROTOCOL, "transfer closed "
		    "with %llu bytes remaining", (unsigned long long)left);
	return 0;
}

int
httpc_body_chunked(struct conn *c)
{
	struct http_chunked ch;
	char err[SK_ERRLEN];
	size_t got;
	ssize_t r;
	long used = 0;

	http_chunked_init(&ch);
	for (;;) {
		if (c->len > c->off) {
			if ((used = http_chunked_decode(&ch, c->buf + c->off,
			    c->len - c->off, &got, err)) == -1)
				return httpc_seterr(c, HTTPC_ERR_PROTOCOL,
				    "protocol error: %s", err);
			if (httpc_deliver(c, c->buf + c->off, got) == -1)
				return -1;
		}
		if (http_chunked_done(&ch)) {
			/* bytes after the body: no response we asked for */
			if ((size_t)used < c->len - c->off)
				c->keep = 0;
			c->off = c->len = 0;
			return 0;
		}
		c->off = c->len = 0;
		if ((r = httpc_conn_read(c, c->buf, read_size(c, BUFSZ))) == -1)
			return httpc_read_error(c);
		if (r == 0)
			return httpc_seterr(c, HTTPC_ERR_PROTOCOL,
			    "transfer closed inside the chunked body");
		c->len = (size_t)r;
	}
}
