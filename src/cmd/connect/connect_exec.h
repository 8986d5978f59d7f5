/*
 * cmd/connect/connect_exec.h: connect -e and -c, a program on the connection
 * connect made (connect_exec.c).  Part of the command: private to the
 * connect*.c files.
 */
#ifndef CONNECT_EXEC_H
#define CONNECT_EXEC_H

#include <stddef.h>

struct conn;

/* The program and how it runs, as the command line said. */
struct connect_exec {
	char	**prog;		/* argv of -e or of sh -c; NULL: none */
	char	 *sh_argv[4];	/* -c: sh -c COMMAND */
	int	  flags;	/* EXEC_PATH (-e), EXEC_STDERR, EXEC_PTY */
	int	  idle_ms;	/* -i, or -1 */
	const char *peer;	/* names the connection in messages */
};

/*
 * Once the options are read (x->prog and EXEC_PATH by cli_prog): --pty
 * and --stderr (pty, err: given) into x->flags (the rules saw that they
 * have a program); -e's must be there.  Returns CMD_GO_ON, else
 * EXIT_USAGE after the message (with usage).
 */
int	connect_exec_settle(struct connect_exec *x, int pty, int err,
	    const char *usage);

/*
 * Run the program on the endpoint ep and wait for it.  A bare socket is
 * the program's stdin and stdout itself; layers (TLS), bytes a proxy sent
 * past its reply, --pty and -i put the relay between the two.  Ends ep.
 * Returns the exit status: the program's, EXIT_FAIL for a death by a
 * signal or a failure (said).
 */
int	connect_exec_run(const struct connect_exec *x, struct conn *ep);

#endif /* CONNECT_EXEC_H */
