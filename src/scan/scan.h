/*
 * scan/: the port scanner's engine (TCP connect, UDP probes, workers).
 * Engine: never prints, never exits.  May use net, parse and util.
 *
 * scan.h: the scan engine, TCP connect and UDP, as its callers see it.
 * The engine's own files share scan/scan_int.h.
 *
 * The probe space is every (protocol, address, port) triple, numbered
 * protocol-major, then address-major: with per = naddrs * nports, probe k
 * is protos[k / per], addrs[k % per / nports] and ports[k % nports].  The
 * engine keeps a window of non-blocking probes in flight (TCP connects,
 * connected UDP sockets that sent one datagram), classifies each probe as
 * open, closed, filtered or (UDP) open|filtered, and reports results
 * through a callback.  On
 * large scans it forks one worker per CPU, each taking an interleaved
 * slice, and merges their results through pipes; the callback always runs
 * in the calling process.
 *
 * When *stop (set by the caller's signal handler, say) becomes nonzero,
 * the engine starts no more probes, drops those in flight, has every
 * worker send what it found and exit, and returns 0 with stopped set: a
 * clean end, after at most about 100 ms.  Workers ignore SIGINT (the
 * terminal sends it to them as well) and stop the same way on SIGTERM,
 * which is how the engine stops them.
 */
#ifndef SCAN_H
#define SCAN_H

#include <sys/types.h>
#include <sys/socket.h>

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "scan/specs.h"
#include "scan/timing.h"

#define SCAN_OPEN	1	/* the connect completed */
#define SCAN_CLOSED	2	/* refused or reset */
#define SCAN_FILTERED	3	/* no answer in time, or unreachable */
#define SCAN_OPENFILTERED 4	/* UDP: silence, after every retry */
#define SCAN_CLOSEDFILTERED 5	/* a proxy that cannot tell refused from
				 * unreachable said no (SOCKS4, HTTP) */
#define SCAN_SKIPPED	7	/* its host's time was up: not probed */

/* Outcomes of a probe step inside the engine (scan/probe.c, scan/udp.c). */
#define SCAN_PENDING	0	/* waiting for an answer */
#define SCAN_RESOURCE	8	/* local shortage: try again later */
#define SCAN_FATAL	6	/* cannot scan at all (errno says why) */

#define SCAN_TCP	0	/* protocols, in scan_config.protos */
#define SCAN_UDP	1

/* Probe kinds, in scan_config.kinds (numbered as parse/synpkt.h's) */
#define SCAN_K_PORT	0	/* the port's own: a connect, SYN, datagram */
#define SCAN_K_ACK	1	/* with syn: an ACK, up on a reset */
#define SCAN_K_ECHO	2	/* an ICMP echo request (port 0) */
#define SCAN_K_TSTAMP	3	/* with syn: an ICMP timestamp request */
#define SCAN_K_UDP	4	/* a datagram to the port (nmap's -PU), up
				 * on a reply or a port unreachable */

#define SCAN_BANNER_MAX	1024	/* bytes of banner kept */
#define SCAN_STLS_NONE	(-1)	/* scan_config.starttls: no dialogue */
#define SCAN_RESULT_MAX	4096	/* bytes a result carries: a banner, or
				 * tls's fields (parse/tlsfields.h) */
#define SCAN_PROBE_MAX	1024	/* bytes of a probe (scan_config.probe) */
#define SCAN_WINDOW_CAP	4096	/* largest default window */
#define SCAN_SYN_WINDOW	65536	/* -sS's: no descriptor per probe */
#define SCAN_PROXY_WINDOW 32	/* --proxy's: sessions at the proxy */
#define SCAN_PROXY_MS	5000	/* --proxy's wait for a port's reply */

struct proxy;

struct scan_addr {
	struct sockaddr_storage	ss;
	socklen_t		len;
};

/*
 * Why a port is in its state, as nmap's reason attributes name them
 * (scan_reason_name).  A connect scan's follow from the state and the
 * errno (scan_reason); a probe kind that sees the answer itself (a SYN
 * scan's reset, an ICMP type) sets scan_result.reason.
 */
enum {
	SCAN_R_NONE,		/* from the state and the errno */
	SCAN_R_SYN_ACK, SCAN_R_RESET, SCAN_R_CONN_REFUSED,
	SCAN_R_NO_RESPONSE, SCAN_R_HOST_UNREACH, SCAN_R_NET_UNREACH,
	SCAN_R_ADMIN_PROHIBITED, SCAN_R_HOST_PROHIBITED, SCAN_R_PORT_UNREACH,
	SCAN_R_PROTO_UNREACH, SCAN_R_TIME_EXCEEDED, SCAN_R_UDP_RESPONSE,
	SCAN_R_ECHO_REPLY, SCAN_R_TSTAMP_REPLY,	/* a host's, to SCAN_K_* */
	SCAN_R_PROXY_ERROR,	/* a proxy's failure for the port (EPROTO) */
	SCAN_R_PROXY_REJECTED,	/* SCAN_CLOSEDFILTERED's: refused or
				 * unreachable, the proxy cannot say */
	SCAN_R_MAX
};

struct scan_result {
	uint64_t	probe;		/* probe number */
	int		state;		/* SCAN_OPEN, ... */
	int		error;		/* errno that decided it; 0 if open */
	int		reason;		/* SCAN_R_*; SCAN_R_NONE: scan_reason
					 * tells it from state and error */
	size_t		banner_len;
	char		banner[SCAN_RESULT_MAX];
};

struct scan_stats {
	uint64_t	total;		/* probes in this scan (this shard) */
	uint64_t	done;
	uint64_t	open, closed, filtered, openfiltered;
	uint64_t	skipped;	/* --host-timeout: never settled */
	uint64_t	retried;	/* probes sent again after a timeout */
	/* the sweep's rate (scan/rate.h), summed over the workers */
	uint64_t	answered;	/* answers, retries too */
	uint64_t	lost;		/* tries proven lost: a later answered */
	double		carried;	/* the most answers a second seen */
	double		rate_end;	/* the rate found at the end; 0: none */
	uint32_t	cuts;		/* times it was cut */
	int		window;		/* window in use, all workers; 0: a
					 * stateless sweep (scan/sweep.c) */
	int		workers;
	int		stopped;	/* *stop ended it before every probe */
};

#define SCAN_REPORT_HOSTS 1024

/* A host's timing, as a scan found it (scan_config.on_host). */
struct scan_host_report {
	uint64_t	addr;		/* address index; UINT64_MAX: others */
	uint64_t	hosts;		/* hosts summed in it: 1, or the rest */
	uint64_t	sent;		/* probes sent, retries too */
	uint64_t	answered;	/* probes that had an answer */
	uint64_t	retried;	/* tries sent again after a timeout */
	uint64_t	lost;		/* tries lost: a later one answered */
	uint64_t	silent;		/* ports that never answered */
	uint64_t	silent_udp;	/* of them UDP: open|filtered */
	uint32_t	silent_min;	/* the tries each of them had */
	uint32_t	silent_max;
	uint32_t	samples;	/* round trips measured */
	uint32_t	cuts;		/* times its window was cut */
	int64_t		srtt_us;	/* smoothed round trip */
	int64_t		rttvar_us;
	int64_t		rtt_min_us, rtt_max_us;
	int64_t		limit_us;	/* a first try's limit at the end */
	uint32_t	cwnd_low;	/* the least its window was */
	uint32_t	floored;	/* sent past its window: --min-rate */
	/* UDP with udp_closed */
	uint64_t	icmp;		/* port unreachables */
	uint64_t	paced;		/* probes sent at the ICMP pace */
	uint64_t	paced_ports;	/* ports that took */
	int64_t		pace_us;	/* one ICMP error per */
	int64_t		paced_us;	/* time it took */
};

struct scan_config {
	/*
	 * The addresses, naddrs of them: addrs[0 .. naddrs - 1]; or, with
	 * addrs NULL, the targets' (scan_targets_build made them, held as
	 * ranges however many), address i the set's i, or after host
	 * discovery (scan_discover) the set's targets.up[i].  The targets
	 * are the engine's to free (scan_targets_free).
	 */
	const struct scan_addr	*addrs;
	size_t			 naddrs;
	struct scan_targets	 targets;
	const uint16_t		*ports;
	size_t			 nports;
	const int		*protos;	/* SCAN_TCP, SCAN_UDP; NULL: TCP */
	size_t			 nprotos;
	const struct scan_addr	*src4;		/* bind before connect, or NULL */
	const struct scan_addr	*src6;
	int			 window;	/* > 0: as sized by scan_window;
						   <= 0: from RLIMIT_NOFILE */
	/*
	 * The timing (scan/timing.h): each host's round trips give its
	 * probes' time limit, its losses the tries a silent port gets, its
	 * answers its window.  timeout_ms > 0 fixes the limit instead (-w);
	 * retries >= 0 caps the retries (else timing.max_retries does).
	 */
	struct scan_timing	 timing;
	int			 timeout_ms;	/* > 0: per probe, fixed */
	int			 retries;	/* < 0: timing's most */
	/*
	 * > 0: --host-timeout, a host's probes end this long after its
	 * first went; those left (waiting, out, to retry) are reported
	 * SCAN_SKIPPED.  Each worker counts from its own first probe.
	 */
	int			 host_timeout_ms;
	/*
	 * UDP: a port silent after its tries, on a host that sent ICMP
	 * port unreachables, is probed again at the pace the host sends
	 * them (measured), so that a closed port is told from open|filtered
	 * where the host limits its ICMP errors (Linux: about one a second
	 * after a burst).
	 */
	int			 udp_closed;
	double			 rate;		/* new probes per second; 0: no cap */
	/*
	 * --min-rate: probes a second at least; while the scan is behind,
	 * a host's window holds none back (the scan's window and rate do)
	 */
	int			 min_rate;
	int			 random;	/* random order */
	uint64_t		 seed;		/* for random */
	uint64_t		 shard_i;	/* this shard, 0 .. shard_n - 1 */
	uint64_t		 shard_n;	/* 1: no sharding */
	/*
	 * --resume: the shard's probes before this place in its order
	 * (scan_probe_seq) are done; they are counted done, not sent
	 */
	uint64_t		 start;
	/* ... and these places after it, sorted: not sent either */
	const uint64_t		*skip;
	size_t			 nskip;
	int			 workers;	/* 0: one per CPU when it pays */
	int			 banner;	/* keep what open ports send */
	int			 banner_ms;
	/*
	 * The bytes to send an open port before reading its banner:
	 * probe_len of probe (0: none), or with probe_http a HEAD request
	 * naming the target's host (scan_probe_bytes).
	 */
	char			 probe[SCAN_PROBE_MAX];
	size_t			 probe_len;
	int			 probe_http;
	/* the banner is whole once this string came; NULL: the first read */
	const char		*banner_end;
	/*
	 * tls: a TLS handshake with each open TCP port instead of a banner
	 * (tls_load done), bounded by banner_ms; the result carries what it
	 * found, packed by tlsf_pack; a target's name is its host's SNI
	 * and the name its certificate is checked against (scan_probe_sni),
	 * an address has none.
	 */
	int			 tls;
	/*
	 * with tls, the plaintext dialogue before the handshake
	 * (parse/starttls.h): 0 by the port, as nmap's ssl-cert (25:
	 * smtp, 143: imap ...), SCAN_STLS_NONE never, else STLS_P_* + 1 on
	 * every port; bounded by banner_ms, and the handshake after it
	 * too.  A target's name is xmpp's domain.
	 */
	int			 starttls;
	/*
	 * by_addr: a host's address and never its target's name, as SNI
	 * and to a proxy (host discovery's probes)
	 */
	int			 by_addr;
	/*
	 * syn: TCP ports by SYN over raw sockets (scan/syn.c) instead of
	 * connect; worker w sends from port syn_port + w.  Needs
	 * CAP_NET_RAW (scan_run fails with EPERM without it).
	 */
	int			 syn;
	uint16_t		 syn_port;
	/*
	 * proxy: TCP ports through this proxy (parse/socks.h) at
	 * proxy_addr (scan_proxy_addr), a connect scan whose states are
	 * what the proxy says of the far connect (scan/proxied.c): SOCKS5
	 * exactly, SOCKS4 and HTTP CONNECT SCAN_CLOSEDFILTERED where they
	 * cannot tell.  The proxy has timeout_ms (else SCAN_PROXY_MS) to
	 * answer for a port, its silence filtered with no retry, since
	 * its far connect has retries of its own; a failure of the proxy
	 * itself (closed or reset before its reply) is tried again up to
	 * retries (< 0: 2) times, then fatal.  One worker, the window
	 * the proxy's.  UDP ports (SOCKS5 only) through its associations
	 * (scan/udp_proxy.c): open or open|filtered.  No syn.
	 */
	const struct proxy	*proxy;
	const struct scan_addr	*proxy_addr;
	/*
	 * kinds[i]: the probe of ports[i], SCAN_K_*, for host discovery
	 * (scan/discover.c); NULL: every one SCAN_K_PORT.  An echo is sent
	 * with syn through the raw socket, else through an unprivileged ICMP
	 * datagram socket, as a datagram probe (a reply up, an ICMP error
	 * or silence not).
	 */
	const unsigned char	*kinds;
	/*
	 * Host discovery's probes as nmap's -PS -PA -PE -PP -PU asked
	 * them: ports and kinds, ping_n of them (scan_discover_set); 0:
	 * its own set.
	 */
	const uint16_t		*ping_ports;
	const unsigned char	*ping_kinds;
	size_t			 ping_n;
	int			 report_closed;	/* callback for closed ports too */
	int			 progress_ms;	/* call on_progress this often; 0 never */
	volatile sig_atomic_t	*stop;		/* nonzero: stop soon, or NULL */
	void	(*on_result)(const struct scan_result *r, void *arg);
	void	(*on_progress)(const struct scan_stats *st, void *arg);
	/*
	 * At the end, in the calling process: how each host that answered
	 * timed out, in address order (NULL: not kept).  At most
	 * SCAN_REPORT_HOSTS hosts; the rest are summed in one more report
	 * whose addr is UINT64_MAX.
	 */
	void	(*on_host)(const struct scan_host_report *h, void *arg);
	void			*arg;
};

int	scan_window(int want, int raw, int *clamped);
int	scan_udp_proxy_ok(const struct scan_config *cfg, char *err);
int	scan_proxy_addr(const struct proxy *px, struct scan_addr *a,
	    char *err);
int	scan_run(const struct scan_config *cfg, struct scan_stats *st,
	    char *err);
const char *scan_discover_set(struct scan_config *c);
int	scan_discover_raw(const struct scan_config *c);
int	scan_has_udp(const struct scan_config *cfg);
int	scan_discover(struct scan_config *cfg, struct scan_stats *st,
	    const char **how, char *err);
uint64_t scan_permute(uint64_t i, uint64_t n, uint64_t seed);
uint64_t scan_probe_seq(const struct scan_config *cfg, uint64_t probe);
void	scan_seed(struct scan_config *cfg, uint64_t seed);
uint64_t scan_seq_probe(const struct scan_config *cfg, uint64_t k);
void	scan_timing_dead(const struct scan_config *cfg, int *limit_ms,
	    int *retries);
int	scan_reason(int proto, int syn, int state, int error, int reason);
int	scan_probe_reason(const struct scan_config *cfg, int proto,
	    const struct scan_result *r);
const char *scan_reason_name(int reason);
int	scan_probe_kind(const struct scan_config *cfg, uint64_t probe);
void	scan_probe_split(const struct scan_config *cfg, uint64_t probe,
	    int *proto, size_t *ai, unsigned int *port);
/* the same, ai then the address's index after discovery (the hosts up's:
 * scan_target_index), as the results and their outputs number hosts */
void	scan_probe_at(const struct scan_config *cfg, uint64_t probe,
	    int *proto, size_t *ai, unsigned int *port);
/* what probe k sends an open port, and the name it is sent as
 * (scan/order.c, beside the split they stand on) */
size_t	scan_probe_bytes(const struct scan_config *cfg, uint64_t k, char *buf,
	    size_t cap);
int	scan_probe_sni(const struct scan_config *cfg, uint64_t k, char *buf,
	    size_t cap);

#endif /* SCAN_H */
