/*
 * dl.c: a library opened at run time and its symbols resolved from a
 * table.  See dl.h.
 */
#include <dlfcn.h>
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
