/*
 * pty.h: a program on a pseudo-terminal of its own (listen and connect
 * --pty, through exec.c), and what a relay needs to know of one.
 *
 * Core: never prints, never exits; failures return -1 with errno.
 *
 * pty_spawn opens a new pseudo-terminal (posix_openpt, grantpt,
 * unlockpt, ptsname) and starts argv[0] (looked up in PATH with path
 * set) as the leader of a new session (setsid) whose controlling
 * terminal is the slave (TIOCSCTTY), with its stdin, stdout and stderr
 * there and no other descriptor, default signal dispositions, an empty
 * mask, envp as its environment.  The line discipline keeps its
 * defaults (canonical input, echo, CR LF out): raw mode is the program's
 * business.  The window is PTY_ROWS by PTY_COLS until the program says
 * otherwise (stty rows N cols M).  Returns the pid with *master the
 * master's descriptor (close-on-exec, blocking), or -1 with errno, an
 * exec failure included.
 *
 * pty_eof_chars: what a client's end of file becomes on the terminal
 * fd (the master: it shares the slave's settings): the terminal's EOF
 * character (VEOF, usually ^D), twice when the line typed so far is
 * unfinished (midline), as the first only hands that line over.  Into
 * buf; returns how many bytes, 0 for none (VEOF disabled, or no
 * terminal).
 */
#ifndef PTY_H
#define PTY_H

#include <sys/types.h>

#include <stddef.h>

#define PTY_ROWS	24
#define PTY_COLS	80

pid_t	pty_spawn(char *const argv[], char *const envp[], int path,
	    int *master);
size_t	pty_eof_chars(int fd, int midline, char buf[2]);

#endif /* PTY_H */
