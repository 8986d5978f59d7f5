/*
 * hello.h: the framing of the greeting protocol (serve-hello, udp-serve
 * --hello), pure: no I/O and no clock of its own, so unit tests and the
 * fuzzer drive it with made-up times.
 *
 * The bytes a client sends go into a framer with the time they came, and
 * hello_next cuts them into messages.  A message is a line (LF, or CR LF;
 * the end is stripped), or bytes without a newline once a quiet gap has
 * passed since the last of them, or at end of file.  So a line split over
 * many segments is still one line, many lines in one segment are many
 * messages, and a client that sends a name without a newline and waits
 * (the Python tutorial's client) gets its answer after the gap.  Times
 * are milliseconds on whatever clock the caller uses (mono_ms in sockt).
 */
#ifndef HELLO_H
#define HELLO_H

#include <stddef.h>

#define HELLO_MAXLINE	8192		/* longest message, without its end */
#define HELLO_BUFSZ	(HELLO_MAXLINE + 2)	/* room for it and CR LF */
#define HELLO_REPLYMAX	(HELLO_MAXLINE + 9)	/* "Hello, " MSG "!\n" */

enum hello_kind {
	HELLO_MORE,	/* no message yet: read more, or wait for the gap */
	HELLO_LINE,	/* a line, its end stripped: answer with a newline */
	HELLO_BARE,	/* bytes without a newline: answer without one */
	HELLO_OVERLONG,	/* more than HELLO_MAXLINE bytes without an end */
	HELLO_EOF	/* end of file and nothing left */
};

struct hello_framer {
	char		buf[HELLO_BUFSZ];
	size_t		start;		/* first byte not yet framed */
	size_t		len;		/* bytes in buf */
	long long	first_ms;	/* when the partial message began */
	long long	last_ms;	/* when its latest bytes came */
	int		gap_ms;		/* quiet gap; 0: lines only */
	int		eof;
};

struct hello_msg {
	const char	*data;		/* into the framer: valid until fed */
	size_t		 len;
};

void		hello_init(struct hello_framer *f, int gap_ms);
char		*hello_space(struct hello_framer *f, size_t *room);
void		hello_fed(struct hello_framer *f, size_t n, long long now_ms);
enum hello_kind	hello_next(struct hello_framer *f, long long now_ms,
		    struct hello_msg *m);
long long	hello_wake(const struct hello_framer *f);
int		hello_overdue(const struct hello_framer *f, long long now_ms,
		    int budget_ms);
int		hello_is_exit(const char *s, size_t n);
int		hello_is_reply(const char *s, size_t n);
size_t		hello_reply(char *out, size_t outsz, const char *name, size_t n,
		    int nl);

#endif /* HELLO_H */
