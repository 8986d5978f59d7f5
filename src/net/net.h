/*
 * net/: sockets for every command: resolve, dial, listen, accept, the
 * relay, the fork server, programs on a connection, proxy handshakes.
 * Engine: never prints, never exits.  May use parse and util.
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

struct net_opts {
	int		 family;	/* AF_UNSPEC, AF_INET or AF_INET6 */
	int		 numeric;	/* refuse host names (-n) */
	int		 socktype;	/* SOCK_STREAM (0 means it) or SOCK_DGRAM */
	const char	*src_addr;	/* bind before connect (-s), or NULL */
	const char	*src_port;	/* bind before connect (-p), or NULL */
	int		 timeout_ms;	/* whole connect; <= 0: no limit */
	long long	*resolved_us;	/* net_dial: mono_us once resolved */
};

/* the file net_listen_unix made, so that net_unlink_unix removes only it */
struct net_unix_id {
	dev_t		 dev;
	ino_t		 ino;
};

#define NET_CONNECT_TIMEOUT_MS	10000	/* the default for -w */
#define NET_LABELLEN		128	/* "HOST port N", a sun_path */

struct addrinfo;

void	net_opts_init(struct net_opts *o);
int	net_resolve(const char *host, const char *port,
	    const struct net_opts *o, int passive, struct addrinfo **res,
	    char *err);
int	net_dial(const char *host, const char *port, const struct net_opts *o,
	    char *err);
int	net_dial_res(struct addrinfo *res, const char *host, const char *port,
	    const struct net_opts *o, char *err);
int	net_dial_unix(const char *path, int socktype, char *err);
int	net_listen(const char *host, const char *port, const struct net_opts *o,
	    int backlog, char *err);
int	net_listen_unix(const char *path, int socktype, int backlog,
	    struct net_unix_id *id, char *err);
int	net_unlink_unix(const char *path, const struct net_unix_id *id);
int	net_accept(int lfd, struct sockaddr_storage *ss, socklen_t *len,
	    int timeout_ms);
int	net_addr_str(const struct sockaddr *sa, socklen_t len, char *host,
	    size_t hostlen, int *port);
int	net_local_str(int fd, char *host, size_t hostlen, int *port);
int	net_peer_str(int fd, char *host, size_t hostlen, int *port);
int	net_addr_label(const struct sockaddr *sa, socklen_t len, char *buf,
	    size_t size);
int	net_local_label(int fd, char *buf, size_t size);
int	net_peer_label(int fd, char *buf, size_t size);
int	net_set_nonblock(int fd, int on);
int	net_set_nodelay(int fd);
int	net_socket(int family, int type, int nonblock);

#endif /* NET_H */
