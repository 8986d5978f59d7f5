/* Unit tests for the option parser (src/opt.c). */
#include <stdio.h>
#include <string.h>

#include "parse/opt.h"
#include "tap.h"

/* ids: the letters themselves, and values far above any letter */
enum { O_ALLOW = 1000, O_ECHO, O_HELLO, O_PRINT };

static const struct opt_def longs_t[] = {
	OPT_ARG_(O_ALLOW, 0, "allow", "spec", COMP_NONE, NULL),
	OPT_FLAG_(O_ECHO, 0, "echo", NULL),
	OPT_FLAG_(O_HELLO, 0, "hello", NULL),
	OPT_FLAG_(O_PRINT, 0, "print", NULL),
	OPT_END
};

/* a table per getopt string of the old tests */
static const struct opt_def t46[] = {
	OPT_FLAG_('4', '4', NULL, NULL), OPT_FLAG_('6', '6', NULL, NULL),
	OPT_END
};
static const struct opt_def tkce[] = {
	OPT_FLAG_('k', 'k', NULL, NULL),
	OPT_ARG_('c', 'c', NULL, "command", COMP_NONE, NULL),
	OPT_ARG_('e', 'e', NULL, "prog", COMP_NONE, NULL),
	OPT_END
};
static const struct opt_def tvw[] = {
	OPT_FLAG_('v', 'v', NULL, NULL),
	OPT_ARG_('w', 'w', NULL, "secs", COMP_NONE, NULL),
	OPT_END
};
static const struct opt_def tw[] = {
	OPT_ARG_('w', 'w', NULL, "secs", COMP_NONE, NULL),
	OPT_END
};
static const struct opt_def tia[] = {
	OPT_FLAG_('i', 'i', NULL, NULL), OPT_FLAG_('a', 'a', NULL, NULL),
	OPT_END
};

static const struct opt_def *const T_46[] = { t46, longs_t, NULL };
static const struct opt_def *const T_46KCE[] = { t46, tkce, longs_t, NULL };
static const struct opt_def *const T_46VW[] = { t46, tvw, longs_t, NULL };
static const struct opt_def *const T_W[] = { tw, longs_t, NULL };
static const struct opt_def *const T_NONE[] = { longs_t, NULL };

/* an optional argument: --depth, --depth=N, --depth N (a number) */
enum { O_DEPTH = 2000 };
static const struct opt_def tdepth[] = {
	OPT_OPTARG_(O_DEPTH, 0, "depth", "n", NULL),
	OPT_FLAG_('v', 'v', NULL, NULL),
	OPT_END
};
static const struct opt_def *const T_DEPTH[] = { tdepth, NULL };

/*
 * Rows that bind their option to a member (OPT_BOOL ...): the id made
 * from the member's offset, the row opt_bound finds (an alias's too),
 * a setter row that opt_typed does not take for a type, a typed bound
 * row whose value opt_next reads.
 */
struct bdest {
	int		 flag;
	const char	*str;
	long long	 big;
	int		 ms;
};
static int
bset(void *dest, const struct opt_state *st)
{
	((struct bdest *)dest)->str = st->arg;
	return 0;
}
static const struct opt_def tbound[] = {
	OPT_BOOL('f', "flag", struct bdest, flag, NULL),
	OPT_ALIAS(OPT_AT(struct bdest, flag), 0, "also-flag", 0),
	OPT_CALL('s', "set", "arg", COMP_NONE, NULL, struct bdest, str, bset,
	    NULL),
	OPT_INT(0, "big", "n", "big", 1, 10, struct bdest, big, NULL),
	OPT_SECS('m', NULL, "wait", struct bdest, ms, NULL),
	OPT_END
};
static const struct opt_def *const T_BOUND[] = { tbound, NULL };

static void
test_bound(void)
{
	char *a[] = { "cmd", "--also-flag", "-s", "x", "--big", "11", NULL };
	char *b[] = { "cmd", "--big=7", "-m", "1.5", NULL };
	const struct opt_def *r;
	struct opt_state st;
	int id = OPT_AT(struct bdest, flag);

	is_int(id, OPT_ID_AT + (int)offsetof(struct bdest, flag),
	    "a bound row's id is its member's offset past OPT_ID_AT");
	opt_init(&st, 6, a, T_BOUND);
	is_int(opt_next(&st), id, "an alias of a bound row: the row's id");
	r = opt_bound(&st, id);
	ok(r != NULL && OPT_BIND(r) == OPT_B_FLAG &&
	    r->off == offsetof(struct bdest, flag),
	    "opt_bound: the row that binds it, a flag at its offset");
	is_int(opt_next(&st), OPT_AT(struct bdest, str), "a setter row");
	r = opt_bound(&st, OPT_AT(struct bdest, str));
	ok(r != NULL && OPT_BIND(r) == OPT_B_SET && r->u.set == bset,
	    "its setter is in the row");
	ok(opt_typed(&st, OPT_AT(struct bdest, str)) == NULL,
	    "a setter is no type");
	is_int(opt_next(&st), OPT_ERR, "a bound row's type is checked");
	is_str(st.err, "big 11: too large", "... with its noun");
	opt_init(&st, 4, b, T_BOUND);
	is_int(opt_next(&st), OPT_AT(struct bdest, big), "--big=7");
	ok(st.num == 7 && OPT_BIND(opt_bound(&st, OPT_AT(struct bdest,
	    big))) == OPT_B_NUM, "read, and bound to a long long");
	is_int(opt_next(&st), OPT_AT(struct bdest, ms), "-m");
	ok(st.ms == 1500 && OPT_BIND(opt_bound(&st, OPT_AT(struct bdest,
	    ms))) == OPT_B_INT, "seconds read, bound to an int");
}

/*
 * curl's --no-NAME (st.no_prefix): a flag's row with st.neg set; not an
 * option with an argument, not without no_prefix, not with "=".
 */
static void
test_no_prefix(void)
{
	char *a[] = { "cmd", "--flag", "--no-flag", "--no-set", NULL };
	char *b[] = { "cmd", "--no-flag", "--no-flag=1", NULL };
	int id = OPT_AT(struct bdest, flag);
	struct opt_state st;

	opt_init(&st, 4, a, T_BOUND);
	st.no_prefix = 1;
	ok(opt_next(&st) == id && st.neg == 0, "--flag");
	ok(opt_next(&st) == id && st.neg == 1, "--no-flag: its row, neg");
	is_int(opt_next(&st), OPT_ERR, "--no-set: an option with an argument");
	is_str(st.err, "unknown option --no-set", "... unknown");
	opt_init(&st, 3, b, T_BOUND);
	is_int(opt_next(&st), OPT_ERR, "--no-flag without no_prefix");
	opt_init(&st, 3, b, T_BOUND);
	st.no_prefix = 1;
	ok(opt_next(&st) == id && st.neg == 1, "--no-flag again");
	is_int(opt_next(&st), OPT_ERR, "--no-flag=1: unknown");
}

/*
 * A shared group's rows (cli.c): an id of their own, not the member's
 * offset, which two structs' members share; a flag that a setter takes.
 */
enum { G_FLAG = 1, G_NUM, G_CALL, G_SET };
struct gdest {
	int		 a, b;
};
static const struct opt_def tgroup[] = {
	OPT_BOOL_ID(G_FLAG, 'a', NULL, struct gdest, a),
	OPT_NUMBER_ID(G_NUM, 'b', NULL, "n", OPT_T_INT, "bee", 1, 9,
	    struct gdest, b),
	OPT_FLAG_CALL_ID(G_CALL, 'c', "call", bset),
	OPT_SET_INT_ID(G_SET, 'd', NULL, struct gdest, b, 42),
	OPT_END
};
static const struct opt_def *const T_GROUP[] = { tgroup, NULL };

static void
test_bound_id(void)
{
	char *a[] = { "cmd", "-ab", "3", "--call", "x", "-d", NULL };
	const struct opt_def *r;
	struct opt_state st;

	opt_init(&st, 6, a, T_GROUP);
	is_int(opt_next(&st), G_FLAG, "OPT_BOOL_ID: its id, not an offset");
	r = opt_bound(&st, G_FLAG);
	ok(r != NULL && OPT_BIND(r) == OPT_B_FLAG && r->off ==
	    offsetof(struct gdest, a), "... bound to its member");
	is_int(opt_next(&st), G_NUM, "OPT_NUMBER_ID");
	r = opt_bound(&st, G_NUM);
	ok(st.num == 3 && r != NULL && OPT_BIND(r) == OPT_B_INT &&
	    r->off == offsetof(struct gdest, b), "... read, bound to an int");
	is_int(opt_next(&st), G_CALL, "OPT_FLAG_CALL_ID");
	r = opt_bound(&st, G_CALL);
	ok(r != NULL && OPT_BIND(r) == OPT_B_SET && r->u.set == bset &&
	    st.arg == NULL, "... a setter's, taking no argument");
	is_int(opt_next(&st), G_SET, "OPT_SET_INT_ID");
	r = opt_bound(&st, G_SET);
	ok(r != NULL && OPT_BIND(r) == OPT_B_CONST && r->u.value == 42 &&
	    r->off == offsetof(struct gdest, b) && st.arg == NULL,
	    "... its value in the row, for its member");
	ok(opt_typed(&st, G_SET) == NULL, "... and no type");
	is_int(opt_next(&st), OPT_DONE, "x is an operand");
	ok(st.argc == 1 && strcmp(st.argv[0], "x") == 0, "... the only one");
}

static void
test_optional(void)
{
	struct opt_state st;
	char a0[] = "x", a1[] = "--depth", a2[] = "http://h/", a3[] = "12",
	    a4[] = "--depth=3", a5[] = "-v";
	char *v1[] = { a0, a1, a2, NULL };
	char *v2[] = { a0, a1, a3, a2, NULL };
	char *v3[] = { a0, a4, a2, NULL };
	char *v4[] = { a0, a1, NULL };
	char *v5[] = { a0, a1, a5, NULL };

	opt_init(&st, 3, v1, T_DEPTH);
	ok(opt_next(&st) == O_DEPTH && st.arg == NULL,
	    "optional argument: none before a URL");
	ok(opt_next(&st) == OPT_DONE && st.argc == 1 &&
	    strcmp(st.argv[0], "http://h/") == 0, "... the URL an operand");
	opt_init(&st, 4, v2, T_DEPTH);
	ok(opt_next(&st) == O_DEPTH && st.arg != NULL &&
	    strcmp(st.arg, "12") == 0, "... a number after it is taken");
	ok(opt_next(&st) == OPT_DONE && st.argc == 1, "... the URL still one");
	opt_init(&st, 3, v3, T_DEPTH);
	ok(opt_next(&st) == O_DEPTH && st.arg != NULL &&
	    strcmp(st.arg, "3") == 0, "... --depth=3");
	opt_init(&st, 2, v4, T_DEPTH);
	ok(opt_next(&st) == O_DEPTH && st.arg == NULL &&
	    opt_next(&st) == OPT_DONE, "... none at the end of the line");
	opt_init(&st, 3, v5, T_DEPTH);
	ok(opt_next(&st) == O_DEPTH && st.arg == NULL && opt_next(&st) == 'v',
	    "... an option after it is an option");
}

static const struct opt_rule excl[] = {
	{ OPT_EXCLUDES, { '4' }, { '6' }, NULL },
	{ OPT_EXCLUDES, { O_HELLO, O_ECHO, O_PRINT }, { 0 }, NULL },
	{ OPT_EXCLUDES, { 'k' }, { 'c', 'e' }, "-c or -e with -k" },
	OPT_RULES_END
};

/* Parse argv to the end; then opt_check's verdict. */
static int
check_argv(int argc, char **argv)
{
	struct opt_state st;

	opt_init(&st, argc, argv, T_46KCE);
	while (opt_next(&st) != OPT_DONE)
		;
	return opt_check(&st, excl) == -1 ? -1 : 0;
}

/* OPT_NEEDS rows: the first given of A without any of B, named. */
static void
test_needs(void)
{
	static const struct opt_rule needs[] = {
		{ OPT_NEEDS, { 'c', 'e' }, { 'k' }, NULL },
		{ OPT_NEEDS, { '4' }, { 'k', 'c', 'e' }, NULL },
		{ OPT_NEEDS, { '6' }, { 'k' }, "%s: only with -k" },
		OPT_RULES_END
	};
	struct opt_state st;
	char *n1[] = { "cmd", "-e", "p", "-c", "x", NULL };
	char *n2[] = { "cmd", "-e", "p", "-k", NULL };
	char *n3[] = { "cmd", "-4", NULL };
	char *n4[] = { "cmd", "-6", NULL };
	char *n5[] = { "cmd", "-4", "-e", "p", NULL };

	opt_init(&st, 5, n1, T_46KCE);
	while (opt_next(&st) != OPT_DONE)
		;
	is_int(opt_check(&st, needs), -1, "-e without -k");
	is_str(st.err, "-c needs -k", "the first of A named, in A's order");
	opt_init(&st, 4, n2, T_46KCE);
	while (opt_next(&st) != OPT_DONE)
		;
	is_int(opt_check(&st, needs), 0, "-e with -k");
	opt_init(&st, 2, n3, T_46KCE);
	while (opt_next(&st) != OPT_DONE)
		;
	is_int(opt_check(&st, needs), -1, "-4 without any of B");
	is_str(st.err, "-4 needs -k, -c or -e", "B's names, joined");
	opt_init(&st, 2, n4, T_46KCE);
	while (opt_next(&st) != OPT_DONE)
		;
	is_int(opt_check(&st, needs), -1, "-6 without -k");
	is_str(st.err, "-6: only with -k", "the row's message, named");
	opt_init(&st, 4, n5, T_46KCE);
	while (opt_next(&st) != OPT_DONE)
		;
	is_str(opt_check(&st, needs) == -1 ? st.err : "", "-e needs -k",
	    "the first broken row, in the table's order");
}

/*
 * OPT_VALUE rows (a value of an option, the last one given), OPT_ALL rows
 * (every option of B given) and an OPT_EXCLUDES message naming B's.
 */
enum { O_PROTO = 3000, O_EHLO, O_SMTP, O_XMPP, O_URL, O_KE };
static const struct opt_def tval[] = {
	OPT_WORDS_(O_PROTO, 0, "proto", "p", "smtp lmtp xmpp", NULL),
	OPT_ARG_(O_EHLO, 0, "ehlo", "name", COMP_NONE, NULL),
	OPT_FLAG_('k', 'k', NULL, NULL),
	OPT_ARG_('e', 'e', NULL, "prog", COMP_NONE, NULL),
	OPT_VALUE(O_SMTP, "proto", "smtp lmtp"),
	OPT_VALUE(O_XMPP, "proto", "xmpp"),
	OPT_END
};
static const struct opt_def *const T_VAL[] = { tval, NULL };

static const char *
check_val(int argc, char **argv)
{
	static const struct opt_rule rules[] = {
		{ OPT_NEEDS, { O_EHLO }, { O_SMTP }, NULL },
		{ OPT_ALL, { O_KE }, { 'k', 'e' }, NULL },
		{ OPT_EXCLUDES, { O_KE }, { O_XMPP }, "%s goes with no -k -e" },
		{ OPT_EXCLUDES, { O_URL }, { 'k' }, "%s does not go with a URL" },
		OPT_RULES_END
	};
	static struct opt_state st;

	opt_init(&st, argc, argv, T_VAL);
	while (opt_next(&st) > 0)
		;
	if (argc > 1 && strcmp(argv[argc - 1], "url") == 0)
		opt_mark(&st, O_URL);
	return opt_check(&st, rules) == -1 ? st.err : "";
}

static void
test_values(void)
{
	char *v1[] = { "cmd", "--ehlo", "h", NULL };
	char *v2[] = { "cmd", "--ehlo", "h", "--proto", "lmtp", NULL };
	char *v3[] = { "cmd", "--proto", "smtp", "--ehlo", "h", "--proto",
	    "xmpp", NULL };
	char *v4[] = { "cmd", "--proto", "xmpp", "-k", NULL };
	char *v5[] = { "cmd", "--proto", "xmpp", "-k", "-e", "p", NULL };
	char *v6[] = { "cmd", "-k", "url", NULL };
	char *v7[] = { "cmd", "--proto=", "--ehlo", "h", NULL };

	is_str(check_val(3, v1), "--ehlo needs --proto smtp or lmtp",
	    "a value row named by its words");
	is_str(check_val(5, v2), "", "... given by one of its words");
	is_str(check_val(7, v3), "--ehlo needs --proto smtp or lmtp",
	    "... the last value wins");
	is_str(check_val(4, v4), "", "OPT_ALL: one of B is not all");
	is_str(check_val(6, v5), "--proto xmpp goes with no -k -e",
	    "... all of B given: X is");
	is_str(check_val(3, v6), "-k does not go with a URL",
	    "an exclusion's message names B's option");
	is_str(check_val(4, v7), "--ehlo needs --proto smtp or lmtp",
	    "an empty value is none of the words");
}

static void
test_check_rest(void)
{
	struct opt_state st;
	char *b1[] = { "cmd", "-6", "-4", NULL };
	char *b2[] = { "cmd", "--echo", "--print", NULL };
	char *b3[] = { "cmd", "--echo", "--echo", "-4", NULL };
	char *b4[] = { "cmd", "-k", "-c", "true", NULL };
	char *b5[] = { "cmd", "80", "-kecat", "-x", "y", NULL };
	char *b6[] = { "cmd", "-e", "prog", "-4", NULL };
	char **rest;

	opt_init(&st, 3, b1, T_46);
	while (opt_next(&st) != OPT_DONE)
		;
	is_int(opt_check(&st, excl), -1, "-6 -4 excluded");
	is_str(st.err, "-4 and -6 exclude each other", "-4 -6 message");
	ok(opt_seen(&st, '4') && opt_seen(&st, '6') && !opt_seen(&st, 'k'),
	    "opt_seen");
	opt_init(&st, 3, b2, T_46);
	while (opt_next(&st) != OPT_DONE)
		;
	is_int(opt_check(&st, excl), -1, "two modes excluded");
	is_str(st.err, "--hello, --echo and --print exclude each other",
	    "a set names all its members");
	is_int(check_argv(4, b3), 0, "one mode twice is no conflict");
	opt_init(&st, 4, b4, T_46KCE);
	while (opt_next(&st) != OPT_DONE)
		;
	is_int(opt_check(&st, excl), -1, "-k -c excluded");
	is_str(st.err, "-c or -e with -k", "the rule's own message");

	opt_init(&st, 5, b5, T_46KCE);
	is_int(opt_next(&st), 'k', "-k before -e in a cluster");
	is_int(opt_next(&st), 'e', "-ecat");
	rest = opt_rest(&st);
	is_str(rest[0], "cat", "rest: the argument first");
	is_str(rest[1], "-x", "rest: later options are the program's");
	ok(rest[2] != NULL && strcmp(rest[2], "y") == 0 && rest[3] == NULL,
	    "rest: to the end, NULL-terminated");
	is_int(opt_next(&st), OPT_DONE, "parsing ends after opt_rest");
	is_int(st.argc, 1, "operands met before stay");
	is_str(st.argv[0], "80", "the operand");
	opt_init(&st, 4, b6, T_46KCE);
	is_int(opt_next(&st), 'e', "-e prog");
	rest = opt_rest(&st);
	ok(strcmp(rest[0], "prog") == 0 && strcmp(rest[1], "-4") == 0,
	    "rest: -e prog -4");
	is_int(opt_next(&st), OPT_DONE, "end");
	ok(!opt_seen(&st, '4'), "-4 after -e is not ours");
}
/* Single-dash long options, as nmap spells -iL and -oG. */
static void
test_single_dash(void)
{
	static const struct opt_def sl[] = {
		OPT_ARG_('I', 0, "-iL", "file", COMP_FILE, NULL),
		OPT_FLAG_('Y', 0, "-yes", NULL),
		OPT_ARG_('X', 0, "exclude", "list", COMP_NONE, NULL),
		OPT_END
	};
	static const struct opt_def *const tsl[] = { tia, sl, NULL };
	static const struct opt_def *const tsl0[] = { sl, NULL };
	struct opt_state st;
	char *a[] = { "cmd", "-iL", "f", "-iL=g", "-ia", "-yes", "h", NULL };
	char *b[] = { "cmd", "--iL", "f", NULL };
	char *c[] = { "cmd", "-iL", NULL };
	char *d[] = { "cmd", "-yes=1", NULL };

	opt_init(&st, 7, a, tsl);
	is_int(opt_next(&st), 'I', "-iL FILE");
	is_str(st.arg, "f", "-iL FILE arg");
	is_int(opt_next(&st), 'I', "-iL=FILE");
	is_str(st.arg, "g", "-iL=FILE arg");
	is_int(opt_next(&st), 'i', "-ia is still a cluster");
	is_int(opt_next(&st), 'a', "-ia second");
	is_int(opt_next(&st), 'Y', "-yes, a flag");
	is_int(opt_next(&st), OPT_DONE, "end");
	is_str(st.argv[0], "h", "operand kept");
	opt_init(&st, 3, b, tsl0);
	is_int(opt_next(&st), OPT_ERR, "--iL is not -iL");
	opt_init(&st, 2, c, tsl0);
	is_int(opt_next(&st), OPT_ERR, "-iL without its argument");
	is_str(st.err, "option -iL needs an argument", "-iL message");
	opt_init(&st, 2, d, tsl0);
	is_int(opt_next(&st), OPT_ERR, "-yes=1");
	is_str(st.err, "option -yes takes no argument", "-yes= message");
}

/*
 * Another tool's spellings, refused with advice: an unknown letter of a
 * cluster, a long name with "=", a single-dash word before it is read
 * as a cluster (-sS, not -s S); and a declared spelling still wins.
 */
static void
test_foreign(void)
{
	static const struct opt_def fo[] = {
		OPT_FLAG_('f', 'f', NULL, NULL),
		OPT_ARG_('s', 's', NULL, "addr", COMP_NONE, NULL),
		OPT_FLAG_('T', 0, "-sT", NULL),
		OPT_END
	};
	static const struct opt_def *const tf[] = { fo, NULL };
	static const struct opt_foreign fx[] = {
		{ "-d --data --data-raw", "sends no body" },
		{ "-sS -sT", "no SYN scan" },
		{ NULL, NULL }
	};
	struct opt_state st;
	char *a[] = { "cmd", "-fd", "x", NULL };
	char *b[] = { "cmd", "--data-raw=x", NULL };
	char *c[] = { "cmd", "-sS", "h", NULL };
	char *d[] = { "cmd", "-sT", "-sX", "--datum", "-q", NULL };

	opt_init(&st, 3, a, tf);
	st.foreign = fx;
	is_int(opt_next(&st), 'f', "-fd: -f");
	is_int(opt_next(&st), OPT_ERR, "-fd: -d refused");
	is_str(st.err, "-d: sends no body", "-d's advice");
	opt_init(&st, 2, b, tf);
	st.foreign = fx;
	is_int(opt_next(&st), OPT_ERR, "--data-raw=x refused");
	is_str(st.err, "--data-raw: sends no body", "--data-raw's advice");
	opt_init(&st, 3, c, tf);
	st.foreign = fx;
	is_int(opt_next(&st), OPT_ERR, "-sS refused, not -s S");
	is_str(st.err, "-sS: no SYN scan", "-sS's advice");
	opt_init(&st, 5, d, tf);
	st.foreign = fx;
	is_int(opt_next(&st), 'T', "-sT: the table's row wins");
	is_int(opt_next(&st), 's', "-sX: not listed, still -s X");
	is_str(st.arg, "X", "-sX's argument");
	is_int(opt_next(&st), OPT_ERR, "--datum: not listed");
	is_str(st.err, "unknown option --datum", "--datum: unknown");
	opt_init(&st, 2, d + 3, tf);
	is_int(opt_next(&st), OPT_ERR, "no table: -q unknown");
	is_str(st.err, "unknown option -q", "-q: unknown");
	ok(opt_foreign_find(fx, "--data", 6) == &fx[0], "find --data");
	ok(opt_foreign_find(fx, "--dat", 5) == NULL, "no prefix match");
	ok(opt_foreign_find(NULL, "-d", 2) == NULL, "no table");
}

/* Ids are any int: no 255 cap, no stand-in letters. */
static void
test_big_ids(void)
{
	static const struct opt_def big[] = {
		OPT_FLAG_(7000, 0, "far", "  --far      a flag\n"),
		OPT_FLAG_(7001, 'q', NULL, "  -q, --quiet  say less\n"),
		OPT_ALIAS(7001, 0, "quiet", 0),
		OPT_END
	};
	static const struct opt_def *const tb[] = { big, NULL };
	static const struct opt_rule ex[] = {
		{ OPT_EXCLUDES, { 7000 }, { 7001 }, NULL },
		OPT_RULES_END
	};
	struct opt_state st;
	char *a[] = { "cmd", "--far", "--quiet", NULL };
	const char *d;
	size_t n;

	opt_init(&st, 3, a, tb);
	is_int(opt_next(&st), 7000, "an id above 255");
	is_int(opt_next(&st), 7001, "an alias gives its option's id");
	is_int(opt_next(&st), OPT_DONE, "end");
	ok(opt_seen(&st, 7000) && opt_seen(&st, 7001) &&
	    !opt_seen(&st, 7002), "opt_seen of ids above 255");
	is_int(opt_check(&st, ex), -1, "exclusion by id");
	is_str(st.err, "--far and -q exclude each other",
	    "named by letter first, else long name");
	d = opt_desc(big[0].help, &n);
	ok(n == 6 && strncmp(d, "a flag", 6) == 0, "desc at column 13");
	d = opt_desc(big[1].help, &n);
	ok(n == 8 && strncmp(d, "say less", 8) == 0, "desc past a label");
}

/* Typed rows: opt_next reads the number and says what is wrong. */
enum { O_CONNS = 3000, O_RATE, O_WAIT, O_GAP, O_QUIT, O_MAX, O_MTU, O_SIZE,
    O_REDIRS, O_DEPTH2 };
static const struct opt_def typed[] = {
	OPT_INT_(O_CONNS, 'c', NULL, "conns", "connections", 1, 1000000, NULL),
	OPT_INT_(O_RATE, 0, "rate", "n", "rate", 1, 10000000, NULL),
	OPT_SECS_(O_WAIT, 'w', NULL, "timeout", NULL),
	OPT_SECS0_(O_GAP, 0, "gap", "gap", NULL),
	OPT_TYPED_(O_QUIT, 'q', NULL, "secs", OPT_T_SECS | OPT_T_ZERO |
	    OPT_T_FOREVER, "quit delay", 0, 0, NULL),
	OPT_TYPED_(O_MAX, 'm', NULL, "max", OPT_T_INT | OPT_T_RANGE,
	    "max children", 1, 100000, NULL),
	OPT_TYPED_(O_MTU, 0, "mtu", "bytes", OPT_T_INT | OPT_T_RANGE_TO,
	    "--mtu", 256, 65535, NULL),
	OPT_SIZE_(O_SIZE, 0, "max-filesize", "bytes", "max file size", 1,
	    (long long)1 << 40, NULL),
	OPT_TYPED_(O_REDIRS, 0, "max-redirs", "n", OPT_T_INT | OPT_T_NOLIMIT,
	    "max redirects", 0, 1000, NULL),
	OPT_TYPED_(O_DEPTH2, 0, "pipeline", "depth", OPT_T_INT |
	    OPT_T_OPTIONAL, "pipeline depth", 1, 100, NULL),
	OPT_FLAG_('v', 'v', NULL, NULL),
	OPT_ALIAS(O_CONNS, 0, "conns", 1),
	OPT_END
};
static const struct opt_def *const T_TYPED[] = { typed, NULL };

/*
 * One option with its argument, "-c" "ARG" (or "--rate=ARG" when arg
 * is NULL and opt is the whole word): what opt_next returns.
 */
static int
typed1(struct opt_state *st, const char *opt, const char *arg)
{
	static char o[64], a[128];
	static char *v[4];

	snprintf(o, sizeof(o), "%s", opt);
	v[0] = "cmd";
	v[1] = o;
	v[2] = NULL;
	v[3] = NULL;
	if (arg != NULL) {
		snprintf(a, sizeof(a), "%s", arg);
		v[2] = a;
	}
	opt_init(st, arg != NULL ? 3 : 2, v, T_TYPED);
	return opt_next(st);
}

static void
test_typed_int(void)
{
	struct opt_state st;

	is_int(typed1(&st, "-c", "500"), O_CONNS, "an integer in range");
	is_int(st.num, 500, "... its value in st.num");
	is_str(st.arg, "500", "... the argument still there");
	is_int(typed1(&st, "-c", "1"), O_CONNS, "the least");
	is_int(typed1(&st, "-c", "1000000"), O_CONNS, "the most");
	is_int(typed1(&st, "-c", "0"), OPT_ERR, "below the range");
	is_str(st.err, "connections 0: too small", "... said as before");
	is_str(st.arg, "0", "... st.arg names the bad argument");
	is_int(typed1(&st, "-c", "1000001"), OPT_ERR, "above the range");
	is_str(st.err, "connections 1000001: too large", "... said");
	is_int(typed1(&st, "-c", "-1"), OPT_ERR, "negative");
	is_str(st.err, "connections -1: too small", "... too small");
	is_int(typed1(&st, "-c", "99999999999999999999"), OPT_ERR, "huge");
	is_str(st.err, "connections 99999999999999999999: too large",
	    "... too large, not wrapped");
	is_int(typed1(&st, "-c", "abc"), OPT_ERR, "a word");
	is_str(st.err, "connections abc: not a number", "... not a number");
	is_int(typed1(&st, "-c", "1.5"), OPT_ERR, "a fraction");
	is_str(st.err, "connections 1.5: not a number", "... not a number");
	is_int(typed1(&st, "-c", ""), OPT_ERR, "empty");
	is_str(st.err, "connections : not a number", "... not a number");
	is_int(typed1(&st, "-c", "+5"), OPT_ERR, "a plus sign");
	is_int(typed1(&st, "-c", " 5"), OPT_ERR, "a space first");
	is_int(typed1(&st, "-c5", NULL), O_CONNS, "glued to its letter");
	is_int(st.num, 5, "... read");
	is_int(typed1(&st, "--rate=0", NULL), OPT_ERR, "--name=ARG too");
	is_str(st.err, "rate 0: too small", "... said");
	is_int(typed1(&st, "--rate", "10000000"), O_RATE, "--name ARG");
	is_int(st.num, 10000000, "... read");
	is_int(typed1(&st, "--conns", "0"), OPT_ERR, "an alias is typed too");
	is_str(st.err, "connections 0: too small", "... as its option");
	is_int(typed1(&st, "--conns", "7"), O_CONNS, "... and read");
	is_int(st.num, 7, "... into st.num");
	ok(opt_typed(&st, O_CONNS) == &typed[0] && opt_typed(&st, 'v') == NULL,
	    "opt_typed: the typed row, none for a flag");
}

static void
test_typed_range(void)
{
	struct opt_state st;

	is_int(typed1(&st, "-m", "0"), OPT_ERR, "a range in the message");
	is_str(st.err, "max children 0: too small (1-100000)", "... MIN-MAX");
	is_int(typed1(&st, "-m", "x"), OPT_ERR, "a word, with the range");
	is_str(st.err, "max children x: not a number (1-100000)", "... said");
	is_int(typed1(&st, "--mtu", "255"), OPT_ERR, "MIN to MAX");
	is_str(st.err, "--mtu 255: too small (256 to 65535)", "... said");
	is_int(typed1(&st, "--mtu", "1400"), O_MTU, "an MTU");
	is_int(st.num, 1400, "... read");
	is_int(typed1(&st, "--max-redirs", "-1"), O_REDIRS, "-1: no limit");
	is_int(st.num, -1, "... is -1");
	is_int(typed1(&st, "--max-redirs", "-01"), OPT_ERR,
	    "only \"-1\" itself");
	is_str(st.err, "max redirects -01: too small", "... said");
	is_int(typed1(&st, "--max-redirs", "-2"), OPT_ERR, "-2");
	is_int(typed1(&st, "--max-redirs", "0"), O_REDIRS, "0 redirects");
	is_int(st.num, 0, "... read");
}

static void
test_typed_size(void)
{
	struct opt_state st;

	is_int(typed1(&st, "--max-filesize", "100"), O_SIZE, "bytes");
	is_int(st.num, 100, "... read");
	is_int(typed1(&st, "--max-filesize", "2k"), O_SIZE, "k");
	is_int(st.num, 2048, "... 1024-based");
	is_int(typed1(&st, "--max-filesize", "3M"), O_SIZE, "M");
	is_int(st.num, 3LL << 20, "... read");
	is_int(typed1(&st, "--max-filesize", "1g"), O_SIZE, "g, either case");
	is_int(st.num, 1LL << 30, "... read");
	is_int(typed1(&st, "--max-filesize", "1T"), O_SIZE, "T, the most");
	is_int(typed1(&st, "--max-filesize", "1025G"), OPT_ERR, "over max");
	is_str(st.err, "max file size 1025G: too large", "... said");
	is_int(typed1(&st, "--max-filesize", "0k"), OPT_ERR, "0k");
	is_str(st.err, "max file size 0k: too small", "... said");
	is_int(typed1(&st, "--max-filesize", "-1"), OPT_ERR, "no sign");
	is_str(st.err, "max file size -1: too small", "... too small");
	is_int(typed1(&st, "--max-filesize", "1x"), OPT_ERR, "another suffix");
	is_str(st.err, "max file size 1x: not a number", "... said");
	is_int(typed1(&st, "--max-filesize", "1kk"), OPT_ERR, "two suffixes");
	is_int(typed1(&st, "--max-filesize", "1.5k"), OPT_ERR, "a fraction");
}

static void
test_typed_secs(void)
{
	struct opt_state st;
	char *v[] = { "cmd", "--pipeline", "http://h/", "--pipeline=7", NULL };
	char *v2[] = { "cmd", "--pipeline", "0", NULL };

	is_int(typed1(&st, "-w", "2"), O_WAIT, "seconds");
	is_int(st.ms, 2000, "... into st.ms");
	is_int(typed1(&st, "-w", "0.25"), O_WAIT, "a fraction");
	is_int(st.ms, 250, "... read");
	is_int(typed1(&st, "-w", ".5"), O_WAIT, "no digit before the point");
	is_int(st.ms, 500, "... read");
	is_int(typed1(&st, "-w", "0"), OPT_ERR, "a timeout of 0");
	is_str(st.err, "timeout 0: must be more than 0", "... said");
	is_int(typed1(&st, "-w", "0.0001"), OPT_ERR, "under a millisecond");
	is_str(st.err, "timeout 0.0001: must be more than 0", "... said");
	is_int(typed1(&st, "-w", "1e3"), OPT_ERR, "no exponent");
	is_str(st.err, "timeout 1e3: not a number", "... said");
	is_int(typed1(&st, "-w", "-1"), OPT_ERR, "negative");
	is_str(st.err, "timeout -1: too small", "... said");
	is_int(typed1(&st, "-w", "1000000"), O_WAIT, "1000000 s, the most");
	is_int(typed1(&st, "-w", "1000000.5"), OPT_ERR, "over the most");
	is_str(st.err, "timeout 1000000.5: too large", "... said");
	is_int(typed1(&st, "-w",
	    "1234567890123456789012345678901234567890123456789012345678901234"
	    "567890"), OPT_ERR, "a long argument");
	is_str(st.err, "timeout 1234567890123456789012345678901234567890123456"
	    "789012345678901234: too large", "... cut at 64 bytes, as before");
	is_int(typed1(&st, "--gap", "0"), O_GAP, "a delay of 0");
	is_int(st.ms, 0, "... read");
	is_int(typed1(&st, "-q", "0"), O_QUIT, "-q 0");
	is_int(st.ms, 0, "... 0");
	is_int(typed1(&st, "-q", "-1"), O_QUIT, "-q -1");
	is_int(st.ms, -1, "... for ever");
	is_int(typed1(&st, "-q", "-5.5"), O_QUIT, "any negative delay");
	is_int(st.ms, -1, "... for ever");
	is_int(typed1(&st, "-q", "-abc"), OPT_ERR, "-q -abc");
	is_str(st.err, "quit delay abc: not a number",
	    "... said of what follows the '-'");
	is_int(typed1(&st, "-q", "--1"), OPT_ERR, "-q --1");
	is_str(st.err, "quit delay -1: too small", "... said");

	/* an optional argument: read when given, else none */
	opt_init(&st, 4, v, T_TYPED);
	ok(opt_next(&st) == O_DEPTH2 && st.arg == NULL,
	    "an optional number left out");
	ok(opt_next(&st) == O_DEPTH2 && st.arg != NULL && st.num == 7,
	    "... given, read");
	opt_init(&st, 3, v2, T_TYPED);
	is_int(opt_next(&st), OPT_ERR, "... and checked");
	is_str(st.err, "pipeline depth 0: too small", "... said");
	is_int(opt_next(&st), OPT_DONE, "parsing goes on past it");
}

int
main(void)
{
	struct opt_state st;
	char *a1[] = { "cmd", "-vw", "5", "host", "-4", "80", NULL };
	char *a2[] = { "cmd", "-w5", "--allow=10.0.0.0/8", "--allow", "::1",
	    "--echo", "--", "-x", NULL };
	char *a3[] = { "cmd", "-y", NULL };
	char *a4[] = { "cmd", "-w", NULL };
	char *a5[] = { "cmd", "--echo=1", NULL };
	char *a6[] = { "cmd", "--nope", NULL };
	char *a7[] = { "cmd", "--help", "-", NULL };
	char *a8[] = { "cmd", "--allow", NULL };
	int c;

	opt_init(&st, 6, a1, T_46VW);
	is_int(opt_next(&st), 'v', "cluster first");
	is_int(opt_next(&st), 'w', "cluster second with arg");
	is_str(st.arg, "5", "arg from next word");
	is_int(opt_next(&st), '4', "option after an operand");
	is_int(opt_next(&st), OPT_DONE, "end");
	is_int(st.argc, 2, "two operands");
	is_str(st.argv[0], "host", "first operand");
	is_str(st.argv[1], "80", "second operand");
	is_int(opt_next(&st), OPT_DONE, "end is sticky");

	opt_init(&st, 8, a2, T_W);
	is_int(opt_next(&st), 'w', "-w5");
	is_str(st.arg, "5", "attached arg");
	is_int(opt_next(&st), O_ALLOW, "--allow=");
	is_str(st.arg, "10.0.0.0/8", "--allow= arg");
	is_int(opt_next(&st), O_ALLOW, "--allow ARG");
	is_str(st.arg, "::1", "--allow ARG arg");
	is_int(opt_next(&st), O_ECHO, "--echo");
	is_int(opt_next(&st), OPT_DONE, "-- ends options");
	is_int(st.argc, 1, "operand after --");
	is_str(st.argv[0], "-x", "-x is an operand after --");

	opt_init(&st, 2, a3, T_W);
	is_int(opt_next(&st), OPT_ERR, "unknown short");
	is_str(st.err, "unknown option -y", "unknown short message");
	opt_init(&st, 2, a4, T_W);
	is_int(opt_next(&st), OPT_ERR, "missing arg");
	is_str(st.err, "option -w needs an argument", "missing arg message");
	opt_init(&st, 2, a5, T_NONE);
	is_int(opt_next(&st), OPT_ERR, "arg to a flag");
	is_str(st.err, "option --echo takes no argument", "flag arg message");
	opt_init(&st, 2, a6, T_NONE);
	is_int(opt_next(&st), OPT_ERR, "unknown long");
	is_str(st.err, "unknown option --nope", "unknown long message");
	opt_init(&st, 2, a8, T_NONE);
	is_int(opt_next(&st), OPT_ERR, "long missing arg");
	is_str(st.err, "option --allow needs an argument",
	    "long missing arg message");
	opt_init(&st, 3, a7, NULL);
	is_int(opt_next(&st), OPT_HELP, "--help is always known");
	c = opt_next(&st);
	is_int(c, OPT_DONE, "- is an operand");
	is_str(st.argv[0], "-", "- kept");
	test_check_rest();
	test_needs();
	test_values();
	test_big_ids();
	test_single_dash();
	test_foreign();
	test_no_prefix();
	test_optional();
	test_bound();
	test_bound_id();
	test_typed_int();
	test_typed_range();
	test_typed_size();
	test_typed_secs();
	return tap_done();
}
