/*
 * cli/join.h: --join, the multicast groups a UDP listener joins
 * (udp-serve; listen -u may take it the same way): the option group
 * CLI_JOIN of cli.h, whose row is here and whose reading cli.c calls,
 * the checks against the address listened on, and the joins made on
 * the bound socket, in words.
 *
 * A command takes it in three steps: CLI_JOIN in its cli_spec with a
 * CLI_JOIN_DOC row in its table and cl.joins pointed at its struct
 * cli_joins; once the options and operands are read, cli_join_check
 * with its -4/-6 and the address operand; once the socket is bound,
 * cli_join_apply.
 */
#ifndef CLI_JOIN_H
#define CLI_JOIN_H

#include <stddef.h>

#include "cli/cli.h"
#include "parse/mcast.h"
#include "parse/opt.h"

#define CLI_MAXJOIN	32	/* --join given; Linux allows 20 by default */

/* The help line of --join, for a command's table. */
#define CLI_JOIN_DOC \
	OPT_DOC(CLI_O_JOIN, \
	    "  --join [source>]group[@if]  receive the datagrams sent to " \
	    "multicast group\n" \
	    "             (only source's, with source>); if: an IPv4 " \
	    "address, a name or an\n" \
	    "             index (repeatable)\n")

struct cli_joins {
	struct mcast_spec v[CLI_MAXJOIN];
	size_t		 n;
};

/* The row: --join SPEC, its setter's, into cl->joins. */
extern const struct opt_def cli_join_opts[];

/*
 * Can a socket of family (-4: AF_INET, -6: AF_INET6, else AF_UNSPEC)
 * listening on host ("" for every address) take the groups of
 * cl->joins?  0, or -1 after the message.
 */
int	cli_join_check(const struct cli *cl, int family, const char *host);
/*
 * Join each group of j on fd, the bound socket; with verbose, say so
 * ("joined 239.1.2.3").  0, or -1 after the message.
 */
int	cli_join_apply(int fd, const struct cli_joins *j, int verbose);

#endif /* CLI_JOIN_H */
