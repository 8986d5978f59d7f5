/*
 * http/errmsg.c: %{errormsg} in curl 7.88's words where wout.c has no
 * sentence of its own for a failure: the engine's reason (res->err)
 * turned into the sentence curl's transfer code fails with (its failf),
 * or curl_easy_strerror's text where curl has none (27, 63).  A table,
 * so a new failure is a row.  A failed connection (7, 28) and a failed
 * handshake (35, 60) are worded from the peer res->err names and what
 * OpenSSL said (tls/tls.h), as curl's lib/connect.c and
 * lib/vtls/openssl.c word them.
 */
#include <stdio.h>
#include <string.h>

#include "http/wout.h"
#include "tls/tls.h"

/*
 * curl's failf sentence where res->err holds ours, in rows of two
 * NUL-ended fields: the status (a byte) and ours, then curl's sentence
 * (a '%' in it: the word that follows ours in res->err, a name or a
 * count, up to a space or a colon; a '$': what follows up to its last
 * ": ", a file's name; empty: res->err is curl's already).
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
	"\034" "TLS handshake timed out\0" "SSL connection timeout\0"
	"\070" "bad chunk size\0"
	    "Illegal or missing hexadecimal sequence in chunked-encoding\0"
	"\070" "reset by peer\0" "Recv failure: Connection reset by peer\0"
	"\075" "(bad magic)\0" "Error while processing content "
	    "unencoding: incorrect header check\0"
	"\075" "unsupported content encoding\0" "Unrecognized content "
	    "encoding type. libcurl understands deflate, gzip, br, zstd "
	    "content encodings.\0"
	"\077" "\0" "Maximum file size exceeded\0"
	"\072" "client key \0" "unable to set private key file: '$' type PEM\0"
	"\115" "CA file \0" "error setting certificate file: $\0"
	"\115" "CA directory \0" "error setting certificate path: $\0"
	"\132" "\0" "SSL: public key does not match pinned public key\0";

/* The field after p's, in a packed table. */
static const char *
next_field(const char *p)
{
	return p + strlen(p) + 1;
}

/* A file's name at w: up to the last ": " (tls's "FILE: why"). */
static int
file_len(const char *w)
{
	const char *e;
	int n = (int)strcspn(w, ": ");

	for (e = w; (e = strstr(e, ": ")) != NULL; e++)
		n = (int)(e - w);
	return n;
}

/*
 * curl's cert_stuff and ossl_recv: a client certificate not loaded (58:
 * OpenSSL's first error, bare) and an error OpenSSL gave in a read, a
 * TLS 1.3 server's alert after curl's handshake too (56); -1 for
 * others.
 */
static int
client_cert(const struct httpc_result *res, int status, char *b, size_t cap)
{
	const char *f = res->err + sizeof(TLS_CLIENT_ERR "certificate ") - 1;
	int n = -1;

	if (status == 56 && res->tls_err != 0) {
		n = snprintf(b, cap, "OpenSSL SSL_read: ");
		if (n > 0 && (size_t)n < cap &&
		    tls_curl_error(res->tls_err, 0, b + n, cap - n) >= 0)
			return snprintf(b + strlen(b), cap - strlen(b),
			    ", errno %d", res->sys_err);
	} else if (status == 58 && res->tls_err != 0 && strncmp(res->err,
	    TLS_CLIENT_ERR "certificate ", (size_t)(f - res->err)) == 0) {
		n = snprintf(b, cap, "could not load PEM client certificate "
		    "from %.*s, OpenSSL error ", file_len(f), f);
		if (n > 0 && (size_t)n < cap &&
		    tls_curl_error(res->tls_err, 1, b + n, cap - n) >= 0)
			return snprintf(b + strlen(b), cap - strlen(b), ", (no "
			    "key found, wrong pass phrase, or wrong file "
			    "format?)");
	}
	return n < 0 ? -1 : (int)cap;	/* cap: it did not fit */
}

int
wout_curl_peer(const struct httpc_result *res, int status, long long ms,
    char *b, size_t cap)
{
	long v = res->detail == HTTPC_D_PROXY_CERT ? res->proxy_verify :
	    res->ssl_verify;
	const char *h, *p;
	int hl, pl;

	if (status == 56 || status == 58)
		return client_cert(res, status, b, cap);
	/* "[proxy ]HOST port PORT: why", open.c's words */
	h = strncmp(res->err, "proxy ", 6) == 0 ? res->err + 6 : res->err;
	if ((p = strstr(h, " port ")) == NULL)
		return -1;
	hl = (int)(p - h);
	p += 6;
	pl = (int)strcspn(p, ":");
	if (res->outcome == HTTPC_ERR_CONNECT)
		return res->sys_err == 0 || res->detail != HTTPC_D_NONE ? -1 :
		    snprintf(b, cap, "Failed to connect to %.*s port %.*s "
		    "after %lld ms: %s", hl, h, pl, p, ms, status == 7 ?
		    "Couldn't connect to server" : "Timeout was reached");
	/* X509_V_ERR_HOSTNAME_MISMATCH, _IP_ADDRESS_MISMATCH: curl's own
	 * check, after the handshake */
	if (status == 60 && (v == 62 || v == 64))
		return snprintf(b, cap, "SSL: no alternative certificate "
		    "subject name matches target host name '%.*s'", hl, h);
	if (status == 60)
		return v == 0 ? -1 : snprintf(b, cap, "SSL certificate "
		    "problem: %s", tls_verify_error(v));
	/* ossl_connect_step2: OpenSSL's first error, else the system's
	 * (curl's socket's words), else the SSL error's name */
	if (status != 35)
		return -1;
	if (res->tls_err != 0)
		return tls_curl_error(res->tls_err, 0, b, cap);
	if (res->sys_err != 0)
		return snprintf(b, cap, "Recv failure: %s",
		    strerror(res->sys_err));
	return snprintf(b, cap, "OpenSSL SSL_connect: SSL_ERROR_SYSCALL in "
	    "connection to %.*s:%.*s ", hl, h, pl, p);
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
		if ((pct = strpbrk(curls, "%$")) == NULL)
			return curls;
		n = *pct == '$' ? (size_t)file_len(w) : strcspn(w, ": ");
		len = snprintf(b, cap, "%.*s%.*s%s", (int)(pct - curls), curls,
		    (int)n, w, pct + 1);
	}
	return len >= 0 && (size_t)len < cap ? b : NULL;
}
