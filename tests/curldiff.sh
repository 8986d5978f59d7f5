# tests/curldiff.sh: the same http-get command line to sockt and to curl,
# for the t2xxx differential tests; sourced after lib.sh, with $T/s and
# $T/c made by the script (heads_start makes them): both, and heads
# with the request heads each sent to heads_http.py (t2110, t2112);
# verdict (judge) says in one TAP line whether both sides agreed, same
# and heads_judged run heads and say it.

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

# dir_files DIR: each file of DIR and what it holds, a line each
dir_files() {
	(cd "$1" && for f in *; do [ -f "$f" ] && echo "$f $(cat "$f")"; done)
}

# canned_start DIR: tests/canned_http.py serving DIR's canned replies, its
# URL in $U; the script ends, a check failed, when it cannot start
canned_start() {
	if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$1"; then
		fail "canned server started"
		done_testing
		exit
	fi
	U=http://127.0.0.1:$SPORT
}

# verdict DESC [files]: one check after a run of each side (both, heads
# or a script's own): sockt's exit status, stdout and request heads
# ($T/s.req beside $T/c.req, where there are) are curl's; with "files",
# the files each left in $T/s and $T/c too (t2115, t2116)
verdict() {
	if [ "$src" != "$crc" ]; then
		fail "$1" "exit status: sockt $src, curl $crc" \
		    "$(cat "$T/s.err" "$T/c.err")"
	elif ! cmp -s "$T/s.out" "$T/c.out"; then
		fail "$1" "stdout differs" "$(od -c "$T/s.out" | head -5)" \
		    "$(od -c "$T/c.out" | head -5)" "$(cat "$T/s.err")"
	elif [ "${2:-}" = files ] &&
	    [ "$(dir_files "$T/s")" != "$(dir_files "$T/c")" ]; then
		fail "$1" "files: sockt $(dir_files "$T/s" | tr '\n' ' '), \
curl $(dir_files "$T/c" | tr '\n' ' ')"
	elif [ -f "$T/s.req" ] && ! cmp -s "$T/s.req" "$T/c.req"; then
		fail "$1" "$(diff "$T/c.req" "$T/s.req" | tr '\r' ' ')"
	else
		pass "$1"
	fi
}

# heads_same DESC: verdict DESC after heads (t2114)
heads_same() { verdict "$1"; }

# pair ARGS: heads (above), sockt without -s: the heads each sent
# in $T/s.req and $T/c.req, stdout in $T/s.out and $T/c.out, stderr in
# $T/s.err and $T/c.err, the exit status in $src and $crc
pair() { heads "$@"; }

# same DESC ARGS...: pair ARGS, then heads_same DESC
same() {
	_d=$1
	shift
	pair "$@"
	heads_same "$_d"
}

# judge DESC: verdict DESC (t2119-http-curl-urls)
judge() { verdict "$1"; }

# heads_judged DESC ARGS...: heads ARGS with -s on both sides, judged
heads_judged() {
	_d=$1
	shift
	BOTH_FLAGS=-s heads -s "$@"
	judge "$_d"
}
