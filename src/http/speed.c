/*
 * http/speed.c: -Y/-y, curl's low speed check (lib/speedcheck.c): once
 * a second the transfer's speed, as curl's progress meter reckons it
 * (the body bytes of the last five seconds at most, over their time);
 * under the limit for speed_time seconds in a row, the transfer fails
 * with curl's words, a timeout (curl's 28).
 */
#include <poll.h>
#include <stdint.h>
#include <string.h>

#include "http/engine.h"
#include "http/engine_int.h"

long long
speed_check(struct httpm *m, struct mconn *c, long long now)
{
	const struct httpc_opts *o = m->o.http;
	struct mx *x = c->q;
	struct speedck *s;
	long long dt;
	uint64_t speed;
	int i, old;

	if (x == NULL || !x->sent)
		return -1;
	s = &x->spd;
	if (s->next != 0 && now < s->next)
		return s->next;
	/* the ring's newest at n % SPEED_SAMPLES, its oldest after it */
	i = s->n % SPEED_SAMPLES;
	s->t[i] = now;
	s->b[i] = x->body;
	old = s->n < SPEED_SAMPLES ? 0 : (s->n + 1) % SPEED_SAMPLES;
	s->n++;
	s->next = now + 1000;
	/* the first: nothing yet, under any limit (as curl's at its start) */
	dt = now - s->t[old];
	speed = dt > 0 ? (x->body - s->b[old]) * 1000 / (uint64_t)dt : 0;
	if (speed >= (uint64_t)o->speed_limit) {
		s->slow = 0;
		return s->next;
	}
	if (s->slow == 0)
		s->slow = now;
	else if (now - s->slow >= (long long)o->speed_time * 1000) {
		mconn_fail_first(m, c, HTTPC_ERR_TIMEOUT, "Operation too slow. "
		    "Less than %lld bytes/sec transferred the last %d seconds",
		    o->speed_limit, o->speed_time);
		return -2;
	}
	return s->next;
}
