/*
 * complete.h: `sockt --complete bash|zsh|fish`, the shells' completion
 * scripts, made from the option tables each command parses with: every
 * command is run as "CMD --sockt-options" (cli.h's CLI_DESCRIBE) in a
 * child and its answer turned into the script, so an option a command
 * accepts cannot be missing from its completion.
 *
 * Layer: command helper, called by main (sockt.c) only; it prints.
 */
#ifndef COMPLETE_H
#define COMPLETE_H

#include <stddef.h>

struct complete_cmd {
	const char	*name;
	int		(*fn)(int argc, char **argv);
	const char	*summary;
};

#define COMPLETE_NO_SHELL	(-2)	/* complete_script: not one it knows */

/*
 * The script for shell on stdout: 0, COMPLETE_NO_SHELL, or -1 (each
 * said).
 */
int	complete_script(const char *shell, const struct complete_cmd *cmds,
	    size_t n);

#endif /* COMPLETE_H */
