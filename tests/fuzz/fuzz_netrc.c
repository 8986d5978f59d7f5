/*
 * fuzz_netrc.c: netrc_find must read no byte past its text, and give a
 * login that is not empty, NUL-terminated within its field, and the
 * login asked for when one is.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/netrc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netrc_cred c;
	char *t;
	int rc;

	if ((t = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(t, data, size);
	rc = netrc_find(t, size, "a", NULL, &c);
	if (rc == 1 && (memchr(c.login, '\0', sizeof(c.login)) == NULL ||
	    memchr(c.pass, '\0', sizeof(c.pass)) == NULL ||
	    c.login[0] == '\0'))
		abort();
	rc = netrc_find(t, size, "a", "x", &c);
	if (rc == 1 && strcmp(c.login, "x") != 0)
		abort();
	free(t);
	return 0;
}
