/*
 * netrc.c: a .netrc file's entry for a host (netrc.h).  Read token by
 * token with curl's rules, so a file curl reads gives the same
 * credentials here.
 */
#include <string.h>
#include <strings.h>

#include "parse/netrc.h"

#define TOKMAX	(NETRC_FIELDMAX + 1)	/* one more: too long is seen */

struct nr {
	const char	*s;
	size_t		 len, i;
	int		 bol;		/* no token yet on this line */
};

static int
space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

/* Past white space; a comment line skipped whole. */
static void
skip(struct nr *p)
{
	for (;;) {
		while (p->i < p->len && space((unsigned char)p->s[p->i])) {
			if (p->s[p->i] == '\n')
				p->bol = 1;
			p->i++;
		}
		if (p->i == p->len || !p->bol || p->s[p->i] != '#')
			return;
		while (p->i < p->len && p->s[p->i] != '\n')
			p->i++;
	}
}

/*
 * The next token into t (TOKMAX bytes, cut there).  Returns its length
 * (TOKMAX - 1 or more: too long), or -1 at the end.
 */
static long
token(struct nr *p, char *t)
{
	size_t n = 0;
	char c;
	int q;

	skip(p);
	if (p->i == p->len)
		return -1;
	p->bol = 0;
	if ((q = p->s[p->i] == '"'))
		p->i++;
	for (; p->i < p->len; p->i++) {
		c = p->s[p->i];
		if (q && c == '"') {
			p->i++;
			break;
		}
		if (!q && space((unsigned char)c))
			break;
		if (q && c == '\\' && p->i + 1 < p->len) {
			c = p->s[++p->i];
			c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ?
			    '\t' : c;
		}
		if (n < TOKMAX - 1)
			t[n] = c;
		n++;
	}
	t[n < TOKMAX - 1 ? n : TOKMAX - 1] = '\0';
	return (long)n;
}

/* macdef's lines, up to and with the next empty one. */
static void
skip_macro(struct nr *p)
{
	while (p->i < p->len && p->s[p->i] != '\n')
		p->i++;		/* the rest of the macdef line */
	while (p->i < p->len) {
		p->i++;
		if (p->i < p->len && p->s[p->i] == '\n')
			break;
		while (p->i < p->len && p->s[p->i] != '\n')
			p->i++;
	}
	p->bol = 1;
}

/* The entry at p: its login and password into c, up to the next. */
static int
entry(struct nr *p, struct netrc_cred *c, int *toolong)
{
	char t[TOKMAX];
	size_t at;
	long n;
	int kind;

	c->login[0] = c->pass[0] = '\0';
	*toolong = 0;
	for (;;) {
		at = p->i;
		if ((n = token(p, t)) == -1)
			return 0;
		if (strcmp(t, "machine") == 0 || strcmp(t, "default") == 0) {
			p->i = at;	/* the next entry's */
			return 0;
		}
		if (strcmp(t, "macdef") == 0) {
			skip_macro(p);
			continue;
		}
		if (strcmp(t, "login") != 0 && strcmp(t, "password") != 0 &&
		    strcmp(t, "account") != 0)
			continue;
		kind = t[0];	/* 'l', 'p' or 'a', whose value is not kept */
		if ((n = token(p, t)) == -1)
			return 0;
		if (n >= NETRC_FIELDMAX)
			*toolong = 1;
		else if (kind == 'l')
			memcpy(c->login, t, (size_t)n + 1);
		else if (kind == 'p')
			memcpy(c->pass, t, (size_t)n + 1);
	}
}

int
netrc_find(const char *text, size_t len, const char *host,
    const char *user, struct netrc_cred *c)
{
	struct nr p = { text, len, 0, 1 };
	char t[TOKMAX];
	int mine, toolong;

	while (token(&p, t) != -1) {
		if (strcmp(t, "default") == 0)
			mine = 1;
		else if (strcmp(t, "machine") == 0) {
			if (token(&p, t) == -1)
				return 0;
			mine = strcasecmp(t, host) == 0;
		} else {
			if (strcmp(t, "macdef") == 0)
				skip_macro(&p);
			continue;
		}
		(void)entry(&p, c, &toolong);
		if (!mine || c->login[0] == '\0' || (user != NULL &&
		    strcmp(c->login, user) != 0))
			continue;
		return toolong ? -1 : 1;
	}
	return 0;
}
