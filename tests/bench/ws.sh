#!/bin/sh
# tests/bench/ws.sh: WebSocket (issue 30), each case side by side in one
# run, alternating, ROUNDS rounds (default 5), medians and sockt's ratio
# (higher is better):
#   lines   LINES_N (100,000) line messages to a node ws echo server
#           (tests/ws_node.js, one server for both), all sent, every
#           echo counted: sockt connect ws:// (stdin a file of lines,
#           stdout counted) beside a node ws client doing the same
#           (ws_node.js client lines); messages/s over the whole run of
#           each client process, start-up included (target >= 1.3:
#           sockt reads what piled up on the socket during a burst rather
#           than waking for each segment, issue 39)
#   binary  BIN_MIB (256) MiB from a file on tmpfs through sockt connect
#           --ws-binary ws:// to sockt listen --ws --ws-binary -d (its
#           stdout a file, checked for the size; without --ws-binary each
#           message would be written with a newline),
#           beside the same through sockt's plain TCP relay (connect to
#           listen -d); MB/s until both ends exited (target >= 0.5)
# CASES="binary" runs one.  node's ws package is found as the tests find
# it (SOCKT_NODE_PATH, else `npm root -g`); without it "lines" is skipped.
# Bounded: every process under timeout; loopback only.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
LINES_N=${LINES_N:-100000}
BIN_MIB=${BIN_MIB:-256}
CASES=${CASES:-lines binary}
WSNODE=$(cd "$(dirname "$0")/.." && pwd)/ws_node.js

BIN=$((BIN_MIB * 1024 * 1024))
bench_dir $((BIN / 1024 + 65536)) ws
LPID= NPID=
trap 'for _k in $NPID $LPID; do kill "$_k" 2>/dev/null; done; bench_cleanup' EXIT

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

# --- lines -------------------------------------------------------------------------
# the node server, kept for the whole case
lines_setup() {
	NODE_PATH=${NODE_PATH:-${SOCKT_NODE_PATH:-$(timeout 30 npm root -g 2>/dev/null)}}
	export NODE_PATH
	command -v node >/dev/null 2>&1 &&
	    timeout 30 node -e 'require("ws")' >/dev/null 2>&1 || return 1
	i=0
	while [ $i -lt "$LINES_N" ]; do
		echo "line $i"
		i=$((i + 1))
	done >"$W/lines"
	timeout 1800 node "$WSNODE" serve --keep echo >/dev/null \
	    2>"$W/node.err" &
	NPID=$!
	NPORT=$(port_of "$W/node.err" "$NPID")
	[ -n "$NPORT" ]
}

# lines_run WHO: "MSGS/S CPU", or "fail"
lines_run() {
	if [ "$1" = sockt ]; then
		bench_timed timeout 120 "$SOCKT" connect \
		    "ws://127.0.0.1:$NPORT/" <"$W/lines" >"$W/out" 2>"$W/err" ||
		    { echo fail; return; }
		[ "$(wc -l <"$W/out" | tr -d ' ')" -eq "$LINES_N" ] &&
		    cmp -s "$W/lines" "$W/out" || { echo fail; return; }
	else
		bench_timed timeout 120 node "$WSNODE" client \
		    "ws://127.0.0.1:$NPORT/" lines "$LINES_N" >"$W/out" \
		    2>"$W/err" || { echo fail; return; }
		grep -q "^echoed $LINES_N of $LINES_N " "$W/out" ||
		    { echo fail; return; }
	fi
	awk -v n="$LINES_N" -v ns="$(cat "$W/ns")" -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.0f %s\n", n * 1e9 / ns, cpu }'
}

# --- binary --------------------------------------------------------------------------
binary_setup() {
	# real pages, not a sparse file, so every round reads the same cache
	head -c "$BIN" /dev/urandom >"$W/bin"
}

# binary_run WHO (ws or tcp): "MB/S CPU" (the sender's CPU), or "fail"
binary_run() {
	_ws=
	[ "$1" = ws ] && _ws="--ws --ws-binary"
	# (a file of its own: the last run's line must not be read)
	rm -f "$W/listen.err"
	: >"$W/listen.err"
	timeout 300 "$SOCKT" listen -v -d $_ws 127.0.0.1 0 >"$W/recv" \
	    2>>"$W/listen.err" &
	LPID=$!
	_lp=$(port_of "$W/listen.err" "$LPID")
	[ -n "$_lp" ] || { kill "$LPID" 2>/dev/null; echo fail; return; }
	_bt0=$(bench_now_ns)
	if [ "$1" = ws ]; then
		bench_timed timeout 120 "$SOCKT" connect --ws-binary \
		    "ws://127.0.0.1:$_lp/" <"$W/bin" >/dev/null 2>"$W/err"
	else
		bench_timed timeout 120 "$SOCKT" connect 127.0.0.1 "$_lp" \
		    <"$W/bin" >/dev/null 2>"$W/err"
	fi
	_st=$?
	[ "$_st" = 0 ] || kill "$LPID" 2>/dev/null
	wait "$LPID"
	_lst=$?
	_ns=$(($(bench_now_ns) - _bt0))
	LPID=
	[ "$_st" = 0 ] && [ "$_lst" = 0 ] || { echo fail; cat "$W/err" >&2; return; }
	[ "$(wc -c <"$W/recv" | tr -d ' ')" -eq "$BIN" ] || { echo fail; return; }
	awk -v b="$BIN" -v ns="$_ns" -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.1f %s\n", b * 1000 / ns, cpu }'
}

# duel CASE A B LABEL UNIT TARGET: ROUNDS rounds of A then B
duel() {
	: >"$W/a.r"
	: >"$W/b.r"
	# one untimed run each first: no round pays for a cold start
	"$1"_run "$2" >/dev/null
	"$1"_run "$3" >/dev/null
	_r=1
	while [ $_r -le "$ROUNDS" ]; do
		_a=$("$1"_run "$2")
		_b=$("$1"_run "$3")
		echo "$_a" >>"$W/a.r"
		echo "$_b" >>"$W/b.r"
		echo "  $1 round $_r: $2 ${_a% *} $5 (${_a#* } s CPU), $3 ${_b% *} $5 (${_b#* } s CPU)"
		_r=$((_r + 1))
	done
	if grep -q fail "$W/a.r" "$W/b.r"; then
		echo "$4: a run FAILED"
		return 1
	fi
	_am=$(bench_col 1 <"$W/a.r" | bench_median)
	_bm=$(bench_col 1 <"$W/b.r" | bench_median)
	_ac=$(bench_col 2 <"$W/a.r" | bench_median)
	_bc=$(bench_col 2 <"$W/b.r" | bench_median)
	echo "$4: $2 $_am $5, $3 $_bm $5, ratio $(bench_ratio "$_am" "$_bm")x${6:+ (target >= $6)}; CPU $2 $_ac s, $3 $_bc s"
	if [ -n "$6" ] && ! awk -v r="$(bench_ratio "$_am" "$_bm")" -v t="$6" \
	    'BEGIN { exit !(r != "-" && r >= t) }'; then
		echo "$4: BELOW TARGET"
		return 1
	fi
}

echo "ws bench: $ROUNDS rounds, files in ${W%/*}"
rc=0
for c in $CASES; do
	case $c in
	lines)
		if lines_setup; then
			duel lines sockt node \
			    "$LINES_N line messages echoed by node ws" msg/s \
			    1.3 || rc=1
		else
			echo "ws bench lines: SKIP (no node or no ws package, or its server did not start)"
		fi
		[ -n "$NPID" ] && kill "$NPID" 2>/dev/null
		NPID=
		;;
	binary)
		binary_setup || { echo "ws bench: no room for $BIN_MIB MiB"; rc=1; continue; }
		duel binary ws tcp \
		    "$BIN_MIB MiB, connect --ws-binary to listen --ws --ws-binary -d beside plain TCP" \
		    MB/s 0.5 || rc=1
		rm -f "$W/bin"
		;;
	*) echo "ws bench: no case $c"; rc=1 ;;
	esac
done
exit $rc
