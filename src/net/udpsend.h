/*
 * net/udpsend.h: udp-send's exchange on a connected UDP socket: one
 * datagram sent, then its replies within a wait, each handed to the
 * command through a callback, which prints it.  Like all of the core
 * it neither says nor exits.
 */
#ifndef UDPSEND_H
#define UDPSEND_H

#include <stddef.h>

#define UDPSEND_MAX4	65507	/* 65535 - 20 (IPv4 header) - 8 (UDP) */
#define UDPSEND_MAX6	65527	/* 65535 - 8: the payload length field */
#define UDPSEND_BUFSZ	65536	/* a reply: any datagram fits */

enum { UDPSEND_SEND = 1, UDPSEND_POLL, UDPSEND_RECV, UDPSEND_STOP };

struct conn;

int	udpsend_send(struct conn *c, const char *msg, size_t len);
int	udpsend_replies(struct conn *c, int ctl, int wait_ms, char *buf,
	    int (*reply)(const char *b, size_t n, void *arg), void *arg,
	    int *step);
size_t	udpsend_max(const char *label);

#endif /* UDPSEND_H */
