/*
 * scan/targets.h: the addresses a scan probes, held as ranges
 * (parse/addrset.h) however many they are: a name's resolved addresses
 * added once each, the exclusions taken out in both families'
 * spellings, and address i as the engine probes it, and as text in a
 * table or a grepable line, and in what --probe http and tls send it; the source address
 * of -s.  A name's addresses are the caller's to resolve (net_resolve),
 * and to say.
 */
#ifndef SCAN_TARGETS_H
#define SCAN_TARGETS_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netdb.h>

#include <stdint.h>

#include "net/net.h"
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
void	scan_target_str(const struct addrset *set, uint64_t i, char *buf,
	    size_t len, const char **name);
void	scan_target_label(const struct addrset *set, uint64_t i, int grep,
	    char *buf, size_t len);
int	scan_targets_width(const struct addrset *set, uint64_t n,
	    uint64_t exact, size_t max);
uint64_t scan_target_index(const struct scan_config *cfg, uint64_t ai);
int	scan_source_resolve(const char *s, const struct net_opts *no,
	    struct scan_addr *s4, struct scan_addr *s6, int *has4, int *has6,
	    char *err);

#endif /* SCAN_TARGETS_H */
