/*
 * exec.h: programs run on a connection, for listen -e and -c (each
 * connection's) and connect -e and -c (the one it made).
 *
 * Core: it builds the environment a program sees (SOCKT_PEER_ADDR and
 * the UCSPI names of tcpserver, SOCKT_TLS_CLIENT_SUBJECT for a TLS
 * client's certificate: exec_env_tls, NULL for none) and starts the
 * program: on the socket itself (exec_spawn), or behind the caller's
 * relay (exec_start) on one end of a socketpair or, with EXEC_PTY, on a
 * pseudo-terminal of its own (pty.c).  It neither prints nor exits;
 * failures return -1 with errno.
 */
#ifndef EXEC_H
#define EXEC_H

#include <sys/types.h>
#include <sys/socket.h>

struct relay_opts;

/* An environment for programs run on a connection. */
struct exec_env {
	char	**envp;		/* the SOCKT_ and UCSPI names, then environ */
	char	 *slots;	/* storage for the per-connection strings */
	size_t	  tls_at;	/* envp's slot for the TLS client's subject */
	char	 *tls_slot;	/* its string */
};

#define EXEC_PATH	0x01	/* look the program up in PATH */
#define EXEC_STDERR	0x02	/* its stderr on the connection too */
#define EXEC_PGRP	0x04	/* in a process group of its own */
#define EXEC_PTY	0x08	/* exec_start: on a pseudo-terminal, its
				 * session leader, stderr there too */

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
void	exec_env_free(struct exec_env *env);
pid_t	exec_spawn(int fd, char *const argv[], char *const envp[], int flags);
int	exec_exec(int fd, char *const argv[], char *const envp[], int flags);
int	exec_found(const char *prog);

int	exec_start(struct exec_prog *p, char *const argv[],
	    char *const envp[], int flags);
void	exec_relay_opts(const struct exec_prog *p, struct relay_opts *ro);
void	exec_stop(const struct exec_prog *p, int sig);
int	exec_wait(struct exec_prog *p);

#endif /* EXEC_H */
