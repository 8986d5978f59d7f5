/*
 * msg.c: the one home of diagnostics.  Every message starts with the
 * command ("sockt connect: ") so a script's log says who spoke; -x's
 * hex dump lines are the exception, bytes shown as they pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "net/io.h"
#include "util/base.h"
#include "util/hex.h"
#include "util/sig.h"

/* one diagnostic line: PIPE_BUF, what one write to a pipe keeps whole */
#ifdef PIPE_BUF
#define MSG_LINELEN	PIPE_BUF
#else
#define MSG_LINELEN	512
#endif

static char prefix[64] = "sockt";
static int muted;	/* msg_mute: warnings and errors dropped */

/*
 * One line to stderr, whole (n <= PIPE_BUF).  A loop that keeps its stop
 * signals blocked but in its wait (a server) may block here, on a stderr
 * nobody reads, with them pending for ever: they are let in while the
 * write waits, so the handler runs (and a stop's grace starts,
 * util/sig.c) and the write ends; once the process is stopping, a line
 * stderr cannot take within 100 ms is dropped rather than waited for,
 * and so is every line after one was.
 */
static void
line_write(const char *line, size_t n)
{
	static int stuck;
	struct pollfd pfd;
	sigset_t stops, old;

	if (sig_stopping()) {
		/* the first line waits 100 ms for room, the rest not at all
		 * once one found none: a stop's many lines (each child's
		 * end) must not add up */
		pfd.fd = STDERR_FILENO;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, stuck ? 0 : 100) != 1) {
			stuck = 1;
			return;
		}
	}
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	(void)sigprocmask(SIG_UNBLOCK, &stops, &old);
	while (write(STDERR_FILENO, line, n) == -1 && errno == EINTR &&
	    !sig_stopping())
		;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
}

void
msg_init(const char *cmd)
{
	if (cmd == NULL || *cmd == '\0')
		snprintf(prefix, sizeof(prefix), "sockt");
	else
		snprintf(prefix, sizeof(prefix), "sockt %s", cmd);
}

/*
 * Format the whole line, then write it with one write(2): a server and its
 * children share one stderr, and lines written by stdio in pieces would
 * mix mid-line.  A line up to PIPE_BUF bytes is atomic on a pipe; a longer
 * one is cut, keeping its newline.
 */
static void
vmsg(int with_errno, const char *fmt, va_list ap)
{
	char line[MSG_LINELEN];
	size_t n = 0;
	int k, save_errno = errno;

	if (muted)
		return;
	k = snprintf(line, sizeof(line), "%s: ", prefix);
	n = k < 0 ? 0 : (size_t)k;
	if (n < sizeof(line)) {
		k = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
		n += k < 0 ? 0 : (size_t)k;
	}
	if (with_errno && n < sizeof(line)) {
		k = snprintf(line + n, sizeof(line) - n, ": %s",
		    strerror(save_errno));
		n += k < 0 ? 0 : (size_t)k;
	}
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* stdio may hold part of an earlier message: keep the order */
	(void)fflush(stderr);
	line_write(line, n);
	errno = save_errno;
}

/*
 * A line from a signal handler: the prefix and the NULL-ended strings,
 * copied by hand (no stdio) and written at once.
 */
void
msg_signal_line(const char *s, ...)
{
	char line[MSG_LINELEN];
	const char *p;
	size_t n = 0;
	va_list ap;
	int save_errno = errno;

	if (muted)
		return;
	for (p = prefix; *p != '\0' && n < sizeof(line) - 3; p++)
		line[n++] = *p;
	line[n++] = ':';
	line[n++] = ' ';
	va_start(ap, s);
	for (p = s; p != NULL; p = va_arg(ap, const char *))
		while (*p != '\0' && n < sizeof(line) - 1)
			line[n++] = *p++;
	va_end(ap);
	line[n++] = '\n';
	(void)write(STDERR_FILENO, line, n);
	errno = save_errno;
}

void
msg_mute(int on)
{
	muted = on;
}

void
msg_dump(char tag, unsigned long long off, const unsigned char *p, size_t n,
    void *arg)
{
	char line[HEX_LINELEN];
	size_t i;

	(void)arg;
	for (i = 0; i < n; i += 16)
		(void)io_write_all(STDERR_FILENO, line, hex_dump_line(line, tag,
		    off + i, p + i, n - i < 16 ? n - i : 16));
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(1, fmt, ap);
	va_end(ap);
}

void
msg_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

/*
 * Print "sockt CMD: message" and where the rest is, as curl and git do;
 * return the usage status.  No synopsis: twenty lines of it under a
 * mistyped value push the one line that matters off a small terminal
 * (help, -h and --help print it).  The command's name comes from the
 * synopsis ("usage: sockt CMD ...").
 */
void
msg_vusage(const char *usage, const char *fmt, va_list ap)
{
	size_t n = 0;
	int was = muted;

	/* a usage error is said even under -s, as curl says it */
	muted = 0;
	if (fmt != NULL)
		vmsg(0, fmt, ap);
	if (strncmp(usage, "usage: sockt ", 13) == 0)
		n = strcspn(usage + 13, " \n");
	msg_try(n > 0 ? usage + 13 : NULL, n);
	muted = was;
}

int
msg_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vusage(usage, fmt, ap);
	va_end(ap);
	return -1;
}

/* "sockt CMD: try 'sockt help CMD' for more information" (cmd[0..n)) */
void
msg_try(const char *cmd, size_t n)
{
	if (cmd == NULL)
		msg_warnx("try 'sockt --help' for more information");
	else
		msg_warnx("try 'sockt help %.*s' for more information", (int)n,
		    cmd);
}

/*
 * What stdout carries is text for a person (help, version, a completion
 * script), not data: a reader that stops early, as "| head -1" does, has
 * all it wanted, and main ends such a run with its own status, silently.
 * Data commands keep the rule that a lost byte of output is a failure.
 */
static int text_only;

int
msg_stderr_to(const char *path)
{
	int fd, e;

	(void)fflush(stderr);
	if (strcmp(path, "-") == 0)
		return dup2(STDOUT_FILENO, STDERR_FILENO) == -1 ? -1 : 0;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1)
		return -1;
	if (fd == STDERR_FILENO)
		return 0;
	if (dup2(fd, STDERR_FILENO) == -1) {
		e = errno;
		(void)close(fd);
		errno = e;
		return -1;
	}
	(void)close(fd);
	return 0;
}

void
msg_stdout_text(void)
{
	text_only = 1;
}

int
msg_stdout_is_text(void)
{
	return text_only;
}
