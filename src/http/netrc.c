/*
 * http/netrc.c: the .netrc file read with its checks, and each hop's
 * credentials from it (http/netrc.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/netrc.h"
#include "http/why.h"
#include "parse/netrc.h"
#include "parse/url.h"
#include "util/file.h"

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
	int fd, rc = 0;

	*text = NULL;
	*len = 0;
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
	if (netrc_find(text, len, u->host, u->has_auth ? u->user : NULL,
	    &c) != 1 || strlen(c.login) >= sizeof(u->user) ||
	    strlen(c.pass) >= sizeof(u->pass))
		return;
	memcpy(u->user, c.login, strlen(c.login) + 1);
	memcpy(u->pass, c.pass, strlen(c.pass) + 1);
	u->has_auth = 1;
}
