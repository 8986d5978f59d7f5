/*
 * scan/vscan.h: service and version detection (portscan -sV): each open
 * port is asked what it is with the probes of parse/svcdb.h and its
 * answers matched against their patterns.  Engine: never prints, never
 * exits.
 *
 * For each target (a TCP port found open, or a UDP port open or
 * open|filtered), vscan_run connects and waits for a greeting (the null
 * probe); if none comes it sends the next probe on the same connection;
 * then the probes whose ports list the port, then the rest by rarity up
 * to intensity, a connection each, up to VS_PAR of them at once, each
 * bounded by its wait and its answer by VS_CAP bytes, the port by
 * VS_PORT_MS in all.  A TLS handshake (the tls probe, or an answer that
 * is a TLS alert) that succeeds makes the rest go inside TLS (tunnel).
 * A port named a service that has a STARTTLS dialogue (svc_starttls),
 * not in TLS, gets one connection more once its other probes are over:
 * the dialogue, then the handshake, each bounded as a handshake is, for
 * the certificate's names; the service stays the one named.
 * The first hard match ends the port; a soft one names its service
 * unless a hard one follows.  An answer that is the probe itself names
 * an echo service.  Ports 9100-9107 (printers print what they are sent)
 * get no probe.  No probe is sent to a port twice.  Through px, a TCP
 * probe's connection is the proxy's tunnel, a UDP probe's datagram goes
 * on a SOCKS5 UDP association of its own (net/proxy_udp.h), opened as
 * it starts.  Up to window
 * connections at once, all ports and hosts together, and up to host_max
 * of them to one host's TCP ports, as many to its UDP ports (a host's
 * targets come together in t, in address and port order); *stop nonzero
 * ends it early, with what was found.
 */
#ifndef SCAN_VSCAN_H
#define SCAN_VSCAN_H

#include <signal.h>
#include <stddef.h>

#include "parse/svcdb.h"
#include "scan/scan.h"

#define VS_CAP		8192	/* bytes of an answer kept */
#define VS_PAR		3	/* a port's probes at once */
#define VS_PORT_MS	30000	/* a port's time in all */
#define VS_CONNECT_MS	3000	/* a probe's connect */
#define VS_CERT		256	/* the certificate's names kept */

struct vs_target {
	struct scan_addr a;		/* the address and port */
	unsigned int	 port;		/* the same port */
	int		 udp;
	size_t		 host;		/* its address's index, twice, + udp */
	/* what was found */
	int		 state;		/* 0 nothing, 1 soft, 2 hard match */
	int		 tls;		/* in TLS: tunnel "ssl" */
	int		 answered;	/* UDP: an answer came */
	int		 gone;		/* refused a later connect */
	int		 done;		/* probed to its end (a stop: maybe not) */
	const char	*probe;		/* the probe that matched */
	struct svc_hit	 hit;
	char		 cert[VS_CERT];	/* TLS: the certificate's names */
	const char	*stls;		/* STARTTLS tried: its dialogue */
	char		 why[VS_CERT];	/* ... and why it failed */
};

struct proxy;
struct tls_probe_ctx;

struct vs_config {
	struct svcdb	*db;
	int		 intensity;	/* 0-9 */
	int		 window;	/* connections at once, > 0 */
	int		 host_max;	/* ... to one host (its TCP, its UDP) */
	int		 wait_ms;	/* > 0: every probe's wait (-w) */
	struct tls_probe_ctx *tlsx;	/* NULL: no TLS */
	const struct proxy *px;		/* through this proxy, or NULL */
	const struct scan_addr *pxa;	/* ... at this address */
	const struct scan_addr *src4;	/* -s: bound before connect, or NULL */
	const struct scan_addr *src6;
	volatile sig_atomic_t *stop;
};

/* 0; -1 with err; -2 out of memory */
int	vscan_run(const struct vs_config *c, struct vs_target *t, size_t n,
	    char *err);

/*
 * vscan_keep (scan/vscan_keep.c): the open ports of k's results (of
 * cfg's scan) probed with db's probes up to intensity, each
 * one's bytes then its record (parse/svcrec.h), named by svc and svcu
 * (the services table, TCP and UDP) where no probe named it; a UDP port
 * that answered made open in st too.  0, or -1 with err; stopped early
 * by cfg->stop, a port it left unfinished has no record: vscan_left
 * says 1 of it (--resume scans it again).
 */
struct scan_keep;
struct scan_kept;
struct scan_stats;
int	vscan_keep(const struct scan_config *cfg, struct scan_keep *k,
	    struct svcdb *db, int intensity, char *const *svc,
	    char *const *svcu, struct scan_stats *st, char *err);
int	vscan_left(const struct scan_kept *e);

/*
 * vscan_db_open: the probe file read into db (parse/svcdb.h): path where
 * one is given (--versiondb), else svcprobes.txt in $SOCKT_DATADIR, in
 * share/sockt beside the binary's directory (an install moved whole), then
 * in make's DATADIR.  A file of the tree's, not built in: the binary's
 * size budget has no room for its 9 KB, and a user may add probes of his
 * own, as nmap's nmap-service-probes.  0, or -1 with err.
 */
int	vscan_db_open(struct svcdb *db, const char *path, char *err);

#endif /* SCAN_VSCAN_H */
