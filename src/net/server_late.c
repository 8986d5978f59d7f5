/*
 * server_late.c: with proxy_hdr (server.h), a connection's peer known
 * only once the PROXY header is read where the connection is served:
 * the header read within its time limit and applied, what it said told
 * through the event callback (server_late_header); then the child's
 * side, which screens the peer and tells the server (server_late_admit).
 * The server counts it for max_per_peer, answers and says the events
 * (server_loop.c's server_late_take).  The line between them is a
 * socketpair the server makes with each child; one record goes up it,
 * one byte down when the server must answer.  And the one connection
 * that a command serves in its own process (server_accept_wait), its
 * header read the same way.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/proxyhdr_io.h"
#include "net/server.h"
#include "net/server_int.h"
#include "parse/proxyhdr.h"
#include "util/base.h"
#include "util/clock.h"

/*
 * Returns 1 for an open connection the server lets in (yes), else 0
 * with c closed as the accept closes a refused one: a peer the lists
 * refuse quietly, one over its limit with a reset, and so one without
 * a valid header, whose sender should see that it failed.
 */
static int
late_close(struct server_conn *c, int kind, int yes)
{
	if (kind == LATE_OPEN && yes)
		return 1;
	if (kind == LATE_DENIED)
		close(c->fd);
	else
		server_reset(c->fd);
	c->fd = -1;
	return 0;
}

/*
 * Once the header is read and applied to c (ok), or not (ok 0): in a
 * child the server told (c->late_fd), which counts c's peer and may
 * answer; c's peer screened.  Returns 1 to serve c, else 0 with c
 * closed.
 */
static int
server_late_admit(struct server_conn *c, const struct server_opts *so,
    int ok)
{
	struct late_rec rec;
	ssize_t n;
	char yes = 1;

	memset(&rec, 0, sizeof(rec));
	rec.kind = !ok ? LATE_BAD : server_peer_allowed(so,
	    (struct sockaddr *)&c->peer) ? LATE_OPEN : LATE_DENIED;
	if (c->late_fd == -1) {
		/* one connection in this process: no server to tell */
		if (rec.kind == LATE_DENIED && so->verbose)
			server_emit(so, SERVER_EV_DENIED, c->label, 0, 0);
		return late_close(c, rec.kind, 1);
	}
	server_peer_key(so, (struct sockaddr *)&c->peer, &rec.key);
	memcpy(rec.label, c->label, sizeof(rec.label));
	while ((n = write(c->late_fd, &rec, sizeof(rec))) == -1 &&
	    errno == EINTR)
		continue;
	/* the server's answer: the limit per peer, or once's one client */
	if (n == (ssize_t)sizeof(rec) && rec.kind == LATE_OPEN &&
	    (so->max_per_peer > 0 || so->once)) {
		while ((n = read(c->late_fd, &yes, 1)) == -1 && errno == EINTR)
			continue;
		if (n != 1)
			yes = 0;
	}
	close(c->late_fd);
	c->late_fd = -1;
	return late_close(c, rec.kind, n > 0 && yes == 1);
}


/*
 * What a header's read came to for c (h, or NULL with why), told as the
 * events say it: what it said with verbose (SERVER_EV_HEADER, in the
 * words of the connection that brought it), a header missing or
 * malformed always (SERVER_EV_NOHEADER); then the peer it names
 * screened (server_late_admit).  Returns 1 to serve c, else 0 with c
 * closed.
 */
static int
late_told(struct server_conn *c, const struct server_opts *so,
    const struct proxyhdr *h, const char *why)
{
	struct server_event ev;
	char real[SERVER_LABELLEN];

	memcpy(real, c->label, sizeof(real));
	memset(&ev, 0, sizeof(ev));
	ev.peer = real;
	if (h != NULL) {
		proxyhdr_apply(h, c);
		ev.kind = SERVER_EV_HEADER;
		ev.hdr = h;
		ev.client = c->label;
	} else {
		ev.kind = SERVER_EV_NOHEADER;
		ev.why = why;
	}
	if (so->event != NULL && (h == NULL || so->verbose))
		so->event(&ev, so->arg);
	return server_late_admit(c, so, h != NULL);
}

/* c's PROXY header within ms, applied, its peer screened (late_told). */
int
server_late_header(struct server_conn *c, const struct server_opts *so,
    int ms)
{
	struct proxyhdr h;
	char why[SK_ERRLEN];

	return late_told(c, so, proxyhdr_read(c->fd, ms, &h, why) == 0 ? &h :
	    NULL, why);
}

/*
 * The one connection's PROXY header, read side by side: up to LATE_SIDE
 * connections accepted at once, each with its own limit (proxy_ms, and
 * no later than the whole wait), the first whose header is whole and
 * whose client the lists let in taken, the rest reset (the one
 * connection is served: they would wait for nothing).  One at a time, a
 * stranger who sends nothing held each honest client up to proxy_ms
 * behind it: 30 of them, 90 s.
 */
#define LATE_SIDE	64

struct late_one {
	struct server_conn	c;
	struct proxyhdr_in	in;
	long long		until;
	int			ms;	/* its limit, for the words */
};

/*
 * One round: the expired said and reset, a wait on the listener (while
 * there is room) and on the pending, their steps, one more accepted.
 * Returns 1 with the connection in *c, 0 to go on, -1 with errno.
 */
static int
late_side_round(int lfd, const struct server_opts *so, long long deadline,
    struct late_one *side, int *n, struct server_conn *c)
{
	struct pollfd pfd[LATE_SIDE + 1];
	struct proxyhdr h;
	char why[SK_ERRLEN];
	long long now = mono_ms(), wake = deadline;
	int i, np = 0, r, won = -1;

	for (i = 0; i < *n; i++) {
		if (side[i].until > now) {
			if (wake == -1 || side[i].until < wake)
				wake = side[i].until;
			continue;
		}
		proxyhdr_late(&side[i].in, side[i].ms, why);
		(void)late_told(&side[i].c, so, NULL, why);
		side[i--] = side[--*n];
	}
	if (deadline != -1 && now >= deadline) {
		errno = ETIMEDOUT;
		return -1;
	}
	for (i = 0; i < *n; i++) {
		pfd[i].fd = side[i].c.fd;
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	if ((np = *n) < LATE_SIDE) {
		pfd[np].fd = lfd;
		pfd[np].events = POLLIN;
		pfd[np++].revents = 0;
	}
	if (poll(pfd, (nfds_t)np, wake == -1 ? -1 : (int)(wake - now)) == -1)
		return errno == EINTR ? 0 : -1;
	for (i = 0; i < *n && won == -1; i++) {
		if (pfd[i].revents == 0 || (r = proxyhdr_step(&side[i].in,
		    side[i].c.fd, &h, why)) == 0)
			continue;
		/* late_told closes one it does not take (fd -1) */
		if (late_told(&side[i].c, so, r == 1 ? &h : NULL, why) == 1)
			won = i;
	}
	if (won != -1) {
		*c = side[won].c;
		side[won].c.fd = -1;
		return 1;
	}
	/* those ended, out of the set; then one more from the listener */
	for (i = 0; i < *n; i++)
		if (side[i].c.fd == -1)
			side[i--] = side[--*n];
	if (np > *n && pfd[np - 1].revents != 0 && *n < LATE_SIDE) {
		if ((r = server_accept_one(lfd, so, 0, &side[*n].c)) == 1) {
			side[*n].in.have = 0;
			side[*n].ms = so->proxy_ms;
			if (deadline != -1 && deadline - now < side[*n].ms)
				side[*n].ms = (int)(deadline - now);
			side[*n].until = now + side[*n].ms;
			(*n)++;
		} else if (r == -1 && server_accept_failed(errno) !=
		    SERVER_ACCEPT_NONE && server_accept_failed(errno) !=
		    SERVER_ACCEPT_SKIP)
			return -1;	/* as the wait one at a time did */
	}
	return 0;
}

int
server_accept_wait(int lfd, const struct server_opts *so, int ms,
    struct server_conn *c)
{
	long long deadline = ms > 0 ? mono_ms() + ms : -1;
	struct late_one *side;
	int i, left, rc, n = 0, e;

	if (so->proxy_hdr) {
		if ((side = calloc(LATE_SIDE, sizeof(*side))) == NULL)
			return -1;
		while ((rc = late_side_round(lfd, so, deadline, side, &n,
		    c)) == 0)
			continue;
		e = errno;
		for (i = 0; i < n; i++)
			if (side[i].c.fd != -1)
				server_reset(side[i].c.fd);
		free(side);
		errno = e;
		return rc == 1 ? 0 : -1;
	}
	for (;;) {
		left = 0;
		if (deadline != -1 &&
		    (left = (int)(deadline - mono_ms())) <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		/* a refused peer (0) never reaches the caller */
		if ((rc = server_accept_one(lfd, so, left, c)) == 1)
			return 0;
		if (rc == -1 && errno != EINTR)
			return -1;
	}
}
