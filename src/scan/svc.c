/*
 * scan/svc.c: the services database by port (scan/svc.h).  The first
 * name of a port wins, as getservbyport would give it; a name that
 * cannot be copied is left out.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/svc.h"

#ifndef __GLIBC__
/*
 * musl's getservent is a stub that finds nothing (its getservbyname
 * reads the file each call): the file read here as getservent gives it,
 * "name port/proto [aliases] [# comment]" a line.  Not in glibc's
 * build, whose getservent reads it and whose size budget has no room.
 */
static void
svc_read(char **tcp, char **udp)
{
	FILE *f;
	char line[512], *name, *num, *proto, *end, *sp, **tab;
	long port;
	int cont = 0, whole;

	if ((f = fopen("/etc/services", "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		/* the rest of a line longer than line is no line of its own */
		whole = strchr(line, '\n') != NULL;
		if (cont) {
			cont = !whole;
			continue;
		}
		cont = !whole;
		line[strcspn(line, "#\n")] = '\0';
		if ((name = strtok_r(line, " \t", &sp)) == NULL ||
		    (num = strtok_r(NULL, " \t", &sp)) == NULL ||
		    (proto = strchr(num, '/')) == NULL)
			continue;
		*proto++ = '\0';
		port = strtol(num, &end, 10);
		if (end == num || *end != '\0' || port <= 0 || port > 65535)
			continue;
		tab = strcmp(proto, "tcp") == 0 ? tcp :
		    strcmp(proto, "udp") == 0 ? udp : NULL;
		if (tab != NULL && tab[port] == NULL)
			tab[port] = strdup(name);
	}
	(void)fclose(f);
}
#endif

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
#ifndef __GLIBC__
	svc_read(tcp, udp);
#endif
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
