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
#include "parse/hostmap.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "util/base.h"
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
	else if (state == SCAN_SKIPPED)
		st->skipped++;
	else	/* closed|filtered too: no answer the port gave */
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
	r.reason = SCAN_R_NONE;
	r.banner_len = blen;
	if (blen > 0)
		memcpy(r.banner, banner, blen);
	return sink_put(sk, &r);
}

/*
 * A round's end: a worker's records to its parent every FLUSH_MS, or in
 * one process the progress every progress_ms.  Returns 0, or -1 when
 * the pipe failed.
 */
int
sink_tick(struct sink *sk, int64_t now)
{
	const struct scan_config *cfg = sk->cfg;

	if (sk->fd != -1 && now - sk->last_flush >= FLUSH_MS &&
	    sink_flush(sk) == -1)
		return -1;
	if (sk->fd == -1 && cfg->progress_ms > 0 && cfg->on_progress != NULL &&
	    now - sk->last_progress >= cfg->progress_ms) {
		sk->last_progress = now;
		cfg->on_progress(sk->st, cfg->arg);
	}
	return 0;
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

/* The hosts' timing, merged by address until the scan's end. */
struct host_reps {
	struct hostmap	 map;		/* struct scan_host_report by address */
	struct scan_host_report rest;	/* beyond SCAN_REPORT_HOSTS */
};

struct host_reps *
reps_new(void)
{
	struct host_reps *hr;

	if ((hr = calloc(1, sizeof(*hr))) == NULL)
		return NULL;
	hostmap_init(&hr->map, sizeof(struct scan_host_report));
	hr->rest.addr = UINT64_MAX;
	return hr;
}

static int64_t
wavg(int64_t a, uint64_t na, int64_t b, uint64_t nb)
{
	return na + nb == 0 ? 0 : (int64_t)(((double)a * (double)na +
	    (double)b * (double)nb) / (double)(na + nb));
}

/* r into m: one host's timing as two workers saw it, or hosts summed. */
static void
rep_merge(struct scan_host_report *m, const struct scan_host_report *r)
{
	if (m->hosts == 0) {
		*m = *r;
		return;
	}
	m->srtt_us = wavg(m->srtt_us, m->samples, r->srtt_us, r->samples);
	m->rttvar_us = wavg(m->rttvar_us, m->samples, r->rttvar_us,
	    r->samples);
	if (r->samples > 0 && (m->samples == 0 ||
	    r->rtt_min_us < m->rtt_min_us))
		m->rtt_min_us = r->rtt_min_us;
	if (r->rtt_max_us > m->rtt_max_us)
		m->rtt_max_us = r->rtt_max_us;
	if (r->silent > 0 && (m->silent == 0 || r->silent_min < m->silent_min))
		m->silent_min = r->silent_min;
	if (r->silent_max > m->silent_max)
		m->silent_max = r->silent_max;
	if (r->cwnd_low < m->cwnd_low)
		m->cwnd_low = r->cwnd_low;
	if (r->limit_us > m->limit_us)
		m->limit_us = r->limit_us;
	if (r->pace_us > m->pace_us)
		m->pace_us = r->pace_us;
	if (r->paced_us > m->paced_us)
		m->paced_us = r->paced_us;
	m->samples += r->samples;
	m->sent += r->sent;
	m->answered += r->answered;
	m->retried += r->retried;
	m->lost += r->lost;
	m->silent += r->silent;
	m->silent_udp += r->silent_udp;
	m->cuts += r->cuts;
	m->floored += r->floored;
	m->icmp += r->icmp;
	m->paced += r->paced;
	m->paced_ports += r->paced_ports;
}

/* A host's timing, kept by its address; beyond the cap, summed. */
void
reps_add(struct host_reps *hr, const struct scan_host_report *r)
{
	struct scan_host_report *m = NULL, one = *r;

	if (hr == NULL)
		return;
	if (hostmap_get(&hr->map, r->addr) != NULL ||
	    hr->map.n < SCAN_REPORT_HOSTS)
		m = hostmap_put(&hr->map, r->addr);
	if (m == NULL) {
		one.addr = UINT64_MAX;
		hr->rest.hosts += hr->rest.hosts == 0 ? 0 : 1;
		rep_merge(&hr->rest, &one);
		return;
	}
	rep_merge(m, r);
	m->hosts = 1;
}

/* Each host's timing to cfg->on_host in address order, then freed. */
void
reps_finish(struct host_reps *hr, const struct scan_config *cfg)
{
	uint64_t *keys;
	size_t i;

	if (hr == NULL)
		return;
	if (cfg->on_host != NULL && (keys = hostmap_keys(&hr->map)) != NULL) {
		for (i = 0; i < hr->map.n; i++)
			cfg->on_host(hostmap_get(&hr->map, keys[i]), cfg->arg);
		free(keys);
	}
	if (cfg->on_host != NULL && hr->rest.hosts > 0)
		cfg->on_host(&hr->rest, cfg->arg);
	hostmap_free(&hr->map);
	free(hr);
}

/* A record of kind state carrying len bytes of p, to the parent. */
static int
sink_blob(struct sink *sk, int state, uint64_t probe, const void *p,
    size_t len)
{
	struct scan_result res;

	memset(&res, 0, sizeof(res));
	res.probe = probe;
	res.state = state;
	res.banner_len = len;
	memcpy(res.banner, p, len);
	return sink_put(sk, &res);
}

/* A host's timing (-v): to the parent, or kept here.  Returns 0 or -1. */
int
sink_host(struct sink *sk, const struct scan_host_report *r)
{
	if (sk->fd == -1) {
		reps_add(sk->reps, r);
		return 0;
	}
	return sink_blob(sk, REC_HOST, r->addr, r, sizeof(*r));
}

/* What a worker's rate came to, added to st (scan/rate.h). */
static void
stats_rate(struct scan_stats *st, const struct scan_rate *r)
{
	st->answered += r->answered;
	st->lost += r->lost;
	st->carried += r->carried;
	st->rate_end += r->rate;
	st->cuts += r->cuts;
}

/* The sweep's rate at a worker's end: to the parent, or counted here. */
int
sink_rate(struct sink *sk, const struct scan_rate *r)
{
	if (sk->fd == -1) {
		stats_rate(sk->st, r);
		return 0;
	}
	return sink_blob(sk, REC_RATE, 0, r, sizeof(*r));
}

/* Handle the complete records in c's buffer. */
static int
parent_records(const struct scan_config *cfg, struct scan_stats *st,
    struct host_reps *hr, struct wproc *c, char *err)
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
		} else if (h.state == REC_RATE) {
			struct scan_rate rr;

			if (h.len == sizeof(rr)) {
				memcpy(&rr, c->buf + off + sizeof(h),
				    sizeof(rr));
				stats_rate(st, &rr);
			}
		} else if (h.state == REC_HOST) {
			struct scan_host_report hrep;

			if (h.len == sizeof(hrep)) {
				memcpy(&hrep, c->buf + off + sizeof(h),
				    sizeof(hrep));
				reps_add(hr, &hrep);
			}
		} else {
			r.probe = h.probe;
			r.state = h.state;
			r.error = h.error;
			r.reason = SCAN_R_NONE;
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
    struct host_reps *hr, struct wproc *c, char *err)
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
	return parent_records(cfg, st, hr, c, err) == -1 ? -1 : 1;
}
