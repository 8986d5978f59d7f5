/*
 * connect_udp.h: sockt connect -u, a UDP session with one peer from one
 * source port, or with -z a probe of its port (connect_udp.c).
 */
#ifndef CONNECT_UDP_H
#define CONNECT_UDP_H

struct net_opts;
struct proxy;
struct relay_opts;
struct tls_client_opts;

/* What connect's command line said, once read. */
struct connect_exec;

struct connect_udp {
	const char	 *usage;	/* connect's synopsis */
	struct net_opts	 *no;		/* -4 -6 -n -s -p -w */
	struct relay_opts *ro;		/* -C -d -i -q -x */
	int		  argc;		/* the operands: host port */
	char		**argv;
	int		  verbose;
	int		  check_only;	/* -z */
	int		  lines;	/* --lines */
	int		  quit_given;	/* -q: else 1 s */
	int		  wait_given;	/* -w: else -z waits 1 s */
	struct connect_exec *x;		/* -c, -e: the program, if any */
	struct tls_client_opts *tls;	/* --tls: DTLS, or NULL */
	const struct proxy *px;		/* --proxy: SOCKS5 UDP, or NULL */
};

/* The session, or the probe; returns the exit status. */
int	connect_udp(const struct connect_udp *cu);

#endif /* CONNECT_UDP_H */
