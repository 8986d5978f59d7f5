#!/bin/sh
# tests/bench/ws_deflate.sh: WebSocket with permessage-deflate (issue 39):
# TEXT_MIB (8) MiB of log lines, a line a text message, echoed by a node
# ws server with compression on (threshold 0: every message compressed
# both ways), through sockt connect ws:// (stdin the file, stdout checked
# byte for byte) beside node's ws client doing the same (all sent at
# once, every echo checked), both offering permessage-deflate with
# context takeover.  Each round runs sockt, node, and sockt
# --ws-no-deflate (the uncompressed size, for reference); the server
# counts the bytes its socket read and wrote (the wire, both ways,
# handshake included).  ROUNDS rounds (default 5), medians: the time of
# the whole client process and node's time over sockt's (higher is
# better), and the wire bytes of each beside the text's size.  Needs
# node and its ws package (SOCKT_NODE_PATH, else `npm root -g`), else
# SKIP.  Bounded: every process under timeout; loopback only.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
TEXT_MIB=${TEXT_MIB:-8}
WSDN=$(cd "$(dirname "$0")/.." && pwd)/ws_deflate_node.js

bench_dir $((TEXT_MIB * 3 * 1024 + 65536)) wsdeflate
NPID=
trap '[ -n "$NPID" ] && kill "$NPID" 2>/dev/null; bench_cleanup' EXIT

NODE_PATH=${NODE_PATH:-${SOCKT_NODE_PATH:-$(timeout 30 npm root -g 2>/dev/null)}}
export NODE_PATH
if ! command -v node >/dev/null 2>&1 ||
    ! timeout 30 node -e 'require("ws")' >/dev/null 2>&1; then
	echo "ws deflate bench: SKIP (no node or no ws package)"
	exit 0
fi

# log lines: a timestamp, a host, a request and its figures, varied
awk -v max=$((TEXT_MIB * 1024 * 1024)) 'BEGIN {
	srand(39)
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
}' >"$W/text"
BYTES=$(wc -c <"$W/text" | tr -d ' ')
LINES=$(wc -l <"$W/text" | tr -d ' ')

: >"$W/server.err"
timeout 1800 node "$WSDN" serve --keep '{}' >"$W/server.out" \
    2>"$W/server.err" &
NPID=$!
i=0
while [ $i -lt 500 ]; do
	NPORT=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' \
	    "$W/server.err")
	[ -n "$NPORT" ] && break
	kill -0 "$NPID" 2>/dev/null || break
	sleep 0.01	# no readiness signal but the line
	i=$((i + 1))
done
[ -n "$NPORT" ] || { echo "ws deflate bench: the node server did not start"; exit 1; }
URL=ws://127.0.0.1:$NPORT/

# wire_after N: the wire bytes (read + written) of the server's Nth
# connection, once it said them (10 s at most)
wire_after() {
	_wi=0
	while [ $_wi -lt 1000 ]; do
		_w=$(awk -v n="$1" '$1 == "wire" && ++k == n { print $2 + $3 }' \
		    "$W/server.out")
		[ -n "$_w" ] && { echo "$_w"; return; }
		sleep 0.01	# the server's line comes after its close
		_wi=$((_wi + 1))
	done
	echo fail
}

CONN=0
# one WHO: "SECONDS CPU WIRE", or "fail"
one() {
	case $1 in
	sockt)
		bench_timed timeout 120 "$SOCKT" connect "$URL" <"$W/text" \
		    >"$W/out" 2>"$W/err" && cmp -s "$W/text" "$W/out" ;;
	plain)
		bench_timed timeout 120 "$SOCKT" connect --ws-no-deflate "$URL" \
		    <"$W/text" >"$W/out" 2>"$W/err" &&
		    cmp -s "$W/text" "$W/out" ;;
	node)
		bench_timed timeout 120 node "$WSDN" lines "$URL" "$W/text" \
		    >"$W/out" 2>"$W/err" ;;
	esac
	_st=$?
	CONN=$((CONN + 1))
	_wire=$(wire_after "$CONN")
	[ "$_st" = 0 ] && [ "$_wire" != fail ] || { echo fail; cat "$W/err" >&2; return; }
	awk -v ns="$(cat "$W/ns")" -v cpu="$(cat "$W/cpu")" -v w="$_wire" \
	    'BEGIN { printf "%.3f %s %d\n", ns / 1e9, cpu, w }'
}

echo "ws deflate bench: $ROUNDS rounds, $BYTES bytes in $LINES lines, files in ${W%/*}"
: >"$W/sockt.r"
: >"$W/node.r"
: >"$W/plain.r"
one sockt >/dev/null
one node >/dev/null
r=1
while [ $r -le "$ROUNDS" ]; do
	for who in sockt node plain; do
		one "$who" >>"$W/$who.r"
	done
	echo "  round $r: sockt $(tail -n 1 "$W/sockt.r"), node $(tail -n 1 "$W/node.r"), sockt --ws-no-deflate $(tail -n 1 "$W/plain.r") (s, CPU s, wire bytes)"
	r=$((r + 1))
done
if grep -q fail "$W/sockt.r" "$W/node.r" "$W/plain.r"; then
	echo "ws deflate bench: a run FAILED"
	exit 1
fi
for who in sockt node plain; do
	eval "t_$who=\$(bench_col 1 <\"\$W/\$who.r\" | bench_median)"
	eval "c_$who=\$(bench_col 2 <\"\$W/\$who.r\" | bench_median)"
	eval "w_$who=\$(bench_col 3 <\"\$W/\$who.r\" | bench_median)"
done
echo "$TEXT_MIB MiB of text lines echoed by node ws, permessage-deflate: sockt $t_sockt s (CPU $c_sockt s), node $t_node s (CPU $c_node s), ratio $(bench_ratio "$t_node" "$t_sockt")x"
echo "  wire bytes both ways: sockt $w_sockt, node $w_node (node/sockt $(bench_ratio "$w_node" "$w_sockt")x), uncompressed $w_plain; text $BYTES each way: sockt $(bench_ratio $((BYTES * 2)) "$w_sockt")x smaller"
