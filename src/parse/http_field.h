/*
 * http_field.h: what the parsers of fields share (http_field.c), pure
 * (no I/O): the character classes of RFC 9110 that every head and field
 * parser asks (http.c, http_chunked.c, http_proxy.c, wsext.c), a -H
 * argument and a field value checked, and -H fields written as sent.
 * Apart from http.h (which includes it) so that the field checks need
 * nothing of the head parser, nor it of them but these.
 */
#ifndef HTTP_FIELD_H
#define HTTP_FIELD_H

#include <stddef.h>
#include <string.h>

/* optional white space (RFC 9110 5.6.3): a space or a TAB */
static inline int
http_ows(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * http_ctl: 1 for a control character other than HTAB, never valid in a
 * field value or a chunk extension.  Inline, as http_tchar: the head
 * parsers ask them of every byte, and every parser of fields asks them.
 */
static inline int
http_ctl(int c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* http_tchar: 1 for a byte a token may hold (RFC 9110 section 5.6.2). */
static inline int
http_tchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c != '\0' &&
	    strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/*
 * http_header_check: check a -H argument: "Name: value" (an empty value
 * removes a default header), or "Name;" (send it empty).  No CR, LF or
 * NUL anywhere, the name a token.  Returns 0, or -1 with err filled.
 */
int	http_header_check(const char *h, char *err);

/*
 * http_header_ignored: is h a -H argument curl 7.88 neither sends nor
 * lets drop a default, with no colon but for "Name;" exactly ("Name",
 * "Name;x", "Name;  ")?  It goes as curl has it go, unsaid.  1 or 0.
 */
int	http_header_ignored(const char *h);

/*
 * http_value_ok: 1 when the string may be a field value (no control
 * character but HTAB), else 0.
 */
int	http_value_ok(const char *v);

/*
 * http_fields_put: the checked -H style fields h[0..n) into buf[0..cap)
 * as sent ("Name:" with no value left out, "Name;" sent empty).
 * Returns the length, or -1 when they do not fit.  http_fields_name: 1
 * when one of them names the field name ("Name:" or "Name;"), else 0.
 */
long	http_fields_put(char *const *h, int n, char *buf, size_t cap);
int	http_fields_name(char *const *h, int n, const char *name);
/*
 * http_fields_value: the value of the first of h[0..n) that is
 * "name: value", its leading blanks skipped (curl's
 * Curl_copy_header_value keeps the trailing ones), or NULL.
 */
const char *http_fields_value(char *const *h, int n, const char *name);

#endif /* HTTP_FIELD_H */
