/*
 * net/route4.c: the blocks of IPv4 addresses that share a route, from
 * the kernel's routing tables over rtnetlink (route4.h).
 */
#ifdef __linux__
#define _GNU_SOURCE		/* SOCK_CLOEXEC, SOCK_NONBLOCK, MSG_DONTWAIT */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#ifdef __linux__
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/route4.h"
#include "util/grow.h"

#define ROUTE4_MAX	1024	/* routes past which each block is an address */

#ifdef __linux__
#ifndef RTA_NH_ID
#define RTA_NH_ID	30	/* a nexthop object, perhaps a group: Linux 5.3 */
#endif

/* One route of a dump into rt->r; a rule by destination fails it. */
static int
route_one(struct route4 *rt, struct nlmsghdr *h)
{
	struct rtmsg *m = NLMSG_DATA(h);
	struct rtattr *a = RTM_RTA(m);
	struct rtblock_route *e;
	int len = (int)RTM_PAYLOAD(h);
	uint32_t dst = 0;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) || m->rtm_dst_len > 32 ||
	    (h->nlmsg_type == RTM_NEWRULE && m->rtm_dst_len > 0) ||
	    (h->nlmsg_type == RTM_NEWROUTE && (rt->n == ROUTE4_MAX ||
	    GROW(rt->r, rt->n, rt->cap) == -1)))
		return -1;
	if (h->nlmsg_type != RTM_NEWROUTE)
		return 0;
	e = &rt->r[rt->n++];
	e->len = m->rtm_dst_len;
	e->table = m->rtm_table;
	e->plain = m->rtm_type == RTN_UNICAST;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_DST && RTA_PAYLOAD(a) == 4)
			memcpy(&dst, RTA_DATA(a), 4);
		else if (a->rta_type == RTA_TABLE && RTA_PAYLOAD(a) == 4)
			memcpy(&e->table, RTA_DATA(a), 4);
		else if (a->rta_type == RTA_MULTIPATH ||
		    a->rta_type == RTA_NH_ID)
			e->plain = 0;
	}
	e->net = e->len == 0 ? 0 : ntohl(dst) & ~0u << (32 - e->len);
	return 0;
}

/*
 * Dump the kernel's IPv4 routes (type RTM_GETROUTE) or rules
 * (RTM_GETRULE, whose header is the size of a route's) through
 * route_one.  Returns 0, or -1 (errno) when the dump fails, was
 * interrupted by a change or holds what makes blocks unsafe.
 */
static int
route_dump(struct route4 *rt, int type)
{
	struct {
		struct nlmsghdr	h;
		struct rtmsg	m;
	} req;
	/* the most the kernel puts in one read, aligned for its headers */
	uint32_t buf[8192];
	struct nlmsghdr *h;
	ssize_t r;
	int fd, rc = -1;

	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1)
		return -1;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = (unsigned short)type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.m.rtm_family = AF_INET;
	if (send(fd, &req, sizeof(req), 0) != (ssize_t)sizeof(req))
		goto out;
	for (;;) {
		if ((r = recv(fd, buf, sizeof(buf), MSG_TRUNC)) == -1 &&
		    errno == EINTR)
			continue;
		if (r <= 0 || r > (ssize_t)sizeof(buf))
			goto out;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, r);
		    h = NLMSG_NEXT(h, r)) {
			if (h->nlmsg_flags & NLM_F_DUMP_INTR ||
			    h->nlmsg_type == NLMSG_ERROR)
				goto out;
			if (h->nlmsg_type == NLMSG_DONE) {
				rc = 0;
				goto out;
			}
			if (route_one(rt, h) == -1)
				goto out;
		}
	}
out:
	(void)close(fd);
	return rc;
}

/*
 * Read the routes and rules, the change notices' socket joined first so
 * that a change while they are read is told too.  Returns 0, or -1.
 */
static int
route_read(struct route4 *rt)
{
	struct sockaddr_nl sa;

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
	    RTMGRP_IPV4_RULE;
	rt->n = 0;
	if ((rt->nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, NETLINK_ROUTE)) == -1 ||
	    bind(rt->nl, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    route_dump(rt, RTM_GETRULE) == -1 ||
	    route_dump(rt, RTM_GETROUTE) == -1)
		return -1;
	return 0;
}

int
route4_changed(struct route4 *rt)
{
	char buf[4096];
	ssize_t r;
	int changed = 0;

	while (rt->nl != -1) {
		r = recv(rt->nl, buf, sizeof(buf), MSG_DONTWAIT);
		if (r > 0 || (r == -1 && errno == ENOBUFS))
			changed = 1;	/* a notice, or notices lost */
		else if (r == 0 || errno != EINTR)
			break;
	}
	if (changed) {
		(void)close(rt->nl);
		rt->nl = -1;
		rt->state = 0;
	}
	return changed;
}
#endif

int
route4_len(struct route4 *rt, uint32_t a)
{
#ifdef __linux__
	/*
	 * Unread, or changed: read.  Where that fails (too many routes, a
	 * rule by destination), never again: a router's table in churn
	 * would be read whole at each change.
	 */
	if (rt->state == 0 && (rt->state = route_read(rt) == 0 ? 1 : -1) ==
	    -1 && rt->nl != -1) {
		(void)close(rt->nl);
		rt->nl = -1;
	}
#endif
	return rt->state == 1 ? rtblock_len(rt->r, rt->n, a) : 32;
}

#ifndef __linux__
int
route4_changed(struct route4 *rt)
{
	(void)rt;
	return 0;
}
#endif

void
route4_free(struct route4 *rt)
{
	if (rt->nl != -1)
		(void)close(rt->nl);
	rt->nl = -1;
	FREE_NULL(rt->r);
	rt->n = rt->cap = 0;
}
