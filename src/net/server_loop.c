/*
 * server_loop.c: the accept loop with fork per connection, shared by
 * listen and serve-hello: the children's table, the limits, the reaping,
 * the stop, and the lingering close of the connections whose programs
 * have exited.  See server.h for the contract, and for why a child
 * may _exit.
 *
 * Signals: SIGCHLD, SIGINT, SIGTERM and SIGHUP stay blocked in the server
 * except while it waits in ppoll (pselect where there is no ppoll), which
 * unblocks them atomically.  So a child that exits, or a stop request,
 * always wakes the loop (no window between a check and a blocking
 * accept), and the handlers only set flags.  Children lead process
 * groups of their own, so a terminal's Ctrl-C (SIGINT to the foreground
 * group) reaches the server alone, and the server then ends each
 * connection's group (server_stop).  The listening socket is
 * non-blocking: a client that vanished between poll and accept cannot
 * hang the loop.
 */
#define _GNU_SOURCE	/* _Fork */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/linger.h"
#include "net/net.h"
#include "net/server.h"
#include "net/server_int.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/sig.h"

/*
 * Children get this long after SIGTERM, then SIGKILL: a child of ours ends
 * within its own grace (util/sig.h), a program that ignores the signal is
 * killed, and the server is gone within a second of its own (issue 55).
 */
#define STOP_GRACE_MS	600

/* A child serving one connection: a slot of the server's table. */
struct server_child {
	pid_t		pid;		/* 0: free slot; also its group */
	struct peer_key	key;
	char		peer[SERVER_LABELLEN];	/* the conn's label, -v */
	int		late;		/* proxy_hdr: its line, until it tells
					 * who its peer is; else -1 */
	int		refused;	/* it told: not served (said) */
	int		fd;		/* spawn: the connection, kept for its
					 * lingering close once the program
					 * has exited; else -1 */
};

/* The accept loop's state. */
struct srv {
	const struct server_opts *so;
	struct server_child *kids;
	int		 nkids;		/* slots: max_children */
	int		 live;		/* slots in use */
	int		 slot;		/* where to look for a free one */
	int		 last;		/* exit status of the last child */
	int		 lfd;
	int		 held;		/* pend waits for a free slot */
	struct server_conn pend;
	struct peer_key	 pendkey;
	int		 served;	/* a connection was given a child (with
					 * proxy_hdr: one that serves it) */
	long long	 said;		/* a lack of resources last said */
	struct pollfd	*pfd;		/* npfd: 2 + (proxy_hdr ? nkids : 0)
					 * + the lingering */
	size_t		 npfd;
	nfds_t		 linger_at;	/* where they begin in pfd */
	/*
	 * spawn: the connections whose programs have exited, half-closed
	 * and drained until their peers' end (linger.h): a program that
	 * answers without reading its input must not have its answer eaten
	 * by the reset that closing the socket unread would send
	 */
	struct lingers	 lingers;
};

static void	server_late_take(struct srv *, struct server_child *, int);

static volatile sig_atomic_t got_chld, got_stop;

static void
on_signal(int sig)
{
	if (sig == SIGCHLD)
		got_chld = 1;
	else {
		got_stop = sig;
		sig_noted(sig);
	}
}

static const int server_sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };
#define NSIGS	(sizeof(server_sigs) / sizeof(server_sigs[0]))

/*
 * In a child of the server: default dispositions and an empty mask, as a
 * program started from a shell would have them.  SIGPIPE stays ignored
 * (sockt reports write errors itself); exec_spawn resets it for
 * programs.
 */
static void
server_child_signals(void)
{
	sigset_t none;
	size_t i;

	for (i = 0; i < NSIGS; i++)
		(void)signal(server_sigs[i], SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * How many connections from this address the server holds: its live
 * children and the one waiting for a slot.  A linear scan of the slots,
 * cheap beside the fork each accepted connection costs.
 */
static int
peer_count(const struct srv *sv, const struct peer_key *k)
{
	int i, n = 0;

	for (i = 0; i < sv->nkids; i++)
		if (sv->kids[i].pid > 0 && sv->kids[i].key.len == k->len &&
		    memcmp(sv->kids[i].key.ip, k->ip, (size_t)k->len) == 0)
			n++;
	if (sv->held && sv->pendkey.len == k->len &&
	    memcmp(sv->pendkey.ip, k->ip, (size_t)k->len) == 0)
		n++;
	return n;
}

/*
 * Reap every child that has exited; with verbose, tell the command of
 * each one's end.  The exit status of the last one (1 if a signal ended
 * it) goes to sv->last.
 */
static void
server_reap(struct srv *sv)
{
	pid_t pid;
	int i, status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < sv->nkids; i++) {
			if (sv->kids[i].pid != pid)
				continue;
			/* what it told before it ended, or that it did not */
			if (sv->kids[i].late >= 0)
				server_late_take(sv, &sv->kids[i], 1);
			sv->kids[i].pid = 0;
			sv->live--;
			if (sv->kids[i].fd >= 0)
				(void)lingers_add(&sv->lingers,
				    sv->kids[i].fd, -1);
			sv->kids[i].fd = -1;
			if (sv->kids[i].refused)
				break;
			sv->last = WIFEXITED(status) ? WEXITSTATUS(status) :
			    NET_CHILD_FAIL;
			if (sv->so->verbose)
				server_emit(sv->so, SERVER_EV_CLOSED,
				    sv->kids[i].peer, 0, 0);
			break;
		}
	}
}

/*
 * Room in sv->pfd for the lingering connections too.  Returns 0, or -1
 * when there is none: they are closed now rather than drained.
 */
static int
server_pfd_room(struct srv *sv)
{
	size_t want = 2 + (sv->so->proxy_hdr ? (size_t)sv->nkids : 0) +
	    lingers_count(&sv->lingers);
	struct pollfd *p;

	if (want <= sv->npfd)
		return 0;
	if ((p = realloc(sv->pfd, want * sizeof(*p))) == NULL) {
		lingers_end(&sv->lingers);
		return -1;
	}
	sv->pfd = p;
	sv->npfd = want;
	return 0;
}

/*
 * What the loop waits on: the listener (if want_accept), hold_fd (if >=
 * 0), and with proxy_hdr the lines of the children that have not told
 * yet.  Returns how many, in sv->pfd.
 */
static nfds_t
server_poll_set(struct srv *sv, int want_accept, int hold_fd)
{
	nfds_t n = 0;
	int i;

	(void)server_pfd_room(sv);
	if (want_accept) {
		sv->pfd[n].fd = sv->lfd;
		sv->pfd[n].events = POLLIN;
		sv->pfd[n++].revents = 0;
	}
	if (hold_fd >= 0) {
		sv->pfd[n].fd = hold_fd;
		sv->pfd[n].events = POLLIN;
		sv->pfd[n++].revents = 0;
	}
	for (i = 0; sv->so->proxy_hdr && i < sv->nkids; i++) {
		if (sv->kids[i].pid <= 0 || sv->kids[i].late < 0)
			continue;
		sv->pfd[n].fd = sv->kids[i].late;
		sv->pfd[n].events = POLLIN;
		sv->pfd[n++].revents = 0;
	}
	sv->linger_at = n;
	return n + lingers_poll(&sv->lingers, sv->pfd + n);
}


/*
 * Signal a child's process group, or the child alone if it has no group
 * (yet): a program's own children and background jobs share its group,
 * so they end with it instead of living on, re-parented to init, with
 * the client's connection still open.
 */
static void
server_signal(pid_t pid, int sig)
{
	if (kill(-pid, sig) == -1 && errno == ESRCH)
		(void)kill(pid, sig);
}

/*
 * End the children: SIGTERM to each one's group, a grace period, then
 * SIGKILL to the groups whose child is still running; reap all.  Groups
 * whose child has exited are not signalled again: their ID may already
 * be free for reuse.
 */
static void
server_stop(struct srv *sv, const sigset_t *waitmask)
{
	long long t0;
	int i, left;

	for (i = 0; i < sv->nkids; i++)
		if (sv->kids[i].pid > 0)
			server_signal(sv->kids[i].pid, SIGTERM);
	t0 = mono_ms();
	while (sv->live > 0) {
		left = STOP_GRACE_MS - (int)(mono_ms() - t0);
		if (left <= 0)
			break;
		got_chld = 0;
		server_reap(sv);
		if (sv->live > 0)
			(void)server_ppoll(NULL, 0, left, waitmask);
	}
	for (i = 0; i < sv->nkids; i++) {
		if (sv->kids[i].pid <= 0)
			continue;
		server_signal(sv->kids[i].pid, SIGKILL);
		while (waitpid(sv->kids[i].pid, NULL, 0) == -1 &&
		    errno == EINTR)
			continue;
		sv->kids[i].pid = 0;
		sv->live--;
	}
}

/*
 * fork(2), but without the C library's fork handlers where none is
 * needed: glibc's fork runs the handlers libraries registered
 * (pthread_atfork) and resets locks a single-threaded server never
 * holds, writing pages of the C library's data in both processes, each
 * a page fault; _Fork (glibc 2.34) skips that, two faults of some 23 a
 * connection in serve-hello.  The one library sockt loads that counts
 * on a handler is OpenSSL (its random generator in the child), so once
 * it is open (tls_opened) the child comes from fork.  The server is one
 * thread, as _Fork's child needs.
 */
static pid_t
server_fork(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && \
    __GLIBC_MINOR__ >= 34))
	if (!tls_opened())
		return _Fork();
#endif
	return fork();
}

/*
 * Start the child for one accepted connection, the leader of a process
 * group of its own; returns its pid or -1.  The child alone makes the
 * group: it runs sockt's own code, starts nothing before that, and a
 * signal the server sends before the group exists reaches the child by
 * its pid (server_signal), blocked until the child has reset its
 * dispositions, then fatal.  A second setpgid in the server took the
 * lock fork and exit take, once more per connection, for nothing.
 */
static pid_t
server_start(const struct srv *sv, struct server_conn *c, int late)
{
	const struct server_opts *so = sv->so;
	pid_t pid;
	int i;

	if (so->spawn != NULL)
		return so->spawn(c, so->arg);
	if ((pid = server_fork()) != 0)
		return pid;
	/* the child */
	(void)setpgid(0, 0);
	server_child_signals();
	close(sv->lfd);
	/* the server's ends of the lines, its own and the others' */
	if (late >= 0)
		close(late);
	for (i = 0; so->proxy_hdr && i < sv->nkids; i++)
		if (sv->kids[i].late >= 0)
			close(sv->kids[i].late);
	/* proxy_hdr: the header first, here, never in the accept loop */
	if (so->proxy_hdr && server_late_header(c, so, so->proxy_ms) != 1)
		_exit(NET_CHILD_FAIL);
	_exit(so->serve(c, so->arg));
}

/* Give an accepted connection a free slot and its child; closes c->fd. */
static void
server_admit(struct srv *sv, struct server_conn *c, const struct peer_key *k,
    int *backoff)
{
	struct server_child *kid;
	int i, sp[2] = { -1, -1 };

	for (i = 0; i < sv->nkids && sv->kids[sv->slot].pid != 0; i++)
		sv->slot = (sv->slot + 1) % sv->nkids;
	kid = &sv->kids[sv->slot];
	kid->late = -1;
	kid->refused = 0;
	/* proxy_hdr: the child's line, to tell who its peer is */
	if (sv->so->proxy_hdr && (socketpair(AF_UNIX, SOCK_STREAM, 0,
	    sp) == -1 || fcntl(sp[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(sp[1], F_SETFD, FD_CLOEXEC) == -1 ||
	    net_set_nonblock(sp[0], 1) == -1))
		kid->pid = -1;
	else {
		c->late_fd = sp[1];
		kid->pid = server_start(sv, c, sp[0]);
	}
	if (kid->pid == -1) {
		kid->pid = 0;
		/* out of resources: back off, said once a second */
		if (errno == EAGAIN || errno == ENOMEM || errno == EMFILE ||
		    errno == ENFILE)
			*backoff = 1;
		if (!*backoff || server_say_due(&sv->said))
			server_emit(sv->so, SERVER_EV_NOSTART, c->label, 0,
			    errno);
		if (sp[0] >= 0)
			close(sp[0]);
	} else {
		sv->live++;
		kid->key = *k;
		kid->late = sp[0];
		if (sv->so->verbose)
			memcpy(kid->peer, c->label, sizeof(kid->peer));
		sv->served |= !sv->so->proxy_hdr;
	}
	if (sp[1] >= 0)
		close(sp[1]);
	kid->fd = -1;
	if (sv->so->spawn != NULL && kid->pid > 0)
		kid->fd = c->fd;
	else
		close(c->fd);
}

/*
 * once, with proxy_hdr: the one connection is kid's, so the children
 * still reading a header (side by side: a stranger who sends none holds
 * no honest client behind it) end, and the server waits for kid alone.
 */
static void
server_late_rest(struct srv *sv, const struct server_child *kid)
{
	int i;

	for (i = 0; i < sv->nkids; i++)
		if (&sv->kids[i] != kid && sv->kids[i].pid > 0 &&
		    sv->kids[i].late >= 0)
			server_signal(sv->kids[i].pid, SIGTERM);
}

/*
 * proxy_hdr: what kid tells of its peer on its line, if it has told (or
 * has ended: gone), and the answer with max_per_peer.  The line is
 * closed once it has told.
 */
static void
server_late_take(struct srv *sv, struct server_child *kid, int gone)
{
	const struct server_opts *so = sv->so;
	struct late_rec rec;
	ssize_t n;
	char yes;
	int asked, cnt = 0;

	while ((n = read(kid->late, &rec, sizeof(rec))) == -1 &&
	    errno == EINTR)
		continue;
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK) && !gone)
		return;
	if (n != (ssize_t)sizeof(rec))
		rec.kind = LATE_BAD;	/* gone without a word */
	/* no longer its real peer's; the header's client's if it is let in */
	memset(&kid->key, 0, sizeof(kid->key));
	rec.label[sizeof(rec.label) - 1] = '\0';
	asked = rec.kind == LATE_OPEN && (so->max_per_peer > 0 || so->once);
	if (rec.kind == LATE_OPEN && so->max_per_peer > 0 &&
	    rec.key.len > 0 && (cnt = peer_count(sv, &rec.key)) >=
	    so->max_per_peer)
		rec.kind = LATE_DENIED;
	/* once: the first client let in is the one, no other (unsaid) */
	if (rec.kind == LATE_OPEN && so->once && sv->served)
		rec.kind = LATE_BAD;
	kid->refused = rec.kind != LATE_OPEN;
	if (rec.kind == LATE_OPEN) {
		kid->key = rec.key;
		memcpy(kid->peer, rec.label, sizeof(kid->peer));
		sv->served = 1;
		if (so->once)
			server_late_rest(sv, kid);
	}
	if (so->verbose && rec.kind != LATE_BAD)
		server_emit(so, rec.kind == LATE_OPEN ? SERVER_EV_OPEN :
		    cnt > 0 ? SERVER_EV_FULL : SERVER_EV_DENIED, rec.label,
		    cnt, 0);
	if (asked) {
		yes = rec.kind == LATE_OPEN;
		(void)write(kid->late, &yes, 1);
	}
	close(kid->late);
	kid->late = -1;
}

/*
 * Accept a connection and screen it: the access lists, then the limit
 * per peer address.  Returns 1 with a connection to serve in *c and its
 * address in *k, 0 when there is none (nothing pending, a passing
 * error, a refused peer; *backoff set when out of resources), or -1 with
 * err filled when the listener failed.
 */
static int
server_take(struct srv *sv, struct server_conn *c, struct peer_key *k,
    int *backoff, char *err)
{
	const struct server_opts *so = sv->so;
	int n;

	if ((n = server_accept_one(sv->lfd, so, 0, c)) == 0)
		return 0;
	if (n == -1) {
		switch (server_accept_failed(errno)) {
		case SERVER_ACCEPT_NONE:
		case SERVER_ACCEPT_SKIP:
			return 0;
		case SERVER_ACCEPT_SHORT:
			/* out of resources: retry shortly, said once a second */
			*backoff = 1;
			if (server_say_due(&sv->said))
				server_emit(so, SERVER_EV_ACCEPT, NULL, 0,
				    errno);
			return 0;
		case SERVER_ACCEPT_FATAL:
			break;
		}
		snprintf(err, SK_ERRLEN, "accept: %s", strerror(errno));
		return -1;
	}
	/*
	 * proxy_hdr: counted under its real peer while its header is
	 * pending (so idle strangers meet the limit before they hold a
	 * child), unless pp_from names that peer; under the header's
	 * client once its child tells who that is
	 */
	memset(k, 0, sizeof(*k));
	if (!so->proxy_hdr || server_pp_trusted(so,
	    (struct sockaddr *)&c->peer) != 1)
		server_peer_key(so, (struct sockaddr *)&c->peer, k);
	if (so->max_per_peer > 0 && k->len > 0 &&
	    (n = peer_count(sv, k)) >= so->max_per_peer) {
		if (so->verbose)
			server_emit(so, SERVER_EV_FULL, c->label, n, 0);
		server_reset(c->fd);
		return 0;
	}
	if (so->verbose && !so->proxy_hdr)
		server_emit(so, SERVER_EV_OPEN, c->label, 0, 0);
	return 1;
}

/* Whether poll found anything ready before the lingering connections. */
static int
server_pfd_other(const struct srv *sv, nfds_t n)
{
	nfds_t i;

	for (i = 0; i < sv->linger_at && i < n; i++)
		if (sv->pfd[i].revents != 0)
			return 1;
	return 0;
}

/*
 * The loop.  With every slot in use, the server still accepts when there
 * is a per-peer limit, for it cannot tell who waits in the backlog
 * without accepting: a peer over its limit is reset there and then, so
 * one address filling the backlog cannot keep the others out; the first
 * peer under its limit is held (one at most) until a slot frees, and
 * the clients behind it wait in the backlog as they do without a limit.
 * Returns what server_run returns.
 */
static int
server_loop(struct srv *sv, const sigset_t *waitmask, char *err)
{
	const struct server_opts *so = sv->so;
	struct server_conn c;
	struct peer_key k;
	char drain[64];
	nfds_t npfd;
	int i, n, want, hold, ms, lms, backoff = 0, past = 0, looked;
	int held_looks = 0;

	for (;;) {
		if (got_chld) {
			got_chld = 0;
			server_reap(sv);
		}
		if (got_stop || (so->once && sv->served))
			return 0;
		if (sv->held && sv->live < sv->nkids) {
			sv->held = 0;
			server_admit(sv, &sv->pend, &sv->pendkey, &backoff);
			continue;
		}
		want = sv->live < sv->nkids ||
		    (so->max_per_peer > 0 && !sv->held);
		/* children waiting on the listener take what comes */
		hold = so->held != NULL && !past && so->held(so->held_arg);
		looked = past;
		past = 0;
		/* out of resources: the listener, ready still, waits too */
		if (hold || backoff)
			want = 0;
		ms = backoff ? 100 : hold ? SERVER_HOLD_MS : -1;
		if ((lms = lingers_ms(&sv->lingers)) != -1 &&
		    (ms == -1 || lms < ms))
			ms = lms;
		npfd = server_poll_set(sv, want, so->held != NULL ?
		    so->hold_fd : -1);
		n = server_ppoll(sv->pfd, npfd, ms, waitmask);
		backoff = 0;
		if (n >= 0 && lingers_count(&sv->lingers) > 0) {
			lingers_serve(&sv->lingers, sv->pfd + sv->linger_at,
			    npfd - sv->linger_at);
			/* only they were ready: nothing new to accept */
			if (n > 0 && !server_pfd_other(sv, npfd))
				n = 0;
		}
		/* what the children that read a header tell */
		for (i = 0; so->proxy_hdr && n > 0 && i < sv->nkids; i++)
			if (sv->kids[i].pid > 0 && sv->kids[i].late >= 0)
				server_late_take(sv, &sv->kids[i], 0);
		if (so->held != NULL && n >= 0)
			while (read(so->hold_fd, drain, sizeof(drain)) > 0)
				continue;
		/* looked past after SERVER_HOLD_PAST held looks in a row */
		if (hold && n == 0 && ++held_looks >= SERVER_HOLD_PAST)
			past = 1;
		if (!hold || past)
			held_looks = 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
		if (n == 0 || !want)
			continue;
		/* a child began to wait since: it takes this one */
		if (so->held != NULL && !looked && so->held(so->held_arg))
			continue;
		if ((n = server_take(sv, &c, &k, &backoff, err)) == -1)
			return -1;
		if (n == 0)
			continue;
		if (sv->live < sv->nkids)
			server_admit(sv, &c, &k, &backoff);
		else {
			sv->pend = c;
			sv->pendkey = k;
			sv->held = 1;
		}
	}
}

/*
 * Serve connections on the listening socket lfd until SIGINT, SIGTERM or
 * SIGHUP.  Returns 0 after a stop, or with so->once the exit status of
 * the one child (0-255) once it has ended; -1 with err filled when the
 * loop cannot go on (the listener failed, or the setup did).
 */
int
server_run(int lfd, const struct server_opts *caller, char *err)
{
	struct sigaction old[NSIGS];
	sigset_t oldmask, waitmask;
	struct server_opts o = *caller, *so = &o;
	struct srv sv;
	int ret;
	size_t k;

	/*
	 * the limits as applied (the children see them too): spawn keeps
	 * each connection, then its lingering close, here (two a slot);
	 * proxy_hdr a line to each child; a child's own are its own
	 */
	server_settle(so, lfd, so->spawn != NULL ? 2 : so->proxy_hdr ? 1 : 0);
	memset(&sv, 0, sizeof(sv));
	sv.so = so;
	sv.lfd = lfd;
	sv.nkids = so->max_children;
	sv.lingers.max = (size_t)sv.nkids;
	sv.kids = calloc((size_t)sv.nkids, sizeof(*sv.kids));
	sv.pfd = calloc(2 + (so->proxy_hdr ? (size_t)sv.nkids : 0),
	    sizeof(*sv.pfd));
	if (sv.kids == NULL || sv.pfd == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		free(sv.kids);
		free(sv.pfd);
		return -1;
	}
	for (k = 0; k < (size_t)sv.nkids; k++)
		sv.kids[k].late = sv.kids[k].fd = -1;
	sv.npfd = 2 + (so->proxy_hdr ? (size_t)sv.nkids : 0);
	if (fcntl(lfd, F_SETFD, FD_CLOEXEC) == -1 ||
	    net_set_nonblock(lfd, 1) == -1) {
		snprintf(err, SK_ERRLEN, "listening socket: %s",
		    strerror(errno));
		free(sv.kids);
		free(sv.pfd);
		return -1;
	}
	/* nothing buffered may be written twice, by a child too */
	(void)fflush(stdout);
	server_sigs_set(server_sigs, NSIGS, on_signal, old, &oldmask,
	    &waitmask);
	got_chld = got_stop = 0;

	ret = server_loop(&sv, &waitmask, err);
	if (sv.held)
		close(sv.pend.fd);
	/*
	 * one connection: let its child finish unless told to stop, and its
	 * connection's lingering close end
	 */
	while (so->once && !got_stop && ret == 0 && (sv.live > 0 ||
	    lingers_count(&sv.lingers) > 0)) {
		if (got_chld) {
			got_chld = 0;
			server_reap(&sv);
			continue;
		}
		(void)server_pfd_room(&sv);
		k = lingers_poll(&sv.lingers, sv.pfd);
		if (server_ppoll(sv.pfd, k, lingers_ms(&sv.lingers),
		    &waitmask) >= 0)
			lingers_serve(&sv.lingers, sv.pfd, k);
	}
	/* one connection, ended on its own: its status is ours */
	if (so->once && ret == 0 && !got_stop && sv.live == 0)
		ret = sv.last;
	server_stop(&sv, &waitmask);
	server_sigs_restore(server_sigs, NSIGS, old, &oldmask);
	for (k = 0; k < (size_t)sv.nkids; k++) {
		if (sv.kids[k].late >= 0)
			close(sv.kids[k].late);
		if (sv.kids[k].fd >= 0)
			close(sv.kids[k].fd);
	}
	lingers_end(&sv.lingers);
	free(sv.kids);
	free(sv.pfd);
	return ret;
}
