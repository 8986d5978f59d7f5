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
#include "util/file.h"

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
 * with arg; a block as one range.  Returns 0; -1 with
 * err filled; -1 with err empty and errno out of memory; or -2 when the
 * name has no address of IPv4 or IPv6.
 */
int
scan_hosts_add(struct addrset *set, const struct target *t, const char *spec,
    const struct net_opts *no,
    void (*seen)(const struct addrinfo *ai, void *arg), void *arg, char *err)
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
	n = scan_targets_add_ai(set, res, spec, seen, arg);
	freeaddrinfo(res);
	if (n == -1)
		err[0] = '\0';
	return n == 0 ? -2 : n == -1 ? -1 : 0;
}

/*
 * The targets of file path ("-": standard input), or with exclude its
 * exclusions, into tg.  Returns 0; -1 with err filled and *line its line
 * (0: the file as a whole); or -1 with err empty and errno set: the file
 * could not be read, EFBIG for one of SCAN_FILE_MAX bytes or more.
 */
int
scan_targets_file(struct scan_targets *tg, const char *path, int exclude,
    size_t *line, char *err)
{
	char *buf;
	size_t len;
	int rc;

	err[0] = '\0';
	*line = 0;
	if (read_file(path, SCAN_FILE_MAX - 1, &buf, &len) == -1)
		return -1;
	if (exclude)
		tg->excluding = 1;
	rc = exclude ? scan_exclude_buf(&tg->ex, buf, len, line, err) :
	    scan_specs_buf(&tg->files, buf, len, line, err);
	free(buf);
	return rc;
}

/* The events' hearer, and the target whose names are being told. */
struct seen {
	const struct target *t;
	void	(*on_ev)(const struct scan_target_ev *ev, void *arg);
	void	*arg;
};

/* With verbose: what a name resolves to, each address as it is added. */
static void
seen_addr(const struct addrinfo *ai, void *arg)
{
	const struct seen *sn = arg;
	struct scan_target_ev ev;
	char host[SK_HOSTLEN];
	int port;

	if (net_addr_str(ai->ai_addr, ai->ai_addrlen, host, sizeof(host),
	    &port) == -1)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = SCAN_TE_SEEN;
	ev.name = sn->t->name;
	ev.addr = host;
	sn->on_ev(&ev, sn->arg);
}

/*
 * Target sn->t (written spec) into tg's set; one that cannot be is told
 * as an event and skipped, the rest still scanned.
 */
static void
target_add(struct scan_targets *tg, const char *spec,
    const struct net_opts *no, struct seen *sn, int verbose)
{
	struct scan_target_ev ev;
	char err[SK_ERRLEN];
	int rc;

	if ((rc = scan_hosts_add(&tg->set, sn->t, spec, no, verbose &&
	    sn->on_ev != NULL ? seen_addr : NULL, sn, err)) == 0 ||
	    sn->on_ev == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.error = errno;
	ev.kind = rc == -2 ? SCAN_TE_NOADDR : SCAN_TE_SKIP;
	ev.name = sn->t->name;
	ev.err = err;
	sn->on_ev(&ev, sn->arg);
}

/* The nops operands, then the targets of files: target i as written. */
static char *
spec_at(const struct scan_targets *tg, char **ops, size_t nops, size_t i)
{
	return i < nops ? ops[i] : tg->files.v[i - nops];
}

/*
 * A scan's addresses into tg->set, in one go: every target, the nops
 * operands then those of files, checked; the exclusions' names resolved;
 * each target's addresses added (a name's every one, with verbose each
 * told as SCAN_TE_SEEN; a target that cannot be told and skipped); the
 * exclusions taken out, repeats dropped, the addresses numbered.  on_ev
 * hears the events.  Returns 0, with a set of 2^64 addresses or more
 * left unbuilt for the caller's size check (tg->set.built 0); or -1
 * with *why (SCAN_TB_*) and err filled but for SCAN_TB_ERRNO.
 */
int
scan_targets_build(struct scan_targets *tg, char **ops, size_t nops,
    const struct net_opts *no, int verbose,
    void (*on_ev)(const struct scan_target_ev *ev, void *arg), void *arg,
    int *why, char *err)
{
	struct target *t;
	struct seen sn;
	/* bad set: gcc's -flto -Wmaybe-uninitialized misses where it is */
	size_t i, n = nops + tg->files.n, bad = 0;

	err[0] = '\0';
	*why = n == 0 ? SCAN_TB_EMPTY : SCAN_TB_ERRNO;
	if (n == 0 || (t = calloc(n, sizeof(*t))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (target_parse(spec_at(tg, ops, nops, i), &t[i], err) == -1) {
			*why = SCAN_TB_SPEC;
			goto fail;
		}
	if (tg->excluding && scan_exclude_resolve(&tg->ex, no, &bad,
	    err) == -1) {
		if (err[0] == '\0')
			snprintf(err, SK_ERRLEN, "%s: %s", tg->ex.names[bad],
			    strerror(errno));
		*why = SCAN_TB_EXCLUDE;
		goto fail;
	}
	sn.on_ev = on_ev;
	sn.arg = arg;
	for (i = 0; i < n; i++) {
		sn.t = &t[i];
		target_add(tg, spec_at(tg, ops, nops, i), no, &sn, verbose);
	}
	free(t);
	if ((tg->excluding && scan_targets_exclude(&tg->set, &tg->ex) == -1) ||
	    (addrset_build(&tg->set) == -1 && errno != EOVERFLOW))
		return -1;
	return 0;
fail:
	free(t);
	return -1;
}

void
scan_targets_free(struct scan_targets *tg)
{
	addrset_free(&tg->set);
	scan_specs_free(&tg->files);
	exclude_free(&tg->ex);
	free(tg->up);
	memset(tg, 0, sizeof(*tg));
}
