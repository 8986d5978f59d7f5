/*
 * fuzz_dialmap.c: --resolve and --connect-to values on arbitrary bytes.
 * The input's lines are values, each --resolve when it starts with 'r'
 * and --connect-to when with 'c' (the rest of the line, that letter
 * off); the last line is a host to route, port 443.  Checked: nothing
 * crashes; what is taken has a port in range and at most DIALMAP_ADDRS
 * addresses, each a NUL-ended literal; a route's port is in range and
 * its entry is one of the map's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dialmap.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct dialmap m;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[4096], err[SK_ERRLEN], to[SK_HOSTLEN];
	const struct dialmap_resolve *r;
	size_t i = 0, n;
	int j, k, port;

	memset(&m, 0, sizeof(m));
	line[0] = '\0';
	while (i < size) {
		for (n = 0; i < size && data[i] != '\n'; i++)
			if (n < sizeof(line) - 1 && data[i] != '\0')
				line[n++] = (char)data[i];
		line[n] = '\0';
		if (i < size)
			i++;
		if (i >= size)
			break;	/* the last line: the host */
		if (line[0] == 'r')
			(void)dialmap_resolve_add(&m, line + 1, err);
		else if (line[0] == 'c')
			(void)dialmap_connto_add(&m, line + 1, err);
	}
	for (j = 0; j < m.nres; j++) {
		if (m.res[j].port < 1 || m.res[j].port > 65535 ||
		    m.res[j].naddr < 1 || m.res[j].naddr > DIALMAP_ADDRS)
			abort();
		for (k = 0; k < m.res[j].naddr; k++)
			if (memchr(m.res[j].addr[k], '\0',
			    DIALMAP_ADDRLEN) == NULL)
				abort();
	}
	for (j = 0; j < m.nct; j++)
		if (m.ct[j].port1 < 0 || m.ct[j].port1 > 65535 ||
		    m.ct[j].port2 < 0 || m.ct[j].port2 > 65535)
			abort();
	r = dialmap_route(&m, line, 443, 1, to, sizeof(to), &port);
	if (port < 1 || port > 65535 || (r != NULL && (r < m.res ||
	    r >= m.res + m.nres)))
		abort();
	return 0;
}
