#!/bin/sh
# tests/bench/http_engine.sh: the figures of http-get's one engine (issue
# 29), each side by side with curl in one run, alternating, ROUNDS rounds
# (default 5), medians and the ratio sockt/curl (higher is better):
#   many     MANY_N (2,000) x 1 KiB in one invocation, one connection,
#            bodies to stdout (target >= 1.6)
#   gzip     GZ_MIB (8) MiB of log text served gzip, --compressed -o
#            (target >= 1.1; GZ_MIB=256 measures the decoder's speed)
#   br, zstd the same text served br (brotli -q 6) and zstd (-3), where
#            the programs and sockt's libraries are found (target >= 1)
#   big      BIG_MIB (256) MiB -o to a file, http (>= 1.2) and https
#            (>= 1.2)
#   -Z       MANY_N URLs, sockt -Z beside curl -Z --parallel-max 50
#            (>= 1.5, http and https)
#   pipeline MANY_N URLs, sockt --pipeline beside curl on one connection
#            (>= 2, http and https)
#   cookie   the many case with the cookie engine on (-b a jar of ten
#            cookies, two of them the server's, -b two pairs, -c
#            /dev/null) beside sockt with it off: on/off (>= 0.95)
# CASES="many gzip" runs some.  nginx with one worker serves everything;
# files live on tmpfs when it has room.  Bounded: every process under
# timeout; loopback only; skips what is absent.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
MANY_N=${MANY_N:-2000}
GZ_MIB=${GZ_MIB:-8}
BIG_MIB=${BIG_MIB:-256}
CASES=${CASES:-many gzip br zstd big-http big-https Z-http Z-https pipe-http pipe-https cookie}

for t in nginx curl openssl python3 gzip; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "http_engine bench: SKIP ($t not installed)"
		exit 0
	fi
done
BIG=$((BIG_MIB * 1024 * 1024))
bench_dir $((3 * BIG / 1024)) engine
bench_cert || { echo "http_engine bench: SKIP (openssl req failed)"; exit 0; }
mkdir "$W/www/many"
i=1
while [ $i -le "$MANY_N" ]; do
	head -c 1024 /dev/urandom >"$W/www/many/f$i"
	i=$((i + 1))
done
# real pages, not a sparse file, so every round reads the same cache
head -c "$BIG" /dev/zero >"$W/www/big"
# text that compresses as text does: log lines, with counters and times
timeout 120 python3 - "$W/www/log.txt" $((GZ_MIB * 1024 * 1024)) <<'EOP' || exit 1
import random
import sys
random.seed(29)
words = ("GET POST the a of to in and request response server client "
         "connection timeout retry cache miss hit upstream backend index "
         "html json user session token error warning info debug").split()
size = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    n = 0
    while n < size:
        l = "10.%d.%d.%d - - [25/Nov/2026:%02d:%02d:%02d] \"GET /%s\" %d %d %s\n" % (
            random.randrange(256), random.randrange(256), random.randrange(256),
            random.randrange(24), random.randrange(60), random.randrange(60),
            "/".join(random.choice(words) for _ in range(3)),
            random.choice((200, 200, 304, 404)), random.randrange(100000),
            " ".join(random.choice(words) for _ in range(5)))
        l = l[:size - n]
        f.write(l)
        n += len(l)
EOP
gzip -6 -k "$W/www/log.txt" || exit 1
# br and zstd: files of their own, named by nginx's map below
command -v brotli >/dev/null 2>&1 &&
    brotli -q 6 -c "$W/www/log.txt" >"$W/www/log.txt.br"
command -v zstd >/dev/null 2>&1 &&
    zstd -q -3 -c "$W/www/log.txt" >"$W/www/log.txt.zst"
if ! bench_nginx 'sendfile on; tcp_nopush on; gzip_static on;
keepalive_timeout 30; keepalive_requests 100000;
map $uri $sockt_ce { ~\.br$ br; ~\.zst$ zstd; default ""; }
add_header Content-Encoding $sockt_ce;'; then
	echo "http_engine bench: SKIP (nginx did not start)"
	exit 0
fi
H=http://127.0.0.1:$PORT
S=https://localhost:$SPORT
# the cookie case's jar: two cookies for the server, eight for others
{
	printf '127.0.0.1\tFALSE\t/many\tFALSE\t0\tsid\t%s\n' \
	    0123456789abcdef0123456789abcdef
	printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tlang\ten\n'
	for d in a b c d e f g h; do
		printf '.%s.example\tTRUE\t/\tFALSE\t0\tx\t%s\n' $d $d
	done
} >"$W/jar"
CA="--cacert $W/cert.pem"
for u in "$H" "$S"; do
	i=1
	while [ $i -le "$MANY_N" ]; do
		echo "$u/many/f$i"
		i=$((i + 1))
	done >"$W/list.${u%%:*}"
done

# Each case: CASE_run WHO (sockt or curl) prints "RATE CPU" or "fail";
# CASE_unit names RATE.

# a download to $W/out of $2 bytes from URL $3 by WHO ($1), the rest of
# the command line after it: MB/s
download() {
	_who=$1 _size=$2 _url=$3
	shift 3
	rm -f "$W/out"
	if [ "$_who" = sockt ]; then
		bench_timed timeout 120 "$SOCKT" http-get -s $CA "$@" \
		    -o "$W/out" "$_url"
	else
		bench_timed timeout 120 curl -s $CA "$@" -o "$W/out" "$_url"
	fi || { echo fail; return; }
	[ "$(wc -c <"$W/out" | tr -d ' ')" -eq "$_size" ] ||
	    { echo fail; return; }
	awk -v b="$_size" -v ns="$(cat "$W/ns")" -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.1f %s\n", b * 1000 / ns, cpu }'
}

# the MANY_N URLs of list $2 by WHO ($1) with the options after: req/s
many() {
	_who=$1 _list=$2
	shift 2
	if [ "$_who" = sockt ]; then
		# shellcheck disable=SC2046
		bench_timed timeout 120 "$SOCKT" http-get -s $CA "$@" \
		    $(cat "$_list") >"$W/out" 2>"$W/err"
	else
		# (curl -Z draws its progress meter even with -s)
		# shellcheck disable=SC2046
		bench_timed timeout 120 curl -s $CA "$@" $(cat "$_list") \
		    >"$W/out" 2>"$W/err"
	fi || { echo fail; return; }
	[ "$(wc -c <"$W/out" | tr -d ' ')" -eq $((MANY_N * 1024)) ] ||
	    { echo fail; return; }
	awk -v n="$MANY_N" -v ns="$(cat "$W/ns")" -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.0f %s\n", n * 1e9 / ns, cpu }'
}

many_run() { many "$1" "$W/list.http"; }
gzip_run() {
	download "$1" $((GZ_MIB * 1024 * 1024)) "$H/log.txt" --compressed
}
br_run() {
	download "$1" $((GZ_MIB * 1024 * 1024)) "$H/log.txt.br" --compressed
}
zstd_run() {
	download "$1" $((GZ_MIB * 1024 * 1024)) "$H/log.txt.zst" --compressed
}
big_http_run() { download "$1" "$BIG" "$H/big"; }
big_https_run() { download "$1" "$BIG" "$S/big"; }
Z_http_run() {
	if [ "$1" = sockt ]; then
		many sockt "$W/list.http" -Z
	else
		many curl "$W/list.http" -Z --parallel-max 50
	fi
}
Z_https_run() {
	if [ "$1" = sockt ]; then
		many sockt "$W/list.https" -Z
	else
		many curl "$W/list.https" -Z --parallel-max 50
	fi
}
pipe_http_run() {
	if [ "$1" = sockt ]; then
		many sockt "$W/list.http" --pipeline
	else
		many curl "$W/list.http"
	fi
}
# sockt with the cookie engine on (in curl's place: off)
cookie_run() {
	if [ "$1" = sockt ]; then
		many sockt "$W/list.http" -b "$W/jar" -b 'pa=1; pb=2' \
		    -c /dev/null
	else
		many sockt "$W/list.http"
	fi
}
pipe_https_run() {
	if [ "$1" = sockt ]; then
		many sockt "$W/list.https" --pipeline
	else
		many curl "$W/list.https"
	fi
}

# duel CASE LABEL UNIT TARGET [A B]: ROUNDS rounds of sockt then curl
# (named A and B: what CASE_run's sockt and curl stand for)
duel() {
	_a=${5:-sockt} _b=${6:-curl}
	_f=$(echo "$1" | tr - _)_run
	: >"$W/s.r"
	: >"$W/c.r"
	# one untimed run each first: no round pays for a cold start
	$_f sockt >/dev/null
	$_f curl >/dev/null
	_r=1
	while [ $_r -le "$ROUNDS" ]; do
		_s=$($_f sockt)
		_c=$($_f curl)
		echo "$_s" >>"$W/s.r"
		echo "$_c" >>"$W/c.r"
		echo "  $1 round $_r: $_a ${_s% *} $3 (${_s#* } s CPU), $_b ${_c% *} $3 (${_c#* } s CPU)"
		_r=$((_r + 1))
	done
	if grep -q fail "$W/s.r" "$W/c.r"; then
		echo "$2: a run FAILED"
		return 1
	fi
	_sm=$(bench_col 1 <"$W/s.r" | bench_median)
	_cm=$(bench_col 1 <"$W/c.r" | bench_median)
	_sc=$(bench_col 2 <"$W/s.r" | bench_median)
	_cc=$(bench_col 2 <"$W/c.r" | bench_median)
	echo "$2: $_a $_sm $3, $_b $_cm $3, ratio $(bench_ratio "$_sm" "$_cm")x (target >= $4); CPU $_a $_sc s, $_b $_cc s"
}

echo "http_engine bench: nginx 1 worker, $ROUNDS rounds, files in ${W%/*}"
rc=0
for c in $CASES; do
	case $c in
	many) duel many "$MANY_N x 1 KiB, one connection" req/s 1.6 ;;
	gzip) duel gzip "$GZ_MIB MiB text, --compressed" MB/s 1.1 ;;
	br|zstd)
		if [ -s "$W/www/log.txt.$( [ $c = br ] && echo br || echo zst)" ] &&
		    "$SOCKT" --version | grep -q "^$( [ $c = br ] &&
		    echo brotli || echo zstd): [0-9]"; then
			duel $c "$GZ_MIB MiB text, $c, --compressed" MB/s 1
		else
			echo "$c: SKIP (no $c program or library)"
		fi ;;
	big-http) duel big-http "$BIG_MIB MiB -o, http" MB/s 1.2 ;;
	big-https) duel big-https "$BIG_MIB MiB -o, https" MB/s 1.2 ;;
	Z-http) duel Z-http "-Z $MANY_N URLs, http" req/s 1.5 ;;
	Z-https) duel Z-https "-Z $MANY_N URLs, https" req/s 1.5 ;;
	pipe-http) duel pipe-http "--pipeline $MANY_N URLs, http" req/s 2 ;;
	pipe-https) duel pipe-https "--pipeline $MANY_N URLs, https" req/s 2 ;;
	cookie) duel cookie "$MANY_N URLs, the cookie engine on/off" req/s \
	    0.95 "cookies-on" "cookies-off" ;;
	*) echo "http_engine bench: no case $c"; rc=1 ;;
	esac || rc=1
done
exit $rc
