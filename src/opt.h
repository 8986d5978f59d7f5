/*
 * opt.h: option parsing for every command, pure (no I/O).  Short options
 * as in getopt(3) ("46w:"), long options from a table, options and
 * operands in any order ("--" ends options, "-" alone is an operand).
 * -h and --help are always recognised and returned as 'h'.  opt_next
 * returns the option character (or the long option's val), -1 at the
 * end, or '?' with st->err set.  After -1, the operands are
 * st->argv[0 .. st->argc - 1].
 * opt_rest, right after an option that takes an argument, ends option
 * parsing there and returns that argument and every argument after it
 * as a NULL-terminated vector (listen -e PROG ARG...); the operands are
 * those met before it.
 * A long option whose table name starts with '-' ("-iL") is spelled
 * with one dash, as nmap spells it, and is matched before the word is
 * read as a cluster of short options.
 * opt_check says, once the options are read, whether two options that
 * exclude each other were both given: a table of struct opt_excl ends
 * with a NULL a; it returns 0, or -1 with st->err set to the rule's
 * message or "-4 and -6 exclude each other".  opt_seen says whether
 * option c (a short letter or a long option's val, 1-255) was given.
 */
#ifndef OPT_H
#define OPT_H

#include "sockt.h"

struct opt_long {
	const char	*name;
	int		 has_arg;	/* 0 or 1 */
	int		 val;
};

/*
 * An option of a given with an option of b is an error.  When a and b
 * are the same string, any two different options of it are, and the
 * generated message names them all ("--hello, --echo and --print").
 */
struct opt_excl {
	const char	*a;
	const char	*b;
	const char	*msg;		/* or NULL: "-X and -Y exclude each other" */
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
	unsigned char	  seen[32];	/* options given, a bit per value */
	char		  err[SK_ERRLEN];
};

void	opt_init(struct opt_state *, int, char **, const char *,
	    const struct opt_long *);
int	opt_next(struct opt_state *);
char  **opt_rest(struct opt_state *);
int	opt_check(struct opt_state *, const struct opt_excl *);
int	opt_seen(const struct opt_state *, int);

#endif /* OPT_H */
