/* Unit tests for the option parser (src/opt.c). */
#include <string.h>

#include "opt.h"
#include "tap.h"

static const struct opt_long longs[] = {
	{ "allow", 1, 'A' },
	{ "echo", 0, 'E' },
	{ NULL, 0, 0 }
};

int
main(void)
{
	struct opt_state st;
	char *a1[] = { "cmd", "-vw", "5", "host", "-4", "80", NULL };
	char *a2[] = { "cmd", "-w5", "--allow=10.0.0.0/8", "--allow", "::1",
	    "--echo", "--", "-x", NULL };
	char *a3[] = { "cmd", "-y", NULL };
	char *a4[] = { "cmd", "-w", NULL };
	char *a5[] = { "cmd", "--echo=1", NULL };
	char *a6[] = { "cmd", "--nope", NULL };
	char *a7[] = { "cmd", "--help", "-", NULL };
	char *a8[] = { "cmd", "--allow", NULL };
	int c;

	opt_init(&st, 6, a1, "46vw:", longs);
	is_int(opt_next(&st), 'v', "cluster first");
	is_int(opt_next(&st), 'w', "cluster second with arg");
	is_str(st.arg, "5", "arg from next word");
	is_int(opt_next(&st), '4', "option after an operand");
	is_int(opt_next(&st), -1, "end");
	is_int(st.argc, 2, "two operands");
	is_str(st.argv[0], "host", "first operand");
	is_str(st.argv[1], "80", "second operand");
	is_int(opt_next(&st), -1, "end is sticky");

	opt_init(&st, 8, a2, "w:", longs);
	is_int(opt_next(&st), 'w', "-w5");
	is_str(st.arg, "5", "attached arg");
	is_int(opt_next(&st), 'A', "--allow=");
	is_str(st.arg, "10.0.0.0/8", "--allow= arg");
	is_int(opt_next(&st), 'A', "--allow ARG");
	is_str(st.arg, "::1", "--allow ARG arg");
	is_int(opt_next(&st), 'E', "--echo");
	is_int(opt_next(&st), -1, "-- ends options");
	is_int(st.argc, 1, "operand after --");
	is_str(st.argv[0], "-x", "-x is an operand after --");

	opt_init(&st, 2, a3, "w:", longs);
	is_int(opt_next(&st), '?', "unknown short");
	is_str(st.err, "unknown option -y", "unknown short message");
	opt_init(&st, 2, a4, "w:", longs);
	is_int(opt_next(&st), '?', "missing arg");
	is_str(st.err, "option -w needs an argument", "missing arg message");
	opt_init(&st, 2, a5, "", longs);
	is_int(opt_next(&st), '?', "arg to a flag");
	is_str(st.err, "option --echo takes no argument", "flag arg message");
	opt_init(&st, 2, a6, "", longs);
	is_int(opt_next(&st), '?', "unknown long");
	is_str(st.err, "unknown option --nope", "unknown long message");
	opt_init(&st, 2, a8, "", longs);
	is_int(opt_next(&st), '?', "long missing arg");
	is_str(st.err, "option --allow needs an argument",
	    "long missing arg message");
	opt_init(&st, 3, a7, "", NULL);
	is_int(opt_next(&st), 'h', "--help is always known");
	c = opt_next(&st);
	is_int(c, -1, "- is an operand");
	is_str(st.argv[0], "-", "- kept");
	return tap_done();
}
