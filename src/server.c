/*
 * server.c: the accept loop with fork per connection, shared by listen -k
 * and serve-hello.  See server.h for the contract.
 *
 * Signals: SIGCHLD, SIGINT, SIGTERM and SIGHUP stay blocked in the server
 * except while it waits in ppoll (pselect where there is no ppoll), which
 * unblocks them atomically.  So a child that exits, or a stop request,
 * always wakes the loop (no window between a check and a blocking
 * accept), and the handlers only set flags.  The listening socket is
 * non-blocking: a client that vanished between poll and accept cannot
 * hang the loop.
 */
#define _GNU_SOURCE	/* ppoll */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

#if defined(__linux__) || defined(__FreeBSD__) || defined(__OpenBSD__) || \
    defined(__NetBSD__) || defined(__DragonFly__)
#define HAVE_PPOLL	1
#else
#include <sys/select.h>
#endif

extern char **environ;

#define STOP_GRACE_MS	2000	/* children get this long after SIGTERM */
#define ENV_NSLOTS	9
#define ENV_SLOTLEN	(16 + SERVER_ADDRLEN)

struct child {
	pid_t	pid;		/* 0: free slot */
	char	peer[SERVER_ADDRLEN + 16];	/* "ADDR port N", with -v */
};

static volatile sig_atomic_t got_chld, got_stop;

static void
on_chld(int sig)
{
	(void)sig;
	got_chld = 1;
}

static void
on_stop(int sig)
{
	got_stop = sig;
}

static const int server_sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };
#define NSIGS	(sizeof(server_sigs) / sizeof(server_sigs[0]))

/*
 * In a child of the server: default dispositions and an empty mask, as a
 * program started from a shell would have them.  SIGPIPE stays ignored
 * (sockt reports write errors itself); server_spawn resets it for
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

/* Is this peer let in by the allow and deny lists?  Returns 1 or 0. */
int
server_peer_allowed(const struct server_opts *so, const struct sockaddr *sa)
{
	size_t i;

	for (i = 0; i < so->ndeny; i++)
		if (cidr_match_sa(&so->deny[i], sa))
			return 0;
	if (so->nallow == 0)
		return 1;
	for (i = 0; i < so->nallow; i++)
		if (cidr_match_sa(&so->allow[i], sa))
			return 1;
	return 0;
}

/*
 * Accept one connection as a blocking, close-on-exec socket.  Returns the
 * fd or -1 with errno (EAGAIN when there is none pending).
 */
static int
server_accept(int lfd, struct sockaddr_storage *ss, socklen_t *len)
{
	int fd;

	if ((fd = net_accept(lfd, ss, len, 0)) == -1)
		return -1;
#ifndef __linux__
	/* BSD accept(2) passes the listener's O_NONBLOCK on */
	if (net_set_nonblock(fd, 0) == -1) {
		int save_errno = errno;

		close(fd);
		errno = save_errno;
		return -1;
	}
#endif
	return fd;
}

/*
 * Reap every child that has exited; log the end of each with -v.  The
 * exit status of the last one (1 if a signal ended it) goes to *last.
 */
static void
server_reap(struct child *kids, int nkids, int *live, int verbose, int *last)
{
	pid_t pid;
	int i, status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < nkids; i++) {
			if (kids[i].pid != pid)
				continue;
			kids[i].pid = 0;
			(*live)--;
			*last = WIFEXITED(status) ? WEXITSTATUS(status) :
			    EXIT_FAIL;
			if (verbose)
				msg_warnx("connection from %s closed",
				    kids[i].peer);
			break;
		}
	}
}

/*
 * Wait for an event: the listener readable (if want_accept), a signal, or
 * ms milliseconds (-1: no limit).  Returns what poll returns.
 */
static int
server_wait(int lfd, int want_accept, int ms, const sigset_t *waitmask)
{
	struct pollfd pfd;

	pfd.fd = lfd;
	pfd.events = POLLIN;
	pfd.revents = 0;
#ifdef HAVE_PPOLL
	{
		struct timespec ts, *tsp = NULL;

		if (ms >= 0) {
			ts.tv_sec = ms / 1000;
			ts.tv_nsec = (long)(ms % 1000) * 1000000L;
			tsp = &ts;
		}
		return ppoll(&pfd, want_accept ? 1 : 0, tsp, waitmask);
	}
#else
	{
		struct timespec ts, *tsp = NULL;
		fd_set rd;

		if (lfd >= FD_SETSIZE) {
			errno = EMFILE;
			return -1;
		}
		FD_ZERO(&rd);
		if (want_accept)
			FD_SET(lfd, &rd);
		if (ms >= 0) {
			ts.tv_sec = ms / 1000;
			ts.tv_nsec = (long)(ms % 1000) * 1000000L;
			tsp = &ts;
		}
		return pselect(lfd + 1, &rd, NULL, NULL, tsp, waitmask);
	}
#endif
}

/* End the children: SIGTERM, a grace period, then SIGKILL; reap all. */
static void
server_stop(struct child *kids, int nkids, int *live, int verbose,
    const sigset_t *waitmask)
{
	long long t0;
	int i, left, last;

	for (i = 0; i < nkids; i++)
		if (kids[i].pid > 0)
			(void)kill(kids[i].pid, SIGTERM);
	t0 = mono_ms();
	while (*live > 0) {
		left = STOP_GRACE_MS - (int)(mono_ms() - t0);
		if (left <= 0)
			break;
		got_chld = 0;
		server_reap(kids, nkids, live, verbose, &last);
		if (*live > 0)
			(void)server_wait(-1, 0, left, waitmask);
	}
	for (i = 0; i < nkids; i++) {
		if (kids[i].pid <= 0)
			continue;
		(void)kill(kids[i].pid, SIGKILL);
		while (waitpid(kids[i].pid, NULL, 0) == -1 && errno == EINTR)
			continue;
		kids[i].pid = 0;
		(*live)--;
	}
}

/* Start the child for one accepted connection; returns its pid or -1. */
static pid_t
server_start(int lfd, struct server_conn *c, const struct server_opts *so)
{
	pid_t pid;

	if (so->spawn != NULL)
		return so->spawn(c, so->arg);
	if ((pid = fork()) != 0)
		return pid;
	/* the child */
	server_child_signals();
	close(lfd);
	_exit(so->serve(c, so->arg));
}

/*
 * Serve connections on the listening socket lfd until SIGINT, SIGTERM or
 * SIGHUP.  Returns 0 after a stop, or with so->once the exit status of
 * the one child (0-255) once it has ended; -1 with err filled when the
 * loop cannot go on (the listener failed, or the setup did).
 */
int
server_run(int lfd, const struct server_opts *so, char *err)
{
	struct sigaction sa;
	struct sigaction old[NSIGS];
	sigset_t block, oldmask, waitmask;
	struct server_conn c;
	struct child *kids;
	int live = 0, nkids = so->max_children, i, slot = 0, n, ret = 0;
	int backoff = 0, last = 0;
	size_t k;

	if (nkids < 1)
		nkids = 1;
	if ((kids = calloc((size_t)nkids, sizeof(*kids))) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	if (fcntl(lfd, F_SETFD, FD_CLOEXEC) == -1 ||
	    net_set_nonblock(lfd, 1) == -1) {
		snprintf(err, SK_ERRLEN, "listening socket: %s",
		    strerror(errno));
		free(kids);
		return -1;
	}
	/* nothing buffered may be written twice, by a child too */
	(void)fflush(stdout);

	sigemptyset(&block);
	for (k = 0; k < NSIGS; k++)
		sigaddset(&block, server_sigs[k]);
	(void)sigprocmask(SIG_BLOCK, &block, &oldmask);
	waitmask = oldmask;
	for (k = 0; k < NSIGS; k++)
		sigdelset(&waitmask, server_sigs[k]);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a signal must end the wait in ppoll */
	sa.sa_flags = SA_NOCLDSTOP;
	for (k = 0; k < NSIGS; k++) {
		sa.sa_handler = server_sigs[k] == SIGCHLD ? on_chld : on_stop;
		(void)sigaction(server_sigs[k], &sa, &old[k]);
	}
	got_chld = got_stop = 0;

	for (;;) {
		if (got_chld) {
			got_chld = 0;
			server_reap(kids, nkids, &live, so->verbose, &last);
		}
		if (got_stop)
			break;
		n = server_wait(lfd, live < nkids, backoff ? 100 : -1,
		    &waitmask);
		backoff = 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			ret = -1;
			break;
		}
		if (n == 0 || live >= nkids)
			continue;
		if ((c.fd = server_accept(lfd, &c.peer, &c.peerlen)) == -1) {
			switch (errno) {
			case EAGAIN:
#if EWOULDBLOCK != EAGAIN
			case EWOULDBLOCK:
#endif
			case EINTR:
			case ECONNABORTED:
			case EPROTO:
			case EPERM:	/* a firewall said no */
				continue;
			case EMFILE:
			case ENFILE:
			case ENOBUFS:
			case ENOMEM:
				/* out of resources: say so, retry shortly */
				msg_warn("accept");
				backoff = 1;
				continue;
			default:
				snprintf(err, SK_ERRLEN, "accept: %s",
				    strerror(errno));
				ret = -1;
				break;
			}
			break;
		}
		c.addr[0] = '\0';
		c.port = 0;
		if (so->verbose || so->nallow + so->ndeny > 0 || so->spawn ||
		    so->need_peer)
			(void)net_addr_str((struct sockaddr *)&c.peer,
			    c.peerlen, c.addr, sizeof(c.addr), &c.port);
		if (!server_peer_allowed(so, (struct sockaddr *)&c.peer)) {
			if (so->verbose)
				msg_warnx("connection from %s port %d refused "
				    "by the access list", c.addr, c.port);
			close(c.fd);
			continue;
		}
		if (so->verbose)
			msg_warnx("connection from %s port %d", c.addr,
			    c.port);
		/* a free slot exists: live < nkids */
		for (i = 0; i < nkids && kids[slot].pid != 0; i++)
			slot = (slot + 1) % nkids;
		kids[slot].pid = server_start(lfd, &c, so);
		if (kids[slot].pid == -1) {
			kids[slot].pid = 0;
			msg_warn(so->spawn != NULL ? "cannot start the "
			    "program for %s port %d" : "fork for %s port %d",
			    c.addr, c.port);
			if (errno == EAGAIN || errno == ENOMEM)
				backoff = 1;
		} else {
			live++;
			if (so->verbose)
				snprintf(kids[slot].peer,
				    sizeof(kids[slot].peer), "%s port %d",
				    c.addr, c.port);
		}
		close(c.fd);
		if (so->once && live > 0)
			break;
	}
	/* one connection: let its child finish unless told to stop */
	while (so->once && live > 0 && !got_stop && ret == 0) {
		if (got_chld) {
			got_chld = 0;
			server_reap(kids, nkids, &live, so->verbose, &last);
			continue;
		}
		(void)server_wait(-1, 0, -1, &waitmask);
	}

	/* one connection, ended on its own: its status is ours */
	if (so->once && ret == 0 && !got_stop && live == 0)
		ret = last;
	server_stop(kids, nkids, &live, so->verbose, &waitmask);
	for (k = 0; k < NSIGS; k++)
		(void)sigaction(server_sigs[k], &old[k], NULL);
	(void)sigprocmask(SIG_SETMASK, &oldmask, NULL);
	free(kids);
	return ret;
}

/*
 * Environment for a program run on a connection: SOCKT_PEER_ADDR,
 * SOCKT_PEER_PORT, SOCKT_LOCAL_ADDR, SOCKT_LOCAL_PORT and the UCSPI
 * names of tcpserver (PROTO, TCPREMOTEIP, ...), followed by sockt's own
 * environment without those names.  Built once; server_env_set only
 * rewrites the strings per connection.  Returns 0, or -1 with errno.
 */
static const char *const env_names[ENV_NSLOTS] = {
	"PROTO", "SOCKT_PEER_ADDR", "SOCKT_PEER_PORT", "SOCKT_LOCAL_ADDR",
	"SOCKT_LOCAL_PORT", "TCPREMOTEIP", "TCPREMOTEPORT", "TCPLOCALIP",
	"TCPLOCALPORT"
};

static int
env_is_ours(const char *e)
{
	size_t i, n;

	for (i = 0; i < ENV_NSLOTS; i++) {
		n = strlen(env_names[i]);
		if (strncmp(e, env_names[i], n) == 0 && e[n] == '=')
			return 1;
	}
	return 0;
}

int
server_env_init(struct server_env *env)
{
	size_t n = 0, i, j;

	while (environ != NULL && environ[n] != NULL)
		n++;
	env->envp = calloc(n + ENV_NSLOTS + 1, sizeof(*env->envp));
	env->slots = calloc(ENV_NSLOTS, ENV_SLOTLEN);
	if (env->envp == NULL || env->slots == NULL) {
		server_env_free(env);
		return -1;
	}
	for (i = 0; i < ENV_NSLOTS; i++)
		env->envp[i] = env->slots + i * ENV_SLOTLEN;
	for (j = 0; j < n; j++)
		if (!env_is_ours(environ[j]))
			env->envp[i++] = environ[j];
	env->envp[i] = NULL;
	return 0;
}

void
server_env_free(struct server_env *env)
{
	free(env->envp);
	free(env->slots);
	env->envp = NULL;
	env->slots = NULL;
}

/* Fill the per-connection names.  Returns 0, or -1 with errno. */
int
server_env_set(struct server_env *env, const struct server_conn *c)
{
	char laddr[SERVER_ADDRLEN];
	int lport = 0;
	const char *vals[ENV_NSLOTS];
	char pport[16], lports[16];
	size_t i;

	if (net_local_str(c->fd, laddr, sizeof(laddr), &lport) == -1)
		return -1;
	snprintf(pport, sizeof(pport), "%d", c->port);
	snprintf(lports, sizeof(lports), "%d", lport);
	vals[0] = c->peer.ss_family == AF_UNIX ? "UNIX" : "TCP";
	vals[1] = vals[5] = c->addr;
	vals[2] = vals[6] = pport;
	vals[3] = vals[7] = laddr;
	vals[4] = vals[8] = lports;
	for (i = 0; i < ENV_NSLOTS; i++)
		snprintf(env->envp[i], ENV_SLOTLEN, "%s=%s", env_names[i],
		    vals[i]);
	return 0;
}

/*
 * Start argv[0] (looked up in PATH with SERVER_SPAWN_PATH) with fd as its
 * stdin and stdout (and stderr with SERVER_SPAWN_STDERR), envp as its
 * environment, default signal dispositions and an
 * empty signal mask.  posix_spawn is vfork-cheap where libc makes it so
 * (glibc: clone with CLONE_VFORK), which matters for a server that
 * starts a program per connection.  Returns the pid, or -1 with errno
 * (an exec failure included, where libc reports it).
 */
pid_t
server_spawn(int fd, char *const argv[], char *const envp[], int flags)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	pid_t pid;
	int e;

	if ((e = posix_spawn_file_actions_init(&fa)) != 0) {
		errno = e;
		return -1;
	}
	if ((e = posix_spawnattr_init(&at)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		errno = e;
		return -1;
	}
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGCHLD);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	if ((e = posix_spawn_file_actions_adddup2(&fa, fd, 0)) == 0 &&
	    (e = posix_spawn_file_actions_adddup2(&fa, fd, 1)) == 0 &&
	    (!(flags & SERVER_SPAWN_STDERR) ||
	    (e = posix_spawn_file_actions_adddup2(&fa, fd, 2)) == 0) &&
	    (e = posix_spawnattr_setsigmask(&at, &none)) == 0 &&
	    (e = posix_spawnattr_setsigdefault(&at, &dfl)) == 0 &&
	    (e = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF)) == 0) {
		if (flags & SERVER_SPAWN_PATH)
			e = posix_spawnp(&pid, argv[0], &fa, &at, argv, envp);
		else
			e = posix_spawn(&pid, argv[0], &fa, &at, argv, envp);
	}
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return pid;
}

/*
 * Listen on the endpoint (SOCK_STREAM with a full backlog, or SOCK_DGRAM
 * per no->socktype) and with verbose announce "listening on ADDR port N",
 * the line scripts and tests wait for.  Returns the socket, or -1 with
 * err filled.
 */
int
server_listen(const struct endpoint *ep, const struct net_opts *no,
    int verbose, char *err)
{
	char host[SERVER_ADDRLEN];
	int fd, port;

	if ((fd = net_listen(ep->host, ep->port, no, SOMAXCONN, err)) == -1)
		return -1;
	if (verbose && net_local_str(fd, host, sizeof(host), &port) == 0)
		msg_warnx("listening on %s port %d", host, port);
	return fd;
}
