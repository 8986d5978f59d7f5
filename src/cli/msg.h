/*
 * msg.h: diagnostics on stderr, prefixed "sockt CMD: ".  A command helper:
 * commands call it; the core and the parsers never do.
 * msg_warn appends ": strerror(errno)"; msg_usage prints the message and
 * "sockt CMD: try 'sockt help CMD' for more information" (CMD from the
 * synopsis, usage, which it does not print) and returns -1 (a
 * command's cmd_usage returns EXIT_USAGE instead); msg_vusage takes a
 * va_list.  msg_try prints that second line alone (cmd NULL: "try
 * 'sockt --help'").  msg_stdout_text marks this run's stdout as text
 * for a person (help, version, completion), where a reader that goes
 * away early is a normal end (main's stdout_done reads the mark).
 * msg_mute(1) drops every later msg_warn and msg_warnx line (curl's -s
 * without -S: errors too are silent), never a usage error's.
 */
#ifndef MSG_H
#define MSG_H

#include <stdarg.h>
#include <stddef.h>

void	msg_init(const char *cmd);
void	msg_mute(int on);
/*
 * msg_signal_line: "sockt CMD: " and the strings up to a NULL, one
 * line, async-signal-safe (what a signal handler may say).
 */
void	msg_signal_line(const char *s, ...);
void	msg_warn(const char *fmt, ...);
void	msg_warnx(const char *fmt, ...);
int	msg_usage(const char *usage, const char *fmt, ...);
void	msg_vusage(const char *usage, const char *fmt, va_list ap);
void	msg_try(const char *cmd, size_t n);
void	msg_stdout_text(void);
/*
 * msg_stderr_to: what goes to stderr from now on (the messages, -v, the
 * progress line) goes to the file path, made or emptied, or with "-" to
 * stdout (curl's --stderr).  0, or -1 with errno, stderr as it was.
 */
int	msg_stderr_to(const char *path);
/*
 * msg_dump: the -x sink (relay_opts' dump): p[0..n), at offset off of
 * the direction tag ('>' sent, '<' received), as hex dump lines on
 * stderr, one write each, so lines from several processes never mix.
 * The relay only hands over the bytes; saying them is the command's.
 */
void	msg_dump(char tag, unsigned long long off, const unsigned char *p,
	    size_t n, void *arg);
int	msg_stdout_is_text(void);

#endif /* MSG_H */
