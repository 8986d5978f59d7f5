/*
 * cmd/portscan_targets.c: the hosts portscan probes.  Targets come from the
 * command line and from -iL files (targetfile.c tokenises them); a name
 * is scanned on every address it resolves to, each kept beside the name;
 * exclusions (--exclude, --excludefile) leave addresses out before any
 * probe is sent.  The addresses are held as ranges (addrset.c), so a /8
 * costs no more memory than one address; an address named twice is
 * probed once.  Exclusions and repeats are counted for the summary.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

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

/* The address bytes of an IPv4 or IPv6 result, or NULL for another. */
static const uint8_t *
ai_bytes(const struct addrinfo *ai)
{
	if (ai->ai_family == AF_INET)
		return (const uint8_t *)&((struct sockaddr_in *)
		    (void *)ai->ai_addr)->sin_addr;
	if (ai->ai_family == AF_INET6)
		return (const uint8_t *)&((struct sockaddr_in6 *)
		    (void *)ai->ai_addr)->sin6_addr;
	return NULL;
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
	struct addrinfo *res, *ai;
	struct net_opts eo = *no;
	char err[SK_ERRLEN];
	const uint8_t *a;
	size_t i;

	eo.family = AF_UNSPEC;
	for (i = 0; i < ex->nnames; i++) {
		if (net_resolve(ex->names[i], NULL, &eo, 0, &res, err) == -1) {
			msg_warnx("exclude %s", err);
			return EXIT_FAIL;
		}
		for (ai = res; ai != NULL; ai = ai->ai_next) {
			if ((a = ai_bytes(ai)) == NULL)
				continue;
			if (exclude_add_addr(ex, ai->ai_family, a) == -1) {
				freeaddrinfo(res);
				msg_warn("exclude %s", ex->names[i]);
				return EXIT_FAIL;
			}
		}
		freeaddrinfo(res);
	}
	return SK_CONTINUE;
}

/*
 * The exclusions ex into the set, each also in the other family's
 * spelling, as cidr_match matches them: 127.0.0.1 leaves out
 * ::ffff:127.0.0.1 too, and ::ffff:0:0/96 every IPv4 address.  Returns
 * 0, or -1 out of memory.
 */
static int
hosts_exclude(struct ps_hosts *h, const struct exclude *ex)
{
	static const uint8_t v4mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	const struct cidr *c;
	uint8_t a[16];
	size_t i;
	int bits;

	for (i = 0; i < ex->nnets; i++) {
		c = &ex->nets[i];
		if (addrset_exclude_block(&h->set, c->family, c->addr,
		    c->len) == -1)
			return -1;
		if (c->family == AF_INET) {
			memcpy(a, v4mapped, 12);
			memcpy(a + 12, c->addr, 4);
			if (addrset_exclude_block(&h->set, AF_INET6, a,
			    c->len + 96) == -1)
				return -1;
			continue;
		}
		/* the part of an IPv6 block within ::ffff:0:0/96 */
		bits = c->len < 96 ? c->len : 96;
		memcpy(a, v4mapped, 12);
		if (memcmp(a, c->addr, (size_t)bits / 8) != 0 || (bits % 8 &&
		    (a[bits / 8] ^ c->addr[bits / 8]) >> (8 - bits % 8)))
			continue;
		if (addrset_exclude_block(&h->set, AF_INET, c->addr + 12,
		    c->len < 96 ? 0 : c->len - 96) == -1)
			return -1;
	}
	return 0;
}

/*
 * Every address name resolves to, in the resolver's order, once each
 * (getaddrinfo may repeat one: no duplicate target), tagged with spec;
 * -v says what they are.
 */
static int
hosts_name(struct ps_hosts *h, const struct target *t, const char *spec,
    const struct net_opts *no)
{
	struct addrinfo *res, *ai, *bi;
	char err[SK_ERRLEN], host[SK_HOSTLEN];
	const uint8_t *a;
	int port, any = 0;

	if (net_resolve(t->name, NULL, no, 0, &res, err) == -1) {
		msg_warnx("%s", err);
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((a = ai_bytes(ai)) == NULL)
			continue;
		for (bi = res; bi != ai; bi = bi->ai_next)
			if (bi->ai_addrlen == ai->ai_addrlen &&
			    memcmp(bi->ai_addr, ai->ai_addr,
			    ai->ai_addrlen) == 0)
				break;
		if (bi != ai)
			continue;
		any = 1;
		if (h->verbose && net_addr_str(ai->ai_addr, ai->ai_addrlen,
		    host, sizeof(host), &port) == 0)
			msg_warnx("%s is %s", t->name, host);
		if (addrset_add(&h->set, ai->ai_family, a, a, spec) == -1) {
			freeaddrinfo(res);
			msg_warn("targets");
			return -1;
		}
	}
	freeaddrinfo(res);
	if (!any) {
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
	if ((ex != NULL && hosts_exclude(h, ex) == -1) ||
	    (addrset_build(&h->set) == -1 && errno != EOVERFLOW)) {
		msg_warn("targets");
		return EXIT_FAIL;
	}
	return SK_CONTINUE;
}

/*
 * Address i of the set into a, with the name it came from (or NULL) into
 * *name if not NULL.
 */
void
ps_hosts_get(const struct ps_hosts *h, uint64_t i, struct scan_addr *a,
    const char **name)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&a->ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&a->ss;
	uint8_t raw[16];
	int fam;

	memset(a, 0, sizeof(*a));
	if (addrset_get(&h->set, i, &fam, raw, name) == -1) {
		/* past the end: a caller's bug, never an address to probe */
		if (name != NULL)
			*name = NULL;
		return;
	}
	if (fam == AF_INET) {
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, raw, 4);
		a->len = sizeof(*s4);
	} else {
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, raw, 16);
		a->len = sizeof(*s6);
	}
}

void
ps_hosts_free(struct ps_hosts *h)
{
	addrset_free(&h->set);
	memset(h, 0, sizeof(*h));
}

/* secs as a person reads it: "40 s", "3.2 hours", "8.7 years". */
void
ps_duration(double secs, char *buf, size_t len)
{
	if (secs < 120)
		snprintf(buf, len, "%.0f s", secs < 1 ? 1 : secs);
	else if (secs < 2 * 3600)
		snprintf(buf, len, "%.0f minutes", secs / 60);
	else if (secs < 2 * 86400)
		snprintf(buf, len, "%.1f hours", secs / 3600);
	else if (secs < 2 * 365.25 * 86400)
		snprintf(buf, len, "%.1f days", secs / 86400);
	else
		snprintf(buf, len, "%.1f years", secs / (365.25 * 86400));
}
