/*
 * net/prefork.c: the children that wait on a server's listener for the
 * next connection (prefork.h), listen --serve-proxy's: the token pipe, the
 * server's wake-up, a child's wait and its loop.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "net/prefork.h"
#include "net/server.h"
#include "util/clock.h"

/*
 * Children wait for a connection while the token pipe lacks their
 * tokens: the server holds back while any does.
 */
static int
prefork_held(void *arg)
{
	const struct prefork *p = arg;
	int n;

	if (ioctl(p->tok[0], FIONREAD, &n) == -1)
		return 0;
	return n < PREFORK_TOKENS;
}

/*
 * A token given back.  The last waiter gone with connections still
 * pending, the server must take them: wake it (else it looks again
 * within SERVER_HOLD_MS), not for every connection.
 */
static void
prefork_give_back(const struct prefork *p, char tok)
{
	struct pollfd pfd;
	int n;

	(void)write(p->tok[1], &tok, 1);
	if (ioctl(p->tok[0], FIONREAD, &n) == -1 || n < PREFORK_TOKENS)
		return;
	pfd.fd = p->lfd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) != 0)
		(void)write(p->wake[1], &tok, 1);
}

void
prefork_open(struct prefork *p, int lfd, struct server_opts *so)
{
	static const char tokens[PREFORK_TOKENS] = { 0 };
	int i;

	p->on = 0;
	if (so->once || so->verbose || so->max_per_peer > 0 ||
	    server_share_on(so, lfd) || so->proxy_hdr)
		return;
	if ((p->lfd = dup(lfd)) == -1)
		return;
	if (pipe(p->tok) == -1) {
		close(p->lfd);
		return;
	}
	if (pipe(p->wake) == -1) {
		close(p->lfd);
		close(p->tok[0]);
		close(p->tok[1]);
		return;
	}
	for (i = 0; i < 2; i++) {
		(void)fcntl(p->tok[i], F_SETFD, FD_CLOEXEC);
		(void)fcntl(p->tok[i], F_SETFL, O_NONBLOCK);
		(void)fcntl(p->wake[i], F_SETFD, FD_CLOEXEC);
		(void)fcntl(p->wake[i], F_SETFL, O_NONBLOCK);
	}
	(void)fcntl(p->lfd, F_SETFD, FD_CLOEXEC);
	p->on = 1;
	if (write(p->tok[1], tokens, sizeof(tokens)) !=
	    (ssize_t)sizeof(tokens)) {
		prefork_close(p);
		return;
	}
	p->so = so;
	p->server = getpid();
	so->held = prefork_held;
	so->held_arg = p;
	so->hold_fd = p->wake[0];
}

void
prefork_close(struct prefork *p)
{
	if (!p->on)
		return;
	close(p->lfd);
	close(p->tok[0]);
	close(p->tok[1]);
	close(p->wake[0]);
	close(p->wake[1]);
	p->on = 0;
}

/*
 * A child of the pool: the next connection from the listener, screened
 * as the server screens them (--allow, --deny), within PREFORK_IDLE_MS.
 * Returns 1 with it in *c, else 0.  The server itself accepts on the
 * same listener, so another process often takes a connection first.
 */
static int
prefork_next(const struct prefork *p, int *epfd, struct server_conn *c)
{
	long long deadline = mono_ms() + PREFORK_IDLE_MS;
	int left, n;

	for (;;) {
		if ((left = (int)(deadline - mono_ms())) <= 0)
			return 0;
		if (server_wait_conn(p->lfd, epfd, left) == -1 &&
		    errno != EINTR)
			return 0;
		/* non-blocking (the server made the listener so) */
		if ((n = server_accept_one(p->lfd, p->so, 0, c)) == 1)
			return 1;
		/* another took it, or it failed: wait for the next one */
		if (n == -1 && (server_accept_failed(errno) ==
		    SERVER_ACCEPT_SHORT || server_accept_failed(errno) ==
		    SERVER_ACCEPT_FATAL))
			return 0;
	}
}

int
prefork_serve(struct prefork *p, struct server_conn *c,
    int (*serve)(struct server_conn *c, void *arg), void *arg)
{
	struct server_conn next;
	char tok;
	int rc, got, epfd = -1;

	rc = serve(c, arg);
	if (!p->on)
		return rc;
	/* a server gone (killed) would leave its listener to the pool */
	while (getppid() == p->server && read(p->tok[0], &tok, 1) == 1) {
		got = prefork_next(p, &epfd, &next);
		prefork_give_back(p, tok);
		if (!got)
			break;
		rc = serve(&next, arg);
	}
	if (epfd >= 0)
		close(epfd);
	return rc;
}
