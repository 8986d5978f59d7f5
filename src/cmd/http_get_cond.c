/*
 * cmd/http_get_cond.c: resume, ranges and conditional GET for http-get.
 * The decisions on a response head are range.c's and cond.c's (pure);
 * this file turns the options into request headers, applies those
 * decisions to the output, and says why when it refuses.  A resumed download is
 * continued in FILE itself, not in a copy: see getcond_head.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/http_get_cond.h"
#include "http/output.h"
#include "parse/cond.h"
#include "parse/httpdate.h"
#include "parse/range.h"
#include "sockt.h"
#include "util/file.h"

int
getcond_option(struct getcond *gc, int c, const char *arg, char *err)
{
	switch (c) {
	case COND_CONTINUE:
		return cond_continue_set(gc, arg, err);
	case COND_RANGE:
		gc->ranged = 1;
		return range_spec_parse(arg, &gc->spec, err);
	case COND_TIME:
		return cond_time_set(gc, arg, err);
	case COND_ETAG_SAVE:
		gc->etag_save = arg;
		return 0;
	case COND_ETAG_CMP:
		gc->etag_cmp = arg;
		return 0;
	}
	return 0;
}

/*
 * -C: FILE's size.  -C - starts there; -C N needs FILE to have at least
 * N bytes, since a continuation past its end would leave a hole.
 */
static int
resume_measure(struct getcond *gc, const char *path)
{
	struct stat st;
	uint64_t fsize = 0;

	if (path == NULL)
		return SK_CONTINUE;
	gc->has_file = 1;
	if (stat(path, &st) == -1) {
		if (errno != ENOENT) {
			msg_warn("%s", path);
			return EXIT_FAIL;
		}
	} else if (!S_ISREG(st.st_mode)) {
		msg_warnx("%s: not a regular file: cannot resume it", path);
		return EXIT_FAIL;
	} else
		fsize = (uint64_t)st.st_size;
	if (cond_resume_at(gc, fsize) == -1) {
		msg_warnx("%s: %llu bytes, fewer than the offset %llu: "
		    "nothing to continue", path,
		    (unsigned long long)gc->fsize,
		    (unsigned long long)gc->offset);
		return EXIT_FAIL;
	}
	return SK_CONTINUE;
}

/* -z DATE or -z FILE: the time, or no condition (as curl) with a warning. */
static int
time_prepare(struct getcond *gc, int silent)
{
	struct stat st;

	if (http_date_parse(gc->time_arg, strlen(gc->time_arg),
	    (long long)time(NULL), &gc->time) == -1) {
		if (stat(gc->time_arg, &st) == 0)
			gc->time = (long long)st.st_mtime;
		else
			gc->timecond = 0;
	}
	if (gc->timecond == 0) {
		/* "-z FILE -o FILE" the first time: fetch it, as curl */
		if (!silent)
			msg_warnx("time condition %s: not an HTTP date nor "
			    "a file: fetching unconditionally", gc->time_arg);
		gc->timecond = 0;
		return SK_CONTINUE;
	}
	if (cond_time_header(gc) == -1) {
		msg_warnx("time condition %s: out of range", gc->time_arg);
		return EXIT_USAGE;
	}
	return SK_CONTINUE;
}

/*
 * --etag-compare FILE: its first line.  No file, or an empty one, sends
 * no If-None-Match (curl sends an empty one: it matches nothing).
 */
static int
etag_prepare(struct getcond *gc)
{
	char b[COND_ETAGMAX + 2];
	size_t n;
	long len;

	if (read_prefix(gc->etag_cmp, b, sizeof(b), &n) == -1) {
		if (errno == ENOENT)
			return SK_CONTINUE;
		msg_warn("%s", gc->etag_cmp);
		return EXIT_FAIL;
	}
	if ((len = cond_etag_line(b, n, COND_ETAGMAX)) == -1) {
		msg_warnx("%s: entity-tag longer than %d bytes", gc->etag_cmp,
		    COND_ETAGMAX);
		return EXIT_FAIL;
	}
	if (len == -2) {
		msg_warnx("%s: not an entity-tag", gc->etag_cmp);
		return EXIT_FAIL;
	}
	if (len > 0)
		snprintf(gc->etag_hdr, sizeof(gc->etag_hdr),
		    "If-None-Match: %s", b);
	return SK_CONTINUE;
}

int
getcond_prepare(struct getcond *gc, const char *path, char *const *user,
    int nuser, const char **f, int *nf, int silent)
{
	int rc;

	if (gc->resume && (rc = resume_measure(gc, path)) != SK_CONTINUE)
		return rc;
	if (gc->timecond != 0 && (rc = time_prepare(gc, silent)) != SK_CONTINUE)
		return rc;
	if (gc->etag_cmp != NULL && (rc = etag_prepare(gc)) != SK_CONTINUE)
		return rc;
	return cond_fields(gc, user, nuser, f, nf) == -1 ? EXIT_FAIL :
	    SK_CONTINUE;
}

/* Last-Modified and ETag of the final head, for -z, -R, --etag-save. */
static void
record(struct getcond *gc, const struct http_resp *r)
{
	gc->checked = 1;
	cond_validators(r, (long long)time(NULL), &gc->last_modified,
	    gc->etag, COND_ETAGMAX);
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
 * The verdict on a resume.  A 206 that continues at the offset is
 * written into FILE itself (output_continue) rather than into a
 * temporary copy: a copy would cost the whole partial file again for
 * every resume of a large download, and appending after a verified
 * offset never changes a byte before it, so a failure part-way leaves
 * a longer correct prefix, which is what the next -C - wants.  Anything
 * else that is not a complete answer leaves FILE untouched: a whole
 * body (200) goes to the temporary file and replaces FILE only once
 * complete, and an error status writes nothing.  Returns as
 * getcond_head: 0, or -1 after saying why.
 */
static int
resume_head(struct getcond *gc, const struct http_resp *r, struct output *out)
{
	char err[SK_ERRLEN];

	gc->verdict = range_resume_check(r, gc->offset, &gc->cr, err);
	switch (gc->verdict) {
	case RANGE_APPEND:
		if (out->path != NULL && output_continue(out, gc->offset) ==
		    -1) {
			errno = out->err;
			msg_warn("%s", out->path);
			return -1;
		}
		return 0;
	case RANGE_RESTART:
		if (out->path == NULL) {
			msg_warnx("the server ignored the range (status %d): "
			    "cannot start over on stdout", r->status);
			return -1;
		}
		return 0;
	case RANGE_DONE:
		if (r->status == 416 && gc->has_file &&
		    gc->fsize != gc->offset) {
			msg_warnx("%s: %llu bytes, more than the offset %llu "
			    "where the server's data ends", out->path,
			    (unsigned long long)gc->fsize,
			    (unsigned long long)gc->offset);
			return -1;
		}
		keep(gc, out);
		return 0;
	default:
		msg_warnx("%s", err);
		return -1;
	}
}

int
getcond_head(struct getcond *gc, const struct http_resp *r,
    struct output *out, int head_only)
{
	char err[SK_ERRLEN];

	record(gc, r);
	if (head_only)
		return 0;
	if (r->status == 304)
		keep(gc, out);
	if (gc->resume && gc->offset > 0)
		return resume_head(gc, r, out);
	if (gc->ranged) {
		gc->verdict = range_check(r, &gc->spec, &gc->cr, err);
		if (gc->verdict == RANGE_FAIL) {
			msg_warnx("%s", err);
			return -1;
		}
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
getcond_end(struct getcond *gc, struct output *out, uint64_t done,
    int status)
{
	uint64_t want;

	if (status != EXIT_OK || !gc->checked || gc->kept)
		return status;
	if (cond_range_short(gc, done, &want)) {
		/* what came past the range is no part of FILE */
		if (done > want && out->continued && out->fd != -1)
			(void)ftruncate(out->fd, (off_t)(gc->offset + want));
		msg_warnx("%llu bytes for the range %llu-%llu of %llu bytes",
		    (unsigned long long)done, (unsigned long long)gc->cr.first,
		    (unsigned long long)gc->cr.last, (unsigned long long)want);
		return EXIT_FAIL;
	}
	if (gc->remote_time && gc->last_modified != -1 && out->path != NULL &&
	    output_mtime(out, gc->last_modified) == -1) {
		errno = out->err;
		msg_warn("%s", out->path);
		return EXIT_FAIL;
	}
	return status;
}

int
getcond_save(struct getcond *gc, int status)
{
	struct output o;
	size_t n = strlen(gc->etag);

	if (status != EXIT_OK || gc->etag_save == NULL || !gc->checked ||
	    gc->kept)
		return status;
	/* written only once the body is in place, replaced atomically */
	output_init(&o, strcmp(gc->etag_save, "-") == 0 ? NULL :
	    gc->etag_save);
	gc->etag[n] = n > 0 ? '\n' : '\0';
	if (output_write(&o, gc->etag, n > 0 ? n + 1 : 0) == -1 ||
	    output_finish(&o) == -1) {
		gc->etag[n] = '\0';
		output_abort(&o);
		errno = o.err;
		msg_warn("%s", gc->etag_save);
		return EXIT_FAIL;
	}
	gc->etag[n] = '\0';
	return status;
}
