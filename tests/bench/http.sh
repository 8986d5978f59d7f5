#!/bin/sh
# tests/bench/http.sh: sockt http-get against curl on loopback, the same
# nginx: a BIG_MIB (1,024) MiB file downloaded with -o, alternating,
# ROUNDS (7) rounds: median GB/s, the client's CPU time (user+sys) per
# GiB, and the ratios; then SMALL_N (2,000) 1 KiB requests, one
# invocation each: requests/s.  Many URLs in one invocation, -Z,
# --pipeline, --compressed and https are http_engine.sh's.
# Bounded: every process under timeout; loopback only; skips what is absent.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-7}
SMALL_N=${SMALL_N:-2000}
BIG_MIB=${BIG_MIB:-1024}
SIZE=$((BIG_MIB * 1024 * 1024))

for t in nginx python3; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "http bench: SKIP ($t not installed)"
		exit 0
	fi
done
have_curl=1
command -v curl >/dev/null 2>&1 || have_curl=0
bench_dir $((3 * SIZE / 1024)) bench
# real pages, not a sparse file, so every round reads the same cache
head -c "$SIZE" /dev/zero >"$W/www/big"
head -c 1024 /dev/urandom >"$W/www/small"
if ! bench_nginx 'sendfile on; tcp_nopush on; keepalive_timeout 5;'; then
	echo "http bench: SKIP (nginx did not start)"
	exit 0
fi
U=http://127.0.0.1:$PORT

# big_once CMD...: one timed download; GB/s and CPU seconds per GiB, or fail
big_once() {
	rm -f "$W/out"
	bench_timed timeout 120 "$@" "$W/out" "$U/big" || { echo fail; return; }
	[ "$(wc -c <"$W/out" | tr -d ' ')" -eq "$SIZE" ] ||
	    { echo fail; return; }
	awk -v b="$SIZE" -v ns="$(cat "$W/ns")" -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.3f %s\n", b / ns,
	    cpu == "-" ? "-" : sprintf("%.3f", cpu * 1073741824 / b) }'
}

echo "http bench: nginx $U, $BIG_MIB MiB file, $ROUNDS rounds, files in ${W%/*}"
# one untimed download each first, so no round pays for a cold start
big_once "$SOCKT" http-get -s -o >/dev/null
[ $have_curl -eq 1 ] && big_once curl -s -o >/dev/null
: >"$W/s.big"
: >"$W/c.big"
r=1
while [ $r -le "$ROUNDS" ]; do
	s=$(big_once "$SOCKT" http-get -s -o)
	echo "$s" >>"$W/s.big"
	c="- -"
	if [ $have_curl -eq 1 ]; then
		c=$(big_once curl -s -o)
		echo "$c" >>"$W/c.big"
	fi
	echo "  round $r: sockt ${s% *} GB/s ${s#* } s CPU/GiB, curl ${c% *} GB/s ${c#* } s CPU/GiB"
	r=$((r + 1))
done
rm -f "$W/out"
if grep -q fail "$W/s.big"; then
	echo "http bench: sockt download FAILED"
	exit 1
fi
sm=$(bench_col 1 <"$W/s.big" | bench_median)
scpu=$(bench_col 2 <"$W/s.big" | bench_median)
if [ $have_curl -eq 1 ] && ! grep -q fail "$W/c.big"; then
	cm=$(bench_col 1 <"$W/c.big" | bench_median)
	ccpu=$(bench_col 2 <"$W/c.big" | bench_median)
	echo "large file: sockt $sm GB/s, curl $cm GB/s (median of $ROUNDS), ratio $(bench_ratio "$sm" "$cm")x"
	echo "large file CPU (user+sys per GiB): sockt $scpu s, curl $ccpu s, sockt/curl $(bench_ratio "$scpu" "$ccpu") (target <= 0.70)"
else
	echo "large file: sockt $sm GB/s, $scpu s CPU/GiB (curl absent or failed)"
fi

# small_run CMD...: SMALL_N requests, one invocation each; requests/s
small_run() {
	_i=0
	_t0=$(bench_now_ns)
	while [ $_i -lt "$SMALL_N" ]; do
		timeout 10 "$@" "$U/small" || { echo fail; return; }
		_i=$((_i + 1))
	done
	awk -v n="$SMALL_N" -v ns=$(($(bench_now_ns) - _t0)) \
	    'BEGIN { printf "%.0f\n", n * 1e9 / ns }'
}
sr=$(small_run "$SOCKT" http-get -s -o /dev/null)
if [ $have_curl -eq 1 ]; then
	cr=$(small_run curl -s -o /dev/null)
	echo "small requests: $SMALL_N x 1 KiB, one invocation each: sockt $sr req/s, curl $cr req/s, ratio $(bench_ratio "$sr" "$cr")x"
else
	echo "small requests: $SMALL_N x 1 KiB: sockt $sr req/s (curl absent)"
fi
[ "$sr" != fail ]
