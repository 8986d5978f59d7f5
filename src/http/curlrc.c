/*
 * http/curlrc.c: which ~/.curlrc curl 7.88 reads when the command line
 * does not begin with -q: its tool_findfile.c's order, so that http-get
 * and curl read the same file on the same machine.
 */
#include <sys/types.h>

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "http/conf.h"

/* dir/name into buf and open for reading: 1, else 0 */
static int
rc_try(char *buf, size_t cap, const char *dir, const char *name)
{
	int n, fd;

	n = snprintf(buf, cap, "%s%s", dir, name);
	if (n < 0 || (size_t)n >= cap || (fd = open(buf, O_RDONLY)) == -1)
		return 0;
	(void)close(fd);
	return 1;
}

/*
 * curl's list: $CURL_HOME, $XDG_CONFIG_HOME and $HOME's .curlrc (an
 * empty variable is unset to curl); with no XDG_CONFIG_HOME, .config/curlrc
 * under $CURL_HOME, or under $HOME when $CURL_HOME is unset or empty
 * (curl's loop turns the second look off after the first); the password
 * database's home last.
 */
int
hconf_curlrc(char *buf, size_t cap)
{
	static const char *const env[] = { "CURL_HOME", "XDG_CONFIG_HOME",
	    "HOME" };
	const char *d, *cfg;
	struct passwd *pw;
	size_t i;

	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++)
		if ((d = getenv(env[i])) != NULL && *d != '\0' &&
		    rc_try(buf, cap, d, "/.curlrc"))
			return 1;
	if ((d = getenv("XDG_CONFIG_HOME")) == NULL || *d == '\0') {
		cfg = getenv("CURL_HOME");
		if (cfg == NULL || *cfg == '\0')
			cfg = getenv("HOME");
		if (cfg != NULL && *cfg != '\0' &&
		    rc_try(buf, cap, cfg, "/.config/curlrc"))
			return 1;
	}
	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_dir != NULL &&
	    pw->pw_dir[0] != '\0' && rc_try(buf, cap, pw->pw_dir, "/.curlrc"))
		return 1;
	return 0;
}
