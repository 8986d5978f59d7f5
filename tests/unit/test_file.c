/* Unit tests for read_file, read_fd and make_dirs (src/util/file.c). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util/file.h"

/* A file of n bytes 'x' named path.  0, or -1. */
static int
make(const char *path, size_t n)
{
	char b[1024];
	size_t k;
	int fd;

	memset(b, 'x', sizeof(b));
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return -1;
	for (; n > 0; n -= k) {
		k = n < sizeof(b) ? n : sizeof(b);
		if (write(fd, b, k) != (ssize_t)k) {
			(void)close(fd);
			return -1;
		}
	}
	return close(fd);
}

/* The permission bits of path when it is a directory, else -1. */
static int
dir_mode(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode))
		return -1;
	return (int)(st.st_mode & 07777);
}

/* make_dirs under a new directory top, the umask 022 */
static void
test_make_dirs(void)
{
	char top[] = "/tmp/sockt-test-dirs-XXXXXX", p[512], q[512];
	char lng[PATH_MAX + 16];
	mode_t old;
	int rc;

	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	old = umask(022);
	(void)snprintf(p, sizeof(p), "%s/a/b/c", top);
	ok(make_dirs(p, 0, 0750) == 0, "a/b/c: made");
	ok(dir_mode(p) == 0750, "... with mode 0750");
	(void)snprintf(q, sizeof(q), "%s/a", top);
	ok(dir_mode(q) == 0750, "... its parents too");
	ok(make_dirs(p, 0, 0750) == 0, "made again: there already, 0");

	(void)snprintf(p, sizeof(p), "%s/x/y/z.txt", top);
	ok(make_dirs(p, 1, 0750) == 0, "parents only of x/y/z.txt");
	(void)snprintf(q, sizeof(q), "%s/x/y", top);
	ok(dir_mode(q) == 0750 && dir_mode(p) == -1,
	    "... x/y made, z.txt not");
	ok(make_dirs("plain.txt", 1, 0750) == 0 &&
	    dir_mode("plain.txt") == -1, "a bare file name: nothing to make");

	(void)snprintf(p, sizeof(p), "%s//d1///d2//", top);
	ok(make_dirs(p, 0, 0700) == 0, "doubled and trailing slashes");
	(void)snprintf(q, sizeof(q), "%s/d1/d2", top);
	ok(dir_mode(q) == 0700, "... d1/d2 made, mode 0700");

	(void)umask(077);
	(void)snprintf(p, sizeof(p), "%s/m/n", top);
	ok(make_dirs(p, 0, 0750) == 0 && dir_mode(p) == 0700,
	    "the umask applies: 0750 less 077 is 0700");
	(void)umask(022);

	(void)snprintf(p, sizeof(p), "%s/file", top);
	ok(make(p, 1) == 0, "a file made");
	errno = 0;
	ok(make_dirs(p, 0, 0750) == -1 && errno == ENOTDIR,
	    "a file named as the directory: ENOTDIR");
	(void)snprintf(q, sizeof(q), "%s/file/sub/f", top);
	errno = 0;
	ok(make_dirs(q, 1, 0750) == -1 && errno == ENOTDIR,
	    "a file on the way: ENOTDIR");
	(void)unlink(p);

	memset(lng, 'a', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	errno = 0;
	rc = make_dirs(lng, 0, 0750);
	ok(rc == -1 && errno == ENAMETOOLONG, "longer than PATH_MAX");
	ok(make_dirs("/", 0, 0750) == 0 && make_dirs("/f", 1, 0750) == 0,
	    "the root: there");

	(void)umask(old);
	(void)snprintf(p, sizeof(p), "rm -rf '%s'", top);
	if (system(p) != 0)
		printf("# could not remove %s\n", top);
}

int
main(void)
{
	char path[] = "/tmp/sockt-test-file-XXXXXX", *buf;
	size_t len;
	int fd, rc;

	if ((fd = mkstemp(path)) == -1) {
		perror("mkstemp");
		return 1;
	}
	(void)close(fd);

	ok(make(path, 0) == 0, "an empty file made");
	rc = read_file(path, 100, &buf, &len);
	ok(rc == 0 && buf != NULL && len == 0 && buf[0] == '\0',
	    "an empty file: a buffer, empty and NUL-ended");
	free(buf);

	ok(make(path, 10000) == 0, "a file of 10000 bytes made");
	rc = read_file(path, 10000, &buf, &len);
	ok(rc == 0 && len == 10000 && buf[len] == '\0' &&
	    buf[9999] == 'x', "exactly cap bytes: read, NUL after them");
	free(buf);
	buf = (char *)1;
	rc = read_file(path, 9999, &buf, &len);
	ok(rc == -1 && errno == EFBIG && buf == NULL,
	    "one byte more than cap: EFBIG, no buffer");
	rc = read_file(path, 4095, &buf, &len);
	ok(rc == -1 && errno == EFBIG, "far more than a small cap: EFBIG");
	rc = read_file(path, (size_t)-1, &buf, &len);
	ok(rc == 0 && len == 10000, "no cap to speak of: read whole");
	free(buf);

	ok(make(path, 4095) == 0, "a file one byte short of a chunk made");
	rc = read_file(path, 4095, &buf, &len);
	ok(rc == 0 && len == 4095, "at the first buffer's edge: read");
	free(buf);

	(void)unlink(path);
	errno = 0;
	rc = read_file(path, 100, &buf, &len);
	ok(rc == -1 && errno == ENOENT && buf == NULL,
	    "a missing file: the open's errno");
	rc = read_file("/", 100, &buf, &len);
	ok(rc == -1 && errno == EISDIR, "a directory: the read's errno");
	{
		char b[8];

		ok(read_prefix(path, b, sizeof(b), &len) == -1 &&
		    errno == ENOENT && len == 0, "read_prefix: no file");
		ok(read_prefix("/", b, sizeof(b), &len) == -1 &&
		    errno == EISDIR, "read_prefix: a directory");
		ok(read_prefix("/dev/zero", b, sizeof(b), &len) == 0 &&
		    len == sizeof(b), "read_prefix: cap bytes of more");
	}

	test_make_dirs();

	return tap_done();
}
