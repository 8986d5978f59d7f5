/*
 * util/psl.c: the public suffix list through the system's libpsl opened
 * once at run time (psl.h).
 */
#include <stdio.h>
#include <string.h>

#include "util/base.h"
#include "util/dl.h"
#include "util/psl.h"

static struct {
	const void	*(*psl_latest)(const char *);
	const void	*(*psl_builtin)(void);
	int		 (*psl_is_cookie_domain_acceptable)(const void *,
			    const char *, const char *);
	const char	*(*psl_get_version)(void);
} ps;

static const struct dl_sym psl_syms[] = {
	DL_SYM(ps, psl_latest), DL_SYM(ps, psl_builtin),
	DL_SYM(ps, psl_is_cookie_domain_acceptable),
	DL_SYM(ps, psl_get_version)
};
static const struct dl_symtab psl_symtab = DL_SYMTAB(psl_syms);
static struct dl_lib_state st;
static const struct dl_lib lib = { "SOCKT_PSL_LIB", PSL_LIB_NAME, "libpsl", "",
	&psl_symtab, &st };
static const void *list;	/* once loaded */

int
psl_load(char *err)
{
	int rc = dl_lib_load(&lib, err);

	/* the system's list, kept current, else the built-in one */
	if (rc == 1 && (list = ps.psl_latest(NULL)) == NULL &&
	    (list = ps.psl_builtin()) == NULL)
		rc = dl_lib_refuse(&lib, err, "libpsl: %s has no list",
		    st.name);
	return rc == -1 ? -1 : 0;
}

/* name in lower case into b (cap bytes): 0, or -1 when it does not fit */
static int
lower(const char *name, char *b, size_t cap)
{
	size_t i, n = strlen(name);

	if (n >= cap)
		return -1;
	for (i = 0; i <= n; i++)
		b[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] -
		    'A' + 'a') : name[i];
	return 0;
}

int
psl_cookie_ok(const char *host, const char *domain)
{
	char h[SK_HOSTLEN], d[SK_HOSTLEN];

	if (st.loaded != 1 || lower(host, h, sizeof(h)) == -1 ||
	    lower(domain, d, sizeof(d)) == -1)
		return 1;
	return ps.psl_is_cookie_domain_acceptable(list, h, d) == 1;
}

const char *
psl_version(void)
{
	return st.loaded == 1 ? ps.psl_get_version() : NULL;
}

const char *
psl_name(void)
{
	return st.loaded == 1 ? st.name : NULL;
}
