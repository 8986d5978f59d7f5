#!/bin/sh
# tests/bench/http_path.sh: http-get -Z beside curl -Z on emulated paths
# (issue 49, item 2).  For each profile of tests/pathemu.sh (PROFILES,
# default "lossless 20ms short-lossy jitter badwifi 100ms"), a path
# between two network namespaces of its own (tests/pathemu), an nginx in
# the server's on 198.18.0.2 serving FILES small files (default 200, of
# SIZE bytes, default 4096), and RUNS runs (default 5) of each client,
# in turn, fetching them all at once with their defaults:
#   sockt:     sockt http-get -Z -s --output-dir D -O 'http://H/f[1-200]'
#   curl:      curl -Z -s --output-dir D -O 'http://H/f[1-200]' (its
#              --parallel-max 50)
#   sockt/N:   the same with --parallel-host N (OTHERS, default "6":
#              the old default), for the reference
#   old:       OLD=BINARY, another sockt (a build of main before issue
#              49: its defaults), when set
# Each run's files are checked (their count and bytes), a run that fails
# or takes over CAP seconds (default 60) counts as such.  Prints a table:
# the median wall time of each, and sockt's ratio to curl's.
# RESULTS=FILE keeps every run's figures ("profile client run ms ok").
# Needs root, /dev/net/tun, tests/pathemu (make check or make bench builds
# it), nginx and python3; curl is optional (its column reads "-").
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
PATHEMU=$(cd "$(dirname "$0")/.." && pwd)/pathemu
BENCH=$(cd "$(dirname "$0")" && pwd)
export SOCKT
. "$BENCH/../lib.sh"
. "$BENCH/../pathemu.sh"
RUNS=${RUNS:-5}
PROFILES=${PROFILES:-"lossless 20ms short-lossy jitter badwifi 100ms"}
FILES=${FILES:-200}
SIZE=${SIZE:-4096}
OTHERS=${OTHERS:-6}
OLD=${OLD:-}
CAP=${CAP:-60}

if ! pathemu_usable python3 nginx; then
	echo "http_path: skipped: $PE_WHY"
	exit 0
fi
CURL=curl
have curl || CURL=

mkdir "$T/www" "$T/logs"
i=1
while [ $i -le "$FILES" ]; do
	head -c "$SIZE" /dev/urandom >"$T/www/f$i"
	i=$((i + 1))
done
PORT=8080
cat >"$T/nginx.conf" <<EOC
daemon off;
master_process off;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/logs/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	keepalive_requests 100000;
	client_body_temp_path $T/logs; proxy_temp_path $T/logs;
	fastcgi_temp_path $T/logs; uwsgi_temp_path $T/logs;
	scgi_temp_path $T/logs;
	server { listen $PE_S4:$PORT; root $T/www; }
}
EOC

# nginx_up: nginx in the server namespace, listening when it returns
nginx_up() {
	$PE_S nginx -p "$T" -c "$T/nginx.conf" 2>>"$T/logs/start.log" &
	NGPID=$!
	own "$NGPID"
	watch 7200 "$NGPID"
	_n=0
	while [ $_n -lt 100 ]; do
		$PE_C python3 -c 'import socket, sys
socket.create_connection((sys.argv[1], int(sys.argv[2])), 1)' "$PE_S4" \
		    "$PORT" 2>/dev/null && return 0
		sleep 0.1	# nginx has no readiness signal
		_n=$((_n + 1))
	done
	return 1
}

# fetch CLIENT PROFILE N: one run, its figures appended to $T/rows as
# "profile client n ms ok"
fetch() {
	rm -rf "$T/got"
	mkdir "$T/got"
	url="http://$PE_S4:$PORT/f[1-$FILES]"
	case $1 in
	sockt) set -- "$@" "$SOCKT" http-get -Z -s ;;
	curl) set -- "$@" "$CURL" -Z -s ;;
	sockt/*) set -- "$@" "$SOCKT" http-get -Z -s \
	    --parallel-host "${1#sockt/}" ;;
	old) set -- "$@" "$OLD" http-get -Z -s ;;
	esac
	c=$1 prof=$2 n=$3
	shift 3
	t0=$(now_ms)
	run "$CAP" $PE_C "$@" --output-dir "$T/got" -O "$url"
	ms=$(( $(now_ms) - t0 ))
	ok=1
	if [ "$rc" -ne 0 ] ||
	    [ "$(ls "$T/got" | wc -l | tr -d ' ')" != "$FILES" ] ||
	    [ "$(cat "$T/got"/* | wc -c | tr -d ' ')" != \
	    "$((FILES * SIZE))" ]; then
		ok=0
		echo "  $c on $prof #$n: exit $rc: $err" >&2
	fi
	echo "$prof $c $n $ms $ok" >>"$T/rows"
	echo "  $c on $prof #$n: $ms ms" >&2
}

: >"$T/rows"
CLIENTS="sockt"
[ -n "$CURL" ] && CLIENTS="$CLIENTS curl"
for o in $OTHERS; do CLIENTS="$CLIENTS sockt/$o"; done
[ -n "$OLD" ] && CLIENTS="$CLIENTS old"
for prof in $PROFILES; do
	echo "http_path: $prof ($(pathemu_spec "$prof"))" >&2
	pathemu_start -t 7200 "$prof" || exit 1
	nginx_up || { echo "http_path: nginx did not start" >&2; exit 1; }
	n=1
	while [ $n -le "$RUNS" ]; do
		# in turn, so each client meets the path as the others do
		for c in $CLIENTS; do
			fetch "$c" "$prof" "$n"
		done
		n=$((n + 1))
	done
	kill "$NGPID"
	wait_gone "$NGPID" 10
	pathemu_stop || echo "http_path: pathemu did not stop" >&2
done
[ -n "${RESULTS:-}" ] && cp "$T/rows" "$RESULTS"

echo
echo "$FILES files of $SIZE bytes, -Z, $RUNS runs each: median wall time"
echo
printf '| path (each direction) |'
for c in $CLIENTS; do printf ' %s |' "$c"; done
printf ' sockt/curl |\n|---|'
for c in $CLIENTS; do printf -- '---|'; done
printf -- '---|\n'
for prof in $PROFILES; do
	awk -v p="$prof" -v cl="$CLIENTS" -v spec="$(pathemu_spec "$prof")" '
	function med(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	$1 == p { k = $2; cnt[k]++; t[k, cnt[k]] = $4; if (!$5) bad[k]++ }
	END {
		printf "| %s (%s) |", p, spec == "" ? "nothing" : spec
		nc = split(cl, c, " ")
		for (i = 1; i <= nc; i++) {
			k = c[i]
			if (!cnt[k]) { printf " - |"; continue }
			for (j = 1; j <= cnt[k]; j++) a[j] = t[k, j]
			m[k] = med(a, cnt[k])
			printf " %.2f s%s |", m[k] / 1000,
			    bad[k] ? sprintf(" (%d failed)", bad[k]) : ""
		}
		if (cnt["curl"] && m["curl"] > 0)
			printf " %.2f |\n", m["sockt"] / m["curl"]
		else
			printf " - |\n"
	}' "$T/rows"
done
