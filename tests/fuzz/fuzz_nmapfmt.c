/*
 * fuzz_nmapfmt.c: whatever the command line, a host name or a service
 * name holds, nmap's XML from the -oX writer stays well formed: every
 * attribute value closes where it should (an even number of quotes, no
 * '<' or raw '&' inside one), the comment holds no "--", nothing adds a
 * line; and -oN's lines stay lines.  The input: the arguments, the
 * name and the service, separated by NULs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/nmapfmt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The i-th NUL-separated field of data into out[cap]. */
static void
field(const uint8_t *data, size_t size, int i, char *out, size_t cap)
{
	size_t a = 0, b, n;

	while (i-- > 0) {
		while (a < size && data[a] != 0)
			a++;
		if (a < size)
			a++;
	}
	for (b = a; b < size && data[b] != 0; b++)
		;
	n = b - a < cap - 1 ? b - a : cap - 1;
	memcpy(out, data + a, n);
	out[n] = '\0';
}

/* An element's markup: quotes in pairs, no '<' inside a value, every
 * '&' an entity. */
static void
check_xml(const char *s)
{
	int inq = 0;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			inq = !inq;
		else if (inq && (*p == '<' || *p == '>' || *p == '\n'))
			abort();
		else if (*p == '&' && strncmp(p, "&amp;", 5) != 0 &&
		    strncmp(p, "&lt;", 4) != 0 && strncmp(p, "&gt;", 4) != 0 &&
		    strncmp(p, "&quot;", 6) != 0 &&
		    strncmp(p, "&apos;", 6) != 0 && strncmp(p, "&#45;", 5) != 0)
			abort();
	}
	if (inq)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char b[65536], args[2048], name[300], svc[100];
	const char *c, *e;
	struct nx_run r;
	struct nx_host h;
	struct nx_port p;
	struct nn_cols cols;

	field(data, size, 0, args, sizeof(args));
	field(data, size, 1, name, sizeof(name));
	field(data, size, 2, svc, sizeof(svc));
	memset(&r, 0, sizeof(r));
	r.version = "0";
	r.args = args;
	r.startstr = "T";
	r.type = "connect";
	r.tcp = 1;
	r.services = svc;
	if (nx_begin(b, sizeof(b), &r) == 0)
		abort();
	/* the comment: between "<!--" and "-->", no "--" */
	c = strstr(b, "<!--");
	e = c != NULL ? strstr(c + 4, "-->") : NULL;
	if (e == NULL || strstr(c + 4, "--") != e)
		abort();
	check_xml(e + 3);
	memset(&h, 0, sizeof(h));
	h.addr = "192.0.2.1";
	h.name = name;
	h.up = 1;
	h.reason = svc;
	if (nx_host_begin(b, sizeof(b), &h) == 0)
		abort();
	check_xml(b);
	memset(&p, 0, sizeof(p));
	p.port = 1;
	p.state = "open";
	p.reason = "syn-ack";
	p.service = svc;
	if (nx_port(b, sizeof(b), &p) == 0)
		abort();
	check_xml(b);
	if (strchr(b, '\n') != b + strlen(b) - 1)
		abort();
	memset(&cols, 0, sizeof(cols));
	nn_widen(&cols, &p);
	if (nn_port(b, sizeof(b), &cols, &p, 1) == 0 ||
	    strchr(b, '\n') != b + strlen(b) - 1)
		abort();
	if (nn_host(b, sizeof(b), &h, 0) == 0 || strchr(b, '\n') !=
	    strstr(b, "\nHost is up"))
		abort();
	return 0;
}
