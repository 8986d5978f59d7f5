/*
 * exec.c: the environment of a program run on a connection and its
 * start, on the connection itself or behind a relay, for listen and
 * connect -e and -c.  See exec.h.
 */
#if defined(__linux__)
#define _GNU_SOURCE		/* syscall */
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/pty.h"
#include "net/relay.h"
#include "net/server.h"
#include "util/base.h"
#include "util/grow.h"

extern char **environ;

static void	exec_unwatch(int);

#define ENV_NSLOTS	9
#define ENV_SLOTLEN	(16 + SERVER_ADDRLEN)
#define ENV_TLS		"SOCKT_TLS_CLIENT_SUBJECT"
#define ENV_TLSLEN	(sizeof(ENV_TLS) + 1024)	/* "NAME=" and more than
						 * tls_info's subject */
#define ENV_WS		"SOCKT_WS_ORIGIN"
#define ENV_WSLEN	(sizeof(ENV_WS) + 1024)

/*
 * Environment for a program run on a connection: SOCKT_PEER_ADDR,
 * SOCKT_PEER_PORT, SOCKT_LOCAL_ADDR, SOCKT_LOCAL_PORT and the UCSPI
 * names of tcpserver (PROTO, TCPREMOTEIP, ...; PROTO is UNIX for a UNIX
 * socket, UDP for a UDP one), followed by sockt's own
 * environment without those names, then SOCKT_TLS_CLIENT_SUBJECT when a
 * TLS client showed a certificate and SOCKT_WS_ORIGIN when a WebSocket
 * client sent an Origin (from tls_at on, the end of the list without
 * them).  Built once; exec_env_set, exec_env_tls and exec_env_ws only
 * rewrite the strings per connection.  Returns 0, or -1 with errno.
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
	n = strlen(ENV_TLS);
	if (strncmp(e, ENV_TLS, n) == 0 && e[n] == '=')
		return 1;
	n = strlen(ENV_WS);
	return strncmp(e, ENV_WS, n) == 0 && e[n] == '=';
}

int
exec_env_init(struct exec_env *env)
{
	size_t n = 0, i, j;

	while (environ != NULL && environ[n] != NULL)
		n++;
	env->envp = calloc(n + ENV_NSLOTS + 3, sizeof(*env->envp));
	env->slots = calloc(ENV_NSLOTS, ENV_SLOTLEN);
	env->tls_slot = calloc(1, ENV_TLSLEN);
	env->ws_slot = calloc(1, ENV_WSLEN);
	if (env->envp == NULL || env->slots == NULL || env->tls_slot == NULL ||
	    env->ws_slot == NULL) {
		exec_env_free(env);
		return -1;
	}
	for (i = 0; i < ENV_NSLOTS; i++)
		env->envp[i] = env->slots + i * ENV_SLOTLEN;
	for (j = 0; j < n; j++)
		if (!env_is_ours(environ[j]))
			env->envp[i++] = environ[j];
	env->tls_at = i;
	env->envp[i] = env->envp[i + 1] = env->envp[i + 2] = NULL;
	return 0;
}

void
exec_env_free(struct exec_env *env)
{
	FREE_NULL(env->envp);
	FREE_NULL(env->slots);
	FREE_NULL(env->tls_slot);
	FREE_NULL(env->ws_slot);
}

/* The list's tail from tls_at: the names that are set, then its end. */
static void
env_tail(struct exec_env *env)
{
	size_t i = env->tls_at;

	if (env->tls_slot[0] != '\0')
		env->envp[i++] = env->tls_slot;
	if (env->ws_slot[0] != '\0')
		env->envp[i++] = env->ws_slot;
	while (i < env->tls_at + 2)
		env->envp[i++] = NULL;
}

/* SOCKT_TLS_CLIENT_SUBJECT=subject, or no such name for NULL. */
void
exec_env_tls(struct exec_env *env, const char *subject)
{
	env->tls_slot[0] = '\0';
	if (subject != NULL)
		snprintf(env->tls_slot, ENV_TLSLEN, "%s=%s", ENV_TLS, subject);
	env_tail(env);
}

/* SOCKT_WS_ORIGIN=origin, or no such name for NULL. */
void
exec_env_ws(struct exec_env *env, const char *origin)
{
	env->ws_slot[0] = '\0';
	if (origin != NULL)
		snprintf(env->ws_slot, ENV_WSLEN, "%s=%s", ENV_WS, origin);
	env_tail(env);
}

/*
 * Fill the per-connection names of the connection fd: peer and port say
 * where it comes from (as the server read it), or with peer NULL fd
 * says; local (locallen > 0) where it went, as a PROXY header said, or
 * with locallen 0 fd's own address.  Returns 0, or -1 with errno.
 */
int
exec_env_set(struct exec_env *env, int fd, const char *peer, int port,
    const struct sockaddr *local, socklen_t locallen)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char laddr[SERVER_ADDRLEN], paddr[SERVER_ADDRLEN];
	int lport = 0;
	const char *vals[ENV_NSLOTS];
	char pport[16], lports[16];
	socklen_t tlen = sizeof(int);
	int type = SOCK_STREAM;
	size_t i;

	/* PROTO: a UDP socket (connect -u) says so */
	(void)getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen);
	/* where the client went: as its PROXY header says, or our socket */
	if (locallen > 0 && (size_t)locallen <= sizeof(ss)) {
		memcpy(&ss, local, locallen);
		len = locallen;
	} else if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	if (net_addr_str((struct sockaddr *)&ss, len, laddr, sizeof(laddr),
	    &lport) == -1)
		return -1;
	if (peer == NULL) {
		if (net_peer_str(fd, paddr, sizeof(paddr), &port) == -1)
			return -1;
		peer = paddr;
	}
	snprintf(pport, sizeof(pport), "%d", port);
	snprintf(lports, sizeof(lports), "%d", lport);
	vals[0] = ss.ss_family == AF_UNIX ? "UNIX" : type == SOCK_DGRAM ?
	    "UDP" : "TCP";
	vals[1] = vals[5] = peer;
	vals[2] = vals[6] = pport;
	vals[3] = vals[7] = laddr;
	vals[4] = vals[8] = lports;
	for (i = 0; i < ENV_NSLOTS; i++)
		snprintf(env->envp[i], ENV_SLOTLEN, "%s=%s", env_names[i],
		    vals[i]);
	return 0;
}

/*
 * Start argv[0] (looked up in PATH with EXEC_PATH) with fd as its stdin
 * and stdout (and stderr with EXEC_STDERR), envp as its environment,
 * default signal dispositions (SIGINT and SIGQUIT too, which a shell
 * ignores in a background job) and an empty signal mask; with EXEC_PGRP
 * as the leader of a new process group, set by the parent as well in
 * case posix_spawn returns before the child has.  posix_spawn is
 * vfork-cheap where libc makes it so (glibc: clone with CLONE_VFORK),
 * which matters for a server that starts a program per connection.
 * Returns the pid, or -1 with errno (an exec failure included, where libc
 * reports it).
 */
pid_t
exec_spawn(int fd, char *const argv[], char *const envp[], int flags)
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
	sigaddset(&dfl, SIGQUIT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	if ((e = posix_spawn_file_actions_adddup2(&fa, fd, 0)) == 0 &&
	    (e = posix_spawn_file_actions_adddup2(&fa, fd, 1)) == 0 &&
	    (!(flags & EXEC_STDERR) ||
	    (e = posix_spawn_file_actions_adddup2(&fa, fd, 2)) == 0) &&
	    (e = posix_spawnattr_setsigmask(&at, &none)) == 0 &&
	    (e = posix_spawnattr_setsigdefault(&at, &dfl)) == 0 &&
	    (!(flags & EXEC_PGRP) ||
	    (e = posix_spawnattr_setpgroup(&at, 0)) == 0) &&
	    (e = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | ((flags & EXEC_PGRP) ?
	    POSIX_SPAWN_SETPGROUP : 0))) == 0) {
		if (flags & EXEC_PATH)
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
	/* it fails harmlessly (EACCES) once the child has run exec */
	if (flags & EXEC_PGRP)
		(void)setpgid(pid, pid);
	return pid;
}

/*
 * Become argv[0] in this process, on fd as exec_spawn starts it: for a
 * server's child that had to read from the connection first (listen
 * --accept-proxy-protocol), and leads its process group already.  Our
 * stderr stays ours until the exec, to say why it failed.  Returns
 * only on failure: -1 with errno.
 */
int
exec_exec(int fd, char *const argv[], char *const envp[], int flags)
{
	static const int dfl[] = { SIGPIPE, SIGCHLD, SIGINT, SIGQUIT, SIGTERM,
	    SIGHUP };
	sigset_t none;
	size_t i;
	int save = -1, e;

	for (i = 0; i < sizeof(dfl) / sizeof(dfl[0]); i++)
		(void)signal(dfl[i], SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	if ((flags & EXEC_STDERR) && (save = fcntl(2, F_DUPFD_CLOEXEC,
	    3)) == -1)
		return -1;
	if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1 ||
	    ((flags & EXEC_STDERR) && dup2(fd, 2) == -1))
		return -1;
	if (fd > 2)
		close(fd);
	if (flags & EXEC_PATH) {
		environ = (char **)envp;
		(void)execvp(argv[0], argv);
	} else
		(void)execve(argv[0], argv, envp);
	e = errno;
	if (save != -1)
		(void)dup2(save, 2);
	errno = e;
	return -1;
}

/* Is prog executable, as given or found in PATH the way execvp would? */
int
exec_found(const char *prog)
{
	char path[4096];
	const char *p, *end, *dirs = getenv("PATH");
	int n;

	if (strchr(prog, '/') != NULL)
		return access(prog, X_OK) == 0;
	if (dirs == NULL)
		dirs = "/usr/bin:/bin";
	for (p = dirs; ; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		n = snprintf(path, sizeof(path), "%.*s%s%s", (int)(end - p), p,
		    end == p ? "" : "/", prog);
		if (n > 0 && (size_t)n < sizeof(path) &&
		    access(path, X_OK) == 0)
			return 1;
		if (*end == '\0')
			return 0;
	}
}

/*
 * Where pidfd_open(2) is missing (before Linux 5.3, other systems): a
 * pipe that a SIGCHLD handler writes to.  The process relays for one
 * program at a time, so one pipe does.
 */
static int chld_pipe[2] = { -1, -1 };

static void
on_chld(int sig)
{
	int save_errno = errno;

	(void)sig;
	(void)write(chld_pipe[1], "", 1);
	errno = save_errno;
}

/*
 * A descriptor that turns readable once pid has exited (and is not yet
 * reaped): a pidfd, else the read end of chld_pipe.  Returns it, or -1
 * with errno.
 */
static int
exec_watch(pid_t pid)
{
	struct sigaction sa;
	siginfo_t si;
	int fd;

#if defined(__linux__) && defined(SYS_pidfd_open)
	/* close-on-exec by itself */
	if ((fd = (int)syscall(SYS_pidfd_open, pid, 0)) != -1)
		return fd;
	if (errno != ENOSYS && errno != EPERM)
		return -1;
#endif
	if (pipe(chld_pipe) == -1)
		return -1;
	for (fd = 0; fd < 2; fd++)
		if (fcntl(chld_pipe[fd], F_SETFD, FD_CLOEXEC) == -1 ||
		    net_set_nonblock(chld_pipe[fd], 1) == -1) {
			exec_unwatch(chld_pipe[0]);
			return -1;
		}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	(void)sigaction(SIGCHLD, &sa, NULL);
	/* it may have exited before the handler was there */
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid == pid)
		on_chld(SIGCHLD);
	return chld_pipe[0];
}

/* Close what exec_watch returned (fd; -1 for none). */
static void
exec_unwatch(int fd)
{
	if (fd == -1)
		return;
	if (fd != chld_pipe[0]) {
		close(fd);
		return;
	}
	(void)signal(SIGCHLD, SIG_DFL);
	close(chld_pipe[0]);
	close(chld_pipe[1]);
	chld_pipe[0] = chld_pipe[1] = -1;
}

/*
 * Start argv[0] (flags as for exec_spawn; EXEC_PGRP makes no sense
 * here) behind a relay of the caller's: on one end of a socketpair, or
 * with EXEC_PTY as the session leader of a new pseudo-terminal with its
 * stdin, stdout and stderr there (pty.c), watched for its exit.  Our end
 * goes to p->fd.  Returns 0, or -1 with errno and nothing left open.
 */
int
exec_start(struct exec_prog *p, char *const argv[], char *const envp[],
    int flags)
{
	int sp[2], save_errno;

	p->exit_fd = -1;
	p->pty = (flags & EXEC_PTY) != 0;
	if (p->pty) {
		p->pid = pty_spawn(argv, envp, (flags & EXEC_PATH) != 0,
		    &p->fd);
		if (p->pid == -1)
			return -1;
		if ((p->exit_fd = exec_watch(p->pid)) != -1 &&
		    net_set_nonblock(p->fd, 1) == 0)
			return 0;
		/* the master's end hangs the terminal up */
		save_errno = errno;
		exec_unwatch(p->exit_fd);
		p->exit_fd = -1;
		exec_stop(p, SIGKILL);
		(void)exec_wait(p);
		errno = save_errno;
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == -1)
		return -1;
	/* the program gets sp[1] as stdin and stdout, and nothing else */
	(void)fcntl(sp[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(sp[1], F_SETFD, FD_CLOEXEC);
	p->pid = exec_spawn(sp[1], argv, envp, flags & ~EXEC_PGRP);
	save_errno = errno;
	close(sp[1]);
	if (p->pid == -1) {
		close(sp[0]);
		errno = save_errno;
		return -1;
	}
	p->fd = sp[0];
	/*
	 * Both ways at once: a program that writes before it reads must
	 * not deadlock against a blocking write of ours.
	 */
	if (net_set_nonblock(p->fd, 1) == 0)
		return 0;
	save_errno = errno;
	exec_stop(p, SIGKILL);
	(void)exec_wait(p);
	errno = save_errno;
	return -1;
}

/* The relay's side of p: in_fd and out_fd, and what p's kind needs. */
void
exec_relay_opts(const struct exec_prog *p, struct relay_opts *ro)
{
	ro->in_fd = ro->out_fd = p->fd;
	ro->io_reset_eof = !p->pty;
	ro->io_pty = p->pty;
	ro->io_exit_fd = p->exit_fd;
}

/*
 * Signal the program: on a terminal, its process group, which is its
 * session's first (what its jobs left there get the hangup when the
 * master closes); else the program alone.
 */
void
exec_stop(const struct exec_prog *p, int sig)
{
	(void)kill(p->pty ? -p->pid : p->pid, sig);
}

/*
 * Close our end (which hangs a terminal up) and the watch, then wait
 * for the program.  Returns its exit status, NET_CHILD_FAIL for a death by a
 * signal, or -1 with errno.
 */
int
exec_wait(struct exec_prog *p)
{
	int status;

	if (p->fd != -1)
		close(p->fd);
	exec_unwatch(p->exit_fd);
	p->fd = p->exit_fd = -1;
	while (waitpid(p->pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : NET_CHILD_FAIL;
}

/* The program behind a server child's relay, for exec_relay_stop. */
static struct exec_prog exec_child_prog = { .pid = -1 };

/*
 * The server ends its children with SIGTERM: end the program too (on a
 * terminal, our end's close at exit hangs the rest of it up).
 */
static void
exec_relay_stop(int sig)
{
	(void)sig;
	if (exec_child_prog.pid > 0)
		exec_stop(&exec_child_prog, SIGTERM);
	_exit(NET_CHILD_FAIL);
}

/*
 * End the program behind a server child's relay and whatever it started:
 * they share our process group (the server made us its leader), so
 * signal the group with ourselves immune.  Only the program if we lead
 * no group.  On a terminal the program leads a session and its group of
 * its own.
 */
static void
exec_relay_end(const struct exec_prog *p)
{
	if (p->pty || getpgrp() != getpid()) {
		exec_stop(p, SIGTERM);
		return;
	}
	(void)signal(SIGTERM, SIG_IGN);
	(void)kill(0, SIGTERM);
}

int
exec_relay(struct exec_job *j, struct conn *ep, struct relay_opts *ro)
{
	struct exec_prog own = { .pid = -1 }, *p = &own;
	struct sigaction sa;
	char err[SK_ERRLEN];
	int child = (j->flags & EXEC_CHILD) != 0, rc, save_errno;

	if (ro == NULL) {
		/* a dial's steps leave it non-blocking: a program reads as
		 * usual */
		(void)net_set_nonblock(ep->fd, 0);
		if ((p->pid = exec_spawn(ep->fd, j->argv, j->envp,
		    j->flags)) == -1)
			return -1;
		p->fd = p->exit_fd = -1;
		j->relay_rc = 0;
		j->status = exec_wait(p);
		save_errno = errno;
		(void)conn_close(ep, -1);
		errno = save_errno;
		return 0;
	}
	if (child)
		p = &exec_child_prog;
	if (exec_start(p, j->argv, j->envp, j->flags & ~EXEC_CHILD) == -1)
		return -1;
	if (child) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = exec_relay_stop;
		sigemptyset(&sa.sa_mask);
		(void)sigaction(SIGTERM, &sa, NULL);
		(void)sigaction(SIGINT, &sa, NULL);
		(void)sigaction(SIGHUP, &sa, NULL);
	}
	exec_relay_opts(p, ro);
	if (j->relay != NULL)
		rc = j->relay(j->arg, ro);
	else {
		ro->conn = ep;
		if ((rc = relay_run(ep->fd, ro, err)) == -1 && err[0] != '\0' &&
		    j->fail != NULL)
			j->fail(j->arg, err);
	}
	(void)conn_close(ep, rc == 0 || child ? -1 : 0);
	if (rc != 0 && child)
		exec_relay_end(p);
	else if (rc != 0)
		exec_stop(p, SIGTERM);
	j->relay_rc = rc;
	j->status = exec_wait(p);
	return 0;
}
