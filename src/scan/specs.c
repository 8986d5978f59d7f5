/*
 * scan/specs.c: the targets of a scan as written, and the steps from
 * them to its addresses (scan/specs.h).  A name is scanned on every
 * address it resolves to; an exclusion's name on every address of
 * both families, whatever -4/-6 say: an exclusion must never let an
 * address through.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/net.h"
#include "parse/addrset.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "scan/specs.h"
#include "scan/targets.h"
#include "util/base.h"

/*
 * Add spec to the list; owned: it was allocated for the list (read from
 * a file) and is freed with it.  Returns 0, or -1 out of memory.
 */
int
scan_specs_add(struct scan_specs *sp, char *spec, int owned)
{
	char **nv;
	size_t cap;

	if (sp->n == sp->cap) {
		cap = sp->cap ? sp->cap * 2 : 64;
		if ((nv = realloc(sp->v, cap * sizeof(*nv))) == NULL)
			return -1;
		sp->v = nv;
		sp->cap = cap;
	}
	if (owned && sp->nowned == sp->capowned) {
		cap = sp->capowned ? sp->capowned * 2 : 64;
		if ((nv = realloc(sp->owned, cap * sizeof(*nv))) == NULL)
			return -1;
		sp->owned = nv;
		sp->capowned = cap;
	}
	sp->v[sp->n++] = spec;
	if (owned)
		sp->owned[sp->nowned++] = spec;
	return 0;
}

void
scan_specs_free(struct scan_specs *sp)
{
	size_t i;

	for (i = 0; i < sp->nowned; i++)
		free(sp->owned[i]);
	free(sp->owned);
	free(sp->v);
	memset(sp, 0, sizeof(*sp));
}

/*
 * Every target of a file's text buf (-iL) into sp, each checked.
 * Returns 0; -1 with err filled, and *line its line (0: the file as a
 * whole); or -1 with err empty and errno out of memory.
 */
int
scan_specs_buf(struct scan_specs *sp, const char *buf, size_t len,
    size_t *line, char *err)
{
	struct target t;
	char tok[TFILE_TOKLEN], *s;
	size_t pos = 0;
	int rc;

	*line = 1;
	while ((rc = tfile_next(buf, len, &pos, line, tok, err)) == 1) {
		if (target_parse(tok, &t, err) == -1)
			return -1;
		if ((s = strdup(tok)) == NULL || scan_specs_add(sp, s, 1) == -1) {
			free(s);
			err[0] = '\0';
			return -1;
		}
	}
	if (rc == -1)
		*line = 0;
	return rc == -1 ? -1 : 0;
}

/*
 * --excludefile: like scan_specs_buf, into the exclusion set.  Returns
 * 0, or -1 with err filled and *line its line (0: the file as a whole).
 */
int
scan_exclude_buf(struct exclude *ex, const char *buf, size_t len,
    size_t *line, char *err)
{
	char tok[TFILE_TOKLEN];
	size_t pos = 0;
	int rc;

	*line = 1;
	while ((rc = tfile_next(buf, len, &pos, line, tok, err)) == 1)
		if (exclude_add(ex, tok, err) == -1)
			return -1;
	if (rc == -1)
		*line = 0;
	return rc == -1 ? -1 : 0;
}

/*
 * Resolve the names of the exclusion set into addresses, of both
 * families.  Returns 0; -1 with err the resolver's; or -1 with err
 * empty, errno set and *bad the index of the name that could not be
 * added.
 */
int
scan_exclude_resolve(struct exclude *ex, const struct net_opts *no,
    size_t *bad, char *err)
{
	struct addrinfo *res;
	struct net_opts eo = *no;
	size_t i;

	eo.family = AF_UNSPEC;
	for (i = 0; i < ex->nnames; i++) {
		if (net_resolve(ex->names[i], NULL, &eo, 0, &res, err) == -1)
			return -1;
		if (scan_exclude_add_ai(ex, res) == -1) {
			freeaddrinfo(res);
			*bad = i;
			err[0] = '\0';
			return -1;
		}
		freeaddrinfo(res);
	}
	return 0;
}

/* target_runs' fn: a run of an octet range into the set. */
static int
add_run(const uint8_t first[4], const uint8_t last[4], void *arg)
{
	return addrset_add(arg, AF_INET, first, last, NULL);
}

/*
 * Add the addresses of target t (written spec) to set: a name's every
 * address once each, tagged with spec, seen (unless NULL) told of each
 * with t as its argument; a block as one range.  Returns 0; -1 with
 * err filled; -1 with err empty and errno out of memory; or -2 when the
 * name has no address of IPv4 or IPv6.
 */
int
scan_hosts_add(struct addrset *set, const struct target *t, const char *spec,
    const struct net_opts *no,
    void (*seen)(const struct addrinfo *ai, void *arg), char *err)
{
	struct addrinfo *res;
	int n;

	err[0] = '\0';
	if (t->family != AF_UNSPEC) {
		if (no->family != AF_UNSPEC && no->family != t->family) {
			snprintf(err, SK_ERRLEN, "target %s: not an %s address",
			    spec, no->family == AF_INET ? "IPv4" : "IPv6");
			return -1;
		}
		if (t->octets)
			return target_runs(t, add_run, set);
		return addrset_add_block(set, t->family, t->base, t->prefix,
		    NULL) == -1 ? -1 : 0;
	}
	if (net_resolve(t->name, NULL, no, 0, &res, err) == -1)
		return -1;
	n = scan_targets_add_ai(set, res, spec, seen, (void *)t);
	freeaddrinfo(res);
	if (n == -1)
		err[0] = '\0';
	return n == 0 ? -2 : n == -1 ? -1 : 0;
}
