/*
 * scan/svc.c: the services database by port (scan/svc.h).  The first
 * name of a port wins, as getservbyport would give it; a name that
 * cannot be copied is left out.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include <netdb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/svc.h"

/* Fill tcp and udp (SCAN_SVC_PORTS entries each, NULL) from the database. */
void
scan_svc_load(char **tcp, char **udp)
{
	struct servent *se;
	char **tab;
	int port;

	setservent(1);
	while ((se = getservent()) != NULL) {
		port = ntohs((uint16_t)se->s_port);
		if (port <= 0 || port > 65535 || se->s_proto == NULL)
			continue;
		tab = strcmp(se->s_proto, "tcp") == 0 ? tcp :
		    strcmp(se->s_proto, "udp") == 0 ? udp : NULL;
		if (tab != NULL && tab[port] == NULL)
			tab[port] = strdup(se->s_name);
	}
	endservent();
}

void
scan_svc_free(char **tcp, char **udp)
{
	int i;

	for (i = 0; i < SCAN_SVC_PORTS; i++) {
		free(tcp[i]);
		free(udp[i]);
	}
}

/*
 * A port list's service name (parse/portlist.h's callback): its TCP
 * port, else its UDP one, from the database; -1 for none.
 */
int
scan_svc_port(const char *name, void *arg)
{
	struct servent *se;

	(void)arg;
	if ((se = getservbyname(name, "tcp")) == NULL &&
	    (se = getservbyname(name, "udp")) == NULL)
		return -1;
	return ntohs((uint16_t)se->s_port);
}
