/*
 * test_net_unix.c: net_listen_unix on a path that is taken, and
 * net_unlink_unix.  A stale socket file is replaced; a live socket of any
 * kind (listening, with a full backlog, bound but not listening, datagram)
 * and a file that is no socket are left alone, at once; the file made is
 * removed only while the path still names it.  In a directory of its own
 * under /tmp; the watchdog of tests/run turns a blocking probe into a
 * failure.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "tap.h"
#include "util/base.h"

static char dir[] = "/tmp/test_net_unix.XXXXXX";
static char path[sizeof(dir) + 8];
static struct sockaddr_un sun;

/* a socket of type bound at path, listening with backlog if >= 0 */
static int
raw_bind(int type, int backlog)
{
	int s;

	if ((s = socket(AF_UNIX, type, 0)) == -1 ||
	    bind(s, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    (backlog >= 0 && listen(s, backlog) == -1)) {
		perror("raw_bind");
		exit(1);
	}
	return s;
}

static ino_t
ino(void)
{
	struct stat st;

	return lstat(path, &st) == -1 ? 0 : st.st_ino;
}

/* net_listen_unix must refuse with errno want and leave the file be */
static void
refused(int type, int want, const char *desc)
{
	char err[SK_ERRLEN], msg[SK_ERRLEN + 64];
	ino_t before = ino();
	int s;

	errno = 0;
	s = net_listen_unix(path, type, 1, NULL, err);
	ok(s == -1 && errno == want, desc);
	if (s != -1)
		close(s);
	ok(ino() == before && before != 0, "... and its file stays");
	snprintf(msg, sizeof(msg), "%s: %s", path, want == ENOTSOCK ?
	    "exists and is not a socket" : strerror(want));
	is_str(err, msg, "... and says so");
}

static void
test_live(void)
{
	int fill[64], s, n, i, rc = 0;

	s = raw_bind(SOCK_STREAM, 16);
	refused(SOCK_STREAM, EADDRINUSE, "a live listener");
	close(s);
	unlink(path);

	/* backlog 0 holds one connection; fill it until connect would wait */
	s = raw_bind(SOCK_STREAM, 0);
	for (n = 0; n < 64; n++) {
		if ((fill[n] = net_socket(AF_UNIX, SOCK_STREAM, 1)) == -1)
			break;
		rc = connect(fill[n], (struct sockaddr *)&sun, sizeof(sun));
		if (rc == -1) {
			close(fill[n]);
			break;
		}
	}
	ok(rc == -1 && errno == EAGAIN, "the backlog is full");
	refused(SOCK_STREAM, EADDRINUSE, "a listener with a full backlog");
	for (i = 0; i < n; i++)
		close(fill[i]);
	close(s);
	unlink(path);

	s = raw_bind(SOCK_STREAM, -1);
	refused(SOCK_STREAM, EADDRINUSE,
	    "a stream socket bound but not yet listening");
	close(s);
	unlink(path);

	s = raw_bind(SOCK_DGRAM, -1);
	refused(SOCK_STREAM, EADDRINUSE, "a live datagram socket (stream)");
	refused(SOCK_DGRAM, EADDRINUSE, "a live datagram socket (datagram)");
	close(s);
	unlink(path);
}

static void
test_stale(void)
{
	struct net_unix_id id;
	char err[SK_ERRLEN];
	int s, other;

	close(raw_bind(SOCK_STREAM, 4));
	s = net_listen_unix(path, SOCK_STREAM, 1, &id, err);
	ok(s != -1, "a stale stream socket file is replaced");
	ok(ino() == id.ino, "... by the file we made");
	is_int(net_unlink_unix(path, &id), 0, "net_unlink_unix removes it");
	ok(ino() == 0, "... and it is gone");
	if (s != -1)
		close(s);

	close(raw_bind(SOCK_DGRAM, -1));
	s = net_listen_unix(path, SOCK_DGRAM, 0, &id, err);
	ok(s != -1, "a stale datagram socket file is replaced");

	/* ours removed meanwhile, and another server bound the path */
	unlink(path);
	other = raw_bind(SOCK_STREAM, 4);
	errno = 0;
	ok(net_unlink_unix(path, &id) == -1 && errno == EEXIST,
	    "net_unlink_unix leaves a file it did not make");
	ok(ino() != 0, "... which stays");
	if (s != -1)
		close(s);
	close(other);
	unlink(path);
}

static void
test_not_socket(void)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1 ||
	    write(fd, "x", 1) != 1 || close(fd) == -1) {
		perror(path);
		exit(1);
	}
	refused(SOCK_STREAM, ENOTSOCK, "a regular file");
	unlink(path);
	if (mkdir(path, 0700) == -1) {
		perror(path);
		exit(1);
	}
	refused(SOCK_STREAM, ENOTSOCK, "a directory");
	rmdir(path);
	if (symlink("/nonexistent", path) == -1) {
		perror(path);
		exit(1);
	}
	refused(SOCK_STREAM, ENOTSOCK, "a dangling symbolic link");
	unlink(path);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/s", dir);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	test_live();
	test_stale();
	test_not_socket();
	rmdir(dir);
	return tap_done();
}
