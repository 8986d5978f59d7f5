/*
 * sockt.h: declarations shared by the core and the commands.
 *
 * The core (msg.c aside) never prints and never exits: a function fails by
 * returning -1 with errno kept, and where a sentence helps, by filling an
 * error buffer of SK_ERRLEN bytes ("127.0.0.1 port 9: Connection refused").
 * Commands decide what to say and which exit status to return.  The one
 * exception, children forked to serve or scan, which _exit: see server.h.
 */
#ifndef SOCKT_H
#define SOCKT_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#define SOCKT_VERSION	"0.1.0"

/* Exit statuses, the same for every command. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* network or runtime failure */
#define EXIT_USAGE	2	/* bad command line */

#define SK_ERRLEN	256	/* size of every error buffer */
#define SK_HOSTLEN	1025	/* NI_MAXHOST */
#define SK_PORTLEN	64	/* a port number or a service name */

/* Commands (src/cmd_NAME.c): each returns its exit status. */
int	cmd_connect(int, char **);
int	cmd_http_get(int, char **);
int	cmd_listen(int, char **);
int	cmd_portscan(int, char **);
int	cmd_serve_hello(int, char **);
int	cmd_udp_send(int, char **);
int	cmd_udp_serve(int, char **);

/*
 * msg.c: diagnostics on stderr, prefixed "sockt CMD: ".
 * msg_warn appends ": strerror(errno)"; msg_usage prints the message and
 * the usage text and returns EXIT_USAGE; msg_help prints usage on stdout
 * and returns EXIT_OK.
 */
void	msg_init(const char *);
void	msg_warn(const char *, ...);
void	msg_warnx(const char *, ...);
int	msg_usage(const char *, const char *, ...);
int	msg_help(const char *);

/*
 * opt.c: option parsing for every command.  Short options as in getopt(3)
 * ("46w:"), long options from a table, options and operands in any order
 * ("--" ends options, "-" alone is an operand).  -h and --help are always
 * recognised and returned as 'h'.  opt_next returns the option character
 * (or the long option's val), -1 at the end, or '?' with st->err set.
 * After -1, the operands are st->argv[0 .. st->argc - 1].
 */
struct opt_long {
	const char	*name;
	int		 has_arg;	/* 0 or 1 */
	int		 val;
};

struct opt_state {
	int		  argc;		/* after the end: operand count */
	char		**argv;		/* after the end: the operands */
	char		 *arg;		/* argument of the current option */
	const char	 *shorts;
	const struct opt_long *longs;
	int		  ind;		/* next argv index to look at */
	int		  pos;		/* position inside a cluster */
	int		  nops;		/* operands collected so far */
	int		  done;
	char		  err[SK_ERRLEN];
};

void	opt_init(struct opt_state *, int, char **, const char *,
	    const struct opt_long *);
int	opt_next(struct opt_state *);

/*
 * num.c: number parsing with a range and a reason.
 * parse_num: decimal integer in [min, max]; on failure *errstr is
 * "not a number", "too small" or "too large".
 * parse_secs: seconds with an optional fraction ("2", "0.25") into
 * milliseconds, 0 to 1000000 s.
 * parse_secs_opt: parse_secs for option WHAT's argument; -1 with err
 * "WHAT ARG: REASON", and 0 refused ("must be more than 0") unless
 * allow_zero.
 */
int	parse_num(const char *, long long, long long, long long *,
	    const char **);
int	parse_secs(const char *, int *, const char **);
int	parse_secs_opt(const char *, const char *, int, int *, char *);

/*
 * clock.c: mono_ms returns milliseconds on the monotonic clock, for
 * deadlines and rates (only differences mean anything).
 */
long long mono_ms(void);

/*
 * addr.c: endpoint parsing, pure (no I/O).
 * Accepts "HOST PORT" (two operands), "HOST:PORT", "[IPv6]:PORT", and with
 * EP_LISTEN also "PORT" alone (host left empty, meaning any address) and
 * port 0.  A port is a number 1-65535 or a service name ("http"), which
 * stays a string here and is looked up when resolving.
 * port_parse checks one numeric or symbolic port and returns the number,
 * 0 for a service name, or -1 with err filled
 * ("port 70000: out of range (1-65535)").
 */
#define EP_LISTEN	0x01

struct endpoint {
	char	host[SK_HOSTLEN];	/* empty: any address */
	char	port[SK_PORTLEN];
};

int	port_parse(const char *, int, char *);
int	endpoint_parse(int, char *const [], int, struct endpoint *, char *);

/*
 * net.c: resolution, dialing, listening.
 * All return -1 on failure with errno set and err filled with a message
 * that names the endpoint ("127.0.0.1 port 9: Connection refused").
 * net_opts_init clears o to the defaults (any family, names allowed,
 * stream, no source, no timeout); net_opts_flag applies the flags every
 * command shares, -4, -6 and -n, and returns 0, or -1 for another.
 * net_socket is socket(2) with close-on-exec (and O_NONBLOCK if asked) in
 * one call where the system allows.
 * net_addr_label, net_local_label and net_peer_label name an endpoint for
 * messages: "HOST port N", or a UNIX socket's path; NET_LABELLEN bytes
 * hold any of them.
 */
struct net_opts {
	int		 family;	/* AF_UNSPEC, AF_INET or AF_INET6 */
	int		 numeric;	/* refuse host names (-n) */
	int		 socktype;	/* SOCK_STREAM (0 means it) or SOCK_DGRAM */
	const char	*src_addr;	/* bind before connect (-s), or NULL */
	const char	*src_port;	/* bind before connect (-p), or NULL */
	int		 timeout_ms;	/* whole connect; <= 0: no limit */
};

#define NET_CONNECT_TIMEOUT_MS	10000	/* the default for -w */
#define NET_HE_DELAY_MS		250	/* RFC 8305 connection attempt delay */
#define NET_LABELLEN		128	/* "HOST port N", a sun_path */

struct addrinfo;

void	net_opts_init(struct net_opts *);
int	net_opts_flag(struct net_opts *, int);
int	net_resolve(const char *, const char *, const struct net_opts *, int,
	    struct addrinfo **, char *);
int	net_dial(const char *, const char *, const struct net_opts *,
	    char *);
int	net_dial_unix(const char *, int, char *);
int	net_listen(const char *, const char *, const struct net_opts *, int,
	    char *);
int	net_listen_unix(const char *, int, int, char *);
int	net_accept(int, struct sockaddr_storage *, socklen_t *, int);
int	net_addr_str(const struct sockaddr *, socklen_t, char *, size_t,
	    int *);
int	net_local_str(int, char *, size_t, int *);
int	net_peer_str(int, char *, size_t, int *);
int	net_addr_label(const struct sockaddr *, socklen_t, char *, size_t);
int	net_local_label(int, char *, size_t);
int	net_peer_label(int, char *, size_t);
int	net_set_nonblock(int, int);
int	net_socket(int, int, int);

/*
 * io.c: full writes and the relay loop.
 * io_write_all writes everything (EINTR, short writes, EAGAIN on a
 * non-blocking fd) and returns len, or -1 with errno; io_write_timed
 * gives up after a time limit with ETIMEDOUT.
 * relay_run moves data between (in_fd, out_fd) and the socket until the
 * session ends by the rules in sockt(1); it returns 0, or -1 with err
 * filled (err left empty when the cause needs no message, such as a
 * reader of stdout that went away).
 * relay_opts_flag (relayopt.c) applies the relay options a command takes,
 * -C -d -Q -x and -i/-q with their seconds; 0, or -1 with err filled.
 */
struct relay_opts {
	int	in_fd;		/* usually 0 */
	int	out_fd;		/* usually 1 */
	int	no_stdin;	/* -d: never read in_fd */
	int	exit_on_eof;	/* -Q: peer EOF ends the session */
	int	quit_ms;	/* -q: quit this long after in EOF; -1 never */
	int	idle_ms;	/* -i: idle timeout; -1 none */
	int	crlf;		/* -C: LF becomes CRLF towards the socket */
	int	hexdump;	/* -x: dump both directions on stderr */
	const char *peer;	/* names the socket side in messages */
};

#define RELAY_BUFSZ	(256 * 1024)

ssize_t	io_write_all(int, const void *, size_t);
ssize_t	io_write_timed(int, const void *, size_t, int);
int	io_splice_unsupported(int);
void	relay_opts_init(struct relay_opts *);
int	relay_run(int, const struct relay_opts *, char *);
int	relay_opts_flag(struct relay_opts *, int, const char *, char *);

#endif /* SOCKT_H */
