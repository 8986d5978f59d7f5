/*
 * cli.h: the options several commands share, read for them.
 *
 * Layer: command helper, included by the commands (cmd_*.c) only.  It
 * prints their usage errors and their help through msg.h, and turns
 * option letters into settings of the core's structures (net_opts,
 * relay_opts, server_opts): the core knows no option letter.
 *
 * A command says which groups of common options it takes (CLI_*) and
 * where they go, gives only its own letters and long options to
 * cli_init, and reads its own options with cli_next, which applies the
 * common ones itself:
 *
 *	cli_init(&cl, &st, argc, argv, "Uz", NULL);
 *	while ((c = cli_next(&cl, &st)) != -1)
 *		switch (c) {
 *		case CLI_EXIT:
 *			return cl.status;	(help shown, or a usage error)
 *		case 'U':
 *			...
 *		}
 *
 * cli_next returns an option of the command's own, CLI_EXIT with
 * cl.status set (the help was printed: EXIT_OK; an error was said with
 * the synopsis: EXIT_USAGE), or -1 at the end, once the exclusions
 * (-4 with -6 for every command that takes CLI_FAMILY, then cl.excl)
 * have been checked; the operands are then st.argv[0 .. st.argc - 1].
 * The caller fills usage, help, takes, excl and the pointers the groups
 * it takes need before cli_init, which keeps them.
 *
 * The long options of the groups use the values 'A' (--allow), 'D'
 * (--deny) and 'P' (--max-per-peer): a command that takes CLI_ACL or
 * CLI_LIMITS gives none of its own options those values.
 */
#ifndef CLI_H
#define CLI_H

#include "opt.h"

#define CLI_FAMILY	0x0001	/* -4, -6 into no->family */
#define CLI_NUMERIC	0x0002	/* -n into no->numeric */
#define CLI_SOURCE	0x0004	/* -s addr into no->src_addr */
#define CLI_WAIT	0x0008	/* -w secs ("timeout") into *wait_ms */
#define CLI_VERBOSE	0x0010	/* -v into verbose */
#define CLI_RELAY	0x0020	/* -C -d -Q -x, -i secs, -q secs into *ro */
#define CLI_ACL		0x0040	/* --allow spec, --deny spec into *so */
#define CLI_LIMITS	0x0080	/* -m max, --max-per-peer n into *so */

#define CLI_EXIT	(-2)	/* cli_next: return cl.status */
#define CLI_MAXACL	256	/* --allow and --deny entries, each */

struct net_opts;
struct relay_opts;
struct server_opts;

struct cli {
	const char	 *usage;	/* the synopsis: "usage: sockt CMD ..." */
	const char	 *help;		/* what each option does, or NULL */
	unsigned int	  takes;	/* CLI_* */
	const struct opt_excl *excl;	/* the command's own, or NULL */
	struct net_opts	 *no;		/* CLI_FAMILY, CLI_NUMERIC, CLI_SOURCE */
	struct relay_opts *ro;		/* CLI_RELAY */
	struct server_opts *so;		/* CLI_ACL, CLI_LIMITS */
	int		 *wait_ms;	/* CLI_WAIT */
	int		  verbose;	/* CLI_VERBOSE: -v given */
	int		  status;	/* after CLI_EXIT */
	/* the common options the command takes, with its own */
	char		  shorts[64];
	struct opt_long	  longs[32];
};

void	cli_init(struct cli *, struct opt_state *, int, char **,
	    const char *, const struct opt_long *);
int	cli_next(struct cli *, struct opt_state *);

#endif /* CLI_H */
