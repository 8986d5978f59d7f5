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
static const struct dl_symtab *const z_tables[] = { &z_symtab };

static int loaded;		/* 1: zl is complete; -1: failed */
static char load_err[SK_ERRLEN];
static char lib_name[256];

int
zlib_load(char *why)
{
	const char *name, *missing;
	void *h;

	if (loaded == 0) {
		loaded = -1;
		name = dl_name("SOCKT_ZLIB_LIB", ZLIB_LIB_NAME);
		if ((h = dl_open(name)) == NULL)
			snprintf(load_err, sizeof(load_err), "%s (zlib), which "
			    "was not found", ZLIB_LIB_NAME);
		else if (dl_resolve(&h, 1, z_tables, 1, &missing) == -1)
			snprintf(load_err, sizeof(load_err), "zlib: %s has no "
			    "%s", name, missing);
		else if (zl.zlibVersion()[0] != ZLIB_API[0])
			snprintf(load_err, sizeof(load_err), "zlib 1.x; %s is "
			    "%s", name, zl.zlibVersion());
		else {
			snprintf(lib_name, sizeof(lib_name), "%s", name);
			loaded = 1;
		}
	}
	if (loaded == 1)
		return 0;
	snprintf(why, SK_ERRLEN, "%s", load_err);
	return -1;
}

const char *
zlib_version(void)
{
	return loaded == 1 ? zl.zlibVersion() : NULL;
}

const char *
zlib_name(void)
{
	return loaded == 1 ? lib_name : NULL;
}
