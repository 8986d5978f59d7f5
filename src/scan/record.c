/*
 * scan/record.c: where a worker's results go, and how the parent reads
 * them back.  In process a result goes straight to the caller's
 * callback; a forked worker packs it into a record (struct rec: a
 * header, then the banner) and writes whole buffers to its pipe, with
 * the closed ports and the retries as counts, and a REC_FATAL record
 * with the reason when it fails.  The parent unpacks the records,
 * counts them into the caller's stats and calls the callback itself.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/relay.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "sockt.h"
#include "util/clock.h"

/*
 * A failure that ends the worker: "WHAT: strerror(e)" into wk->err and
 * errno e, for worker_child to send the parent (sink_fatal).  Returns -1.
 */
int
worker_fail(struct worker *wk, const char *what, int e)
{
	snprintf(wk->err, SK_ERRLEN, "%s: %s", what, strerror(e));
	errno = e;
	return -1;
}

/* Write a record into the sink, flushing when full. */
static int
sink_put(struct sink *sk, const struct scan_result *r)
{
	struct rec h;

	if (sk->fd == -1) {
		if (sk->cfg->on_result != NULL)
			sk->cfg->on_result(r, sk->cfg->arg);
		return 0;
	}
	if (sk->len + sizeof(h) + r->banner_len > sizeof(sk->buf) &&
	    sink_flush(sk) == -1)
		return -1;
	memset(&h, 0, sizeof(h));
	h.probe = r->probe;
	h.state = r->state;
	h.error = r->error;
	h.len = (uint32_t)r->banner_len;
	memcpy(sk->buf + sk->len, &h, sizeof(h));
	memcpy(sk->buf + sk->len + sizeof(h), r->banner, r->banner_len);
	sk->len += sizeof(h) + r->banner_len;
	return 0;
}

/* Send what the sink holds, the counts too.  Returns 0 or -1. */
int
sink_flush(struct sink *sk)
{
	struct rec h;

	sk->last_flush = mono_ms();
	if (sk->fd == -1)
		return 0;
	if (sk->closed != 0 || sk->retried != 0) {
		if (sk->len + sizeof(h) > sizeof(sk->buf)) {
			if (io_write_all(sk->fd, sk->buf, sk->len) == -1)
				return -1;
			sk->len = 0;
		}
		memset(&h, 0, sizeof(h));
		h.state = REC_COUNTS;
		h.probe = sk->closed;
		h.error = (int32_t)sk->retried;
		memcpy(sk->buf + sk->len, &h, sizeof(h));
		sk->len += sizeof(h);
		sk->closed = sk->retried = 0;
	}
	if (sk->len > 0 && io_write_all(sk->fd, sk->buf, sk->len) == -1)
		return -1;
	sk->len = 0;
	return 0;
}

/* Count one probe's result: in process, or as the parent merges. */
static void
stats_count(struct scan_stats *st, int state)
{
	st->done++;
	if (state == SCAN_OPEN)
		st->open++;
	else if (state == SCAN_CLOSED)
		st->closed++;
	else if (state == SCAN_OPENFILTERED)
		st->openfiltered++;
	else
		st->filtered++;
}

/* Account for one result and pass it on. */
int
sink_result(struct sink *sk, uint64_t probe, int state, int error,
    const char *banner, size_t blen)
{
	struct scan_result r;

	if (sk->st != NULL)
		stats_count(sk->st, state);
	if (state == SCAN_CLOSED && !sk->cfg->report_closed) {
		if (sk->fd != -1)
			sk->closed++;
		return 0;
	}
	r.probe = probe;
	r.state = state;
	r.error = error;
	r.banner_len = blen;
	if (blen > 0)
		memcpy(r.banner, banner, blen);
	return sink_put(sk, &r);
}

/*
 * A failing worker's last word: what it found so far, then a REC_FATAL
 * record with errno e and the message err, for the parent to report.
 */
void
sink_fatal(struct sink *sk, int e, const char *err)
{
	struct rec h;
	size_t n;

	(void)sink_flush(sk);
	sk->len = 0;
	memset(&h, 0, sizeof(h));
	h.state = REC_FATAL;
	h.error = e;
	n = strlen(err);
	h.len = (uint32_t)n;
	memcpy(sk->buf, &h, sizeof(h));
	memcpy(sk->buf + sizeof(h), err, n);
	(void)io_write_all(sk->fd, sk->buf, sizeof(h) + n);
}

/* Handle the complete records in c's buffer. */
static int
parent_records(const struct scan_config *cfg, struct scan_stats *st,
    struct wproc *c, char *err)
{
	struct scan_result r;
	struct rec h;
	size_t off = 0;

	while (c->len - off >= sizeof(h)) {
		memcpy(&h, c->buf + off, sizeof(h));
		if (h.len > SCAN_RESULT_MAX || c->len - off - sizeof(h) < h.len)
			break;
		if (h.state == REC_FATAL) {
			snprintf(err, SK_ERRLEN, "%.*s", (int)h.len,
			    c->buf + off + sizeof(h));
			errno = h.error;
			return -1;
		}
		if (h.state == REC_COUNTS) {
			st->closed += h.probe;
			st->done += h.probe;
			st->retried += (uint64_t)h.error;
		} else {
			r.probe = h.probe;
			r.state = h.state;
			r.error = h.error;
			r.banner_len = h.len;
			memcpy(r.banner, c->buf + off + sizeof(h), h.len);
			stats_count(st, r.state);
			if (cfg->on_result != NULL)
				cfg->on_result(&r, cfg->arg);
		}
		off += sizeof(h) + h.len;
	}
	memmove(c->buf, c->buf + off, c->len - off);
	c->len -= off;
	return 0;
}

/*
 * Read what a readable worker sent.  Returns 1 while it has more to say,
 * 0 at its end, -1 on a broken or fatal record (err filled, errno set).
 */
int
worker_read(const struct scan_config *cfg, struct scan_stats *st,
    struct wproc *c, char *err)
{
	ssize_t r;

	r = read(c->fd, c->buf + c->len, CHILD_BUF - c->len);
	if (r == -1 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (r <= 0) {
		close(c->fd);
		c->fd = -1;
		if (c->len != 0) {
			snprintf(err, SK_ERRLEN, "worker sent a truncated "
			    "record");
			errno = EIO;
			return -1;
		}
		return 0;
	}
	c->len += (size_t)r;
	return parent_records(cfg, st, c, err) == -1 ? -1 : 1;
}
