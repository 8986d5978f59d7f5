/*
 * cli/describe.h: a command's options as its table (the command table's
 * spec, cli.h) declares them, each once with every spelling: one by
 * one, for the completion scripts made in this process (complete.c),
 * or as text for the tests that hold the synopsis and the man page to
 * the table ("sockt CMD --sockt-options", main's).
 *
 * cli_options calls fn for each option of spec, in the order of its
 * --help (each where it is first described), then those the help does
 * not describe.  cli_describe writes the synopsis, a "U<TAB>line" line
 * each, then a line for each option, "O<TAB>names<TAB>arg<TAB>kind<TAB>
 * words<TAB>description" (the fields of struct cli_optdesc); 0, or -1
 * when stdout failed.
 */
#ifndef CLI_DESCRIBE_H
#define CLI_DESCRIBE_H

#include <stddef.h>

#define CLI_DESCRIBE	"--sockt-options"

struct cli_spec;

/* One option of a command. */
struct cli_optdesc {
	char		 names[256];	/* "-o --output": the letter first */
	const char	*arg;		/* its argument ("file"), or "" */
	const char	*kind;		/* how the argument completes: none
					 * file host port words; "" */
	const char	*words;		/* kind words: the words, or "" */
	const char	*desc;		/* its help line's text, desclen */
	size_t		 desclen;	/* bytes (no newline) */
};

void	cli_options(const struct cli_spec *spec,
	    void (*fn)(const struct cli_optdesc *d, void *arg), void *arg);
int	cli_describe(const struct cli_spec *spec);

#endif /* CLI_DESCRIBE_H */
