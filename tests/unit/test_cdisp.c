/* Unit tests for Content-Disposition file names (src/parse/cdisp.c). */
#include <string.h>

#include "parse/cdisp.h"
#include "tap.h"

/* The name v gives, "(none)" or "(refused)". */
static const char *
name(const char *v)
{
	static char buf[CDISP_NAMEMAX + 1];

	switch (cdisp_filename(v, strlen(v), buf)) {
	case 1:
		return buf;
	case 0:
		return "(none)";
	default:
		return "(refused)";
	}
}

int
main(void)
{
	char big[600];

	is_str(name("attachment; filename=\"a b.txt\""), "a b.txt", "quoted");
	is_str(name("attachment; filename=tok.txt"), "tok.txt", "a token");
	is_str(name("attachment; filename=tok.txt ; size=3"), "tok.txt",
	    "a token, blanks and a parameter after");
	is_str(name("attachment;filename=\"q\\\"x\\\\y\""), "y",
	    "escapes undone, then the path stripped at the backslash");
	is_str(name("attachment; FileName=\"up.txt\""), "up.txt",
	    "the parameter name in any case");
	is_str(name("attachment; filename=\"x.txt\"; "
	    "filename*=UTF-8''%C3%A9t%C3%A9.txt"), "\xc3\xa9t\xc3\xa9.txt",
	    "filename* preferred");
	is_str(name("attachment; filename*=utf-8'en'a%20b.txt; "
	    "filename=\"x.txt\""), "a b.txt", "... whichever comes first");
	is_str(name("attachment; filename*=ISO-8859-1''%E9.txt; "
	    "filename=e.txt"), "e.txt", "another charset: filename");
	is_str(name("attachment; filename*=UTF-8''%zz; filename=e.txt"),
	    "e.txt", "a bad escape: filename");
	is_str(name("attachment; filename=\"../../etc/passwd\""), "passwd",
	    "the path stripped");
	is_str(name("attachment; filename=\"/abs/path.txt\""), "path.txt",
	    "an absolute path stripped");
	is_str(name("attachment; filename=\"dir\\\\win.txt\""), "win.txt",
	    "a backslash path stripped");
	is_str(name("attachment; filename*=UTF-8''..%2F..%2Fx"), "x",
	    "a decoded slash stripped too");
	is_str(name("attachment; filename=\"a;b\"; x=1"), "a;b",
	    "a ';' in a quoted string");
	is_str(name("attachment; filename=\"\""), "(refused)", "empty");
	is_str(name("attachment; filename=\"..\""), "(refused)", "..");
	is_str(name("attachment; filename=\"a/..\""), "(refused)", "a/..");
	is_str(name("attachment; filename=\"dir/\""), "(refused)",
	    "nothing after the path");
	is_str(name("attachment; filename*=UTF-8''a%0Ab"), "(refused)",
	    "a control character");
	is_str(name("attachment; filename*=UTF-8''a%00b"), "(refused)",
	    "a NUL");
	is_str(name("attachment; filename=\"a\tb\""), "(refused)", "a tab");
	/* curl 7.88's own cases 1311 and 1313 */
	is_str(name("filename=n1311; charset=funny; option=strange"), "n1311",
	    "no disposition type: the parameters alone, as curl");
	is_str(name("inline; filename='n1313"), "n1313",
	    "an unclosed single quote, as curl");
	is_str(name("inline; filename='a b'; x=1"), "a b",
	    "single quotes, as curl");
	is_str(name("inline; filename=\"a;b"), "a;b",
	    "an unclosed double quote: to the end");
	is_str(name("inline"), "(none)", "no parameter");
	is_str(name("attachment; name=\"x\""), "(none)", "another parameter");
	is_str(name("attachment; filename"), "(none)", "no value");
	is_str(name(""), "(none)", "empty field");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "x; filename=", 12);
	is_str(name(big), "(refused)", "too long");
	big[12 + 255] = '\0';
	is_int((int)strlen(name(big)), 255, "255 bytes: taken");
	memcpy(big, "x; filename=\"", 13);
	memset(big + 13, 'a', 400);
	memcpy(big + 413, ";filename*=UTF-8''evil\"", 24);
	is_str(name(big), "(refused)",
	    "a long quoted name: its text is not read as parameters");
	return tap_done();
}
