/*
 * nmapfmt.h: nmap's XML output (-oX, xmloutputversion 1.05, as nmap.dtd
 * describes it) and its normal output (-oN), written as nmap writes them
 * so that ndiff, python-nmap, python-libnmap, Metasploit and the scripts
 * made for nmap read sockt's the same way.  The one difference: the
 * scanner attribute names sockt.  Pure (no I/O): each function formats
 * into a buffer and the caller writes it.
 *
 * Every function returns the length written, always NUL-terminated, or
 * 0 when it does not fit cap (buf is then "").  A value never breaks the
 * markup: XML attributes have & < > " ' escaped and control bytes and
 * bytes past ASCII replaced by '?', a comment has no "--" (nmap's
 * "-&#45;"), a normal-output field no newline.
 */
#ifndef NMAPFMT_H
#define NMAPFMT_H

#include <stddef.h>
#include <stdint.h>

/* The run: what the <nmaprun> element and its <scaninfo> say. */
struct nx_run {
	const char	*version;	/* sockt's */
	const char	*args;		/* the command line */
	long long	 start;		/* seconds since the epoch */
	const char	*startstr;	/* the same, as ctime says it */
	const char	*type;		/* "connect", "syn" */
	int		 tcp, udp;	/* the protocols scanned */
	unsigned long	 nservices;	/* ports per protocol */
	const char	*services;	/* them, as nx_services writes them */
	int		 verbose;
};

/* A host: its <host> element's head, or normal output's lines. */
struct nx_host {
	const char	*addr;
	int		 v6;		/* an IPv6 address */
	const char	*name;		/* the name it came from, or NULL */
	int		 up;
	const char	*reason;	/* why up or down: "syn-ack" ... */
	long long	 start, end;	/* seconds since the epoch */
	int		 timedout;	/* --host-timeout: no ports */
	int		 ping;		/* hosts alone (nmap -sn): no ports */
};

/* A port, as <port> and a normal-output line say it. */
struct nx_port {
	unsigned int	 port;
	int		 udp;
	const char	*state;		/* "open", "closed", "open|filtered" */
	const char	*reason;	/* "syn-ack", "conn-refused" ... */
	int		 ttl;		/* reason_ttl: 0 when unknown */
	const char	*service;	/* its name by the port, or NULL */
	const char *const *sv;		/* -sV: its fields (parse/svcrec.h),
					 * or NULL */
};

/* The normal output's table columns: each widened by nn_widen. */
struct nn_cols {
	int		 port, state, service;
	int		 version;	/* -sV: a VERSION column */
};

/* ports[0 .. n-1], ascending, as nmap's services attribute: "1-3,80" */
size_t	nx_services(char *buf, size_t cap, const uint16_t *ports, size_t n);

/* <?xml ...?> to <debugging/>: everything before the first host */
size_t	nx_begin(char *buf, size_t cap, const struct nx_run *r);

/* <host><status/><address/><hostnames/>, and <ports> when up */
size_t	nx_host_begin(char *buf, size_t cap, const struct nx_host *h);

/* <extraports state count>, then nx_extrareason for each reason, then
 * nx_extraports_end */
size_t	nx_extraports(char *buf, size_t cap, const char *state,
	    uint64_t count);
size_t	nx_extrareason(char *buf, size_t cap, const char *reason,
	    uint64_t count, int udp);
size_t	nx_extraports_end(char *buf, size_t cap);

/* <port><state/><service/></port> */
size_t	nx_port(char *buf, size_t cap, const struct nx_port *p);

/* </ports> when up, </host> */
size_t	nx_host_end(char *buf, size_t cap, int up);

/* <runstats> ... </nmaprun>: what -oG's trailer says (grepable.h), at
 * end, seconds since the epoch */
struct gr_done;
size_t	nx_end(char *buf, size_t cap, const struct gr_done *d,
	    long long end);

/* s with XML's five characters escaped, as an attribute's value */
size_t	nx_attr(char *buf, size_t cap, const char *s);

/* Normal output (-oN): "# TOOL VERSION scan initiated WHEN as: ARGS" is
 * gr_header's (grepable.h) */
size_t	nn_host(char *buf, size_t cap, const struct nx_host *h, int reason);
/* "All N scanned ports on NAME (ADDR) are in ignored states." */
size_t	nn_all_ignored(char *buf, size_t cap, const struct nx_host *h,
	    uint64_t n);
/* "Not shown: N closed tcp ports (conn-refused)" */
size_t	nn_not_shown(char *buf, size_t cap, uint64_t count, const char *state,
	    const char *proto, const char *reason);
void	nn_widen(struct nn_cols *c, const struct nx_port *p);
size_t	nn_head(char *buf, size_t cap, const struct nn_cols *c, int reason);
size_t	nn_port(char *buf, size_t cap, const struct nn_cols *c,
	    const struct nx_port *p, int reason);

#endif /* NMAPFMT_H */
