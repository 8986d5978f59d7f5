/*
 * Unit tests for src/targetfile.c: the -iL tokeniser and the exclusion
 * sets of --exclude and --excludefile.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/targetfile.h"
#include "tap.h"
#include "util/base.h"

/* Append s to out (outlen bytes), cut short if need be. */
static void
append(char *out, size_t outlen, const char *s)
{
	size_t n = strlen(out);

	(void)snprintf(out + n, outlen - n, "%s", s);
}

/* Every token of s, joined with '|', into out; the last result. */
static int
tokens(const char *s, size_t len, char *out, size_t outlen, size_t *line)
{
	char tok[TFILE_TOKLEN], err[SK_ERRLEN];
	size_t pos = 0;
	int r;

	out[0] = '\0';
	*line = 1;
	while ((r = tfile_next(s, len, &pos, line, tok, err)) == 1) {
		if (out[0] != '\0')
			append(out, outlen, "|");
		append(out, outlen, tok);
	}
	if (r == -1) {
		append(out, outlen, "!");
		append(out, outlen, err);
	}
	return r;
}

static void
test_tokens(void)
{
	static const char f1[] = "# a list\n127.0.0.1\n\n  10.0.0.0/30 "
	    "host.example\t::1 # the end\n#last\nx";
	static const char f2[] = "a\nb\0c\n";
	char out[1024], big[TFILE_TOKLEN + 10];
	size_t line;

	is_int(tokens(f1, sizeof(f1) - 1, out, sizeof(out), &line), 0,
	    "a file ends with 0");
	is_str(out, "127.0.0.1|10.0.0.0/30|host.example|::1|x",
	    "lines, blanks, tabs and comments");
	is_int((int)line, 6, "lines counted");
	is_int(tokens("", 0, out, sizeof(out), &line), 0, "empty file");
	is_str(out, "", "empty file: no token");
	is_int(tokens("a#b c\r\nd", 8, out, sizeof(out), &line), 0,
	    "a comment in the middle of a line");
	is_str(out, "a|d", "# ends a token and the line");
	is_int(tokens(f2, sizeof(f2) - 1, out, sizeof(out), &line), -1,
	    "a NUL byte");
	is_str(out, "a!line 2: a NUL byte: not a text file",
	    "a NUL byte: message");
	memset(big, 'a', sizeof(big));
	is_int(tokens(big, sizeof(big), out, sizeof(out), &line), -1,
	    "a token too long");
	ok(strncmp(out, "!line 1: aaaa", 13) == 0 &&
	    strstr(out, "...: too long") != NULL, "too long: message");
}

static void
test_exclude(void)
{
	static const uint8_t a1[4] = { 10, 1, 2, 3 }, a2[4] = { 11, 0, 0, 1 };
	static const uint8_t a3[4] = { 192, 0, 2, 7 };
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 5 };
	static const uint8_t m4[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	    0xff, 10, 9, 9, 9 };
	struct exclude ex;
	char err[SK_ERRLEN];

	exclude_init(&ex);
	is_int(exclude_add_list(&ex, "10.0.0.0/8,, 2001:db8::/32 host.example"
	    ",[::1]", err), 0, "a list of four");
	is_int((int)ex.nnets, 3, "three blocks");
	is_int((int)ex.nnames, 1, "one name");
	is_str(ex.names[0], "host.example", "the name");
	is_int(exclude_match(&ex, AF_INET, a1), 1, "in 10/8");
	is_int(exclude_match(&ex, AF_INET, a2), 0, "not in 10/8");
	is_int(exclude_match(&ex, AF_INET6, v6), 1, "in 2001:db8::/32");
	is_int(exclude_match(&ex, AF_INET6, m4), 1,
	    "an IPv4-mapped address is its IPv4 address");
	is_int(exclude_add_addr(&ex, AF_INET, a3), 0, "a resolved address");
	is_int(exclude_match(&ex, AF_INET, a3), 1, "the resolved address");
	{
		static const uint8_t r1[4] = { 198, 18, 0, 1 },
		    r5[4] = { 198, 18, 0, 5 }, r6[4] = { 198, 18, 0, 6 },
		    s9[4] = { 198, 18, 3, 9 }, s0[4] = { 198, 18, 4, 9 };

		is_int(exclude_add(&ex, "198.18.0.1-5", err), 0,
		    "an octet range");
		is_int(exclude_match(&ex, AF_INET, r1) +
		    exclude_match(&ex, AF_INET, r5), 2,
		    "its first and last addresses");
		is_int(exclude_match(&ex, AF_INET, r6), 0, "not past its end");
		is_int(exclude_add(&ex, "198.18.1-3.*", err), 0,
		    "an octet range with a star");
		is_int(exclude_match(&ex, AF_INET, s9), 1, "in 198.18.1-3.*");
		is_int(exclude_match(&ex, AF_INET, s0), 0,
		    "not in 198.18.1-3.*");
	}
	is_int(exclude_add(&ex, "0.0.0.0/0", err), 0,
	    "a block of any size");
	is_int(exclude_match(&ex, AF_INET, a2), 1, "0/0 holds everything");
	is_int(exclude_add(&ex, "10.0.0.0/33", err), -1, "bad prefix");
	is_str(err, "exclude 10.0.0.0/33: prefix length out of range (0-32)",
	    "bad prefix: message");
	is_int(exclude_add(&ex, "a..b", err), -1, "bad name");
	is_str(err, "exclude a..b: bad host name", "bad name: message");
	is_int(exclude_add_list(&ex, "1.2.3.4,300.1.1.1", err), -1,
	    "a bad item fails the list");
	ok(strstr(err, "300.1.1.1: ") != NULL, "the bad item is named");
	is_int(exclude_add_list(&ex, "", err), 0, "an empty list");
	exclude_free(&ex);
	is_int((int)ex.nnets + (int)ex.nnames, 0, "freed");
}

int
main(void)
{
	test_tokens();
	test_exclude();
	return tap_done();
}
