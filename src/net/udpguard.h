/*
 * net/udpguard.h: what udp-serve's --echo and --hello never answer, so
 * that no datagram, forged or not, can start a loop between two services
 * that answer every datagram (CVE-2024-2169's "loop DoS": one datagram
 * to an echo forged as coming from another echo, and the two answer each
 * other for ever); and how much they send to one address.
 *
 * Layer: core, used by net/udpserve.c.
 *
 * udpguard_new makes a guard for the listening socket fd (its own
 * address and port read there) that lets rate replies a second go to one
 * address (0: no limit), or NULL with errno.  udpguard_check takes the
 * datagram, or run of datagrams, e of one source before its replies go
 * (hello: the replies are greetings, else echoes) and says how many of
 * them, from the first, may be answered at now (mono_ms): all of them,
 * or fewer with *why the reason.  Never answered:
 *  - a source port below 1024, or a service's that answers whatever
 *    comes (udpguard_port_bad): a client's port is none of those;
 *  - the listener's own address and port (a wildcard listener: any of
 *    this host's addresses with its port): the reply would come back;
 *  - with --echo, the reply it last sent that source back again, when
 *    it comes within UDPGUARD_LOOP_MS of that reply for the
 *    UDPGUARD_REPEATS + 1st time running: another echo, or ourselves;
 *    a client that sends a datagram again after a lost reply, or now
 *    and then, is answered;
 *  - with --hello, a greeting itself ("Hello, ...!"): another greeter's;
 *  - past the rate: a token bucket per source address, holding a
 *    second's worth (a burst of rate), refilled at rate a second, so
 *    that a loop the rules above miss dies within its burst.  A
 *    loopback source is exempt: it is this host, a load test's, and the
 *    kernel drops a packet from outside that claims such a source.
 * The sources are remembered in a table of UDPGUARD_SOURCES (util/
 * sesstab.c's), the least recently seen making room for a new one, each
 * with its last reply's length and a hash of its ends, not its bytes.
 * udpguard_tally counts a drop of reason why at now: how many to tell
 * the user now (mono_tally's: at most once a second a reason), or 0.
 */
#ifndef UDPGUARD_H
#define UDPGUARD_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#define UDPGUARD_RATE		100	/* --reply-rate's default */
#define UDPGUARD_SOURCES	1024	/* sources remembered */
#define UDPGUARD_REPEATS	8	/* our reply back, answered so often */
#define UDPGUARD_LOOP_MS	1000	/* ... when back so soon after it */

struct dgram;
struct udpguard;

enum udpguard_why {
	UDPGUARD_PORT,		/* from a service's port, or port 0 */
	UDPGUARD_SELF,		/* from the listener's own address and port */
	UDPGUARD_LOOP,		/* our last reply back, again and again */
	UDPGUARD_HELLO,		/* a greeting, to --hello */
	UDPGUARD_RATE_OVER,	/* past the rate to its address */
	UDPGUARD_NWHY
};

struct udpguard *udpguard_new(int fd, int rate);
void	udpguard_free(struct udpguard *g);
size_t	udpguard_check(struct udpguard *g, const struct dgram *e, int hello,
	    long long now, enum udpguard_why *why);
long long udpguard_tally(struct udpguard *g, enum udpguard_why why,
	    long long now);
int	udpguard_port_bad(unsigned int port);

#endif /* UDPGUARD_H */
