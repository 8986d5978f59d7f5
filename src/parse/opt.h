/*
 * parse/: pure parsers, no I/O at all, so the unit tests and the fuzz
 * harnesses link them alone.  May use util only.
 *
 * opt.h: option parsing for every command, pure (no I/O).
 *
 * A command declares its options once, in a table of struct opt_def
 * (as git's OPT_BOOL and curl's aliases[]): each row holds the short
 * letter (or none), the long name (or none), whether it takes an
 * argument, how a shell completes that argument, an id (from the
 * command's enum, or made from the member a bound row names: OPT_BOOL
 * ... below, which also bind where the value goes), and its lines of
 * --help.  The parser, the help, the rules' messages and the completion
 * scripts all read that table.
 *
 * Rows of a table, in the order --help prints them:
 *	OPT_FLAG_(id, c, name, help)	a flag
 *	OPT_ARG_(id, c, name, arg, comp, help)	takes an argument called
 *					arg, completed as comp
 *	OPT_WORDS_(id, c, name, arg, words, help)	an argument that is one
 *					of the space-separated words
 *	OPT_OPTARG_(id, c, name, arg, help)	a long option whose
 *					argument may be left out: it is
 *					"--name=ARG", or the next word when
 *					that is a number (so a URL after it
 *					stays an operand); st->arg is NULL
 *					without one
 *	OPT_INT_(id, c, name, arg, noun, min, max, help)	an integer
 *					in [min, max]
 *	OPT_SIZE_(id, c, name, arg, noun, min, max, help)	a byte count,
 *					k, M, G or T after it (1024-based),
 *					in [min, max]
 *	OPT_SECS_(id, c, name, noun, help)	seconds, a fraction allowed,
 *					more than 0 (a timeout)
 *	OPT_SECS0_(id, c, name, noun, help)	seconds, 0 allowed (a delay)
 *	OPT_TYPED_(id, c, name, arg, type, noun, min, max, help)	any of
 *					these, with the OPT_T_* flags below
 *	OPT_ALIAS(id, c, name, has_arg)	another name of option id
 *	OPT_DOC(id, help)		help for an option declared in another
 *					table (a shared group of cli.c)
 *	OPT_LIKE_ABOVE(id)		option id is described by the line
 *					just above ("-4, -6  ...")
 *	OPT_TEXT(help)			help text of no option (a heading)
 *	OPT_VALUE(id, name, words)	no option: id counts as given while
 *					the last argument of option --name
 *					is one of the space-separated words
 *					(--starttls smtp), so that the rules
 *					can name a value; their messages
 *					call it "--name w1 or w2"
 *	OPT_END
 * c is the letter or 0; name is the long name without its "--", or
 * NULL; a name starting with '-' ("-iL") is spelled with one dash, as
 * nmap spells it, and is matched before the word is read as a cluster
 * of short options.  help is the row's lines as --help prints them,
 * continuation lines included, or NULL; its first line's text column
 * (column 13, or after the first two spaces past a longer label) is
 * the option's description in the completions.  An id is any value
 * above 0 from an enum; a table is searched in order and several
 * tables (a command's own, then the shared groups) in the order
 * opt_init gets them, so the first table's letter wins.
 *
 * A typed row's argument is read and checked by opt_next itself, so
 * that no command writes that again: the value is in st->num (OPT_T_INT,
 * OPT_T_SIZE) or st->ms (OPT_T_SECS, milliseconds), and a bad one is
 * OPT_ERR with st->err "NOUN ARG: REASON" ("connections 0: too small",
 * "timeout 0: must be more than 0"), st->arg still pointing at it.
 * noun is what the message calls the argument; the reasons are
 * util/num.h's.  The first row of the id that gives a type gives it
 * (an alias's too); opt_typed finds that row, or NULL.  opt_bound
 * finds the row that binds option id (OPT_BOOL ... below), or NULL.
 *
 * opt_next returns the id of the option read (above 0), OPT_DONE (0)
 * at the end, OPT_HELP for -h and --help (always recognised), or
 * OPT_ERR (-1) with st->err set.  After OPT_DONE, the operands are
 * st->argv[0 .. st->argc - 1]; options and operands come in any order,
 * "--" ends options and "-" alone is an operand.
 * opt_rest, right after an option that takes an argument, ends option
 * parsing there and returns that argument and every argument after it
 * as a NULL-terminated vector (listen -e PROG ARG...); the operands are
 * those met before it.
 * opt_seen says whether option id was given.  opt_mark counts id as
 * given: a mode an option's value chose (listen --to ws://), as an id
 * of no row, so that the rules can name it.
 * opt_check says, once the options are read, whether a rule of a table
 * of struct opt_rule (below) is broken: it returns 0, or -1 with
 * st->err set to the first broken row's message ("-4 and -6 exclude
 * each other", "--lines needs -u").
 * opt_name puts "-c", "--name" or "-iL" for option id into buf.
 * opt_word_in says whether word is one of the space-separated words of
 * list ("-o --output" holds "--output", not "--out").
 *
 * st->foreign, when set, is another tool's spellings the command
 * refuses with what to use instead (curl's -d for http-get, nmap's -sS
 * for portscan): a table of struct opt_foreign, ended by a NULL names.
 * An option no table declares is looked for there before it is called
 * unknown (an unknown letter of a cluster as "-c"), and a single-dash
 * word of two letters or more ("-sS") before it is read as a cluster;
 * found, it is OPT_ERR with st->err "NAME: ADVICE" ("-d: http-get sends
 * no body").  opt_foreign_find returns the row naming name (as typed,
 * dashes included, up to n bytes), or NULL.
 */
#ifndef OPT_H
#define OPT_H

#include <stddef.h>

#include "util/base.h"

#define OPT_DONE	0
#define OPT_ERR		(-1)
#define OPT_HELP	(-2)

#define OPT_ID_TEXT	(-5)	/* the id of an OPT_TEXT row */

/* How a shell completes an option's argument (or an operand). */
enum opt_comp {
	COMP_NONE,	/* anything: the shell offers nothing */
	COMP_FILE,
	COMP_HOST,
	COMP_PORT,	/* a port number or service name */
	COMP_WORDS	/* one of opt_def.words */
};

#define OPT_R_DOC	0x01	/* declares no option: help for one */
#define OPT_R_SAME	0x02	/* described by the help line above */
#define OPT_R_VALUE	0x04	/* OPT_VALUE: a value of another option */
#define OPT_R_BIND_SHIFT 4	/* rflags' high bits: how it binds (OPT_B_*) */

/* opt_type.flags: what a typed argument is, read by opt_next */
#define OPT_T_INT	0x001	/* a decimal integer in [min, max] */
#define OPT_T_SIZE	0x002	/* bytes, with parse_size's suffixes */
#define OPT_T_SECS	0x003	/* seconds into milliseconds */
#define OPT_T_KIND	0x00f	/* which of those */
#define OPT_T_RANGE	0x010	/* the message ends " (MIN-MAX)" */
#define OPT_T_RANGE_TO	0x020	/* the message ends " (MIN to MAX)" */
#define OPT_T_ZERO	0x040	/* OPT_T_SECS: 0 allowed */
#define OPT_T_FOREVER	0x080	/* OPT_T_SECS: a '-' before the seconds
				 * means for ever, -1 (nc's -q -1) */
#define OPT_T_NOLIMIT	0x100	/* OPT_T_INT: "-1" means no limit, -1 */
#define OPT_T_OPTIONAL	0x200	/* the argument may be left out, as for
				 * OPT_OPTARG_ */

struct opt_state;

/* What a typed row's argument is; the rows point at it, most at none. */
struct opt_type {
	int		 flags;		/* OPT_T_* */
	const char	*noun;		/* the argument in messages */
	long long	 min, max;	/* OPT_T_INT, OPT_T_SIZE: the range */
};
/*
 * An OPT_B_SET row's setter: the option applied to the command's struct
 * dest, in place of a type (its argument is taken as it is).
 */
typedef int	(*opt_setter)(void *dest, const struct opt_state *st);

/*
 * How a row binds its option (opt_def.bind), as git's OPT_BOOL binds a
 * variable: cli_next applies it to the command's struct at the row's
 * offset and goes on, so the option needs no case of the command's.
 */
#define OPT_B_NONE	0	/* none: its id is the command's to read */
#define OPT_B_FLAG	1	/* an int: 1 */
#define OPT_B_INT	2	/* an int: the typed value (ms for secs) */
#define OPT_B_NUM	3	/* a long long: the typed value */
#define OPT_B_STR	4	/* a const char *: the argument */
#define OPT_B_SET	5	/* type->set(dest, st): 0, or what cli_next
				 * returns (below 0) after saying why */
#define OPT_B_CONST	6	/* an int: the row's value (git's
				 * OPT_SET_INT: -4 is AF_INET) */

/*
 * A row.  The pointers first and the small fields packed after: the
 * tables are most of the binary's read-only data.
 */
struct opt_def {
	const char	*name;		/* long option, or NULL */
	const char	*arg;		/* the argument's name: "file" */
	const char	*words;		/* COMP_WORDS: the words */
	const char	*help;		/* --help lines, or NULL */
	union {
		const struct opt_type *type;	/* or NULL: any string */
		opt_setter	 set;	/* OPT_B_SET rows: their setter */
		int		 value;	/* OPT_B_CONST rows: their value */
	} u;
	short		 id;		/* 0 ends a table */
	unsigned short	 off;		/* bound: the destination's offset */
	unsigned char	 letter;	/* short option, or 0 */
	unsigned char	 has_arg;	/* 0, 1 or OPT_ARG_OPTIONAL */
	unsigned char	 comp;		/* enum opt_comp */
	unsigned char	 rflags;	/* OPT_R_*, and OPT_B_* << 4 */
};
#define OPT_BIND(r)	((r)->rflags >> 4)	/* row r's OPT_B_* */

/*
 * The rows, in the order of the fields: name, arg, words, help, type,
 * id, off, letter, has_arg, comp, rflags and bind (OPT_ROW_).  A typed
 * row's struct opt_type is a compound literal: a table of them is at
 * file scope, where that has static storage.
 */
#define OPT_ROW_(name, arg, words, help, type, id, off, c, has, comp, rf, \
    bind) \
	{ (name), (arg), (words), (help), { type }, (id), (off), (c), (has), \
	    (comp), (rf) | ((bind) << OPT_R_BIND_SHIFT) }
#define OPT_TYPE_(t, noun, min, max) \
	.type = (&(const struct opt_type){ (t), (noun), (min), (max) })
#define OPT_HAS_(type)	(((type) & OPT_T_OPTIONAL) ? OPT_ARG_OPTIONAL : 1)
#define OPT_FLAG_(id, c, name, help) \
	OPT_ROW_(name, NULL, NULL, help, NULL, id, 0, c, 0, COMP_NONE, 0, 0)
#define OPT_ARG_(id, c, name, arg, comp, help) \
	OPT_ROW_(name, arg, NULL, help, NULL, id, 0, c, 1, comp, 0, 0)
#define OPT_ARG_OPTIONAL	2	/* opt_def.has_arg: may be left out */
#define OPT_OPTARG_(id, c, name, arg, help) \
	OPT_ROW_(name, arg, NULL, help, NULL, id, 0, c, OPT_ARG_OPTIONAL, \
	    COMP_NONE, 0, 0)
#define OPT_WORDS_(id, c, name, arg, words, help) \
	OPT_ROW_(name, arg, words, help, NULL, id, 0, c, 1, COMP_WORDS, 0, 0)
#define OPT_TYPED_(id, c, name, arg, type, noun, min, max, help) \
	OPT_ROW_(name, arg, NULL, help, \
	    OPT_TYPE_(type, noun, min, max), id, 0, c, OPT_HAS_(type), \
	    COMP_NONE, 0, 0)
#define OPT_INT_(id, c, name, arg, noun, min, max, help) \
	OPT_TYPED_(id, c, name, arg, OPT_T_INT, noun, min, max, help)
#define OPT_SIZE_(id, c, name, arg, noun, min, max, help) \
	OPT_TYPED_(id, c, name, arg, OPT_T_SIZE, noun, min, max, help)
#define OPT_SECS_(id, c, name, noun, help) \
	OPT_TYPED_(id, c, name, "secs", OPT_T_SECS, noun, 0, 0, help)
#define OPT_SECS0_(id, c, name, noun, help) \
	OPT_TYPED_(id, c, name, "secs", OPT_T_SECS | OPT_T_ZERO, noun, 0, 0, \
	    help)
#define OPT_ALIAS(id, c, name, has_arg) \
	OPT_ROW_(name, NULL, NULL, NULL, NULL, id, 0, c, has_arg, COMP_NONE, \
	    0, 0)
#define OPT_DOC(id, help) \
	OPT_ROW_(NULL, NULL, NULL, help, NULL, id, 0, 0, 0, COMP_NONE, \
	    OPT_R_DOC, 0)
#define OPT_LIKE_ABOVE(id) \
	OPT_ROW_(NULL, NULL, NULL, NULL, NULL, id, 0, 0, 0, COMP_NONE, \
	    OPT_R_DOC | OPT_R_SAME, 0)
#define OPT_TEXT(help) \
	OPT_ROW_(NULL, NULL, NULL, help, NULL, OPT_ID_TEXT, 0, 0, 0, \
	    COMP_NONE, OPT_R_DOC, 0)
#define OPT_VALUE(id, name, words) \
	OPT_ROW_(name, NULL, words, NULL, NULL, id, 0, 0, 0, COMP_NONE, \
	    OPT_R_DOC | OPT_R_VALUE, 0)
#define OPT_END	OPT_ROW_(NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, \
	COMP_NONE, 0, 0)

/*
 * Rows that bind their option to a member f of the command's struct T
 * (cli.h's cl.dest), declared once, as git's OPT_BOOL('n', "dry-run",
 * &var, help): the row is the whole of the option, its id made from
 * f's offset (OPT_AT(T, f): a rule or an alias names it so).  A number
 * goes into an int, or a long long, as f is; seconds as milliseconds;
 * an optional argument left out stores 0.
 *	OPT_BOOL(c, name, T, f, help)			1 into f
 *	OPT_STRING(c, name, arg, comp, T, f, help)	the argument into f
 *	OPT_STRWORDS(c, name, arg, words, T, f, help)	the same, completed
 *							as one of words
 *	OPT_NUMBER(c, name, arg, type, noun, min, max, T, f, help)  a typed
 *					argument (OPT_T_*, as OPT_TYPED_)
 *	OPT_INT, OPT_SIZE (c, name, arg, noun, min, max, T, f, help),
 *	OPT_SECS, OPT_SECS0 (c, name, noun, T, f, help)	as OPT_INT_ ...
 *	OPT_CALL(c, name, arg, comp, words, T, f, set, help)	the argument
 *					handed to set(dest, st), whose rules
 *					and words it is: f is what it sets
 *	OPT_CALL_ID(id, c, name, arg, comp, words, set, help)	OPT_CALL
 *					for an option of no member of its own
 */
#define OPT_ID_AT	1024	/* the ids of bound rows, above the enums' */
/*
 * An id is a short in the rules: a member past 32767 - OPT_ID_AT bytes
 * into T is a compile error (an array of size -1), not an id wrapped
 * round into another's.
 */
#define OPT_AT(T, f)	(OPT_ID_AT + (int)offsetof(T, f) + 0 * \
	(int)sizeof(char[offsetof(T, f) < 32768 - OPT_ID_AT ? 1 : -1]))
#define OPT_B_NUMOF_(T, f) \
	(sizeof(((T *)0)->f) == sizeof(long long) ? OPT_B_NUM : OPT_B_INT)
#define OPT_BOUND_ID_(id, c, name, arg, words, help, type, T, f, has, comp, \
    bind) \
	OPT_ROW_(name, arg, words, help, type, id, \
	    (unsigned short)offsetof(T, f), c, has, comp, 0, bind)
#define OPT_BOUND_(c, name, arg, words, help, type, T, f, has, comp, bind) \
	OPT_BOUND_ID_(OPT_AT(T, f), c, name, arg, words, help, type, T, f, \
	    has, comp, bind)
#define OPT_BOOL(c, name, T, f, help) \
	OPT_BOUND_(c, name, NULL, NULL, help, NULL, T, f, 0, COMP_NONE, \
	    OPT_B_FLAG)
#define OPT_STRING(c, name, arg, comp, T, f, help) \
	OPT_BOUND_(c, name, arg, NULL, help, NULL, T, f, 1, comp, OPT_B_STR)
#define OPT_STRWORDS(c, name, arg, words, T, f, help) \
	OPT_BOUND_(c, name, arg, words, help, NULL, T, f, 1, COMP_WORDS, \
	    OPT_B_STR)
#define OPT_NUMBER(c, name, arg, type, noun, min, max, T, f, help) \
	OPT_BOUND_(c, name, arg, NULL, help, \
	    OPT_TYPE_(type, noun, min, max), T, f, OPT_HAS_(type), \
	    COMP_NONE, OPT_B_NUMOF_(T, f))
#define OPT_INT(c, name, arg, noun, min, max, T, f, help) \
	OPT_NUMBER(c, name, arg, OPT_T_INT, noun, min, max, T, f, help)
#define OPT_SIZE(c, name, arg, noun, min, max, T, f, help) \
	OPT_NUMBER(c, name, arg, OPT_T_SIZE, noun, min, max, T, f, help)
#define OPT_SECS(c, name, noun, T, f, help) \
	OPT_NUMBER(c, name, "secs", OPT_T_SECS, noun, 0, 0, T, f, help)
#define OPT_SECS0(c, name, noun, T, f, help) \
	OPT_NUMBER(c, name, "secs", OPT_T_SECS | OPT_T_ZERO, noun, 0, 0, T, \
	    f, help)
#define OPT_CALL(c, name, arg, comp, words, T, f, fn, help) \
	OPT_BOUND_(c, name, arg, words, help, .set = (fn), T, f, 1, comp, \
	    OPT_B_SET)
#define OPT_CALL_ID(id, c, name, arg, comp, words, fn, help) \
	OPT_ROW_(name, arg, words, help, .set = (fn), id, 0, c, 1, comp, 0, \
	    OPT_B_SET)

/*
 * The same with an id of the table's enum, for a table whose rows bind
 * members of several structs (cli.c's shared groups: -4 into a struct
 * net_opts, -C into a struct relay_opts), where two offsets alone would
 * make one id, and which the commands' rules and help rows name:
 *	OPT_BOOL_ID(id, c, name, T, f)
 *	OPT_STRING_ID(id, c, name, arg, comp, T, f)
 *	OPT_NUMBER_ID(id, c, name, arg, type, noun, min, max, T, f)
 *	OPT_SET_INT_ID(id, c, name, T, f, v)	a flag that stores v into
 *						the int f (git's OPT_SET_INT)
 *	OPT_FLAG_CALL_ID(id, c, name, fn)	a flag handed to fn
 * Their help is each command's (OPT_DOC rows).
 */
#define OPT_BOOL_ID(id, c, name, T, f) \
	OPT_BOUND_ID_(id, c, name, NULL, NULL, NULL, NULL, T, f, 0, \
	    COMP_NONE, OPT_B_FLAG)
#define OPT_STRING_ID(id, c, name, arg, comp, T, f) \
	OPT_BOUND_ID_(id, c, name, arg, NULL, NULL, NULL, T, f, 1, comp, \
	    OPT_B_STR)
#define OPT_NUMBER_ID(id, c, name, arg, type, noun, min, max, T, f) \
	OPT_BOUND_ID_(id, c, name, arg, NULL, NULL, \
	    OPT_TYPE_(type, noun, min, max), T, f, OPT_HAS_(type), \
	    COMP_NONE, OPT_B_NUMOF_(T, f))
#define OPT_SET_INT_ID(id, c, name, T, f, v) \
	OPT_BOUND_ID_(id, c, name, NULL, NULL, NULL, .value = (v), T, f, 0, \
	    COMP_NONE, OPT_B_CONST)
#define OPT_FLAG_CALL_ID(id, c, name, fn) \
	OPT_ROW_(name, NULL, NULL, NULL, .set = (fn), id, 0, c, 0, \
	    COMP_NONE, 0, OPT_B_SET)

/*
 * The rules between options, checked once they are read (opt_check):
 * one row per rule, so that every pair of modes that cannot go together
 * is a row and its message, never code.
 *	{ OPT_EXCLUDES, { A... }, { B... }, msg }: an option of A given with
 *		one of B is an error; with B empty, any two different
 *		options of A are, and the message made names them all
 *		("--hello, --echo and --print exclude each other"); msg, or
 *		NULL for "-X and -Y exclude each other".  With B, msg may
 *		be a format with one %s, the name of the option of B (the
 *		first given, in B's order): "%s does not go with a URL".
 *	{ OPT_NEEDS, { A... }, { B... }, msg }: an option of A given needs
 *		one of B given too; msg is a format with one %s, the name of
 *		the option of A (the first given, in A's order), or NULL for
 *		"-X needs -Y, -Z or --w".  "A needs B and C" is two rows.
 *	{ OPT_ALL, { X }, { B... }, NULL }: no rule; X, an id of no row,
 *		counts as given from here on when every option of B is
 *		(-u --tls), for the rows below it to name.
 * A mode that an operand chose (a ws:// URL) is an id of no row that the
 * command marks (opt_mark) before it checks the rows that name it; a
 * value of an option is an OPT_VALUE row of the options' table.
 * The lists end with 0, and so does a table (a[0] 0); the rows are
 * checked in order, and the first broken one is the message.
 */
#define OPT_RULEMAX	8
#define OPT_EXCLUDES	0
#define OPT_NEEDS	1
#define OPT_ALL		2
struct opt_rule {
	short		 kind;		/* OPT_EXCLUDES, OPT_NEEDS, OPT_ALL */
	short		 a[OPT_RULEMAX];	/* ids, below 32768: short, */
	short		 b[OPT_RULEMAX];	/* as the rows are many */
	const char	*msg;		/* or NULL: made from the names */
};
#define OPT_RULES_END	{ 0, { 0 }, { 0 }, NULL }

/* Another tool's spellings of one option, refused with advice. */
struct opt_foreign {
	const char	*names;		/* space-separated: "-d --data" */
	const char	*advice;	/* "http-get sends no body" */
};

#define OPT_MAXTABS	14
/* distinct options of one command line: no table has this many rows */
#define OPT_MAXGIVEN	512

struct opt_state {
	int		  argc;		/* after the end: operand count */
	char		**argv;		/* after the end: the operands */
	char		 *arg;		/* argument of the current option */
	long long	  num;		/* its value: OPT_T_INT, OPT_T_SIZE */
	int		  ms;		/* its value: OPT_T_SECS */
	const struct opt_def *tabs[OPT_MAXTABS + 1];	/* NULL-ended */
	const struct opt_foreign *foreign;	/* or NULL */
	int		  no_prefix;	/* curl's --no-NAME: a flag's (or an
					   argless setter's) row undone */
	int		  neg;		/* the option read was --no-NAME */
	int		  ind;		/* next argv index to look at */
	int		  pos;		/* position inside a cluster */
	int		  nops;		/* operands collected so far */
	int		  done;
	int		  given[OPT_MAXGIVEN];	/* each id given, once */
	size_t		  ngiven;
	char		  err[SK_ERRLEN];
};

void	opt_init(struct opt_state *st, int argc, char **argv,
	    const struct opt_def *const *tabs);
int	opt_next(struct opt_state *st);
/*
 * opt_lookup: the row declaring letter c (name NULL) or the long name
 * name[0..n) (c 0), or NULL.
 * opt_splice: the n words inserted after the word just read (curl's -K
 * FILE: its options read next), into to, room for st->argc + n + 1
 * pointers, which becomes st's argv.
 * opt_stop: no word after the one just read is st's (curl's --next):
 * they are returned, that word in front as their argv[0], *argc of
 * them with it; the next opt_next ends st.
 */
const struct opt_def *opt_lookup(const struct opt_state *st, int c,
	    const char *name, size_t n);
void	opt_splice(struct opt_state *st, char **to, char *const *words, int n);
char  **opt_stop(struct opt_state *st, int *argc);
/*
 * opt_operand: arg, an option's argument, an operand in the option's
 * place among the others (curl's --url URL).
 */
void	opt_operand(struct opt_state *st, char *arg);
char  **opt_rest(struct opt_state *st);
int	opt_check(struct opt_state *st, const struct opt_rule *r);
int	opt_seen(const struct opt_state *st, int id);
void	opt_mark(struct opt_state *st, int id);
const struct opt_def *opt_find(const struct opt_state *st, int id);
const struct opt_def *opt_typed(const struct opt_state *st, int id);
const struct opt_def *opt_bound(const struct opt_state *st, int id);
void	opt_name(const struct opt_state *st, int id, char *buf, size_t len);
const char *opt_desc(const char *help, size_t *len);
int	opt_word_in(const char *list, const char *word);
const struct opt_foreign *opt_foreign_find(const struct opt_foreign *tab,
	    const char *name, size_t n);

#endif /* OPT_H */
