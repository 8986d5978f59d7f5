/*
 * fuzz_sesstab.c: the UDP forwarder's session table (util/sesstab.c)
 * fed a sequence of operations, two bytes each (what, whom), checked
 * after each one against a plain model: the same sessions found, the
 * same oldest one, the same expiry, the same count per IP, room refused
 * only when full.  The table holds a handful, so the input reaches
 * "full", the evictions and the chains that share a bucket soon.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/sesstab.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CAP	6
#define NKEYS	16	/* 4 IPs (two of them IPv4-mapped) x 4 ports */

/* Key k: IP k / 4, port k % 4. */
static void
key_of(int k, unsigned char *key)
{
	memset(key, 0, SESSTAB_KEYLEN);
	if ((k / 4) % 2 == 0) {
		key[10] = key[11] = 0xff;
		key[12] = 127;
		key[15] = (unsigned char)(k / 4 + 1);
	} else {
		key[0] = 0x20;
		key[15] = (unsigned char)(k / 4 + 1);
	}
	key[16] = 0x30;
	key[17] = (unsigned char)(k % 4);
}

/* The model: for each key, its index (-1: none) and when last active. */
struct model {
	int		 idx[NKEYS];
	long long	 last[NKEYS];
	long long	 seq[NKEYS];	/* order of activity: ties in time */
	long long	 clock;
	int		 n;
};

/* The model's oldest key: least recent activity, or -1. */
static int
model_oldest(const struct model *m)
{
	int k, best = -1;

	for (k = 0; k < NKEYS; k++)
		if (m->idx[k] != -1 && (best == -1 || m->seq[k] < m->seq[best]))
			best = k;
	return best;
}

static void
agree(const struct sesstab *t, const struct model *m, long long now)
{
	unsigned char key[SESSTAB_KEYLEN];
	int k, o, ip, n;

	if (t->n != (size_t)m->n)
		abort();
	for (k = 0; k < NKEYS; k++) {
		key_of(k, key);
		if (sesstab_find(t, key) != m->idx[k])
			abort();
	}
	o = model_oldest(m);
	if (sesstab_oldest(t) != (o == -1 ? -1 : m->idx[o]))
		abort();
	for (ip = 0; ip < NKEYS / 4; ip++) {
		for (n = 0, k = ip * 4; k < ip * 4 + 4; k++)
			n += m->idx[k] != -1;
		key_of(ip * 4, key);
		if (sesstab_peers(t, key) != n)
			abort();
	}
	/* idle 5: expired iff the oldest has been quiet that long */
	if (sesstab_expired(t, now, 5) != (o != -1 && now - m->last[o] >= 5 ?
	    m->idx[o] : -1))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char key[SESSTAB_KEYLEN];
	struct sesstab t;
	struct model m;
	long long now = 0;
	size_t at;
	int k, i, op;

	if (sesstab_init(&t, CAP, size > 0 ? data[0] : 0) == -1)
		return 0;
	memset(&m, 0, sizeof(m));
	for (k = 0; k < NKEYS; k++)
		m.idx[k] = -1;
	for (at = 1; at + 1 < size; at += 2) {
		op = data[at] % 5;
		k = data[at + 1] % NKEYS;
		/* time moves on by the high bits: 0 to 3 a step */
		now += data[at] >> 6;
		key_of(k, key);
		switch (op) {
		case 0:
			if (m.idx[k] != -1)
				break;
			i = sesstab_add(&t, key, now);
			if (m.n == CAP) {
				if (i != -1 || errno != ENOSPC)
					abort();
				break;
			}
			if (i < 0 || i >= CAP)
				abort();
			m.idx[k] = i;
			m.last[k] = now;
			m.seq[k] = ++m.clock;
			m.n++;
			break;
		case 1:
			if (m.idx[k] == -1)
				break;
			sesstab_touch(&t, m.idx[k], now);
			m.last[k] = now;
			m.seq[k] = ++m.clock;
			break;
		case 2:
		case 3:
			/* del by key, or the forwarder's drop of the oldest */
			if (op == 3 && (k = model_oldest(&m)) == -1)
				break;
			if (m.idx[k] == -1)
				break;
			sesstab_del(&t, m.idx[k]);
			m.idx[k] = -1;
			m.n--;
			break;
		default:
			/* expire what has been idle 5 or longer */
			while ((i = sesstab_expired(&t, now, 5)) != -1) {
				if ((k = model_oldest(&m)) == -1 ||
				    m.idx[k] != i)
					abort();
				sesstab_del(&t, i);
				m.idx[k] = -1;
				m.n--;
			}
			break;
		}
		agree(&t, &m, now);
	}
	sesstab_free(&t);
	return 0;
}
