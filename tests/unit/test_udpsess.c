/*
 * test_udpsess.c: the UDP session engine (net/udpsess.c) over loopback
 * sockets and a pipe, and what it stands on: net_addr_key, mono_wait.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "net/relay.h"
#include "net/udpsess.h"
#include "tap.h"
#include "util/base.h"
#include "util/clock.h"

/* A UDP socket bound to 127.0.0.1 port 0, its address in sin. */
static int
udp_bound(struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int s;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    bind(s, (struct sockaddr *)sin, sizeof(*sin)) == -1 ||
	    getsockname(s, (struct sockaddr *)sin, &len) == -1)
		return -1;
	return s;
}

static void
test_key(void)
{
	struct sockaddr_in a;
	struct sockaddr_in6 b;
	unsigned char ka[NET_ADDR_KEYLEN], kb[NET_ADDR_KEYLEN];

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(5000);
	a.sin_addr.s_addr = htonl(0x7f000001);
	memset(&b, 0, sizeof(b));
	b.sin6_family = AF_INET6;
	b.sin6_port = htons(5000);
	(void)inet_pton(AF_INET6, "::ffff:127.0.0.1", &b.sin6_addr);
	ok(net_addr_key((struct sockaddr *)&a, ka) == 0 &&
	    net_addr_key((struct sockaddr *)&b, kb) == 0 &&
	    memcmp(ka, kb, sizeof(ka)) == 0,
	    "an IPv4 address and its IPv4-mapped form: one key");
	b.sin6_port = htons(5001);
	(void)net_addr_key((struct sockaddr *)&b, kb);
	ok(memcmp(ka, kb, sizeof(ka)) != 0, "another port: another key");
	a.sin_family = AF_UNIX;
	is_int(net_addr_key((struct sockaddr *)&a, ka), -1,
	    "a family with no port: no key");
}

static void
test_wait(void)
{
	is_int(mono_wait(-1, -1, 100), -1, "no deadline: wait for ever");
	is_int(mono_wait(150, -1, 100), 50, "one deadline");
	is_int(mono_wait(-1, 130, 100), 30, "the other one");
	is_int(mono_wait(300, 120, 100), 20, "the nearer of two");
	is_int(mono_wait(90, 300, 100), 0, "a deadline passed: at once");
}

/*
 * --lines -C -q 0 between a pipe and a socket connected to peer, with a
 * stranger's datagram queued before the connect: what peer receives,
 * what reaches out, and the strays counted.
 */
static int strays;

static void
count_stray(const struct sockaddr *sa, socklen_t len, void *arg)
{
	(void)sa;
	(void)len;
	(void)arg;
	strays++;
}

static void
test_session(void)
{
	struct sockaddr_in ps, ss, xs;
	struct relay_opts ro;
	struct udpsess_opts uo;
	char err[SK_ERRLEN], buf[64];
	int in[2], out[2], peer, s, x, rc;
	ssize_t n;

	peer = udp_bound(&ps);
	s = udp_bound(&ss);
	x = udp_bound(&xs);
	if (peer == -1 || s == -1 || x == -1 || pipe(in) == -1 ||
	    pipe(out) == -1) {
		ok(0, "loopback sockets and pipes");
		return;
	}
	/* the stranger's datagram, then the peer's, then the connect */
	(void)sendto(x, "stray", 5, 0, (struct sockaddr *)&ss, sizeof(ss));
	(void)sendto(peer, "hi", 2, 0, (struct sockaddr *)&ss, sizeof(ss));
	(void)connect(s, (struct sockaddr *)&ps, sizeof(ps));
	(void)write(in[1], "a\nbb\nccc", 8);
	close(in[1]);
	relay_opts_init(&ro);
	ro.in_fd = in[0];
	ro.out_fd = out[1];
	ro.quit_ms = 0;
	ro.crlf = 1;
	ro.peer = "the peer";
	memset(&uo, 0, sizeof(uo));
	uo.ro = &ro;
	uo.lines = 1;
	uo.stray = count_stray;
	/* -q 0 ends it once stdin is sent: receive what came first */
	rc = udpsess_run(s, &uo, err);
	is_int(rc, 0, "--lines -C -q 0: the session ends well");
	n = recv(peer, buf, sizeof(buf), MSG_DONTWAIT);
	ok(n == 3 && memcmp(buf, "a\r\n", 3) == 0, "a line a datagram, CR LF");
	n = recv(peer, buf, sizeof(buf), MSG_DONTWAIT);
	ok(n == 4 && memcmp(buf, "bb\r\n", 4) == 0, "the next line");
	n = recv(peer, buf, sizeof(buf), MSG_DONTWAIT);
	ok(n == 3 && memcmp(buf, "ccc", 3) == 0,
	    "the last line, without a newline, as it is");
	close(out[1]);
	n = read(out[0], buf, sizeof(buf));
	ok(n == 2 && memcmp(buf, "hi", 2) == 0 && strays == 1,
	    "the peer's datagram written out, the stranger's dropped");
	close(in[0]);
	close(out[0]);

	/* the peer's port closed: ECONNREFUSED, the peer named */
	(void)connect(peer, (struct sockaddr *)&ps, sizeof(ps));
	if (pipe(in) == -1)
		return;
	(void)write(in[1], "x", 1);
	ro.in_fd = in[0];
	ro.out_fd = -1;
	ro.quit_ms = 1000;
	uo.lines = 0;
	rc = udpsess_run(s, &uo, err);
	ok(rc == -1 && errno == ECONNREFUSED &&
	    strcmp(err, "the peer: Connection refused") == 0,
	    "a closed port ends the session: ECONNREFUSED");
	close(in[0]);
	close(in[1]);
	close(s);
	close(peer);
	close(x);
}

int
main(void)
{
	test_key();
	test_wait();
	test_session();
	return tap_done();
}
