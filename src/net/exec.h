/*
 * exec.h: programs run on a connection, for listen -e and -c (each
 * connection's) and connect -e and -c (the one it made).
 *
 * Core: it builds the environment a program sees (SOCKT_PEER_ADDR and
 * the UCSPI names of tcpserver, SOCKT_TLS_CLIENT_SUBJECT for a TLS
 * client's certificate: exec_env_tls, NULL for none; SOCKT_WS_ORIGIN
 * for a WebSocket client's Origin: exec_env_ws) and starts the
 * program: on the socket itself (exec_spawn), or behind the caller's
 * relay (exec_start) on one end of a socketpair or, with EXEC_PTY, on a
 * pseudo-terminal of its own (pty.c).  It neither prints nor exits;
 * failures return -1 with errno.
 */
#ifndef EXEC_H
#define EXEC_H

#include <sys/types.h>
#include <sys/socket.h>

struct conn;
struct relay_opts;

/* An environment for programs run on a connection. */
struct exec_env {
	char	**envp;		/* the SOCKT_ and UCSPI names, then environ */
	char	 *slots;	/* storage for the per-connection strings */
	size_t	  tls_at;	/* envp's slot for the TLS client's subject */
	char	 *tls_slot;	/* its string */
	char	 *ws_slot;	/* SOCKT_WS_ORIGIN's, after it */
};

#define EXEC_PATH	0x01	/* look the program up in PATH */
#define EXEC_STDERR	0x02	/* its stderr on the connection too */
#define EXEC_PGRP	0x04	/* in a process group of its own */
#define EXEC_PTY	0x08	/* exec_start: on a pseudo-terminal, its
				 * session leader, stderr there too */
#define EXEC_CHILD	0x10	/* exec_relay: in a server's child */

/*
 * A program behind a relay (exec_start): the relay moves bytes between
 * fd and the connection, as exec_relay_opts sets it up.
 */
struct exec_prog {
	pid_t	 pid;
	int	 fd;		/* our end: a socketpair's, or the pty's
				 * master; close-on-exec, non-blocking */
	int	 pty;		/* on a pseudo-terminal */
	int	 exit_fd;	/* with pty: readable once it has exited;
				 * -1 without */
};

int	exec_env_init(struct exec_env *env);
int	exec_env_set(struct exec_env *env, int fd, const char *peer,
	    int port, const struct sockaddr *local, socklen_t locallen);
void	exec_env_tls(struct exec_env *env, const char *subject);
void	exec_env_ws(struct exec_env *env, const char *origin);
void	exec_env_free(struct exec_env *env);
pid_t	exec_spawn(int fd, char *const argv[], char *const envp[], int flags);
int	exec_exec(int fd, char *const argv[], char *const envp[], int flags);
int	exec_found(const char *prog);

int	exec_start(struct exec_prog *p, char *const argv[],
	    char *const envp[], int flags);
void	exec_relay_opts(const struct exec_prog *p, struct relay_opts *ro);
void	exec_stop(const struct exec_prog *p, int sig);
int	exec_wait(struct exec_prog *p);

/*
 * exec_relay: the program of j behind the relay to the endpoint ep,
 * start to end.  exec_start's flags, and with EXEC_CHILD the rules of a
 * server's child: SIGTERM, SIGINT and SIGHUP end the program, then us,
 * while it runs; a failed relay ends our whole process group (ourselves
 * immune), the program and whatever it started, where we lead one; ep
 * always ends gracefully.  Without it a failed relay ends ep at once and
 * the program alone.  The relay is relay_run over ep with ro (the
 * program's side set here; j->fail hears of a failure in words before
 * ep ends), or j->relay where not NULL (nonzero: it failed).  Then the
 * program is waited for.  Returns 0 with j->relay_rc (the relay's) and
 * j->status (the program's exit status, NET_CHILD_FAIL for a death by a
 * signal, or -1 with errno: the wait failed), or -1 with errno when the
 * program did not start (ep untouched).  With ro NULL there is no relay:
 * the program gets ep's descriptor itself (made blocking) as its stdin
 * and stdout, and once it has exited ep ends gracefully.
 */
struct exec_job {
	char *const	*argv;
	char *const	*envp;
	int		 flags;
	int		(*relay)(void *arg, struct relay_opts *ro);
	void		(*fail)(void *arg, const char *err);
	void		*arg;
	int		 relay_rc;
	int		 status;
};

int	exec_relay(struct exec_job *j, struct conn *ep, struct relay_opts *ro);

#endif /* EXEC_H */
