/* Unit tests for read_file and read_fd (src/util/file.c). */
#include <errno.h>
#include <fcntl.h>
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

	return tap_done();
}
