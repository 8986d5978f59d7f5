#!/bin/sh
# tests/bench/ws_bulk.sh: bulk transfers over WebSocket with
# permessage-deflate (issue 48), what it costs beside plain frames, and
# node's ws beside sockt, in one run.  Three payloads on tmpfs:
# ZERO_MIB (256) MiB of zeros, RAND_MIB (64) MiB of random bytes (a
# tarball of compressed files, a video) and TEXT_MIB (64) MiB of log
# lines (as bench/ws_deflate.sh makes them), each sent one way in
# messages of 256 KiB: sockt connect --ws-binary (stdin the file) to
# sockt listen --ws --ws-binary -d (its stdout a file, checked with cmp),
# with compression and with --ws-no-deflate; node's ws client (the file
# in 256 KiB binary messages) to a node ws server (each payload written
# to a file, checked), perMessageDeflate on (its defaults: zlib's
# default level, messages from 1 KiB) and off.  The time is from the
# client's start until both ends exited.  ROUNDS rounds (default 5),
# the four runs alternating, medians; for each payload the ratio of
# compression's time to plain frames' (sockt's target: at most 2 for
# random bytes, 3 for zeros) and node's time over sockt's with
# compression (higher is better); the CPU time of both ends beside
# each, which a loaded machine stretches less.  The bytes on the wire with
# compression come from the node server's socket, once with sockt
# connect as its client (untimed) and once with node's.  Without node or
# its ws package (SOCKT_NODE_PATH, else `npm root -g`) node's columns
# say "-".  Bounded: every process under timeout; loopback only.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
ZERO_MIB=${ZERO_MIB:-256}
RAND_MIB=${RAND_MIB:-64}
TEXT_MIB=${TEXT_MIB:-64}
CHUNK=262144
WSDN=$(cd "$(dirname "$0")/.." && pwd)/ws_deflate_node.js

bench_dir $(((ZERO_MIB + RAND_MIB + TEXT_MIB) * 2 * 1024 + 65536)) wsbulk
LPID=
trap '[ -n "$LPID" ] && kill "$LPID" 2>/dev/null; bench_cleanup' EXIT

NODE_PATH=${NODE_PATH:-${SOCKT_NODE_PATH:-$(timeout 30 npm root -g 2>/dev/null)}}
export NODE_PATH
NODE=1
if ! command -v node >/dev/null 2>&1 ||
    ! timeout 30 node -e 'require("ws")' >/dev/null 2>&1; then
	NODE=
	echo "ws bulk bench: no node or no ws package: sockt alone"
fi

# port_of FILE PID: the port of a "listening on ... port N" line that PID
# writes to FILE (5 s at most); empty when it never comes
port_of() {
	_pi=0
	while [ $_pi -lt 500 ]; do
		_pp=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$1" |
		    head -n 1)
		[ -n "$_pp" ] && { echo "$_pp"; return; }
		kill -0 "$2" 2>/dev/null || return
		sleep 0.01	# no readiness signal but the line
		_pi=$((_pi + 1))
	done
}

head -c $((ZERO_MIB * 1048576)) /dev/zero >"$W/zeros"
head -c $((RAND_MIB * 1048576)) /dev/urandom >"$W/random"
awk -v max=$((TEXT_MIB * 1048576)) 'BEGIN {
	srand(48)
	split("GET POST PUT DELETE", m, " ")
	split("/api/v1/items /api/v1/users /static/app.js /health /login", p, " ")
	while (n < max) {
		l = sprintf("2026-11-25T16:%02d:%02d.%03dZ web%02d nginx[%d]: " \
		    "%s %s?id=%d %d %d bytes in %d ms \"Mozilla/5.0 (X11; " \
		    "Linux x86_64)\"", i / 3600 % 60, i / 60 % 60, i % 1000,
		    int(rand() * 16), 1000 + int(rand() * 50),
		    m[1 + int(rand() * 4)], p[1 + int(rand() * 5)],
		    int(rand() * 100000), rand() < 0.9 ? 200 : 404,
		    int(rand() * 65536), int(rand() * 900))
		print l
		n += length(l) + 1
		i++
	}
}' | head -c $((TEXT_MIB * 1048576)) >"$W/text"

# cpu FILE CMD...: CMD, its user and system time into FILE when GNU
# time is here
cpu() {
	_cf=$1
	shift
	if [ -n "$TIMEBIN" ]; then
		"$TIMEBIN" -f '%U %S' -o "$_cf" "$@"
	else
		echo "- -" >"$_cf"
		"$@"
	fi
}

# server WHO DEFLATE: start the receiving end (sockt listen, or node's
# sink) into $W/recv; LPID and LPORT, or 1
server() {
	rm -f "$W/recv" "$W/server.err" "$W/server.out"
	: >"$W/server.err"
	if [ "$1" = sockt ]; then
		cpu "$W/cpu.s" timeout 300 "$SOCKT" listen --ws --ws-binary -d \
		    -v 127.0.0.1 0 >"$W/recv" 2>"$W/server.err" &
	else
		cpu "$W/cpu.s" timeout 300 node "$WSDN" sink "$2" "$W/recv" \
		    >"$W/server.out" 2>"$W/server.err" &
	fi
	LPID=$!
	LPORT=$(port_of "$W/server.err" "$LPID")
	[ -n "$LPORT" ] || { kill "$LPID" 2>/dev/null; LPID=; return 1; }
}

# one WHO DEFLATE FILE: "SECONDS CPU", the time until both ends exited
# and the CPU time of both, or "fail"
one() {
	server "$1" "$2" || { echo fail; return; }
	_t0=$(bench_now_ns)
	if [ "$1" = sockt ]; then
		_nd=
		[ "$2" = off ] && _nd=--ws-no-deflate
		cpu "$W/cpu.c" timeout 300 "$SOCKT" connect --ws-binary $_nd \
		    "ws://127.0.0.1:$LPORT/" <"$3" >/dev/null 2>"$W/err"
	else
		cpu "$W/cpu.c" timeout 300 node "$WSDN" sendfile "$2" \
		    "ws://127.0.0.1:$LPORT/" "$3" "$CHUNK" >/dev/null 2>"$W/err"
	fi
	_st=$?
	[ "$_st" = 0 ] || kill "$LPID" 2>/dev/null
	wait "$LPID"
	_lst=$?
	_ns=$(($(bench_now_ns) - _t0))
	LPID=
	[ "$_st" = 0 ] && [ "$_lst" = 0 ] && cmp -s "$3" "$W/recv" ||
	    { echo fail; cat "$W/err" >&2; return; }
	cat "$W/cpu.s" "$W/cpu.c" | awk -v ns="$_ns" '
	    $1 == "-" { c = "-" } c != "-" { c += $1 + $2 }
	    END { printf "%.3f %s\n", ns / 1e9, c == "-" ? c : sprintf("%.2f", c) }'
}

# wire CLIENT FILE: the bytes the node sink read (compression on) with
# sockt connect or node's client sending FILE; "-" without node
wire() {
	[ -n "$NODE" ] || { echo -; return; }
	server node on || { echo -; return; }
	if [ "$1" = sockt ]; then
		timeout 300 "$SOCKT" connect --ws-binary \
		    "ws://127.0.0.1:$LPORT/" <"$2" >/dev/null 2>&1
	else
		timeout 300 node "$WSDN" sendfile on "ws://127.0.0.1:$LPORT/" \
		    "$2" "$CHUNK" >/dev/null 2>&1
	fi
	wait "$LPID"
	LPID=
	sed -n 's/.*, wire \([0-9]*\)$/\1/p' "$W/server.out"
}

echo "ws bulk bench: $ROUNDS rounds; $ZERO_MIB MiB of zeros, $RAND_MIB MiB of random bytes, $TEXT_MIB MiB of text in $CHUNK-byte messages; files in ${W%/*}"
rc=0
for p in zeros random text; do
	for r in sockt_on sockt_off node_on node_off; do : >"$W/$p.$r"; done
	# one untimed run of each first: no round pays for a cold start
	one sockt on "$W/$p" >/dev/null
	[ -n "$NODE" ] && one node on "$W/$p" >/dev/null
	i=1
	while [ $i -le "$ROUNDS" ]; do
		for r in sockt_on sockt_off node_on node_off; do
			if [ -z "$NODE" ] && [ "${r%_*}" = node ]; then
				echo - - >>"$W/$p.$r"
				continue
			fi
			one "${r%_*}" "${r#*_}" "$W/$p" >>"$W/$p.$r"
		done
		echo "  $p round $i: sockt $(tail -n 1 "$W/$p.sockt_on"), --ws-no-deflate $(tail -n 1 "$W/$p.sockt_off"); node $(tail -n 1 "$W/$p.node_on"), without deflate $(tail -n 1 "$W/$p.node_off") (s, CPU s)"
		i=$((i + 1))
	done
	if grep -q fail "$W/$p".*; then
		echo "$p: a run FAILED"
		rc=1
		continue
	fi
	for r in sockt_on sockt_off node_on node_off; do
		for k in 1 2; do
			if bench_col $k <"$W/$p.$r" | grep -q -- -; then
				eval "m${k}_$r=-"
			else
				eval "m${k}_$r=\$(bench_col $k <\"\$W/\$p.\$r\" | bench_median)"
			fi
		done
		eval "m_$r=\$m1_$r c_$r=\$m2_$r"
	done
	# shellcheck disable=SC2154	# set through eval above
	sr=$(bench_ratio "$m_sockt_on" "$m_sockt_off")
	# shellcheck disable=SC2154
	nr=$(bench_ratio "$m_node_on" "$m_node_off")
	size=$(wc -c <"$W/$p" | tr -d ' ')
	case $p in
	zeros) target=3 ;;
	random) target=2 ;;
	*) target= ;;
	esac
	# shellcheck disable=SC2154
	echo "$p, $((size / 1048576)) MiB: sockt $m_sockt_on s with deflate (CPU $c_sockt_on s), $m_sockt_off s without (CPU $c_sockt_off s): ${sr}x${target:+ (target <= $target)}; node $m_node_on s (CPU $c_node_on s), $m_node_off s (CPU $c_node_off s): ${nr}x; node/sockt with deflate $(bench_ratio "$m_node_on" "$m_sockt_on")x"
	echo "  on the wire with deflate: sockt $(wire sockt "$W/$p") bytes, node $(wire node "$W/$p") bytes, of $size"
	if [ -n "$target" ] && ! awk -v r="$sr" -v t="$target" \
	    'BEGIN { exit !(r != "-" && r <= t) }'; then
		echo "$p: ABOVE TARGET"
		rc=1
	fi
done
exit $rc
