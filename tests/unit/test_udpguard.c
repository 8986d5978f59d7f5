/*
 * test_udpguard.c: what udp-serve --echo and --hello never answer
 * (net/udpguard.c), driven with made-up datagrams and times: a service's
 * port, the listener's own address and port, an echo's reply back a
 * ninth time running within a second (and answered again after one), a
 * greeting; --reply-rate's burst, its refill, a run cut to the tokens,
 * loopback exempt, 0 for none.  A UDP socket on 127.0.0.1 stands for the
 * listener; nothing is sent.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net/dgram.h"
#include "net/net.h"
#include "net/udpguard.h"
#include "tap.h"
#include "util/base.h"

static char buf[DGRAM_BUFSZ];
static struct dgram d;

/* A datagram of text from addr port, or a run of n of it (n > 1). */
static const struct dgram *
from(const char *addr, int port, const char *text, int n)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&d.addr;
	size_t len = strlen(text);
	int i;

	memset(&d.addr, 0, sizeof(d.addr));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short)port);
	(void)inet_pton(AF_INET, addr, &sin->sin_addr);
	d.alen = sizeof(*sin);
	d.buf = buf;
	for (i = 0; i < n; i++)
		memcpy(buf + (size_t)i * len, text, len);
	d.len = (size_t)n * len;
	d.seg = n > 1 ? len : 0;
	d.off = 0;
	return &d;
}

/* The listener: a UDP socket on 127.0.0.1, its port in *port. */
static int
listener(int *port)
{
	struct net_opts no;
	char err[SK_ERRLEN], host[64];
	int fd;

	net_opts_init(&no);
	no.socktype = SOCK_DGRAM;
	if ((fd = net_listen("127.0.0.1", "0", &no, 0, err)) == -1 ||
	    net_local_str(fd, host, sizeof(host), port) == -1)
		return -1;
	return fd;
}

static void
test_ports(struct udpguard *g, int self)
{
	enum udpguard_why why = UDPGUARD_NWHY;
	static const unsigned int bad[] = { 0, 7, 13, 19, 53, 123, 161, 1023,
	    1900, 2049, 5353 };
	size_t i;
	int all = 1;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		all &= udpguard_port_bad(bad[i]);
	ok(all, "ports 0, 7 ... 1023, 1900, 2049, 5353: a service's");
	ok(!udpguard_port_bad(1024) && !udpguard_port_bad(20000) &&
	    !udpguard_port_bad(65535), "1024, 20000, 65535: a client's");
	is_int((long long)udpguard_check(g, from("192.0.2.1", 19, "x", 1), 0,
	    1000, &why), 0, "from port 19: not answered");
	is_int(why, UDPGUARD_PORT, "... a service's port");
	is_int((long long)udpguard_check(g, from("127.0.0.1", self, "x", 1),
	    0, 1000, &why), 0, "from its own address and port: not answered");
	is_int(why, UDPGUARD_SELF, "... itself");
	is_int((long long)udpguard_check(g, from("127.0.0.2", self, "x", 1),
	    0, 1000, &why), 1, "its port at another address: answered");
}

static void
test_loop(struct udpguard *g)
{
	enum udpguard_why why = UDPGUARD_NWHY;
	long long t = 5000;
	int k, answered = 0;

	/* the first, then eight times back at once: all answered */
	for (k = 0; k < 9; k++)
		answered += (int)udpguard_check(g, from("127.0.0.1", 40000,
		    "ping", 1), 0, t++, &why);
	is_int(answered, 9, "our echo back 8 times running: answered");
	is_int((long long)udpguard_check(g, from("127.0.0.1", 40000, "ping",
	    1), 0, t, &why), 0, "... a ninth time: not answered");
	is_int(why, UDPGUARD_LOOP, "... a loop");
	is_int((long long)udpguard_check(g, from("127.0.0.1", 40000, "ping",
	    1), 0, t + 1, &why), 0, "... nor a tenth");
	is_int((long long)udpguard_check(g, from("127.0.0.1", 40000, "ping",
	    1), 0, t + 1200, &why), 1,
	    "... over a second after the last reply: answered (a retry)");
	is_int((long long)udpguard_check(g, from("127.0.0.1", 40001, "ping",
	    1), 0, t + 1201, &why), 1, "another port, the same datagram: "
	    "answered");
	answered = 0;
	for (k = 0; k < 20; k++)
		answered += (int)udpguard_check(g, from("127.0.0.1", 40002,
		    k % 2 ? "a" : "b", 1), 0, t + k, &why);
	is_int(answered, 20, "two datagrams in turn: all answered");
	is_int((long long)udpguard_check(g, from("127.0.0.1", 40003,
	    "Hello, bob!\n", 1), 1, t, &why), 0,
	    "--hello: a greeting not answered");
	is_int(why, UDPGUARD_HELLO, "... a greeting");
	is_int((long long)udpguard_check(g, from("127.0.0.1", 40003,
	    "Hello, bob!\n", 1), 0, t, &why), 1,
	    "--echo: a greeting echoed");
}

static void
test_rate(struct udpguard *g)
{
	enum udpguard_why why = UDPGUARD_NWHY;
	char text[16];
	long long t = 10000;
	int k, answered = 0;

	for (k = 0; k < 15; k++) {
		snprintf(text, sizeof(text), "%d", k);
		answered += (int)udpguard_check(g, from("192.0.2.1", 40000,
		    text, 1), 0, t, &why);
	}
	is_int(answered, 10, "--reply-rate 10: a burst of 10");
	is_int(why, UDPGUARD_RATE_OVER, "... the rest over the rate");
	is_int((long long)udpguard_check(g, from("192.0.2.1", 40001, "y", 1),
	    0, t + 99, &why), 0, "another port of the address: one bucket");
	is_int((long long)udpguard_check(g, from("192.0.2.1", 40000, "z", 1),
	    0, t + 100, &why), 1, "a tenth of a second later: one more");
	is_int((long long)udpguard_check(g, from("192.0.2.1", 40000, "r", 4),
	    0, t + 400, &why), 3, "a run of 4 with 3 tokens: 3 answered");
	is_int(why, UDPGUARD_RATE_OVER, "... the fourth over the rate");
	is_int((long long)udpguard_check(g, from("192.0.2.1", 40000, "w", 1),
	    0, t + 60000, &why), 1, "a minute later: answered");
	answered = 0;
	for (k = 0; k < 50; k++) {
		snprintf(text, sizeof(text), "%d", k);
		answered += (int)udpguard_check(g, from("127.0.0.1", 41000,
		    text, 1), 0, t, &why);
	}
	is_int(answered, 50, "loopback: no rate");
}

int
main(void)
{
	struct udpguard *g;
	enum udpguard_why why;
	char text[16];
	int fd, port, k, answered = 0;

	if ((fd = listener(&port)) == -1 ||
	    (g = udpguard_new(fd, 10)) == NULL) {
		ok(0, "a listener and its guard");
		return tap_done();
	}
	test_ports(g, port);
	test_loop(g);
	test_rate(g);
	udpguard_free(g);
	if ((g = udpguard_new(fd, 0)) == NULL)
		return tap_done();
	for (k = 0; k < 50; k++) {
		snprintf(text, sizeof(text), "%d", k);
		answered += (int)udpguard_check(g, from("192.0.2.1", 40000,
		    text, 1), 0, 1000, &why);
	}
	is_int(answered, 50, "--reply-rate 0: no rate");
	/* the sources seen least recently make room: never full */
	for (k = 0; k < 3 * UDPGUARD_SOURCES; k++)
		answered += (int)udpguard_check(g, from("192.0.2.2",
		    20000 + k, "s", 1), 0, 1000 + k, &why);
	is_int(answered, 50 + 3 * UDPGUARD_SOURCES,
	    "3 times the table's sources: each answered");
	udpguard_free(g);
	close(fd);
	return tap_done();
}
