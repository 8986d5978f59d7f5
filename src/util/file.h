/*
 * util/file.h: a whole file read into memory, for the lists and formats
 * the commands take from a file (--urls, --write-out @FILE, -iL,
 * --excludefile) and the output of a child (the completion scripts).
 * Does I/O, never prints, never exits: -1 with errno.
 */
#ifndef FILE_H
#define FILE_H

#include <stddef.h>

/*
 * read_fd: everything fd gives until end of file into a new buffer
 * *bufp, *lenp bytes and a NUL after them.  More than cap bytes fail
 * with EFBIG as soon as the byte past cap arrives, without reading to
 * the end.  Reads again after EINTR; fd is left open.  Returns 0, or
 * -1 with errno (*bufp NULL, nothing to free).
 */
int	read_fd(int fd, size_t cap, char **bufp, size_t *lenp);

/*
 * read_file: read_fd on path, opened O_RDONLY | O_CLOEXEC and closed
 * again; "-" is standard input, left open.  Returns 0, or -1 with errno
 * (the open's, the read's, or EFBIG).
 */
int	read_file(const char *path, size_t cap, char **bufp, size_t *lenp);

#endif /* FILE_H */
