/*
 * progress.c: drawing a progress line on stderr.  Each redraw is one
 * write(2) of the whole line, so a line is never split by a message
 * written in between, and redraws are rate-limited so a fast transfer
 * does not spend its time on the terminal.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/progress.h"
#include "net/relay.h"
#include "util/clock.h"

int
progress_tty(void)
{
	return isatty(STDERR_FILENO);
}

void
progress_init(struct progress *p, int on, int period_ms)
{
	p->on = on;
	p->shown = 0;
	p->period_ms = period_ms;
	p->start = p->last = mono_ms();
}

int
progress_due(struct progress *p, int final)
{
	long long now;

	if (!p->on)
		return 0;
	now = mono_ms();
	if (!final && now - p->last < p->period_ms)
		return 0;
	p->last = now;
	return 1;
}

void
progress_draw(struct progress *p, const char *line, size_t n)
{
	(void)io_write_all(STDERR_FILENO, line, n);
	p->shown = 1;
}

void
progress_clear(struct progress *p)
{
	static const char wipe[] = "\r\033[K";

	if (p->shown) {
		(void)io_write_all(STDERR_FILENO, wipe, sizeof(wipe) - 1);
		p->shown = 0;
	}
}

void
progress_size(char *b, size_t cap, double v)
{
	static const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	(void)snprintf(b, cap, u == 0 ? "%.0f %s" : "%.1f %s", v, unit[u]);
}
