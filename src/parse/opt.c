/*
 * opt.c: option parsing shared by every command.
 *
 * getopt(3) is POSIX but knows no long options, and getopt_long is not
 * POSIX; sockt needs both (--allow, --max-redirs) and wants options after
 * operands too (sockt portscan host -p 80), so it has this small parser,
 * driven by the commands' tables of struct opt_def (opt.h).
 * Operands are compacted to the front of argv as they are met: the slot
 * written is always one already read, so nothing is lost.
 * A row that says what its argument is (opt_def.u.type) has it read and
 * checked here, once for every command, with the words each command
 * used to write for itself.
 */
#include <stdio.h>
#include <string.h>

#include "parse/opt.h"
#include "util/num.h"

void
opt_init(struct opt_state *st, int argc, char **argv,
    const struct opt_def *const *tabs)
{
	size_t i;

	memset(st, 0, sizeof(*st));
	/* argv[0] is the command name */
	st->argc = argc;
	st->argv = argv;
	for (i = 0; tabs != NULL && tabs[i] != NULL && i < OPT_MAXTABS; i++)
		st->tabs[i] = tabs[i];
	st->ind = 1;
}

/* Does row r declare an option (not only help text)? */
static int
opt_declares(const struct opt_def *r)
{
	return !(r->rflags & OPT_R_DOC) && (r->letter != 0 || r->name != NULL);
}

/*
 * The first row declaring letter c (name NULL) or the long name of
 * length n at name (c 0), or NULL.
 */
static const struct opt_def *
opt_match(const struct opt_state *st, int c, const char *name, size_t n)
{
	const struct opt_def *r;
	size_t t;

	for (t = 0; st->tabs[t] != NULL; t++)
		for (r = st->tabs[t]; r->id != 0; r++) {
			if (!opt_declares(r))
				continue;
			if (c != 0 && r->letter == c)
				return r;
			if (c == 0 && r->name != NULL && strlen(r->name) == n &&
			    strncmp(r->name, name, n) == 0)
				return r;
		}
	return NULL;
}

const struct opt_def *
opt_lookup(const struct opt_state *st, int c, const char *name, size_t n)
{
	return opt_match(st, c, name, n);
}

void
opt_splice(struct opt_state *st, char **to, char *const *words, int n)
{
	memcpy(to, st->argv, (size_t)st->ind * sizeof(*to));
	memcpy(to + st->ind, words, (size_t)n * sizeof(*to));
	memcpy(to + st->ind + n, st->argv + st->ind,
	    (size_t)(st->argc - st->ind) * sizeof(*to));
	to[st->argc + n] = NULL;
	st->argv = to;
	st->argc += n;
}

char **
opt_stop(struct opt_state *st, int *argc)
{
	char **rest = st->argv + st->ind - 1;

	*argc = st->argc - st->ind + 1;
	st->argc = st->ind;
	st->pos = 0;
	return rest;
}

void
opt_operand(struct opt_state *st, char *arg)
{
	/* a slot of a word read already (the option's): none still to come */
	st->argv[1 + st->nops++] = arg;
}

static int
opt_finish(struct opt_state *st)
{
	while (st->ind < st->argc)
		st->argv[1 + st->nops++] = st->argv[st->ind++];
	st->argv = st->argv + 1;
	st->argc = st->nops;
	st->done = 1;
	return OPT_DONE;
}

/* A word of digits only: an optional argument's value. */
static int
opt_number(const char *w)
{
	if (*w == '\0')
		return 0;
	while (*w >= '0' && *w <= '9')
		w++;
	return *w == '\0';
}

/*
 * The first row of option id that gives its type (bound 0) or binds it
 * (bound 1), or NULL.
 */
static const struct opt_def *
opt_row_of(const struct opt_state *st, int id, int bound)
{
	const struct opt_def *r;
	size_t t;

	for (t = 0; st->tabs[t] != NULL; t++)
		for (r = st->tabs[t]; r->id != 0; r++) {
			if (r->id != id)
				continue;
			/* a setter's or a value's row has no type */
			if (bound ? OPT_BIND(r) != OPT_B_NONE :
			    opt_declares(r) && OPT_BIND(r) != OPT_B_SET &&
			    OPT_BIND(r) != OPT_B_CONST && r->u.type != NULL)
				return r;
		}
	return NULL;
}

const struct opt_def *
opt_typed(const struct opt_state *st, int id)
{
	return opt_row_of(st, id, 0);
}

const struct opt_def *
opt_bound(const struct opt_state *st, int id)
{
	return opt_row_of(st, id, 1);
}

/*
 * The argument, st->arg, of option id (m: the row matched, maybe an
 * alias) when a row gives its type: read into st->num or st->ms.
 * Returns the id, or OPT_ERR with st->err "NOUN ARG: REASON" (and the
 * range, for a row that asks for it).
 */
static int
opt_value(struct opt_state *st, const struct opt_def *m)
{
	const struct opt_def *r;
	const struct opt_type *t;
	const char *a = st->arg, *why;
	int kind, neg, n;

	if (a == NULL || (r = opt_typed(st, m->id)) == NULL)
		return m->id;
	t = r->u.type;
	kind = t->flags & OPT_T_KIND;
	if (kind == OPT_T_SECS) {
		neg = (t->flags & OPT_T_FOREVER) && a[0] == '-';
		if (parse_secs_opt(t->noun, a + neg, t->flags & OPT_T_ZERO,
		    &st->ms, st->err) == -1)
			return OPT_ERR;
		if (neg)
			st->ms = -1;
		return m->id;
	}
	if ((t->flags & OPT_T_NOLIMIT) && strcmp(a, "-1") == 0) {
		st->num = -1;
		return m->id;
	}
	if ((kind == OPT_T_SIZE ? parse_size : parse_num)(a, t->min, t->max,
	    &st->num, &why) == 0)
		return m->id;
	n = snprintf(st->err, sizeof(st->err), "%s %s: %s", t->noun, a, why);
	if ((t->flags & (OPT_T_RANGE | OPT_T_RANGE_TO)) && n >= 0 &&
	    (size_t)n < sizeof(st->err))
		snprintf(st->err + n, sizeof(st->err) - (size_t)n,
		    " (%lld%s%lld)", t->min, (t->flags & OPT_T_RANGE_TO) ?
		    " to " : "-", t->max);
	return OPT_ERR;
}

const struct opt_foreign *
opt_foreign_find(const struct opt_foreign *tab, const char *name, size_t n)
{
	const char *p, *e;

	for (; tab != NULL && tab->names != NULL; tab++)
		for (p = tab->names; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
			e = p + strcspn(p, " ");
			if ((size_t)(e - p) == n && strncmp(p, name, n) == 0)
				return tab;
		}
	return NULL;
}

/*
 * name[0..n) (as typed: "-d", "--data") is another tool's spelling the
 * command refuses: OPT_ERR with "NAME: ADVICE".  Else 0.
 */
static int
opt_refused(struct opt_state *st, const char *name, size_t n)
{
	const struct opt_foreign *f;

	if ((f = opt_foreign_find(st->foreign, name, n)) == NULL)
		return 0;
	snprintf(st->err, sizeof(st->err), "%.*s: %s", (int)(n > 64 ? 64 : n),
	    name, f->advice);
	return OPT_ERR;
}

/*
 * curl's --no-NAME (with st->no_prefix): word[0..n) is "no-" and the
 * name of a switch, a row with no argument that sets a flag or calls
 * its setter (which reads st->neg), or an alias of one (--no-verbose).
 * Returns that row, or NULL.
 */
static const struct opt_def *
opt_no(const struct opt_state *st, const char *word, size_t n)
{
	const struct opt_def *r, *b;

	if (!st->no_prefix || n <= 3 || strncmp(word, "no-", 3) != 0 ||
	    (r = opt_match(st, 0, word + 3, n - 3)) == NULL || r->has_arg)
		return NULL;
	if ((b = OPT_BIND(r) == OPT_B_NONE ? opt_bound(st, r->id) : r) ==
	    NULL)
		return NULL;
	return OPT_BIND(b) == OPT_B_FLAG || OPT_BIND(b) == OPT_B_SET ? r :
	    NULL;
}

/*
 * A long option: word is what follows "--", or the whole "-name" of a
 * single-dash long option (a table name starting with '-', as nmap
 * spells -iL and -oG), which opt_single found.
 */
static int
opt_long(struct opt_state *st, char *word)
{
	const struct opt_def *r;
	const char *dd;
	char *eq;
	size_t n;

	eq = strchr(word, '=');
	n = eq != NULL ? (size_t)(eq - word) : strlen(word);
	if (n == 4 && strncmp(word, "help", 4) == 0) {
		if (eq == NULL)
			return OPT_HELP;
		snprintf(st->err, sizeof(st->err),
		    "option --help takes no argument");
		return OPT_ERR;
	}
	/* curl's --no-NAME of a switch: its row, st->neg set */
	if ((r = opt_match(st, 0, word, n)) == NULL && eq == NULL &&
	    (r = opt_no(st, word, n)) != NULL) {
		st->neg = 1;
		return r->id;
	}
	if (r == NULL) {
		/* from opt_next1 only (opt_single's word has a row): "--" */
		if (opt_refused(st, word - 2, n + 2) != 0)
			return OPT_ERR;
		snprintf(st->err, sizeof(st->err), "unknown option --%.*s",
		    (int)(n > 64 ? 64 : n), word);
		return OPT_ERR;
	}
	dd = r->name[0] == '-' ? "" : "--";
	if (!r->has_arg) {
		if (eq != NULL) {
			snprintf(st->err, sizeof(st->err),
			    "option %s%s takes no argument", dd, r->name);
			return OPT_ERR;
		}
		return r->id;
	}
	if (eq != NULL)
		st->arg = eq + 1;
	else if (r->has_arg == OPT_ARG_OPTIONAL) {
		/* only a number in the next word: a URL or file stays one */
		if (st->ind < st->argc && opt_number(st->argv[st->ind]))
			st->arg = st->argv[st->ind++];
	} else if (st->ind < st->argc)
		st->arg = st->argv[st->ind++];
	else {
		snprintf(st->err, sizeof(st->err),
		    "option %s%s needs an argument", dd, r->name);
		return OPT_ERR;
	}
	return opt_value(st, r);
}

/* A single-dash long option ("-iL", "-iL=FILE"): its id, or 0. */
static int
opt_single(struct opt_state *st, char *word)
{
	size_t n = strcspn(word, "=");

	if (n < 2 || opt_match(st, 0, word, n) == NULL)
		return 0;
	return opt_long(st, word);
}

static int
opt_next1(struct opt_state *st)
{
	const struct opt_def *r;
	char *word, name[2];
	int c;

	if (st->done)
		return OPT_DONE;
	st->arg = NULL;
	st->neg = 0;
	if (st->pos == 0) {
		/* skip operands, keeping them in order */
		for (;;) {
			if (st->ind >= st->argc)
				return opt_finish(st);
			word = st->argv[st->ind];
			if (word[0] == '-' && word[1] != '\0')
				break;
			st->argv[1 + st->nops++] = word;
			st->ind++;
		}
		st->ind++;
		if (strcmp(word, "--") == 0)
			return opt_finish(st);
		if (word[1] == '-')
			return opt_long(st, word + 2);
		if ((c = opt_single(st, word)) != 0)
			return c;
		/* another tool's "-sS", not the cluster -s S */
		if (word[2] != '\0' && opt_refused(st, word, strcspn(word,
		    "=")) != 0)
			return OPT_ERR;
		st->pos = 1;
	}
	word = st->argv[st->ind - 1];
	c = (unsigned char)word[st->pos++];
	if (word[st->pos] == '\0')
		st->pos = 0;
	if (c == 'h')
		return OPT_HELP;
	if ((r = opt_match(st, c, NULL, 0)) == NULL) {
		st->pos = 0;
		name[0] = '-';
		name[1] = (char)c;
		if (opt_refused(st, name, 2) != 0)
			return OPT_ERR;
		snprintf(st->err, sizeof(st->err), "unknown option -%c", c);
		return OPT_ERR;
	}
	if (!r->has_arg || r->has_arg == OPT_ARG_OPTIONAL)
		return r->id;
	if (st->pos != 0) {
		st->arg = word + st->pos;
		st->pos = 0;
	} else if (st->ind < st->argc)
		st->arg = st->argv[st->ind++];
	else {
		snprintf(st->err, sizeof(st->err),
		    "option -%c needs an argument", c);
		return OPT_ERR;
	}
	return opt_value(st, r);
}

/* The id of the option whose long name is name, or 0. */
static int
opt_named(const struct opt_state *st, const char *name)
{
	const struct opt_def *r;

	return (r = opt_match(st, 0, name, strlen(name))) != NULL ? r->id : 0;
}

/* Option id no longer counts as given. */
static void
opt_unmark(struct opt_state *st, int id)
{
	size_t i;

	for (i = 0; i < st->ngiven; i++)
		if (st->given[i] == id) {
			st->given[i] = st->given[--st->ngiven];
			return;
		}
}

/*
 * Option id was given with st->arg: the OPT_VALUE rows about it say
 * which of their ids its value gives now (the last value wins).
 */
static void
opt_values(struct opt_state *st, int id)
{
	const struct opt_def *r;
	size_t t;

	for (t = 0; st->tabs[t] != NULL; t++)
		for (r = st->tabs[t]; r->id != 0; r++) {
			if (!(r->rflags & OPT_R_VALUE) ||
			    opt_named(st, r->name) != id)
				continue;
			opt_unmark(st, r->id);
			if (opt_word_in(r->words, st->arg))
				opt_mark(st, r->id);
		}
}

int
opt_next(struct opt_state *st)
{
	int c;

	if ((c = opt_next1(st)) > 0) {
		opt_mark(st, c);
		if (st->arg != NULL)
			opt_values(st, c);
	}
	return c;
}

void
opt_mark(struct opt_state *st, int id)
{
	/* what was given, for opt_check and opt_seen: each id once */
	if (!opt_seen(st, id) && st->ngiven < OPT_MAXGIVEN)
		st->given[st->ngiven++] = id;
}

int
opt_seen(const struct opt_state *st, int id)
{
	size_t i;

	for (i = 0; i < st->ngiven; i++)
		if (st->given[i] == id)
			return 1;
	return 0;
}

char **
opt_rest(struct opt_state *st)
{
	char **rest;

	/* the argument's own slot: it may have been "-eprog", one word */
	rest = &st->argv[st->ind - 1];
	rest[0] = st->arg;
	/* nothing left to read: the next opt_next ends */
	st->argc = st->ind;
	st->pos = 0;
	return rest;
}

/*
 * The row that declares option id: the first with a letter, else the
 * first with a name; NULL for none.
 */
const struct opt_def *
opt_find(const struct opt_state *st, int id)
{
	const struct opt_def *r, *named = NULL;
	size_t t;

	for (t = 0; st->tabs[t] != NULL; t++)
		for (r = st->tabs[t]; r->id != 0; r++) {
			if (r->id != id || !opt_declares(r))
				continue;
			if (r->letter != 0 && opt_match(st, r->letter, NULL,
			    0) == r)
				return r;
			if (named == NULL && r->name != NULL)
				named = r;
		}
	return named;
}

/* The OPT_VALUE row of id, or NULL. */
static const struct opt_def *
opt_value_row(const struct opt_state *st, int id)
{
	const struct opt_def *r;
	size_t t;

	for (t = 0; st->tabs[t] != NULL; t++)
		for (r = st->tabs[t]; r->id != 0; r++)
			if (r->id == id && (r->rflags & OPT_R_VALUE))
				return r;
	return NULL;
}

/* "--name w1 or w2" of OPT_VALUE row r into buf. */
static void
opt_value_name(const struct opt_def *r, char *buf, size_t len)
{
	const char *w = r->words;
	size_t n, k;

	n = (size_t)snprintf(buf, len, "%s%s", r->name[0] == '-' ? "" :
	    "--", r->name);
	while (*w != '\0' && n < len) {
		k = strcspn(w, " ");
		n += (size_t)snprintf(buf + n, len - n, "%s%.*s",
		    w == r->words ? " " : " or ", (int)k, w);
		w += k;
		w += strspn(w, " ");
	}
}

void
opt_name(const struct opt_state *st, int id, char *buf, size_t len)
{
	const struct opt_def *r;

	if ((r = opt_find(st, id)) == NULL) {
		if ((r = opt_value_row(st, id)) != NULL)
			opt_value_name(r, buf, len);
		else
			snprintf(buf, len, "?");
	} else if (r->letter != 0 && opt_match(st, r->letter, NULL, 0) == r)
		snprintf(buf, len, "-%c", r->letter);
	else
		snprintf(buf, len, "%s%s", r->name[0] == '-' ? "" : "--",
		    r->name);
}

int
opt_word_in(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	/* no list holds an empty word (--probe=) */
	if (n == 0)
		return 0;
	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/*
 * The text column of a help line ("  -o file    write ..."): column 13,
 * or, past a longer label, after the first two spaces.  Its length
 * into *len (up to the newline); "" when the line has none.
 */
const char *
opt_desc(const char *help, size_t *len)
{
	const char *p, *e;

	*len = 0;
	if (help == NULL)
		return "";
	e = help + strcspn(help, "\n");
	if (e - help > 13 && help[12] == ' ' && help[13] != ' ')
		p = help + 13;
	else {
		if ((p = strstr(help + 2, "  ")) == NULL || p > e)
			return "";
		while (*p == ' ')
			p++;
	}
	*len = (size_t)(e - p);
	return p;
}

/*
 * The names of the options of set s (up to its 0, or OPT_RULEMAX) into
 * buf: "-a", "-a and -b", "-a, -b and -c" (last is " and " or " or ").
 */
static void
opt_names(const struct opt_state *st, const short *s, const char *last,
    char *buf, size_t cap)
{
	char name[48];
	size_t n = 0, len, i;

	for (len = 0; len < OPT_RULEMAX && s[len] != 0; len++)
		;
	buf[0] = '\0';
	for (i = 0; i < len && n < cap; i++) {
		opt_name(st, s[i], name, sizeof(name));
		n += (size_t)snprintf(buf + n, cap - n, "%s%s",
		    i == 0 ? "" : i + 1 == len ? last : ", ", name);
	}
}

/* The first option of s given, other than not; 0 for none. */
static int
opt_given(const struct opt_state *st, const short *s, int not)
{
	size_t i;

	for (i = 0; i < OPT_RULEMAX && s[i] != 0; i++)
		if (s[i] != not && opt_seen(st, s[i]))
			return s[i];
	return 0;
}

/*
 * Row r broken: a, an option of r->a given, is not alone (OPT_EXCLUDES:
 * b is given too) or has none of r->b (OPT_NEEDS); st->err says so.
 */
static void
opt_broken(struct opt_state *st, const struct opt_rule *r, int a, int b)
{
	char na[48], names[160];

	opt_name(st, a, na, sizeof(na));
	if (r->kind == OPT_NEEDS) {
		opt_names(st, r->b, " or ", names, sizeof(names));
		/* the rows' messages are constants, each with one %s */
		snprintf(st->err, sizeof(st->err), r->msg != NULL ? r->msg :
		    "%s needs %s", na, names);
	} else if (r->b[0] != 0) {
		opt_name(st, b, names, sizeof(names));
		/* the rows' messages are constants, one %s or none: b's */
		if (r->msg != NULL)
			snprintf(st->err, sizeof(st->err), r->msg, names);
		else
			snprintf(st->err, sizeof(st->err), "%s and %s exclude "
			    "each other", na, names);
	} else if (r->msg != NULL)
		snprintf(st->err, sizeof(st->err), "%s", r->msg);
	else {
		opt_names(st, r->a, " and ", names, sizeof(names));
		snprintf(st->err, sizeof(st->err), "%s exclude each other",
		    names);
	}
}

int
opt_check(struct opt_state *st, const struct opt_rule *r)
{
	int a, b = 0;

	for (; r != NULL && r->a[0] != 0; r++) {
		if (r->kind == OPT_ALL) {
			/* a[0] given when every option of b is */
			for (b = 0; b < OPT_RULEMAX && r->b[b] != 0 &&
			    opt_seen(st, r->b[b]); b++)
				;
			if (b == OPT_RULEMAX || r->b[b] == 0)
				opt_mark(st, r->a[0]);
			b = 0;
			continue;
		}
		if ((a = opt_given(st, r->a, 0)) == 0)
			continue;
		if (r->kind == OPT_NEEDS ? opt_given(st, r->b, 0) != 0 :
		    (b = opt_given(st, r->b[0] != 0 ? r->b : r->a, a)) == 0)
			continue;
		opt_broken(st, r, a, b);
		return -1;
	}
	return 0;
}
