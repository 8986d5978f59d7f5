/*
 * util/idn.h: international host names (IDNA 2008 with UTS #46, as curl
 * 7.88 asks libidn2) turned into their ASCII form ("bücher.example" into
 * "xn--bcher-kva.example") by the system's libidn2 (libidn2.so.0, or
 * SOCKT_IDN2_LIB), opened once at run time through util/dl.h as zlib
 * and OpenSSL are: the binary links libc alone.  Does I/O (dlopen),
 * never prints, never exits.
 */
#ifndef UTIL_IDN_H
#define UTIL_IDN_H

#include <stddef.h>

#define IDN2_LIB_NAME	"libidn2.so.0"

/*
 * idn_load: open libidn2 once (later calls say the same).  0, or -1 with
 * err (SK_ERRLEN): "libidn2.so.0 (libidn2), which was not found" or
 * "libidn2: NAME has no SYMBOL".
 */
int	idn_load(char *err);
/*
 * idn_host_ascii: host (UTF-8, NUL-terminated, cap bytes of room)
 * replaced by its ASCII form.  0, or -1 with err (SK_ERRLEN) filled and
 * *nolib 1 when libidn2 could not be opened (err then says so), 0 when
 * the name is no valid international name or its form does not fit.
 */
int	idn_host_ascii(char *host, size_t cap, int *nolib, char *err);
/* After a successful idn_load: libidn2's version and the file opened. */
const char *idn_version(void);
const char *idn_name(void);

#endif /* UTIL_IDN_H */
