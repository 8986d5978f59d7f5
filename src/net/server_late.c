/*
 * server_late.c: with proxy_hdr (server.h), a connection's peer known
 * only once the PROXY header is read where the connection is served:
 * the header read within its time limit and applied, what it said told
 * through the event callback (server_late_header); then the child's
 * side, which screens the peer and tells the server (server_late_admit).
 * The server counts it for max_per_peer, answers and says the events
 * (server_loop.c's server_late_take).  The line between them is a
 * socketpair the server makes with each child; one record goes up it,
 * one byte down when the server must answer.  And the one connection
 * that a command serves in its own process (server_accept_wait), its
 * header read the same way.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net/proxyhdr_io.h"
#include "net/server.h"
#include "net/server_int.h"
#include "parse/proxyhdr.h"
#include "util/base.h"
#include "util/clock.h"

/*
 * Returns 1 for an open connection the server lets in (yes), else 0
 * with c closed as the accept closes a refused one: a peer the lists
 * refuse quietly, one over its limit with a reset, and so one without
 * a valid header, whose sender should see that it failed.
 */
static int
late_close(struct server_conn *c, int kind, int yes)
{
	if (kind == LATE_OPEN && yes)
		return 1;
	if (kind == LATE_DENIED)
		close(c->fd);
	else
		server_reset(c->fd);
	c->fd = -1;
	return 0;
}

/*
 * Once the header is read and applied to c (ok), or not (ok 0): in a
 * child the server told (c->late_fd), which counts c's peer and may
 * answer; c's peer screened.  Returns 1 to serve c, else 0 with c
 * closed.
 */
static int
server_late_admit(struct server_conn *c, const struct server_opts *so,
    int ok)
{
	struct late_rec rec;
	ssize_t n;
	char yes = 1;

	memset(&rec, 0, sizeof(rec));
	rec.kind = !ok ? LATE_BAD : server_peer_allowed(so,
	    (struct sockaddr *)&c->peer) ? LATE_OPEN : LATE_DENIED;
	if (c->late_fd == -1) {
		/* one connection in this process: no server to tell */
		if (rec.kind == LATE_DENIED && so->verbose)
			server_emit(so, SERVER_EV_DENIED, c->label, 0, 0);
		return late_close(c, rec.kind, 1);
	}
	server_peer_key(so, (struct sockaddr *)&c->peer, &rec.key);
	memcpy(rec.label, c->label, sizeof(rec.label));
	while ((n = write(c->late_fd, &rec, sizeof(rec))) == -1 &&
	    errno == EINTR)
		continue;
	if (n == (ssize_t)sizeof(rec) && rec.kind == LATE_OPEN &&
	    so->max_per_peer > 0) {
		while ((n = read(c->late_fd, &yes, 1)) == -1 && errno == EINTR)
			continue;
		if (n != 1)
			yes = 0;
	}
	close(c->late_fd);
	c->late_fd = -1;
	return late_close(c, rec.kind, n > 0 && yes == 1);
}


/*
 * c's PROXY header within ms, applied to c (proxyhdr_apply), then the
 * peer it names screened (server_late_admit).  What the header said is
 * told with verbose (SERVER_EV_HEADER, in the words of the connection
 * that brought it), a header missing or malformed always
 * (SERVER_EV_NOHEADER).  Returns 1 to serve c, else 0 with c closed.
 */
int
server_late_header(struct server_conn *c, const struct server_opts *so,
    int ms)
{
	struct server_event ev;
	struct proxyhdr h;
	char why[SK_ERRLEN], real[SERVER_LABELLEN];
	int ok;

	memcpy(real, c->label, sizeof(real));
	memset(&ev, 0, sizeof(ev));
	ev.peer = real;
	if ((ok = proxyhdr_read(c->fd, ms, &h, why) == 0)) {
		proxyhdr_apply(&h, c);
		ev.kind = SERVER_EV_HEADER;
		ev.hdr = &h;
		ev.client = c->label;
	} else {
		ev.kind = SERVER_EV_NOHEADER;
		ev.why = why;
	}
	if (so->event != NULL && (!ok || so->verbose))
		so->event(&ev, so->arg);
	return server_late_admit(c, so, ok);
}

int
server_accept_wait(int lfd, const struct server_opts *so, int ms,
    struct server_conn *c)
{
	long long deadline = ms > 0 ? mono_ms() + ms : -1;
	int left, rc;

	for (;;) {
		left = 0;
		if (deadline != -1 &&
		    (left = (int)(deadline - mono_ms())) <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		/*
		 * a refused peer (0) never reaches the caller, nor one whose
		 * PROXY header fails, which ms bounds too: its header within
		 * proxy_ms, and within what is left
		 */
		if ((rc = server_accept_one(lfd, so, left, c)) == 1 &&
		    (!so->proxy_hdr || server_late_header(c, so, left > 0 &&
		    left < so->proxy_ms ? left : so->proxy_ms) == 1))
			return 0;
		if (rc == -1 && errno != EINTR)
			return -1;
	}
}
