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

static int
opt_long(struct opt_state *st, char *word)
{
	const struct opt_long *l;
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
		if (!l->has_arg) {
			if (eq != NULL) {
				snprintf(st->err, sizeof(st->err),
				    "option --%s takes no argument", l->name);
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
			    "option --%s needs an argument", l->name);
			return '?';
		}
		return l->val;
	}
	snprintf(st->err, sizeof(st->err), "unknown option --%.*s",
	    (int)(n > 64 ? 64 : n), word);
	return '?';
}

int
opt_next(struct opt_state *st)
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
