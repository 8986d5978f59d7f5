/*
 * targetfile.c: target files and exclusion sets for portscan.  Pure: no
 * I/O and no resolution (the caller reads the file and resolves the names
 * of an exclusion set), so the unit test and the fuzzer link it alone.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cidr.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "util/base.h"
#include "util/grow.h"

#define SHOWN	64	/* at most this much of a bad token is quoted */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/*
 * The next target of buf[0 .. len - 1] from *pos on into tok
 * (TFILE_TOKLEN bytes): tokens are separated by white space, and '#'
 * starts a comment that runs to the end of the line, in the middle of a
 * line too.  *line counts the lines (start it at 1) so that the caller
 * can say where a bad target is.  Returns 1 with a token, 0 at the end,
 * or -1 with err filled (a NUL byte: not a text file; a token too long).
 */
int
tfile_next(const char *buf, size_t len, size_t *pos, size_t *line, char *tok,
    char *err)
{
	size_t p = *pos, n = 0;

	for (;;) {
		while (p < len && is_space((unsigned char)buf[p])) {
			if (buf[p] == '\n')
				(*line)++;
			p++;
		}
		if (p < len && buf[p] == '#') {
			while (p < len && buf[p] != '\n')
				p++;
			continue;
		}
		break;
	}
	*pos = p;
	if (p == len)
		return 0;
	while (p < len && !is_space((unsigned char)buf[p]) && buf[p] != '#') {
		if (buf[p] == '\0') {
			snprintf(err, SK_ERRLEN, "line %zu: a NUL byte: not "
			    "a text file", *line);
			return -1;
		}
		if (n + 1 >= TFILE_TOKLEN) {
			snprintf(err, SK_ERRLEN, "line %zu: %.*s...: too long",
			    *line, SHOWN, buf + *pos);
			return -1;
		}
		tok[n++] = buf[p++];
	}
	tok[n] = '\0';
	*pos = p;
	return 1;
}

void
exclude_init(struct exclude *ex)
{
	memset(ex, 0, sizeof(*ex));
}

void
exclude_free(struct exclude *ex)
{
	size_t i;

	for (i = 0; i < ex->nnames; i++)
		free(ex->names[i]);
	free(ex->names);
	free(ex->nets);
	exclude_init(ex);
}

static int
add_net(struct exclude *ex, const struct cidr *c)
{
	if (GROW(ex->nets, ex->nnets, ex->capnets) == -1)
		return -1;
	ex->nets[ex->nnets++] = *c;
	return 0;
}

/*
 * An octet range's run first..last (IPv4) as the fewest CIDR blocks:
 * each the largest aligned at its first address that ends by last.
 */
static int
add_run(const uint8_t first[4], const uint8_t last[4], void *arg)
{
	struct exclude *ex = arg;
	struct cidr c;
	uint64_t a, z, size;
	int len;

	a = (uint64_t)first[0] << 24 | (uint64_t)first[1] << 16 |
	    (uint64_t)first[2] << 8 | first[3];
	z = (uint64_t)last[0] << 24 | (uint64_t)last[1] << 16 |
	    (uint64_t)last[2] << 8 | last[3];
	while (a <= z) {
		for (len = 0, size = 1ULL << 32; len < 32; len++,
		    size >>= 1)
			if (a % size == 0 && a + size - 1 <= z)
				break;
		if (len == 32)
			size = 1;
		memset(&c, 0, sizeof(c));
		c.family = AF_INET;
		c.len = len;
		c.addr[0] = (uint8_t)(a >> 24);
		c.addr[1] = (uint8_t)(a >> 16);
		c.addr[2] = (uint8_t)(a >> 8);
		c.addr[3] = (uint8_t)a;
		if (add_net(ex, &c) == -1)
			return -1;
		a += size;
	}
	return 0;
}

static int
add_name(struct exclude *ex, const char *name)
{
	if (GROW(ex->names, ex->nnames, ex->capnames) == -1)
		return -1;
	if ((ex->names[ex->nnames] = strdup(name)) == NULL)
		return -1;
	ex->nnames++;
	return 0;
}

/*
 * Add one exclusion s: an address, a CIDR block of any size ("10.0.0.0/8"
 * leaves out what a target never could), "[v6addr]", or a host name that
 * the caller resolves later (exclude_add_addr).  Returns 0, or -1 with err
 * filled ("exclude 10.0.0.0/33: prefix length out of range (0-32)").
 */
int
exclude_add(struct exclude *ex, const char *s, char *err)
{
	struct target t;
	struct cidr c;
	const char *errstr;
	char msg[SK_ERRLEN];

	if (cidr_pton(s, &c, &errstr) == 0) {
		if (add_net(ex, &c) == 0)
			return 0;
		snprintf(err, SK_ERRLEN, "exclude %.*s: out of memory", SHOWN,
		    s);
		return -1;
	}
	if (target_parse(s, &t, err) == -1) {
		/* the target parser's words, for an exclusion */
		if (strncmp(err, "target ", 7) == 0) {
			(void)snprintf(msg, sizeof(msg), "exclude %s",
			    err + 7);
			memcpy(err, msg, sizeof(msg));
		}
		return -1;
	}
	if (t.family == AF_UNSPEC) {
		if (add_name(ex, t.name) == 0)
			return 0;
	} else if (t.octets) {
		/* "10.0.0.1-5": each of its addresses, not the first */
		if (target_runs(&t, add_run, ex) == 0)
			return 0;
	} else {
		/* "[::1]" or "[2001:db8::]/120" */
		memset(&c, 0, sizeof(c));
		c.family = t.family;
		c.len = t.prefix;
		memcpy(c.addr, t.base, sizeof(c.addr));
		if (add_net(ex, &c) == 0)
			return 0;
	}
	snprintf(err, SK_ERRLEN, "exclude %.*s: out of memory", SHOWN, s);
	return -1;
}

/*
 * Add every exclusion of list s, separated by commas or white space, as
 * nmap's --exclude takes them ("10.0.0.1,10.0.1.0/24,gw.example").  Empty
 * items are skipped.  Returns 0, or -1 with err filled.
 */
int
exclude_add_list(struct exclude *ex, const char *s, char *err)
{
	char tok[TFILE_TOKLEN];
	size_t n;

	while (*s != '\0') {
		while (*s == ',' || is_space((unsigned char)*s))
			s++;
		for (n = 0; s[n] != '\0' && s[n] != ',' &&
		    !is_space((unsigned char)s[n]); n++)
			;
		if (n == 0)
			break;
		if (n >= sizeof(tok)) {
			snprintf(err, SK_ERRLEN, "exclude %.*s...: too long",
			    SHOWN, s);
			return -1;
		}
		memcpy(tok, s, n);
		tok[n] = '\0';
		if (exclude_add(ex, tok, err) == -1)
			return -1;
		s += n;
	}
	return 0;
}

/*
 * Add one address (4 or 16 bytes, network order) that an excluded name
 * resolved to.  Returns 0, or -1 when out of memory.
 */
int
exclude_add_addr(struct exclude *ex, int family, const uint8_t *addr)
{
	struct cidr c;

	memset(&c, 0, sizeof(c));
	c.family = family;
	c.len = family == AF_INET ? 32 : 128;
	memcpy(c.addr, addr, family == AF_INET ? 4 : 16);
	return add_net(ex, &c);
}

/* Whether the address (4 or 16 bytes, network order) is excluded. */
int
exclude_match(const struct exclude *ex, int family, const uint8_t *addr)
{
	size_t i;

	for (i = 0; i < ex->nnets; i++)
		if (cidr_match(&ex->nets[i], family, addr))
			return 1;
	return 0;
}
