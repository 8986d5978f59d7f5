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

/* Print "sockt CMD: message" and the usage; return the usage status. */
int
msg_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vmsg(0, fmt, ap);
		va_end(ap);
	}
	fputs(usage, stderr);
	return EXIT_USAGE;
}

int
msg_help(const char *usage)
{
	fputs(usage, stdout);
	return EXIT_OK;
}
