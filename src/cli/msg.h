/*
 * msg.h: diagnostics on stderr, prefixed "sockt CMD: ".  A command helper:
 * commands call it; the core and the parsers never do.
 * msg_warn appends ": strerror(errno)"; msg_usage prints the message, the
 * synopsis (usage) and "Try 'sockt help CMD' for more information." and
 * returns EXIT_USAGE; msg_help prints the synopsis and the option help
 * (help, or NULL) on stdout and returns EXIT_OK.
 */
#ifndef MSG_H
#define MSG_H

void	msg_init(const char *cmd);
void	msg_warn(const char *fmt, ...);
void	msg_warnx(const char *fmt, ...);
int	msg_usage(const char *usage, const char *fmt, ...);
int	msg_help(const char *usage, const char *help);

#endif /* MSG_H */
