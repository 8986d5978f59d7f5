/*
 * net/broker_int.h: what the broker's files share, and nothing outside
 * them includes: broker.c (the loop: the poll set, each turn, the time
 * limits, a client's close), broker_io.c (a client's bytes: what it is
 * sent and queued, what is read from it, the events) and broker_join.c
 * (a client's way in: the accept, the screening, the PROXY header, the
 * TLS handshake, the join).  The loop calls the other two; the way in
 * calls the bytes; never the other way.
 */
#ifndef BROKER_INT_H
#define BROKER_INT_H

#include <sys/types.h>

#include <stddef.h>

#include "net/broker.h"
#include "net/conn.h"
#include "net/server.h"

struct chat_in;
struct proxyhdr_in;

#define BROKER_READ	(64 * 1024)	/* one read of the broker */
#define CHAT_READ	4096		/* one read of the chat: its lines,
					 * prefixed and escaped, stay small */
#define ACCEPT_BATCH	64		/* accepts per turn of the loop */
#define QUEUE_MIN	(256 * 1024)	/* the smallest queue_max */
#define HOLD_POKE_MS	50		/* a holding client's write retried */
#define BROKER_TLS_MS	10000		/* a handshake's limit by default */

/* One client. */
struct bclient {
	int		 fd;		/* -1: a free slot */
	unsigned long	 id;
	char		 addr[SERVER_ADDRLEN];
	char		 label[SERVER_LABELLEN];
	char		*q;		/* its queue: q[qoff .. qoff + qlen) */
	size_t		 qoff, qlen, qcap;
	long long	 moved_ms;	/* its socket last took bytes */
	int		 closing;	/* it sent its end: read no more; it
					 * leaves once its queue is out, and
					 * gets nothing new */
	int		 dead;		/* to close: BROKER_EV_LEAVE or _DROP */
	int		 error;		/* errno of a LEAVE; 0: end of file */
	size_t		 dropped;	/* DROP: what was queued */
	struct chat_in	*ci;		/* --chat: its line so far */
	struct conn	 cn;		/* its connection on fd: reads,
					 * writes and the end, TLS among its
					 * layers (net/conn.h) */
	struct proxyhdr_in *pp;		/* its PROXY header so far, or NULL */
	int		 pp_trusted;	/* pp: pp_from names its real peer,
					 * under which it is not counted */
	int		 hs;		/* the header or the TLS handshake is
					 * not done: not joined yet */
	long long	 hs_until;	/* its time limit (mono_ms) */
	short		 hs_want;	/* what its next step waits on */
	short		 rd_want;	/* what a read waits on: POLLIN, or
					 * over TLS maybe POLLOUT */
	short		 wr_want;	/* what a write waits on */
	int		 may_read;	/* this turn reads it */
	int		 pend;		/* bytes its layers hold, unread */
};

/* The loop's state. */
struct broker {
	const struct broker_opts *bo;
	struct bclient	*cl;
	int		 ncl;		/* slots: the most clients */
	int		 top;		/* 1 + the highest slot in use */
	int		 rot;		/* where this turn's reads begin */
	int		 live;
	unsigned long	 next_id;
	size_t		 qmax, high;	/* queue_max; the high-water mark */
	int		 over;		/* a reader crossed the mark */
	long long	 now;
	long long	 said;		/* a lack of resources last said */
	struct pollfd	*pfd;		/* 1 + ncl */
	int		*who;		/* pfd[i + 1] is cl[who[i]] */
	char		*in;		/* a read */
	char		*out;		/* a chat line or announcement */
	size_t		 outsz;
};

/* broker_io.c */
void	broker_emit_why(struct broker *b, enum broker_event_kind kind,
	    const struct bclient *c, const char *peer, size_t n, int error,
	    const char *why);
void	broker_emit(struct broker *b, enum broker_event_kind kind,
	    const struct bclient *c, const char *peer, size_t n, int error);
void	client_kill(struct bclient *c, int why, int error);
int	client_holds(const struct broker *b, const struct bclient *c);
void	client_send(struct broker *b, struct bclient *c, const char *p,
	    size_t n);
void	broker_fan(struct broker *b, const struct bclient *from,
	    const char *p, size_t n);
void	client_flush(struct broker *b, struct bclient *c);
void	client_read(struct broker *b, struct bclient *c);

/* broker_join.c */
int	broker_accept(struct broker *b, int lfd, int *backoff, char *err);
void	client_handshake(struct broker *b, struct bclient *c);

#endif /* BROKER_INT_H */
