/*
 * cli/server_user.c: --user for the servers (server_user.h): the user
 * looked up with the options, the drop once bound, in words.  What a
 * drop is, and its checks, is util/user.c's.
 */
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/server_user.h"
#include "net/exec.h"
#include "net/net.h"
#include "parse/opt.h"
#include "util/base.h"
#include "util/user.h"

static int	set_user(void *, const struct opt_state *);

/* The row; each command's help line is CLI_USER_DOC. */
const struct opt_def cli_user_opts[] = {
	OPT_CALL_ID(CLI_O_USER, 0, "user", "name", COMP_NONE, NULL, set_user,
	    NULL),
	OPT_END
};

/* --user NAME into cl->user (dest): 0, or -1 after the message. */
static int
set_user(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;
	const char *name = st->arg;
	char err[SK_ERRLEN];

	if (user_find(name, cl->user, err) == -1)
		return msg_usage(cl->spec->usage, "--user %s: %s", name, err);
	/* nothing to drop to: we are that user already */
	if (geteuid() != 0 && (cl->user->uid != geteuid() ||
	    cl->user->uid != getuid())) {
		msg_warnx("--user %s: only root may change user", name);
		return -1;
	}
	return 0;
}

int
cli_user_drop(const struct user_id *u, int verbose, const char *prog,
    const char *path, const struct net_unix_id *id)
{
	char err[SK_ERRLEN];
	int self;

	if (u->name[0] == '\0') {
		if (prog != NULL && verbose && geteuid() == 0)
			msg_warnx("the program runs as root: --user NAME runs "
			    "it as NAME");
		return 0;
	}
	self = getuid() == u->uid && geteuid() == u->uid;
	if (path != NULL && !self &&
	    net_chown_unix(path, id, u->uid, u->gid) == -1) {
		msg_warn("%s: cannot give it to %s", path, u->name);
		goto fail;
	}
	if (user_drop(u, err) == -1) {
		msg_warnx("--user %s: %s", u->name, err);
		goto fail;
	}
	/* looked for as root at first: the user's own search now */
	if (prog != NULL && !exec_found(prog)) {
		msg_warnx("--user %s: %s: not found or not executable as %s",
		    u->name, prog, u->name);
		goto fail;
	}
	if (verbose && !self)
		msg_warnx("running as %s: uid %lu, gid %lu", u->name,
		    (unsigned long)u->uid, (unsigned long)u->gid);
	return 0;
fail:
	if (path != NULL)
		(void)net_unlink_unix(path, id);
	return -1;
}
