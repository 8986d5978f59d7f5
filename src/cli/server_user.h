/*
 * cli/server_user.h: --user NAME, the user a server started as root
 * runs as once its socket is bound (listen in every mode, serve-hello,
 * udp-serve): the option group CLI_USER of cli.h, whose row is here and
 * whose reading cli.c calls, and the drop itself (util/user.c), in
 * words.
 *
 * A command takes it in two steps: CLI_USER in its cli_spec with a
 * CLI_USER_DOC row in its table and cl.user pointed at its struct
 * user_id (zeroed: no --user); once every socket is bound and every file
 * the server needs is open, and before it serves a single client,
 * cli_user_drop.
 */
#ifndef CLI_SERVER_USER_H
#define CLI_SERVER_USER_H

#include "cli/cli.h"
#include "parse/opt.h"

/* The help line of --user, for a command's table. */
#define CLI_USER_DOC \
	OPT_DOC(CLI_O_USER, \
	    "  --user name  started as root: once bound, run as user name " \
	    "(or a uid), its\n" \
	    "             groups, gid and uid, for good\n")

struct net_unix_id;
struct user_id;

/*
 * The row: --user NAME into cl->user, by its setter: looked up now,
 * before anything is bound (a usage error: no such user), and refused
 * unless we are root or NAME is us already.
 */
extern const struct opt_def cli_user_opts[];

/*
 * Once bound: drop to u (util/user.h's user_drop), with verbose a line
 * saying so; -U's socket file (path, made as id) given to u first, so
 * that the server may remove it at its end.  Without --user (u's name
 * empty), as root, with verbose, a line that a program (prog, not NULL)
 * runs as root.  With --user, prog (-e's) must be one u may run.
 * Returns 0, or -1 after the message, path removed: the command ends
 * with status 1, serving no one.
 */
int	cli_user_drop(const struct user_id *u, int verbose, const char *prog,
	    const char *path, const struct net_unix_id *id);

#endif /* CLI_SERVER_USER_H */
