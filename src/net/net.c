/*
 * net.c: what the net files share: the options, sockets, resolution,
 * the labels of addresses (numeric, IPv4-mapped shown as IPv4, a UNIX
 * socket as its path) and their keys (net_addr_key).  Dialing is in
 * dial.c, listening and accepting in listener.c.
 *
 * Nothing here prints or exits: failures return -1 with errno kept and a
 * sentence in err that names the endpoint, for the command to print.
 */
#if defined(__linux__)
#define _GNU_SOURCE		/* SOCK_CLOEXEC, SOCK_NONBLOCK */
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/net_int.h"
#include "parse/dialmap.h"
#include "util/base.h"

void
net_opts_init(struct net_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->family = AF_UNSPEC;
}

int
net_set_nonblock(int fd, int on)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1)
		return -1;
	fl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
	return fcntl(fd, F_SETFL, fl);
}

/*
 * TCP_NODELAY on a TCP socket: small writes go out at once instead of
 * waiting for the ACK of what is in flight.  Returns 0, or -1 with errno
 * (EOPNOTSUPP and the like on a socket that is not TCP).
 */
int
net_set_nodelay(int fd)
{
	int on = 1;

	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

/*
 * The kernel's round-trip estimate of a connected TCP socket, in
 * microseconds: right after the connect, its handshake's, which no
 * wait of ours in the poll loop inflates.  -1 when there is none (not
 * TCP, or not Linux).
 */
long long
net_rtt_us(int fd)
{
#ifdef TCP_INFO
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
	    len >= offsetof(struct tcp_info, tcpi_rttvar))
		return (long long)ti.tcpi_rtt;
#else
	(void)fd;
#endif
	return -1;
}

void
net_close_keep_errno(int fd)
{
	int save_errno = errno;

	close(fd);
	errno = save_errno;
}

/*
 * socket(2), close-on-exec, and non-blocking when nonblock: one system
 * call where SOCK_CLOEXEC and SOCK_NONBLOCK exist (a scan opens
 * thousands).  Returns the fd, or -1 with errno.
 */
int
net_socket(int family, int type, int nonblock)
{
	int fd;

#if defined(SOCK_CLOEXEC) && defined(SOCK_NONBLOCK)
	fd = socket(family, type | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK :
	    0), 0);
#else
	if ((fd = socket(family, type, 0)) == -1)
		return -1;
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (nonblock && net_set_nonblock(fd, 1) == -1) {
		net_close_keep_errno(fd);
		return -1;
	}
#endif
	return fd;
}

/*
 * Is a (alen bytes) the address and port b?  The scanner's answers and
 * the SOCKS5 relay's replies are matched to their probe or peer by it.
 */
int
net_same_addr(const struct sockaddr_storage *a, socklen_t alen,
    const struct sockaddr *b)
{
	const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
	const struct sockaddr_in6 *x6 = (const void *)a;
	const struct sockaddr_in6 *y6 = (const void *)b;

	if (a->ss_family != b->sa_family)
		return 0;
	if (b->sa_family == AF_INET)
		return alen >= sizeof(*x) && x->sin_port == y->sin_port &&
		    x->sin_addr.s_addr == y->sin_addr.s_addr;
	return alen >= sizeof(*x6) && x6->sin6_port == y6->sin6_port &&
	    memcmp(&x6->sin6_addr, &y6->sin6_addr, 16) == 0;
}

/* "host port N" or "port N" when the host is the any address */
void
net_endpoint_fmt(char *err, const char *host, const char *port,
    const char *what)
{
	if (host == NULL || *host == '\0')
		snprintf(err, SK_ERRLEN, "port %s: %s", port, what);
	else
		snprintf(err, SK_ERRLEN, "%s port %s: %s", host, port, what);
}

int
net_addr_list(const char (*addrs)[DIALMAP_ADDRLEN], int n, const char *port,
    const struct net_opts *o, struct addrinfo **res, char *err)
{
	struct addrinfo hints, *one, *node, **tail = res;
	int i;

	*res = NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = o->family;
	hints.ai_socktype = o->socktype ? o->socktype : SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	for (i = 0; i < n; i++) {
		if (getaddrinfo(addrs[i], port, &hints, &one) != 0)
			continue;	/* another family than -4/-6's */
		/* a node of our own, its address with it: one free each */
		if ((node = calloc(1, sizeof(*node) +
		    sizeof(struct sockaddr_storage))) == NULL ||
		    one->ai_addrlen > sizeof(struct sockaddr_storage)) {
			free(node);
			freeaddrinfo(one);
			net_addr_list_free(*res);
			*res = NULL;
			snprintf(err, SK_ERRLEN, "%s", strerror(ENOMEM));
			return -1;
		}
		*node = *one;
		node->ai_addr = (struct sockaddr *)(node + 1);
		memcpy(node->ai_addr, one->ai_addr, one->ai_addrlen);
		node->ai_canonname = NULL;
		node->ai_next = NULL;
		freeaddrinfo(one);
		*tail = node;
		tail = &node->ai_next;
	}
	if (*res == NULL) {
		snprintf(err, SK_ERRLEN, "port %s: no %saddress to dial of "
		    "--resolve's", port, o->family == AF_INET ? "IPv4 " :
		    o->family == AF_INET6 ? "IPv6 " : "");
		errno = EAFNOSUPPORT;
		return -1;
	}
	return 0;
}

void
net_addr_list_free(struct addrinfo *ai)
{
	struct addrinfo *next;

	for (; ai != NULL; ai = next) {
		next = ai->ai_next;
		free(ai);
	}
}

/*
 * Resolve host and port with getaddrinfo.  passive: for bind (a NULL or
 * empty host means any address).  Returns 0 and *res (free it with
 * freeaddrinfo), or -1 with err filled and errno set.
 */
int
net_resolve(const char *host, const char *port, const struct net_opts *o,
    int passive, struct addrinfo **res, char *err)
{
	struct addrinfo hints;
#ifndef __GLIBC__
	struct in6_addr a;
#endif
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = o->family;
	hints.ai_socktype = o->socktype ? o->socktype : SOCK_STREAM;
	if (o->numeric)
		hints.ai_flags |= AI_NUMERICHOST;
	if (passive)
		hints.ai_flags |= AI_PASSIVE;
	if (host != NULL && *host == '\0')
		host = NULL;
	rc = getaddrinfo(host, port, &hints, res);
	if (rc == 0)
		return 0;
#ifndef __GLIBC__
	/*
	 * musl: the other family's literal (-4 ::1) is no name, where
	 * glibc says EAI_ADDRFAMILY.  Not in glibc's build: its code has
	 * 23 bytes to the page that would cost 4 KB of the size budget.
	 */
	if (rc == EAI_NONAME && host != NULL && o->family != AF_UNSPEC &&
	    inet_pton(o->family == AF_INET ? AF_INET6 : AF_INET, host, &a) == 1)
		rc = EAI_FAMILY;
#endif
	switch (rc) {
	case EAI_SERVICE:
		snprintf(err, SK_ERRLEN, "port %s: unknown service", port);
		errno = ENOENT;
		break;
	case EAI_NONAME:
		if (o->numeric)
			snprintf(err, SK_ERRLEN, "host %s: not a numeric "
			    "address (-n)", host ? host : "*");
		else
			snprintf(err, SK_ERRLEN, "host %s: %s",
			    host ? host : "*", gai_strerror(rc));
		errno = ENOENT;
		break;
#ifdef EAI_ADDRFAMILY
	case EAI_ADDRFAMILY:
#endif
	case EAI_FAMILY:
		snprintf(err, SK_ERRLEN, "host %s: no %s address",
		    host ? host : "*", o->family == AF_INET ? "IPv4" :
		    o->family == AF_INET6 ? "IPv6" : "usable");
		errno = EAFNOSUPPORT;
		break;
	case EAI_SYSTEM:
		snprintf(err, SK_ERRLEN, "host %s: %s", host ? host : "*",
		    strerror(errno));
		break;
	default:
		snprintf(err, SK_ERRLEN, "host %s: %s", host ? host : "*",
		    gai_strerror(rc));
		errno = rc == EAI_AGAIN ? EAGAIN : ENOENT;
		break;
	}
	return -1;
}

/*
 * Numeric address and port of sa, an IPv4-mapped IPv6 address shown as
 * IPv4, a UNIX socket as its path (port 0).  Returns 0 or -1.
 */
int
net_addr_str(const struct sockaddr *sa, socklen_t len, char *host,
    size_t hostlen, int *port)
{
	const struct sockaddr_in6 *s6;
	const struct sockaddr_un *sun;
	struct sockaddr_in s4;

	if (sa->sa_family == AF_UNIX) {
		sun = (const struct sockaddr_un *)sa;
		/* a path that fills sun_path has no NUL: bound it by len */
		if (len > offsetof(struct sockaddr_un, sun_path) &&
		    sun->sun_path[0] != '\0')
			snprintf(host, hostlen, "%.*s", (int)strnlen(
			    sun->sun_path, len - offsetof(struct sockaddr_un,
			    sun_path)), sun->sun_path);
		else
			snprintf(host, hostlen, "unix socket");
		*port = 0;
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		s6 = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			memset(&s4, 0, sizeof(s4));
			s4.sin_family = AF_INET;
			s4.sin_port = s6->sin6_port;
			memcpy(&s4.sin_addr, &s6->sin6_addr.s6_addr[12], 4);
			sa = (const struct sockaddr *)&s4;
			len = sizeof(s4);
		}
	}
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		if (inet_ntop(AF_INET, &in->sin_addr, host,
		    (socklen_t)hostlen) == NULL)
			return -1;
		*port = ntohs(in->sin_port);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		s6 = (const struct sockaddr_in6 *)sa;
		if (getnameinfo(sa, len, host, (socklen_t)hostlen, NULL, 0,
		    NI_NUMERICHOST) != 0)
			return -1;
		*port = ntohs(s6->sin6_port);
		return 0;
	}
	errno = EAFNOSUPPORT;
	return -1;
}

/*
 * The key of an IP address and port: NET_ADDR_KEYLEN bytes, the IPv6
 * address (an IPv4 one as IPv4-mapped, so one host is one key however
 * it reaches a dual-stack socket) then the port, in network order.
 * Returns 0, or -1 for a family with no port.
 */
int
net_addr_key(const struct sockaddr *sa, unsigned char *key)
{
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;

	memset(key, 0, NET_ADDR_KEYLEN);
	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &sin->sin_addr, 4);
		memcpy(key + 16, &sin->sin_port, 2);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		memcpy(key, &sin6->sin6_addr, 16);
		memcpy(key + 16, &sin6->sin6_port, 2);
		return 0;
	}
	return -1;
}

/* fd's own address (getsockname) or, with peer, its peer's; 0 or -1. */
static int
sock_addr(int fd, int peer, struct sockaddr_storage *ss, socklen_t *len)
{
	*len = sizeof(*ss);
	if (peer)
		return getpeername(fd, (struct sockaddr *)ss, len);
	return getsockname(fd, (struct sockaddr *)ss, len);
}

/* net_addr_str of fd's own address, or with peer its peer's. */
static int
sock_str(int fd, int peer, char *host, size_t hostlen, int *port)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (sock_addr(fd, peer, &ss, &len) == -1)
		return -1;
	return net_addr_str((struct sockaddr *)&ss, len, host, hostlen, port);
}

int
net_local_str(int fd, char *host, size_t hostlen, int *port)
{
	return sock_str(fd, 0, host, hostlen, port);
}

int
net_peer_str(int fd, char *host, size_t hostlen, int *port)
{
	return sock_str(fd, 1, host, hostlen, port);
}

/*
 * Every message names an endpoint the same way: "HOST port N" for an IP
 * address (numeric, IPv4-mapped shown as IPv4), the path for a UNIX
 * socket ("unix socket" when it has none).  The label of sa into buf;
 * returns 0, or -1 with buf empty.
 */
int
net_addr_label(const struct sockaddr *sa, socklen_t len, char *buf,
    size_t size)
{
	char host[NET_LABELLEN];
	int port;

	buf[0] = '\0';
	if (net_addr_str(sa, len, host, sizeof(host), &port) == -1)
		return -1;
	if (sa->sa_family == AF_UNIX)
		snprintf(buf, size, "%s", host);
	else
		snprintf(buf, size, "%s port %d", host, port);
	return 0;
}

/* The label of fd's own address, or with peer its peer's; 0 or -1. */
static int
sock_label(int fd, int peer, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len;

	buf[0] = '\0';
	if (sock_addr(fd, peer, &ss, &len) == -1)
		return -1;
	return net_addr_label((struct sockaddr *)&ss, len, buf, size);
}

int
net_local_label(int fd, char *buf, size_t size)
{
	return sock_label(fd, 0, buf, size);
}

int
net_peer_label(int fd, char *buf, size_t size)
{
	return sock_label(fd, 1, buf, size);
}
