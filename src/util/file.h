/*
 * util/file.h: a whole file read into memory, for the lists and formats
 * the commands take from a file (--urls, --write-out @FILE, -iL,
 * --excludefile) and the output of a child (the completion scripts);
 * and a path's missing directories made, for http-get --create-dirs.
 * Does I/O, never prints, never exits: -1 with errno.
 */
#ifndef FILE_H
#define FILE_H

#include <sys/types.h>

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

/*
 * read_prefix: the first bytes of path, up to cap, into buf; *lenp how
 * many.  Reads again after EINTR.  Returns 0, or -1 with errno (the
 * open's: ENOENT for no file; or the read's).
 */
int	read_prefix(const char *path, char *buf, size_t cap, size_t *lenp);

/*
 * make_dirs: mkdir -p: each missing directory of path, parents first,
 * made with mode (less the umask, as mkdir does).  With parents_only,
 * the last component is a file's name, left alone: only the directories
 * it lies in are made ("a/b/f" makes a and a/b; "f" makes none).  A
 * directory already there, or made meanwhile by another process, is
 * passed; an existing path costs one stat.  Returns 0, or -1 with
 * errno: ENOTDIR when a component is there but no directory,
 * ENAMETOOLONG, or mkdir's (EACCES, EROFS, ENOSPC...); the directories
 * made before the failure stay.
 */
int	make_dirs(const char *path, int parents_only, mode_t mode);

/*
 * fd_close_others: close every descriptor of the process but 0, 1, 2
 * and the n of keep: a child forked from a server that holds other
 * clients' sockets must not keep them open (their peers would never see
 * the end).  The open ones are read from /proc/self/fd where there is
 * one, else every number up to the limit of open files (65536 at most)
 * is closed.
 */
void	fd_close_others(const int *keep, int n);

#endif /* FILE_H */
