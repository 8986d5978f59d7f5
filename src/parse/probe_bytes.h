/*
 * parse/probe_bytes.h: the bytes of portscan's service probes and those
 * they bring back, pure (no I/O) so the unit tests and the fuzzer link
 * them alone; a probe's steps are scan/probe.c's.
 *
 * probe_unescape turns the --probe argument into the bytes to send:
 * \r \n \t \\ \0 and \xHH are escapes, every other byte stands for
 * itself.  probe_http builds the HEAD request of --probe http and
 * probe_http_reply picks the status line and the Server header out of
 * what came back.  esc_text and esc_json make any bytes safe to print:
 * esc_text for a terminal or a grepable field, esc_json for the inside
 * of a JSON string.
 */
#ifndef PARSE_PROBE_BYTES_H
#define PARSE_PROBE_BYTES_H

#include <stddef.h>

#define PROBE_MAX	1024	/* bytes of a probe */

#define ESC_GREP	0x01	/* esc_text: a space becomes \x20 */
#define ESC_TRIM	0x02	/* esc_text: drop a trailing line end */
#define ESC_QUOTE	0x04	/* esc_text: a '"' becomes \x22 */
#define ESC_COMMA	0x08	/* esc_text: a ',' becomes \x2c */
#define ESC_SLASH	0x10	/* esc_text: a '/' becomes \x2f */

/*
 * probe_unescape: s into out (cap bytes, at most PROBE_MAX used), the
 * length in *len.  Returns 0, or -1 with err (SK_ERRLEN) filled for an
 * unknown or cut escape, an empty probe or one longer than PROBE_MAX.
 */
int	probe_unescape(const char *s, char *out, size_t cap, size_t *len,
	    char *err);

/*
 * probe_http: "HEAD / HTTP/1.0" with a Host header for host (a name or
 * an address; an IPv6 address gets its brackets here) and port (left out
 * when 80), into buf.  Returns the length, or 0 when it does not fit cap
 * or host holds a byte a header may not (CR, LF, NUL, other controls).
 */
size_t	probe_http(const char *host, unsigned int port, char *buf, size_t cap);

/*
 * probe_http_reply: from the n bytes b of a reply, the status line into
 * status and the value of the first Server header into server (both
 * NUL-terminated, cut to fit, without line ends; server is "" when there
 * is none).  Returns 0, or -1 when b does not start with "HTTP/".
 */
int	probe_http_reply(const char *b, size_t n, char *status, size_t slen,
	    char *server, size_t svlen);

/*
 * esc_text: the n bytes b as printable ASCII in out: \\ \r \n \t, \xHH
 * for any other byte outside 0x21-0x7e (a space stays one unless
 * ESC_GREP; '"', ',' and '/' are escaped the same way with ESC_QUOTE,
 * ESC_COMMA and ESC_SLASH, for a field those end).  Stops before an escape that would not fit; out is always
 * NUL-terminated (cap > 0).  Returns the length written.  4 * n + 1
 * bytes always suffice.
 */
size_t	esc_text(const char *b, size_t n, int flags, char *out, size_t cap);

/*
 * esc_json: the n bytes b as the inside of a JSON string: \" \\ \n \r
 * \t, and \u00HH for every other byte below 0x20 or above 0x7e, so each
 * byte is one code point (a byte 0xff is U+00FF) and the exact bytes can
 * be had back; valid JSON for any input, NUL and invalid UTF-8 too.
 * Stops before an escape that would not fit; NUL-terminated (cap > 0).
 * Returns the length written.  6 * n + 1 bytes always suffice.
 */
size_t	esc_json(const char *b, size_t n, char *out, size_t cap);

#endif /* PARSE_PROBE_BYTES_H */
