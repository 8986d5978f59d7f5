/* Unit tests for curl's --proto lists (src/parse/proto.c). */
#include <string.h>

#include "parse/proto.h"
#include "tap.h"

/* The mask s leaves of start, -1 for a refused list. */
static int
mask(unsigned start, const char *s)
{
	char unk[80];

	return proto_parse(s, &start, unk, sizeof(unk)) == -1 ? -1 :
	    (int)start;
}

int
main(void)
{
	char unk[80];
	unsigned m;

	is_int(mask(PROTO_ALL, "=https"), PROTO_HTTPS, "=https");
	is_int(mask(PROTO_ALL, "=http,https"), PROTO_ALL, "=http,https");
	is_int(mask(PROTO_ALL, "-all,+https"), PROTO_HTTPS, "-all,+https");
	is_int(mask(PROTO_ALL, "-all,https"), PROTO_HTTPS,
	    "no modifier: added");
	is_int(mask(PROTO_ALL, "-http"), PROTO_HTTPS, "-http");
	is_int(mask(0, "all"), PROTO_ALL, "all");
	is_int(mask(PROTO_ALL, "-all"), 0, "-all");
	is_int(mask(PROTO_ALL, "=all"), PROTO_ALL, "=all");
	is_int(mask(PROTO_ALL, "HTTPS,=HTTP"), PROTO_HTTP, "case aside");
	is_int(mask(PROTO_ALL, "=ftp"), 0,
	    "=ftp: a protocol sockt does not speak, none left");
	is_int(mask(PROTO_ALL, "ftp,-http"), PROTO_HTTPS, "+ftp changes nothing");
	is_int(mask(PROTO_ALL, ",,=https,,"), PROTO_HTTPS, "empty items");
	is_int(mask(PROTO_ALL, ""), PROTO_ALL, "an empty list");
	is_int(mask(PROTO_ALL, "-=+https"), PROTO_ALL,
	    "several modifiers: the last");
	is_int(mask(PROTO_ALL, "=http,-"), -1, "a lone modifier: refused");
	is_int(mask(PROTO_ALL, "*http"), -1, "another character: refused");
	m = PROTO_ALL;
	ok(proto_parse("=https,gopher,bogus,worse", &m, unk, sizeof(unk)) == 0,
	    "unknown names");
	is_str(unk, "bogus", "... the first reported");
	is_int((int)m, PROTO_HTTPS, "... and left out");
	m = PROTO_ALL;
	ok(proto_parse("=nope", &m, unk, sizeof(unk)) == 0 && m == 0,
	    "=unknown clears, as curl");
	is_str(proto_name(PROTO_HTTPS), "https", "a name");
	return tap_done();
}
