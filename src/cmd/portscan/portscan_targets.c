/*
 * cmd/portscan/portscan_targets.c: portscan's targets, in words.  The
 * engine holds them (the scan's configuration carries them, scan/specs.c assembles
 * them in one call: the operands and -iL's checked, the exclusions'
 * names resolved, every name's addresses added, the exclusions taken
 * out); here is what its steps met, said, and the exit status it means.
 */
#include <errno.h>
#include <stddef.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/portscan/portscan.h"
#include "net/net.h"
#include "scan/scan.h"
#include "scan/specs.h"
#include "util/base.h"

/*
 * Add every target of file path (-iL, or with exclude --excludefile's
 * exclusions) to the scan's.  Returns CMD_GO_ON to go on, else the exit
 * status, said: 1 if it cannot be read, 2 for what is in it.
 */
int
ps_targets_file(struct scan_config *cfg, const char *path, int exclude,
    const char *opt)
{
	char err[SK_ERRLEN];
	size_t line;

	if (scan_targets_file(&cfg->targets, path, exclude, &line, err) == 0)
		return CMD_GO_ON;
	if (err[0] == '\0' && errno == EFBIG)
		msg_warnx("%s %s: more than %d MB", opt, path,
		    SCAN_FILE_MAX / (1024 * 1024));
	else if (err[0] == '\0')
		msg_warn("%s %s", opt, path);
	else if (line > 0)
		msg_warnx("%s %s: line %zu: %s", opt, path, line, err);
	else
		msg_warnx("%s %s: %s", opt, path, err);
	return err[0] == '\0' ? EXIT_FAIL : EXIT_USAGE;
}

/* What the assembly met: a name's address (-v), a target skipped. */
static void
on_target(const struct scan_target_ev *ev, void *arg)
{
	(void)arg;
	if (ev->kind == SCAN_TE_SEEN)
		msg_warnx("%s is %s", ev->name, ev->addr);
	else if (ev->kind == SCAN_TE_NOADDR)
		msg_warnx("host %s: no usable address", ev->name);
	else if (ev->err[0] != '\0')
		msg_warnx("%s", ev->err);
	else {
		errno = ev->error;
		msg_warn("targets");
	}
}

/*
 * The scan's addresses, from the n operands and -iL's targets: every
 * address of every target once, less the exclusions; a target that
 * cannot be resolved is said and skipped, the rest still scanned.
 * Returns CMD_GO_ON to go on, else the exit status (said).
 */
int
ps_targets(struct ps *ps, struct scan_config *cfg, int n, char **ops,
    const struct net_opts *no)
{
	char err[SK_ERRLEN];
	int why;

	if (scan_targets_build(&cfg->targets, ops, (size_t)n, no, ps->verbose,
	    on_target, ps, &why, err) == 0)
		return CMD_GO_ON;
	switch (why) {
	case SCAN_TB_EMPTY:
		msg_warnx("no targets: the -iL files are empty");
		return EXIT_USAGE;
	case SCAN_TB_SPEC:
		return cmd_usage(ps_usage, "%s", err);
	case SCAN_TB_EXCLUDE:
		msg_warnx("exclude %s", err);
		return EXIT_FAIL;
	default:
		msg_warn("targets");
		return EXIT_FAIL;
	}
}
