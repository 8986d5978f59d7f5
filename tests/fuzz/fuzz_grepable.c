/*
 * fuzz_grepable.c: whatever a host name or a service name holds, the -oG
 * writer keeps nmap's layout: a Ports line splits on tabs into Host and
 * Ports fields, a port entry on '/' into its eight fields with the port,
 * state and protocol where a script looks for them, and nothing adds a
 * line.  The input: two bytes of port, a state byte, then the name, the
 * service and the version (portscan --probe tls's fields) separated by
 * NULs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/grepable.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t
count(const char *s, int c)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[8192], port[4096];
	char name[300], svc[100], ver[2048], want[64];
	const char *z;
	char *f;
	unsigned int p;
	size_t i, n, l;
	int state;

	if (size < 3)
		return 0;
	p = (unsigned int)data[0] << 8 | data[1];
	state = data[2] % 4 + 1;
	data += 3;
	size -= 3;
	for (i = 0; i < size && data[i] != 0; i++)
		;
	n = i < sizeof(name) - 1 ? i : sizeof(name) - 1;
	memcpy(name, data, n);
	name[n] = '\0';
	l = i < size ? size - i - 1 : 0;
	if (l > sizeof(svc) - 1)
		l = sizeof(svc) - 1;
	memcpy(svc, i < size ? (const char *)data + i + 1 : "", l);
	svc[l] = '\0';
	ver[0] = '\0';
	if (i < size && (z = memchr(data + i + 1, 0, size - i - 1)) != NULL) {
		l = size - (size_t)(z + 1 - (const char *)data);
		if (l > sizeof(ver) - 1)
			l = sizeof(ver) - 1;
		memcpy(ver, z + 1, l);
		ver[l] = '\0';
	}

	n = gr_ports_begin(line, sizeof(line), "192.0.2.1", name);
	if (gr_port(port, sizeof(port), 1, p, state, "tcp", svc, ver) == 0)
		abort();
	if (n == 0 || n + strlen(port) + 2 > sizeof(line))
		abort();
	memcpy(line + n, port, strlen(port));
	memcpy(line + n + strlen(port), "\n", 2);
	/* one line, two tab-separated fields, no comma in the entry */
	if (count(line, '\n') != 1 || count(line, '\t') != 1 ||
	    count(port, ',') != 0 || count(port, '/') != 7)
		abort();
	/* the name's parentheses are the Host field's only ones */
	f = strchr(line, '\t');
	*f = '\0';
	if (count(line, '(') != 1 || count(line, ')') != 1)
		abort();
	*f = '\t';
	snprintf(want, sizeof(want), "%u/%s/tcp//", p, gr_state(state));
	if (strncmp(port, want, strlen(want)) != 0)
		abort();
	f = strstr(line, "\tPorts: ");
	if (f == NULL || strncmp(f + 8, port, strlen(port)) != 0)
		abort();
	if (gr_status(line, sizeof(line), "::1", name, state & 1) == 0 ||
	    count(line, '\n') != 1 || count(line, '\t') != 1)
		abort();
	if (gr_header(line, sizeof(line), "sockt", "T", name) == 0 ||
	    count(line, '\n') != 1)
		abort();
	return 0;
}
