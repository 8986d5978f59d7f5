/*
 * proxyto.c: --allow-to's entries, parsed and matched; pure (no I/O).
 * proxyto.h has the grammar.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/addr.h"
#include "parse/cidr.h"
#include "parse/proxyto.h"
#include "util/base.h"

static int
to_fail(const char *opt, const char *s, const char *why, char *err)
{
	snprintf(err, SK_ERRLEN, "%s %.64s: %s", opt, s, why);
	/* the argument is quoted: keep the message printable */
	for (s = err; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			err[s - err] = '?';
	return -1;
}

int
proxy_to_parse(const char *opt, const char *s, struct proxy_to *to,
    char *err)
{
	char host[SK_HOSTLEN], why[SK_ERRLEN];
	const char *colon, *errstr;
	size_t hl;
	int n;

	memset(to, 0, sizeof(*to));
	/* an address or a block alone, ::1 and fe80::/10 too */
	if (cidr_pton(s, &to->block, &errstr) == 0)
		return 0;
	if ((colon = strrchr(s, ':')) == NULL)
		return to_fail(opt, s, "not an address or block, nor host:port",
		    err);
	if (strcmp(colon + 1, "*") == 0)
		to->port = 0;
	else if ((n = port_parse(colon + 1, 0, why)) > 0)
		to->port = n;
	else
		return to_fail(opt, s, n == 0 ? "the port must be a number "
		    "or *" : "bad port", err);
	hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		s++;
		hl -= 2;
	} else if (memchr(s, ':', hl) != NULL)
		return to_fail(opt, s, "an IPv6 address with a port goes in "
		    "brackets", err);
	if (hl == 0 || hl >= sizeof(host))
		return to_fail(opt, s, "empty or too long host", err);
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (cidr_pton(host, &to->block, &errstr) == 0)
		return 0;
	/* a name: what addr_check_host takes, but no digits-only quad */
	if (addr_check_host(host, hl, why) == -1 || strchr(host, '/') != NULL)
		return to_fail(opt, s, "not an address, block or host name",
		    err);
	to->is_name = 1;
	memcpy(to->name, host, hl + 1);
	return 0;
}

/*
 * The bits of sa's address that block b fixes: its length, or for an
 * IPv4 address (plain or IPv4-mapped) under an IPv6 block the length
 * past the mapped prefix; 0 or less: b holds that whole family.
 */
static int
block_bits(const struct cidr *b, const struct sockaddr *sa)
{
	const struct sockaddr_in6 *s6 = (const void *)sa;

	if (b->family == AF_INET6 && (sa->sa_family == AF_INET ||
	    IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)))
		return b->len - 96;
	return b->len;
}

/* Names equal in any case, a final dot (the root) or not on either. */
static int
name_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	la -= la > 1 && a[la - 1] == '.';
	lb -= lb > 1 && b[lb - 1] == '.';
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* proxy_to_match, and with naming no block that holds a whole family */
static int
to_match(const struct proxy_to *to, size_t n, const char *name,
    const struct sockaddr *sa, int port, int naming)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (to[i].port != 0 && to[i].port != port)
			continue;
		if (to[i].is_name ? name != NULL && name_eq(to[i].name, name) :
		    sa != NULL && cidr_match_sa(&to[i].block, sa) &&
		    (!naming || block_bits(&to[i].block, sa) > 0))
			return 1;
	}
	return 0;
}

int
proxy_to_match(const struct proxy_to *to, size_t n, const char *name,
    const struct sockaddr *sa, int port)
{
	return to_match(to, n, name, sa, port, 0);
}

int
proxy_to_names(const struct proxy_to *to, size_t n, const char *name,
    const struct sockaddr *sa, int port)
{
	return to_match(to, n, name, sa, port, 1);
}
