/*
 * tmo.c: a command under a time limit, for tests/lib.sh's run, at the
 * cost of one exec and no process of its own.
 *
 * usage: tmo SECS CMD [ARG...]
 *	  tmo -w FIFO SHELLPID
 *
 * It arms the real-time interval timer for SECS seconds (a decimal
 * fraction allowed), puts SIGALRM back to its default action and
 * unblocked, and execs CMD in its own place: the timer outlives exec
 * (POSIX), so CMD is ended by SIGALRM (status 142) if it is still
 * running when SECS have passed.  coreutils' timeout does the same job
 * as a parent that forks CMD and waits: two processes and a dynamically
 * linked start more, some 8 ms of CPU a run on the test machine (a
 * paravirtualised VM, where every fork, exec and page fault is dear),
 * which the suite's ~12,000 runs paid in over a minute of CPU.
 *
 * What it does not do, and why that is enough for run: it does not end
 * CMD's children (timeout signals its process group), and a CMD that
 * sets its own alarm or catches SIGALRM outlives SECS.  A command that
 * hangs is a failed check either way, and the script's own watchdog
 * (tests/run) still bounds it.  sockt uses SIGALRM only after a stop
 * signal (util/sig.c), to end itself.
 *
 * 126 if CMD cannot be run, 127 if it is not found (as timeout), 125
 * for a usage error.
 *
 * With -w it is a script's one watchdog (lib.sh's watch): it makes FIFO,
 * opens it for reading and writing (a writer never blocks, and its end
 * never comes), prints the PID of a child it leaves behind and exits;
 * the child reads lines "SECS PID START" (START: the process's start
 * time, field 22 of /proc/PID/stat, or "-") and ends each PID still
 * started at START when its SECS have passed: TERM, then KILL 2 s
 * later.  One process a script instead of a subshell and a sleep for
 * every process it starts.  When SHELLPID (the script's shell) is gone,
 * it ends what it still watches and exits.  Built static where the compiler can (Makefile):
 * no loader, no libc start-up work of a shared library.
 */
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct watched {
	long long	 due;	/* ms, monotonic */
	pid_t		 pid;
	int		 killed;	/* TERM sent */
	char		 start[24];
};

static long long
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* pid's start time (field 22 of /proc/PID/stat) into buf, or "-" */
static void
start_of(pid_t pid, char *buf, size_t len)
{
	char path[64], st[1024], *p;
	ssize_t n;
	int fd, f;

	(void)snprintf(buf, len, "-");
	(void)snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY)) == -1)
		return;
	n = read(fd, st, sizeof(st) - 1);
	(void)close(fd);
	if (n <= 0)
		return;
	st[n] = '\0';
	if ((p = strrchr(st, ')')) == NULL)
		return;
	/* after ")": each space begins the next field, 3 (the state) first */
	for (f = 2, p++; *p != '\0' && f < 22; p++)
		if (*p == ' ' && p[1] != ' ')
			f++;
	(void)snprintf(buf, len, "%.*s", (int)strcspn(p, " \n"), p);
}

/* still the process that started at w->start ("-": no /proc, trust it) */
static int
same(const struct watched *w)
{
	char now[24];

	if (strcmp(w->start, "-") == 0)
		return kill(w->pid, 0) == 0;
	start_of(w->pid, now, sizeof(now));
	return strcmp(now, w->start) == 0;
}

static int
watchdog(const char *fifo, const char *shell)
{
	struct watched *w = NULL, *nw;
	size_t n = 0, cap = 0, i, have = 0;
	char buf[4096], sh_start[24], now_start[24], *nl, *e;
	struct pollfd pfd;
	long long t, next;
	pid_t shpid, child;
	int fd, gone = 0;

	shpid = (pid_t)strtol(shell, &e, 10);
	if (*e != '\0' || shpid <= 0)
		return 125;
	start_of(shpid, sh_start, sizeof(sh_start));
	if (mkfifo(fifo, 0600) == -1 || (fd = open(fifo, O_RDWR)) == -1) {
		fprintf(stderr, "tmo: %s: %s\n", fifo, strerror(errno));
		return 1;
	}
	if ((child = fork()) == -1)
		return 1;
	if (child > 0) {
		printf("%ld\n", (long)child);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	(void)close(STDOUT_FILENO);
	(void)signal(SIGPIPE, SIG_IGN);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!gone) {
		t = now_ms();
		next = t + 1000;
		for (i = 0; i < n; i++)
			if (w[i].due < next)
				next = w[i].due;
		if (poll(&pfd, 1, (int)(next > t ? next - t : 0)) == -1 &&
		    errno != EINTR)
			return 1;
		if (pfd.revents & POLLIN) {
			ssize_t r = read(fd, buf + have, sizeof(buf) - 1 - have);

			if (r > 0)
				have += (size_t)r;
			buf[have] = '\0';
			while ((nl = strchr(buf, '\n')) != NULL) {
				struct watched x;
				double secs;

				*nl = '\0';
				memset(&x, 0, sizeof(x));
				secs = strtod(buf, &e);
				x.pid = (pid_t)strtol(e, &e, 10);
				while (*e == ' ')
					e++;
				(void)snprintf(x.start, sizeof(x.start), "%s", e);
				x.due = now_ms() + (long long)(secs * 1000);
				if (x.pid > 0) {
					if (n == cap) {
						cap = cap ? cap * 2 : 64;
						if ((nw = realloc(w, cap *
						    sizeof(*w))) == NULL)
							return 1;
						w = nw;
					}
					w[n++] = x;
				}
				have -= (size_t)(nl + 1 - buf);
				memmove(buf, nl + 1, have + 1);
			}
			if (have == sizeof(buf) - 1)
				have = 0;	/* a line too long: dropped */
		}
		start_of(shpid, now_start, sizeof(now_start));
		gone = strcmp(sh_start, "-") == 0 ? kill(shpid, 0) == -1 :
		    strcmp(now_start, sh_start) != 0;
		t = now_ms();
		for (i = 0; i < n; i++) {
			if (!gone && w[i].due > t)
				continue;
			if (!same(&w[i]))
				w[i].pid = 0;
			else if (!w[i].killed) {
				(void)kill(w[i].pid, SIGTERM);
				w[i].killed = 1;
				w[i].due = t + 2000;
			} else {
				(void)kill(w[i].pid, SIGKILL);
				w[i].pid = 0;
			}
		}
		for (i = 0; i < n; )
			if (w[i].pid == 0)
				w[i] = w[--n];
			else
				i++;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct itimerval it;
	sigset_t set;
	char *end;
	double secs;

	if (argc == 4 && strcmp(argv[1], "-w") == 0)
		return watchdog(argv[2], argv[3]);
	if (argc < 3) {
		fputs("usage: tmo SECS CMD [ARG...]\n"
		    "       tmo -w FIFO SHELLPID\n", stderr);
		return 125;
	}
	errno = 0;
	secs = strtod(argv[1], &end);
	if (errno != 0 || end == argv[1] || *end != '\0' || secs <= 0 ||
	    secs > 86400) {
		fprintf(stderr, "tmo: bad time: %s\n", argv[1]);
		return 125;
	}
	if (signal(SIGALRM, SIG_DFL) == SIG_ERR)
		return 125;
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	if (sigprocmask(SIG_UNBLOCK, &set, NULL) == -1)
		return 125;
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)secs;
	it.it_value.tv_usec = (suseconds_t)((secs - (double)(time_t)secs) *
	    1e6);
	if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
		it.it_value.tv_usec = 1;
	if (setitimer(ITIMER_REAL, &it, NULL) == -1) {
		fprintf(stderr, "tmo: setitimer: %s\n", strerror(errno));
		return 125;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "tmo: %s: %s\n", argv[2], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
