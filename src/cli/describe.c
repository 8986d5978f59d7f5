/*
 * cli/describe.c: a command's options from its table, each once with
 * all its spellings, for the completions and the tests (describe.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/describe.h"
#include "cli/msg.h"
#include "parse/opt.h"

static const char *const comp_names[] = {
	"none", "file", "host", "port", "words"
};

struct walk {
	const struct opt_def *tabs[OPT_MAXTABS + 1];
	char		 done[2048];	/* the names told so far */
	void		(*fn)(const struct cli_optdesc *, void *);
	void		*arg;
};

/* The help line that describes row r of tab (r's, or the one above). */
static const char *
help_of(const struct opt_def *tab, const struct opt_def *r)
{
	while (r > tab && (r->rflags & OPT_R_SAME))
		r--;
	return r->help;
}

/*
 * Option id, described by help (or NULL), to w->fn, unless every name
 * of it was told already.
 */
static void
describe_one(struct walk *w, int id, const char *help)
{
	const struct opt_def *r, *def;
	struct cli_optdesc d;
	char name[64];
	size_t i, n = 0, dl;
	int pass;

	/* its first row, even one a letter of the command's own hides */
	for (i = 0, def = NULL; def == NULL && w->tabs[i] != NULL; i++)
		for (r = w->tabs[i]; def == NULL && r->id != 0; r++)
			if (r->id == id && !(r->rflags & OPT_R_DOC))
				def = r;
	if (def == NULL)
		return;
	d.names[0] = '\0';
	/* the letter first, then the long names, as the tables give them */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; w->tabs[i] != NULL; i++)
			for (r = w->tabs[i]; r->id != 0; r++) {
				if (r->id != id || (r->rflags & OPT_R_DOC))
					continue;
				if (pass == 0 && r->letter != 0)
					(void)snprintf(name, sizeof(name), "-%c",
					    r->letter);
				else if (pass == 1 && r->name != NULL)
					(void)snprintf(name, sizeof(name),
					    "%s%s", r->name[0] == '-' ? "" :
					    "--", r->name);
				else
					continue;
				if (opt_word_in(w->done, name) ||
				    opt_word_in(d.names, name) ||
				    n >= sizeof(d.names))
					continue;
				n += (size_t)snprintf(d.names + n,
				    sizeof(d.names) - n, "%s%s", n ? " " : "",
				    name);
			}
	if (n == 0 || n >= sizeof(d.names))
		return;
	dl = strlen(w->done);
	(void)snprintf(w->done + dl, sizeof(w->done) - dl, " %s", d.names);
	d.arg = def->has_arg == 1 ? def->arg : "";
	d.kind = def->has_arg == 1 ? comp_names[def->comp] : "";
	d.words = def->comp == COMP_WORDS ? def->words : "";
	d.desc = opt_desc(help, &d.desclen);
	w->fn(&d, w->arg);
}

void
cli_options(const struct cli_spec *spec,
    void (*fn)(const struct cli_optdesc *d, void *arg), void *arg)
{
	const struct opt_def *r, *tab = spec->opts;
	struct walk w;
	size_t i;

	cli_tables(spec, w.tabs);
	w.done[0] = '\0';
	w.fn = fn;
	w.arg = arg;
	/* in the order of --help, each option where it is first described */
	for (r = tab; r->id != 0; r++)
		if (r->id > 0)
			describe_one(&w, r->id, help_of(tab, r));
	/* then any the help does not describe */
	for (i = 0; w.tabs[i] != NULL; i++)
		for (r = w.tabs[i]; r->id != 0; r++)
			if (r->id > 0)
				describe_one(&w, r->id, NULL);
}

static void
describe_line(const struct cli_optdesc *d, void *arg)
{
	(void)arg;
	printf("O\t%s\t%s\t%s\t%s\t%.*s\n", d->names, d->arg, d->kind,
	    d->words, (int)d->desclen, d->desc);
}

int
cli_describe(const struct cli_spec *spec)
{
	const char *u, *e;

	msg_stdout_text();
	for (u = spec->usage; *u != '\0'; u = *e ? e + 1 : e) {
		if ((e = strchr(u, '\n')) == NULL)
			e = u + strlen(u);
		printf("U\t%.*s\n", (int)(e - u), u);
	}
	cli_options(spec, describe_line, NULL);
	return fflush(stdout) == EOF ? -1 : 0;
}
