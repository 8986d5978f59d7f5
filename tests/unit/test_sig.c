/*
 * Unit tests for SIGINT and SIGTERM caught into a flag (util/sig.c),
 * and an ignored one left ignored.
 */
#include <signal.h>

#include "tap.h"
#include "util/sig.h"

int
main(void)
{
	static volatile sig_atomic_t flag;
	struct sigaction old;

	(void)signal(SIGINT, SIG_IGN);
	sig_stop_catch(&flag);
	ok(raise(SIGTERM) == 0, "SIGTERM raised");
	is_int(flag, SIGTERM, "... caught into the flag");
	ok(sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler == SIG_IGN,
	    "an ignored SIGINT stays ignored");
	flag = 0;
	ok(raise(SIGINT) == 0 && flag == 0, "... and sets nothing");
	return tap_done();
}
