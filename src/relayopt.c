/*
 * relayopt.c: the options that shape a relay (-C -d -Q -x -i -q), the
 * same for connect and listen.  It sits beside relay_opts_init in io.c
 * by meaning; it is a file of its own only so the relay loop stays free
 * of option parsing.
 */
#include <stdio.h>

#include "num.h"
#include "relay.h"
#include "sockt.h"

/*
 * Apply relay option c (with its argument arg, for -i and -q) to o.
 * Returns 0, or -1 with err filled ("idle timeout 0: must be more than
 * 0"), or for a character that is not a relay option ("-z: not a relay
 * option").
 */
int
relay_opts_flag(struct relay_opts *o, int c, const char *arg, char *err)
{
	switch (c) {
	case 'C':
		o->crlf = 1;
		return 0;
	case 'd':
		o->no_stdin = 1;
		return 0;
	case 'Q':
		o->exit_on_eof = 1;
		return 0;
	case 'x':
		o->hexdump = 1;
		return 0;
	case 'i':
		return parse_secs_opt("idle timeout", arg, 0, &o->idle_ms, err);
	case 'q':
		return parse_secs_opt("quit delay", arg, 1, &o->quit_ms, err);
	default:
		/* a slip in the caller's switch, never the user's */
		snprintf(err, SK_ERRLEN, "-%c: not a relay option", c);
		return -1;
	}
}
