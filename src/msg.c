/*
 * msg.c: the one home of diagnostics.  Every message starts with the
 * command ("sockt connect: ") so a script's log says who spoke.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "sockt.h"

static char prefix[64] = "sockt";

void
msg_init(const char *cmd)
{
	if (cmd == NULL || *cmd == '\0')
		snprintf(prefix, sizeof(prefix), "sockt");
	else
		snprintf(prefix, sizeof(prefix), "sockt %s", cmd);
}

static void
vmsg(int with_errno, const char *fmt, va_list ap)
{
	int save_errno = errno;

	fprintf(stderr, "%s: ", prefix);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(save_errno));
	fputc('\n', stderr);
	errno = save_errno;
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(1, fmt, ap);
	va_end(ap);
}

void
msg_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

/*
 * Print "sockt CMD: message", the synopsis and where the rest is; return
 * the usage status.  Only the synopsis: a page of option help under
 * every mistyped value hides the one line that matters.  The command's
 * name comes from the synopsis itself ("usage: sockt CMD ...").
 */
int
msg_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vmsg(0, fmt, ap);
		va_end(ap);
	}
	fputs(usage, stderr);
	if (strncmp(usage, "usage: sockt ", 13) == 0 &&
	    (n = strcspn(usage + 13, " \n")) > 0)
		fprintf(stderr, "Try 'sockt help %.*s' for more information.\n",
		    (int)n, usage + 13);
	return EXIT_USAGE;
}

/* -h, --help and sockt help CMD: the synopsis, then each option. */
int
msg_help(const char *usage, const char *help)
{
	fputs(usage, stdout);
	if (help != NULL)
		fputs(help, stdout);
	return EXIT_OK;
}
