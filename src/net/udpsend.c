/*
 * net/udpsend.c: udp-send's exchange on a connected UDP socket
 * (net/udpsend.h): the kernel filters replies to the one peer and
 * reports an ICMP port-unreachable as ECONNREFUSED.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <string.h>

#include "net/conn.h"
#include "net/udpsend.h"

/* Send one datagram.  Returns 0, or -1 with errno. */
int
udpsend_send(struct conn *c, const char *msg, size_t len)
{
	ssize_t r;

	while ((r = conn_write(c, msg, len)) == -1 && errno == EINTR)
		;
	return r == -1 ? -1 : 0;
}

/*
 * Wait up to wait_ms for the first reply, then take it and any others
 * already queued (through c's layers: udp-send --proxy's SOCKS5 header;
 * ctl, the proxy's control connection or -1, polled too, its end told
 * by the read) into buf (UDPSEND_BUFSZ bytes), each handed to reply,
 * which returns -1 to stop.  Returns how many came, or -1 with *step
 * saying where: UDPSEND_POLL or UDPSEND_RECV with errno, UDPSEND_STOP
 * when reply stopped.
 */
int
udpsend_replies(struct conn *c, int ctl, int wait_ms, char *buf,
    int (*reply)(const char *b, size_t n, void *arg), void *arg, int *step)
{
	struct pollfd pfd[2];
	ssize_t r;
	int rc, n = 0;

	for (;;) {
		pfd[0].fd = c->fd;
		pfd[1].fd = ctl;
		pfd[0].events = pfd[1].events = POLLIN;
		rc = poll(pfd, 2, n > 0 ? 0 : wait_ms);
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			*step = UDPSEND_POLL;
			return -1;
		}
		if (rc == 0)
			return n;
		if ((r = conn_read(c, buf, UDPSEND_BUFSZ)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			*step = UDPSEND_RECV;
			return -1;
		}
		n++;
		if (reply(buf, (size_t)r, arg) == -1) {
			*step = UDPSEND_STOP;
			return -1;
		}
	}
}

/*
 * The largest datagram to the peer of label (net_peer_label's, which
 * shows IPv4-mapped peers as IPv4: no colon), NULL when it has none.
 */
size_t
udpsend_max(const char *label)
{
	return label != NULL && strchr(label, ':') != NULL ? UDPSEND_MAX6 :
	    UDPSEND_MAX4;
}
