/*
 * cdisp.h: the file name of a Content-Disposition field (RFC 6266) for
 * http-get -J, pure (no I/O).
 */
#ifndef CDISP_H
#define CDISP_H

#include <stddef.h>

#define CDISP_NAMEMAX	255	/* bytes of a name, NAME_MAX */

/*
 * cdisp_filename: the file name the value v[0..n) gives: filename*
 * (RFC 8187, UTF-8 percent-encoded) before filename (a quoted string
 * or a token); every path part stripped (up to the last '/' or '\'),
 * so what is left names a file in the current directory.  buf holds
 * CDISP_NAMEMAX + 1 bytes.  Returns 1 with the name in buf; 0 when
 * there is no file name; -1 when the name is unsafe: empty, "." or
 * "..", a control character, longer than CDISP_NAMEMAX.
 */
int	cdisp_filename(const char *v, size_t n, char *buf);

#endif /* CDISP_H */
