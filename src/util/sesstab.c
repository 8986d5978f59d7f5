/*
 * sesstab.c: the UDP forwarder's sessions by client address, oldest
 * first.  See sesstab.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/sesstab.h"

/* FNV-1a from the seed: cheap, and the seed scatters the chains. */
static size_t
sesstab_hash(const struct sesstab *t, const unsigned char *b, size_t n)
{
	uint32_t h = 2166136261u ^ t->seed;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 16777619u;
	}
	/* fold the high bits in: the mask below keeps only the low ones */
	h ^= h >> 15;
	return (size_t)h & (t->nbucket - 1);
}

int
sesstab_init(struct sesstab *t, size_t cap, uint32_t seed)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	if (cap < 1 || cap > INT32_MAX / 4) {
		errno = ENOMEM;
		return -1;
	}
	for (t->nbucket = 16; t->nbucket < 2 * cap; t->nbucket *= 2)
		continue;
	t->e = calloc(cap, sizeof(*t->e));
	t->p = calloc(cap, sizeof(*t->p));
	t->bucket = malloc(t->nbucket * sizeof(*t->bucket));
	t->pbucket = malloc(t->nbucket * sizeof(*t->pbucket));
	if (t->e == NULL || t->p == NULL || t->bucket == NULL ||
	    t->pbucket == NULL) {
		sesstab_free(t);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < t->nbucket; i++)
		t->bucket[i] = t->pbucket[i] = -1;
	for (i = 0; i < cap; i++) {
		t->e[i].hnext = i + 1 < cap ? (int)i + 1 : -1;
		t->p[i].hnext = i + 1 < cap ? (int)i + 1 : -1;
	}
	t->cap = cap;
	t->seed = seed;
	t->head = t->tail = -1;
	return 0;
}

void
sesstab_free(struct sesstab *t)
{
	free(t->e);
	free(t->p);
	free(t->bucket);
	free(t->pbucket);
	memset(t, 0, sizeof(*t));
	t->head = t->tail = -1;
}

int
sesstab_find(const struct sesstab *t, const unsigned char *key)
{
	int i;

	if (t->cap == 0)
		return -1;
	for (i = t->bucket[sesstab_hash(t, key, SESSTAB_KEYLEN)]; i != -1;
	    i = t->e[i].hnext)
		if (memcmp(t->e[i].key, key, SESSTAB_KEYLEN) == 0)
			return i;
	return -1;
}

/* The entry of ip's count, or -1; its chain's bucket in *b. */
static int
sesstab_peer_find(const struct sesstab *t, const unsigned char *ip,
    size_t *b)
{
	int i;

	*b = sesstab_hash(t, ip, SESSTAB_IPLEN);
	for (i = t->pbucket[*b]; i != -1; i = t->p[i].hnext)
		if (memcmp(t->p[i].ip, ip, SESSTAB_IPLEN) == 0)
			return i;
	return -1;
}

int
sesstab_peers(const struct sesstab *t, const unsigned char *ip)
{
	size_t b;
	int i;

	if (t->cap == 0 || (i = sesstab_peer_find(t, ip, &b)) == -1)
		return 0;
	return t->p[i].count;
}

/* Put session i at the end of the recency list. */
static void
sesstab_append(struct sesstab *t, int i)
{
	t->e[i].prev = t->tail;
	t->e[i].next = -1;
	if (t->tail != -1)
		t->e[t->tail].next = i;
	else
		t->head = i;
	t->tail = i;
}

/* Take session i out of the recency list. */
static void
sesstab_unlink(struct sesstab *t, int i)
{
	struct sesstab_ent *e = &t->e[i];

	if (e->prev != -1)
		t->e[e->prev].next = e->next;
	else
		t->head = e->next;
	if (e->next != -1)
		t->e[e->next].prev = e->prev;
	else
		t->tail = e->prev;
}

int
sesstab_add(struct sesstab *t, const unsigned char *key, long long now)
{
	struct sesstab_ent *e;
	size_t b;
	int i, p;

	if (t->free == -1 || t->n == t->cap) {
		errno = ENOSPC;
		return -1;
	}
	/* the IP's count: one entry per IP with sessions, so never full */
	if ((p = sesstab_peer_find(t, key, &b)) == -1) {
		p = t->pfree;
		t->pfree = t->p[p].hnext;
		memcpy(t->p[p].ip, key, SESSTAB_IPLEN);
		t->p[p].count = 0;
		t->p[p].hnext = t->pbucket[b];
		t->pbucket[b] = p;
	}
	t->p[p].count++;
	i = t->free;
	e = &t->e[i];
	t->free = e->hnext;
	memcpy(e->key, key, SESSTAB_KEYLEN);
	e->used = 1;
	e->peer = p;
	e->last = now;
	b = sesstab_hash(t, key, SESSTAB_KEYLEN);
	e->hnext = t->bucket[b];
	t->bucket[b] = i;
	sesstab_append(t, i);
	t->n++;
	return i;
}

void
sesstab_touch(struct sesstab *t, int i, long long now)
{
	t->e[i].last = now;
	if (t->tail == i)
		return;
	sesstab_unlink(t, i);
	sesstab_append(t, i);
}

void
sesstab_del(struct sesstab *t, int i)
{
	struct sesstab_ent *e = &t->e[i];
	struct sesstab_peer *p = &t->p[e->peer];
	size_t b;
	int *at;

	b = sesstab_hash(t, e->key, SESSTAB_KEYLEN);
	for (at = &t->bucket[b]; *at != i; at = &t->e[*at].hnext)
		continue;
	*at = e->hnext;
	if (--p->count == 0) {
		b = sesstab_hash(t, p->ip, SESSTAB_IPLEN);
		for (at = &t->pbucket[b]; *at != e->peer;
		    at = &t->p[*at].hnext)
			continue;
		*at = p->hnext;
		p->hnext = t->pfree;
		t->pfree = e->peer;
	}
	sesstab_unlink(t, i);
	e->used = 0;
	e->hnext = t->free;
	t->free = i;
	t->n--;
}

int
sesstab_oldest(const struct sesstab *t)
{
	return t->cap == 0 ? -1 : t->head;
}

int
sesstab_expired(const struct sesstab *t, long long now, long long idle)
{
	int i;

	if ((i = sesstab_oldest(t)) == -1 || now - t->e[i].last < idle)
		return -1;
	return i;
}
