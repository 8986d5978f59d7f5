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

/* progress_clear: wipe a line that is shown ("\r" and erase-line). */
void	progress_clear(struct progress *p);

#endif /* PROGRESS_H */
