/*
 * output.c: the body's destination for http-get: stdout, a device or
 * fifo as it is, or a temporary file renamed into place, so a failed or
 * interrupted download never leaves a truncated FILE behind.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/output.h"
#include "net/relay.h"
#include "util/file.h"

/*
 * The temporary files open now, for the signal handler to remove: one
 * at a time in turn, as many as the transfers of http-get -Z at once.
 * A slot is set once its name is complete and cleared before the file
 * is renamed or removed, so the handler never sees half a name.
 */
static char *volatile tmp_live[OUTPUT_TMP_MAX];
static char *volatile tmp_part[OUTPUT_TMP_MAX];	/* keep_part's names */
static void (*volatile kept_hook)(const char *, unsigned long long);
static int tmp_count;
static const int tmp_sigs[] = { SIGHUP, SIGINT, SIGTERM };
static struct sigaction tmp_old[3];	/* the actions before ours */

/*
 * The files go, but those whose bytes are kept (keep_part): renamed to
 * FILE.sockt-part and told to the hook; then the handler before ours (a
 * progress line's end).
 */
static void
on_signal(int sig)
{
	struct stat st;
	char *t, *p;
	size_t i;

	for (i = 0; i < OUTPUT_TMP_MAX; i++) {
		if ((t = tmp_live[i]) == NULL)
			continue;
		p = tmp_part[i];
		if (p != NULL && stat(t, &st) == 0 && st.st_size > 0 &&
		    rename(t, p) == 0) {
			if (kept_hook != NULL)
				kept_hook(p, (unsigned long long)st.st_size);
		} else
			(void)unlink(t);
	}
	for (i = 0; i < 3; i++)
		if (tmp_sigs[i] == sig && !(tmp_old[i].sa_flags &
		    SA_SIGINFO) && tmp_old[i].sa_handler != SIG_DFL &&
		    tmp_old[i].sa_handler != SIG_IGN) {
			tmp_old[i].sa_handler(sig);
			return;
		}
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

/*
 * Remove the temporary file on the signals that would end us, and put
 * the caller's actions back after.  A signal the caller ignored (nohup,
 * SIGINT in a background job) stays ignored: it must not end a download.
 */
static void
tmp_guard(int on)
{
	static int caught[3];
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++) {
		if (!on) {
			if (caught[i])
				(void)sigaction(tmp_sigs[i], &tmp_old[i], NULL);
			caught[i] = 0;
		} else if (!caught[i] &&
		    sigaction(tmp_sigs[i], NULL, &tmp_old[i]) == 0 &&
		    ((tmp_old[i].sa_flags & SA_SIGINFO) ||
		    tmp_old[i].sa_handler != SIG_IGN) &&
		    sigaction(tmp_sigs[i], &sa, NULL) == 0)
			caught[i] = 1;
	}
}

void
output_init(struct output *out, const char *path)
{
	/* the name of a temporary file is written before it is read */
	memset(out, 0, offsetof(struct output, tmp));
	out->tmp[0] = '\0';
	out->part[0] = '\0';
	out->path = path;
	out->fd = -1;
	out->slot = -1;
}

void
output_failed(struct output *out, int e)
{
	/* a reader of stdout that went away needs no message */
	out->fail = out->path == NULL && e == EPIPE ? OUTPUT_FAIL_QUIET :
	    OUTPUT_FAIL_ERRNO;
	out->err = e;
}

static int
fail_errno(struct output *out)
{
	out->fail = OUTPUT_FAIL_ERRNO;
	out->err = errno;
	return -1;
}

/*
 * A temporary file beside FILE, or beside the file its symlink names:
 * written through, as curl does, so the rename replaces the target and
 * the link stays.  It gets the mode a plain create would give, or the
 * old file's.
 */
/* Into the handler's list, or out of it: 0, or -1 when it is full. */
static int
tmp_register(struct output *out, int on)
{
	size_t i;

	if (!on) {
		if (out->slot < 0)
			return 0;
		tmp_live[out->slot] = NULL;
		tmp_part[out->slot] = NULL;
		out->slot = -1;
		if (--tmp_count == 0)
			tmp_guard(0);
		return 0;
	}
	for (i = 0; i < OUTPUT_TMP_MAX; i++)
		if (tmp_live[i] == NULL) {
			if (tmp_count++ == 0)
				tmp_guard(1);
			out->slot = (int)i;
			tmp_part[i] = out->keep_part ? out->part : NULL;
			tmp_live[i] = out->tmp;
			return 0;
		}
	errno = EMFILE;
	return -1;
}

/* FILE.sockt-part: 0, or -1 when it does not fit. */
static int
part_name(const char *path, char *b, size_t size)
{
	int n = snprintf(b, size, "%s%s", path, OUTPUT_PART);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
output_part_adopt(const char *path)
{
	static char real[PATH_MAX];
	char part[PATH_MAX];
	struct stat st;

	/* a symbolic link's part is its target's, as its temporary file */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    realpath(path, real) != NULL)
		path = real;
	if (part_name(path, part, sizeof(part)) == -1 ||
	    lstat(part, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	return rename(part, path) == -1 ? -1 : 1;
}

void
output_on_kept(void (*fn)(const char *, unsigned long long))
{
	kept_hook = fn;
}

static int
open_tmp(struct output *out)
{
	static char real[PATH_MAX];
	struct stat st;
	const char *slash, *base;
	mode_t mask;
	int n;

	/*
	 * --create-dirs: FILE's directories as the first byte is due, as
	 * curl makes them: none for a transfer that fails before its body
	 */
	if (out->mkdirs != 0 && make_dirs(out->path, 1, out->mkdirs) == -1)
		return fail_errno(out);
	out->dest = out->path;
	if (lstat(out->path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (realpath(out->path, real) == NULL)
			return fail_errno(out);
		out->dest = real;
	}
	slash = strrchr(out->dest, '/');
	base = slash ? slash + 1 : out->dest;
	n = snprintf(out->tmp, sizeof(out->tmp), "%.*s.%s.sockt-XXXXXX",
	    (int)(base - out->dest), out->dest, base);
	if (n < 0 || (size_t)n >= sizeof(out->tmp) || (out->keep_part &&
	    part_name(out->dest, out->part, sizeof(out->part)) == -1)) {
		out->fail = OUTPUT_FAIL_NAMELEN;
		return -1;
	}
	/* the handler knows the name before the file exists: no window */
	if (tmp_register(out, 1) == -1)
		return fail_errno(out);
	if ((out->fd = mkstemp(out->tmp)) == -1) {
		(void)fail_errno(out);
		(void)tmp_register(out, 0);
		return -1;
	}
	out->is_tmp = 1;
	mask = umask(0);
	(void)umask(mask);
	if (fchmod(out->fd, stat(out->dest, &st) == 0 ?
	    (st.st_mode & 07777) : (0666 & ~mask)) == -1)
		return fail_errno(out);
	(void)fcntl(out->fd, F_SETFD, FD_CLOEXEC);
	return 0;
}

/* What the open descriptor allows: splice, a pipe, a terminal. */
static void
output_probe(struct output *out)
{
	struct stat st;
	int fl;

	if (fstat(out->fd, &st) == 0 && (fl = fcntl(out->fd, F_GETFL)) != -1) {
		out->splice_ok = S_ISREG(st.st_mode) && !(fl & O_APPEND);
		out->is_pipe = S_ISFIFO(st.st_mode) && !(fl & O_NONBLOCK);
	}
	out->is_tty = isatty(out->fd);
}

/*
 * Opened when the first byte is due: stdout, an existing non-regular
 * file as it is (/dev/null, a fifo), or a temporary file that
 * output_finish renames into place.  A discarded body goes to
 * /dev/null, which splice takes as readily as a file.
 */
int
output_open(struct output *out)
{
	static struct output std;	/* stdout as first found */
	struct stat st;

	if (out->fd != -1)
		return 0;
	if (out->discard) {
		if ((out->fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1)
			return fail_errno(out);
	} else if (out->path == NULL) {
		out->fd = STDOUT_FILENO;
		/*
		 * Many URLs to stdout: what it is does not change, so it is
		 * not asked again per body, but for a pipe, whose O_NONBLOCK
		 * another writer may set.
		 */
		if (std.fd == STDOUT_FILENO) {
			out->splice_ok = std.splice_ok;
			out->is_tty = std.is_tty;
			return 0;
		}
	} else if (out->inplace) {
		return output_continue(out, 0);
	} else if (out->noclobber && lstat(out->path, &st) == 0) {
		errno = EEXIST;
		return fail_errno(out);
	} else if (stat(out->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((out->fd = open(out->path, O_WRONLY | O_CLOEXEC)) == -1)
			return fail_errno(out);
	} else if (open_tmp(out) == -1)
		return -1;
	output_probe(out);
	if (out->path == NULL && !out->discard && !out->is_pipe)
		std = *out;
	return 0;
}

/*
 * FILE itself, at offset: no O_APPEND, so the body may still be spliced
 * into it, and the offset is where the server's range starts whatever
 * the file grew to meanwhile.  At offset 0 it is made if missing (with
 * --create-dirs' directories), as a plain create would make it.
 */
int
output_continue(struct output *out, uint64_t offset)
{
	struct stat st;

	if (offset == 0 && out->mkdirs != 0 &&
	    make_dirs(out->path, 1, out->mkdirs) == -1)
		return fail_errno(out);
	if ((out->fd = open(out->path, O_WRONLY | O_CLOEXEC |
	    (offset == 0 ? O_CREAT : 0), 0666)) == -1)
		return fail_errno(out);
	if (fstat(out->fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size < offset) {
		errno = !S_ISREG(st.st_mode) ? EINVAL : ESPIPE;
		goto fail;
	}
	if (((uint64_t)st.st_size > offset &&
	    ftruncate(out->fd, (off_t)offset) == -1) ||
	    lseek(out->fd, (off_t)offset, SEEK_SET) == -1)
		goto fail;
	out->continued = 1;
	out->start = offset;
	output_probe(out);
	return 0;
fail:
	(void)fail_errno(out);
	(void)close(out->fd);
	out->fd = -1;
	return -1;
}

int
output_mtime(struct output *out, long long t)
{
	struct timespec ts[2];
	struct stat st;

	if (out->path == NULL || out->discard)
		return 0;
	if (out->fd == -1 && output_open(out) == -1)
		return -1;
	if (fstat(out->fd, &st) == -1)
		return fail_errno(out);
	if (!S_ISREG(st.st_mode))
		return 0;
	ts[0].tv_sec = ts[1].tv_sec = (time_t)t;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	if (futimens(out->fd, ts) == -1)
		return fail_errno(out);
	return 0;
}

int
output_rewind(struct output *out)
{
	off_t at = out->continued ? (off_t)out->start : 0;

	if ((!out->is_tmp && !out->continued) || out->fd == -1)
		return 0;
	if (ftruncate(out->fd, at) == -1 || lseek(out->fd, at, SEEK_SET) == -1)
		return fail_errno(out);
	return 0;
}

/*
 * tmp to dest unless dest exists, in one step: link(2) fails if the
 * name is taken.  A file system without hard links (vfat and exfat on
 * a USB stick, some FUSE ones: EPERM, EOPNOTSUPP) claims the name with
 * an O_EXCL placeholder instead and renames the file over it.  Returns
 * 0, or -1 with errno (EEXIST: dest was there).
 */
static int
place_new(const char *tmp, const char *dest)
{
	int fd, eno;

	if (link(tmp, dest) == 0)
		return unlink(tmp);
	if (errno != EPERM && errno != EOPNOTSUPP)
		return -1;
	if ((fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1)
		return -1;
	(void)close(fd);
	if (rename(tmp, dest) == -1) {
		eno = errno;
		(void)unlink(dest);
		errno = eno;
		return -1;
	}
	return 0;
}

/* The temporary file put in place as out says.  0, or -1 with errno. */
static int
place(struct output *out)
{
	char name[PATH_MAX];
	int i, n;

	if (!out->noclobber && !out->numbered)
		return rename(out->tmp, out->dest);
	if (place_new(out->tmp, out->dest) == 0)
		return 0;
	/* curl's --no-clobber: a dot and a number, up to FILE.100 */
	for (i = 1; out->numbered && errno == EEXIST && i <= 100; i++) {
		n = snprintf(name, sizeof(name), "%s.%d", out->dest, i);
		if (n < 0 || (size_t)n >= sizeof(name)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (place_new(out->tmp, name) == 0) {
			out->nth = i;
			return 0;
		}
	}
	return -1;
}

void
output_abort(struct output *out)
{
	struct stat st;

	if (out->is_tmp && out->slot >= 0) {
		if (out->keep_part && fstat(out->fd, &st) == 0 &&
		    st.st_size > 0 && rename(out->tmp, out->part) == 0)
			out->kept = (uint64_t)st.st_size;
		(void)close(out->fd);
		(void)tmp_register(out, 0);
		if (out->kept == 0)
			(void)unlink(out->tmp);
	} else if (out->fd > STDERR_FILENO)
		(void)close(out->fd);
	out->fd = -1;
}

void
output_remove(struct output *out, int resume)
{
	struct stat st;
	int mine = resume || (out->fd != -1 && (out->continued ||
	    out->inplace));

	output_abort(out);
	if (mine && out->path != NULL && !out->discard &&
	    lstat(out->path, &st) == 0 && S_ISREG(st.st_mode))
		(void)unlink(out->path);
}

void
output_again(struct output *out)
{
	const char *path = out->path;
	mode_t mkdirs = out->mkdirs;
	int noclobber = out->noclobber, tty_guard = out->tty_guard;
	int keep_part = out->keep_part, numbered = out->numbered;

	output_abort(out);
	output_init(out, path);
	out->mkdirs = mkdirs;
	out->noclobber = noclobber;
	out->tty_guard = tty_guard;
	out->keep_part = keep_part;
	out->numbered = numbered;
}

int
output_finish(struct output *out)
{
	int rc = 0;

	if (out->fd == -1 && out->path != NULL && output_open(out) == -1)
		return -1;
	if (out->is_tmp) {
		(void)tmp_register(out, 0);
		if (close(out->fd) == -1 || place(out) == -1) {
			(void)fail_errno(out);
			(void)unlink(out->tmp);
			rc = -1;
		} else if (out->keep_part && out->part[0] != '\0')
			/* a whole FILE: an earlier try's part is done with */
			(void)unlink(out->part);
	} else if (out->fd > STDERR_FILENO && close(out->fd) == -1)
		rc = fail_errno(out);
	out->fd = -1;
	return rc;
}

int
output_tty_check(struct output *out, const void *p, size_t n)
{
	static int tty = -1;

	if (!out->tty_guard || out->path != NULL || out->discard ||
	    out->tty_bytes >= OUTPUT_TTY_SNIFF)
		return 0;
	if (tty == -1)
		tty = isatty(STDOUT_FILENO);
	if (!tty) {
		out->tty_guard = 0;
		return 0;
	}
	if (memchr(p, '\0', n) != NULL) {
		out->fail = OUTPUT_FAIL_BINARY;
		out->err = 0;
		return -1;
	}
	out->tty_bytes += n;
	return 0;
}

int
output_write(struct output *out, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (output_tty_check(out, p, n) == -1 || output_open(out) == -1)
		return -1;
	if (io_write_all(out->fd, p, n) == -1) {
		output_failed(out, errno);
		return -1;
	}
	return 0;
}
