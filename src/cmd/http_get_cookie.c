/*
 * cmd/http_get_cookie.c: http-get's -b, -c and -j: the cookies of the
 * command line, the files read before the first URL and the jar
 * written after the last (the engine keeps them meanwhile:
 * http/cookies.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/http_get.h"
#include "http/engine.h"
#include "parse/http.h"
#include "sockt.h"

int
hg_cookie_arg(struct hg_opts *o, const char *arg, const char *usage)
{
	size_t have, n = strlen(arg);
	char *d;

	if (strchr(arg, '=') == NULL) {
		o->cookie_files[o->ncookie_files++] = arg;
		return SK_CONTINUE;
	}
	if (!http_value_ok(arg))
		return msg_usage(usage, "-b: cookies contain a control "
		    "character");
	have = o->cookie_data != NULL ? strlen(o->cookie_data) : 0;
	if ((d = realloc(o->cookie_data, have + 1 + n + 1)) == NULL) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	(void)snprintf(d + have, 1 + n + 1, "%s%s", have > 0 ? ";" : "", arg);
	o->cookie_data = d;
	o->http.cookie = d;
	return SK_CONTINUE;
}

int
hg_cookies_load(struct hg_opts *o)
{
	int i;

	for (i = 0; i < o->ncookie_files; i++)
		if (httpc_jar_load(&o->jar, o->cookie_files[i],
		    o->junk_session) == -1) {
			msg_warn("%s", o->cookie_files[i]);
			return EXIT_FAIL;
		}
	return SK_CONTINUE;
}

int
hg_cookies_save(struct hg_opts *o, int status)
{
	if (o->cookie_jar == NULL || httpc_jar_save(&o->jar,
	    o->cookie_jar) == 0)
		return status;
	msg_warn("%s", strcmp(o->cookie_jar, "-") == 0 ? "stdout" :
	    o->cookie_jar);
	return status == EXIT_OK ? EXIT_FAIL : status;
}
