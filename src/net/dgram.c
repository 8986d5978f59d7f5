/*
 * dgram.c: UDP datagrams in batches, runs of one size sent as one
 * buffer the kernel cuts.  See dgram.h for the contract.
 */
#if defined(__linux__)
#define _GNU_SOURCE	/* recvmmsg, sendmmsg */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "net/dgram.h"

#if defined(__linux__)
/* <netinet/udp.h> names them from glibc 2.29 on; the kernel's numbers */
#ifndef UDP_SEGMENT
#define UDP_SEGMENT	103
#endif
#ifndef UDP_GRO
#define UDP_GRO		104
#endif
#endif
#define DGRAM_SEGS	64	/* datagrams in a run: older kernels' limit */
#define DGRAM_RUNMAX	65507	/* bytes in a run: one IPv4 packet's */

/* The datagrams of d not sent yet. */
static int
dgram_left(const struct dgram *d)
{
	size_t left = d->len - d->off;

	if (d->seg == 0 || left <= d->seg)
		return 1;
	return (int)((left + d->seg - 1) / d->seg);
}

size_t
dgram_count(const struct dgram *d)
{
	if (d->seg == 0 || d->len <= d->seg)
		return 1;
	return (d->len + d->seg - 1) / d->seg;
}

int
dgram_gro(int fd)
{
#if defined(__linux__)
	int one = 1;

	return setsockopt(fd, IPPROTO_UDP, UDP_GRO, &one, sizeof(one));
#else
	(void)fd;
	errno = ENOPROTOOPT;
	return -1;
#endif
}

#if defined(__linux__)
/*
 * A batch's messages for recvmmsg and sendmmsg: the headers, their
 * iovecs, and room for one control message each, an int's (UDP_GRO's
 * size coming in; UDP_SEGMENT's uint16_t going out fits in it).
 */
struct dgram_msgs {
	struct mmsghdr	 mm[DGRAM_BATCH];
	struct iovec	 iov[DGRAM_BATCH];
	union {
		size_t		 align;	/* a cmsghdr's */
		char		 b[CMSG_SPACE(sizeof(int))];
	}		 cb[DGRAM_BATCH];
};

int
dgram_recv(int fd, struct dgram *d, int want, int flags)
{
	struct dgram_msgs mb;
	struct mmsghdr *mm = mb.mm;
	struct iovec *iov = mb.iov;
	struct msghdr *h;
	struct cmsghdr *c;
	int i, n, seg;

	for (i = 0; i < want; i++) {
		iov[i].iov_base = d[i].buf;
		iov[i].iov_len = DGRAM_BUFSZ;
		h = &mm[i].msg_hdr;
		h->msg_iov = &iov[i];
		h->msg_iovlen = 1;
		h->msg_control = mb.cb[i].b;
		h->msg_controllen = sizeof(mb.cb[i].b);
		h->msg_flags = 0;
		h->msg_name = (flags & DGRAM_FROM) ? &d[i].addr : NULL;
		h->msg_namelen = (flags & DGRAM_FROM) ? sizeof(d[i].addr) : 0;
	}
	n = recvmmsg(fd, mm, (unsigned int)want, (flags & DGRAM_WAIT) ?
	    MSG_WAITFORONE : MSG_DONTWAIT, NULL);
	if (n == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	for (i = 0; i < n; i++) {
		h = &mm[i].msg_hdr;
		d[i].len = mm[i].msg_len;
		d[i].seg = 0;
		d[i].off = 0;
		if (flags & DGRAM_FROM)
			d[i].alen = h->msg_namelen;
		/* a run the kernel coalesced (UDP_GRO): its datagrams' size */
		for (c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR(h, c))
			if (c->cmsg_level == IPPROTO_UDP &&
			    c->cmsg_type == UDP_GRO &&
			    c->cmsg_len >= CMSG_LEN(sizeof(seg))) {
				memcpy(&seg, CMSG_DATA(c), sizeof(seg));
				if (seg > 0 && (size_t)seg < d[i].len)
					d[i].seg = (size_t)seg;
			}
	}
	return n;
}

/* Do a and b go to one place? */
static int
dgram_same_to(const struct dgram *a, const struct dgram *b)
{
	return a->alen == b->alen && memcmp(&a->addr, &b->addr,
	    (size_t)a->alen) == 0;
}

/*
 * dgram_send with runs: neighbours of one size and place merged into one
 * message with UDP_SEGMENT.  Returns what dgram_send returns, or -2 when
 * the kernel refused to cut the first run (nothing went).
 */
static int
dgram_send_runs(int fd, struct dgram *d, const int *idx, int n, int to)
{
	struct dgram_msgs mb;
	struct mmsghdr *mm = mb.mm;
	struct iovec *iov = mb.iov;
	int end[DGRAM_BATCH];	/* by message: the entries up to its end */
	struct cmsghdr *c;
	struct dgram *a, *b;
	size_t g, total, more;
	uint16_t g16;
	int i, j, m, r, segs, full;

	for (m = i = 0; i < n; m++, i = j) {
		a = &d[idx[i]];
		total = a->len - a->off;
		/* the run's size: a run's own, or the first datagram's */
		g = a->seg > 0 ? a->seg : total;
		segs = dgram_left(a);
		/* only a run of whole datagrams takes another after it */
		full = a->seg > 0 ? total % g == 0 : 1;
		iov[i].iov_base = a->buf + a->off;
		iov[i].iov_len = total;
		for (j = i + 1; j < n && full && g > 0; j++) {
			b = &d[idx[j]];
			more = b->len - b->off;
			if ((to && !dgram_same_to(a, b)) || (b->seg > 0 ?
			    b->seg != g : more == 0 || more > g) ||
			    segs + dgram_left(b) > DGRAM_SEGS ||
			    total + more > DGRAM_RUNMAX)
				break;
			segs += dgram_left(b);
			total += more;
			full = b->seg > 0 ? more % g == 0 : more == g;
			iov[j].iov_base = b->buf + b->off;
			iov[j].iov_len = more;
		}
		memset(&mm[m], 0, sizeof(mm[m]));
		mm[m].msg_hdr.msg_iov = &iov[i];
		mm[m].msg_hdr.msg_iovlen = (size_t)(j - i);
		if (to) {
			mm[m].msg_hdr.msg_name = &a->addr;
			mm[m].msg_hdr.msg_namelen = a->alen;
		}
		if (segs > 1) {
			mm[m].msg_hdr.msg_control = mb.cb[m].b;
			mm[m].msg_hdr.msg_controllen =
			    CMSG_SPACE(sizeof(g16));
			c = CMSG_FIRSTHDR(&mm[m].msg_hdr);
			c->cmsg_level = IPPROTO_UDP;
			c->cmsg_type = UDP_SEGMENT;
			c->cmsg_len = CMSG_LEN(sizeof(g16));
			g16 = (uint16_t)g;
			memcpy(CMSG_DATA(c), &g16, sizeof(g16));
		}
		end[m] = j;
	}
	while ((r = sendmmsg(fd, mm, (unsigned int)m, 0)) == -1 &&
	    errno == EINTR)
		continue;
	if (r > 0)
		return end[r - 1];
	if (r == 0)
		errno = EIO;
	/* no checksum offload, a run above the route's MTU: no runs */
	if (mm[0].msg_hdr.msg_controllen > 0 && (errno == EINVAL ||
	    errno == EIO || errno == EMSGSIZE || errno == ENOPROTOOPT ||
	    errno == EOPNOTSUPP))
		return -2;
	return -1;
}

/* dgram_send a datagram a message, in one sendmmsg. */
static int
dgram_send_each(int fd, struct dgram *d, const int *idx, int n, int to)
{
	struct mmsghdr mm[DGRAM_SEGS];
	struct iovec iov[DGRAM_SEGS];
	int who[DGRAM_SEGS];	/* by message: its entry's place in idx */
	struct dgram *a;
	size_t off, len;
	int i, m, r, t;

	for (m = i = 0; i < n && m < DGRAM_SEGS; i++) {
		a = &d[idx[i]];
		if (m > 0 && m + dgram_left(a) > DGRAM_SEGS)
			break;
		off = a->off;
		do {
			len = a->len - off;
			if (a->seg > 0 && len > a->seg)
				len = a->seg;
			iov[m].iov_base = a->buf + off;
			iov[m].iov_len = len;
			memset(&mm[m], 0, sizeof(mm[m]));
			mm[m].msg_hdr.msg_iov = &iov[m];
			mm[m].msg_hdr.msg_iovlen = 1;
			if (to) {
				mm[m].msg_hdr.msg_name = &a->addr;
				mm[m].msg_hdr.msg_namelen = a->alen;
			}
			who[m++] = i;
			off += len;
		} while (off < a->len && m < DGRAM_SEGS);
	}
	while ((r = sendmmsg(fd, mm, (unsigned int)m, 0)) == -1 &&
	    errno == EINTR)
		continue;
	if (r <= 0) {
		if (r == 0)
			errno = EIO;
		return -1;
	}
	for (t = 0; t < r; t++)
		d[idx[who[t]]].off += iov[t].iov_len;
	/* the last entry touched went whole, or goes on from its off */
	a = &d[idx[who[r - 1]]];
	return a->off >= a->len ? who[r - 1] + 1 : who[r - 1];
}

int
dgram_send(int fd, struct dgram *d, const int *idx, int n, int flags,
    int *gso)
{
	int r;

	if (*gso) {
		if ((r = dgram_send_runs(fd, d, idx, n, flags & DGRAM_TO)) !=
		    -2)
			return r;
		*gso = 0;
	}
	return dgram_send_each(fd, d, idx, n, flags & DGRAM_TO);
}
#else /* !__linux__ */
int
dgram_recv(int fd, struct dgram *d, int want, int flags)
{
	ssize_t r;
	int n;

	for (n = 0; n < want; n++) {
		d[n].alen = sizeof(d[n].addr);
		r = recvfrom(fd, d[n].buf, DGRAM_BUFSZ, n == 0 &&
		    (flags & DGRAM_WAIT) ? 0 : MSG_DONTWAIT,
		    (flags & DGRAM_FROM) ? (struct sockaddr *)&d[n].addr :
		    NULL, (flags & DGRAM_FROM) ? &d[n].alen : NULL);
		if (r == -1) {
			if (n > 0)
				break;	/* the error comes back next time */
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		}
		d[n].len = (size_t)r;
		d[n].seg = 0;
		d[n].off = 0;
	}
	return n;
}

int
dgram_send(int fd, struct dgram *d, const int *idx, int n, int flags,
    int *gso)
{
	struct dgram *a;
	size_t len;
	ssize_t r;
	int i;

	(void)gso;
	for (i = 0; i < n; i++) {
		a = &d[idx[i]];
		do {
			len = a->len - a->off;
			if (a->seg > 0 && len > a->seg)
				len = a->seg;
			do
				r = (flags & DGRAM_TO) ? sendto(fd,
				    a->buf + a->off, len, 0,
				    (struct sockaddr *)&a->addr, a->alen) :
				    send(fd, a->buf + a->off, len, 0);
			while (r == -1 && errno == EINTR);
			if (r == -1)
				return i > 0 ? i : -1;
			a->off += len;
		} while (a->off < a->len);
	}
	return n;
}
#endif /* __linux__ */
