/*
 * opt.h: option parsing for every command, pure (no I/O).  Short options
 * as in getopt(3) ("46w:"), long options from a table, options and
 * operands in any order ("--" ends options, "-" alone is an operand).
 * -h and --help are always recognised and returned as 'h'.  opt_next
 * returns the option character (or the long option's val), -1 at the
 * end, or '?' with st->err set.  After -1, the operands are
 * st->argv[0 .. st->argc - 1].
 */
#ifndef OPT_H
#define OPT_H

#include "sockt.h"

struct opt_long {
	const char	*name;
	int		 has_arg;	/* 0 or 1 */
	int		 val;
};

struct opt_state {
	int		  argc;		/* after the end: operand count */
	char		**argv;		/* after the end: the operands */
	char		 *arg;		/* argument of the current option */
	const char	 *shorts;
	const struct opt_long *longs;
	int		  ind;		/* next argv index to look at */
	int		  pos;		/* position inside a cluster */
	int		  nops;		/* operands collected so far */
	int		  done;
	char		  err[SK_ERRLEN];
};

void	opt_init(struct opt_state *, int, char **, const char *,
	    const struct opt_long *);
int	opt_next(struct opt_state *);

#endif /* OPT_H */
