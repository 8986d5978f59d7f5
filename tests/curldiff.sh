# tests/curldiff.sh: the same http-get command line to sockt and to curl,
# for the t2xxx differential tests; sourced after lib.sh, with $T/s and
# $T/c made by the script (heads_start makes them): both, and heads
# with the request heads each sent to heads_http.py (t2110, t2112);
# judge and heads_same say in one TAP line whether both sides agreed.

# both ARGS...: sockt http-get in $T/s and curl -sS in $T/c with the same
# arguments (so -o f and -D h land in each one's directory); stdout in
# $T/s.out and $T/c.out, stderr in $T/s.err and $T/c.err, exit status in
# $src and $crc.  BOTH_FLAGS, when set, goes to sockt first (-s).
both() {
	(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get ${BOTH_FLAGS:-} \
	    "$@") >"$T/s.out" 2>"$T/s.err"
	src=$?
	(cd "$T/c" && exec timeout -k 2 30 curl -sS "$@") \
	    >"$T/c.out" 2>"$T/c.err"
	crc=$?
}

# heads ARGS...: as both, against heads_http.py, whose log $LOG is
# emptied before each side: the heads each sent in $T/s.req and
# $T/c.req, the User-Agent's value made one (sockt/V against curl/V)
heads() {
	: >"$LOG"
	(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get ${BOTH_FLAGS:-} \
	    "$@") >"$T/s.out" 2>"$T/s.err"
	src=$?
	sed 's#^User-Agent: sockt/[0-9.]*\r$#User-Agent: AGENT\r#' "$LOG" \
	    >"$T/s.req"
	: >"$LOG"
	(cd "$T/c" && exec timeout -k 2 30 curl -sS "$@") \
	    >"$T/c.out" 2>"$T/c.err"
	crc=$?
	sed 's#^User-Agent: curl/[0-9.]*\r$#User-Agent: AGENT\r#' "$LOG" \
	    >"$T/c.req"
}

# heads_start: $T/s and $T/c made, heads_http.py ($HH) started logging
# to $LOG, its port $P and URL $U; returns 1 when it did not start
heads_start() {
	HH=$(cd "$(dirname "$0")" && pwd)/heads_http.py
	mkdir "$T/s" "$T/c"
	LOG=$T/heads
	: >"$LOG"
	server 120 python3 "$HH" "$LOG" || return 1
	P=$SPORT
	U=http://127.0.0.1:$P
}

# judge DESC: after both, heads or another run that filled $src, $crc,
# $T/[sc].out and $T/[sc].req: one TAP line, passing when the statuses,
# stdout and the requests are the same on both sides
judge() {
	if [ "$src" != "$crc" ]; then
		fail "$1" "exit status: sockt $src, curl $crc" \
		    "$(cat "$T/s.err" "$T/c.err")"
	elif ! cmp -s "$T/s.out" "$T/c.out"; then
		fail "$1" "stdout differs" "$(cat "$T/s.out" "$T/s.err")"
	elif ! cmp -s "$T/s.req" "$T/c.req"; then
		fail "$1" "$(diff "$T/c.req" "$T/s.req" | tr '\r' ' ')"
	else
		pass "$1"
	fi
}

# heads_same DESC ARGS...: heads ARGS with -s on both sides, judged
heads_same() {
	_d=$1
	shift
	BOTH_FLAGS=-s heads -s "$@"
	judge "$_d"
}
