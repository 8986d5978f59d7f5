/*
 * http/why.c: a failure's record for the command to say (http/why.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "http/why.h"

int
why_errno(struct httpc_why *w, const char *about, int e)
{
	w->about = about;
	w->err = e;
	w->text[0] = '\0';
	w->curl = 0;
	return -1;
}

int
why_text(struct httpc_why *w, const char *about, const char *fmt, ...)
{
	va_list ap;

	w->about = about;
	w->err = 0;
	w->curl = 0;
	va_start(ap, fmt);
	(void)vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
	return -1;
}
