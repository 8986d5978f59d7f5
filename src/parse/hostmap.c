/*
 * hostmap.c: records keyed by a 64-bit number (hostmap.h).  Pure: no I/O.
 *
 * Linear probing in a table of a power of two slots, at most three
 * quarters full, doubled when it would be fuller; a deletion shifts the
 * records after it back instead of leaving a tombstone, so a table that
 * sees millions of keys come and go never fills with dead slots.  Keys
 * are hashed (splitmix64's finaliser, util/hash.c), since address
 * numbers come in runs.  A slot is the key plus one, 0 for an empty
 * slot, then the record, padded so that every slot stays aligned.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/hostmap.h"
#include "util/hash.h"

#define MIN_CAP	64

/*
 * What a record may hold: its slot keeps the alignment of each.  16
 * bytes at least, a power of two: i386's long double is 12 bytes, and a
 * stride of 12 put every other record off an 8-byte boundary.
 */
union hm_align {
	uint64_t	 u;
	void		*p;
	double		 d;
	long double	 ld;
	unsigned char	 pow2[16];
};

static uint64_t
slot_key(const struct hostmap *hm, size_t i)
{
	uint64_t k;

	memcpy(&k, hm->v + i * hm->slot, sizeof(k));
	return k;
}

static void *
slot_rec(const struct hostmap *hm, size_t i)
{
	return hm->v + i * hm->slot + sizeof(union hm_align);
}

/* The slot of key + 1 (k), or of the empty slot where it would go. */
static size_t
slot_find(const struct hostmap *hm, uint64_t k)
{
	size_t mask = hm->cap - 1, i = (size_t)hash_mix64(k) & mask;
	uint64_t s;

	while ((s = slot_key(hm, i)) != 0 && s != k)
		i = (i + 1) & mask;
	return i;
}

void
hostmap_init(struct hostmap *hm, size_t size)
{
	size_t a = sizeof(union hm_align);

	memset(hm, 0, sizeof(*hm));
	hm->size = size;
	hm->slot = a + (size + a - 1) / a * a;
}

/* Twice the slots, every record moved.  Returns 0, or -1 (ENOMEM). */
static int
hm_grow(struct hostmap *hm)
{
	struct hostmap old = *hm;
	size_t cap = hm->cap ? hm->cap * 2 : MIN_CAP, i, j;
	uint64_t k;

	if (cap == 0 || cap > SIZE_MAX / hm->slot ||
	    (hm->v = calloc(cap, hm->slot)) == NULL) {
		hm->v = old.v;
		errno = ENOMEM;
		return -1;
	}
	hm->cap = cap;
	for (i = 0; i < old.cap; i++) {
		if ((k = slot_key(&old, i)) == 0)
			continue;
		j = slot_find(hm, k);
		memcpy(hm->v + j * hm->slot, old.v + i * old.slot, hm->slot);
	}
	free(old.v);
	return 0;
}

/* The record of key, or NULL when there is none. */
void *
hostmap_get(const struct hostmap *hm, uint64_t key)
{
	size_t i;

	if (hm->cap == 0 || key == UINT64_MAX)
		return NULL;
	i = slot_find(hm, key + 1);
	return slot_key(hm, i) != 0 ? slot_rec(hm, i) : NULL;
}

/*
 * The record of key, added zeroed when there was none.  Returns NULL
 * with errno ENOMEM when it could not be added, EINVAL for UINT64_MAX.
 */
void *
hostmap_put(struct hostmap *hm, uint64_t key)
{
	uint64_t k = key + 1;
	size_t i;

	if (key == UINT64_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if (hm->cap > 0 && slot_key(hm, i = slot_find(hm, k)) != 0)
		return slot_rec(hm, i);
	if ((hm->n + 1) * 4 > hm->cap * 3 && hm_grow(hm) == -1)
		return NULL;
	i = slot_find(hm, k);
	memset(hm->v + i * hm->slot, 0, hm->slot);
	memcpy(hm->v + i * hm->slot, &k, sizeof(k));
	hm->n++;
	return slot_rec(hm, i);
}

/* Drop the record of key, if there is one. */
void
hostmap_del(struct hostmap *hm, uint64_t key)
{
	size_t mask = hm->cap - 1, i, j, home;
	uint64_t k;

	if (hm->cap == 0 || key == UINT64_MAX ||
	    slot_key(hm, i = slot_find(hm, key + 1)) == 0)
		return;
	/* the records after i that would no longer be found move back */
	for (j = (i + 1) & mask; (k = slot_key(hm, j)) != 0;
	    j = (j + 1) & mask) {
		home = (size_t)hash_mix64(k) & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			memcpy(hm->v + i * hm->slot, hm->v + j * hm->slot,
			    hm->slot);
			i = j;
		}
	}
	memset(hm->v + i * hm->slot, 0, sizeof(k));
	hm->n--;
}

static int
key_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * Every key, in order: an array of hm->n to free, or NULL (ENOMEM; or
 * no record, errno 0).
 */
uint64_t *
hostmap_keys(const struct hostmap *hm)
{
	uint64_t *keys, k;
	size_t i, n = 0;

	errno = 0;
	if (hm->n == 0 || (keys = calloc(hm->n, sizeof(*keys))) == NULL)
		return NULL;
	for (i = 0; i < hm->cap; i++)
		if ((k = slot_key(hm, i)) != 0)
			keys[n++] = k - 1;
	qsort(keys, n, sizeof(*keys), key_cmp);
	return keys;
}

/*
 * Slot i of the table, i < hm->cap, to walk every record: its record,
 * its key into *key, or NULL when the slot is empty.
 */
void *
hostmap_at(const struct hostmap *hm, size_t i, uint64_t *key)
{
	uint64_t k;

	if (i >= hm->cap || (k = slot_key(hm, i)) == 0)
		return NULL;
	*key = k - 1;
	return slot_rec(hm, i);
}

void
hostmap_free(struct hostmap *hm)
{
	free(hm->v);
	hm->v = NULL;
	hm->cap = hm->n = 0;
}
