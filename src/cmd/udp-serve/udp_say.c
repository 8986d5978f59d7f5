/*
 * cmd/udp-serve/udp_say.c: udp-serve's events in words (udp_say.h).
 */
#include <errno.h>
#include <stdio.h>

#include "cli/msg.h"
#include "cmd/udp-serve/udp_say.h"
#include "net/net.h"
#include "net/udpdtls.h"
#include "net/udpfwd.h"
#include "net/udpguard.h"
#include "net/udpserve.h"

/* Why udp-serve left a datagram unanswered (enum udpguard_why). */
static const char *const udp_why[UDPGUARD_NWHY] = {
	"from a service's port (a reply could start a loop)",
	"from this server's own address and port",
	"our own reply back again and again (a loop)",
	"a greeting itself (a loop)",
	"over --reply-rate to its address"
};

/*
 * What a line said at most once a second adds: how many it stands for.
 * The buffer is static: one call a line.
 */
static const char *
udp_since(long long n)
{
	static char buf[64];

	if (n <= 1)
		return "";
	snprintf(buf, sizeof(buf), " (%lld such since the last line)", n);
	return buf;
}

/* Say a datagram's event (-v). */
void
udp_say_serve(const struct udpserve_event *ev, void *arg)
{
	(void)arg;
	switch (ev->kind) {
	case UDPSERVE_EV_DATAGRAM:
		msg_warnx("datagram from %s, %zu bytes", ev->peer, ev->len);
		break;
	case UDPSERVE_EV_REFUSED:
		msg_warnx("datagram from %s refused by the access list",
		    ev->peer);
		break;
	case UDPSERVE_EV_REPLY:
		errno = ev->error;
		msg_warn("reply to %s", ev->peer);
		break;
	case UDPSERVE_EV_DROPPED:
		msg_warnx("datagram from %s not answered: %s%s", ev->peer,
		    udp_why[ev->why], udp_since(ev->n));
		break;
	}
}

/*
 * udp-serve -m, max sessions of per descriptors each, lowered to what
 * the limit of open files lets in, said with verbose: the -m to use.
 */
int
udp_say_fit(int max, int per, int verbose)
{
	long long limit;
	int fit = udpserve_fd_room(max, per, &limit);

	if (fit < max && verbose)
		msg_warnx("-m %d lowered to %d: %lld open files allowed "
		    "(RLIMIT_NOFILE), %d a session, %d kept for the rest", max,
		    fit, limit, per, UDPSERVE_FD_SPARE);
	return fit < max ? fit : max;
}

/* Say a forwarder's event. */
void
udp_say_fwd(const struct udpfwd_event *ev, void *arg)
{
	const struct udp_say *uf = arg;
	char label[NET_LABELLEN];

	switch (ev->kind) {
	case UDPFWD_EV_READY:
		/* only now: a test that reads this line may signal at once */
		if (uf->verbose && net_local_label(uf->fd, label,
		    sizeof(label)) == 0) {
			msg_warnx("listening on %s", label);
			msg_warnx("forwarding to %s", uf->target);
		}
		break;
	case UDPFWD_EV_OPEN:
		msg_warnx("session for %s opened", ev->peer);
		break;
	case UDPFWD_EV_IDLE:
		msg_warnx("session for %s closed: idle", ev->peer);
		break;
	case UDPFWD_EV_EVICT:
		msg_warnx("session for %s closed: the idlest of %d, for a new "
		    "client", ev->peer, ev->n);
		break;
	case UDPFWD_EV_DENIED:
		msg_warnx("datagram from %s refused by the access list",
		    ev->peer);
		break;
	case UDPFWD_EV_FULL:
		msg_warnx("datagram from %s refused: %d sessions from this "
		    "address already", ev->peer, ev->n);
		break;
	case UDPFWD_EV_REFUSED:
		errno = ev->error;
		msg_warn("session for %s: %s", ev->peer, uf->target);
		break;
	case UDPFWD_EV_NOSESSION:
		errno = ev->error;
		msg_warn("session for %s%s", ev->peer, udp_since(ev->n));
		break;
	case UDPFWD_EV_SEND:
		errno = ev->error;
		msg_warn("datagram of %s lost%s", ev->peer, udp_since(ev->n));
		break;
	case UDPFWD_EV_LOOP:
		msg_warnx("datagram from %s dropped: the target's own address "
		    "and port (a loop)%s", ev->peer, udp_since(ev->n));
		break;
	}
}

/* Say a DTLS session's event. */
void
udp_say_dtls(const struct udpdtls_event *ev, void *arg)
{
	const struct udp_say *uf = arg;
	char label[NET_LABELLEN];

	switch (ev->kind) {
	case UDPDTLS_EV_READY:
		if (uf->verbose && net_local_label(uf->fd, label,
		    sizeof(label)) == 0)
			msg_warnx("listening on %s", label);
		if (uf->verbose && uf->target[0] != '\0')
			msg_warnx("forwarding to %s", uf->target);
		break;
	case UDPDTLS_EV_OPEN:
		msg_warnx("session for %s opened: %s", ev->peer, ev->why);
		break;
	case UDPDTLS_EV_RECORD:
		msg_warnx("record from %s, %d bytes", ev->peer, ev->n);
		break;
	case UDPDTLS_EV_END:
		msg_warnx("session for %s closed by the peer", ev->peer);
		break;
	case UDPDTLS_EV_IDLE:
		msg_warnx("session for %s closed: idle", ev->peer);
		break;
	case UDPDTLS_EV_EVICT:
		msg_warnx("session for %s closed: the idlest of %d, for a new "
		    "client", ev->peer, ev->n);
		break;
	case UDPDTLS_EV_AGAIN:
		msg_warnx("session for %s closed: a new handshake from its "
		    "address and port", ev->peer);
		break;
	case UDPDTLS_EV_FAIL:
		msg_warnx("session for %s: %s", ev->peer, ev->why);
		break;
	case UDPDTLS_EV_DENIED:
		msg_warnx("handshake from %s refused by the access list",
		    ev->peer);
		break;
	case UDPDTLS_EV_NOSESSION:
		errno = ev->error;
		msg_warn("session for %s%s", ev->peer, udp_since(ev->n));
		break;
	}
}
