/*
 * Unit tests for the targets of a scan as written (scan/specs.c): the
 * list and what it owns, a target file's text, an exclusion file's, a
 * literal target's addresses and the family it must have.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <string.h>

#include "scan/specs.h"
#include "tap.h"
#include "util/base.h"

int
main(void)
{
	static const char file[] = "# a comment\n10.0.0.1 10.0.0.0/30\n\n::1\n";
	static const char bad[] = "10.0.0.1\n\n10.0.0.300\n";
	static const char xfile[] = "10.0.0.2\n192.168.0.0/16 # lan\n";
	struct scan_specs sp;
	struct exclude ex;
	struct addrset set;
	struct net_opts no;
	struct target t;
	struct scan_targets tg;
	char op0[] = "10.0.0.0/30", op1[] = "10.0.0.1", badop[] = "10.0.0.300";
	char fop[] = "10.0.1.0/31", *ops[2] = { op0, op1 };
	int why;
	char err[SK_ERRLEN], op[] = "operand";
	size_t line, i;
	uint8_t a2[4] = { 10, 0, 0, 2 };

	memset(&sp, 0, sizeof(sp));
	ok(scan_specs_add(&sp, op, 0) == 0, "an operand added, not owned");
	is_int(scan_specs_buf(&sp, file, strlen(file), &line, err), 0,
	    "a target file read");
	is_int(sp.n, 4, "... three targets after the operand");
	is_int(sp.nowned, 3, "... the file's owned");
	is_str(sp.v[2], "10.0.0.0/30", "... in order");
	is_int(scan_specs_buf(&sp, bad, strlen(bad), &line, err), -1,
	    "a bad target refused");
	is_int(line, 3, "... on line 3");
	ok(err[0] != '\0', "... said why");
	for (i = 0; i < 200; i++)
		if (scan_specs_add(&sp, op, 0) == -1)
			break;
	is_int(sp.n, 205, "the list grows");
	scan_specs_free(&sp);
	ok(sp.v == NULL && sp.n == 0, "freed");

	exclude_init(&ex);
	is_int(scan_exclude_buf(&ex, xfile, strlen(xfile), &line, err), 0,
	    "an exclusion file read");
	ok(exclude_match(&ex, AF_INET, a2), "... 10.0.0.2 left out");
	exclude_free(&ex);

	net_opts_init(&no);
	addrset_init(&set);
	ok(target_parse("10.0.0.0/30", &t, err) == 0, "a block");
	is_int(scan_hosts_add(&set, &t, "10.0.0.0/30", &no, NULL, NULL,
	    err), 0,
	    "... added as a range");
	ok(addrset_build(&set) == 0, "built");
	is_int(set.count, 4, "... four addresses");
	addrset_free(&set);
	addrset_init(&set);
	no.family = AF_INET6;
	is_int(scan_hosts_add(&set, &t, "10.0.0.0/30", &no, NULL, NULL,
	    err), -1,
	    "an IPv4 block with -6 refused");
	is_str(err, "target 10.0.0.0/30: not an IPv6 address", "... said so");
	addrset_free(&set);

	/* the scan's targets in one call: operands, then a file's */
	memset(&tg, 0, sizeof(tg));
	no.family = AF_UNSPEC;
	is_int(scan_targets_build(&tg, ops, 0, &no, 0, NULL, NULL, &why, err),
	    -1, "no target at all refused");
	is_int(why, SCAN_TB_EMPTY, "... as empty");
	ok(scan_specs_add(&tg.files, fop, 0) == 0, "a file's target");
	ok(exclude_add_list(&tg.ex, "10.0.0.3", err) == 0, "an exclusion");
	tg.excluding = 1;
	is_int(scan_targets_build(&tg, ops, 2, &no, 0, NULL, NULL, &why, err),
	    0, "built in one call");
	ok(tg.set.count == 5 && tg.set.dups == 1 && tg.set.excluded == 1,
	    "... 5 addresses, a repeat dropped, one excluded");
	scan_targets_free(&tg);
	ops[1] = badop;
	is_int(scan_targets_build(&tg, ops, 2, &no, 0, NULL, NULL, &why, err),
	    -1, "a target that is not one refused");
	ok(why == SCAN_TB_SPEC && err[0] != '\0', "... saying why");
	scan_targets_free(&tg);
	return tap_done();
}
