/* test_chat.c: listen --chat's lines, their escape and the announcements. */
#include <string.h>

#include "parse/chat.h"
#include "tap.h"

static struct chat_in ci;
static char out[CHAT_OUT_MAX + 1];
static char all[8 * CHAT_OUT_MAX];
static size_t alllen;

/* Feed s as one read from user id; every whole line, written, into all. */
static void
feed(unsigned long id, const char *s, size_t n)
{
	size_t k, m;

	while (n > 0) {
		k = chat_in_feed(&ci, s, n);
		s += k;
		n -= k;
		if (ci.done) {
			m = chat_line(out, sizeof(out), id, &ci);
			memcpy(all + alllen, out, m);
			alllen += m;
			chat_in_next(&ci);
		}
	}
	all[alllen] = '\0';
}

static void
reset(void)
{
	chat_in_init(&ci);
	alllen = 0;
	all[0] = '\0';
}

static void
test_lines(void)
{
	reset();
	feed(3, "hello\nbob\r\n\nann", 15);
	is_str(all, "<user3> hello\n<user3> bob\r\n<user3> \n", "LF, CR LF "
	    "and empty lines, each prefixed");
	ok(!ci.done && ci.len == 3, "a partial line waits");
	feed(3, "ie", 2);
	ok(!ci.done && ci.len == 5, "and grows across reads");
	feed(3, "\n", 1);
	is_str(all, "<user3> hello\n<user3> bob\r\n<user3> \n<user3> annie\n",
	    "a line split over reads is one line");
	reset();
	feed(12, "tail", 4);
	ok(chat_in_end(&ci), "end of file ends a partial line");
	alllen = chat_line(all, sizeof(all), 12, &ci);
	all[alllen] = '\0';
	is_str(all, "<user12> tail\n", "and it goes with a newline");
	chat_in_next(&ci);
	ok(!chat_in_end(&ci), "nothing at end of file: no line");
	reset();
	feed(1, "a\rb\r\n", 5);
	is_str(all, "<user1> a\\015b\r\n", "a CR but the last is escaped");
}

static void
test_escape(void)
{
	char s[8];
	size_t n;

	reset();
	feed(2, "x\x01\x1b[31m\ty\x7f\xc3\xa9\\\n", 14);
	is_str(all, "<user2> x\\001\\033[31m\ty\\177\\303\\251\\\n",
	    "controls and high bytes in octal, TAB and backslash kept");
	reset();
	feed(2, "\0z\n", 3);
	is_str(all, "<user2> \\000z\n", "a NUL escaped");
	n = chat_escape(s, 4, "a\001", 2);
	is_int((long long)n, 1, "an escape that does not fit is left out");
	n = chat_escape(s, 5, "ab\001", 3);
	is_int((long long)n, 2, "whole, never a part");
}

static void
test_overlong(void)
{
	static char big[CHAT_LINE_MAX * 2 + 10];
	size_t n, k;

	reset();
	memset(big, 'a', sizeof(big));
	big[CHAT_LINE_MAX + 5] = '\n';
	k = chat_in_feed(&ci, big, sizeof(big));
	ok(ci.done && k == CHAT_LINE_MAX && ci.len == CHAT_LINE_MAX,
	    "an overlong line is cut at the bound");
	n = chat_line(out, sizeof(out), 7, &ci);
	ok(n == 8 + CHAT_LINE_MAX + 1 && out[n - 1] == '\n',
	    "and goes with a newline");
	chat_in_next(&ci);
	k = chat_in_feed(&ci, big + CHAT_LINE_MAX, sizeof(big) - CHAT_LINE_MAX);
	ok(ci.done && k == 6 && ci.len == 5, "the rest is the next line");
	/* a CR at the bound waits to see whether LF follows */
	reset();
	memset(big, 'b', CHAT_LINE_MAX - 1);
	big[CHAT_LINE_MAX - 1] = '\r';
	big[CHAT_LINE_MAX] = '\n';
	k = chat_in_feed(&ci, big, CHAT_LINE_MAX + 1);
	ok(ci.done && ci.crlf && ci.len == CHAT_LINE_MAX - 1 &&
	    k == CHAT_LINE_MAX + 1, "CR LF right at the bound is a line end");
	/* every byte escaped: the line still fits CHAT_OUT_MAX */
	reset();
	memset(big, 1, CHAT_LINE_MAX);
	k = chat_in_feed(&ci, big, CHAT_LINE_MAX + 1);
	big[CHAT_LINE_MAX] = '\r';
	ci.crlf = 1;
	n = chat_line(out, sizeof(out) - 1, 4294967295UL, &ci);
	ok(n == 17 + 4 * CHAT_LINE_MAX + 2 && n <= CHAT_OUT_MAX,
	    "the worst line fits CHAT_OUT_MAX");
	n = chat_line(out, 10, 1, &ci);
	is_int((long long)n, 0, "no room for a prefix: nothing");
}

static void
test_announce(void)
{
	char buf[256];
	size_t n;

	n = chat_joined(buf, sizeof(buf), "127.0.0.1", 5);
	buf[n] = '\0';
	is_str(buf, "<announce> 127.0.0.1 is connected as <user5>.\n",
	    "join in ncat's words");
	n = chat_left(buf, sizeof(buf), 4);
	buf[n] = '\0';
	is_str(buf, "<announce> <user4> is disconnected.\n",
	    "leave in ncat's words");
	n = chat_present_end(buf, sizeof(buf), 0);
	buf[n] = '\0';
	is_str(buf, "<announce> already connected: nobody.\n", "nobody there");
	n = chat_present(buf, sizeof(buf), 0, "127.0.0.1", 4);
	n = chat_present(buf, sizeof(buf), n, "::1", 5);
	n = chat_present_end(buf, sizeof(buf), n);
	buf[n] = '\0';
	is_str(buf, "<announce> already connected: 127.0.0.1 as <user4>, "
	    "::1 as <user5>.\n", "who is there");
	n = chat_present(buf, 60, 0, "127.0.0.1", 4);
	n = chat_present(buf, 60, n, "::1", 5);
	ok(n == 50, "an item that does not fit is left out");
	n = chat_present_end(buf, 60, n);
	ok(n == 52 && buf[50] == '.' && buf[51] == '\n', "the end still fits");
}

int
main(void)
{
	test_lines();
	test_escape();
	test_overlong();
	test_announce();
	return tap_done();
}
