/*
 * Unit tests for hostmap (src/hostmap.c): records keyed by a number,
 * checked against a plain table, and a window of keys sliding over a
 * million that never needs more than the window's room.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/hostmap.h"
#include "tap.h"

#define NKEYS	4096

struct rec {
	uint64_t	 n[5];
	void		*p;
	char		 c;
};

/* A small xorshift: the same sequence on every run. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Every record found by a walk of the slots, its key in range and held. */
static int
walk_ok(const struct hostmap *hm, const unsigned char *held)
{
	struct rec *r;
	uint64_t key;
	size_t i, n = 0;

	for (i = 0; i < hm->cap; i++) {
		if ((r = hostmap_at(hm, i, &key)) == NULL)
			continue;
		if (key >= NKEYS || !held[key] || r->n[0] != key * 3)
			return 0;
		n++;
	}
	return n == hm->n;
}

static void
random_ops(void)
{
	static unsigned char held[NKEYS];
	struct hostmap hm;
	struct rec *r;
	uint64_t s = 88172645463325252ULL, k;
	size_t i, n = 0, bad = 0;

	hostmap_init(&hm, sizeof(struct rec));
	ok(hostmap_get(&hm, 7) == NULL, "an empty map has nothing");
	hostmap_del(&hm, 7);
	ok(hm.n == 0, "deleting from an empty map is harmless");
	for (i = 0; i < 200000; i++) {
		k = rnd(&s) % NKEYS;
		if (rnd(&s) % 3 != 0) {
			if ((r = hostmap_put(&hm, k)) == NULL) {
				bad++;
				continue;
			}
			if (!held[k] && (r->n[0] != 0 || r->p != NULL))
				bad++;	/* a new record starts zeroed */
			if (held[k] && r->n[0] != k * 3)
				bad++;	/* an old one is found again */
			r->n[0] = k * 3;
			n += !held[k];
			held[k] = 1;
		} else {
			hostmap_del(&hm, k);
			n -= held[k];
			held[k] = 0;
		}
		if (hm.n != n)
			bad++;
		if (i % 5000 == 0 && !walk_ok(&hm, held))
			bad++;
	}
	ok(bad == 0, "200000 random puts and deletes agree with a table");
	for (k = 0, bad = 0; k < NKEYS; k++) {
		r = hostmap_get(&hm, k);
		if (held[k] ? r == NULL || r->n[0] != k * 3 : r != NULL)
			bad++;
	}
	ok(bad == 0, "every key is found, or not, as the table says");
	ok(walk_ok(&hm, held), "a walk of the slots finds each record once");
	ok(((uintptr_t)hostmap_put(&hm, 1) % sizeof(uint64_t)) == 0,
	    "records are aligned");
	hostmap_free(&hm);
	ok(hm.n == 0 && hostmap_get(&hm, 1) == NULL, "freed: empty");
}

static void
sliding_window(void)
{
	struct hostmap hm;
	struct rec *r;
	uint64_t k;
	size_t bad = 0, maxcap = 0;

	/* as a scan holds its hosts in progress: 100 at a time */
	hostmap_init(&hm, sizeof(struct rec));
	for (k = 0; k < 1000000; k++) {
		if ((r = hostmap_put(&hm, k)) == NULL)
			bad++;
		else
			r->n[0] = k * 3;
		if (k >= 100) {
			if (hostmap_get(&hm, k - 100) == NULL)
				bad++;
			hostmap_del(&hm, k - 100);
		}
		if (hm.cap > maxcap)
			maxcap = hm.cap;
	}
	ok(bad == 0, "a million keys through a window of 100");
	ok(hm.n == 100, "100 left");
	ok(maxcap <= 256, "room for the window only");
	hostmap_free(&hm);
}

/* hostmap_keys: every key once, in order; NULL for an empty map */
static void
keys_sorted(void)
{
	struct hostmap hm;
	uint64_t *keys, k;
	size_t i;
	int bad = 0;

	hostmap_init(&hm, sizeof(int));
	ok(hostmap_keys(&hm) == NULL && errno == 0, "no keys: NULL, no error");
	for (k = 0; k < 1000; k++)
		(void)hostmap_put(&hm, (k * 7919) % 1000 + 5);
	if ((keys = hostmap_keys(&hm)) == NULL) {
		ok(0, "keys");
		hostmap_free(&hm);
		return;
	}
	for (i = 0; i < hm.n; i++)
		if (keys[i] != i + 5)
			bad++;
	ok(hm.n == 1000 && bad == 0, "1000 keys, each once, in order");
	free(keys);
	hostmap_free(&hm);
}

int
main(void)
{
	struct hostmap hm;

	random_ops();
	sliding_window();
	keys_sorted();
	hostmap_init(&hm, 1);
	errno = 0;
	ok(hostmap_put(&hm, UINT64_MAX) == NULL && errno == EINVAL,
	    "UINT64_MAX is no key");
	ok(hostmap_put(&hm, UINT64_MAX - 1) != NULL &&
	    hostmap_get(&hm, UINT64_MAX - 1) != NULL, "UINT64_MAX - 1 is one");
	hostmap_free(&hm);
	return tap_done();
}
