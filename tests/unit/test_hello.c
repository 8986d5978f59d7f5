/* test_hello.c: the greeting protocol's framer, driven with made-up times. */
#include <string.h>

#include "parse/hello.h"
#include "tap.h"

static struct hello_framer f;
static struct hello_msg m;
static char got[HELLO_BUFSZ + 1];

/* Feed s at now_ms, as one read. */
static void
feed(const char *s, long long now_ms)
{
	size_t room, n = strlen(s);
	char *p = hello_space(&f, &room);

	if (n > room)
		n = room;
	memcpy(p, s, n);
	hello_fed(&f, n, now_ms);
}

/* The next message at now_ms; its text in got. */
static enum hello_kind
next(long long now_ms)
{
	enum hello_kind k = hello_next(&f, now_ms, &m);

	got[0] = '\0';
	if (k == HELLO_LINE || k == HELLO_BARE) {
		memcpy(got, m.data, m.len);
		got[m.len] = '\0';
	}
	return k;
}

static void
test_lines(void)
{
	hello_init(&f, 150);
	feed("Michael\nBob\r\n\nAnn", 0);
	is_int(next(0), HELLO_LINE, "LF line");
	is_str(got, "Michael", "LF stripped");
	is_int(next(0), HELLO_LINE, "CR LF line");
	is_str(got, "Bob", "CR LF stripped");
	is_int(next(0), HELLO_LINE, "empty line");
	is_str(got, "", "empty line is empty");
	is_int(next(0), HELLO_MORE, "partial waits");
	is_int(next(149), HELLO_MORE, "partial waits within the gap");
	feed("ie\n", 100);
	is_int(next(100), HELLO_LINE, "split line joins");
	is_str(got, "Annie", "split line text");
	is_int(next(1000), HELLO_MORE, "nothing left");
	ok(hello_wake(&f) == -1, "no gap running when empty");
	hello_fed(&f, 0, 2000);
	is_int(next(2000), HELLO_EOF, "end of file, nothing left");
}

static void
test_gap(void)
{
	hello_init(&f, 150);
	feed("Mich", 1000);
	ok(hello_wake(&f) == 1150, "wake at the end of the gap");
	feed("ael", 1100);
	ok(hello_wake(&f) == 1250, "the gap restarts with each read");
	is_int(next(1249), HELLO_MORE, "not yet");
	is_int(next(1250), HELLO_BARE, "bare message after the gap");
	is_str(got, "Michael", "bare text");
	ok(hello_wake(&f) == -1, "no gap after it");
	feed("exit", 2000);
	is_int(next(2200), HELLO_BARE, "bare exit");
	ok(hello_is_exit(m.data, m.len), "bare exit is exit");
	ok(!hello_is_exit("exit\n", 5) && !hello_is_exit("exi", 3),
	    "only exactly exit");
	/* a CR is only stripped as part of CR LF */
	feed("Tom\r", 3000);
	is_int(next(3150), HELLO_BARE, "bare ending in CR");
	is_int((long long)m.len, 4, "its CR kept");

	hello_init(&f, 0);
	feed("abc", 0);
	is_int(next(1000000), HELLO_MORE, "gap 0: lines only");
	ok(hello_wake(&f) == -1, "gap 0: no wake");
	hello_fed(&f, 0, 5);
	is_int(next(5), HELLO_BARE, "end of file ends a partial message");
	is_str(got, "abc", "its text");
	is_int(next(5), HELLO_EOF, "then end of file");
}

static void
test_budget(void)
{
	hello_init(&f, 150);
	ok(!hello_overdue(&f, 5000, 1000), "nothing pending: never overdue");
	feed("x", 100);
	feed("x", 200);
	ok(!hello_overdue(&f, 1099, 1000), "within the budget");
	ok(hello_overdue(&f, 1100, 1000), "budget counts from the first byte");
	feed("\nyy", 1500);
	is_int(next(1500), HELLO_LINE, "the line completes");
	ok(!hello_overdue(&f, 2499, 1000), "the rest starts its own budget");
	ok(hello_overdue(&f, 2500, 1000), "from the read that brought it");
}

static void
test_overlong(void)
{
	static char big[HELLO_BUFSZ + 8];

	hello_init(&f, 150);
	memset(big, 'x', HELLO_MAXLINE);
	big[HELLO_MAXLINE] = '\n';
	big[HELLO_MAXLINE + 1] = '\0';
	feed(big, 0);
	is_int(next(0), HELLO_LINE, "a line of HELLO_MAXLINE is fine");
	is_int((long long)m.len, HELLO_MAXLINE, "all of it");

	hello_init(&f, 150);
	memcpy(big + HELLO_MAXLINE, "\r\n", 3);
	feed(big, 0);
	is_int(next(0), HELLO_LINE, "and with CR LF");

	hello_init(&f, 150);
	memcpy(big + HELLO_MAXLINE, "y\n", 3);
	feed(big, 0);
	is_int(next(0), HELLO_OVERLONG, "one byte more is overlong");
	is_int(next(0), HELLO_OVERLONG, "and stays so");

	hello_init(&f, 150);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	feed(big, 0);
	is_int(next(0), HELLO_OVERLONG, "a full buffer without newline");

	hello_init(&f, 150);
	big[HELLO_MAXLINE + 1] = '\0';
	feed(big, 0);
	is_int(next(0), HELLO_MORE, "one more than the limit waits");
	is_int(next(150), HELLO_OVERLONG, "then is overlong after the gap");
}

static void
test_reply(void)
{
	char out[32];
	size_t n;

	n = hello_reply(out, sizeof(out), "Michael", 7, 1);
	ok(n == 16 && memcmp(out, "Hello, Michael!\n", 16) == 0, "line reply");
	n = hello_reply(out, sizeof(out), "Michael", 7, 0);
	ok(n == 15 && memcmp(out, "Hello, Michael!", 15) == 0, "bare reply");
	is_int((long long)hello_reply(out, 15, "Michael", 7, 1), 0,
	    "too small: 0");
	is_int((long long)hello_reply(out, 15, "Michael", 7, 0), 15,
	    "exactly enough");
	/* what udp-serve --hello never answers: a greeter's reply */
	n = hello_reply(out, sizeof(out), "", 0, 0);
	ok(hello_is_reply(out, n), "Hello, ! is a reply");
	ok(hello_is_reply("Hello, Michael!", 15) &&
	    hello_is_reply("Hello, Michael!\n", 16) &&
	    hello_is_reply("Hello, Michael!\r\n", 17), "a reply, each end");
	ok(!hello_is_reply("Hello, Michael", 14) &&
	    !hello_is_reply("Hello Michael!", 14) &&
	    !hello_is_reply("Hello, Michael!\n\n", 17) &&
	    !hello_is_reply("Hello,!", 7) && !hello_is_reply("\n", 1) &&
	    !hello_is_reply("", 0), "no reply: no !, no comma, two ends, short");
}

int
main(void)
{
	test_lines();
	test_gap();
	test_budget();
	test_overlong();
	test_reply();
	return tap_done();
}
