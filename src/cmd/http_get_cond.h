/*
 * cmd/http_get_cond.h: http-get's resume (-C), ranges (-r) and conditional
 * GET (-z, --etag-compare, --etag-save, -R): the options' values, the
 * request headers they add, the verdict on the final response head,
 * and what happens to the files at the end.  Part of the http-get
 * command (it prints its messages); included by cmd/http_get*.c only.
 */
#ifndef HTTP_COND_H
#define HTTP_COND_H

#include "cli/cli.h"
#include "http/output.h"
#include "parse/cond.h"
#include "parse/http.h"

/* Option ids, for getcond_option: the first of http-get's own. */
enum cond_id {
	COND_CONTINUE = CLI_O_OWN,	/* -C offset */
	COND_RANGE,			/* -r range */
	COND_TIME,			/* -z [-]date|file */
	COND_REMOTE_TIME,		/* -R */
	COND_ETAG_SAVE,			/* --etag-save file */
	COND_ETAG_CMP,			/* --etag-compare file */
	COND_NEXT			/* the next id free for http-get */
};

/*
 * getcond_option: option c with argument arg (NULL for -R).  Returns 0,
 * or -1 with err (SK_ERRLEN) filled for a usage error.
 */
int	getcond_option(struct getcond *gc, int c, const char *arg,
	    char *err);

/*
 * getcond_prepare: once the output is known (path, NULL for stdout):
 * measure FILE for -C, read -z and --etag-compare, and put the request
 * fields they add into f[*nf ..] (room for 3), but those the -H fields
 * user[0..nuser) name already.  Returns SK_CONTINUE to go on, or the
 * exit status after saying why.
 */
int	getcond_prepare(struct getcond *gc, const char *path, char *const *user,
	    int nuser, const char **f, int *nf, int silent);

/*
 * getcond_head: the final response head r: append, start over, keep
 * FILE or fail, as out should do; with head_only (-I) it only notes
 * Last-Modified and ETag.  Returns 0, or -1 after saying why (nothing
 * written): the head hook's answer, which it hands the engine as it is,
 * so the hooks' contract (http/engine.h), not a command step's
 * SK_CONTINUE.
 */
int	getcond_head(struct getcond *gc, const struct http_resp *r,
	    struct output *out, int head_only);

/*
 * getcond_end: after the transfer (status so far), before the output
 * is finished: the body's size against its Content-Range, and -R.
 * Returns the exit status.
 */
int	getcond_end(struct getcond *gc, struct output *out, uint64_t done,
	    int status);

/*
 * getcond_save: after the output is finished with status: --etag-save.
 * Returns the exit status.
 */
int	getcond_save(struct getcond *gc, int status);

#endif /* HTTP_COND_H */
