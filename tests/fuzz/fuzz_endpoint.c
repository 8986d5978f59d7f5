/*
 * Fuzz harness for the endpoint and port parsers.  The input is split at
 * its first NUL into one or two operands; the first byte picks the flags.
 * Checks the parser's promises: it never overruns, and on success the
 * host has no forbidden byte and the port is a valid one.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/addr.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct endpoint ep;
	char err[SK_ERRLEN], *buf, *argv[2];
	int flags, argc = 1, rc;
	size_t i;

	if (size == 0)
		return 0;
	flags = data[0] & 1 ? EP_LISTEN : 0;
	if ((buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	argv[0] = buf;
	argv[1] = NULL;
	for (i = 0; i + 1 < size - 1; i++) {
		if (buf[i] == '\0') {
			argv[1] = buf + i + 1;
			argc = 2;
			break;
		}
	}
	rc = endpoint_parse(argc, argv, flags, &ep, err);
	if (rc == 0) {
		for (i = 0; ep.host[i] != '\0'; i++)
			if ((unsigned char)ep.host[i] <= ' ' ||
			    ep.host[i] == '[' || ep.host[i] == ']')
				abort();
		if (port_parse(ep.port, flags & EP_LISTEN, err) < 0)
			abort();
		if (!(flags & EP_LISTEN) && ep.host[0] == '\0')
			abort();
	} else if (memchr(err, '\0', SK_ERRLEN) == NULL)
		abort();
	free(buf);
	return 0;
}
