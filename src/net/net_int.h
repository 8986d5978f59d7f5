/*
 * net/net_int.h: what net.c, dial.c and listener.c share, and nothing
 * outside them includes.
 */
#ifndef NET_INT_H
#define NET_INT_H

struct sockaddr_un;

/* close(2) fd, keeping errno for the caller to report. */
void	net_close_keep_errno(int fd);

/* err = "host port N: what", or "port N: what" with no host. */
void	net_endpoint_fmt(char *err, const char *host, const char *port,
	    const char *what);

/*
 * sun = path's address.  Returns 0, or -1 with errno ENAMETOOLONG and err
 * when path does not fit.
 */
int	net_unix_addr(const char *path, struct sockaddr_un *sun, char *err);

#endif /* NET_INT_H */
