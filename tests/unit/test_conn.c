/*
 * test_conn.c: the connection stack (net/conn.h) over a UNIX stream
 * socket pair, with two layers of our own: "flip" moves bytes (each
 * byte's case flipped both ways, as TLS turns records into bytes) and
 * "greet" is a handshake that reads a line beneath it and leaves what
 * came past it to the chain (conn_rest), as a proxy's handshake does.
 * What is checked: a step's I/O goes beneath its layer, the rest comes
 * first, the graceful end ends each layer top down and then lingers,
 * and its step form (conn_close_step) never waits, within its bound.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "tap.h"
#include "util/clock.h"

static char ends[64];		/* the layers' shut_wr calls, in order */

static void
ended(const char *who)
{
	size_t k = strlen(ends);

	(void)snprintf(ends + k, sizeof(ends) - k, "%s ", who);
}

static void
flip(char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z'))
			p[i] ^= 0x20;
}

struct flipl {
	int	fd;
};

static ssize_t
flip_read(void *ctx, void *buf, size_t n)
{
	struct flipl *f = ctx;
	ssize_t r = read(f->fd, buf, n);

	if (r > 0)
		flip(buf, (size_t)r);
	return r;
}

static ssize_t
flip_write(void *ctx, const void *buf, size_t n)
{
	struct flipl *f = ctx;
	char tmp[256];

	if (n > sizeof(tmp))
		n = sizeof(tmp);
	memcpy(tmp, buf, n);
	flip(tmp, n);
	return write(f->fd, tmp, n);
}

static int
flip_shut(void *ctx)
{
	(void)ctx;
	ended("flip");
	return 0;
}

static const struct conn_ops flip_ops = {
	.name = "flip", .read = flip_read, .write = flip_write,
	.shut_wr = flip_shut, .free = free
};

struct greetl {
	char	line[64];
	size_t	len;
};

/* A line read beneath this layer; what came past it left to the chain. */
static int
greet_step(void *ctx, struct conn *c, char *err)
{
	struct greetl *g = ctx;
	char *nl;
	ssize_t r;

	while ((nl = memchr(g->line, '\n', g->len)) == NULL) {
		r = conn_read_under(c, c->failed, g->line + g->len,
		    sizeof(g->line) - 1 - g->len);
		if (r == -1 && errno == EAGAIN)
			return conn_want_under(c, c->failed, POLLIN);
		if (r <= 0) {
			(void)snprintf(err, 64, "greet: no line");
			return -1;
		}
		g->len += (size_t)r;
	}
	if (conn_rest(c, nl + 1, g->len - (size_t)(nl + 1 - g->line)) == -1)
		return -1;
	*nl = '\0';
	return 0;
}

static int
greet_shut(void *ctx)
{
	(void)ctx;
	ended("greet");
	return 0;
}

static const struct conn_ops greet_ops = {
	.name = "greet", .step = greet_step, .shut_wr = greet_shut,
	.free = free
};

/* A pair, ours non-blocking in c with no layer; the peer's in *peer. */
static int
pair(struct conn *c, int *peer)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1 ||
	    net_set_nonblock(sv[0], 1) == -1)
		return -1;
	conn_init(c, sv[0]);
	*peer = sv[1];
	return 0;
}

/* Everything the peer reads until our end of file, within 2 s. */
static ssize_t
peer_drain(int fd, char *buf, size_t cap)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t got = 0;
	ssize_t r;

	for (;;) {
		if (poll(&pfd, 1, 2000) != 1)
			return -1;
		if ((r = read(fd, buf + got, cap - got)) <= 0)
			return r == 0 ? (ssize_t)got : -1;
		got += (size_t)r;
	}
}

static void
test_layers(void)
{
	struct conn c;
	struct flipl *f = malloc(sizeof(*f));
	struct greetl *g = calloc(1, sizeof(*g));
	char buf[64], err[256];
	ssize_t n;
	int peer;

	if (f == NULL || g == NULL || pair(&c, &peer) == -1) {
		ok(0, "a socket pair");
		return;
	}
	f->fd = c.fd;
	ok(conn_push(&c, &flip_ops, f) == 0 &&
	    conn_push(&c, &greet_ops, g) == 0, "two layers pushed");
	ok(!conn_plain(&c), "a layer that moves bytes: not plain");
	is_int(conn_step(&c, err), POLLIN, "the greeting waits for its line");
	is_int(c.failed, 1, "... and says which layer waits");
	is_int(write(peer, "HELLO\nEARLY", 11), 11, "the peer's greeting");
	is_int(conn_step(&c, err), 0, "the line came: every layer done");
	is_str(g->line, "hello", "the handshake read beneath it, through flip");
	n = conn_read(&c, buf, sizeof(buf));
	ok(n == 5 && memcmp(buf, "early", 5) == 0,
	    "what came past the line comes first");
	is_int(write(peer, "MORE", 4), 4, "the peer's next bytes");
	n = conn_read(&c, buf, sizeof(buf));
	ok(n == 4 && memcmp(buf, "more", 4) == 0, "then flip's bytes");
	n = conn_read(&c, buf, sizeof(buf));
	ok(n == -1 && errno == EAGAIN, "then nothing, without waiting");
	is_int(conn_write(&c, "bye", 3), 3, "a write through flip");
	is_int(conn_write_under(&c, 0, "raw", 3), 3,
	    "a write beneath every layer: the socket's");
	ends[0] = '\0';
	c.peer_end = CONN_PEER_DONE;
	is_int(conn_close_step(&c, -1), POLLIN,
	    "the end lingers for the peer's end, without waiting");
	is_str(ends, "greet flip ", "each layer's end, top down");
	ok(conn_close_due(&c) > mono_ms() && conn_close_due(&c) <=
	    mono_ms() + CONN_DONE_MS, "... bound by the peer that owes "
	    "nothing more");
	n = peer_drain(peer, buf, sizeof(buf));
	ok(n == 6 && memcmp(buf, "BYEraw", 6) == 0,
	    "the peer got both writes, then our end of file");
	is_int(write(peer, "late", 4), 4, "the peer's bytes after ours ended");
	(void)close(peer);
	is_int(conn_close_step(&c, -1), 0,
	    "the peer's late bytes discarded, its end: a graceful end");
	is_int(c.fd, -1, "... the descriptor closed");
	is_int(conn_close_due(&c), -1, "... no end under way");
}

static void
test_bounds(void)
{
	struct conn c;
	struct pollfd pfd;
	long long due;
	int peer, rc;

	if (pair(&c, &peer) == -1) {
		ok(0, "a socket pair");
		return;
	}
	is_int(conn_close_step(&c, 100), POLLIN, "a peer that never ends");
	due = conn_close_due(&c);
	rc = POLLIN;
	while (rc > 0) {
		pfd.fd = c.fd;
		pfd.events = (short)rc;
		(void)poll(&pfd, 1, (int)(due - mono_ms() > 0 ? due -
		    mono_ms() : 0));
		rc = conn_close_step(&c, 100);
	}
	is_int(rc, -1, "... ends on the bound");
	ok(mono_ms() >= due, "... not before it");
	is_int(c.fd, -1, "... the descriptor closed");
	(void)close(peer);

	if (pair(&c, &peer) == -1)
		return;
	c.peer_end = CONN_PEER_GONE;
	ok(conn_close_step(&c, -1) <= 0,
	    "a peer gone: what is there now, and the end at once");
	(void)close(peer);

	if (pair(&c, &peer) == -1)
		return;
	(void)close(peer);
	is_int(conn_close(&c, -1), 0, "conn_close: a peer that ended first");
}

int
main(void)
{
	test_layers();
	test_bounds();
	return tap_done();
}
