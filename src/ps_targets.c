/*
 * ps_targets.c: the hosts portscan probes.  Targets come from the
 * command line and from -iL files (targetfile.c tokenises them); a name
 * is scanned on every address it resolves to, each kept beside the name;
 * exclusions (--exclude, --excludefile) leave addresses out before any
 * probe is sent, and are counted so that the summary can say so.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "net.h"
#include "ps_targets.h"
#include "scan.h"
#include "sockt.h"
#include "target.h"
#include "targetfile.h"

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
 * Read path ("-": standard input) whole into *bufp, *lenp.  Returns -1 to
 * go on, else the exit status (said).
 */
static int
slurp(const char *path, const char *opt, char **bufp, size_t *lenp)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1) {
		msg_warn("%s %s", opt, path);
		return EXIT_FAIL;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if (cap > FILE_MAX + 1 ||
			    (nb = realloc(buf, cap)) == NULL) {
				msg_warnx("%s %s: more than %d MB", opt, path,
				    FILE_MAX / (1024 * 1024));
				goto fail;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			msg_warn("%s %s", opt, path);
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		(void)close(fd);
	*bufp = buf;
	*lenp = len;
	return -1;
fail:
	if (fd != STDIN_FILENO)
		(void)close(fd);
	free(buf);
	return EXIT_FAIL;
}

/*
 * Add every target of file path (-iL) to sp.  Returns -1 to go on, else
 * the exit status: 1 if it cannot be read, 2 for what is in it.
 */
int
ps_specs_file(struct ps_specs *sp, const char *path, const char *opt)
{
	struct target t;
	char tok[TFILE_TOKLEN], err[SK_ERRLEN], *s, *buf;
	size_t len, pos = 0, line = 1;
	int rc;

	if ((rc = slurp(path, opt, &buf, &len)) != -1)
		return rc;
	while ((rc = tfile_next(buf, len, &pos, &line, tok, err)) == 1) {
		/* a block too big is the size check's to say, with --yes */
		if (target_parse(tok, &t, err) == -1 && (t.family ==
		    AF_UNSPEC || t.count != 0)) {
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
	return -1;
}

/* --excludefile: like -iL, into the exclusion set. */
int
ps_exclude_file(struct exclude *ex, const char *path, const char *opt)
{
	char tok[TFILE_TOKLEN], err[SK_ERRLEN], *buf;
	size_t len, pos = 0, line = 1, bad = 0;
	int rc;

	if ((rc = slurp(path, opt, &buf, &len)) != -1)
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
	return -1;
}

/*
 * Resolve the names of the exclusion set into addresses, of both
 * families whatever -4/-6 say: an exclusion must never let an address
 * through.  A name that does not resolve stops the scan (exit 1) rather
 * than scan what was meant to be left out.  Returns -1 to go on, else
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
			if (ai->ai_family == AF_INET)
				a = (const uint8_t *)&((struct sockaddr_in *)
				    (void *)ai->ai_addr)->sin_addr;
			else if (ai->ai_family == AF_INET6)
				a = (const uint8_t *)&((struct sockaddr_in6 *)
				    (void *)ai->ai_addr)->sin6_addr;
			else
				continue;
			if (exclude_add_addr(ex, ai->ai_family, a) == -1) {
				freeaddrinfo(res);
				msg_warn("exclude %s", ex->names[i]);
				return EXIT_FAIL;
			}
		}
		freeaddrinfo(res);
	}
	return -1;
}

/* The address bytes of a socket address, and its family. */
static const uint8_t *
sa_bytes(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return (const uint8_t *)&((const struct sockaddr_in *)
		    (const void *)ss)->sin_addr;
	return (const uint8_t *)&((const struct sockaddr_in6 *)
	    (const void *)ss)->sin6_addr;
}

/*
 * Add one address unless it is excluded; past h->max it is only counted.
 * Returns 0, or -1 out of memory.
 */
static int
hosts_put(struct ps_hosts *h, const struct sockaddr *sa, socklen_t len,
    const char *name, const struct exclude *ex)
{
	struct scan_addr *na;
	const char **nn;
	size_t cap;

	if (ex != NULL && exclude_match(ex, sa->sa_family, sa_bytes(
	    (const struct sockaddr_storage *)(const void *)sa))) {
		h->excluded++;
		return 0;
	}
	h->want++;
	if (h->n >= h->max)
		return 0;
	if (h->n == h->cap) {
		cap = h->cap ? h->cap * 2 : 64;
		if ((na = realloc(h->addrs, cap * sizeof(*na))) == NULL)
			return -1;
		h->addrs = na;
		if ((nn = realloc(h->names, cap * sizeof(*nn))) == NULL)
			return -1;
		h->names = nn;
		h->cap = cap;
	}
	memset(&h->addrs[h->n], 0, sizeof(h->addrs[h->n]));
	memcpy(&h->addrs[h->n].ss, sa, len);
	h->addrs[h->n].len = len;
	h->names[h->n++] = name;
	return 0;
}

/*
 * Every address name resolves to, in the resolver's order, once each
 * (getaddrinfo may repeat one); -v says what they are.
 */
static int
hosts_name(struct ps_hosts *h, const struct target *t, const char *spec,
    const struct net_opts *no, const struct exclude *ex, int verbose)
{
	struct addrinfo *res, *ai, *bi;
	char err[SK_ERRLEN], host[SK_HOSTLEN];
	int port, any = 0;

	if (net_resolve(t->name, NULL, no, 0, &res, err) == -1) {
		msg_warnx("%s", err);
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
		    ai->ai_addrlen > sizeof(struct sockaddr_storage))
			continue;
		for (bi = res; bi != ai; bi = bi->ai_next)
			if (bi->ai_addrlen == ai->ai_addrlen &&
			    memcmp(bi->ai_addr, ai->ai_addr,
			    ai->ai_addrlen) == 0)
				break;
		if (bi != ai)
			continue;
		any = 1;
		if (verbose && net_addr_str(ai->ai_addr, ai->ai_addrlen, host,
		    sizeof(host), &port) == 0)
			msg_warnx("%s is %s", t->name, host);
		if (hosts_put(h, ai->ai_addr, ai->ai_addrlen, spec, ex) == -1) {
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
 * a block's every address, less the exclusions ex (or NULL).  Returns 0,
 * or -1 when it is said and skipped.
 */
int
ps_hosts_add(struct ps_hosts *h, const struct target *t, const char *spec,
    const struct net_opts *no, const struct exclude *ex)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&ss;
	uint8_t raw[16];
	uint32_t i;
	socklen_t len;

	if (t->family == AF_UNSPEC)
		return hosts_name(h, t, spec, no, ex, h->verbose);
	if (no->family != AF_UNSPEC && no->family != t->family) {
		msg_warnx("target %s: not an %s address", spec,
		    no->family == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	for (i = 0; i < t->count; i++) {
		memset(&ss, 0, sizeof(ss));
		(void)target_addr(t, i, raw);
		if (t->family == AF_INET) {
			s4->sin_family = AF_INET;
			memcpy(&s4->sin_addr, raw, 4);
			len = sizeof(*s4);
		} else {
			s6->sin6_family = AF_INET6;
			memcpy(&s6->sin6_addr, raw, 16);
			len = sizeof(*s6);
		}
		if (hosts_put(h, (struct sockaddr *)(void *)&ss, len, NULL,
		    ex) == -1) {
			msg_warn("targets");
			return -1;
		}
	}
	return 0;
}

void
ps_hosts_free(struct ps_hosts *h)
{
	free(h->addrs);
	free(h->names);
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
