/*
 * cmd/portscan_targets.c: the hosts portscan probes.  Targets come from the
 * command line and from -iL files (targetfile.c tokenises them); a name
 * is scanned on every address it resolves to, each kept beside the name;
 * exclusions (--exclude, --excludefile) leave addresses out before any
 * probe is sent.  The addresses are held as ranges (scan/targets.c over
 * addrset.c), so a /8 costs no more memory than one address; an address
 * named twice is probed once.  Exclusions and repeats are counted for the
 * summary.  The steps are scan/specs.c's; this file says what went wrong.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/portscan_targets.h"
#include "net/net.h"
#include "parse/addrset.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "scan/scan.h"
#include "scan/specs.h"
#include "scan/targets.h"
#include "util/base.h"
#include "util/file.h"

#define FILE_MAX	(64 * 1024 * 1024)	/* bytes of a target file */

/*
 * Read path ("-": standard input) whole into *bufp, *lenp.  Returns
 * CMD_GO_ON to go on, else the exit status (said).
 */
static int
slurp(const char *path, const char *opt, char **bufp, size_t *lenp)
{
	/* under FILE_MAX bytes, as always */
	if (read_file(path, FILE_MAX - 1, bufp, lenp) == 0)
		return CMD_GO_ON;
	if (errno == EFBIG)
		msg_warnx("%s %s: more than %d MB", opt, path,
		    FILE_MAX / (1024 * 1024));
	else
		msg_warn("%s %s", opt, path);
	return EXIT_FAIL;
}

/*
 * What a target file's step said: its line, or the file as a whole
 * (line 0); with err empty, errno.  Returns the exit status: 1 out of
 * memory, 2 for what is in the file.
 */
static int
file_fail(const char *opt, const char *path, size_t line, const char *err)
{
	if (err[0] == '\0') {
		msg_warn("%s %s", opt, path);
		return EXIT_FAIL;
	}
	if (line > 0)
		msg_warnx("%s %s: line %zu: %s", opt, path, line, err);
	else
		msg_warnx("%s %s: %s", opt, path, err);
	return EXIT_USAGE;
}

/*
 * Add every target of file path (-iL, or with ex --excludefile's into
 * ex) to sp.  Returns CMD_GO_ON to go on, else the exit status: 1 if
 * it cannot be read, 2 for what is in it.
 */
int
ps_specs_file(struct scan_specs *sp, struct exclude *ex, const char *path,
    const char *opt)
{
	char err[SK_ERRLEN], *buf;
	size_t len, line;
	int rc;

	if ((rc = slurp(path, opt, &buf, &len)) != CMD_GO_ON)
		return rc;
	rc = ex != NULL ? scan_exclude_buf(ex, buf, len, &line, err) :
	    scan_specs_buf(sp, buf, len, &line, err);
	free(buf);
	return rc == 0 ? CMD_GO_ON : file_fail(opt, path, line, err);
}

/*
 * Resolve the names of the exclusion set (scan/specs.c).  A name that
 * does not resolve stops the scan (exit 1) rather than scan what was
 * meant to be left out.  Returns CMD_GO_ON to go on, else the exit
 * status.
 */
int
ps_exclude_resolve(struct exclude *ex, const struct net_opts *no)
{
	char err[SK_ERRLEN];
	size_t bad;

	if (scan_exclude_resolve(ex, no, &bad, err) == 0)
		return CMD_GO_ON;
	if (err[0] != '\0')
		msg_warnx("exclude %s", err);
	else
		msg_warn("exclude %s", ex->names[bad]);
	return EXIT_FAIL;
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
 * Add the addresses of target t (written spec): a name's every address,
 * a block as one range.  Returns 0, or -1 when it is said and skipped.
 */
int
ps_hosts_add(struct ps_hosts *h, const struct target *t, const char *spec,
    const struct net_opts *no)
{
	char err[SK_ERRLEN];
	int rc;

	if ((rc = scan_hosts_add(&h->set, t, spec, no, h->verbose ?
	    hosts_seen : NULL, err)) == 0)
		return 0;
	if (rc == -2)
		msg_warnx("host %s: no usable address", t->name);
	else if (err[0] != '\0')
		msg_warnx("%s", err);
	else
		msg_warn("targets");
	return -1;
}

/*
 * The exclusions ex (or NULL) taken out, repeats dropped, the addresses
 * numbered.  Returns CMD_GO_ON, or EXIT_FAIL out of memory (said); a
 * set of 2^64 addresses or more is left for the size check to refuse.
 */
int
ps_hosts_done(struct ps_hosts *h, const struct exclude *ex)
{
	if ((ex != NULL && scan_targets_exclude(&h->set, ex) == -1) ||
	    (addrset_build(&h->set) == -1 && errno != EOVERFLOW)) {
		msg_warn("targets");
		return EXIT_FAIL;
	}
	return CMD_GO_ON;
}

void
ps_hosts_free(struct ps_hosts *h)
{
	addrset_free(&h->set);
	memset(h, 0, sizeof(*h));
}
