#!/bin/sh
# t1024: udp-send HOST PORT with no message and a terminal on stdin says
# on stderr what it waits for (each line typed is a datagram, Ctrl-D
# ends) instead of waiting in silence (issue 55); with stdin a pipe it
# says nothing.  The terminal is script(1)'s pseudo-terminal.
. "$(dirname "$0")/lib.sh"

if ! have python3; then
	skip "udp-send at a terminal" "no python3"
	done_testing
	exit
fi
SOUT=$T/got server 30 python3 "$(dirname "$0")/udp_peer.py" silent \
    127.0.0.1 0 || { done_testing; exit 1; }
P=$SPORT
if have script && script -qec true /dev/null >/dev/null 2>&1; then
	# script passes the line typed on, then the end of input (Ctrl-D)
	printf 'typed\n' | timeout -k 2 10 script -qec \
	    "'$SOCKT' udp-send -N 127.0.0.1 $P" /dev/null >"$T/tty" 2>&1
	like "a terminal: it says what it waits for" "$(tr -d '\r' <"$T/tty")" \
	    "*sockt udp-send: no message: each line typed goes to 127.0.0.1 port $P as a datagram (Ctrl-D ends)*"
	wait_until 5 grep -q . "$T/got"
	like "... and sends the line typed" "$(cat "$T/got")" "5 7479706564*"
else
	skip "a terminal: it says what it waits for" "no script(1)"
	skip "... and sends the line typed" "no script(1)"
fi
printf 'piped\n' >"$T/in"
run 10 "$SOCKT" udp-send -N 127.0.0.1 "$P" <"$T/in"
is "stdin a pipe: nothing said" "$rc:$err" "0:"
done_testing
