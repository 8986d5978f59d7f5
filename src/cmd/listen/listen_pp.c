/*
 * cmd/listen/listen_pp.c: haproxy's PROXY protocol in listen, the command's
 * side.  --accept-proxy-protocol: the server reads each connection's
 * header where the connection is served (net/server_late.c: its child,
 * or the relay mode's one process), never in the accept loop, and its
 * client is the peer from then on (the program's environment, -v,
 * --allow, --deny and --max-per-peer); here, --proxy-from, the peers
 * trusted to send it (the server resets any other at the accept); a
 * program that -e or -c start on the connection once its header is read
 * is serve/child.c's.  --proxy-protocol v1|v2, the forwarder's header sent onward, is
 * net/stack.c's.
 */
#include <string.h>

#include "cli/cli.h"
#include "cmd/cmd.h"
#include "cmd/listen/listen.h"
#include "net/server.h"
#include "parse/cidr.h"
#include "util/base.h"

/* --proxy-from's entries: one command runs per process */
static struct cidr pp_from[CLI_MAXACL];

/*
 * One --proxy-from: its entries, parted by commas, each an address or a
 * CIDR block as --allow takes them (cidr_parse), added to so's list.
 */
int
lpp_from(struct server_opts *so, const char *list)
{
	char item[128], err[SK_ERRLEN];
	const char *p = list, *e;
	size_t n;

	so->pp_from = pp_from;
	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 0 || n >= sizeof(item))
			return cmd_usage(listen_usage, "--proxy-from %s: %s",
			    list, n == 0 ? "an empty entry" : "an entry too "
			    "long");
		if (so->npp_from == CLI_MAXACL)
			return cmd_usage(listen_usage, "--proxy-from: more "
			    "than %d", CLI_MAXACL);
		memcpy(item, p, n);
		item[n] = '\0';
		if (cidr_parse(item, &pp_from[so->npp_from], err) == -1)
			return cmd_usage(listen_usage, "--proxy-from %s", err);
		so->npp_from++;
		if (e == NULL)
			return CMD_GO_ON;
		p = e + 1;
	}
}
