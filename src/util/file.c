/*
 * util/file.c: a whole file into memory, with a cap: the one loop that
 * http-get's --urls and --write-out @FILE, portscan's -iL and
 * --excludefile and the completion scripts' reading of a child share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/file.h"

#define FILE_CHUNK	4096	/* the first buffer; it doubles from there */

int
read_fd(int fd, size_t cap, char **bufp, size_t *lenp)
{
	/* room for cap bytes, one more to see there are more, and the NUL */
	size_t most = cap < (size_t)-1 - 2 ? cap + 2 : (size_t)-1;
	size_t len = 0, size = 0;
	char *buf = NULL, *nb;
	ssize_t n;
	int e;

	*bufp = NULL;
	*lenp = 0;
	for (;;) {
		if (len + 1 >= size) {
			size = size == 0 ? FILE_CHUNK : size * 2;
			if (size > most)
				size = most;
			if ((nb = realloc(buf, size)) == NULL)
				goto fail;
			buf = nb;
		}
		while ((n = read(fd, buf + len, size - len - 1)) == -1 &&
		    errno == EINTR)
			;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > cap) {
			errno = EFBIG;
			goto fail;
		}
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
fail:
	e = errno;
	free(buf);
	errno = e;
	return -1;
}

int
read_file(const char *path, size_t cap, char **bufp, size_t *lenp)
{
	int fd, rc, e;

	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, cap, bufp, lenp);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*bufp = NULL;
		*lenp = 0;
		return -1;
	}
	rc = read_fd(fd, cap, bufp, lenp);
	e = errno;
	(void)close(fd);
	errno = e;
	return rc;
}
