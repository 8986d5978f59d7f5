/*
 * proto.h: curl's --proto and --proto-redir lists, pure (no I/O), for
 * the schemes sockt speaks.
 */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>

#define PROTO_HTTP	0x1u
#define PROTO_HTTPS	0x2u
#define PROTO_ALL	(PROTO_HTTP | PROTO_HTTPS)

/*
 * proto_parse: curl's list s ("=http,https", "-all,+https") applied to
 * *mask, its start: comma-separated names, case aside, each after any
 * of '+' (add, the default), '-' (take away) and '=' (only this), "all"
 * for every one.  A protocol curl knows and sockt does not speak (ftp)
 * changes nothing but what '=' clears; a name curl does not know is
 * left out, as curl leaves it, and the first is copied into unknown
 * (ucap bytes; "" when none) for a warning.  Returns 0, or -1 for a
 * name that does not begin with a letter or digit after its modifiers
 * (curl's usage error).
 */
int	proto_parse(const char *s, unsigned *mask, char *unknown, size_t ucap);

/* proto_name: "http" or "https" for a single bit of PROTO_ALL */
const char *proto_name(unsigned bit);

#endif /* PROTO_H */
