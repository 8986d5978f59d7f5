/* fuzz_portlist.c: the port-list parser must neither crash nor lie. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/portlist.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
lookup(const char *name, void *arg)
{
	(void)arg;
	if (strcmp(name, "ssh") == 0)
		return 22;
	if (strcmp(name, "http") == 0)
		return 80;
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct portlist pl;
	static uint16_t out[65535];
	char err[SK_ERRLEN], *s;
	size_t n, i;
	int r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	portlist_init(&pl);
	err[0] = '\0';
	r = portlist_parse(&pl, s, lookup, NULL, err);
	if (r == -1) {
		/* a refusal always says why, and leaves the set empty */
		if (err[0] == '\0' || strlen(err) >= SK_ERRLEN || pl.count != 0)
			abort();
	} else {
		n = portlist_expand(&pl, out);
		if ((size_t)r != n || n == 0 || n > 65535)
			abort();
		for (i = 1; i < n; i++)
			if (out[i] <= out[i - 1])
				abort();
		if (out[0] == 0)
			abort();
	}
	/* with T: and U: (nmap's): refused as the plain parser refuses,
	 * or every port it took is in one list or both */
	{
		static struct portlist t, u;
		int m;

		portlist_init(&t);
		portlist_init(&u);
		m = portlist_parse_protos(&t, &u, s, lookup, NULL, err);
		if (m == -1 && (err[0] == '\0' || t.count != 0 || u.count != 0))
			abort();
		if (m == 0 && (r == -1 || t.count != pl.count ||
		    u.count != pl.count))
			abort();
		if (m > 0 && t.count == 0 && u.count == 0)
			abort();
	}
	free(s);
	return 0;
}
