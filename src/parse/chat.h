/*
 * chat.h: the lines of listen --chat, pure: no I/O, so the unit test and
 * the fuzzer drive it alone.
 *
 * A client's bytes go into its struct chat_in, which cuts them into
 * lines: a line ends at LF (CR LF is kept as the line's end), or at
 * CHAT_LINE_MAX bytes without one (an overlong line is cut there and
 * goes on as the next line: memory stays bounded), or at the client's end
 * of file.  chat_line then writes a line as the others receive it:
 * "<userN> ", the text with every control character but TAB and every
 * byte from 0x7f up written as a backslash and three octal digits (ncat
 * --chat's escape: a line cannot move a terminal's cursor or change its
 * colours), and the line's end, LF or CR LF; a CR elsewhere is escaped
 * too (ncat passes it on, and it lets a line overwrite itself).  The
 * announcements use ncat's words.
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>

#define CHAT_LINE_MAX	4096	/* the longest line, its end not counted */
#define CHAT_PREFIX_MAX	32	/* "<user4294967295> " and room */
/* a line as delivered: every byte escaped at worst, and CR LF */
#define CHAT_OUT_MAX	(CHAT_PREFIX_MAX + 4 * CHAT_LINE_MAX + 2)

struct chat_in {
	char	buf[CHAT_LINE_MAX];	/* the line so far */
	size_t	len;
	int	done;		/* a whole line is in buf */
	int	crlf;		/* it ended with CR LF */
};

void	chat_in_init(struct chat_in *ci);
size_t	chat_in_feed(struct chat_in *ci, const char *data, size_t len);
int	chat_in_end(struct chat_in *ci);
void	chat_in_next(struct chat_in *ci);
size_t	chat_line(char *out, size_t size, unsigned long id,
	    const struct chat_in *ci);
size_t	chat_escape(char *out, size_t size, const char *s, size_t len);
size_t	chat_joined(char *out, size_t size, const char *addr,
	    unsigned long id);
size_t	chat_left(char *out, size_t size, unsigned long id);
size_t	chat_present(char *out, size_t size, size_t at, const char *addr,
	    unsigned long id);
size_t	chat_present_end(char *out, size_t size, size_t at);

#endif /* CHAT_H */
