#!/bin/sh
# t2044: http-get's progress line at a terminal (issue 55): it shows the
# total and the time spent as curl's meter does, and Ctrl-C (SIGINT,
# typed into script(1)'s pseudo-terminal) leaves the line ended: the
# last byte written to the terminal is a newline, so the prompt starts
# on a line of its own; the temporary files go all the same.  One
# transfer, and -Z's line of many.
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have script ||
    ! script -qec true /dev/null >/dev/null 2>&1; then
	skip "the progress line at a terminal" "no python3 or script(1)"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/dl"
python3 -c '
import sys
body = b"x" * (3 << 20)
open(sys.argv[1], "wb").write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n"
    % len(body) + body)' "$D/big"
cp "$D/big" "$D/big2close"
server 60 python3 "$(dirname "$0")/canned_http.py" "$D" ||
    { done_testing; exit 1; }
U=http://127.0.0.1:$SPORT

# interrupt NAME ARGS...: http-get ARGS at script's terminal, slowed by
# --limit-rate; Ctrl-C typed once the line shows "spent"; what the
# terminal got in $T/NAME.tty
interrupt() {
	_n=$1
	shift
	rm -f "$T/$_n.in"
	mkfifo "$T/$_n.in"
	timeout -k 2 30 script -qec "cd '$T/dl' && '$SOCKT' http-get \
--limit-rate 300k $*" /dev/null <"$T/$_n.in" >"$T/$_n.tty" 2>&1 &
	_sp=$!
	exec 7>"$T/$_n.in"
	wait_until 10 grep -q spent "$T/$_n.tty"
	printf '\003' >&7
	wait "$_sp"
	exec 7>&-
}

interrupt one -o f "$U/big"
like "one transfer: the total and the time spent" \
    "$(tr '\r' '\n' <"$T/one.tty" | grep spent | tail -n 1)" \
    "*% *of 3.0 MiB*/s  0:00:0? spent  0:00:?? left*"
is "... Ctrl-C leaves the line ended" "$(tail -c 1 "$T/one.tty" | od -An -c |
    tr -d ' ')" '\n'
is "... and no file behind but what came, in FILE.sockt-part" \
    "$(ls -A "$T/dl" | grep -v '\.sockt-part$')" ""

interrupt many -Z -o a -o b "$U/big" "$U/big2close"
like "-Z: the line of many says the time spent" \
    "$(tr '\r' '\n' <"$T/many.tty" | grep spent | tail -n 1)" \
    "*0 of 2 done*/s  0:00:0? spent*"
is "-Z: Ctrl-C leaves the line ended" "$(tail -c 1 "$T/many.tty" |
    od -An -c | tr -d ' ')" '\n'
is "... and no file behind but what came, in FILE.sockt-part" \
    "$(ls -A "$T/dl" | grep -v '\.sockt-part$')" ""

# a whole transfer: the line ends with 100% and nothing left
run 30 script -qec "cd '$T/dl' && '$SOCKT' http-get -o f $U/big" /dev/null
like "a whole transfer: 100%, the total, nothing left" \
    "$(tr '\r' '\n' <"$T/out" | grep spent | tail -n 1)" \
    "100% *3.0 MiB of 3.0 MiB*spent  0:00:00 left*"
done_testing
