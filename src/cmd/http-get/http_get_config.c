/*
 * cmd/http-get/http_get_config.c: curl's -K FILE: the file read whole,
 * each line read by parse/curlcfg.c into the words the command line
 * would have, and the words put after -K's in the parser's argv, so a
 * config file's options go through the one table, its rules and its
 * setters, and a -K in it is read in its place, as curl nests them.
 * http-get's alone, so with it (issue 63: no cli/ file serves one
 * command).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/msg.h"
#include "cmd/http-get/http_get_config.h"
#include "http/conf.h"
#include "parse/curlcfg.h"
#include "util/file.h"

#define CONFIG_FILE_MAX	(64 * 1024 * 1024)

/*
 * What one file holds for the rest of the run, in one allocation after
 * this header: the parser's new argv, the lines, the words.
 */
struct cfg_block {
	struct cfg_block *next;
};

static struct cfg_block *blocks;
static int nread, home_read;

/*
 * The lines of text[0..len) as words into w (room for CFG_WORDS a
 * line), each line copied into lines with a NUL after its newline, the
 * words made in wbuf.  Returns how many words, or -1 for a line longer
 * than curl reads.
 */
static int
config_lines(const struct opt_state *st, const char *name, const char *text,
    size_t len, char *lines, char *wbuf, char **w, int quiet)
{
	struct cfg_line l;
	const char *p, *e;
	size_t n;
	int lineno = 0, nw = 0, k, v;

	for (p = text; p < text + len; p = e) {
		e = memchr(p, '\n', (size_t)(text + len - p));
		e = e != NULL ? e + 1 : text + len;
		if ((n = (size_t)(e - p)) > CFG_LINE_MAX)
			return -1;
		lineno++;
		memcpy(lines, p, n);
		lines[n] = '\0';
		if (cfg_line(lines, &l) == 1) {
			if (l.junk && !quiet)
				msg_warnx("%s:%d: warning: '%s' uses unquoted "
				    "whitespace in the line that may cause "
				    "side-effects!", name, lineno, l.opt);
			v = cfg_words(st, &l, wbuf, 2 * n + 8, w + nw, &k);
			if (v != CFG_OK && !quiet)
				msg_warnx("%s:%d: warning: '%s' %s", name,
				    lineno, l.opt, cfg_why(v));
			nw += k;
		}
		lines += n + 1;
		wbuf += 2 * n + 8;
	}
	return nw;
}

int
hg_config(struct opt_state *st, const char *file, int quiet)
{
	struct cfg_block *b;
	const char *name = strcmp(file, "-") == 0 ? "<stdin>" : file;
	char *text, **argv, **w;
	size_t len, nl, i;
	int nw;

	if (++nread > HG_CONFIG_MAX) {
		msg_warnx("cannot read config from '%s': more than %d config "
		    "files (does one read itself?)", file, HG_CONFIG_MAX);
		return -1;
	}
	if (read_file(file, CONFIG_FILE_MAX, &text, &len) == -1) {
		msg_warn("cannot read config from '%s'", file);
		return -1;
	}
	for (nl = 1, i = 0; i < len; i++)
		nl += text[i] == '\n';
	/* the argv, the words (CFG_WORDS a line), the lines, the words' text */
	if ((b = malloc(sizeof(*b) + ((size_t)st->argc + 2 * CFG_WORDS *
	    nl + 1) * sizeof(char *) + 3 * len + 9 * nl)) == NULL) {
		free(text);
		msg_warn("cannot read config from '%s'", file);
		return -1;
	}
	argv = (char **)(void *)(b + 1);
	w = argv + st->argc + CFG_WORDS * nl + 1;
	nw = config_lines(st, name, text, len, (char *)(w + CFG_WORDS * nl),
	    (char *)(w + CFG_WORDS * nl) + len + nl, w, quiet);
	free(text);
	if (nw == -1) {
		free(b);
		errno = EFBIG;
		msg_warn("cannot read config from '%s'", file);
		return -1;
	}
	b->next = blocks;
	blocks = b;
	opt_splice(st, argv, w, nw);
	return 0;
}

void
hg_config_home(struct opt_state *st)
{
	const char *a = st->argc > 1 ? st->argv[1] : "";
	char path[PATH_MAX];

	/* curl's test: "-q" begins the word ("-qs" too) */
	if (home_read++ == 0 && strncmp(a, "-q", 2) != 0 &&
	    strcasecmp(a, "--disable") != 0 && hconf_curlrc(path, sizeof(path)))
		(void)hg_config(st, path, 0);
}

void
hg_config_free(void)
{
	struct cfg_block *b;

	while ((b = blocks) != NULL) {
		blocks = b->next;
		free(b);
	}
	nread = home_read = 0;
}
