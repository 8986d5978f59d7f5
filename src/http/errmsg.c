/*
 * http/errmsg.c: %{errormsg} in curl 7.88's words where wout.c has no
 * sentence of its own for a failure: the engine's reason (res->err)
 * turned into the sentence curl's transfer code fails with (its failf),
 * or curl_easy_strerror's text where curl has none (27, 63).  A table,
 * so a new failure is a row.  Not every status: curl's sentence for a
 * TLS failure carries OpenSSL's words, for a failed connect the
 * system's, which http-get says in its own.
 */
#include <stdio.h>
#include <string.h>

#include "http/wout.h"

/*
 * curl's failf sentence where res->err holds ours, in rows of two
 * NUL-ended fields: the status (a byte) and ours, then curl's sentence
 * (a '%' in it: the word that follows ours in res->err, a name or a
 * count, up to a space or a colon; empty: res->err is curl's already).
 * Packed in one string, not a table of pointers: no relocations.
 */
static const char said[] =
	"\005" "proxy host \0" "Could not resolve proxy: %\0"
	"\010" "no name or no colon\0" "Header without colon\0"
	"\022" "inside the chunked body\0"
	    "transfer closed with outstanding read data remaining\0"
	"\022" "closed with \0" "transfer closed with % bytes remaining to "
	    "read\0"
	"\027" "\0" "Failure writing output to destination\0"
	"\033" "\0" "Out of memory\0"
	"\034" "Operation too slow\0" "\0"
	"\070" "bad chunk size\0"
	    "Illegal or missing hexadecimal sequence in chunked-encoding\0"
	"\070" "reset by peer\0" "Recv failure: Connection reset by peer\0"
	"\075" "(bad magic)\0" "Error while processing content "
	    "unencoding: incorrect header check\0"
	"\075" "unsupported content encoding\0" "Unrecognized content "
	    "encoding type. libcurl understands deflate, gzip, br, zstd "
	    "content encodings.\0"
	"\077" "\0" "Maximum file size exceeded\0"
	"\132" "\0" "SSL: public key does not match pinned public key\0";

/* The field after p's, in a packed table. */
static const char *
next_field(const char *p)
{
	return p + strlen(p) + 1;
}

const char *
wout_curl_error(const struct httpc_result *res, int status, int max_redirs,
    char *b, size_t cap)
{
	const char *p, *ours, *curls, *w, *pct;
	int len = -1;
	size_t n;

	if (status == 47)
		len = snprintf(b, cap, "Maximum (%d) redirects followed",
		    max_redirs);
	for (p = said; len == -1 && *p != '\0';
	    p = next_field(curls)) {
		ours = p + 1;
		curls = next_field(ours);
		if ((unsigned char)*p != status ||
		    (w = strstr(res->err, ours)) == NULL)
			continue;
		if (*curls == '\0')
			return res->err;
		w += strlen(ours);
		if ((pct = strchr(curls, '%')) == NULL)
			return curls;
		n = strcspn(w, ": ");
		len = snprintf(b, cap, "%.*s%.*s%s", (int)(pct - curls), curls,
		    (int)n, w, pct + 1);
	}
	return len >= 0 && (size_t)len < cap ? b : NULL;
}
