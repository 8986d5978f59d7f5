/*
 * scan/scan_int.h: what the files of the scan engine share, and nothing
 * outside scan/ includes: the worker and its window of slots (run.c),
 * the order of the probes (order.c), one probe's steps (probe.c; the TLS
 * ones handshake.c's, a SYN's syn.c's), a -sS sweep without state
 * (sweep.c), the probes' sockets (fd.c) and the records a worker sends
 * its parent (record.c).  scan/udp.c and
 * scan/verdict.c stand apart: they need none of it.
 */
#ifndef SCAN_INT_H
#define SCAN_INT_H

#include <sys/types.h>
#include <sys/socket.h>

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/hostmap.h"
#include "scan/rate.h"
#include "scan/scan.h"
#include "scan/timing.h"

#define UDP_POOL	16	/* settled UDP sockets kept to probe again */
#define FLUSH_MS	100	/* a worker reports at least this often */

/* What became of a probe. */
enum {
	P_PENDING = SCAN_PENDING,
	P_OPEN = SCAN_OPEN,
	P_CLOSED = SCAN_CLOSED,
	P_FILTERED = SCAN_FILTERED,
	P_OPENFILTERED = SCAN_OPENFILTERED,
	P_RESOURCE = SCAN_RESOURCE,	/* local shortage: try again later */
	P_FATAL = SCAN_FATAL		/* cannot scan at all (errno says why) */
};

/* Pipe records from a worker to the parent. */
#define REC_COUNTS	0	/* probe: closed ports; error: retries */
#define REC_FATAL	-1	/* error: errno; banner: the message */
#define REC_HOST	-2	/* banner: a struct scan_host_report */
#define REC_RATE	-3	/* banner: a struct scan_rate */

struct rec {
	uint64_t	probe;
	int32_t		state;
	int32_t		error;
	uint32_t	len;
	uint32_t	pad;
};

/* What a slot waits for. */
#define S_CONNECT	0	/* the connect */
#define S_READ		1	/* connected: the banner */
#define S_SEND		2	/* connected: room to send the probe */
#define S_TLS		3	/* connected: the TLS handshake */
#define S_STLS		4	/* connected: the STARTTLS dialogue */
#define S_SYN		5	/* -sS: an answer through the raw sockets */
#define S_PROXY		6	/* --proxy: the connect to the proxy, its
				 * handshake, its reply (proxied.c) */

struct conn;
struct proxy_hs;
struct tls_probe_ctx;

struct slot {
	uint64_t	probe;
	int64_t		deadline;
	int		tries;
	int		banner;		/* S_CONNECT, S_READ, S_SEND, S_TLS */
	size_t		sent;		/* bytes of the probe sent; S_PROXY:
					 * 1 reading an HTTP error page */
	size_t		blen;		/* bytes of banner in bbuf */
	char		*bbuf;		/* SCAN_BANNER_MAX, once reading */
	int		udp;		/* a UDP probe, waiting for a reply */
	struct conn	*cn;		/* S_STLS, S_TLS: the socket's stack,
					 * the dialogue, then TLS on it */
	struct proxy_hs	*hs;		/* S_PROXY: the handshake */
	int		stls_proto;	/* its STLS_P_*, or -1: none */
	/* S_CONNECT, and a UDP probe: what peer.c times it by */
	uint32_t	peer;		/* its host in wk->pr */
	int		paced;		/* sent at the host's ICMP pace */
	int64_t		sent_us;	/* when it went out */
	int64_t		lost_us;	/* a retry: when the try before went */
	uint64_t	key;		/* S_SYN: its cookie (syn.c) */
	uint32_t	dgen;		/* S_SYN: deadline holds its time
					 * limit while rtt_gen is this */
};

/* A probe on its way out: where peer.c's queues had it. */
struct take {
	uint64_t	probe;
	int		tries;
	int		paced;
	int64_t		lost_us;	/* a retry: when the try before went */
	int64_t		sent_us;
	uint32_t	peer;
	int		no_rtt;		/* an answer that may be an earlier
					 * try's: no round trip (Karn) */
};

/* A probe waiting for its host (peer.c): in a list of its host's. */
struct pwait {
	uint64_t	probe;
	int64_t		lost_us;
	int32_t		tries;
	uint32_t	next;
};

/* A host's queue of waiting probes: first, last, how many. */
struct pqueue {
	uint32_t	head, tail;
	uint32_t	n;
};

/*
 * A target host as the engine times it (peer.c, pace.c): its round
 * trips, its window, the probes it has out and waiting, what it showed.
 */
struct peer {
	uint64_t	 ai;		/* its address index */
	int		 used;
	int		 ready;		/* in the ready ring */
	int		 in_flight;
	struct pqueue	 q;		/* waiting for its window */
	struct pqueue	 pq;		/* --udp-closed: for the ICMP pace */
	struct scan_rtt	 rtt;
	struct scan_cwnd win;
	int64_t		 first_answer_us;	/* its first round trip came */
	int64_t		 last_answer_us;
	int		 max_try;	/* the highest try answered */
	int64_t		 first_us;	/* its first probe went (0: none) */
	/* what -v says of it: the counts kept here, the rest at the end */
	struct scan_host_report rep;
	/* --udp-closed: the pace of its ICMP port unreachables */
	int		 pmode;		/* PACE_* (pace.c) */
	int		 plisted;	/* in the list of paced hosts */
	int		 pin;		/* paced probes out */
	int64_t		 pace_us;	/* one ICMP error per */
	uint32_t	 p_ok, p_late;	/* closed at a first paced try, after */
	int64_t		 pace_t;	/* credit counted until */
	double		 credit;
	int64_t		 m_t0, m_last, m_gap;	/* measuring */
	uint32_t	 m_sent, m_icmp;
	int64_t		 paced_t0, paced_t1;
	/* -sS: our IPv4 source toward it (syn.c), once looked up: in
	 * has_src4 the routes' generation it was found in (0: none) */
	unsigned	 has_src4;
	uint8_t		 src4[4];
};

/* The hosts in progress of a worker (peer.c). */
struct peers {
	struct peer	*v;
	uint32_t	 n, cap;	/* in use; slots */
	uint32_t	*freev;		/* unused slots */
	uint32_t	 nfree;
	struct hostmap	 map;		/* address index -> slot (uint32_t) */
	uint32_t	*ring;		/* hosts with a probe to send */
	uint32_t	 rhead, rlen;
	uint32_t	*paced;		/* hosts with probes for the pace */
	uint32_t	 npaced;
	struct pwait	*w;		/* waiting probes; free ones listed */
	uint32_t	 wcap, wfree, nwait;
	uint32_t	 nwait_new;	/* of them, taken in order */
	uint64_t	 last_ai;	/* the host of the last lookup */
	uint32_t	 last;
	uint32_t	 max;		/* hosts kept before idle ones go */
	uint32_t	 wait_max;	/* probes taken in order to wait */
	int		 cap_tries;	/* --retries + 1 */
	struct scan_rtt	 group;		/* every host's round trips, for */
	int64_t		 group_max_us;	/* the hosts with none (pace.c) */
};

struct retry {
	uint64_t	probe;
	int		tries;
};

struct host_reps;
struct sweep;
struct synpkt_ans;
struct synx;

struct sink {
	const struct scan_config *cfg;
	struct scan_stats *st;		/* in the caller's process */
	int		 fd;		/* pipe to the parent, or -1 */
	char		 buf[65536];
	size_t		 len;
	uint64_t	 closed, retried;	/* not yet sent */
	int64_t		 last_flush, last_progress;
	struct host_reps *reps;		/* in process: the hosts' timing */
};

struct worker {
	const struct scan_config *cfg;
	struct sink	*sink;
	uint64_t	 shard_total;	/* probes in the shard */
	uint64_t	 next;		/* next position (of this worker) */
	uint64_t	 step;		/* workers */
	int		 win, win_max;
	struct pollfd	*pfd;
	struct slot	*slot;
	int		 n;
	struct retry	*rq;		/* timed-out probes to send again */
	size_t		 rq_len, rq_cap;
	uint64_t	 started;	/* for --rate */
	int64_t		 t0;
	double		 rate;
	double		 min_rate;	/* --min-rate, this worker's share */
	struct scan_rate rc;		/* with no --rate: the one found */
	int		 res_errno;	/* the last local shortage */
	char		*err;
	int		 pool_fd[UDP_POOL];	/* UDP sockets to reuse */
	size_t		 pool_ai[UDP_POOL];	/* the address each probed */
	int		 pool_n;
	struct udpx	*udpx;		/* -sU --proxy's associations */
	int		 udpx_n;
	struct tls_probe_ctx *tlsx;	/* cfg->tls: what the probes share */
	struct scan_timing tm;		/* cfg's, and -w, --retries on it */
	struct peers	 pr;		/* the hosts in progress */
	struct synx	*syn;		/* -sS: the raw sockets (syn.c) */
	struct sweep	*sweep;		/* -sS without state (sweep.c) */
	/* with a sweep, where syn.c hands what its raw sockets say (set
	 * by sweep_init): syn.c is the layer below both paths */
	void		(*sweep_answer)(struct worker *,
			    const struct synpkt_ans *, int, int);
	int		(*sweep_refused)(struct worker *, uint64_t, int, int);
	uint64_t	 syn_key;	/* the cookie syn_start gave */
	int		 raw_only;	/* -sS, no UDP: no slot has an fd */
	int64_t		 due;		/* the slots' first deadline (ms),
					 * -1: to find again */
	int		 retimed;	/* a round trip since: find it again */
	uint32_t	 rtt_gen;	/* round trips sampled: a SYN slot's
					 * deadline is good while it stays */
	int64_t		 slack;		/* -sS: silences settled this late
					 * (ms), in batches */
	uint32_t	 sending;	/* the host of the probe being started */
};

/* A worker process, as the parent reads it. */
struct wproc {
	pid_t	pid;
	int	fd;
	char	*buf;
	size_t	len;
};

#define CHILD_BUF	(65536 + sizeof(struct rec) + SCAN_RESULT_MAX)

/* order.c */
uint64_t probe_total(const struct scan_config *cfg);
int	probe_proto(const struct scan_config *cfg, uint64_t probe);
void	probe_addr(const struct scan_config *cfg, uint64_t probe,
	    struct sockaddr_storage *ss, socklen_t *len);
size_t	probe_ai(const struct scan_config *cfg, uint64_t probe);
int	rq_push(struct worker *wk, uint64_t probe, int tries);
int	have_work(const struct worker *wk);
void	skip_done(struct worker *wk);
uint64_t take_probe(struct worker *wk, int *tries);

/*
 * fd.c: each probe socket's owner, checked in a debug build (make
 * CPPFLAGS=-DSCAN_FD_CHECK: fd.c says how), else nothing; the closes;
 * the UDP pool
 */
#define OWNER_POOL	UINT64_MAX
#ifdef SCAN_FD_CHECK
void	fd_own(int fd, uint64_t owner);
void	fd_give(int fd, uint64_t owner);
#else
#define fd_own(fd, owner)	((void)(fd), (void)(owner))
#define fd_give(fd, owner)	((void)(fd), (void)(owner))
#endif
void	probe_close(int fd, uint64_t owner);
void	close_abort(int fd, uint64_t owner);
void	pool_put(struct worker *wk, int fd, uint64_t probe, size_t ai);
int	pool_take(struct worker *wk, size_t ai);
void	pool_drop(struct worker *wk);

/* handshake.c: --probe tls */
int	tls_none(struct worker *wk, uint64_t probe, const char *why);
int	tls_begin(struct worker *wk, int i, int64_t now);
int	tls_settle(struct worker *wk, int i, short rev, int64_t now);
void	tls_drop(struct slot *sl);

/* probe.c */
int	probe_socket(struct worker *wk, int family, uint64_t probe,
	    int *errp);
int	probe_start(struct worker *wk, uint64_t probe, int *fdp, int *errp,
	    char *reply, size_t *rlen);
void	slots_drop(struct worker *wk);
void	slot_add(struct worker *wk, int fd, uint64_t probe, int tries,
	    int banner, int64_t now);
int	got_open(struct worker *wk, int fd, uint64_t probe, int tries,
	    int64_t now);
int	banner_begin(struct worker *wk, int i, int64_t now);
int	slot_settle(struct worker *wk, int i, short rev, int64_t now);

/* proxied.c: --proxy */
int	proxied_start(struct worker *wk, uint64_t probe, int *fdp, int *errp);
int	proxied_settle(struct worker *wk, int i, short rev, int64_t now);

/* udp_proxy.c: -sU --proxy, through SOCKS5 UDP associations */
int	udpx_check(struct worker *wk);
int	udpx_start(struct worker *wk, const struct sockaddr *to,
	    const void *payload, size_t plen, int *fdp, int *errp);
int	udpx_settle(struct worker *wk, int fd, const struct sockaddr *to,
	    char *reply, size_t *rlen);
void	udpx_drop(struct worker *wk);

/* syn.c: -sS, the SYN probes and the raw sockets' answers */
int	syn_init(struct worker *wk, int w);
void	syn_free(struct worker *wk);
int	syn_start(struct worker *wk, uint64_t probe, int *errp, uint64_t *key);
int	syn_flush(struct worker *wk);
int	syn_drain(struct worker *wk);
int	syn_pollfds(const struct worker *wk, struct pollfd *pfd);
int	syn_settle(struct worker *wk, int i, int64_t now);
int	syn_answered(const struct worker *wk, int i);
void	syn_slack(struct worker *wk, int first);
int	syn_settle_all(struct worker *wk, int answers, int64_t now);
int	syn_fresh(struct worker *wk);

/* sweep.c: -sS over many hosts, stateless */
int	sweep_fits(const struct scan_config *cfg);
int	sweep_init(struct worker *wk, uint64_t base);
void	sweep_free(struct worker *wk);
int	sweep_step(struct worker *wk);
int	sweep_end(struct worker *wk);

/* run.c */
int	worker_stopping(const struct scan_config *cfg);

/* peer.c: the hosts in progress, and the next probe */
int	peers_init(struct worker *wk, int win);
void	peers_free(struct worker *wk);
uint32_t peer_get(struct worker *wk, uint64_t ai);
int	peer_take(struct worker *wk, struct take *tk);
void	peer_touch(struct worker *wk, uint32_t p);
void	peer_unpace(struct worker *wk, uint32_t p);
int	peers_waiting(const struct worker *wk);
int	peers_can_take(const struct worker *wk);
int	peers_retire_all(struct worker *wk);
int	pq_push(struct worker *wk, struct pqueue *q, uint64_t probe,
	    int tries, int64_t lost_us, int first);
void	pq_pop(struct worker *wk, struct pqueue *q, struct take *tk);

/* pace.c: what answers and silences do to a host's timing */
int64_t	slot_deadline(struct worker *wk, int i);
void	peer_sent(struct worker *wk, int i, const struct take *tk);
void	slot_take(const struct worker *wk, int i, struct take *tk);
void	peer_answer(struct worker *wk, const struct take *tk, int st,
	    int udp, int pending, int64_t now_us);
int	peer_unsent(struct worker *wk, const struct take *tk, int pending);
int	peer_timeout(struct worker *wk, int i, int64_t now_us);
int	peer_proxy_retry(struct worker *wk, int i);
int	pace_take(struct worker *wk, int64_t now_us, struct take *tk);
int	peer_gone(const struct worker *wk, const struct peer *h,
	    int64_t now_us);
int	peer_skip(struct worker *wk, const struct take *tk, int64_t now_us);
int64_t	pace_due(struct worker *wk, int64_t now_us);

/* record.c */
int	worker_fail(struct worker *wk, const char *what, int e);
int	sink_flush(struct sink *sk);
int	sink_tick(struct sink *sk, int64_t now);
int	sink_result(struct sink *sk, uint64_t probe, int state, int error,
	    const char *banner, size_t blen);
void	sink_fatal(struct sink *sk, int e, const char *err);
int	sink_host(struct sink *sk, const struct scan_host_report *r);
int	sink_rate(struct sink *sk, const struct scan_rate *r);
int	worker_read(const struct scan_config *cfg, struct scan_stats *st,
	    struct host_reps *hr, struct wproc *c, char *err);
struct host_reps *reps_new(void);
void	reps_add(struct host_reps *hr, const struct scan_host_report *r);
void	reps_finish(struct host_reps *hr, const struct scan_config *cfg);

#endif /* SCAN_INT_H */
