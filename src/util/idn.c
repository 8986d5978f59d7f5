/*
 * util/idn.c: international host names through the system's libidn2
 * opened once at run time (idn.h).
 */
#include <stdio.h>
#include <string.h>

#include "util/base.h"
#include "util/dl.h"
#include "util/idn.h"

/* libidn2's flags and its one success code (idn2.h, stable since 2.0) */
#define IDN2_OK			0
#define IDN2_NFC_INPUT		1
#define IDN2_TRANSITIONAL	4
#define IDN2_NONTRANSITIONAL	8

static struct {
	int		 (*idn2_lookup_u8)(const unsigned char *,
			    unsigned char **, int);
	const char	*(*idn2_strerror)(int);
	void		 (*idn2_free)(void *);
	const char	*(*idn2_check_version)(const char *);
} idn2;

static const struct dl_sym idn_syms[] = {
	DL_SYM(idn2, idn2_lookup_u8), DL_SYM(idn2, idn2_strerror),
	DL_SYM(idn2, idn2_free), DL_SYM(idn2, idn2_check_version)
};
static const struct dl_symtab idn_symtab = DL_SYMTAB(idn_syms);
static struct dl_lib_state st;
static const struct dl_lib lib = { "SOCKT_IDN2_LIB", IDN2_LIB_NAME, "libidn2",
	"", &idn_symtab, &st };

int
idn_load(char *err)
{
	return dl_lib_load(&lib, err) == -1 ? -1 : 0;
}

int
idn_host_ascii(char *host, size_t cap, int *nolib, char *err)
{
	unsigned char *out = NULL;
	size_t n;
	int rc;

	*nolib = 0;
	if (idn_load(err) == -1) {
		*nolib = 1;
		return -1;
	}
	/*
	 * curl's order: UTS #46 non-transitional (IDNA 2008: "ß" stays a
	 * letter of its own), then transitional for names only IDNA 2003
	 * reads.  UTF-8 in, whatever the locale: a URL's bytes are UTF-8
	 * (RFC 3987), where curl 7.88 reads them in the locale's charset
	 * and refuses them under LANG=C.
	 */
	rc = idn2.idn2_lookup_u8((const unsigned char *)host, &out,
	    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK)
		rc = idn2.idn2_lookup_u8((const unsigned char *)host, &out,
		    IDN2_TRANSITIONAL);
	if (rc != IDN2_OK) {
		snprintf(err, SK_ERRLEN, "%s", idn2.idn2_strerror(rc));
		return -1;
	}
	if ((n = strlen((char *)out)) >= cap) {
		idn2.idn2_free(out);
		snprintf(err, SK_ERRLEN, "its ASCII form is too long");
		return -1;
	}
	memcpy(host, out, n + 1);
	idn2.idn2_free(out);
	return 0;
}

const char *
idn_version(void)
{
	return st.loaded == 1 ? idn2.idn2_check_version(NULL) : NULL;
}

const char *
idn_name(void)
{
	return st.loaded == 1 ? st.name : NULL;
}
