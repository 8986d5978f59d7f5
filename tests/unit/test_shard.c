/* Unit tests for shard_parse (src/shard.c), the --shard I/N argument. */
#include <stdint.h>

#include "parse/shard.h"
#include "tap.h"
#include "util/base.h"

int
main(void)
{
	static const char *bad[] = { "", "/", "1", "1/", "/1", "0/5", "1/0",
	    "-1/5", "+1/5", " 1/5", "1/ 5", "1/5 ", "a/b", "1/2/3",
	    "1/1000001", "1000001/1000001", "1.5/3", "1/99999999999999999999",
	    "0000000000000000000000000000000001/1" };
	uint64_t i = 77, n = 77;
	char err[SK_ERRLEN];
	size_t k;

	is_int(shard_parse("1/1", &i, &n, err), 0, "1/1");
	is_int(i, 0, "1/1 index is zero-based");
	is_int(n, 1, "1/1 count");
	is_int(shard_parse("2/5", &i, &n, err), 0, "2/5");
	is_int(i, 1, "2/5 index");
	is_int(n, 5, "2/5 count");
	is_int(shard_parse("1000000/1000000", &i, &n, err), 0, "largest");
	is_int(i, 999999, "largest index");
	is_int(n, 1000000, "largest count");
	is_int(shard_parse("007/010", &i, &n, err), 0, "leading zeros");
	is_int(i, 6, "leading zeros index");
	is_int(n, 10, "leading zeros count");

	is_int(shard_parse("6/5", &i, &n, err), -1, "I above N");
	is_str(err, "shard 6/5: shard 6 of 5 does not exist", "I above N "
	    "message");
	is_int(shard_parse("x", &i, &n, err), -1, "no slash");
	is_str(err, "shard x: expected I/N", "no slash message");
	is_int(shard_parse("0/5", &i, &n, err), -1, "zero");
	is_str(err, "shard 0/5: expected I/N with 1 <= I <= N <= 1000000",
	    "range message");

	i = n = 77;
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		err[0] = '\0';
		if (!ok(shard_parse(bad[k], &i, &n, err) == -1 &&
		    err[0] != '\0', "refused with a reason"))
			printf("#   input '%s'\n", bad[k]);
	}
	ok(i == 77 && n == 77, "refusals leave the result untouched");
	return tap_done();
}
