/*
 * grepable.c: nmap's grepable output format (-oG), pure (no I/O).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/grepable.h"

/* snprintf's result as grepable.h's: the length, or 0 and "" if cut. */
size_t
gr_fit(char *buf, size_t cap, int n)
{
	if (n < 0 || (size_t)n >= cap) {
		if (cap > 0)
			buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

/*
 * s made safe for a field into out (cap > 0): controls, DEL, tab and
 * newline, and the bytes in bad, become '?'; a '/' becomes '|' when
 * slash is set (nmap's "ssl|http").
 */
static int
clean_char(unsigned char c, const char *bad, int slash)
{
	if (slash && c == '/')
		return '|';
	if (c < 0x20 || c == 0x7f || strchr(bad, c) != NULL)
		return '?';
	return c;
}

static const char *
clean(const char *s, const char *bad, int slash, char *out, size_t cap)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < cap; i++)
		out[i] = (char)clean_char((unsigned char)s[i], bad, slash);
	out[i] = '\0';
	return out;
}

const char *
gr_state(int state)
{
	return state == GR_OPEN ? "open" : state == GR_CLOSED ? "closed" :
	    state == GR_OPENFILTERED ? "open|filtered" :
	    state == GR_CLOSEDFILTERED ? "closed|filtered" : "filtered";
}

void
gr_cmdline(char *buf, size_t cap, const char *tool, int argc,
    char *const argv[])
{
	size_t n;
	int i;

	n = (size_t)snprintf(buf, cap, "%s", tool);
	for (i = 0; i < argc && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, " %s", argv[i]);
}

size_t
gr_header(char *buf, size_t cap, const char *tool, const char *when,
    const char *cmdline)
{
	char c[2048];

	return gr_fit(buf, cap, snprintf(buf, cap, "# %s scan initiated %s as: "
	    "%s\n", tool, when, clean(cmdline, "", 0, c, sizeof(c))));
}

size_t
gr_status(char *buf, size_t cap, const char *addr, const char *name,
    int up)
{
	char n[1100];

	return gr_fit(buf, cap, snprintf(buf, cap, "Host: %s (%s)\tStatus: %s\n",
	    addr, clean(name ? name : "", "()", 0, n, sizeof(n)),
	    up == 2 ? "Timeout" : up ? "Up" : "Down"));
}

size_t
gr_ports_begin(char *buf, size_t cap, const char *addr, const char *name)
{
	char n[1100];

	return gr_fit(buf, cap, snprintf(buf, cap, "Host: %s (%s)\tPorts: ", addr,
	    clean(name ? name : "", "()", 0, n, sizeof(n))));
}

size_t
gr_port(char *buf, size_t cap, int first, unsigned int port, int state,
    const char *proto, const char *service, const char *version)
{
	char s[128];
	size_t n, i;

	n = gr_fit(buf, cap, snprintf(buf, cap, "%s%u/%s/%s//%s//",
	    first ? "" : ", ", port, gr_state(state), proto,
	    clean(service ? service : "unknown", " ,", 1, s, sizeof(s))));
	if (n == 0)
		return 0;
	/* the version as long as it is: the caller sizes buf for it */
	for (i = 0; version != NULL && version[i] != '\0'; i++) {
		if (n + 2 >= cap)
			return gr_fit(buf, cap, -1);
		buf[n++] = (char)clean_char((unsigned char)version[i], ",",
		    1);
	}
	if (n + 2 > cap)
		return gr_fit(buf, cap, -1);
	buf[n++] = '/';
	buf[n] = '\0';
	return n;
}

size_t
gr_ports_end(char *buf, size_t cap, int state, uint64_t count)
{
	if (state == 0)
		return gr_fit(buf, cap, snprintf(buf, cap, "\n"));
	return gr_fit(buf, cap, snprintf(buf, cap, "\tIgnored State: %s (%llu)\n",
	    gr_state(state), (unsigned long long)count));
}

int
gr_ignored(const uint64_t *counts, int all)
{
	int mask = 0;

	if (all)
		return 0;
	if (counts[GR_CLOSED] >= GR_IGNORE_MIN)
		mask |= 1 << GR_CLOSED;
	if (counts[GR_FILTERED] >= GR_IGNORE_MIN)
		mask |= 1 << GR_FILTERED;
	if (counts[GR_OPENFILTERED] >= GR_IGNORE_MIN)
		mask |= 1 << GR_OPENFILTERED;
	return mask;
}

int
gr_ignored_named(int mask)
{
	if (mask == 1 << GR_CLOSED)
		return GR_CLOSED;
	if (mask == 1 << GR_FILTERED)
		return GR_FILTERED;
	if (mask == 1 << GR_OPENFILTERED)
		return GR_OPENFILTERED;
	return 0;
}

size_t
gr_trailer(char *buf, size_t cap, const struct gr_done *d)
{
	char n[256];

	return gr_fit(buf, cap, snprintf(buf, cap, "# %s done at %s -- %llu IP "
	    "address%s (%llu host%s up) scanned in %.2f seconds%s%s\n",
	    d->tool, d->when, (unsigned long long)d->naddrs,
	    d->naddrs == 1 ? "" : "es", (unsigned long long)d->nup,
	    d->nup == 1 ? "" : "s", d->secs, d->note ? ", " : "",
	    d->note ? clean(d->note, "", 0, n, sizeof(n)) : ""));
}
