/*
 * parse/wsext.h: Sec-WebSocket-Extensions (RFC 6455 9.1) read, and the
 * permessage-deflate negotiation of RFC 7692 section 7: which offer a
 * server takes and what it answers, whether a server's answer to our
 * offer may be taken.  Pure: no I/O (ws/ws_deflate.c does the zlib
 * side).
 */
#ifndef WSEXT_H
#define WSEXT_H

#include <stddef.h>

#define WSEXT_NAME_MAX	64	/* an extension's or a parameter's name */
#define WSEXT_PARAMS	8	/* parameters of one extension */
#define WSEXT_PMD	"permessage-deflate"
#define WSEXT_TEXT_MAX	160	/* a permessage-deflate line, formatted */

struct wsext_param {
	char	name[WSEXT_NAME_MAX];
	char	value[WSEXT_NAME_MAX];	/* unquoted */
	int	has_value;
};

struct wsext {
	char	name[WSEXT_NAME_MAX];
	int	nparams;
	struct wsext_param p[WSEXT_PARAMS];
};

/*
 * wsext_next: the next extension of the list s[0..n) from *pos on (empty
 * elements skipped, as RFC 9110's lists allow), quoted values undone.
 * Returns 1 with e filled and *pos past it, 0 at the list's end, -1 with
 * err when the list breaks RFC 6455 9.1's grammar (or a name is longer
 * than WSEXT_NAME_MAX - 1, or has more than WSEXT_PARAMS parameters).
 */
int	wsext_next(const char *s, size_t n, size_t *pos, struct wsext *e,
	    char *err);

/*
 * permessage-deflate's parameters.  The window bits are 8 to 15, 0 when
 * the parameter is absent; client_max_window_bits is -1 in an offer
 * that names it without a value (the client can take a limit).
 */
struct wsext_pmd {
	int	server_no_context_takeover;
	int	client_no_context_takeover;
	int	server_max_window_bits;
	int	client_max_window_bits;
};

/*
 * wsext_pmd_params: e's parameters read as permessage-deflate's, those
 * of an offer (response 0) or of a server's answer (1).  0, or -1 with
 * err for an unknown or repeated parameter or a bad value (RFC 7692
 * 7.1: such an offer is declined, such an answer fails the connection).
 */
int	wsext_pmd_params(const struct wsext *e, int response,
	    struct wsext_pmd *p, char *err);

/*
 * wsext_pmd_accept: a server's choice among the offers of one field
 * value s[0..n), in the client's order: the first permessage-deflate
 * offer whose parameters are valid, answered in *agreed (what the 101
 * says and both sides then use: the server's no context takeover and
 * window limit as asked, the client's no context takeover as hinted,
 * no limit on the client's window: we inflate with any).  Returns 1,
 * 0 when no offer can be taken (err says why, or is empty when none was
 * permessage-deflate), -1 with err for a list that does not parse.
 */
int	wsext_pmd_accept(const char *s, size_t n, struct wsext_pmd *agreed,
	    char *err);

/*
 * wsext_pmd_response: one Sec-WebSocket-Extensions field of a server's
 * 101, s[0..n), read against our offer ("permessage-deflate;
 * client_max_window_bits"); *count counts the extensions agreed over
 * every field.  0 with *agreed filled, or -1 with err: another
 * extension, permessage-deflate twice, a parameter RFC 7692 refuses.
 */
int	wsext_pmd_response(const char *s, size_t n, struct wsext_pmd *agreed,
	    int *count, char *err);

/*
 * wsext_pmd_format: p as a field value ("permessage-deflate;
 * server_no_context_takeover; ..."), into buf (cap bytes, at least
 * WSEXT_TEXT_MAX).  Its length.
 */
size_t	wsext_pmd_format(const struct wsext_pmd *p, char *buf, size_t cap);

/*
 * wsext_pmd_bits: the window bits a compressor may use under a limit of
 * max bits (0: none, 15): zlib's raw deflate takes 9 at least, and with
 * 9 its matches reach back 250 bytes at most (its window less 262 bytes
 * of look-ahead), within the 256 of a limit of 8 (RFC 7692 7.1.2.1).
 */
int	wsext_pmd_bits(int max);

#endif /* WSEXT_H */
