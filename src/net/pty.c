/*
 * pty.c: a program on a pseudo-terminal of its own, for --pty.  See
 * pty.h.  The calls are POSIX (posix_openpt, grantpt, unlockpt,
 * ptsname, setsid) but for TIOCSCTTY and TIOCSWINSZ, which Linux and
 * the BSDs share; on Linux opening the slave after setsid makes it the
 * controlling terminal already, and TIOCSCTTY agrees.
 */
#if defined(__linux__)
#define _GNU_SOURCE		/* TIOCSCTTY, struct winsize with -std=c99 */
#endif

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "net/pty.h"
#include "util/file.h"

extern char **environ;

/* a program's signals start as a shell's child's would, job control too */
static const int pty_dfl[] = { SIGPIPE, SIGCHLD, SIGINT, SIGQUIT, SIGTERM,
    SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU };

/*
 * In the forked child: the new session on the slave called name, then
 * the program.  Reports errno on errfd (close-on-exec: the parent reads
 * nothing once exec has run) and ends with 127 if anything fails.
 */
static void
pty_child(const char *name, int errfd, char *const argv[],
    char *const envp[], int path)
{
	struct winsize ws;
	sigset_t none;
	size_t i;
	int fd, e, keep[1];

	if (setsid() == -1 || (fd = open(name, O_RDWR)) == -1)
		goto fail;
#if defined(TIOCSCTTY)
	if (ioctl(fd, TIOCSCTTY, 0) == -1)
		goto fail;
#endif
	memset(&ws, 0, sizeof(ws));
	ws.ws_row = PTY_ROWS;
	ws.ws_col = PTY_COLS;
	(void)ioctl(fd, TIOCSWINSZ, &ws);
	for (i = 0; i < 3; i++)
		if (dup2(fd, (int)i) == -1)
			goto fail;
	if (fd > 2)
		close(fd);
	/* the master, the connection, whatever else: none of the program's */
	keep[0] = errfd;
	fd_close_others(keep, 1);
	for (i = 0; i < sizeof(pty_dfl) / sizeof(pty_dfl[0]); i++)
		(void)signal(pty_dfl[i], SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	environ = (char **)envp;
	if (path)
		(void)execvp(argv[0], argv);
	else
		(void)execv(argv[0], argv);
fail:
	e = errno;
	(void)write(errfd, &e, sizeof(e));
	_exit(127);
}

pid_t
pty_spawn(char *const argv[], char *const envp[], int path, int *master)
{
	char name[128];
	const char *pts;
	int m, ep[2], e, save_errno;
	ssize_t n;
	pid_t pid;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) == -1)
		return -1;
	if (fcntl(m, F_SETFD, FD_CLOEXEC) == -1 || grantpt(m) == -1 ||
	    unlockpt(m) == -1 || (pts = ptsname(m)) == NULL)
		goto fail;
	if (strlen(pts) >= sizeof(name)) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	memcpy(name, pts, strlen(pts) + 1);
	if (pipe(ep) == -1)
		goto fail;
	if (fcntl(ep[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(ep[1], F_SETFD, FD_CLOEXEC) == -1 ||
	    (pid = fork()) == -1) {
		save_errno = errno;
		close(ep[0]);
		close(ep[1]);
		errno = save_errno;
		goto fail;
	}
	if (pid == 0)
		pty_child(name, ep[1], argv, envp, path);
	close(ep[1]);
	/* exec closes the pipe: nothing to read is success */
	while ((n = read(ep[0], &e, sizeof(e))) == -1 && errno == EINTR)
		;
	close(ep[0]);
	if (n > 0) {
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		errno = n == (ssize_t)sizeof(e) ? e : EIO;
		goto fail;
	}
	*master = m;
	return pid;
fail:
	save_errno = errno;
	close(m);
	errno = save_errno;
	return -1;
}

size_t
pty_eof_chars(int fd, int midline, char buf[2])
{
	struct termios t;

	if (tcgetattr(fd, &t) == -1)
		return 0;
#if defined(_POSIX_VDISABLE)
	if (t.c_cc[VEOF] == _POSIX_VDISABLE)
		return 0;
#endif
	buf[0] = buf[1] = (char)t.c_cc[VEOF];
	return midline ? 2 : 1;
}
