/*
 * targetfile.h: target lists and exclusions for portscan, parsed without
 * I/O.  A target file (-iL) is read by the caller and handed over as a
 * buffer: targets one per line or separated by any white space, '#' to
 * the end of the line a comment.  An exclusion set (--exclude,
 * --excludefile) holds addresses and CIDR blocks of any size, and host
 * names for the caller to resolve and add back as addresses.
 */
#ifndef TARGETFILE_H
#define TARGETFILE_H

#include <stddef.h>
#include <stdint.h>

#include "parse/cidr.h"

#define TFILE_TOKLEN	512	/* a token and its NUL */

struct exclude {
	struct cidr	*nets;		/* addresses and blocks */
	size_t		 nnets, capnets;
	char		**names;	/* host names, to be resolved */
	size_t		 nnames, capnames;
};

int	tfile_next(const char *buf, size_t len, size_t *pos, size_t *line,
	    char *tok, char *err);
void	exclude_init(struct exclude *ex);
int	exclude_add(struct exclude *ex, const char *s, char *err);
int	exclude_add_list(struct exclude *ex, const char *s, char *err);
int	exclude_add_addr(struct exclude *ex, int family, const uint8_t *addr);
int	exclude_match(const struct exclude *ex, int family,
	    const uint8_t *addr);
void	exclude_free(struct exclude *ex);

#endif /* TARGETFILE_H */
