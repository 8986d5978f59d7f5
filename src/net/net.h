/*
 * net/: sockets for every command: resolve, dial, listen, accept, the
 * connection stack (conn.h: an endpoint's layers and its ending), the
 * relay, the fork server, programs on a connection, proxy handshakes.
 * Engine: never prints, never exits.  May use tls, parse and util.
 *
 * net.h: resolution, dialing, listening.  Core: never prints, never exits.
 * All return -1 on failure with errno set and err (SK_ERRLEN bytes) filled
 * with a message that names the endpoint
 * ("127.0.0.1 port 9: Connection refused").
 * net_opts_init clears o to the defaults (any family, names allowed,
 * stream, no source, no timeout); the options that fill it are read in
 * cli.c, the command line's business.
 * net_socket is socket(2) with close-on-exec (and O_NONBLOCK if asked) in
 * one call where the system allows.
 */
#ifndef NET_H
#define NET_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#include "parse/dialmap.h"

struct net_opts {
	int		 family;	/* AF_UNSPEC, AF_INET or AF_INET6 */
	int		 numeric;	/* refuse host names (-n) */
	int		 socktype;	/* SOCK_STREAM (0 means it) or SOCK_DGRAM */
	const char	*src_addr;	/* bind before connect (-s), or NULL */
	const char	*src_port;	/* bind before connect (-p), or NULL */
	const char	*iface;		/* or curl's --interface (iface.c) */
	int		 timeout_ms;	/* whole connect; <= 0: no limit */
	long long	*resolved_us;	/* net_dial: mono_us once resolved */
	/*
	 * net_dial: called on each socket before it binds or connects to
	 * `to` (socket options that must come first, such as udp-send's
	 * SO_BROADCAST and multicast interface); 0, or -1 with errno and
	 * err, which the dial then reports.  NULL: none.
	 */
	int		(*prep)(int s, const struct sockaddr *to, void *arg,
			    char *err);
	void		*prep_arg;
};

/* the file net_listen_unix made, so that net_unlink_unix removes only it */
struct net_unix_id {
	dev_t		 dev;
	ino_t		 ino;
};

#define NET_CONNECT_TIMEOUT_MS	10000	/* the default for -w */
#define NET_LABELLEN		128	/* "HOST port N", a sun_path */
#define NET_ADDR_KEYLEN		18	/* net_addr_key: IPv6 address, port */

/*
 * The exit status of a child net/ forks and ends itself (a server's
 * child, a forwarder's, exec.c's stand-in for a program a signal
 * killed): 0 or 1, as the commands' own statuses say success and a
 * failure.  The commands' constants are theirs (cmd/cmd.h).
 */
#define NET_CHILD_OK		0
#define NET_CHILD_FAIL		1

struct addrinfo;
struct net_dialer;
struct pollfd;

void	net_opts_init(struct net_opts *o);
int	net_resolve(const char *host, const char *port,
	    const struct net_opts *o, int passive, struct addrinfo **res,
	    char *err);
/*
 * net_addr_list: the addresses addrs[0..n) (IPv4 or IPv6 literals, as
 * --resolve gives them), with port, as one addrinfo list for a dialer,
 * those of o->family only; free it with net_addr_list_free, never
 * freeaddrinfo.  0, or -1 with err (none of the family, or no memory).
 */
int	net_addr_list(const char (*addrs)[DIALMAP_ADDRLEN], int n,
	    const char *port,
	    const struct net_opts *o, struct addrinfo **res, char *err);
void	net_addr_list_free(struct addrinfo *ai);
int	net_dial(const char *host, const char *port, const struct net_opts *o,
	    char *err);
int	net_dial_res(struct addrinfo *res, const char *host, const char *port,
	    const struct net_opts *o, char *err);
int	net_dial_unix(const char *path, int socktype, char *err);

/*
 * net_dial's Happy Eyeballs a step at a time, for a caller's own poll
 * loop.  net_dialer_new: a dial to the addresses res (the caller keeps
 * res until net_dialer_free) from o's source; o->timeout_ms is the
 * caller's to keep.  NULL with errno when out of memory.
 * net_dialer_fds: the attempts pending, as POLLOUT entries into
 * pfd[0..cap); returns how many.  net_dialer_step: pfd[0..n) what poll
 * said of those (n 0 right after new, or when the wake time came):
 * the attempts that ended reaped, the next ones started when due.
 * Returns the connected socket (non-blocking, close-on-exec; the
 * attempts still pending are closed), or -1 with errno EINPROGRESS
 * while the dial goes on, or -1 with another errno and err ("host port
 * N: Connection refused") when every address failed.
 * net_dialer_wake: mono_ms when the next attempt is due, -1 for none.
 * net_dialer_won: the address that connected.  net_dialer_free: the
 * attempts pending closed, the dial freed (NULL is fine).
 */
struct net_dialer *net_dialer_new(struct addrinfo *res,
	    const struct net_opts *o);
int	net_dialer_fds(const struct net_dialer *d, struct pollfd *pfd, int cap);
int	net_dialer_step(struct net_dialer *d, const struct pollfd *pfd, int n,
	    long long now, const char *host, const char *port, char *err);
long long net_dialer_wake(const struct net_dialer *d);
/* net_dialer_src_failed: 1 if the dial failed binding its source */
int	net_dialer_src_failed(const struct net_dialer *d);
int	net_bind_iface(int s, int family, const char *spec, char *err);
const struct addrinfo *net_dialer_won(const struct net_dialer *d);
void	net_dialer_free(struct net_dialer *d);
/*
 * A server's listen backlog: the kernel caps it at net.core.somaxconn.
 * Not SOMAXCONN, which is 4096 in glibc but 128 in musl 1.2.3: there a
 * flood of 10,000 overran the backlog, its connections reset or dropped
 * before accept, and the per-peer share counted on what accept sees
 * (t1017 kept 26 to 316 of 25 as the flood saw it).
 */
#define NET_BACKLOG	4096
int	net_listen(const char *host, const char *port, const struct net_opts *o,
	    int backlog, char *err);
int	net_listen_unix(const char *path, int socktype, int backlog,
	    struct net_unix_id *id, char *err);
int	net_unlink_unix(const char *path, const struct net_unix_id *id);
int	net_chown_unix(const char *path, const struct net_unix_id *id,
	    uid_t uid, gid_t gid);
int	net_accept(int lfd, struct sockaddr_storage *ss, socklen_t *len,
	    int timeout_ms, int nonblock);
int	net_addr_str(const struct sockaddr *sa, socklen_t len, char *host,
	    size_t hostlen, int *port);
int	net_local_str(int fd, char *host, size_t hostlen, int *port);
int	net_peer_str(int fd, char *host, size_t hostlen, int *port);
int	net_addr_label(const struct sockaddr *sa, socklen_t len, char *buf,
	    size_t size);
/*
 * net_addr_key: an IP address and port as NET_ADDR_KEYLEN bytes to
 * compare or hash (IPv4 as IPv4-mapped IPv6, then the port); 0, or -1
 * for a family with no port.
 */
int	net_addr_key(const struct sockaddr *sa, unsigned char *key);
/*
 * self.c.  net_addr_local: is sa's address this host's (127/8, ::1,
 * 0.0.0.0, ::, an interface's; IPv4-mapped as IPv4)?  net_reaches: would
 * a dial to `to` reach a socket bound to `bound`, the same port at that
 * address or, for a wildcard bind, at any address of this host's (a
 * forwarder or proxy sent there loops)?  v6only: bound is an IPv6
 * socket with IPV6_V6ONLY, whose wildcard takes no IPv4.  net_reaches_fd:
 * the same with lfd's own address.  net_v6only: has fd IPV6_V6ONLY set?
 * net_addr_loopback: is sa a loopback address (127/8, ::1, IPv4-mapped
 * as IPv4), or a UNIX socket's peer (on this host too)?  The servers'
 * safe defaults exempt such a peer: it could reach what they guard
 * directly.  net_from_target: is from (its net_addr_key in key) the
 * target to, its port at any of the addresses all lists (to's too), or
 * for a target on this host (to_local: net_addr_local(to), asked once
 * by the caller) at any of this host's?
 * net_addr_inward: does sa lead into this host or onto its
 * links: net_addr_local's, 0.0.0.0/8, and link-local 169.254.0.0/16
 * (a cloud's metadata service) and fe80::/10, in any spelling that
 * reaches here as an address (IPv4-mapped as IPv4)?  The proxies keep
 * a client not on loopback from them.  Each returns 1 or 0.
 */
int	net_addr_local(const struct sockaddr *sa);
int	net_addr_loopback(const struct sockaddr *sa);
int	net_addr_inward(const struct sockaddr *sa);
int	net_reaches(const struct sockaddr *bound, int v6only,
	    const struct sockaddr *to);
int	net_reaches_fd(int lfd, const struct sockaddr *to);
int	net_from_target(const struct sockaddr *from, const unsigned char *key,
	    const struct sockaddr *to, const struct addrinfo *all,
	    int to_local);
int	net_v6only(int fd);
int	net_local_label(int fd, char *buf, size_t size);
int	net_peer_label(int fd, char *buf, size_t size);
int	net_set_nonblock(int fd, int on);
int	net_set_nodelay(int fd);
long long net_rtt_us(int fd);
int	net_socket(int family, int type, int nonblock);
/* net_same_addr: is a (alen bytes of it) the address and port b?  1 or 0 */
int	net_same_addr(const struct sockaddr_storage *a, socklen_t alen,
	    const struct sockaddr *b);

#endif /* NET_H */
