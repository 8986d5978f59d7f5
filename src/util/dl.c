/*
 * dl.c: a library opened at run time and its symbols resolved from a
 * table.  See dl.h.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/dl.h"

const char *
dl_name(const char *env, const char *dflt)
{
	const char *v = getenv(env);

	return v != NULL && v[0] != '\0' ? v : dflt;
}

void *
dl_open(const char *name)
{
	return dlopen(name, RTLD_NOW | RTLD_LOCAL);
}

int
dl_resolve(void *const *h, size_t nh, const struct dl_symtab *const *t,
    size_t nt, const char **missing)
{
	const struct dl_sym *s;
	void *p;
	size_t i, j, k;

	for (k = 0; k < nt; k++)
		for (i = 0; i < t[k]->n; i++) {
			s = &t[k]->syms[i];
			for (p = NULL, j = 0; p == NULL && j < nh; j++)
				p = dlsym(h[j], s->name);
			if (p == NULL) {
				*missing = s->name;
				return -1;
			}
			/* POSIX: a function's address fits in a void * */
			memcpy(s->slot, &p, sizeof(p));
		}
	return 0;
}

int
dl_lib_load(const struct dl_lib *l, char *err)
{
	struct dl_lib_state *st = l->st;
	const char *name, *missing;
	void *h;

	if (st->loaded == 0) {
		st->loaded = -1;
		name = dl_name(l->env, l->file);
		if ((h = dl_open(name)) == NULL)
			return dl_lib_refuse(l, err, "%s%s (%s), which was not "
			    "found", l->pre, l->file, l->what);
		if (dl_resolve(&h, 1, &l->tab, 1, &missing) == -1)
			return dl_lib_refuse(l, err, "%s%s: %s has no %s",
			    l->pre, l->what, name, missing);
		(void)snprintf(st->name, sizeof(st->name), "%s", name);
		st->loaded = 1;
		return 1;
	}
	if (st->loaded == 1)
		return 0;
	(void)snprintf(err, SK_ERRLEN, "%s", st->err);
	return -1;
}

int
dl_lib_refuse(const struct dl_lib *l, char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(l->st->err, sizeof(l->st->err), fmt, ap);
	va_end(ap);
	l->st->loaded = -1;
	(void)snprintf(err, SK_ERRLEN, "%s", l->st->err);
	return -1;
}
