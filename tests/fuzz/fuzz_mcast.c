/*
 * fuzz_mcast.c: parse/mcast.c must neither crash nor lie: a join it
 * accepts has a multicast group, a source (if any) of the group's
 * family that is no group, and a label that parses back to the same
 * join; what it refuses comes with a reason.  The interface parser and
 * the check against an address listened on get the same bytes.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/mcast.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* err must be a reason: not empty, NUL-terminated in SK_ERRLEN */
static void
reason(const char *err)
{
	if (err[0] == '\0' || memchr(err, '\0', SK_ERRLEN) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mcast_spec m, back;
	struct mcast_if ifc;
	char *s, err[SK_ERRLEN];
	size_t alen;
	int r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	if (mcast_if_parse(s, strlen(s), &ifc, err) == -1)
		reason(err);
	else if (ifc.kind == MCAST_IF_ANY || (ifc.kind == MCAST_IF_INDEX &&
	    ifc.index == 0) || (ifc.kind == MCAST_IF_NAME &&
	    (ifc.name[0] == '\0' || memchr(ifc.name, '\0',
	    MCAST_IFNAMELEN) == NULL)))
		abort();
	err[0] = '\0';
	if (mcast_parse(s, &m, err) == -1) {
		reason(err);
		free(s);
		return 0;
	}
	alen = m.family == AF_INET ? 4 : 16;
	if ((m.family != AF_INET && m.family != AF_INET6) ||
	    !mcast_is_group(m.family, m.group) ||
	    (m.has_source && mcast_is_group(m.family, m.source)) ||
	    (m.family == AF_INET6 && m.ifc.kind == MCAST_IF_ADDR) ||
	    memchr(m.label, '\0', sizeof(m.label)) == NULL)
		abort();
	/* the label is the join, spelled canonically */
	if (mcast_parse(m.label, &back, err) == -1 ||
	    strcmp(back.label, m.label) != 0 || back.family != m.family ||
	    memcmp(back.group, m.group, alen) != 0 ||
	    back.has_source != m.has_source ||
	    (m.has_source && memcmp(back.source, m.source, alen) != 0) ||
	    back.ifc.kind != m.ifc.kind || back.ifc.index != m.ifc.index ||
	    memcmp(back.ifc.addr, m.ifc.addr, 4) != 0 ||
	    strcmp(back.ifc.name, m.ifc.name) != 0)
		abort();
	/* the input as the address listened on, with each family */
	err[0] = '\0';
	for (r = 0; r < 3; r++) {
		err[0] = '\0';
		if (mcast_check_listen(&m, 1, r == 0 ? 0 : r == 1 ? AF_INET :
		    AF_INET6, s, err) == -1)
			reason(err);
	}
	if (mcast_check_listen(&m, 1, 0, "", err) != 0)
		abort();
	free(s);
	return 0;
}
