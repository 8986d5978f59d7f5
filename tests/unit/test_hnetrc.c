/*
 * Unit tests for http-get's .netrc file and each hop's credentials
 * (http/netrc.c): the default name, a missing file, one others may read
 * or write, one that is no regular file, and the entry of a URL's host
 * given to it unless it has a password.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/netrc.h"
#include "http/why.h"
#include "parse/url.h"
#include "tap.h"

static char dir[] = "/tmp/test_hnetrc.XXXXXX";

/* dir/name with text s and mode */
static const char *
file(const char *name, const char *s, mode_t mode)
{
	static char path[4][256];
	static int k;
	char *p = path[k++ % 4];
	FILE *f;

	(void)snprintf(p, 256, "%s/%s", dir, name);
	if ((f = fopen(p, "w")) != NULL) {
		(void)fputs(s, f);
		(void)fclose(f);
	}
	(void)chmod(p, mode);
	return p;
}

static void
test_load(void)
{
	struct httpc_why w;
	const char *p;
	char *text, buf[64];
	size_t len;

	(void)setenv("HOME", "/h", 1);
	ok(netrc_default(buf, sizeof(buf)) == 0 && strcmp(buf,
	    "/h/.netrc") == 0, "the default: ~/.netrc");
	(void)setenv("HOME", "", 1);
	is_int(netrc_default(buf, sizeof(buf)), -1, "HOME empty: none");

	p = file("ok", "machine a login u password p\n", 0600);
	is_int(netrc_load(p, 0, &text, &len, &w), 0, "a file of mode 600");
	ok(text != NULL && len == 29, "... read");
	free(text);
	p = file("open", "machine a login u password p\n", 0644);
	is_int(netrc_load(p, 0, &text, &len, &w), 1, "mode 644: a warning");
	ok(text == NULL && w.about == p && strcmp(w.text, "not used: group "
	    "or others may read it (chmod 600 it)") == 0, "... not used");
	p = file("w", "x", 0620);
	is_int(netrc_load(p, 0, &text, &len, &w), 1, "mode 620: a warning");
	is_str(w.text, "not used: group or others may write it (chmod 600 "
	    "it)", "... written");
	(void)snprintf(buf, sizeof(buf), "%s/none", dir);
	is_int(netrc_load(buf, 1, &text, &len, &w), 0, "missing, optional");
	ok(text == NULL, "... none");
	is_int(netrc_load(buf, 0, &text, &len, &w), 1, "missing: a warning");
	ok(w.text[0] == '\0' && w.err == ENOENT, "... ENOENT");
	is_int(netrc_load(dir, 0, &text, &len, &w), -1, "a directory");
	is_str(w.text, "not a regular file", "... refused");
}

static void
test_apply(void)
{
	static struct url u;
	const char *t = "machine a.test login ann password pw1\n"
	    "machine b.test login bob password pw2\n";
	char err[256];

	ok(url_parse("http://a.test/", &u, err) == 0, "a URL");
	netrc_apply(t, strlen(t), &u);
	ok(u.has_auth && strcmp(u.user, "ann") == 0 && strcmp(u.pass,
	    "pw1") == 0, "its host's entry");
	ok(url_parse("http://c.test/", &u, err) == 0, "another host");
	netrc_apply(t, strlen(t), &u);
	ok(!u.has_auth, "... no entry: none");
	ok(url_parse("http://x:y@b.test/", &u, err) == 0, "a password given");
	netrc_apply(t, strlen(t), &u);
	is_str(u.user, "x", "... kept");
	ok(url_parse("http://bob@b.test/", &u, err) == 0, "a user given");
	netrc_apply(t, strlen(t), &u);
	is_str(u.pass, "pw2", "... its password");
	netrc_apply(NULL, 0, &u);
	ok(1, "no file: nothing");
}

int
main(void)
{
	char cmd[64];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_load();
	test_apply();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return tap_done();
}
