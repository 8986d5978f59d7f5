/*
 * util/dl.h: a library opened at run time: the one way sockt opens the
 * system's OpenSSL 3 (tls/tls.c) and zlib (http/decode.c), so the binary
 * links libc alone and a machine without them still runs everything
 * else.  A library is named by an environment variable when set (for
 * the tests and for a library elsewhere), else by its soname; every
 * symbol a module calls is resolved at once from a table, and a library
 * that lacks one is refused by its name, never called through a null
 * pointer.  Does I/O (dlopen), never prints, never exits.
 */
#ifndef DL_H
#define DL_H

#include <stddef.h>

#include "util/base.h"

/* One symbol: its name, and the address of the function pointer to set. */
struct dl_sym {
	const char	*name;
	void		*slot;
};

/* A module's table of symbols. */
struct dl_symtab {
	const struct dl_sym *syms;
	size_t		 n;
};

#define DL_SYM(fns, name)	{ #name, &(fns).name }
#define DL_SYMTAB(tab)		{ (tab), sizeof(tab) / sizeof((tab)[0]) }

/*
 * dl_name: the library to open: the value of the environment variable
 * env when it is set and not empty, else dflt.
 */
const char *dl_name(const char *env, const char *dflt);

/*
 * dl_open: the library name opened with every symbol bound now and none
 * made global.  Returns its handle, or NULL when it cannot be opened.
 */
void	*dl_open(const char *name);

/*
 * dl_resolve: every symbol of the nt tables t, each from the first of
 * the nh handles h that has it, stored through its slot.  Returns 0, or
 * -1 with *missing the name of the first symbol none of them has (the
 * slots before it may be set).
 */
int	dl_resolve(void *const *h, size_t nh, const struct dl_symtab *const *t,
	    size_t nt, const char **missing);

/*
 * A library of one table, opened once for the module that calls it
 * (zlib, libidn2, libpsl, brotli, zstd): env names it, else file; what
 * is what a user installs; pre goes before each refusal ("br decoding
 * needs ", or "").  Constant; what loading it came to is in st, a
 * static of the module's (zero: not tried yet).
 */
struct dl_lib_state {
	int		 loaded;	/* 1: complete; -1: refused */
	char		 err[SK_ERRLEN];
	char		 name[256];	/* the one opened, once loaded */
};
struct dl_lib {
	const char	*env, *file, *what, *pre;
	const struct dl_symtab *tab;
	struct dl_lib_state *st;
};

/*
 * dl_lib_load: l opened and its table resolved the first time, then the
 * same answer: 1 loaded just now (the caller may check its version and
 * refuse it with dl_lib_refuse), 0 loaded before, or -1 with err
 * (SK_ERRLEN) "PRE FILE (WHAT), which was not found" or "PRE WHAT: NAME
 * has no SYMBOL".
 * dl_lib_refuse: l refused with the words fmt makes, into l->err and
 * err.  Returns -1.
 */
int	dl_lib_load(const struct dl_lib *l, char *err);
int	dl_lib_refuse(const struct dl_lib *l, char *err, const char *fmt, ...);

#endif /* DL_H */
