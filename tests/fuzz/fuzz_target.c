/* fuzz_target.c: the target parser must neither crash nor overrun. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include "parse/target.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target t;
	char err[SK_ERRLEN], *s;
	uint8_t raw[16];
	int r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	r = target_parse(s, &t, err);
	if (r == -1) {
		if (err[0] == '\0' || strlen(err) >= SK_ERRLEN)
			abort();
	} else if (t.family == AF_UNSPEC) {
		if (t.count != 1 || t.name[0] == '\0' ||
		    strlen(t.name) >= sizeof(t.name))
			abort();
	} else {
		if (t.count == 0)
			abort();
		if (target_addr(&t, 0, raw) == -1 ||
		    target_addr(&t, t.count - 1, raw) == -1 ||
		    (t.count != UINT64_MAX &&
		    target_addr(&t, t.count, raw) != -1))
			abort();
	}
	free(s);
	return 0;
}
