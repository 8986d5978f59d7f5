/*
 * cli/join.c: --join for the UDP listeners (join.h): the option read
 * with parse/mcast.c, checked against the address listened on, and the
 * joins made by net/mcast_io.c, in words.
 */
#include <sys/socket.h>

#include <stdio.h>

#include "cli/cli.h"
#include "cli/join.h"
#include "cli/msg.h"
#include "net/mcast_io.h"
#include "parse/mcast.h"
#include "parse/opt.h"
#include "util/base.h"

static int	set_join(void *, const struct opt_state *);

/* The row; each command's help line is CLI_JOIN_DOC. */
const struct opt_def cli_join_opts[] = {
	OPT_CALL_ID(CLI_O_JOIN, 0, "join", "group", COMP_NONE, NULL, set_join,
	    NULL),
	OPT_END
};

/* --join SPEC into cl->joins (dest): 0, or -1 after the message. */
static int
set_join(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;
	struct cli_joins *j = cl->joins;
	const char *spec = st->arg;
	char err[SK_ERRLEN];

	if (j->n == CLI_MAXJOIN)
		return msg_usage(cl->spec->usage, "--join: more than %d groups",
		    CLI_MAXJOIN);
	if (mcast_parse(spec, &j->v[j->n], err) == -1)
		return msg_usage(cl->spec->usage, "--join: %s", err);
	j->n++;
	return 0;
}

int
cli_join_check(const struct cli *cl, int family, const char *host)
{
	char err[SK_ERRLEN];

	if (cl->joins == NULL || mcast_check_listen(cl->joins->v,
	    cl->joins->n, family == AF_UNSPEC ? 0 : family, host, err) == 0)
		return 0;
	return msg_usage(cl->spec->usage, "--join %s", err);
}

int
cli_join_apply(int fd, const struct cli_joins *j, int verbose)
{
	char err[SK_ERRLEN];
	size_t i;

	for (i = 0; i < j->n; i++) {
		if (mcast_join(fd, &j->v[i], err) == -1) {
			msg_warnx("%s", err);
			return -1;
		}
		if (verbose)
			msg_warnx("joined %s", j->v[i].label);
	}
	return 0;
}
