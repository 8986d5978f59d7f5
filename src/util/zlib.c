/*
 * util/zlib.c: the system's zlib opened once at run time (zlib.h), for
 * every module that inflates or deflates.
 */
#include <stdio.h>

#include "util/base.h"
#include "util/dl.h"
#include "util/zlib.h"

struct zlib_fns zl;

static const struct dl_sym z_syms[] = {
	DL_SYM(zl, zlibVersion), DL_SYM(zl, inflateInit2_),
	DL_SYM(zl, inflate), DL_SYM(zl, inflateReset), DL_SYM(zl, inflateEnd),
	DL_SYM(zl, deflateInit2_), DL_SYM(zl, deflate),
	DL_SYM(zl, deflateParams), DL_SYM(zl, deflateReset),
	DL_SYM(zl, deflateEnd), DL_SYM(zl, crc32)
};
static const struct dl_symtab z_symtab = DL_SYMTAB(z_syms);
static struct dl_lib_state st;
static const struct dl_lib lib = { "SOCKT_ZLIB_LIB", ZLIB_LIB_NAME, "zlib", "",
	&z_symtab, &st };

int
zlib_load(char *why)
{
	int rc = dl_lib_load(&lib, why);

	if (rc == 1 && zl.zlibVersion()[0] != ZLIB_API[0])
		rc = dl_lib_refuse(&lib, why, "zlib 1.x; %s is %s", st.name,
		    zl.zlibVersion());
	return rc == -1 ? -1 : 0;
}

const char *
zlib_version(void)
{
	return st.loaded == 1 ? zl.zlibVersion() : NULL;
}

const char *
zlib_name(void)
{
	return st.loaded == 1 ? st.name : NULL;
}
