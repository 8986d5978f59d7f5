/*
 * progress.h: the mechanics of a progress line on stderr, shared by
 * http-get and portscan: whether to draw at all (stderr a terminal),
 * how often to redraw, one write(2) per redraw so a line never tears,
 * and clearing the line.  What the line says is each command's own.
 * A command helper: commands include it; the core does not (it never
 * prints), it reports counts through callbacks instead.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stddef.h>
#include <stdint.h>

struct progress {
	int		 on;		/* draw at all */
	int		 shown;		/* a line is on the terminal */
	int		 period_ms;	/* least time between redraws */
	long long	 start, last;	/* mono_ms of the start, last redraw */
};

/* progress_tty: 1 when stderr is a terminal, the only place to draw. */
int	progress_tty(void);

/* progress_init: start the clock; on 0 makes every call a no-op. */
void	progress_init(struct progress *p, int on, int period_ms);

/*
 * progress_due: 1 when a redraw is due now (at most one per period, or
 * always when final is 1) and the line is on; records the time.
 */
int	progress_due(struct progress *p, int final);

/* progress_draw: write the line, already formatted, in one write. */
void	progress_draw(struct progress *p, const char *line, size_t n);

/*
 * progress_size: v bytes for a progress line into b[0..cap): "812 B",
 * "3.4 MiB", in binary units up to TiB.
 */
void	progress_size(char *b, size_t cap, double v);

/*
 * progress_bytes: one transfer's line into b (PROGRESS_LINE bytes), as
 * curl's meter has it: with a total (0: unknown) the percent, the bytes
 * of the total, the rate, the time spent and the time left; without,
 * the bytes, the rate and the time spent; ms the time spent.  final
 * ends it with a newline.  Returns its length.
 */
#define PROGRESS_LINE	160
size_t	progress_bytes(char *b, uint64_t done, uint64_t total, long long ms,
	    int final);

/*
 * progress_bar: curl's -# bar into b (PROGRESS_BAR bytes): '#'s for the
 * share of total done across the width (COLUMNS, else the terminal's,
 * else 79; at most 256) less 7, then the percentage; final ends it with
 * a newline.  Returns its length, 0 while total is unknown (0).
 */
#define PROGRESS_BAR	300
size_t	progress_bar(char *b, uint64_t done, uint64_t total, int final);

/* progress_hms: secs as curl's meter writes a time, H:MM:SS. */
void	progress_hms(char *b, size_t cap, long long secs);

/* progress_clear: wipe a line that is shown ("\r" and erase-line). */
void	progress_clear(struct progress *p);

/*
 * progress_end_on_signal: from now on SIGINT and SIGTERM (unless
 * ignored) end a line left open with a newline first, so the shell's
 * prompt starts on a line of its own, as curl's meter leaves it; then
 * the handler that was there before runs, or the signal's default.
 */
void	progress_end_on_signal(void);

#endif /* PROGRESS_H */
