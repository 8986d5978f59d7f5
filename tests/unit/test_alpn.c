/* Unit tests for alpn_parse (src/parse/alpn.c), the --alpn list. */
#include <string.h>

#include "parse/alpn.h"
#include "tap.h"
#include "util/base.h"

int
main(void)
{
	static const char *bad[] = { "", ",", "h2,", ",h2", "h2,,http/1.1" };
	unsigned char out[512], small[8];
	char err[SK_ERRLEN], big[300];
	size_t k, len = 0;

	is_int(alpn_parse("h2", out, sizeof(out), &len, err), 0, "one name");
	is_int((int)len, 3, "one name: length byte and name");
	ok(memcmp(out, "\002h2", 3) == 0, "one name: wire form");
	is_int(alpn_parse("h2,http/1.1", out, sizeof(out), &len, err), 0,
	    "two names");
	is_int((int)len, 12, "two names: length");
	ok(memcmp(out, "\002h2\010http/1.1", 12) == 0, "two names: wire form");
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		is_int(alpn_parse(bad[k], out, sizeof(out), &len, err), -1,
		    bad[k]);
		ok(strstr(err, "empty protocol name") != NULL, "says empty");
	}
	memset(big, 'a', 256);
	big[256] = '\0';
	is_int(alpn_parse(big, out, sizeof(out), &len, err), -1, "256 bytes");
	is_str(err, "--alpn: protocol name longer than 255 bytes",
	    "too long message");
	big[255] = '\0';
	is_int(alpn_parse(big, out, sizeof(out), &len, err), 0, "255 bytes");
	is_int((int)len, 256, "255 bytes: length");
	is_int(alpn_parse("h2,http/1.1", small, sizeof(small), &len, err), -1,
	    "does not fit");
	is_str(err, "--alpn: list longer than 8 bytes", "does not fit message");
	is_int(alpn_parse("abcdefg", small, sizeof(small), &len, err), 0,
	    "fits exactly");
	return tap_done();
}
