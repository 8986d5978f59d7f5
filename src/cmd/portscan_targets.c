/*
 * cmd/portscan_targets.c: the hosts portscan probes.  Targets come from the
 * command line and from -iL files (targetfile.c tokenises them); a name
 * is scanned on every address it resolves to, each kept beside the name;
 * exclusions (--exclude, --excludefile) leave addresses out before any
 * probe is sent.  The addresses are held as ranges (scan/targets.c over
 * addrset.c), so a /8 costs no more memory than one address; an address
 * named twice is probed once.  Exclusions and repeats are counted for the summary.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/portscan_targets.h"
#include "net/net.h"
#include "parse/addrset.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "scan/scan.h"
#include "scan/targets.h"
#include "sockt.h"
#include "util/file.h"

#define FILE_MAX	(64 * 1024 * 1024)	/* bytes of a target file */

/*
 * Add spec to the list; owned: it was allocated for the list (read from
 * a file) and is freed with it.  Returns 0, or -1 out of memory.
 */
int
ps_specs_add(struct ps_specs *sp, char *spec, int owned)
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
ps_specs_free(struct ps_specs *sp)
{
	size_t i;

	for (i = 0; i < sp->nowned; i++)
		free(sp->owned[i]);
	free(sp->owned);
	free(sp->v);
	memset(sp, 0, sizeof(*sp));
}

/*
 * Read path ("-": standard input) whole into *bufp, *lenp.  Returns
 * SK_CONTINUE to go on, else the exit status (said).
 */
static int
slurp(const char *path, const char *opt, char **bufp, size_t *lenp)
{
	/* under FILE_MAX bytes, as always */
	if (read_file(path, FILE_MAX - 1, bufp, lenp) == 0)
		return SK_CONTINUE;
	if (errno == EFBIG)
		msg_warnx("%s %s: more than %d MB", opt, path,
		    FILE_MAX / (1024 * 1024));
	else
		msg_warn("%s %s", opt, path);
	return EXIT_FAIL;
}

/*
 * Add every target of file path (-iL) to sp.  Returns SK_CONTINUE to go
 * on, else the exit status: 1 if it cannot be read, 2 for what is in it.
 */
int
ps_specs_file(struct ps_specs *sp, const char *path, const char *opt)
{
	struct target t;
	char tok[TFILE_TOKLEN], err[SK_ERRLEN], *s, *buf;
	size_t len, pos = 0, line = 1;
	int rc;

	if ((rc = slurp(path, opt, &buf, &len)) != SK_CONTINUE)
		return rc;
	while ((rc = tfile_next(buf, len, &pos, &line, tok, err)) == 1) {
		if (target_parse(tok, &t, err) == -1) {
			free(buf);
			msg_warnx("%s %s: line %zu: %s", opt, path, line, err);
			return EXIT_USAGE;
		}
		if ((s = strdup(tok)) == NULL || ps_specs_add(sp, s, 1) == -1) {
			free(s);
			msg_warn("%s %s", opt, path);
			free(buf);
			return EXIT_FAIL;
		}
	}
	free(buf);
	if (rc == -1) {
		msg_warnx("%s %s: %s", opt, path, err);
		return EXIT_USAGE;
	}
	return SK_CONTINUE;
}

/* --excludefile: like -iL, into the exclusion set. */
int
ps_exclude_file(struct exclude *ex, const char *path, const char *opt)
{
	char tok[TFILE_TOKLEN], err[SK_ERRLEN], *buf;
	size_t len, pos = 0, line = 1, bad = 0;
	int rc;

	if ((rc = slurp(path, opt, &buf, &len)) != SK_CONTINUE)
		return rc;
	while ((rc = tfile_next(buf, len, &pos, &line, tok, err)) == 1)
		if (exclude_add(ex, tok, err) == -1) {
			rc = -1;
			bad = line;
			break;
		}
	free(buf);
	if (rc == -1) {
		if (bad > 0)
			msg_warnx("%s %s: line %zu: %s", opt, path, bad, err);
		else
			msg_warnx("%s %s: %s", opt, path, err);
		return EXIT_USAGE;
	}
	return SK_CONTINUE;
}

/*
 * Resolve the names of the exclusion set into addresses, of both
 * families whatever -4/-6 say: an exclusion must never let an address
 * through.  A name that does not resolve stops the scan (exit 1) rather
 * than scan what was meant to be left out.  Returns SK_CONTINUE to go on, else
 * the exit status.
 */
int
ps_exclude_resolve(struct exclude *ex, const struct net_opts *no)
{
	struct addrinfo *res;
	struct net_opts eo = *no;
	char err[SK_ERRLEN];
	size_t i;

	eo.family = AF_UNSPEC;
	for (i = 0; i < ex->nnames; i++) {
		if (net_resolve(ex->names[i], NULL, &eo, 0, &res, err) == -1) {
			msg_warnx("exclude %s", err);
			return EXIT_FAIL;
		}
		if (scan_exclude_add_ai(ex, res) == -1) {
			freeaddrinfo(res);
			msg_warn("exclude %s", ex->names[i]);
			return EXIT_FAIL;
		}
		freeaddrinfo(res);
	}
	return SK_CONTINUE;
}

/* -v: what a name resolves to, each address as it is added. */
static void
hosts_seen(const struct addrinfo *ai, void *arg)
{
	const struct target *t = arg;
	char host[SK_HOSTLEN];
	int port;

	if (net_addr_str(ai->ai_addr, ai->ai_addrlen, host, sizeof(host),
	    &port) == 0)
		msg_warnx("%s is %s", t->name, host);
}

/*
 * Every address name resolves to, once each, tagged with spec
 * (scan/targets.c); -v says what they are.
 */
static int
hosts_name(struct ps_hosts *h, const struct target *t, const char *spec,
    const struct net_opts *no)
{
	struct addrinfo *res;
	char err[SK_ERRLEN];
	int n;

	if (net_resolve(t->name, NULL, no, 0, &res, err) == -1) {
		msg_warnx("%s", err);
		return -1;
	}
	n = scan_targets_add_ai(&h->set, res, spec, h->verbose ? hosts_seen :
	    NULL, (void *)t);
	freeaddrinfo(res);
	if (n == -1) {
		msg_warn("targets");
		return -1;
	}
	if (n == 0) {
		msg_warnx("host %s: no usable address", t->name);
		return -1;
	}
	return 0;
}

/*
 * Add the addresses of target t (written spec): a name's every address,
 * a block as one range.  Returns 0, or -1 when it is said and skipped.
 */
int
ps_hosts_add(struct ps_hosts *h, const struct target *t, const char *spec,
    const struct net_opts *no)
{
	if (t->family == AF_UNSPEC)
		return hosts_name(h, t, spec, no);
	if (no->family != AF_UNSPEC && no->family != t->family) {
		msg_warnx("target %s: not an %s address", spec,
		    no->family == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	if (addrset_add_block(&h->set, t->family, t->base, t->prefix,
	    NULL) == -1) {
		msg_warn("targets");
		return -1;
	}
	return 0;
}

/*
 * The exclusions ex (or NULL) taken out, repeats dropped, the addresses
 * numbered.  Returns SK_CONTINUE, or EXIT_FAIL out of memory (said); a
 * set of 2^64
 * addresses or more is left for the size check to refuse.
 */
int
ps_hosts_done(struct ps_hosts *h, const struct exclude *ex)
{
	if ((ex != NULL && scan_targets_exclude(&h->set, ex) == -1) ||
	    (addrset_build(&h->set) == -1 && errno != EOVERFLOW)) {
		msg_warn("targets");
		return EXIT_FAIL;
	}
	return SK_CONTINUE;
}

void
ps_hosts_free(struct ps_hosts *h)
{
	addrset_free(&h->set);
	memset(h, 0, sizeof(*h));
}
