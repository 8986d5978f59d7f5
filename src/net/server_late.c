/*
 * server_late.c: with proxy_hdr (server.h), a connection's peer known
 * only once its child has read the PROXY header: the child's side, which
 * screens the peer and tells the server (server_late_admit).  The server
 * counts it for max_per_peer, answers and says the events (server.c's
 * server_late_take).  The line between them is a socketpair the server
 * makes with each child; one record goes up it, one byte down when the
 * server must answer.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net/server.h"
#include "net/server_int.h"

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

int
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
	peer_key_set(&rec.key, (struct sockaddr *)&c->peer);
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

