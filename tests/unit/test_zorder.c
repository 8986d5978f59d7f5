/* Unit tests for the URL-order bookkeeping of http-get -Z (parse/zorder.c). */
#include "parse/zorder.h"
#include "tap.h"

int
main(void)
{
	struct zorder z;

	ok(zorder_init(&z, 4) == 0, "four URLs");
	is_int(zorder_due(&z), 0, "the first is due");
	is_int(zorder_release(&z), -1, "none released before any ends");
	ok(zorder_end(&z, 2, 22) == 0, "the third ends first, failed");
	is_int(zorder_release(&z), -1, "... not its turn yet");
	is_int(zorder_status(&z), 22, "its status is the status so far");
	ok(zorder_end(&z, 2, 0) == -1, "ending it twice is refused");
	ok(zorder_end(&z, 4, 0) == -1 && zorder_end(&z, -1, 0) == -1,
	    "an index out of range is refused");
	ok(zorder_end(&z, 1, 1) == 0, "the second fails too");
	is_int(zorder_status(&z), 1, "the first failure in URL order wins");
	ok(zorder_end(&z, 0, 0) == 0, "the first ends well");
	is_int(zorder_release(&z), 0, "released: the first");
	is_int(zorder_release(&z), 1, "... the second");
	is_int(zorder_release(&z), 2, "... the third");
	is_int(zorder_release(&z), -1, "... not the fourth, still running");
	is_int(zorder_due(&z), 3, "the fourth is due");
	ok(zorder_skip(&z, 3) == 0, "the fourth never starts");
	is_int(zorder_release(&z), 3, "... and is released");
	is_int(zorder_due(&z), -1, "none due at the end");
	is_int(zorder_status(&z), 1, "the status: the second's");
	zorder_free(&z);

	ok(zorder_init(&z, 0) == 0, "no URL at all");
	is_int(zorder_due(&z), -1, "... none due");
	is_int(zorder_status(&z), 0, "... status 0");
	zorder_free(&z);
	return tap_done();
}
