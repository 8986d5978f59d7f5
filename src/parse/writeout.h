/*
 * writeout.h: the --write-out FORMAT of http-get, as curl reads it: text
 * with %{variable}, %header{name}, %% and the \n \r \t \\ escapes, and
 * %{stdout} / %{stderr} to say where the rest goes.  Pure: a tokenizer
 * and a renderer that hands its bytes to a sink the command supplies;
 * no I/O, no clock.  The values come from the transfer, filled in by
 * the command.
 */
#ifndef WRITEOUT_H
#define WRITEOUT_H

#include <stddef.h>

#include "parse/http.h"

#define WO_HNAMELEN	256	/* a %header{name} this long or more: none */

/* The variables, curl 7.88's, in the (sorted) order %{json} lists them. */
enum wo_var {
	WO_CERTS,		/* the certificates' text: "" (none kept) */
	WO_CONTENT_TYPE,
	WO_ERRORMSG,		/* the failure in a line, null: none */
	WO_EXITCODE,
	WO_FILENAME_EFFECTIVE,	/* -o's or -O's file, null: stdout */
	WO_FTP_ENTRY_PATH,	/* always null: no FTP */
	WO_HTTP_CODE,
	WO_HTTP_CONNECT,	/* the CONNECT's status, 0: none */
	WO_HTTP_VERSION,	/* "1", "1.1"; "0": no response */
	WO_LOCAL_IP,
	WO_LOCAL_PORT,
	WO_METHOD,
	WO_NUM_CERTS,
	WO_NUM_CONNECTS,
	WO_NUM_HEADERS,		/* the fields of the last head */
	WO_NUM_REDIRECTS,
	WO_PROXY_SSL_VERIFY_RESULT,
	WO_REDIRECT_URL,	/* where a redirect not followed points */
	WO_REFERER,
	WO_REMOTE_IP,
	WO_REMOTE_PORT,
	WO_RESPONSE_CODE,	/* curl's other name for http_code */
	WO_SCHEME,
	WO_SIZE_DOWNLOAD,
	WO_SIZE_HEADER,
	WO_SIZE_REQUEST,
	WO_SIZE_UPLOAD,		/* always 0: GET uploads nothing */
	WO_SPEED_DOWNLOAD,
	WO_SPEED_UPLOAD,
	WO_SSL_VERIFY_RESULT,
	WO_TIME_APPCONNECT,
	WO_TIME_CONNECT,
	WO_TIME_NAMELOOKUP,
	WO_TIME_PRETRANSFER,
	WO_TIME_REDIRECT,
	WO_TIME_STARTTRANSFER,
	WO_TIME_TOTAL,
	WO_URL,			/* the URL as the user gave it */
	WO_URL_EFFECTIVE,
	WO_URLNUM,		/* its place among them, from 0 */
	WO_NVALUES,		/* the rest are no values: */
	WO_HEADER_JSON,		/* the last head's fields as JSON */
	WO_JSON,		/* all of the above as one JSON object */
	WO_ONERROR,		/* the rest only when the transfer failed */
	WO_STDOUT,		/* what follows goes to stdout */
	WO_STDERR		/* ... or to stderr */
};

enum wo_kind {
	WO_END,
	WO_TEXT,		/* p[0..n) as it is */
	WO_VAR,			/* var */
	WO_HEADER,		/* the field named p[0..n) */
	WO_UNKNOWN		/* %{p[0..n)}, no variable of ours */
};

struct wo_tok {
	enum wo_kind	 kind;
	enum wo_var	 var;
	const char	*p;
	size_t		 n;
};

/*
 * wo_next: the token at fmt[*pos], of fmt[0..len); *pos moves past it.
 * Returns its kind, WO_END at the end.  As in curl: "%{" with no "}"
 * after it, "%" and "\" before any other byte and at the end are text.
 */
enum wo_kind wo_next(const char *fmt, size_t len, size_t *pos,
	    struct wo_tok *t);

/* What the transfer gave; times in microseconds from its start. */
struct wo_values {
	int		 http_code;	/* 0: no response */
	int		 exitcode;
	long long	 num_redirects;
	unsigned long long size_download;
	unsigned long long size_header;
	long long	 time_namelookup;
	long long	 time_connect;
	long long	 time_starttransfer;
	long long	 time_total;
	long long	 time_appconnect;	/* TLS done, 0: none */
	long long	 time_pretransfer;	/* the request about to go */
	long long	 time_redirect;		/* the redirects' steps */
	long long	 num_connects;	/* connections made for it */
	unsigned long long size_request;	/* request heads sent */
	int		 http_connect;	/* a CONNECT's status, 0: none */
	int		 num_certs;	/* the server's chain (https) */
	const char	*certs;		/* ... as text, curl's; NULL: "" */
	const char	*local_ip;	/* "" before a connection */
	int		 local_port;
	const char	*method;	/* "GET", "HEAD" */
	const char	*errormsg;	/* NULL: it did not fail */
	const char	*filename;	/* the output file, NULL: stdout */
	const char	*redirect_url;	/* NULL: none */
	const char	*referer;	/* NULL: none sent */
	const char	*version;	/* %{json}'s "curl_version", or NULL */
	const char	*url;		/* as given, NULL: none */
	int		 urlnum;	/* from 0, as curl */
	const char	*url_effective;
	const char	*remote_ip;	/* "" before a connection */
	int		 remote_port;	/* 0 before a connection */
	const char	*scheme;	/* "HTTP", "HTTPS", NULL: no URL */
	long		 ssl_verify_result;	/* X509_V_ code, 0: verified */
	long		 proxy_ssl_verify_result;	/* an https:// proxy's */
	const struct http_resp *resp;	/* the last response head, or NULL */
};

/* Where the output goes: put(arg, to_stderr, p, n). */
struct wo_sink {
	void	 *arg;
	void	(*put)(void *arg, int to_stderr, const char *p, size_t n);
	/* a %{name} it does not know, or NULL */
	void	(*unknown)(void *arg, const char *name, size_t n);
};

/* wo_render: fmt[0..len) with the values, to the sink (stdout first). */
void	wo_render(const char *fmt, size_t len, const struct wo_values *v,
	    const struct wo_sink *k);

/*
 * wo_strip_lines: a format read from a file, as curl takes it: the lines
 * joined, each cut at its first CR.  In place; returns the new length.
 */
size_t	wo_strip_lines(char *p, size_t n);

#endif /* WRITEOUT_H */
