# tests/curldiff.sh: the same http-get command line to sockt and to curl,
# for the t2xxx differential tests; sourced after lib.sh, with $T/s and
# $T/c made by the script.

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
