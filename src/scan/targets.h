/*
 * scan/targets.h: the addresses a scan probes, held as ranges
 * (parse/addrset.h) however many they are: a name's resolved addresses
 * added once each, the exclusions taken out in both families'
 * spellings, and address i as the engine probes it.  No I/O: the
 * resolving is the caller's (net_resolve), so is what it says.
 */
#ifndef SCAN_TARGETS_H
#define SCAN_TARGETS_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netdb.h>

#include <stdint.h>

#include "parse/addrset.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "scan/scan.h"

int	scan_targets_add_ai(struct addrset *set, const struct addrinfo *res,
	    const char *spec, void (*seen)(const struct addrinfo *ai,
	    void *arg), void *arg);
int	scan_exclude_add_ai(struct exclude *ex, const struct addrinfo *res);
int	scan_targets_exclude(struct addrset *set, const struct exclude *ex);
void	scan_target_get(const struct addrset *set, uint64_t i,
	    struct scan_addr *a, const char **name);

#endif /* SCAN_TARGETS_H */
