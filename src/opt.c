/*
 * opt.c: option parsing shared by every command.
 *
 * getopt(3) is POSIX but knows no long options, and getopt_long is not
 * POSIX; sockt needs both (--allow, --max-redirs) and wants options after
 * operands too (sockt portscan host -p 80), so it has this small parser.
 * Operands are compacted to the front of argv as they are met: the slot
 * written is always one already read, so nothing is lost.
 */
#include <stdio.h>
#include <string.h>

#include "opt.h"

void
opt_init(struct opt_state *st, int argc, char **argv, const char *shorts,
    const struct opt_long *longs)
{
	memset(st, 0, sizeof(*st));
	/* argv[0] is the command name */
	st->argc = argc;
	st->argv = argv;
	st->shorts = shorts;
	st->longs = longs;
	st->ind = 1;
}

static int
opt_finish(struct opt_state *st)
{
	while (st->ind < st->argc)
		st->argv[1 + st->nops++] = st->argv[st->ind++];
	st->argv = st->argv + 1;
	st->argc = st->nops;
	st->done = 1;
	return -1;
}

/*
 * A long option: word is what follows "--", or the whole "-name" of a
 * single-dash long option (a table name starting with '-', as nmap
 * spells -iL and -oG), which opt_single found.
 */
static int
opt_long(struct opt_state *st, char *word)
{
	const struct opt_long *l;
	const char *dd;
	char *eq;
	size_t n;

	eq = strchr(word, '=');
	n = eq != NULL ? (size_t)(eq - word) : strlen(word);
	if (n == 4 && strncmp(word, "help", 4) == 0) {
		if (eq == NULL)
			return 'h';
		snprintf(st->err, sizeof(st->err),
		    "option --help takes no argument");
		return '?';
	}
	for (l = st->longs; l != NULL && l->name != NULL; l++) {
		if (strlen(l->name) != n || strncmp(l->name, word, n) != 0)
			continue;
		dd = l->name[0] == '-' ? "" : "--";
		if (!l->has_arg) {
			if (eq != NULL) {
				snprintf(st->err, sizeof(st->err),
				    "option %s%s takes no argument", dd,
				    l->name);
				return '?';
			}
			return l->val;
		}
		if (eq != NULL)
			st->arg = eq + 1;
		else if (st->ind < st->argc)
			st->arg = st->argv[st->ind++];
		else {
			snprintf(st->err, sizeof(st->err),
			    "option %s%s needs an argument", dd, l->name);
			return '?';
		}
		return l->val;
	}
	snprintf(st->err, sizeof(st->err), "unknown option --%.*s",
	    (int)(n > 64 ? 64 : n), word);
	return '?';
}

/* A single-dash long option ("-iL", "-iL=FILE"): its value, or 0. */
static int
opt_single(struct opt_state *st, char *word)
{
	const struct opt_long *l;
	size_t n = strcspn(word, "=");

	for (l = st->longs; l != NULL && l->name != NULL; l++)
		if (l->name[0] == '-' && strlen(l->name) == n &&
		    strncmp(l->name, word, n) == 0)
			return opt_long(st, word);
	return 0;
}

static int
opt_next1(struct opt_state *st)
{
	const char *p;
	char *word;
	int c;

	if (st->done)
		return -1;
	st->arg = NULL;
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
		st->pos = 1;
	}
	word = st->argv[st->ind - 1];
	c = (unsigned char)word[st->pos++];
	if (word[st->pos] == '\0')
		st->pos = 0;
	if (c == 'h')
		return 'h';
	p = strchr(st->shorts, c);
	if (c == ':' || p == NULL) {
		snprintf(st->err, sizeof(st->err), "unknown option -%c", c);
		st->pos = 0;
		return '?';
	}
	if (p[1] != ':')
		return c;
	if (st->pos != 0) {
		st->arg = word + st->pos;
		st->pos = 0;
	} else if (st->ind < st->argc)
		st->arg = st->argv[st->ind++];
	else {
		snprintf(st->err, sizeof(st->err),
		    "option -%c needs an argument", c);
		return '?';
	}
	return c;
}

int
opt_next(struct opt_state *st)
{
	int c;

	c = opt_next1(st);
	/* what was given, for opt_check and opt_seen */
	if (c > 0 && c < 256 && c != '?')
		st->seen[c / 8] |= (unsigned char)(1 << (c % 8));
	return c;
}

int
opt_seen(const struct opt_state *st, int c)
{
	if (c <= 0 || c >= 256)
		return 0;
	return (st->seen[c / 8] >> (c % 8)) & 1;
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

/* "-c" for a short option, "--name" for a long one, into buf. */
static void
opt_name(const struct opt_state *st, int c, char *buf, size_t len)
{
	const struct opt_long *l;

	if (c != ':' && strchr(st->shorts, c) != NULL) {
		snprintf(buf, len, "-%c", c);
		return;
	}
	for (l = st->longs; l != NULL && l->name != NULL; l++)
		if (l->val == c) {
			snprintf(buf, len, "%s%s", l->name[0] == '-' ? "" :
			    "--", l->name);
			return;
		}
	snprintf(buf, len, "-%c", c);
}

/* "--hello, --echo and --print exclude each other", for a set s. */
static void
opt_excl_all(struct opt_state *st, const char *s)
{
	char name[48];
	size_t n = 0, len = strlen(s), i;

	st->err[0] = '\0';
	for (i = 0; i < len && n < sizeof(st->err); i++) {
		opt_name(st, (unsigned char)s[i], name, sizeof(name));
		n += (size_t)snprintf(st->err + n, sizeof(st->err) - n, "%s%s",
		    i == 0 ? "" : i + 1 == len ? " and " : ", ", name);
	}
	if (n < sizeof(st->err))
		snprintf(st->err + n, sizeof(st->err) - n, " exclude each "
		    "other");
}

/* The first option of s given, other than not; 0 for none. */
static int
opt_given(const struct opt_state *st, const char *s, int not)
{
	for (; *s != '\0'; s++)
		if (*s != not && opt_seen(st, (unsigned char)*s))
			return (unsigned char)*s;
	return 0;
}

int
opt_check(struct opt_state *st, const struct opt_excl *ex)
{
	char na[48], nb[48];
	int a, b;

	for (; ex != NULL && ex->a != NULL; ex++) {
		if ((a = opt_given(st, ex->a, 0)) == 0 ||
		    (b = opt_given(st, ex->b, a)) == 0)
			continue;
		if (ex->msg != NULL)
			snprintf(st->err, sizeof(st->err), "%s", ex->msg);
		else if (strcmp(ex->a, ex->b) == 0)
			opt_excl_all(st, ex->a);
		else {
			opt_name(st, a, na, sizeof(na));
			opt_name(st, b, nb, sizeof(nb));
			snprintf(st->err, sizeof(st->err), "%s and %s exclude "
			    "each other", na, nb);
		}
		return -1;
	}
	return 0;
}
