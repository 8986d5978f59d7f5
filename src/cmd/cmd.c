/*
 * cmd/cmd.c: what every command shares and no helper below cmd/ may
 * know (cmd.h): the exit status of a usage error.
 */
#include <stdarg.h>

#include "cli/msg.h"
#include "cmd/cmd.h"

int
cmd_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vusage(usage, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}
