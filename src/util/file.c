/*
 * util/file.c: a whole file into memory, with a cap: the one loop that
 * http-get's --urls and --write-out @FILE, portscan's -iL and
 * --excludefile and the completion scripts' reading of a child share;
 * and mkdir -p for http-get --create-dirs.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

int
read_prefix(const char *path, char *buf, size_t cap, size_t *lenp)
{
	ssize_t r = 0;
	int fd, e;

	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (*lenp < cap && ((r = read(fd, buf + *lenp, cap - *lenp)) >
	    0 || (r == -1 && errno == EINTR)))
		if (r > 0)
			*lenp += (size_t)r;
	e = errno;
	(void)close(fd);
	errno = e;
	return r == -1 ? -1 : 0;
}

/*
 * One directory of make_dirs.  A failed mkdir on a directory that is
 * there is no failure: EEXIST, or the EACCES or EROFS some systems give
 * before they look (mkdir of an existing "/home" by a user).  Returns 0,
 * or -1 with errno (ENOTDIR for a file in the way).
 */
static int
make_one(const char *dir, mode_t mode)
{
	struct stat st;
	int rc, e;

	/* POSIX lists no EINTR for mkdir; a FUSE or NFS mount may give it */
	while ((rc = mkdir(dir, mode)) == -1 && errno == EINTR)
		;
	if (rc == 0)
		return 0;
	e = errno;
	if (stat(dir, &st) == -1) {
		errno = e;
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int
make_dirs(const char *path, int parents_only, mode_t mode)
{
	char buf[PATH_MAX];
	struct stat st;
	size_t len, i;

	len = strlen(path);
	if (parents_only)
		while (len > 0 && path[len - 1] != '/')
			len--;
	/* "a/b/" is a/b; "/" stays itself */
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len == 0)
		return 0;
	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len);
	buf[len] = '\0';
	/* the common case, a file per URL in a directory made once */
	if (stat(buf, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	/* each prefix that ends a component, the whole path last */
	for (i = 1; i <= len; i++) {
		if (i < len && buf[i] != '/')
			continue;
		if (buf[i - 1] == '/')	/* the root, or "a//b" */
			continue;
		buf[i] = '\0';
		if (make_one(buf, mode) == -1)
			return -1;
		if (i < len)
			buf[i] = '/';
	}
	return 0;
}

static int
kept(int fd, const int *keep, int n)
{
	int i;

	if (fd <= 2)
		return 1;
	for (i = 0; i < n; i++)
		if (keep[i] == fd)
			return 1;
	return 0;
}

void
fd_close_others(const int *keep, int n)
{
	struct dirent *de;
	DIR *d;
	long max, fd;
	char *end;
	int dfd;

	if ((d = opendir("/proc/self/fd")) != NULL) {
		dfd = dirfd(d);
		/* closing while reading: the directory lists what was open
		 * when it was read, and each number is closed once */
		while ((de = readdir(d)) != NULL) {
			errno = 0;
			fd = strtol(de->d_name, &end, 10);
			if (*end != '\0' || end == de->d_name || fd == dfd ||
			    fd > INT_MAX || kept((int)fd, keep, n))
				continue;
			(void)close((int)fd);
		}
		(void)closedir(d);
		return;
	}
	if ((max = sysconf(_SC_OPEN_MAX)) < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		if (!kept((int)fd, keep, n))
			(void)close((int)fd);
}
