/*
 * fuzz_opt.c: the option parser (opt_init, opt_next, opt_check) over
 * an argv built from the input: the first byte picks the option set of a
 * real command, the rest is split on NUL bytes into the arguments.
 * opt_next is called until the end, past errors too.  Checked: it ends,
 * each result is an option of the set, OPT_HELP, OPT_ERR with a reason, or the
 * end; an option's argument lies inside an argument and is there exactly
 * when the option takes one; the operands at the end are original
 * arguments, in order, none of them used as an option's argument, and
 * every argument is accounted for; opt_check refuses only with a reason
 * and only when an option of its table was given.  Some options are
 * typed (typed[] below): a value read is in its range, and a bad one is
 * OPT_ERR with its argument in st.arg, the only OPT_ERR that has one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/opt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXARGS	256

static const struct opt_rule excl[] = {
	{ OPT_EXCLUDES, { '4' }, { '6' }, NULL },
	{ OPT_EXCLUDES, { 'g', 'j' }, { 0 }, NULL },
	{ OPT_EXCLUDES, { 'C', 'd', 'Q', 'q', 'w', 'x' }, { 'k' }, "relay" },
	{ OPT_EXCLUDES, { 'U' }, { '4', '6', 'n' }, NULL }, OPT_RULES_END
};

/* the sets below, getopt-style, as opt_def tables (ids: the values) */
struct opt_long {
	const char	*name;
	int		 has_arg;
	int		 val;
};

static const struct opt_long http_longs[] = {
	{ "dump-header", 1, 'D' }, { "fail", 0, 'f' }, { "head", 0, 'I' },
	{ "header", 1, 'H' }, { "max-redirs", 1, 'R' }, { "output", 1, 'o' },
	{ "connect-timeout", 1, 'w' }, { NULL, 0, 0 }
};
static const struct opt_long scan_longs[] = {
	{ "rate", 1, 'R' }, { "retries", 1, 'T' }, { "shard", 1, 'S' },
	{ "sort", 0, 'O' }, { NULL, 0, 0 }
};
static const struct opt_long listen_longs[] = {
	{ "allow", 1, 'A' }, { "deny", 1, 'D' }, { "stderr", 0, 'S' },
	{ NULL, 0, 0 }
};
static const struct {
	const char		*shorts;
	const struct opt_long	*longs;
} sets[] = {
	{ "46CdnQUvxzi:p:q:s:w:", NULL },
	{ "fIiLsvOA:D:H:m:o:w:", http_longs },
	{ "46abgjnrvc:p:s:w:", scan_longs },
	{ "46CdnQUvxc:e:i:km:q:w:", listen_longs },
	{ "", NULL },
};

/* Does set s give option c an argument? -1: c is not an option of s. */
static int
takes_arg(int s, int c)
{
	const struct opt_long *l;
	const char *p;

	for (l = sets[s].longs; l != NULL && l->name != NULL; l++)
		if (l->val == c)
			return l->has_arg;
	if (c != ':' && c != '\0' && (p = strchr(sets[s].shorts, c)) != NULL)
		return p[1] == ':';
	return -1;
}

/* Index of the argument that holds p, or -1. */
static int
holder(char **orig, int argc, const char *p)
{
	int k;

	for (k = 1; k < argc; k++)
		if (p >= orig[k] && p <= orig[k] + strlen(orig[k]))
			return k;
	return -1;
}

/* the typed options of every set, by letter (long options: their val) */
static const struct {
	int			c;
	struct opt_type		t;
} typed[] = {
	{ 'w', { OPT_T_SECS, "it", 0, 0 } },
	{ 'i', { OPT_T_SECS | OPT_T_ZERO, "it", 0, 0 } },
	{ 'q', { OPT_T_SECS | OPT_T_ZERO | OPT_T_FOREVER, "it", 0, 0 } },
	{ 'm', { OPT_T_INT | OPT_T_RANGE, "it", 1, 100000 } },
	{ 'c', { OPT_T_INT, "it", 1, 1000000 } },
	{ 'R', { OPT_T_INT | OPT_T_NOLIMIT, "it", 0, 1000 } },
	{ 'T', { OPT_T_SIZE, "it", 1, (long long)1 << 40 } },
	{ 'p', { OPT_T_INT | OPT_T_RANGE_TO, "it", 256, 65535 } },
};
#define NTYPED	(sizeof(typed) / sizeof(typed[0]))

#define NSETS	(sizeof(sets) / sizeof(sets[0]))
static struct opt_def defs[NSETS][64];

/* Give row r its type if its id is one of typed[]. */
static void
type_row(struct opt_def *r)
{
	size_t i;

	for (i = 0; i < NTYPED; i++)
		if (typed[i].c == r->id && r->has_arg)
			r->u.type = &typed[i].t;
}

/* Is a value read for option c right for its row? */
static int
value_ok(int s, int c, const struct opt_state *st)
{
	const struct opt_def *r;
	const struct opt_type *t;

	for (r = defs[s]; r->id != 0 && r->id != c; r++)
		;
	if ((t = r->u.type) == NULL)
		return 1;
	switch (t->flags & OPT_T_KIND) {
	case OPT_T_SECS:
		return (st->ms >= 0 && st->ms <= 1000000000 &&
		    ((t->flags & OPT_T_ZERO) || st->ms > 0)) ||
		    ((t->flags & OPT_T_FOREVER) && st->ms == -1);
	default:
		return (st->num >= t->min && st->num <= t->max) ||
		    ((t->flags & OPT_T_NOLIMIT) && st->num == -1);
	}
}

/* Set s as a table: its letters, then its long options. */
static const struct opt_def *
table(int s)
{
	const struct opt_long *l;
	const char *p;
	int n = 0;

	if (defs[s][0].id != 0 || sets[s].shorts[0] == '\0')
		return defs[s];
	for (p = sets[s].shorts; *p != '\0'; p++) {
		if (*p == ':')
			continue;
		defs[s][n].id = defs[s][n].letter = (unsigned char)*p;
		defs[s][n].has_arg = p[1] == ':';
		type_row(&defs[s][n++]);
	}
	for (l = sets[s].longs; l != NULL && l->name != NULL; l++) {
		defs[s][n].id = l->val;
		defs[s][n].name = l->name;
		defs[s][n].has_arg = l->has_arg;
		type_row(&defs[s][n++]);
	}
	return defs[s];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct opt_def *tabs[2];
	static char name[] = "cmd";
	struct opt_state st;
	char *buf, *argv[MAXARGS + 1], *orig[MAXARGS + 1];
	char used[MAXARGS + 1];
	size_t i;
	int argc = 1, s, c, k, last, calls = 0, h;

	if (size == 0)
		return 0;
	s = data[0] % NSETS;
	if ((buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	argv[0] = orig[0] = name;
	for (i = 0; i < size - 1 && argc < MAXARGS; i += strlen(buf + i) + 1)
		argv[argc] = orig[argc] = buf + i, argc++;
	argv[argc] = orig[argc] = NULL;
	memset(used, 0, sizeof(used));

	tabs[0] = table(s);
	tabs[1] = NULL;
	opt_init(&st, argc, argv, tabs);
	while ((c = opt_next(&st)) != OPT_DONE) {
		/* each call eats a character or an argument */
		if (++calls > (int)size + argc + 2)
			abort();
		if (c == OPT_ERR) {
			if (st.err[0] == '\0')
				abort();
			/* a bad value: its argument is one of ours, used */
			if (st.arg != NULL) {
				if ((k = holder(orig, argc, st.arg)) == -1)
					abort();
				if (st.arg == orig[k])
					used[k] = 1;
			}
			st.err[0] = '\0';
			continue;
		}
		if (c == OPT_HELP) {
			if (st.arg != NULL)
				abort();
			continue;
		}
		if ((h = takes_arg(s, c)) == -1 || (h == 0) != (st.arg == NULL) ||
		    (st.arg != NULL && !value_ok(s, c, &st)))
			abort();
		if (st.arg == NULL)
			continue;
		if ((k = holder(orig, argc, st.arg)) == -1)
			abort();
		if (st.arg == orig[k])
			used[k] = 1;	/* a whole argument: not an operand */
	}
	if (opt_next(&st) != OPT_DONE || st.argc < 0 || st.argc > argc - 1)
		abort();
	/* a verdict with a reason, and only on options given */
	st.err[0] = '\0';
	if (opt_check(&st, excl) == -1 && (st.err[0] == '\0' ||
	    !(opt_seen(&st, '4') || opt_seen(&st, 'g') || opt_seen(&st, 'k') ||
	    opt_seen(&st, 'U'))))
		abort();
	for (k = 0, last = 0; k < st.argc; k++) {
		/* operands: original arguments, in order, not used */
		for (h = last + 1; h < argc && orig[h] != st.argv[k]; h++)
			;
		if (h == argc || used[h])
			abort();
		used[h] = 2;
		last = h;
	}
	for (k = 1; k < argc; k++)
		/* an argument neither operand nor option argument: an option */
		if (used[k] == 0 && (orig[k][0] != '-' || orig[k][1] == '\0'))
			abort();
	free(buf);
	return 0;
}
