/*
 * cmd/connect/zscan.c: nc's -z over several ports (connect -z host 1-100, or
 * host 22 80 443): each port dialed in turn with connect's options, its
 * result a line as OpenBSD nc words it with -v, nothing without.  The
 * port lists are parse/portlist.c's and the service names scan/svc.c's,
 * the dial net/'s: portscan is the scanner; this is nc's habit.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/connect/zscan.h"
#include "net/net.h"
#include "parse/portlist.h"
#include "scan/svc.h"

int
connect_zscan_wants(int argc, char *const argv[])
{
	return argc > 2 || (argc == 2 && strpbrk(argv[1], "-,") != NULL);
}

/* One port dialed, and said with -v as nc says it.  Returns 1 if open. */
static int
zscan_one(const char *host, unsigned int p, const struct net_opts *no,
    int verbose)
{
	struct servent *se;
	char port[16], err[SK_ERRLEN];
	int fd;

	snprintf(port, sizeof(port), "%u", p);
	if ((fd = net_dial(host, port, no, err)) == -1) {
		if (verbose)
			msg_warnx("connect to %s port %u (tcp) failed: %s", host,
			    p, strerror(errno));
		return 0;
	}
	close(fd);
	if (verbose) {
		se = getservbyport((int)htons((unsigned short)p), "tcp");
		fprintf(stderr, "Connection to %s %u port [tcp/%s] "
		    "succeeded!\n", host, p, se != NULL ? se->s_name : "*");
	}
	return 1;
}

int
connect_zscan(const char *host, char *const ports[], int n,
    const struct net_opts *no, int verbose, char *err)
{
	struct portlist *pl;
	uint16_t *list;
	size_t k, np;
	int i, open = 0;

	pl = malloc(sizeof(*pl));
	list = malloc(65536 * sizeof(*list));
	if (pl == NULL || list == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(ENOMEM));
		free(pl);
		free(list);
		return -1;
	}
	/* every list read before the first dial: a bad one is a usage error */
	for (i = 0; i < n; i++) {
		portlist_init(pl);
		if (portlist_parse(pl, ports[i], scan_svc_port, NULL,
		    err) == -1) {
			free(pl);
			free(list);
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		portlist_init(pl);
		(void)portlist_parse(pl, ports[i], scan_svc_port, NULL, err);
		np = portlist_expand(pl, list);
		for (k = 0; k < np; k++)
			open += zscan_one(host, list[k], no, verbose);
	}
	free(pl);
	free(list);
	return open;
}
