/*
 * exec.h: programs run on a connection, for listen -e and -c.
 *
 * A command helper owned by cmd/listen.c (nothing else includes it): it
 * builds the environment a program sees (SOCKT_PEER_ADDR and the UCSPI
 * names of tcpserver, SOCKT_TLS_CLIENT_SUBJECT for a TLS client's
 * certificate: exec_env_tls, NULL for none) and starts the program on
 * a socket.  It neither
 * prints nor exits; failures return -1 with errno.
 */
#ifndef EXEC_H
#define EXEC_H

#include <sys/types.h>

#include "net/server.h"

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

int	exec_env_init(struct exec_env *env);
int	exec_env_set(struct exec_env *env, const struct server_conn *c);
void	exec_env_tls(struct exec_env *env, const char *subject);
void	exec_env_free(struct exec_env *env);
pid_t	exec_spawn(int fd, char *const argv[], char *const envp[], int flags);
int	exec_exec(int fd, char *const argv[], char *const envp[], int flags);
int	exec_found(const char *prog);

#endif /* EXEC_H */
