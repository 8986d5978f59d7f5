/*
 * cmd/http_get_netrc.c: --netrc, --netrc-file, --netrc-optional: the
 * file read once, before the first URL, and refused when others may
 * read it; then each hop's host looks up its own entry, as curl's
 * does, so a host's password goes to that host alone, never to another
 * a redirect leads to.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/http_get.h"
#include "parse/netrc.h"
#include "parse/url.h"
#include "sockt.h"
#include "util/file.h"

#define NETRC_FILEMAX	(1024 * 1024)	/* bytes of a .netrc */

/*
 * The file's text into o, when it may be used.  A missing file is no
 * error (as curl), said for --netrc-file that names one; one that group
 * or others may read or write is refused with a warning, as ftp(1)
 * refuses it, and the run goes on without it.  Returns SK_CONTINUE, or
 * EXIT_FAIL after saying why (a file that cannot be read).
 */
int
hg_netrc_load(struct hg_opts *o)
{
	const char *home;
	char def[4096];
	struct stat st;
	int fd, n, rc;

	if (o->netrc_file == NULL) {
		if ((home = getenv("HOME")) == NULL || *home == '\0')
			return SK_CONTINUE;
		n = snprintf(def, sizeof(def), "%s/.netrc", home);
		if (n < 0 || (size_t)n >= sizeof(def))
			return SK_CONTINUE;
		o->netrc_file = def;
	}
	/* O_NONBLOCK: a fifo put there opens at once, to be refused below */
	if ((fd = open(o->netrc_file, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) ==
	    -1) {
		if (errno == ENOENT && (o->netrc_file == def ||
		    o->netrc_optional))
			rc = SK_CONTINUE;
		else {
			msg_warn("%s", o->netrc_file);
			rc = errno == ENOENT ? SK_CONTINUE : EXIT_FAIL;
		}
		o->netrc_file = NULL;
		return rc;
	}
	rc = SK_CONTINUE;
	/* the file opened, not the name again: no swap between */
	if (fstat(fd, &st) == -1) {
		msg_warn("%s", o->netrc_file);
		rc = EXIT_FAIL;
	} else if (!S_ISREG(st.st_mode)) {
		msg_warnx("%s: not a regular file", o->netrc_file);
		rc = EXIT_FAIL;
	} else if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		msg_warnx("%s: not used: group or others may %s it "
		    "(chmod 600 it)", o->netrc_file,
		    (st.st_mode & (S_IRGRP | S_IROTH)) != 0 ? "read" :
		    "write");
	else if (read_fd(fd, NETRC_FILEMAX, &o->netrc_text,
	    &o->netrc_len) == -1) {
		msg_warn("%s", o->netrc_file);
		rc = EXIT_FAIL;
	}
	(void)close(fd);
	o->netrc_file = NULL;	/* def goes with this frame */
	return rc;
}

/*
 * u's credentials from the file, when neither -u nor the URL gave a
 * password: the entry of u's host (with the URL's user name, when it
 * has one).  A hop whose host has no entry goes without.
 */
void
hg_netrc_apply(const struct hg_opts *o, struct url *u)
{
	struct netrc_cred c;

	if (o->netrc_text == NULL || o->user != NULL || (u->has_auth &&
	    u->pass[0] != '\0'))
		return;
	if (netrc_find(o->netrc_text, o->netrc_len, u->host, u->has_auth ?
	    u->user : NULL, &c) != 1 || strlen(c.login) >= sizeof(u->user) ||
	    strlen(c.pass) >= sizeof(u->pass))
		return;
	memcpy(u->user, c.login, strlen(c.login) + 1);
	memcpy(u->pass, c.pass, strlen(c.pass) + 1);
	u->has_auth = 1;
}
