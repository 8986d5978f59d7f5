/*
 * scan/run.c: the scan engine's driver: the window of probes in flight
 * and the poll loop that settles them, the rate, the stop, and the
 * workers: forked on large scans, each on an interleaved slice, their
 * records merged in the caller's process.  What comes next is
 * scan/order.c's, one probe's steps scan/probe.c's, the records
 * scan/record.c's; a -sS sweep of many hosts runs scan/sweep.c's loop.
 *
 * Each probe is a non-blocking socket + connect.  On loopback the kernel
 * has already answered when connect() returns EINPROGRESS, so one
 * getsockopt(SO_ERROR) settles a refused port without a poll; the rest
 * wait in a window of pending connects watched by poll(2) with a deadline
 * each.  Only a timeout is retried.  Local trouble (no fds, no ephemeral
 * ports, no buffers) shrinks the window and the probe is sent again
 * later: it never becomes a result, so load can slow a scan but never
 * flip a state.  Every socket that got connected, a self-connect too, is
 * closed with a reset, so a scan leaves no TIME_WAIT behind.
 */
#ifdef __linux__
#define _GNU_SOURCE		/* prctl */
#endif
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/rawsock.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "tls/tls_probe.h"
#include "util/base.h"
#include "util/clock.h"

#define BATCH		256	/* probes started between two polls */
#define MAX_WORKERS	16
#define MIN_PER_WORKER	2048	/* probes that make a worker worth a fork */
#define RESOURCE_WAIT_MS 10
#define RESOURCE_TRIES	500	/* 5 s with nothing in flight: give up */
#define STOP_MS		100	/* a stop request is seen this fast */
#define HOLD_ROUNDS	16	/* -sS: rounds no probe expires while answers
				 * are left unread (syn_drain) */

/* Set by a worker's SIGTERM handler: the parent asks it to stop. */
static volatile sig_atomic_t worker_stop;

/* A worker's part of the shard: every nworkers-th probe from w. */
struct slice {
	uint64_t	shard_total;	/* probes in the shard */
	int		w;		/* this worker, 0 .. nworkers - 1 */
	int		nworkers;
	int		win;		/* its window */
};

/*
 * Start probe as probe_start does, a TCP probe of a connect scan through
 * --proxy by scan/proxied.c (which stands on probe.c's sockets and
 * banners, so the choice is made here, above both).
 */
static int
launch_one(struct worker *wk, uint64_t probe, int *fdp, int *errp,
    char *reply, size_t *rlen)
{
	if (wk->cfg->proxy != NULL && wk->syn == NULL &&
	    probe_proto(wk->cfg, probe) != SCAN_UDP) {
		*rlen = 0;
		*fdp = -1;
		return proxied_start(wk, probe, fdp, errp);
	}
	return probe_start(wk, probe, fdp, errp, reply, rlen);
}

/*
 * What a probe started at once (loopback answers before connect returns)
 * or given back for a local shortage does to its host.  Returns 1 when
 * the caller is to queue it again, 0 when done with it, -1 on a fatal
 * error.
 */
static int
launch_settled(struct worker *wk, const struct take *tk, int st)
{
	int r;

	if (st != P_RESOURCE)
		wk->pr.v[tk->peer].rep.sent++;
	if (st == P_OPEN || st == P_CLOSED)
		peer_answer(wk, tk, st, probe_proto(wk->cfg, tk->probe) ==
		    SCAN_UDP, 0, mono_us());
	if (st != P_RESOURCE)
		return 0;
	if ((r = peer_unsent(wk, tk, 0)) != 0)
		return r == 1 ? 0 : -1;
	return 1;
}

/* Start up to BATCH probes.  Returns 0, or -1 on a fatal error. */
static int
launch(struct worker *wk, int64_t now, int *starved, int64_t *rate_wait)
{
	uint64_t allowed;
	int64_t d;
	int i, fd, e = 0, st, r;
	char reply[SCAN_BANNER_MAX];
	size_t rlen;
	struct take tk;

	*rate_wait = -1;
	for (i = 0; i < BATCH && wk->n < wk->win; i++) {
		if (wk->rate > 0 && peers_can_take(wk)) {
			allowed = (uint64_t)((double)(now - wk->t0) *
			    wk->rate / 1000.0) + 1;
			if (wk->started >= allowed) {
				*rate_wait = (int64_t)((double)wk->started *
				    1000.0 / wk->rate) - (now - wk->t0);
				if (*rate_wait < 1)
					*rate_wait = 1;
				break;
			}
		} else if (wk->rc.rate > 0 && peers_can_take(wk) &&
		    (d = scan_rate_wait(&wk->rc, mono_us())) > 0) {
			/* the sweep's own rate (scan/rate.c) */
			*rate_wait = (d + 999) / 1000;
			break;
		}
		/* a host's ICMP pace first (--udp-closed), then the rest */
		tk.sent_us = mono_us();
		if (!pace_take(wk, tk.sent_us, &tk) &&
		    (r = peer_take(wk, &tk)) <= 0) {
			if (r == 0)
				break;
			return worker_fail(wk, "hosts", ENOMEM);
		}
		if (wk->pr.v[tk.peer].first_us == 0) {
			wk->pr.v[tk.peer].first_us = tk.sent_us;
			wk->rc.hosts++;
		}
		else if (peer_gone(wk, &wk->pr.v[tk.peer], tk.sent_us)) {
			/* --host-timeout: its host's time is up */
			if (peer_skip(wk, &tk, tk.sent_us) == -1)
				return -1;
			continue;
		}
		wk->sending = tk.peer;
		st = launch_one(wk, tk.probe, &fd, &e, reply, &rlen);
		if ((r = launch_settled(wk, &tk, st)) == -1)
			return -1;
		switch (st) {
		case P_PENDING:
			slot_add(wk, fd, tk.probe, tk.tries, 0, now);
			peer_sent(wk, wk->n - 1, &tk);
			if (wk->due >= 0 && slot_deadline(wk, wk->n - 1) <
			    wk->due)
				wk->due = slot_deadline(wk, wk->n - 1);
			break;
		case P_OPEN:
			if (probe_proto(wk->cfg, tk.probe) == SCAN_UDP) {
				if (sink_result(wk->sink, tk.probe, SCAN_OPEN,
				    0, reply, wk->cfg->banner ? rlen : 0) == -1)
					return -1;
			} else if (got_open(wk, fd, tk.probe, tk.tries,
			    now) == -1)
				return -1;
			break;
		case P_CLOSED:
		case P_FILTERED:
			if (sink_result(wk->sink, tk.probe, st, e, NULL,
			    0) == -1)
				return -1;
			break;
		case P_RESOURCE:
			/* give it back and wait for a slot to free */
			wk->res_errno = e;
			if (r == 1 && rq_push(wk, tk.probe, tk.tries) == -1)
				return worker_fail(wk, "retry queue", ENOMEM);
			if (wk->n > 0)
				wk->win = wk->n;
			*starved = 1;
			return 0;
		default:
			errno = e;	/* probe_start has said why */
			return -1;
		}
		peer_touch(wk, tk.peer);
		if (wk->rc.rate > 0)
			scan_rate_sent(&wk->rc, tk.sent_us);
		wk->started++;
		*starved = 0;
		if (wk->win < wk->win_max)
			wk->win++;
	}
	return 0;
}

int
worker_stopping(const struct scan_config *cfg)
{
	return worker_stop != 0 || (cfg->stop != NULL && *cfg->stop != 0);
}

/* The slots' first deadline into wk->due, after a sweep or a sample. */
static void
due_find(struct worker *wk)
{
	int64_t d;
	int i, first;

	if (wk->due >= 0 && !wk->retimed)
		return;
	wk->due = INT64_MAX;
	wk->retimed = 0;
	for (i = 0, first = -1; i < wk->n; i++)
		if ((d = slot_deadline(wk, i)) < wk->due) {
			wk->due = d;
			first = i;
		}
	syn_slack(wk, first);
}

/* How long may poll wait? */
static int64_t
poll_timeout(struct worker *wk, int starved, int64_t rate_wait,
    int64_t now)
{
	const struct scan_config *cfg = wk->cfg;
	const struct sink *sk = wk->sink;
	int64_t timeout, d;

	/* a window of SYNs skips its sweeps by it, sending or not */
	if (wk->raw_only)
		due_find(wk);
	if (!starved && rate_wait < 0 && wk->n < wk->win && peers_can_take(wk))
		return 0;
	timeout = starved ? RESOURCE_WAIT_MS : -1;
	if (rate_wait >= 0 && (timeout < 0 || rate_wait < timeout))
		timeout = rate_wait;
	/* --min-rate: a probe a host holds back may be due this soon */
	if (wk->min_rate > 0 && wk->n < wk->win && peers_waiting(wk) &&
	    (timeout < 0 || timeout > 1000 / wk->min_rate))
		timeout = (int64_t)(1000 / wk->min_rate) + 1;
	/* a host's ICMP pace (--udp-closed) lets a probe go then */
	if ((d = pace_due(wk, mono_us())) >= 0 && (timeout < 0 ||
	    (d + 999) / 1000 < timeout))
		timeout = (d + 999) / 1000;
	due_find(wk);
	if (wk->n > 0 && wk->due < INT64_MAX) {
		d = wk->due > now ? wk->due - now : 0;
		d += wk->raw_only ? wk->slack : 0;
		if (timeout < 0 || d < timeout)
			timeout = d;
	}
	if (sk->fd != -1 && (sk->len > 0 || sk->closed > 0) &&
	    (timeout < 0 || timeout > FLUSH_MS))
		timeout = FLUSH_MS;
	if (sk->fd == -1 && cfg->progress_ms > 0 && (timeout < 0 ||
	    timeout > cfg->progress_ms))
		timeout = cfg->progress_ms;
	/* a signal just before poll must not wait for a deadline */
	if ((cfg->stop != NULL || sk->fd != -1) && (timeout < 0 ||
	    timeout > STOP_MS))
		timeout = STOP_MS;
	return timeout;
}

/*
 * One pass over the window after a poll: with answers 1, the slots that
 * answered (their revents, or a SYN's answer read by syn_drain) are
 * settled and the rest kept untouched; with -1, every slot is settled
 * as time has it (an answer's slot is gone by then).  Keeps the rest in
 * order.  Returns 0, or -1 on a fatal error.
 */
static int
settle_pass(struct worker *wk, int answers, int64_t now)
{
	short rev;
	int i, j, keep;

	for (i = 0, j = 0; i < wk->n; i++) {
		rev = answers == 1 ? wk->pfd[i].revents : 0;
		if (answers != -1 && rev == 0 && !(wk->slot[i].banner ==
		    S_SYN && syn_answered(wk, i)))
			keep = 1;
		else
			/* --proxy's slots until the proxy has answered
			 * (scan/proxied.c, which stands on probe.c's) */
			keep = wk->slot[i].banner == S_PROXY ?
			    proxied_settle(wk, i, rev, now) :
			    slot_settle(wk, i, rev, now);
		if (keep == -1) {
			/*
			 * Slot i is closed; keep the rest, so that
			 * worker_free closes each socket once.
			 */
			for (i++; i < wk->n; i++, j++) {
				wk->pfd[j] = wk->pfd[i];
				wk->slot[j] = wk->slot[i];
			}
			wk->n = j;
			return -1;
		}
		if (keep) {
			wk->pfd[j] = wk->pfd[i];
			wk->slot[j] = wk->slot[i];
			j++;
		}
	}
	wk->n = j;
	return 0;
}

static int
worker_run(struct worker *wk)
{
	const struct scan_config *cfg = wk->cfg;
	struct sink *sk = wk->sink;
	int64_t now, timeout, rate_wait;
	int r, p0, starved = 0, starved_tries = 0, left = 0, held = 0;

	if (wk->sweep != NULL) {
		/* rounds until every probe is settled or a stop is asked */
		r = 0;
		while (!worker_stopping(cfg) && (r = sweep_step(wk)) == 1)
			continue;
		return r == -1 ? -1 : sweep_end(wk);
	}
	wk->t0 = now = mono_ms();
	for (;;) {
		if (worker_stopping(cfg)) {
			/* what was found stands; the rest is dropped */
			slots_drop(wk);
			break;
		}
		if (launch(wk, now, &starved, &rate_wait) == -1 ||
		    (wk->syn != NULL && syn_flush(wk) == -1))
			return -1;
		if (starved && wk->n == 0) {
			if (++starved_tries > RESOURCE_TRIES)
				return worker_fail(wk, "out of local resources",
				    wk->res_errno != 0 ? wk->res_errno :
				    EADDRNOTAVAIL);
		} else if (!starved)
			starved_tries = 0;
		if (wk->n == 0 && !have_work(wk) && !peers_waiting(wk))
			break;

		timeout = poll_timeout(wk, starved, rate_wait, now);
		if (wk->n == 0 && timeout == 0)
			goto tick;

		/*
		 * -sS: the raw sockets after the window; a window of SYNs
		 * alone has no fd to poll, and may be larger than the fd
		 * limit lets poll take
		 */
		p0 = wk->raw_only ? wk->n : 0;
		r = poll(wk->pfd + p0, (nfds_t)(wk->n - p0 + syn_pollfds(wk,
		    wk->pfd + wk->n)), (int)timeout);
		if (r == -1 && errno != EINTR && errno != EAGAIN) {
			snprintf(wk->err, SK_ERRLEN, "poll: %s",
			    strerror(errno));
			return -1;
		}
		if (wk->syn != NULL && (left = syn_drain(wk)) == -1)
			return -1;
		/* at most HOLD_ROUNDS in a row: a flood of packets not ours
		 * must not keep the silences from expiring */
		held = left == 1 && held < HOLD_ROUNDS ? held + 1 : 0;
		left = held > 0;
		now = mono_ms();
		/*
		 * Settle what answered, then what expired: a port's last try
		 * is judged by its host's losses, which the answers read in
		 * this same round reveal (a retry answered counts a loss).
		 * Judged in one pass, a slot that expired ahead of them in
		 * the window was called filtered after two tries on a host
		 * whose answers to the other retries sat unread behind it.
		 * A window of SYNs alone, with no answer, no deadline passed
		 * and no round trip that moved one, has nothing to settle:
		 * a window of 65,536 is not walked for each batch sent, and
		 * its silences are settled in batches (syn_slack).  While
		 * answers are left unread (a burst past syn_drain's cap),
		 * no probe expires: its answer may be among them.
		 */
		if (wk->raw_only && !syn_fresh(wk) && now - wk->slack <
		    wk->due && !wk->retimed)
			goto tick;
		wk->due = -1;
		/* a window of SYNs alone was not polled: no revents */
		if (wk->raw_only ? syn_settle_all(wk, 0, now) == -1 || (!left &&
		    syn_settle_all(wk, -1, now) == -1) :
		    settle_pass(wk, r > 0, now) == -1 ||
		    (!left && settle_pass(wk, -1, now) == -1))
			return -1;
tick:
		if (sink_tick(sk, now = mono_ms()) == -1)
			return -1;
	}
	if (peers_retire_all(wk) == -1 || sink_rate(sk, &wk->rc) == -1)
		return -1;
	return sink_flush(sk);
}

static void
worker_free(struct worker *wk)
{
	slots_drop(wk);
	pool_drop(wk);
	udpx_drop(wk);
	tls_probe_ctx_free(wk->tlsx);
	wk->tlsx = NULL;
	sweep_free(wk);
	syn_free(wk);
	peers_free(wk);
	free(wk->pfd);
	free(wk->slot);
	free(wk->rq);
}

static int
worker_init(struct worker *wk, const struct scan_config *cfg,
    struct sink *sk, const struct slice *sl, char *err)
{
	int win = sl->win;

	memset(wk, 0, sizeof(*wk));
	wk->cfg = cfg;
	wk->sink = sk;
	wk->shard_total = sl->shard_total;
	wk->next = cfg->start + (uint64_t)sl->w;
	wk->step = (uint64_t)sl->nworkers;
	skip_done(wk);
	wk->win = wk->win_max = win;
	wk->due = -1;
	wk->rate = cfg->rate / sl->nworkers;
	wk->min_rate = (double)cfg->min_rate / sl->nworkers;
	scan_rate_init(&wk->rc, wk->rate, wk->min_rate, 0);
	wk->err = err;
	/* -sS polls its raw sockets after the window */
	wk->pfd = calloc((size_t)win + RAW_N, sizeof(*wk->pfd));
	wk->slot = calloc((size_t)win, sizeof(*wk->slot));
	if (wk->pfd == NULL || wk->slot == NULL || peers_init(wk, win) == -1) {
		worker_free(wk);
		snprintf(err, SK_ERRLEN, "%s", strerror(ENOMEM));
		return -1;
	}
	wk->raw_only = cfg->syn && !scan_has_udp(cfg);
	if (cfg->syn && (syn_init(wk, sl->w) == -1 ||
	    sweep_init(wk, cfg->start + (uint64_t)sl->w) == -1)) {
		snprintf(err, SK_ERRLEN, "raw socket: %s", strerror(errno));
		worker_free(wk);
		return -1;
	}
	/* each worker its own, after the fork: the library is loaded */
	if (cfg->tls && (wk->tlsx = tls_probe_ctx_new(err)) == NULL) {
		worker_free(wk);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static void
worker_on_term(int sig)
{
	(void)sig;
	worker_stop = 1;
}

/*
 * A worker stops when the parent says so (SIGTERM), never on its own: a
 * Ctrl-C reaches the whole process group, and a worker that died there
 * could cut a record in half.  SIGINT and SIGTERM are blocked from
 * before the fork until these are in place; mask puts the old mask back.
 */
static void
worker_signals(const sigset_t *mask)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = worker_on_term;
	sa.sa_flags = SA_RESTART;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigprocmask(SIG_SETMASK, mask, NULL);
}

/*
 * A forked worker: scan, report through fd, never return.  It ends with
 * _exit, the core's one exception to "never exits" (see server.h).
 */
static void
worker_child(const struct scan_config *cfg, const struct slice *sl, int fd)
{
	static struct sink sk;
	struct worker wk;
	char err[SK_ERRLEN];

	memset(&sk, 0, sizeof(sk));
	sk.cfg = cfg;
	sk.fd = fd;
	sk.last_flush = mono_ms();
	err[0] = '\0';
	if (worker_init(&wk, cfg, &sk, sl, err) == 0) {
		if (worker_run(&wk) == 0)
			_exit(0);
		worker_free(&wk);
	}
	/* tell the parent why, after what was already found */
	sink_fatal(&sk, errno, err);
	_exit(1);
}

/*
 * Fork the workers, SIGINT and SIGTERM blocked until each has its own
 * handlers.  Returns how many run, or -1 with err filled and errno set;
 * those started are in ch either way, to be reaped.
 */
static int
workers_start(const struct scan_config *cfg, struct wproc *ch,
    uint64_t shard_total, int nworkers, int win, char *err)
{
	struct slice sl;
	sigset_t block, omask;
	int i, j, p[2], live = 0, save_errno = 0;

	fflush(stdout);
	fflush(stderr);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	(void)sigprocmask(SIG_BLOCK, &block, &omask);
	for (i = 0; i < nworkers; i++) {
		if ((ch[i].buf = malloc(CHILD_BUF)) == NULL || pipe(p) == -1) {
			save_errno = errno ? errno : ENOMEM;
			snprintf(err, SK_ERRLEN, "%s", strerror(save_errno));
			break;
		}
		if ((ch[i].pid = fork()) == -1) {
			save_errno = errno;
			snprintf(err, SK_ERRLEN, "fork: %s",
			    strerror(save_errno));
			close(p[0]);
			close(p[1]);
			break;
		}
		if (ch[i].pid == 0) {
#ifdef __linux__
			(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
			worker_signals(&omask);
			close(p[0]);
			for (j = 0; j < i; j++)
				close(ch[j].fd);
			sl.shard_total = shard_total;
			sl.w = i;
			sl.nworkers = nworkers;
			sl.win = win / nworkers + (i < win % nworkers);
			worker_child(cfg, &sl, p[1]);
		}
		close(p[1]);
		ch[i].fd = p[0];
		live++;
	}
	(void)sigprocmask(SIG_SETMASK, &omask, NULL);
	errno = save_errno;
	return save_errno != 0 ? -1 : live;
}

/* Reap every worker; once one has failed, stop the others first. */
static int
workers_reap(struct wproc *ch, int nworkers, int failed, char *err)
{
	int i, status;

	for (i = 0; i < nworkers; i++) {
		if (ch[i].fd != -1)
			close(ch[i].fd);
		if (ch[i].pid > 0) {
			if (failed)
				(void)kill(ch[i].pid, SIGTERM);
			while (waitpid(ch[i].pid, &status, 0) == -1 &&
			    errno == EINTR)
				;
			if (!failed && !(WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0)) {
				snprintf(err, SK_ERRLEN, "worker %d failed", i);
				failed = 1;
			}
		}
		free(ch[i].buf);
	}
	return failed ? -1 : 0;
}

/* Tell every worker to stop: each sends what it has found and exits. */
static void
workers_stop(const struct wproc *ch, int nworkers)
{
	int i;

	for (i = 0; i < nworkers; i++)
		if (ch[i].pid > 0)
			(void)kill(ch[i].pid, SIGTERM);
}

/* Fork the workers and merge what they find. */
static int
scan_parallel(const struct scan_config *cfg, struct scan_stats *st,
    uint64_t shard_total, int nworkers, int win, char *err)
{
	struct wproc ch[MAX_WORKERS];
	struct pollfd pfd[MAX_WORKERS];
	struct host_reps *hr;
	int i, j, live, failed = 0, np, save_errno = 0, stopping = 0, wait_ms;
	int64_t last = mono_ms(), now;

	if (worker_stopping(cfg)) {
		st->stopped = 1;
		return 0;
	}
	memset(ch, 0, sizeof(ch));
	for (i = 0; i < MAX_WORKERS; i++)
		ch[i].fd = -1;
	/* -v's timing by host, merged from the workers' shares */
	hr = cfg->on_host != NULL ? reps_new() : NULL;
	if ((live = workers_start(cfg, ch, shard_total, nworkers, win,
	    err)) == -1) {
		save_errno = errno;
		failed = 1;
	}
	wait_ms = cfg->progress_ms > 0 ? cfg->progress_ms : -1;
	if (cfg->stop != NULL && (wait_ms < 0 || wait_ms > STOP_MS))
		wait_ms = STOP_MS;
	while (live > 0 && !failed) {
		if (!stopping && worker_stopping(cfg)) {
			/* read on to each one's end: what it found stands */
			stopping = 1;
			workers_stop(ch, nworkers);
		}
		for (i = 0, np = 0; i < nworkers; i++) {
			if (ch[i].fd == -1)
				continue;
			pfd[np].fd = ch[i].fd;
			pfd[np].events = POLLIN;
			np++;
		}
		if (poll(pfd, (nfds_t)np, wait_ms) == -1 && errno != EINTR) {
			save_errno = errno;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			failed = 1;
			break;
		}
		for (i = 0, j = 0; i < nworkers && !failed; i++) {
			if (ch[i].fd == -1 || pfd[j++].revents == 0)
				continue;
			switch (worker_read(cfg, st, hr, &ch[i], err)) {
			case -1:
				save_errno = errno;
				failed = 1;
				break;
			case 0:
				live--;
				break;
			}
		}
		now = mono_ms();
		if (cfg->progress_ms > 0 && cfg->on_progress != NULL &&
		    now - last >= cfg->progress_ms) {
			last = now;
			cfg->on_progress(st, cfg->arg);
		}
	}

	if (workers_reap(ch, nworkers, failed, err) == -1 && !failed) {
		save_errno = EIO;
		failed = 1;
	}
	st->stopped = stopping && st->done != shard_total;
	reps_finish(hr, cfg);
	if (!failed && !stopping && st->done != shard_total) {
		snprintf(err, SK_ERRLEN, "workers reported %llu of %llu "
		    "probes", (unsigned long long)st->done,
		    (unsigned long long)shard_total);
		save_errno = EIO;
		failed = 1;
	}
	errno = save_errno;
	return failed ? -1 : 0;
}

/*
 * Run the scan described by cfg, filling st.  Returns 0 when every probe
 * has a state, or -1 with err filled (and errno set) when the scan could
 * not go on; the results reported until then stand.
 */
int
scan_run(const struct scan_config *cfg, struct scan_stats *st, char *err)
{
	static struct sink sk;
	struct worker wk;
	struct slice sl;
	uint64_t total, shard_total;
	int win, nworkers;
	long ncpu;

	memset(st, 0, sizeof(*st));
	err[0] = '\0';
	if (cfg->nports == 0 || cfg->naddrs == 0 || cfg->shard_n == 0 ||
	    cfg->shard_i >= cfg->shard_n) {
		snprintf(err, SK_ERRLEN, "nothing to scan");
		errno = EINVAL;
		return -1;
	}
	total = probe_total(cfg);
	shard_total = total > cfg->shard_i ?
	    (total - cfg->shard_i + cfg->shard_n - 1) / cfg->shard_n : 0;
	st->total = shard_total;
	/* --resume: what was done before counts as done */
	st->done = cfg->start + cfg->nskip < shard_total ? cfg->start +
	    cfg->nskip : shard_total;
	if (st->done == shard_total)
		return 0;

	/* a window the caller chose was sized by scan_window already */
	win = cfg->window > 0 ? cfg->window : scan_window(0, 0, NULL);
	if ((uint64_t)win > shard_total)
		win = (int)shard_total;
	nworkers = cfg->workers;
	if (nworkers <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		nworkers = ncpu > 1 ? (int)ncpu : 1;
		/* a fork pays off on big scans, and --rate wants one
		 * clock, --proxy one window at the proxy */
		if (cfg->rate > 0 || cfg->proxy != NULL ||
		    shard_total < MIN_PER_WORKER * 2)
			nworkers = 1;
		else if ((uint64_t)nworkers > shard_total / MIN_PER_WORKER)
			nworkers = (int)(shard_total / MIN_PER_WORKER);
	}
	if (nworkers > MAX_WORKERS)
		nworkers = MAX_WORKERS;
	if (nworkers > win)
		nworkers = win;
	if (nworkers < 1)
		nworkers = 1;
	st->window = sweep_fits(cfg) ? 0 : win;
	st->workers = nworkers;
	if (nworkers > 1)
		return scan_parallel(cfg, st, shard_total, nworkers, win, err);

	memset(&sk, 0, sizeof(sk));
	sk.cfg = cfg;
	sk.st = st;
	sk.fd = -1;
	sk.last_flush = sk.last_progress = mono_ms();
	sk.reps = cfg->on_host != NULL ? reps_new() : NULL;
	sl.shard_total = shard_total;
	sl.w = 0;
	sl.nworkers = 1;
	sl.win = win;
	if (worker_init(&wk, cfg, &sk, &sl, err) == -1) {
		reps_finish(sk.reps, cfg);
		return -1;
	}
	if (worker_run(&wk) == -1) {
		int save_errno = errno;

		worker_free(&wk);
		reps_finish(sk.reps, cfg);
		errno = save_errno;
		return -1;
	}
	worker_free(&wk);
	reps_finish(sk.reps, cfg);
	st->stopped = st->done != shard_total;
	return 0;
}
