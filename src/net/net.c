/*
 * net.c: resolution, dialing and listening, shared by every command.
 *
 * Nothing here prints or exits: failures return -1 with errno kept and a
 * sentence in err that names the endpoint, for the command to print.
 */
#if defined(__linux__)
#define _GNU_SOURCE		/* accept4, SOCK_CLOEXEC */
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "sockt.h"
#include "util/clock.h"

#define NET_HE_DELAY_MS	250	/* RFC 8305 connection attempt delay */
#define MAX_ATTEMPTS	64	/* addresses tried by one dial */

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

static void
close_keep_errno(int fd)
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
		close_keep_errno(fd);
		return -1;
	}
#endif
	return fd;
}

/* "host port N" or "port N" when the host is the any address */
static void
endpoint_fmt(char *err, const char *host, const char *port, const char *what)
{
	if (host == NULL || *host == '\0')
		snprintf(err, SK_ERRLEN, "port %s: %s", port, what);
	else
		snprintf(err, SK_ERRLEN, "%s port %s: %s", host, port, what);
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

/* Bind s to the -s/-p source of o, for a socket of the given family. */
static int
bind_source(int s, int family, const struct net_opts *o, char *err)
{
	struct net_opts so = *o;
	struct addrinfo *res, *ai;
	int on = 1, rc = -1;

	if (o->src_addr == NULL && o->src_port == NULL)
		return 0;
	so.family = family;
	if (net_resolve(o->src_addr, o->src_port ? o->src_port : "0", &so, 1,
	    &res, err) == -1) {
		/* say it is the source, not the destination, that failed */
		char what[SK_ERRLEN];
		int save_errno = errno;

		memcpy(what, err, SK_ERRLEN);
		snprintf(err, SK_ERRLEN, "source %.*s", SK_ERRLEN - 8, what);
		errno = save_errno;
		return -1;
	}
	if (o->src_port != NULL)
		(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	errno = EAFNOSUPPORT;	/* if no address has the family */
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family != family)
			continue;
		if ((rc = bind(s, ai->ai_addr, ai->ai_addrlen)) == 0)
			break;
	}
	if (rc == -1) {
		snprintf(err, SK_ERRLEN, "source %s port %s: %s",
		    o->src_addr ? o->src_addr : "*",
		    o->src_port ? o->src_port : "0", strerror(errno));
	}
	freeaddrinfo(res);
	return rc;
}

/*
 * Order addresses as RFC 8305 section 4 asks: alternate the families,
 * starting with the family of the first address getaddrinfo preferred.
 */
static int
order_addrs(struct addrinfo *res, struct addrinfo **out)
{
	struct addrinfo *a[MAX_ATTEMPTS], *b[MAX_ATTEMPTS], *ai;
	int na = 0, nb = 0, n = 0, i;
	int first = res->ai_family;

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == first) {
			if (na < MAX_ATTEMPTS)
				a[na++] = ai;
		} else if (nb < MAX_ATTEMPTS)
			b[nb++] = ai;
	}
	for (i = 0; (i < na || i < nb) && n < MAX_ATTEMPTS; i++) {
		if (i < na)
			out[n++] = a[i];
		if (i < nb && n < MAX_ATTEMPTS)
			out[n++] = b[i];
	}
	return n;
}

/* Errors that say little about the host, beaten by any other. */
static int
errno_boring(int e)
{
	return e == 0 || e == EAFNOSUPPORT || e == ENETUNREACH ||
	    e == EADDRNOTAVAIL || e == EPROTONOSUPPORT;
}

/*
 * Start a non-blocking connect to ai.  Returns the socket with *done set
 * to 1 if connected already, 0 if in progress; -1 with errno on failure.
 */
static int
dial_start(const struct addrinfo *ai, const struct net_opts *o, int *done,
    char *err)
{
	int s;

	if ((s = net_socket(ai->ai_family, ai->ai_socktype, 1)) == -1)
		return -1;
	if (bind_source(s, ai->ai_family, o, err) == -1) {
		close_keep_errno(s);
		return -1;
	}
	if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0) {
		*done = 1;
		return s;
	}
	if (errno == EINPROGRESS || errno == EINTR) {
		*done = 0;
		return s;
	}
	close_keep_errno(s);
	return -1;
}

/* One Happy Eyeballs dial in progress (net_dial). */
struct dial {
	const struct net_opts	*o;
	struct addrinfo		*addrs[MAX_ATTEMPTS];
	struct pollfd		 pfd[MAX_ATTEMPTS];	/* attempts pending */
	long long		 next_at;	/* when the next may start */
	long long		 deadline;	/* -1: none */
	int			 naddrs, next, npend;
	int			 best;		/* the errno worth telling */
	char			 srcerr[SK_ERRLEN];	/* -s/-p failed */
};

/*
 * Start the next attempt if its time has come (or nothing is pending).
 * Returns a socket that connected at once, else -1.
 */
static int
dial_next(struct dial *d, long long now)
{
	int s, done;

	while (d->next < d->naddrs && (now >= d->next_at || d->npend == 0)) {
		s = dial_start(d->addrs[d->next++], d->o, &done, d->srcerr);
		if (s == -1) {
			/* a source that cannot bind is said apart */
			if (d->srcerr[0] == '\0' && errno_boring(d->best))
				d->best = errno;
			continue;
		}
		if (done)
			return s;
		d->pfd[d->npend].fd = s;
		d->pfd[d->npend].events = POLLOUT;
		d->pfd[d->npend].revents = 0;
		d->npend++;
		d->next_at = now + NET_HE_DELAY_MS;
		break;
	}
	return -1;
}

/* How long poll may wait: until the next attempt or the deadline. */
static int
dial_wait(const struct dial *d, long long now)
{
	int wait = -1;

	if (d->next < d->naddrs)
		wait = (int)(d->next_at - now);
	if (d->deadline != -1 && (wait == -1 || d->deadline - now < wait))
		wait = (int)(d->deadline - now);
	if (wait < 0 && (d->next < d->naddrs || d->deadline != -1))
		wait = 0;
	return wait;
}

/*
 * After poll: the first attempt that connected wins (returned); failed
 * ones are closed, remembered in best, and let the next start at once.
 */
static int
dial_reap(struct dial *d)
{
	socklen_t slen;
	int i, fd, soerr;

	for (i = 0; i < d->npend; i++) {
		if (d->pfd[i].revents == 0)
			continue;
		soerr = 0;
		slen = sizeof(soerr);
		if (getsockopt(d->pfd[i].fd, SOL_SOCKET, SO_ERROR, &soerr,
		    &slen) == -1)
			soerr = errno;
		if (soerr == 0) {
			fd = d->pfd[i].fd;
			d->pfd[i] = d->pfd[--d->npend];
			return fd;
		}
		if (errno_boring(d->best) || soerr == ECONNREFUSED)
			d->best = soerr;
		close(d->pfd[i].fd);
		d->pfd[i] = d->pfd[--d->npend];
		i--;
		d->next_at = mono_ms();
	}
	return -1;
}

/*
 * Connect to host and port, trying every address Happy Eyeballs style
 * (RFC 8305): a new attempt starts NET_HE_DELAY_MS after the previous one
 * or as soon as it fails; the first to connect wins and the others are
 * closed.  The whole dial gives up after o->timeout_ms.  Returns a
 * blocking, close-on-exec socket, or -1 with errno and err.
 */
int
net_dial(const char *host, const char *port, const struct net_opts *o,
    char *err)
{
	struct addrinfo *res;
	int s;

	if (net_resolve(host, port, o, 0, &res, err) == -1)
		return -1;
	if (o->resolved_us != NULL)
		*o->resolved_us = mono_us();
	s = net_dial_res(res, host, port, o, err);
	freeaddrinfo(res);
	return s;
}

/*
 * net_dial to the addresses res that net_resolve gave for host and port
 * (which only name them in err): for a caller that dials the same
 * addresses many times, such as a forwarder to an address literal.
 * res is left as it was.
 */
int
net_dial_res(struct addrinfo *res, const char *host, const char *port,
    const struct net_opts *o, char *err)
{
	struct dial d;
	long long now;
	int i, winner = -1;

	memset(&d, 0, sizeof(d));
	d.o = o;
	d.naddrs = order_addrs(res, d.addrs);
	d.next_at = mono_ms();
	d.deadline = o->timeout_ms > 0 ? d.next_at + o->timeout_ms : -1;

	while (winner == -1) {
		now = mono_ms();
		if ((winner = dial_next(&d, now)) != -1)
			break;
		if (d.npend == 0 && d.next >= d.naddrs)
			break;
		if (d.deadline != -1 && now >= d.deadline) {
			d.best = ETIMEDOUT;
			break;
		}
		if (poll(d.pfd, (nfds_t)d.npend, dial_wait(&d, now)) == -1) {
			if (errno == EINTR)
				continue;
			d.best = errno;
			break;
		}
		winner = dial_reap(&d);
	}
	for (i = 0; i < d.npend; i++)
		close(d.pfd[i].fd);
	if (winner == -1) {
		if (d.srcerr[0] != '\0' && errno_boring(d.best))
			memcpy(err, d.srcerr, SK_ERRLEN);
		else {
			if (d.best == 0)
				d.best = EHOSTUNREACH;
			endpoint_fmt(err, host, port, strerror(d.best));
		}
		errno = d.best;
		return -1;
	}
	if (net_set_nonblock(winner, 0) == -1) {
		endpoint_fmt(err, host, port, strerror(errno));
		close_keep_errno(winner);
		return -1;
	}
	return winner;
}

static int
unix_addr(const char *path, struct sockaddr_un *sun, char *err)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		snprintf(err, SK_ERRLEN, "%.64s: socket path too long", path);
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun->sun_path, path, strlen(path) + 1);
	return 0;
}

/* Connect to a UNIX-domain socket.  Returns the socket, or -1. */
int
net_dial_unix(const char *path, int socktype, char *err)
{
	struct sockaddr_un sun;
	int s;

	if (unix_addr(path, &sun, err) == -1)
		return -1;
	if ((s = net_socket(AF_UNIX, socktype ? socktype : SOCK_STREAM, 0))
	    == -1 || connect(s, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		snprintf(err, SK_ERRLEN, "%s: %s", path, strerror(errno));
		if (s != -1)
			close_keep_errno(s);
		return -1;
	}
	return s;
}

/*
 * Why probe with a datagram socket whatever the type we bind: connect(2)
 * finds the socket bound to the file's inode before it looks at that
 * socket's type or state.  With no socket bound (the file is stale) it
 * fails ECONNREFUSED; with one bound it succeeds (a datagram socket),
 * fails EPROTOTYPE (a stream or seqpacket socket, listening or not) or
 * EPERM (a datagram socket connected elsewhere).  A stream probe could
 * not tell a stale file from a stream socket bound but not yet listening
 * (the moment between another server's bind and listen), and it blocks
 * on a listener whose backlog is full (EAGAIN when non-blocking on
 * Linux, ECONNREFUSED on the BSDs); a datagram probe never blocks, never
 * queues a connection on the live server, and is refused only when
 * nobody holds the file.
 */
#define UNIX_BIND_TRIES	3	/* stale files removed before giving up */

/*
 * bind(2) found path taken: remove it if it is a stale socket file.
 * Returns 0 when path is free now (removed, or gone by itself: bind
 * again), or -1 with errno: EADDRINUSE a live socket holds it, ENOTSOCK
 * it is not a socket (a regular file, a directory, a symbolic link: never
 * removed), or what lstat, connect or unlink said.
 */
static int
unix_clear_stale(const char *path, const struct sockaddr_un *sun)
{
	struct stat st, again;
	int p, rc, save_errno;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = ENOTSOCK;
		return -1;
	}
	if ((p = net_socket(AF_UNIX, SOCK_DGRAM, 1)) == -1)
		return -1;
	rc = connect(p, (const struct sockaddr *)sun, sizeof(*sun));
	save_errno = errno;
	close(p);
	if (rc == 0 || save_errno == EPROTOTYPE || save_errno == EPERM ||
	    save_errno == EAGAIN) {
		errno = EADDRINUSE;
		return -1;
	}
	if (save_errno == ENOENT)
		return 0;
	if (save_errno != ECONNREFUSED) {
		errno = save_errno;
		return -1;
	}
	/*
	 * Stale, and it stays so: no socket ever binds an existing inode.
	 * Remove it only if the path still names the inode that lstat saw
	 * (the probe may have met a newer file; then look again).  A
	 * replacement made just before this lstat (that may even reuse the
	 * inode number) or between it and unlink is left possible: POSIX
	 * has no unlink-if-unchanged.
	 */
	if (lstat(path, &again) == -1)
		return errno == ENOENT ? 0 : -1;
	if (again.st_dev != st.st_dev || again.st_ino != st.st_ino)
		return 0;
	if (unlink(path) == -1 && errno != ENOENT)
		return -1;
	return 0;
}

/*
 * Listen on a UNIX-domain socket: socktype SOCK_STREAM (0 means it)
 * listens with backlog, SOCK_DGRAM only binds.  A stale socket file is
 * replaced; a live socket, or a file that is no socket, is left alone
 * (errno EADDRINUSE, ENOTSOCK).  id, if not NULL, receives the identity
 * of the file made, for net_unlink_unix.  Returns the socket, or -1.
 */
int
net_listen_unix(const char *path, int socktype, int backlog,
    struct net_unix_id *id, char *err)
{
	struct sockaddr_un sun;
	struct stat st;
	int s, tries, save_errno;

	if (socktype == 0)
		socktype = SOCK_STREAM;
	if (unix_addr(path, &sun, err) == -1)
		return -1;
	if ((s = net_socket(AF_UNIX, socktype, 0)) == -1)
		goto fail;
	for (tries = 0; bind(s, (struct sockaddr *)&sun, sizeof(sun)) == -1;
	    tries++) {
		/* a racer that keeps taking the path has it: in use */
		if (errno != EADDRINUSE || tries == UNIX_BIND_TRIES ||
		    unix_clear_stale(path, &sun) == -1)
			goto fail;
	}
	/* the identity of the file made: what net_unlink_unix may remove */
	if ((socktype == SOCK_STREAM && listen(s, backlog) == -1) ||
	    lstat(path, &st) == -1) {
		save_errno = errno;
		(void)unlink(path);
		errno = save_errno;
		goto fail;
	}
	if (id != NULL) {
		id->dev = st.st_dev;
		id->ino = st.st_ino;
	}
	return s;
fail:
	if (errno == ENOTSOCK)
		snprintf(err, SK_ERRLEN, "%s: exists and is not a socket",
		    path);
	else
		snprintf(err, SK_ERRLEN, "%s: %s", path, strerror(errno));
	if (s != -1)
		close_keep_errno(s);
	return -1;
}

/*
 * Remove the socket file net_listen_unix made, if path still names it: a
 * file someone put there since (another server's live socket) stays.
 * Call it before closing the socket: the bound socket holds its file's
 * inode, so while it is open no new file can reuse that inode number and
 * pass for ours.  Returns 0, or -1 with errno (ENOENT gone already,
 * EEXIST path names another file now).
 */
int
net_unlink_unix(const char *path, const struct net_unix_id *id)
{
	struct stat st;

	if (lstat(path, &st) == -1)
		return -1;
	if (st.st_dev != id->dev || st.st_ino != id->ino) {
		errno = EEXIST;
		return -1;
	}
	return unlink(path);
}

/* socket, SO_REUSEADDR, bind and (for streams) listen on one address */
static int
listen_one(const struct sockaddr *sa, socklen_t len, int socktype,
    int v6only, int backlog)
{
	int s, on = 1;

	if ((s = net_socket(sa->sa_family, socktype, 0)) == -1)
		return -1;
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	if (sa->sa_family == AF_INET6 && v6only != -1 &&
	    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
	    sizeof(v6only)) == -1)
		goto fail;
	if (bind(s, sa, len) == -1)
		goto fail;
	if (socktype == SOCK_STREAM && listen(s, backlog) == -1)
		goto fail;
	return s;
fail:
	close_keep_errno(s);
	return -1;
}

/*
 * Bind (and for streams, listen) on host and port.  With no host: one
 * dual-stack socket on [::] that takes IPv4 too, or 0.0.0.0 where IPv6 is
 * absent; -4/-6 restrict it.  With a host: the first of its addresses
 * that binds.  Port "0" picks a free port (read it with net_local_str).
 * Returns the socket, or -1 with errno and err.
 */
int
net_listen(const char *host, const char *port, const struct net_opts *o,
    int backlog, char *err)
{
	struct net_opts lo = *o;
	struct addrinfo *res, *ai;
	int s = -1, socktype = o->socktype ? o->socktype : SOCK_STREAM;
	int save_errno;

	if (host == NULL || *host == '\0') {
		if (o->family != AF_INET) {
			lo.family = AF_INET6;
			if (net_resolve(NULL, port, &lo, 1, &res, err) == -1)
				return -1;
			s = listen_one(res->ai_addr, res->ai_addrlen, socktype,
			    o->family == AF_INET6, backlog);
			save_errno = errno;
			freeaddrinfo(res);
			errno = save_errno;
			if (s != -1)
				return s;
			if (o->family == AF_INET6 || (errno != EAFNOSUPPORT &&
			    errno != EADDRNOTAVAIL && errno != EPROTONOSUPPORT)) {
				endpoint_fmt(err, NULL, port, strerror(errno));
				return -1;
			}
		}
		lo.family = AF_INET;
		if (net_resolve(NULL, port, &lo, 1, &res, err) == -1)
			return -1;
		s = listen_one(res->ai_addr, res->ai_addrlen, socktype, -1,
		    backlog);
		save_errno = errno;
		freeaddrinfo(res);
		if (s == -1)
			endpoint_fmt(err, NULL, port, strerror(save_errno));
		errno = save_errno;
		return s;
	}

	if (net_resolve(host, port, o, 1, &res, err) == -1)
		return -1;
	save_errno = EADDRNOTAVAIL;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		s = listen_one(ai->ai_addr, ai->ai_addrlen, socktype, -1,
		    backlog);
		if (s != -1)
			break;
		save_errno = errno;
	}
	freeaddrinfo(res);
	if (s == -1) {
		endpoint_fmt(err, host, port, strerror(save_errno));
		errno = save_errno;
	}
	return s;
}

/*
 * Accept a connection, waiting at most timeout_ms (<= 0: no limit).
 * Returns a close-on-exec socket, or -1 with errno (ETIMEDOUT on timeout).
 * Aborted connections are skipped; EINTR is returned to the caller so a
 * server loop can look at its signals.
 */
int
net_accept(int lfd, struct sockaddr_storage *ss, socklen_t *len,
    int timeout_ms)
{
	struct pollfd pfd;
	long long deadline = timeout_ms > 0 ? mono_ms() + timeout_ms : -1;
	int s, rc, wait;

	for (;;) {
		if (deadline != -1) {
			wait = (int)(deadline - mono_ms());
			if (wait <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			pfd.fd = lfd;
			pfd.events = POLLIN;
			if ((rc = poll(&pfd, 1, wait)) == -1)
				return -1;
			if (rc == 0)
				continue;
		}
		*len = sizeof(*ss);
#if defined(__linux__)
		s = accept4(lfd, (struct sockaddr *)ss, len, SOCK_CLOEXEC);
#else
		if ((s = accept(lfd, (struct sockaddr *)ss, len)) != -1)
			(void)fcntl(s, F_SETFD, FD_CLOEXEC);
#endif
		if (s != -1)
			return s;
		if (errno != ECONNABORTED && errno != EPROTO)
			return -1;
	}
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
