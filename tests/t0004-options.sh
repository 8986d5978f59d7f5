#!/bin/sh
# Relay options: -C, -x, -q, -i, -Q on the listener side.
. "$(dirname "$0")/lib.sh"

# -C: lone LFs become CRLF on the way out, existing CRLFs stay
printf 'a\nb\r\nc\n' >"$T/lines"
if SOUT=$T/crlf server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	run 10 "$SOCKT" connect -C 127.0.0.1 "$SPORT" <"$T/lines"
	wait "$SPID"
	is "-C sends CRLF line endings" "$(od -An -c "$T/crlf" | tr -s ' ')" \
	    "$(printf 'a\r\nb\r\nc\r\n' | od -An -c | tr -s ' ')"
fi

# -x: a hex dump of both directions on stderr, data unchanged
printf 'hello\n' >"$T/hello"
printf 'world, this is more than sixteen bytes\n' >"$T/world"
if SIN=$T/world SOUT=$T/xout server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	run 10 "$SOCKT" connect -x 127.0.0.1 "$SPORT" <"$T/hello"
	wait "$SPID"
	is "-x: data still relayed" "$out" "world, this is more than sixteen bytes"
	is "-x: peer got our data" "$(cat "$T/xout")" hello
	like "-x: outgoing dump line" "$err" \
	    "*> 00000000  68 65 6c 6c 6f 0a * |hello.|*"
	like "-x: incoming dump, second line offset 0x10" "$err" \
	    "*< 00000010  6f 72 65 20 74 68 61 6e  20 73 69 78 74 65 65 6e  |ore than sixteen|*"
fi

# -q: the peer never closes; quit 0.5 s after stdin EOF, exit 0
mkfifo "$T/hold"
exec 4<>"$T/hold"
if SIN=$T/hold server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	timed 10 "$SOCKT" connect -q 0.5 127.0.0.1 "$SPORT" <"$T/hello"
	is "-q: exit 0 although the peer is still open" "$rc" 0
	check "-q 0.5: quit about 0.5 s after EOF ($el ms)" within 450 2500 "$el"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
fi

# -q while the peer streams without a pause: the timer still fires
if SIN=/dev/zero server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	# -x makes us the slow side, so the socket is always readable
	timed 10 sh -c '"$1" connect -x -q 0.5 127.0.0.1 "$2" </dev/null >/dev/null 2>&1' sh "$SOCKT" "$SPORT"
	if [ "$rc" = 0 ] && within 450 2500 "$el"; then
		pass "-q 0.5 with a peer that never pauses: quit (${el} ms)"
	else
		fail "-q 0.5 with a peer that never pauses: quit" "rc $rc after ${el} ms"
	fi
	kill "$SPID"
	wait "$SPID" 2>/dev/null
fi

# -i: nothing moves for 0.5 s: exit 1 with a message
if SIN=$T/hold server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	timed 10 "$SOCKT" connect -i 0.5 127.0.0.1 "$SPORT" <"$T/hold"
	is "-i: exit 1" "$rc" 1
	like "-i: message" "$err" "sockt connect: 127.0.0.1 port $SPORT: idle for 0.500 s, closing"
	check "-i 0.5: gave up after about 0.5 s ($el ms)" within 450 2500 "$el"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
fi

# -Q on the listener: the client closes first, the listener's stdin is a
# pipe that stays open; without -Q it would wait for it
if SIN=$T/hold server 10 "$SOCKT" listen -v -Q 127.0.0.1 0; then
	run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/hello"
	wait_status "$SPID"
	is "listen -Q: exits 0 when the client closes" "$rc" 0
fi
exec 4>&-

# stdout error: a reader that goes away ends the session quietly, exit 1
head -c 4000000 /dev/zero >"$T/zeros"
if SIN=$T/zeros server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	run 10 sh -c '"$1" connect 127.0.0.1 "$2" </dev/null | head -c 10 >/dev/null; exit 0' sh "$SOCKT" "$SPORT"
	is "reader of stdout gone: no message" "$err" ""
	wait "$SPID"
fi
# a full disk is a loud failure
if [ -w /dev/full ] && SIN=$T/hello server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	run 10 sh -c '"$1" connect 127.0.0.1 "$2" </dev/null >/dev/full' sh "$SOCKT" "$SPORT"
	is "write error on stdout: exit 1" "$rc" 1
	like "write error on stdout: message" "$err" "sockt connect: stdout: No space left on device"
	wait "$SPID"
fi

done_testing
