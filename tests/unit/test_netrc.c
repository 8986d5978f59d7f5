/* Unit tests for .netrc entries (src/http/netrc.c: netrc_find). */
#include <stdio.h>
#include <string.h>

#include "http/netrc.h"
#include "tap.h"

/* "login:password" text gives host (and user), or "(none)", "(long)". */
static const char *
find(const char *text, const char *host, const char *user)
{
	static char out[2 * NETRC_FIELDMAX + 2];
	struct netrc_cred c;

	switch (netrc_find(text, strlen(text), host, user, &c)) {
	case 1:
		(void)snprintf(out, sizeof(out), "%s:%s", c.login, c.pass);
		return out;
	case 0:
		return "(none)";
	default:
		return "(long)";
	}
}

int
main(void)
{
	static const char f[] =
	    "# a comment line: machine h login no password no\n"
	    "machine a.example login alice password apw\n"
	    "machine b.example\n"
	    "\tlogin bob\n"
	    "\tpassword \"b pw \\\"q\\\" \\\\ \\t.\"\n"
	    "macdef init\n"
	    "machine m login mallory password mpw\n"
	    "\n"
	    "machine c.example login carol password c1\n"
	    "machine c.example login carl password c2\n"
	    "default login anon password guest\n";
	char big[700];

	is_str(find(f, "a.example", NULL), "alice:apw", "a machine");
	is_str(find(f, "A.EXAMPLE", NULL), "alice:apw", "case aside");
	is_str(find(f, "b.example", NULL), "bob:b pw \"q\" \\ \t.",
	    "over lines, a quoted password with escapes");
	is_str(find(f, "m", NULL), "anon:guest",
	    "a macdef's lines are no entries");
	is_str(find(f, "h", NULL), "anon:guest", "a comment is no entry");
	is_str(find(f, "c.example", NULL), "carol:c1", "the first of two");
	is_str(find(f, "c.example", "carl"), "carl:c2", "the one of the login");
	is_str(find(f, "c.example", "nobody"), "(none)",
	    "no such login: none (default has another)");
	is_str(find(f, "other", NULL), "anon:guest", "default");
	is_str(find("machine a login x password y\n", "b", NULL), "(none)",
	    "no default: none");
	is_str(find("machine a login x\n", "a", NULL), "x:",
	    "no password: an empty one");
	is_str(find("machine a password y\n", "a", NULL), "(none)",
	    "no login: not used");
	is_str(find("machine a login x password y", "a", NULL), "x:y",
	    "no newline at the end");
	is_str(find("machine a login x account acct password y\n", "a",
	    NULL), "x:y", "an account skipped");
	is_str(find("machine a login x password y # no comment\n", "a",
	    NULL), "x:y", "'#' after a token: another token");
	is_str(find("default login d password e machine a login x "
	    "password y\n", "a", NULL), "d:e",
	    "a default before the machine: taken first");
	is_str(find("machine a login \"x y\" password \"\"\n", "a", NULL),
	    "x y:", "quoted login, empty quoted password");
	is_str(find("machine \"a\" login x password \"unterminated", "a",
	    NULL), "x:unterminated", "an unterminated quote ends the file");
	is_str(find("machine", "a", NULL), "(none)", "a lone machine");
	is_str(find("machine a login", "a", NULL), "(none)", "a lone login");
	is_str(find("", "a", NULL), "(none)", "empty");
	memset(big, 'p', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "machine a login x password ", 27);
	is_str(find(big, "a", NULL), "(long)", "a password too long");
	big[27 + 255] = '\0';
	is_int((int)strlen(find(big, "a", NULL)), 257, "255 bytes: taken");
	return tap_done();
}
