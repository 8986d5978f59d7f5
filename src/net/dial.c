/*
 * dial.c: connecting, to a host and port with Happy Eyeballs (RFC 8305)
 * from the -s/-p source, or to a UNIX-domain socket.
 *
 * Nothing here prints or exits: failures return -1 with errno kept and a
 * sentence in err that names the endpoint, for the command to print.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/net_int.h"
#include "util/base.h"
#include "util/clock.h"

#define NET_HE_DELAY_MS	250	/* RFC 8305 connection attempt delay */
#define MAX_ATTEMPTS	64	/* addresses tried by one dial */

/* Bind s to the -s/-p source of o, for a socket of the given family. */
static int
bind_source(int s, int family, const struct net_opts *o, char *err)
{
	struct net_opts so = *o;
	struct addrinfo *res, *ai;
	int on = 1, rc = -1;

	if (o->iface != NULL)
		return net_bind_iface(s, family, o->iface, err);
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
 * Start a non-blocking connect to ai, after o's prep hook and source.
 * Returns the socket with *done set to 1 if connected already, 0 if in
 * progress; -1 with errno on failure (and err, when the hook or the
 * source failed).
 */
static int
dial_start(const struct addrinfo *ai, const struct net_opts *o, int *done,
    char *err)
{
	int s;

	if ((s = net_socket(ai->ai_family, ai->ai_socktype, 1)) == -1)
		return -1;
	if (o->prep != NULL && o->prep(s, ai->ai_addr, o->prep_arg,
	    err) == -1) {
		net_close_keep_errno(s);
		return -1;
	}
	if (bind_source(s, ai->ai_family, o, err) == -1) {
		net_close_keep_errno(s);
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
	net_close_keep_errno(s);
	return -1;
}

/*
 * One Happy Eyeballs dial in progress: net_dial's, or a caller's that
 * steps it from its own poll loop (net.h, net_dialer_*).
 */
struct net_dialer {
	const struct net_opts	*o;
	struct net_opts		 opts;		/* a stepped dial's own copy */
	struct addrinfo		*addrs[MAX_ATTEMPTS];
	struct pollfd		 pfd[MAX_ATTEMPTS];	/* attempts pending */
	struct addrinfo		*pai[MAX_ATTEMPTS];	/* ... their addresses */
	const struct addrinfo	*won;		/* the one that connected */
	long long		 next_at;	/* when the next may start */
	int			 naddrs, next, npend;
	int			 best;		/* the errno worth telling */
	char			 srcerr[SK_ERRLEN];	/* -s/-p failed */
};

/*
 * Start the next attempt if its time has come (or nothing is pending).
 * Returns a socket that connected at once, else -1.
 */
static int
dial_next(struct net_dialer *d, long long now)
{
	struct addrinfo *ai;
	int s, done;

	while (d->next < d->naddrs && (now >= d->next_at || d->npend == 0)) {
		ai = d->addrs[d->next++];
		s = dial_start(ai, d->o, &done, d->srcerr);
		if (s == -1) {
			/* a source that cannot bind, or a prep hook that
			 * failed, is said apart */
			if (d->srcerr[0] == '\0' && errno_boring(d->best))
				d->best = errno;
			continue;
		}
		if (done) {
			d->won = ai;
			return s;
		}
		d->pfd[d->npend].fd = s;
		d->pfd[d->npend].events = POLLOUT;
		d->pfd[d->npend].revents = 0;
		d->pai[d->npend] = ai;
		d->npend++;
		/* now is in whole ms, cut short: one more, so that the
		 * next attempt never starts before the delay is up */
		d->next_at = now + NET_HE_DELAY_MS + 1;
		break;
	}
	return -1;
}

/*
 * After poll: the first attempt that connected wins (returned); failed
 * ones are closed, remembered in best, and let the next start at once.
 */
static int
dial_reap(struct net_dialer *d)
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
			d->won = d->pai[i];
			d->pfd[i] = d->pfd[--d->npend];
			d->pai[i] = d->pai[d->npend];
			return fd;
		}
		if (errno_boring(d->best) || soerr == ECONNREFUSED)
			d->best = soerr;
		close(d->pfd[i].fd);
		d->pfd[i] = d->pfd[--d->npend];
		d->pai[i] = d->pai[d->npend];
		i--;
		d->next_at = mono_ms();
	}
	return -1;
}

/* The dial of res begins: nothing started yet. */
static void
dial_init(struct net_dialer *d, struct addrinfo *res, const struct net_opts *o)
{
	memset(d, 0, sizeof(*d));
	d->o = o;
	d->naddrs = order_addrs(res, d->addrs);
	d->next_at = mono_ms();
}

/* Every attempt still pending closed. */
static void
dial_close_all(struct net_dialer *d)
{
	int i;

	for (i = 0; i < d->npend; i++)
		close(d->pfd[i].fd);
	d->npend = 0;
}

/* Why the dial failed, into err and errno. */
static void
dial_error(struct net_dialer *d, const char *host, const char *port,
    char *err)
{
	if (d->srcerr[0] != '\0' && errno_boring(d->best))
		memcpy(err, d->srcerr, SK_ERRLEN);
	else {
		if (d->best == 0)
			d->best = EHOSTUNREACH;
		net_endpoint_fmt(err, host, port, strerror(d->best));
	}
	errno = d->best;
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

int
net_dialer_src_failed(const struct net_dialer *d)
{
	return d != NULL && d->srcerr[0] != '\0' && errno_boring(d->best);
}

/* How long poll may wait: until the next attempt or the deadline. */
static int
dial_wait(const struct net_dialer *d, long long now, long long deadline)
{
	int wait = -1;

	if (d->next < d->naddrs)
		wait = (int)(d->next_at - now);
	if (deadline != -1 && (wait == -1 || deadline - now < wait))
		wait = (int)(deadline - now);
	if (wait < 0 && (d->next < d->naddrs || deadline != -1))
		wait = 0;
	return wait;
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
	struct net_dialer d;
	long long now, deadline;
	int winner = -1;

	dial_init(&d, res, o);
	deadline = o->timeout_ms > 0 ? d.next_at + o->timeout_ms : -1;
	while (winner == -1) {
		now = mono_ms();
		if ((winner = dial_next(&d, now)) != -1)
			break;
		if (d.npend == 0 && d.next >= d.naddrs)
			break;
		if (deadline != -1 && now >= deadline) {
			d.best = ETIMEDOUT;
			break;
		}
		if (poll(d.pfd, (nfds_t)d.npend, dial_wait(&d, now,
		    deadline)) == -1) {
			if (errno == EINTR)
				continue;
			d.best = errno;
			break;
		}
		winner = dial_reap(&d);
	}
	dial_close_all(&d);
	if (winner == -1) {
		dial_error(&d, host, port, err);
		return -1;
	}
	if (net_set_nonblock(winner, 0) == -1) {
		net_endpoint_fmt(err, host, port, strerror(errno));
		net_close_keep_errno(winner);
		return -1;
	}
	return winner;
}

struct net_dialer *
net_dialer_new(struct addrinfo *res, const struct net_opts *o)
{
	struct net_dialer *d;

	if ((d = malloc(sizeof(*d))) == NULL)
		return NULL;
	dial_init(d, res, &d->opts);
	d->opts = *o;
	return d;
}

int
net_dialer_fds(const struct net_dialer *d, struct pollfd *pfd, int cap)
{
	int i;

	for (i = 0; i < d->npend && i < cap; i++) {
		pfd[i].fd = d->pfd[i].fd;
		pfd[i].events = POLLOUT;
		pfd[i].revents = 0;
	}
	return i;
}

int
net_dialer_step(struct net_dialer *d, const struct pollfd *pfd, int n,
    long long now, const char *host, const char *port, char *err)
{
	int i, j, s;

	for (i = 0; i < n; i++)
		for (j = 0; j < d->npend; j++)
			if (d->pfd[j].fd == pfd[i].fd)
				d->pfd[j].revents = pfd[i].revents;
	if ((s = dial_reap(d)) != -1 || (s = dial_next(d, now)) != -1) {
		dial_close_all(d);
		return s;
	}
	if (d->npend > 0 || d->next < d->naddrs) {
		errno = EINPROGRESS;
		return -1;
	}
	dial_error(d, host, port, err);
	return -1;
}

long long
net_dialer_wake(const struct net_dialer *d)
{
	return d->next < d->naddrs && d->npend > 0 ? d->next_at : -1;
}

const struct addrinfo *
net_dialer_won(const struct net_dialer *d)
{
	return d->won;
}

void
net_dialer_free(struct net_dialer *d)
{
	if (d == NULL)
		return;
	dial_close_all(d);
	free(d);
}

/* The address of the UNIX socket path (net_int.h). */
int
net_unix_addr(const char *path, struct sockaddr_un *sun, char *err)
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

	if (net_unix_addr(path, &sun, err) == -1)
		return -1;
	if ((s = net_socket(AF_UNIX, socktype ? socktype : SOCK_STREAM, 0))
	    == -1 || connect(s, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		snprintf(err, SK_ERRLEN, "%s: %s", path, strerror(errno));
		if (s != -1)
			net_close_keep_errno(s);
		return -1;
	}
	return s;
}
