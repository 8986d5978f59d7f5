/*
 * http/errmsg.c: %{errormsg} in curl 7.88's words where wout.c has no
 * sentence of its own for a failure: the engine's reason (res->err)
 * turned into the sentence curl's transfer code fails with, else curl's
 * curl_easy_strerror text for the exit status, which curl writes when
 * its error buffer is empty.  Tables, so a new failure is a row.
 */
#include <stdio.h>
#include <string.h>

#include "http/wout.h"

/*
 * curl's failf sentence where res->err holds ours: curls, or with a
 * tail, curls, the word that follows ours in res->err (a name, a count)
 * and the tail; curls NULL: res->err is curl's already.
 */
static const struct {
	unsigned char	 status;
	const char	*ours;
	const char	*curls;
	const char	*tail;
} said[] = {
	{ 5, "proxy host ", "Could not resolve proxy: ", "" },
	{ 8, "no name or no colon", "Header without colon", NULL },
	{ 18, "inside the chunked body",
	    "transfer closed with outstanding read data remaining", NULL },
	{ 18, "closed with ", "transfer closed with ",
	    " bytes remaining to read" },
	{ 23, "", "Failure writing output to destination", NULL },
	{ 28, "Operation too slow", NULL, NULL },
	{ 56, "bad chunk size",
	    "Illegal or missing hexadecimal sequence in chunked-encoding",
	    NULL },
	{ 56, "reset by peer", "Recv failure: Connection reset by peer",
	    NULL },
	{ 61, "(bad magic)", "Error while processing content unencoding: "
	    "incorrect header check", NULL },
	{ 61, "unsupported content encoding", "Unrecognized content "
	    "encoding type. libcurl understands deflate, gzip, br, zstd "
	    "content encodings.", NULL },
	{ 90, "", "SSL: public key does not match pinned public key", NULL } };

/* curl 7.88's lib/strerror.c, for the exit statuses http-get gives */
static const struct {
	unsigned char	 status;
	const char	*text;
} strerr[] = {
	{ 1, "Unsupported protocol" },
	{ 3, "URL using bad/illegal format or missing URL" },
	{ 5, "Couldn't resolve proxy name" },
	{ 6, "Couldn't resolve host name" },
	{ 7, "Couldn't connect to server" },
	{ 8, "Weird server reply" },
	{ 16, "Error in the HTTP2 framing layer" },
	{ 18, "Transferred a partial file" },
	{ 22, "HTTP response code said error" },
	{ 23, "Failed writing received data to disk/application" },
	{ 26, "Failed to open/read local data from file/application" },
	{ 27, "Out of memory" },
	{ 28, "Timeout was reached" },
	{ 33, "Requested range was not delivered by the server" },
	{ 35, "SSL connect error" },
	{ 36, "Couldn't resume download" },
	{ 42, "Operation was aborted by an application callback" },
	{ 43, "A libcurl function was given a bad argument" },
	{ 45, "Failed binding local connection end" },
	{ 47, "Number of redirects hit maximum amount" },
	{ 49, "Malformed option provided in a setopt" },
	{ 52, "Server returned nothing (no headers, no data)" },
	{ 55, "Failed sending data to the peer" },
	{ 56, "Failure when receiving data from the peer" },
	{ 58, "Problem with the local SSL certificate" },
	{ 59, "Couldn't use specified SSL cipher" },
	{ 60, "SSL peer certificate or SSH remote key was not OK" },
	{ 61, "Unrecognized or bad HTTP Content or Transfer-Encoding" },
	{ 63, "Maximum file size exceeded" },
	{ 77, "Problem with the SSL CA cert (path? access rights?)" },
	{ 90, "SSL public key does not match pinned public key" },
	{ 97, "proxy handshake error" } };

const char *
wout_curl_error(const struct httpc_result *res, int status, int max_redirs,
    char *b, size_t cap)
{
	const char *p;
	size_t i, n;
	int len = -1;

	if (status == 47)
		len = snprintf(b, cap, "Maximum (%d) redirects followed",
		    max_redirs);
	for (i = 0; len == -1 && i < sizeof(said) / sizeof(said[0]); i++) {
		if (said[i].status != status ||
		    (p = strstr(res->err, said[i].ours)) == NULL)
			continue;
		if (said[i].curls == NULL)
			return res->err;
		p += strlen(said[i].ours);
		n = said[i].tail != NULL ? strcspn(p, ": ") : 0;
		len = snprintf(b, cap, "%s%.*s%s", said[i].curls, (int)n, p,
		    said[i].tail != NULL ? said[i].tail : "");
	}
	if (len >= 0 && (size_t)len < cap)
		return b;
	for (i = 0; i < sizeof(strerr) / sizeof(strerr[0]); i++)
		if (strerr[i].status == status)
			return strerr[i].text;
	return NULL;
}
