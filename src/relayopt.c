/*
 * relayopt.c: the options that shape a relay (-C -d -Q -x -i -q), the
 * same for connect and listen, and the -x sink that prints the hex dump.
 * A command helper: io.c's relay loop parses no option and prints
 * nothing; it hands every chunk to the sink installed here.
 */
#include <stdio.h>

#include "num.h"
#include "relay.h"
#include "sockt.h"

/*
 * The -x sink: "> 00000010  68 65 6c 6c 6f 0a ...  |hello.|" on stderr,
 * one write per line so lines from several processes never mix.  The
 * relay only hands over the bytes; saying them is the command's part.
 */
static void
relay_dump_stderr(char tag, unsigned long long base, const unsigned char *p,
    size_t n, void *arg)
{
	static const char hex[] = "0123456789abcdef";
	char line[96];
	size_t i, j, k;

	(void)arg;

	for (i = 0; i < n; i += 16) {
		k = (size_t)snprintf(line, sizeof(line), "%c %08llx  ", tag,
		    base + i);
		for (j = 0; j < 16; j++) {
			if (i + j < n) {
				line[k++] = hex[p[i + j] >> 4];
				line[k++] = hex[p[i + j] & 15];
			} else {
				line[k++] = ' ';
				line[k++] = ' ';
			}
			line[k++] = ' ';
			if (j == 7)
				line[k++] = ' ';
		}
		line[k++] = ' ';
		line[k++] = '|';
		for (j = 0; j < 16 && i + j < n; j++)
			line[k++] = p[i + j] >= 0x20 && p[i + j] < 0x7f ?
			    (char)p[i + j] : '.';
		line[k++] = '|';
		line[k++] = '\n';
		(void)io_write_all(2, line, k);
	}
}

/*
 * Apply relay option c (with its argument arg, for -i and -q) to o.
 * Returns 0, or -1 with err filled ("idle timeout 0: must be more than
 * 0"), or for a character that is not a relay option ("-z: not a relay
 * option").
 */
int
relay_opts_flag(struct relay_opts *o, int c, const char *arg, char *err)
{
	switch (c) {
	case 'C':
		o->crlf = 1;
		return 0;
	case 'd':
		o->no_stdin = 1;
		return 0;
	case 'Q':
		o->exit_on_eof = 1;
		return 0;
	case 'x':
		o->dump = relay_dump_stderr;
		return 0;
	case 'i':
		return parse_secs_opt("idle timeout", arg, 0, &o->idle_ms, err);
	case 'q':
		return parse_secs_opt("quit delay", arg, 1, &o->quit_ms, err);
	default:
		/* a slip in the caller's switch, never the user's */
		snprintf(err, SK_ERRLEN, "-%c: not a relay option", c);
		return -1;
	}
}
