/*
 * output.h: where http-get puts a body: stdout, an existing device or
 * fifo as it is, or a temporary file beside FILE renamed over it at the
 * end (atomic -o; a symlink is written through, as curl does), removed
 * again if a signal ends us first.  A command helper under the core's
 * rule: it never prints and never exits; a failure is recorded in the
 * struct for the command to report (output_fail, and the fields).
 * Included by the http-get command (cmd/http_get*.c) and the HTTP
 * engine (http/body.c).  Up to OUTPUT_TMP_MAX outputs at once may
 * have a temporary file (http-get -Z): the signal handler knows them all.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define OUTPUT_TMP_MAX	1024	/* temporary files open at once */

enum output_fail {
	OUTPUT_FAIL_NONE,
	OUTPUT_FAIL_ERRNO,	/* path (or "stdout") and strerror(err) */
	OUTPUT_FAIL_NAMELEN,	/* the temporary name does not fit */
	OUTPUT_FAIL_QUIET,	/* stdout's reader left: nothing to say */
	OUTPUT_FAIL_BINARY	/* a NUL byte for a terminal (tty_guard) */
};

#define OUTPUT_TTY_SNIFF 2000	/* bytes to a terminal checked for a NUL */

struct output {
	const char	*path;		/* NULL: stdout */
	const char	*dest;		/* path, or the target of its symlink */
	int		 fd;		/* -1 until opened */
	int		 is_tmp;
	int		 splice_ok;	/* a regular file, no O_APPEND */
	int		 is_pipe;	/* a blocking pipe: splice directly */
	int		 is_tty;
	int		 keep;		/* a 304: FILE stays as it was */
	int		 discard;	/* the body goes nowhere (/dev/null) */
	int		 continued;	/* FILE itself, continued in place */
	int		 inplace;	/* FILE itself from its start, opened
					   as the first byte is due */
	int		 noclobber;	/* an existing FILE is an error (EEXIST),
					   never replaced: -J's name */
	int		 tty_guard;	/* stdout: binary refused on a terminal */
	int		 keep_part;	/* an unfinished temporary file's bytes
					   kept as FILE.sockt-part, not removed */
	uint64_t	 kept;		/* bytes output_abort kept there */
	uint64_t	 tty_bytes;	/* what went to it, checked */
	int		 numbered;	/* FILE there: the body goes to FILE.1
					   .. FILE.100 instead (curl's
					   --no-clobber) */
	int		 nth;		/* numbered: the N of FILE.N it went
					   to (0: FILE itself) */
	mode_t		 mkdirs;	/* FILE's missing directories made with
					   this mode as it is opened; 0: none */
	uint64_t	 start;		/* where a continued FILE was taken up */
	enum output_fail fail;		/* why the last call failed */
	int		 err;		/* its errno */
	int		 slot;		/* in the signal handler's list, -1 */
	char		 tmp[PATH_MAX];	/* the temporary file's name */
	char		 part[PATH_MAX];	/* keep_part's name */
};

#define OUTPUT_PART	".sockt-part"	/* FILE's unfinished bytes: FILE.sockt-part */

/* output_init: an output to path (NULL: stdout), opened on first use. */
void	output_init(struct output *out, const char *path);

/* output_open: open it now if not yet.  Returns 0, or -1 (fail set). */
int	output_open(struct output *out);

/* output_write: all of p[0..n); n 0 opens nothing.  0, or -1. */
int	output_write(struct output *out, const void *p, size_t n);

/*
 * output_finish: close it, renaming the temporary file into place (with
 * noclobber, linking it: a FILE made meanwhile is not replaced; with
 * numbered, at the first of FILE, FILE.1 .. FILE.100 not there); an
 * empty body still makes the file.  Returns 0, or -1 (fail set).
 */
int	output_finish(struct output *out);

/*
 * output_rewind: start over for a retry.  A temporary file is emptied
 * and written from its start again, a continued FILE (a resume) cut
 * back to where it was taken up; any other output is left alone (what
 * went to stdout, a fifo or a device cannot be taken back: the command
 * refuses such a retry).  Returns 0, or -1 (fail set).
 */
int	output_rewind(struct output *out);

/*
 * output_abort: close it; FILE stays as it was.  A temporary file goes,
 * unless keep_part is set and it holds bytes: then it is renamed to
 * FILE.sockt-part (part), which -C - takes up (output_part_adopt), and
 * kept says how many bytes it holds.  A signal that ends us does the
 * same, then tells output_on_kept's hook.
 */
void	output_abort(struct output *out);
/*
 * output_remove: output_abort, and FILE itself goes too when this
 * output wrote into it or resume says the transfer took it up (-C: curl
 * opens it before the transfer): curl's --remove-on-error after a
 * failure.  A file of another kind (a fifo, a device) stays.
 */
void	output_remove(struct output *out, int resume);

/*
 * output_on_kept: fn(part, bytes) is called from the signal handler for
 * each temporary file it kept: it must be async-signal-safe.
 */
void	output_on_kept(void (*fn)(const char *, unsigned long long));

/*
 * output_part_adopt: -C - on path: an unfinished path.sockt-part, if
 * there is one, becomes path (renamed over it) so the resume goes on
 * from its bytes.  Returns 1 when it did, 0 when there was none, -1
 * with errno.
 */
int	output_part_adopt(const char *path);

/*
 * output_again: out as output_init left it, for a try that opens it
 * anew (a resume's retry continues FILE where the last try left it):
 * whatever it had open aborted; its path and how it is made kept.
 */
void	output_again(struct output *out);

/*
 * output_continue: write into FILE itself from offset on instead of a
 * temporary file (a resumed download): FILE must be a regular file of
 * at least offset bytes (at offset 0 a missing one is made); what lies
 * past offset is cut off.  Returns 0, or -1 (fail set).
 */
int	output_continue(struct output *out, uint64_t offset);

/*
 * output_mtime: set the access and modification times of a regular
 * file output (the temporary file, which keeps them through the
 * rename) to t; opens it first.  Anything else is left alone.  Returns
 * 0, or -1 (fail set).
 */
int	output_mtime(struct output *out, long long t);

/*
 * output_tty_check: curl's rule for a body to a terminal (curl 7.88's
 * tool_cb_wrt.c): with tty_guard set, stdout a terminal and fewer than
 * OUTPUT_TTY_SNIFF bytes written so far, p[0..n) holding a NUL byte is
 * binary and refused (fail OUTPUT_FAIL_BINARY), the terminal's state
 * spared.  Returns 0, or -1.
 */
int	output_tty_check(struct output *out, const void *p, size_t n);

/* output_failed: record a failure of a write done on out->fd directly. */
void	output_failed(struct output *out, int e);

/*
 * The output's name and place (outname.c).
 *
 * output_name: out for a body of u as -o (file) or -O (remote) name it,
 * in dir (--output-dir) when the name is relative (url_output_path):
 * name (PATH_MAX bytes) holds the path; FILE's missing directories are
 * made with mode mkdirs as it is opened (0: none), so a transfer that
 * fails first leaves none.  Returns 0 with out to stdout, 1 with out to
 * name; -1 with err (SK_ERRLEN) filled when -O finds no name in u; -2
 * when the path does not fit, with *base the name that dir did not
 * take.
 */
struct url;
int	output_name(struct output *out, const struct url *u, int remote,
	    const char *file, const char *dir, mode_t mkdirs, char *name,
	    const char **base, char *err);

/*
 * output_cd_name: -J: the file name the final head r's
 * Content-Disposition gives (parse/cdisp.h), in dir (NULL: here), into
 * name (PATH_MAX bytes: out's path), never over an existing file unless
 * clobber.  Returns 1 with the name; 0 when r names none (the URL's
 * stays, as curl); -1 when the name has no safe reading; -2 when dir
 * and it do not fit (base, CDISP_NAMEMAX + 1 bytes, holds it).
 */
struct http_resp;
int	output_cd_name(struct output *out, const struct http_resp *r,
	    const char *dir, int clobber, char *name, char *base);

/*
 * output_dir: --output-dir, where files go: made with mode when mode is
 * not 0 (mkdir -p), else it must be a directory.  0, or -1 with errno
 * (ENOTDIR: something else is there).
 */
int	output_dir(const char *dir, mode_t mode);

/*
 * output_dump: -D FILE: head p[0..n) after those before, the file
 * opened (truncated) at the first into *fd (-1 until then; the caller
 * closes it).  0, or -1 with errno.
 */
int	output_dump(int *fd, const char *path, const char *p, size_t n);

#endif /* OUTPUT_H */
