/*
 * cmd/udp-serve/udp_say.h: udp-serve's events in words: a datagram's (-v), the
 * forwarder's (net/udpfwd.c) and the DTLS sessions' (net/udpdtls.c), as
 * cmd/listen/listen_say.c says listen's; and -m lowered to what the limit of
 * open files lets in, said with -v (udp_say_fit).
 */
#ifndef UDP_SAY_H
#define UDP_SAY_H

#include "net/net.h"

struct udpdtls_event;
struct udpfwd_event;
struct udpserve_event;

/* What the forwarder's and the DTLS sessions' events need to be said:
 * the arg of udp_say_fwd and udp_say_dtls. */
struct udp_say {
	char		 target[NET_LABELLEN];	/* --to, or "" */
	int		 fd;		/* the listener */
	int		 verbose;
};

void	udp_say_serve(const struct udpserve_event *ev, void *arg);
void	udp_say_fwd(const struct udpfwd_event *ev, void *arg);
void	udp_say_dtls(const struct udpdtls_event *ev, void *arg);
int	udp_say_fit(int max, int per, int verbose);

#endif /* UDP_SAY_H */
