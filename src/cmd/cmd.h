/*
 * cmd/: the commands.  One file per command, cmd_NAME(argc, argv)
 * returning the exit status, and the files only that command uses.  May
 * use every other folder; only commands choose what to say and when to
 * exit.
 *
 * cmd.h: the commands, one src/cmd/NAME.c each, for the table in sockt.c.
 * Each takes its argv (argv[0] is the command name) and returns its exit
 * status (sockt.h).
 */
#ifndef CMD_H
#define CMD_H

int	cmd_connect(int argc, char **argv);
int	cmd_http_get(int argc, char **argv);
int	cmd_listen(int argc, char **argv);
int	cmd_portscan(int argc, char **argv);
int	cmd_serve_hello(int argc, char **argv);
int	cmd_udp_send(int argc, char **argv);
int	cmd_udp_serve(int argc, char **argv);

#endif /* CMD_H */
