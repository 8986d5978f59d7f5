/*
 * http/cond_io.c: resume, ranges and conditional GET around a transfer
 * (http/cond_io.h).  The decisions on a response head are parse/range.c's
 * and parse/cond.c's (pure); this file measures and reads the files,
 * turns the options into request fields and applies the decisions to
 * the output.  A resumed download is continued in FILE itself, not in
 * a copy: see resume_head.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/cond_io.h"
#include "http/output.h"
#include "http/why.h"
#include "parse/cond.h"
#include "parse/curldate.h"
#include "parse/range.h"
#include "util/base.h"
#include "util/file.h"

/*
 * -C: FILE's size, where -C - starts.  What an unfinished -o kept
 * beside FILE (FILE.sockt-part) is what -C - goes on from: it becomes
 * FILE first.  With an offset, FILE is opened now, made if missing, and
 * what comes is written after its bytes, curl's "ab" (the -i heads,
 * then the body), even when FILE is shorter than the offset: curl sends
 * the Range all the same ("-C 1000 -o tail" keeps a resource's tail).
 * From 0 (-C - with no FILE yet, or an empty one), the body is written
 * into FILE itself, made as its first byte is due, as curl and wget -c
 * write it, so a cut, a signal or a crash leaves the bytes that came
 * for the next -C - to go on from; there was nothing for a partial file
 * to replace.  A decoded body (--compressed) is not the resource's
 * bytes: it goes to the temporary file.
 */
static int
resume_measure(struct getcond *gc, struct output *out, struct httpc_why *w)
{
	const char *path = out->path;
	struct stat st;
	uint64_t fsize = 0;

	if (path == NULL)
		return 0;
	gc->has_file = 1;
	if (gc->resume_file && output_part_adopt(path) == -1)
		return why_errno(w, path, errno);
	if (stat(path, &st) == -1) {
		if (errno != ENOENT)
			return why_errno(w, path, errno);
	} else if (!S_ISREG(st.st_mode))
		return why_text(w, path, "not a regular file: cannot resume "
		    "it");
	else
		fsize = (uint64_t)st.st_size;
	(void)cond_resume_at(gc, fsize);
	if (gc->offset == 0)
		out->inplace = !gc->compressed;
	else if (output_continue(out, fsize) == -1)
		return why_errno(w, path, out->err);
	return 0;
}

/*
 * -z DATE or -z FILE: the time, or no condition (timecond 0, as curl).
 * 0, or -2 when the time is out of range.
 */
static int
time_prepare(struct getcond *gc)
{
	struct stat st;

	/* a date as curl reads it first, then a file, as curl 7.88 */
	if (curldate_parse(gc->time_arg, &gc->time) == -1) {
		if (stat(gc->time_arg, &st) == 0)
			gc->time = (long long)st.st_mtime;
		else {
			/* "-z FILE -o FILE" the first time: fetch it */
			gc->timecond = 0;
			return 0;
		}
	}
	return cond_time_header(gc) == -1 ? -2 : 0;
}

/*
 * --etag-compare FILE: its first line.  An empty file sends
 * If-None-Match: "" as curl's (an entity-tag that matches nothing), and
 * so does a file that cannot be read beside --etag-save (the first run
 * of "--etag-compare F --etag-save F"); without --etag-save that fails,
 * as curl's "Failed to open" (-3: its exit 26).
 */
static int
etag_prepare(struct getcond *gc, struct httpc_why *w)
{
	char b[COND_ETAGMAX + 2];
	size_t n;
	long len;

	if (read_prefix(gc->etag_cmp, b, sizeof(b), &n) == -1) {
		if (gc->etag_save != NULL)
			goto none;
		(void)why_errno(w, gc->etag_cmp, errno);
		return -3;
	}
	if ((len = cond_etag_line(b, n, COND_ETAGMAX)) == -1)
		return why_text(w, gc->etag_cmp, "entity-tag longer than %d "
		    "bytes", COND_ETAGMAX);
	if (len == -2)
		return why_text(w, gc->etag_cmp, "not an entity-tag");
	if (len > 0) {
		(void)snprintf(gc->etag_hdr, sizeof(gc->etag_hdr),
		    "If-None-Match: %s", b);
		return 0;
	}
none:
	(void)snprintf(gc->etag_hdr, sizeof(gc->etag_hdr),
	    "If-None-Match: \"\"");
	return 0;
}

int
hcond_prepare(struct getcond *gc, struct output *out, char *const *user,
    int nuser, const char **f, int *nf, struct httpc_why *w)
{
	int rc;

	gc->user = user;
	gc->nuser = nuser;
	if (gc->resume && resume_measure(gc, out, w) == -1)
		return -1;
	if (gc->timecond != 0 && time_prepare(gc) == -2)
		return -2;
	if (gc->etag_cmp != NULL && (rc = etag_prepare(gc, w)) != 0)
		return rc;
	/*
	 * --etag-save FILE that cannot be made: curl opens it first and
	 * skips the transfer, no failure ("Skip this transfer")
	 */
	if (gc->etag_save != NULL && strcmp(gc->etag_save, "-") != 0) {
		if ((rc = open(gc->etag_save, O_WRONLY | O_CREAT | O_APPEND |
		    O_CLOEXEC, 0666)) == -1) {
			(void)why_errno(w, gc->etag_save, errno);
			return -4;
		}
		(void)close(rc);
	}
	/* the Range field always fits */
	if (cond_fields(gc, user, nuser, f, nf) == -1)
		return why_text(w, NULL, "the Range field does not fit");
	return 0;
}

/* FILE is current: nothing of the body goes anywhere. */
static void
keep(struct getcond *gc, struct output *out)
{
	gc->kept = 1;
	out->keep = 1;
	out->discard = 1;
}

/*
 * Does the engine undo a content coding of r (--compressed)?  Then the
 * body's bytes are not the resource's: a range counts the coded bytes,
 * FILE the decoded ones, and neither continues the other (curl fails
 * such a resume with a decoding error, exit 61).
 */
static int
decoded(const struct getcond *gc, const struct http_resp *r)
{
	enum http_coding cd[HTTP_CODINGS_MAX];
	char err[SK_ERRLEN];
	int n;

	if (!gc->compressed)
		return 0;
	n = http_codings(r, 1, cd, HTTP_CODINGS_MAX, err);
	return n == -1 || n > http_codings(r, 0, cd, HTTP_CODINGS_MAX, err);
}

/*
 * The verdict on a resume, as curl's.  A body that continues the file
 * is written into FILE itself (opened at hcond_prepare) rather than
 * into a temporary copy: a copy would cost the whole partial file again
 * for every resume of a large download, and appending never changes a
 * byte before it, so a failure part-way leaves a longer correct prefix,
 * which is what the next -C - wants.  FILE longer than the offset with
 * nothing written yet (no -i head) is cut back to it, where the
 * server's range starts (curl appends after its end).  Anything else
 * writes no body: a whole file (a 416) keeps its bytes, the rest fails
 * with curl's 33.  Returns as hcond_head.
 */
static int
resume_head(struct getcond *gc, const struct http_resp *r, struct output *out,
    struct httpc_why *w)
{
	char err[SK_ERRLEN];
	uint64_t len;

	gc->verdict = range_resume_check(r, gc->offset, &gc->cr, err);
	switch (gc->verdict) {
	case RANGE_APPEND:
		if (gc->coded)
			return why_text(w, NULL, "a range with Content-Encoding:"
			    " its bytes cannot be decoded from the offset "
			    "(resume without --compressed)");
		if (out->continued && gc->fsize > gc->offset &&
		    lseek(out->fd, 0, SEEK_CUR) == (off_t)gc->fsize &&
		    (ftruncate(out->fd, (off_t)gc->offset) == -1 ||
		    lseek(out->fd, (off_t)gc->offset, SEEK_SET) == -1))
			return why_errno(w, out->path, errno);
		return 0;
	case RANGE_DONE:
		gc->kept = 1;
		return 0;
	case RANGE_NORESUME:
		/* curl judges --max-filesize by Content-Length first: 63 */
		if (gc->max_size > 0 && http_content_length(r, &len, err) ==
		    1 && len > (uint64_t)gc->max_size) {
			(void)why_text(w, NULL, "maximum file size exceeded: "
			    "Content-Length %llu is over %lld bytes",
			    (unsigned long long)len, gc->max_size);
			w->curl = 63;
			return -1;
		}
		(void)why_text(w, NULL, "%s", err);
		w->curl = 33;
		return -1;
	default:
		return why_text(w, NULL, "%s", err);
	}
}

int
hcond_head(struct getcond *gc, const struct http_resp *r,
    struct output *out, int head_only, struct httpc_why *w)
{
	char err[SK_ERRLEN];

	/* Last-Modified and ETag of the final head, for -z, -R, --etag-save */
	gc->checked = 1;
	cond_validators(r, (long long)time(NULL), &gc->last_modified,
	    gc->etag, COND_ETAGMAX);
	if (head_only)
		return 0;
	if (r->status == 304)
		keep(gc, out);
	gc->coded = decoded(gc, r);
	if (gc->resume && gc->offset > 0)
		return resume_head(gc, r, out, w);
	if (gc->ranged) {
		gc->verdict = range_check(r, &gc->spec, &gc->cr, err);
		if (gc->verdict == RANGE_FAIL)
			return why_text(w, NULL, "%s", err);
	}
	/*
	 * A server that ignores the condition: curl compares Last-Modified
	 * itself and writes nothing when the condition fails; so do we.
	 */
	if (cond_time_failed(gc->timecond, gc->time, gc->last_modified,
	    r->status))
		keep(gc, out);
	return 0;
}

int
hcond_cut(struct getcond *gc, struct output *out)
{
	struct stat st;
	int grew;

	if (!gc->resume || out->path == NULL)
		return -1;
	if (!gc->checked || gc->kept || out->fd == -1 ||
	    fstat(out->fd, &st) == -1)
		return 0;
	if (!out->continued)
		return 0;
	grew = (uint64_t)st.st_size > out->start;
	return output_finish(out) == 0 && grew;
}

int
hcond_again(struct getcond *gc, const struct getcond *opt, int cut,
    struct output *out, const char **f, int *nf, int *resume,
    struct httpc_why *w)
{
	char *const *user = gc->user;
	int sized = gc->resume_file || cut, nuser = gc->nuser;

	*gc = *opt;
	/*
	 * once a try wrote into FILE, what it holds came from the server:
	 * go on after it (-C N's bytes past N are replaced only before)
	 */
	gc->resume_file = sized;
	*nf = 0;
	output_again(out);
	if (hcond_prepare(gc, out, user, nuser, f, nf, w) != 0)
		return -1;
	*resume = gc->offset > 0;
	return 0;
}

int
hcond_end(struct getcond *gc, struct output *out, uint64_t done,
    struct httpc_why *w)
{
	uint64_t want;
	off_t at;

	if (!gc->checked || gc->kept)
		return 0;
	if (cond_range_short(gc, done, &want)) {
		/* what came past the range is no part of FILE */
		if (done > want && out->continued && out->fd != -1 &&
		    (at = lseek(out->fd, 0, SEEK_CUR)) != -1)
			(void)ftruncate(out->fd, at - (off_t)(done - want));
		return why_text(w, NULL, "%llu bytes for the range %llu-%llu "
		    "of %llu bytes", (unsigned long long)done,
		    (unsigned long long)gc->cr.first,
		    (unsigned long long)gc->cr.last, (unsigned long long)want);
	}
	if (gc->remote_time && gc->last_modified != -1 &&
	    gc->last_modified != COND_LM_BAD && out->path != NULL &&
	    output_mtime(out, gc->last_modified) == -1)
		return why_errno(w, out->path, out->err);
	return 0;
}

int
hcond_save(struct getcond *gc, struct httpc_why *w)
{
	struct output o;
	size_t n = strlen(gc->etag);
	int rc = 0;

	if (gc->etag_save == NULL || !gc->checked || gc->kept)
		return 0;
	/* written only once the body is in place, replaced atomically */
	output_init(&o, strcmp(gc->etag_save, "-") == 0 ? NULL :
	    gc->etag_save);
	gc->etag[n] = n > 0 ? '\n' : '\0';
	if (output_write(&o, gc->etag, n > 0 ? n + 1 : 0) == -1 ||
	    output_finish(&o) == -1) {
		output_abort(&o);
		rc = why_errno(w, gc->etag_save, o.err);
	}
	gc->etag[n] = '\0';
	return rc;
}
