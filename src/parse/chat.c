/*
 * chat.c: the lines of listen --chat: cutting a client's bytes into
 * lines, and writing them, and the announcements, as the other clients
 * receive them.  See chat.h.
 */
#include <stdio.h>
#include <string.h>

#include "parse/chat.h"

void
chat_in_init(struct chat_in *ci)
{
	ci->len = 0;
	ci->done = 0;
	ci->crlf = 0;
}

/*
 * Take bytes of data into the line until it is whole: at LF (taken, not
 * kept; a CR before it is noted in crlf and dropped), or, with
 * CHAT_LINE_MAX bytes held and no LF next, cut there (the next byte is
 * left for the next line).  Returns the bytes taken; ci->done says the
 * line is whole, and then nothing more is taken until chat_in_next.
 */
size_t
chat_in_feed(struct chat_in *ci, const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len && !ci->done; i++) {
		if (data[i] == '\n') {
			if (ci->len > 0 && ci->buf[ci->len - 1] == '\r') {
				ci->len--;
				ci->crlf = 1;
			}
			ci->done = 1;
		} else if (ci->len == CHAT_LINE_MAX) {
			ci->done = 1;
			break;
		} else
			ci->buf[ci->len++] = data[i];
	}
	return i;
}

/*
 * The client's end of file: what it sent last without a newline is a
 * line still.  Returns 1 when a line is whole (ci->done), else 0.
 */
int
chat_in_end(struct chat_in *ci)
{
	if (!ci->done && ci->len > 0)
		ci->done = 1;
	return ci->done;
}

/* After a whole line has been written: start the next. */
void
chat_in_next(struct chat_in *ci)
{
	chat_in_init(ci);
}

/*
 * s[0..len) into out with ncat's escape (chat.h): at most 4 * len bytes.
 * Returns the bytes written; what does not fit in size is left out,
 * never a partial escape.
 */
size_t
chat_escape(char *out, size_t size, const char *s, size_t len)
{
	static const char oct[] = "01234567";
	unsigned char c;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 0x20 && c < 0x7f) || c == '\t') {
			if (n + 1 > size)
				break;
			out[n++] = (char)c;
			continue;
		}
		if (n + 4 > size)
			break;
		out[n++] = '\\';
		out[n++] = oct[c >> 6];
		out[n++] = oct[(c >> 3) & 7];
		out[n++] = oct[c & 7];
	}
	return n;
}

/* snprintf, as a length that never exceeds what fits (size - 1). */
static size_t
chat_fmt_len(int n, size_t size)
{
	if (n < 0 || size == 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

/*
 * The whole line of ci as the others receive it from client id: the
 * prefix, the escaped text, LF (or CR LF).  out needs CHAT_OUT_MAX
 * bytes; with less the line is cut short.  Returns its length.
 */
size_t
chat_line(char *out, size_t size, unsigned long id, const struct chat_in *ci)
{
	size_t n, end = ci->crlf ? 2 : 1;

	if (size < CHAT_PREFIX_MAX + end)
		return 0;
	n = chat_fmt_len(snprintf(out, size, "<user%lu> ", id), size);
	n += chat_escape(out + n, size - n - end, ci->buf, ci->len);
	if (ci->crlf)
		out[n++] = '\r';
	out[n++] = '\n';
	return n;
}

/* "<announce> ADDR is connected as <userN>.\n": its length. */
size_t
chat_joined(char *out, size_t size, const char *addr, unsigned long id)
{
	return chat_fmt_len(snprintf(out, size, "<announce> %s is connected "
	    "as <user%lu>.\n", addr, id), size);
}

/* "<announce> <userN> is disconnected.\n": its length. */
size_t
chat_left(char *out, size_t size, unsigned long id)
{
	return chat_fmt_len(snprintf(out, size, "<announce> <user%lu> is "
	    "disconnected.\n", id), size);
}

/*
 * The list a newcomer gets, one client at a time: out holds at bytes of
 * it so far (0: none, and the head is written first), and "ADDR as
 * <userN>" is added.  Returns the new length; an item that does not fit
 * is left out whole.
 */
size_t
chat_present(char *out, size_t size, size_t at, const char *addr,
    unsigned long id)
{
	size_t n;

	if (at >= size)
		return at;
	n = chat_fmt_len(snprintf(out + at, size - at, "%s%s as <user%lu>",
	    at == 0 ? "<announce> already connected: " : ", ", addr, id),
	    size - at);
	/* cut by snprintf, or no room left for the end: drop the item */
	if (at + n + 2 > size) {
		out[at] = '\0';
		return at;
	}
	return at + n;
}

/* The list's end: "nobody." when empty, else ".", and LF.  Its length. */
size_t
chat_present_end(char *out, size_t size, size_t at)
{
	if (at == 0)
		return chat_fmt_len(snprintf(out, size, "<announce> already "
		    "connected: nobody.\n"), size);
	if (at + 2 > size)
		return at;
	out[at++] = '.';
	out[at++] = '\n';
	return at;
}
