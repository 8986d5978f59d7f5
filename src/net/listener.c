/*
 * net/listener.c: a listener, the passive side dial.c's connections
 * meet: binding and listening on a host and port or a UNIX-domain
 * socket (with the probe that tells a stale socket file from a live
 * one), and accepting.
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
#include <sys/un.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/net_int.h"
#include "util/base.h"
#include "util/clock.h"

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
	if (net_unix_addr(path, &sun, err) == -1)
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
		net_close_keep_errno(s);
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

/*
 * Give the socket file net_listen_unix made to uid and gid, if path
 * still names it: a server about to drop to another user (--user)
 * leaves its socket that user's, as if that user had made it, so the
 * server may remove it at its end.  On Linux the file is opened by path
 * alone (O_PATH), checked, and changed through that descriptor, so a
 * file put in its place between the check and the change is never the
 * one changed.  Returns 0, or -1 with errno (EEXIST: path names another
 * file now).
 */
int
net_chown_unix(const char *path, const struct net_unix_id *id, uid_t uid,
    gid_t gid)
{
	struct stat st;
#if defined(O_PATH) && defined(AT_EMPTY_PATH)
	int fd, rc = -1, save_errno;

	if ((fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto out;
	if (st.st_dev != id->dev || st.st_ino != id->ino) {
		errno = EEXIST;
		goto out;
	}
	rc = fchownat(fd, "", uid, gid, AT_EMPTY_PATH);
out:
	save_errno = errno;
	(void)close(fd);
	errno = save_errno;
	return rc;
#else
	if (lstat(path, &st) == -1)
		return -1;
	if (st.st_dev != id->dev || st.st_ino != id->ino) {
		errno = EEXIST;
		return -1;
	}
	return lchown(path, uid, gid);
#endif
}

/* Whether sa's port is 0: the kernel's choice. */
static int
port_zero(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)sa)->
		    sin_port == 0;
	if (sa->sa_family == AF_INET6)
		return ((const struct sockaddr_in6 *)(const void *)sa)->
		    sin6_port == 0;
	return 0;
}

/*
 * socket, SO_REUSEADDR, bind and (for streams) listen on one address.
 * A datagram socket on port 0 sets SO_REUSEADDR only after its bind:
 * Linux may give a port 0 bind with it a port that another socket with
 * it holds (to UDP two such sockets are no conflict), and the newer
 * then takes the other's datagrams, a DTLS server with no certificate
 * check a client meant for one with it.  Set after, it still lets the
 * sockets that share our port later (udpdtls.c) bind.
 */
static int
listen_one(const struct sockaddr *sa, socklen_t len, int socktype,
    int v6only, int backlog)
{
	int s, on = 1, late = socktype == SOCK_DGRAM && port_zero(sa);

	if ((s = net_socket(sa->sa_family, socktype, 0)) == -1)
		return -1;
	if (!late &&
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	if (sa->sa_family == AF_INET6 && v6only != -1 &&
	    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
	    sizeof(v6only)) == -1)
		goto fail;
	if (bind(s, sa, len) == -1)
		goto fail;
	if (late &&
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	if (socktype == SOCK_STREAM && listen(s, backlog) == -1)
		goto fail;
	return s;
fail:
	net_close_keep_errno(s);
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
				net_endpoint_fmt(err, NULL, port,
				    strerror(errno));
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
			net_endpoint_fmt(err, NULL, port, strerror(save_errno));
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
		net_endpoint_fmt(err, host, port, strerror(save_errno));
		errno = save_errno;
	}
	return s;
}

/*
 * Accept a connection, waiting at most timeout_ms (<= 0: no limit).
 * Returns a close-on-exec socket, non-blocking if nonblock (on Linux in
 * the same call) and else blocking where accept gives it so (on BSD
 * accept(2) passes a non-blocking listener's O_NONBLOCK on), or -1 with
 * errno (ETIMEDOUT on timeout).  Aborted connections are skipped; EINTR
 * is returned to the caller so a server loop can look at its signals.
 */
int
net_accept(int lfd, struct sockaddr_storage *ss, socklen_t *len,
    int timeout_ms, int nonblock)
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
		s = accept4(lfd, (struct sockaddr *)ss, len, SOCK_CLOEXEC |
		    (nonblock ? SOCK_NONBLOCK : 0));
#else
		if ((s = accept(lfd, (struct sockaddr *)ss, len)) != -1) {
			(void)fcntl(s, F_SETFD, FD_CLOEXEC);
			if (nonblock && net_set_nonblock(s, 1) == -1) {
				int save_errno = errno;

				close(s);
				errno = save_errno;
				return -1;
			}
		}
#endif
		if (s != -1)
			return s;
		if (errno != ECONNABORTED && errno != EPROTO)
			return -1;
	}
}
