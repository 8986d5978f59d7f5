/*
 * cmd/: the commands.  One file per command, cmd_NAME(argc, argv)
 * returning the exit status, and the files only that command uses.  May
 * use every other folder; only commands choose what to say and when to
 * exit.
 *
 * cmd.h: the commands, one src/cmd/NAME.c each, for the table in sockt.c.
 * Each takes its argv (argv[0] is the command name) and returns its exit
 * status.  Below cmd/ no one knows an exit status: a helper of cli/ or
 * the engine returns 0, or -1 after saying (or filling err with) why,
 * and the command turns that into its status.
 */
#ifndef CMD_H
#define CMD_H

/* Exit statuses, the same for every command. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* network or runtime failure */
#define EXIT_USAGE	2	/* bad command line */

/*
 * A step of a command returns CMD_GO_ON to go on, else the exit status
 * to return, having said why; the caller passes a status on unchanged:
 *
 *	if ((rc = step(...)) != CMD_GO_ON)
 *		return rc;
 *
 * An exit status is 0 to 255, so the two cannot be confused, and -1 is
 * neither: it means a failure, as everywhere.
 */
#define CMD_GO_ON	256

/* msg_usage's message and try line, then EXIT_USAGE to return. */
int	cmd_usage(const char *usage, const char *fmt, ...);

int	cmd_connect(int argc, char **argv);
int	cmd_http_get(int argc, char **argv);
int	cmd_listen(int argc, char **argv);
int	cmd_portscan(int argc, char **argv);
int	cmd_serve_hello(int argc, char **argv);
int	cmd_udp_send(int argc, char **argv);
int	cmd_udp_serve(int argc, char **argv);

#endif /* CMD_H */
