/*
 * http/cond_io.h: http-get's resume (-C), ranges (-r) and conditional GET
 * (-z, --etag-compare, --etag-save, -R) around a transfer; the
 * decisions are parse/cond.h's and parse/range.h's, pure, and this is
 * their I/O: FILE measured, -z's file and --etag-compare's read, the
 * verdict on the final head applied to the output, -R's time set and
 * --etag-save written.  Engine: never prints; a failure is a struct
 * httpc_why (http/why.h) for the command to say.
 */
#ifndef HTTP_COND_IO_H
#define HTTP_COND_IO_H

#include <stdint.h>

#include "http/output.h"
#include "http/why.h"
#include "parse/cond.h"
#include "parse/http.h"

/*
 * hcond_prepare: once the output is known (out's path, NULL for
 * stdout): FILE measured for -C (and opened, to be written after its
 * bytes, when there is an offset), -z's date or file read,
 * --etag-compare's file read, and the request fields they add put in
 * f[*nf ..] (room for 3) but those the -H fields user[0..nuser) name
 * already.  A -z that is
 * neither a date curl reads nor a file is no condition, as curl has
 * it: it leaves gc->timecond 0 (time_arg set) for the caller's warning.
 * Returns 0; -1 with w filled; -2 when -z's time is no calendar date;
 * -3 with w filled when --etag-compare's file cannot be read (curl's
 * read error); -4 with w filled when --etag-save's cannot be made
 * (curl skips the transfer).
 */
int	hcond_prepare(struct getcond *gc, struct output *out, char *const *user,
	    int nuser, const char **f, int *nf, struct httpc_why *w);

/*
 * hcond_head: the final response head r: append, keep FILE or fail,
 * as out should do; with head_only (-I) it only notes Last-Modified
 * and ETag.  A resume goes on in FILE itself, opened by hcond_prepare;
 * one that finds the file whole sets gc->kept: its body goes nowhere.
 * Returns 0, or -1 with w filled (no body written; w->curl 33 for
 * curl's "cannot resume").
 */
int	hcond_head(struct getcond *gc, const struct http_resp *r,
	    struct output *out, int head_only, struct httpc_why *w);

/*
 * hcond_cut: a try of a resume (-C) to FILE failed: the bytes it wrote
 * into FILE itself stay there (closed now).  Returns 1 when bytes of
 * this try are in FILE now, for a retry to go on after them; else 0, out as it was (aborted later); -1
 * when it is no resume to a file (no -C, or stdout).
 */
int	hcond_cut(struct getcond *gc, struct output *out);

/*
 * hcond_again: a retry of a resume to FILE (out's path): gc from the
 * command line's opt again, its offset FILE's size now once a try (this
 * one: cut, hcond_cut's) wrote into it, out opened anew, the fields in
 * f[0..*nf) made again (after the -H fields hcond_prepare was given),
 * *resume whether a 416 answers it.  0, or -1 with w filled.
 */
int	hcond_again(struct getcond *gc, const struct getcond *opt, int cut,
	    struct output *out, const char **f, int *nf, int *resume,
	    struct httpc_why *w);

/*
 * hcond_end: after a transfer that succeeded, before its output is
 * finished: the body's size (done bytes) against its Content-Range
 * (what came past it cut off a continued FILE), and -R's time.
 * Returns 0, or -1 with w filled.
 */
int	hcond_end(struct getcond *gc, struct output *out, uint64_t done,
	    struct httpc_why *w);

/*
 * hcond_save: after the output is finished: --etag-save's file, written
 * as -o is (atomically).  Returns 0, or -1 with w filled.
 */
int	hcond_save(struct getcond *gc, struct httpc_why *w);

#endif /* HTTP_COND_IO_H */
