/*
 * progress.c: drawing a progress line on stderr.  Each redraw is one
 * write(2) of the whole line, so a line is never split by a message
 * written in between, and redraws are rate-limited so a fast transfer
 * does not spend its time on the terminal.
 */
#include <sys/ioctl.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/progress.h"
#include "net/relay.h"
#include "util/clock.h"

static volatile sig_atomic_t line_open;	/* drawn and not ended */
static struct sigaction before[2];	/* SIGINT's and SIGTERM's */

static void
on_signal(int sig)
{
	struct sigaction *b = &before[sig == SIGINT ? 0 : 1];

	if (line_open)
		(void)write(STDERR_FILENO, "\n", 1);
	line_open = 0;
	if (!(b->sa_flags & SA_SIGINFO) && b->sa_handler != SIG_DFL &&
	    b->sa_handler != SIG_IGN) {
		b->sa_handler(sig);
		return;
	}
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

void
progress_end_on_signal(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa, cur;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 2; i++) {
		/* ignored stays ignored; ours is not its own before */
		if (sigaction(sigs[i], NULL, &cur) == -1 ||
		    (!(cur.sa_flags & SA_SIGINFO) &&
		    (cur.sa_handler == SIG_IGN || cur.sa_handler == on_signal)))
			continue;
		before[i] = cur;
		(void)sigaction(sigs[i], &sa, NULL);
	}
}

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
	line_open = n > 0 && line[n - 1] != '\n';
}

void
progress_clear(struct progress *p)
{
	static const char wipe[] = "\r\033[K";

	if (p->shown) {
		(void)io_write_all(STDERR_FILENO, wipe, sizeof(wipe) - 1);
		p->shown = 0;
		line_open = 0;
	}
}

void
progress_hms(char *b, size_t cap, long long secs)
{
	(void)snprintf(b, cap, "%lld:%02lld:%02lld", secs / 3600,
	    secs / 60 % 60, secs % 60);
}

size_t
progress_bytes(char *b, uint64_t done, uint64_t total, long long ms,
    int final)
{
	char sd[32], st[32], sr[32], spent[48], left[48];
	double bps = ms > 0 ? (double)done * 1000.0 / (double)ms : 0;
	int n;

	progress_size(sd, sizeof(sd), (double)done);
	progress_size(sr, sizeof(sr), bps);
	progress_hms(spent, sizeof(spent), ms / 1000);
	if (total > 0) {
		progress_size(st, sizeof(st), (double)total);
		if (done >= total || bps > 0)
			progress_hms(left, sizeof(left), done >= total ? 0 :
			    (long long)((double)(total - done) / bps));
		else
			(void)snprintf(left, sizeof(left), "--:--:--");
		n = snprintf(b, PROGRESS_LINE, "\r%3d%% %10s of %-10s %10s/s  "
		    "%s spent  %s left %s", (int)((done < total ? done :
		    total) * 100 / total), sd, st, sr, spent, left,
		    final ? "\n" : "");
	} else
		n = snprintf(b, PROGRESS_LINE, "\r%10s %10s/s  %s spent %s",
		    sd, sr, spent, final ? "\n" : "");
	return n > 0 && n < PROGRESS_LINE ? (size_t)n : 0;
}

#define HASH64	"################################################################"

size_t
progress_bar(char *b, uint64_t done, uint64_t total, int final)
{
	static const char hash[] = HASH64 HASH64 HASH64 HASH64;
	const char *c = getenv("COLUMNS");
	char *end;
	struct winsize ws;
	long w = c != NULL ? strtol(c, &end, 10) : 0;
	double f;

	if (total == 0)
		return 0;
	if (c == NULL || *end != '\0' || w <= 20 || w >= 10000)
		w = ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 &&
		    ws.ws_col > 20 ? ws.ws_col : 79;
	w = (w > 256 ? 256 : w) - 7;
	f = done < total ? (double)done / (double)total : 1;
	return (size_t)snprintf(b, PROGRESS_BAR, "\r%-*.*s %5.1f%%%s",
	    (int)w, (int)((double)w * f), hash, f * 100, final ? "\n" : "");
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
