/* Unit tests for the option parser (src/opt.c). */
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

static const struct opt_excl excl[] = {
	{ { '4' }, { '6' }, NULL },
	{ { O_HELLO, O_ECHO, O_PRINT }, { 0 }, NULL },
	{ { 'k' }, { 'c', 'e' }, "-c or -e with -k" },
	{ { 0 }, { 0 }, NULL }
};

/* Parse argv to the end; then opt_check's verdict. */
static int
check_argv(int argc, char **argv)
{
	struct opt_state st;

	opt_init(&st, argc, argv, T_46KCE);
	while (opt_next(&st) != -1)
		;
	return opt_check(&st, excl) == -1 ? -1 : 0;
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
	while (opt_next(&st) != -1)
		;
	is_int(opt_check(&st, excl), -1, "-6 -4 excluded");
	is_str(st.err, "-4 and -6 exclude each other", "-4 -6 message");
	ok(opt_seen(&st, '4') && opt_seen(&st, '6') && !opt_seen(&st, 'k'),
	    "opt_seen");
	opt_init(&st, 3, b2, T_46);
	while (opt_next(&st) != -1)
		;
	is_int(opt_check(&st, excl), -1, "two modes excluded");
	is_str(st.err, "--hello, --echo and --print exclude each other",
	    "a set names all its members");
	is_int(check_argv(4, b3), 0, "one mode twice is no conflict");
	opt_init(&st, 4, b4, T_46KCE);
	while (opt_next(&st) != -1)
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
	is_int(opt_next(&st), -1, "parsing ends after opt_rest");
	is_int(st.argc, 1, "operands met before stay");
	is_str(st.argv[0], "80", "the operand");
	opt_init(&st, 4, b6, T_46KCE);
	is_int(opt_next(&st), 'e', "-e prog");
	rest = opt_rest(&st);
	ok(strcmp(rest[0], "prog") == 0 && strcmp(rest[1], "-4") == 0,
	    "rest: -e prog -4");
	is_int(opt_next(&st), -1, "end");
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
	is_int(opt_next(&st), -1, "end");
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

/* Ids are any int: no 255 cap, no stand-in letters. */
static void
test_big_ids(void)
{
	static const struct opt_def big[] = {
		OPT_FLAG_(70000, 0, "far", "  --far      a flag\n"),
		OPT_FLAG_(70001, 'q', NULL, "  -q, --quiet  say less\n"),
		OPT_ALIAS(70001, 0, "quiet", 0),
		OPT_END
	};
	static const struct opt_def *const tb[] = { big, NULL };
	static const struct opt_excl ex[] = {
		{ { 70000 }, { 70001 }, NULL },
		{ { 0 }, { 0 }, NULL }
	};
	struct opt_state st;
	char *a[] = { "cmd", "--far", "--quiet", NULL };
	const char *d;
	size_t n;

	opt_init(&st, 3, a, tb);
	is_int(opt_next(&st), 70000, "an id above 255");
	is_int(opt_next(&st), 70001, "an alias gives its option's id");
	is_int(opt_next(&st), OPT_DONE, "end");
	ok(opt_seen(&st, 70000) && opt_seen(&st, 70001) &&
	    !opt_seen(&st, 70002), "opt_seen of ids above 255");
	is_int(opt_check(&st, ex), -1, "exclusion by id");
	is_str(st.err, "--far and -q exclude each other",
	    "named by letter first, else long name");
	d = opt_desc(big[0].help, &n);
	ok(n == 6 && strncmp(d, "a flag", 6) == 0, "desc at column 13");
	d = opt_desc(big[1].help, &n);
	ok(n == 8 && strncmp(d, "say less", 8) == 0, "desc past a label");
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
	is_int(opt_next(&st), -1, "end");
	is_int(st.argc, 2, "two operands");
	is_str(st.argv[0], "host", "first operand");
	is_str(st.argv[1], "80", "second operand");
	is_int(opt_next(&st), -1, "end is sticky");

	opt_init(&st, 8, a2, T_W);
	is_int(opt_next(&st), 'w', "-w5");
	is_str(st.arg, "5", "attached arg");
	is_int(opt_next(&st), O_ALLOW, "--allow=");
	is_str(st.arg, "10.0.0.0/8", "--allow= arg");
	is_int(opt_next(&st), O_ALLOW, "--allow ARG");
	is_str(st.arg, "::1", "--allow ARG arg");
	is_int(opt_next(&st), O_ECHO, "--echo");
	is_int(opt_next(&st), -1, "-- ends options");
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
	is_int(c, -1, "- is an operand");
	is_str(st.argv[0], "-", "- kept");
	test_check_rest();
	test_big_ids();
	test_single_dash();
	test_optional();
	return tap_done();
}
