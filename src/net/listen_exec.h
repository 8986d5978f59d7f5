/*
 * listen_exec.h: programs run on a connection, for listen -e and -c.
 *
 * A command helper owned by cmd/listen.c (nothing else includes it): it
 * builds the environment a program sees (SOCKT_PEER_ADDR and the UCSPI
 * names of tcpserver, SOCKT_TLS_CLIENT_SUBJECT for a TLS client's
 * certificate: lexec_env_tls, NULL for none) and starts the program on
 * a socket (lexec_spawn), or becomes it in a server's child that read
 * from the connection first (lexec_exec).  It neither
 * prints nor exits; failures return -1 with errno.
 */
#ifndef LISTEN_EXEC_H
#define LISTEN_EXEC_H

#include <sys/types.h>

#include "net/server.h"

/* An environment for programs run on a connection. */
struct lexec_env {
	char	**envp;		/* the SOCKT_ and UCSPI names, then environ */
	char	 *slots;	/* storage for the per-connection strings */
	size_t	  tls_at;	/* envp's slot for the TLS client's subject */
	char	 *tls_slot;	/* its string */
};

#define LEXEC_PATH	0x01	/* look the program up in PATH */
#define LEXEC_STDERR	0x02	/* its stderr on the connection too */
#define LEXEC_PGRP	0x04	/* in a process group of its own */

int	lexec_env_init(struct lexec_env *env);
int	lexec_env_set(struct lexec_env *env, const struct server_conn *c);
void	lexec_env_tls(struct lexec_env *env, const char *subject);
void	lexec_env_free(struct lexec_env *env);
pid_t	lexec_spawn(int fd, char *const argv[], char *const envp[], int flags);
int	lexec_exec(int fd, char *const argv[], char *const envp[], int flags);
int	lexec_found(const char *prog);

#endif /* LISTEN_EXEC_H */
