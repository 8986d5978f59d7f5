/*
 * scan/scan_int.h: what the files of the scan engine share, and nothing
 * outside scan/ includes: the worker and its window of slots (run.c),
 * the order of the probes (order.c), one probe's steps (probe.c; the TLS
 * ones handshake.c's), the probes' sockets (fd.c) and the records a
 * worker sends its parent (record.c).  scan/udp.c and
 * scan/verdict.c stand apart: they need none of it.
 */
#ifndef SCAN_INT_H
#define SCAN_INT_H

#include <sys/types.h>
#include <sys/socket.h>

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "scan/scan.h"

#define UDP_POOL	16	/* settled UDP sockets kept to probe again */

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

struct tls_probe;
struct tls_probe_ctx;
struct stls_slot;

struct slot {
	uint64_t	probe;
	int64_t		deadline;
	int		tries;
	int		banner;		/* S_CONNECT, S_READ, S_SEND, S_TLS */
	size_t		sent;		/* bytes of the probe sent */
	size_t		blen;		/* bytes of banner in bbuf */
	char		*bbuf;		/* SCAN_BANNER_MAX, once reading */
	int		udp;		/* a UDP probe, waiting for a reply */
	struct tls_probe *tls;		/* S_TLS: the handshake */
	struct stls_slot *stls;		/* S_STLS: the dialogue */
	int		stls_proto;	/* its STLS_P_*, or -1: none */
};

struct retry {
	uint64_t	probe;
	int		tries;
};

struct sink {
	const struct scan_config *cfg;
	struct scan_stats *st;		/* in the caller's process */
	int		 fd;		/* pipe to the parent, or -1 */
	char		 buf[65536];
	size_t		 len;
	uint64_t	 closed, retried;	/* not yet sent */
	int64_t		 last_flush, last_progress;
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
	int		 res_errno;	/* the last local shortage */
	char		*err;
	int		 pool_fd[UDP_POOL];	/* UDP sockets to reuse */
	size_t		 pool_ai[UDP_POOL];	/* the address each probed */
	int		 pool_n;
	struct tls_probe_ctx *tlsx;	/* cfg->tls: what the probes share */
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

/* probe.c */
int	probe_start(struct worker *wk, uint64_t probe, int *fdp, int *errp,
	    char *reply, size_t *rlen);
void	slot_add(struct worker *wk, int fd, uint64_t probe, int tries,
	    int banner, int64_t now);
int	got_open(struct worker *wk, int fd, uint64_t probe, int tries,
	    int64_t now);
int	slot_settle(struct worker *wk, int i, short rev, int64_t now);

/* record.c */
int	worker_fail(struct worker *wk, const char *what, int e);
int	sink_flush(struct sink *sk);
int	sink_result(struct sink *sk, uint64_t probe, int state, int error,
	    const char *banner, size_t blen);
void	sink_fatal(struct sink *sk, int e, const char *err);
int	worker_read(const struct scan_config *cfg, struct scan_stats *st,
	    struct wproc *c, char *err);

#endif /* SCAN_INT_H */
