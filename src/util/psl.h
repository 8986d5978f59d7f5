/*
 * util/psl.h: the public suffix list ("co.uk", "github.io": names under
 * which anyone may register), read through the system's libpsl
 * (libpsl.so.5, or SOCKT_PSL_LIB) opened once at run time through
 * util/dl.h, as curl 7.88 reads it: the list the system keeps updated
 * (psl_latest), else the one built into the library.  The cookie rules
 * ask it whether a Domain attribute would make a supercookie.  Does I/O
 * (dlopen, the list's file), never prints, never exits.
 */
#ifndef UTIL_PSL_H
#define UTIL_PSL_H

#define PSL_LIB_NAME	"libpsl.so.5"

/*
 * psl_load: open libpsl and its list once (later calls say the same).
 * 0, or -1 with err (SK_ERRLEN): "libpsl.so.5 (libpsl), which was not
 * found", "libpsl: NAME has no SYMBOL", "libpsl: no list".
 */
int	psl_load(char *err);
/*
 * psl_cookie_ok: may host set a cookie for domain (both names, any
 * case)?  libpsl's psl_is_cookie_domain_acceptable: domain is host, or
 * a suffix of it longer than host's public suffix.  1 or 0; 1 when the
 * library is not loaded or a name is too long to ask about.
 */
int	psl_cookie_ok(const char *host, const char *domain);
/* After a successful psl_load: libpsl's version and the file opened. */
const char *psl_version(void);
const char *psl_name(void);

#endif /* UTIL_PSL_H */
