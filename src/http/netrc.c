/*
 * http/netrc.c: --netrc, the one netrc module (http/netrc.h): the file
 * found, read with its checks, its entries read token by token with
 * curl's rules (so a file curl reads gives the same credentials here;
 * that part is pure, netrc_find, fuzzed), and each hop's credentials
 * from it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/netrc.h"
#include "http/why.h"
#include "parse/url.h"
#include "util/file.h"

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

int
netrc_default(char *buf, size_t cap)
{
	const char *home;
	int n;

	if ((home = getenv("HOME")) == NULL || *home == '\0')
		return -1;
	n = snprintf(buf, cap, "%s/.netrc", home);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int
netrc_load(const char *path, int optional, char **text, size_t *len,
    struct httpc_why *w)
{
	struct stat st;
	char def[4096];
	int fd, rc = 0;

	*text = NULL;
	*len = 0;
	/* a missing ~/.netrc is no error, as curl; a --netrc-file is said */
	if (path == NULL) {
		if (netrc_default(def, sizeof(def)) == -1)
			return 0;
		path = def;
		optional = 1;
	}
	/* O_NONBLOCK: a fifo put there opens at once, to be refused below */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		if (errno == ENOENT && optional)
			return 0;
		(void)why_errno(w, path, errno);
		return w->err == ENOENT ? 1 : -1;
	}
	/* the file opened, not the name again: no swap between */
	if (fstat(fd, &st) == -1)
		rc = why_errno(w, path, errno);
	else if (!S_ISREG(st.st_mode))
		rc = why_text(w, path, "not a regular file");
	else if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		(void)why_text(w, path, "not used: group or others may %s it "
		    "(chmod 600 it)", (st.st_mode & (S_IRGRP | S_IROTH)) != 0 ?
		    "read" : "write");
		rc = 1;
	} else if (read_fd(fd, NETRC_FILEMAX, text, len) == -1)
		rc = why_errno(w, path, errno);
	(void)close(fd);
	return rc;
}

void
netrc_apply(const char *text, size_t len, struct url *u)
{
	struct netrc_cred c;

	if (text == NULL || (u->has_auth && u->pass[0] != '\0'))
		return;
	/* out of memory: without, as a host with no entry */
	if (netrc_find(text, len, u->host, u->has_auth ? u->user : NULL,
	    &c) == 1)
		(void)url_cred_set(u, c.login, c.pass);
}
