#!/bin/sh
# t5005: permessage-deflate (RFC 7692, issue 39), against peers we did not
# write.  Python's websockets (compression on, its default) as a client of
# listen --ws -e cat and as a server of connect, the extension read back
# through its API, the echoes checked, a server that asks for
# client_max_window_bits=8; node's ws (threshold 0: every message
# compressed) both ways; a raw peer on Python's zlib that inflates what
# sockt sends itself and sends compressed messages with context takeover
# (the same text twice: the second a few bytes, which only inflates with
# the first's window), one fragmented with a ping inside, one plain, an
# empty one; the parameters answered (server_no_context_takeover,
# server_max_window_bits=8, the first valid of two offers, an offer
# declined with -v saying why); the errors: RSV1 without the extension,
# on a continuation or a control frame, data that does not inflate (1002),
# messages each ended by a block with BFINAL set (RFC 7692 7.2.3.4),
# random bytes sent uncompressed and text compressed in one --ws-binary
# stream (issue 48),
# a deflate bomb (1009 under --ws-max-message, stopped early), a flood
# of 48 MiB in 48 KB to a program that is behind (inflated as it reads,
# never all at once); a line of
# 300 KB sent in fragments with RSV1 on the first alone; --ws-no-deflate
# on both commands; --broker taking it; --to ws:// offering it; without
# zlib (SOCKT_ZLIB_LIB naming no file) neither side offers or takes it
# and -v says why, the messages going plain.  Headless Chromium opens
# ws:// to listen --ws, sends text with non-ASCII characters and binary,
# and reports its echoes and ws.extensions to a small HTTP server, with
# compression and (--ws-no-deflate, as node's ws too) without.
# watchdog: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ws.sh"
WSD=$WSDIR/ws_deflate.py
WSDN=$WSDIR/ws_deflate_node.js
nozlib=$T/nowhere/libz.so.1
mkfifo "$T/hold"
exec 7<>"$T/hold"	# a stdin that never ends

# logged FILE PATTERN: FILE (a server's log) gets a line like PATTERN
# within 10 s
logged() { wait_until 10 grep -q -- "$2" "$1"; }

# --- the raw peer on zlib: sockt connect ------------------------------------------
{
	printf 'h\303\251llo w\303\266rld \342\234\223\n'
	i=0
	while [ $i -lt 50 ]; do
		printf 'h\303\251llo w\303\266rld \342\234\223\n'
		i=$((i + 1))
	done
	head -c 300000 /dev/zero | tr '\0' y
	printf '\n'
} >"$T/lines"
if [ -x "$WSPY" ]; then
	SOUT=$T/raw.out server 30 "$WSPY" "$WSD" rawserve || exit 1
	spid=$SPID
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" <"$T/lines"
	reports "$T/raw.out" "$spid"
	is "raw server: exit 0" "$rc" 0
	like "connect offers permessage-deflate" "$rep" \
	    "offer permessage-deflate; client_max_window_bits*"
	like "-v: the extension agreed" "$err" "*: permessage-deflate
*"
	is "compressed messages inflated, context kept, a fragmented one, a plain one, an empty one" \
	    "$out" "$(printf 'h\303\251llo w\303\266rld \342\234\223 \360\237\230\200
h\303\251llo w\303\266rld \342\234\223 \360\237\230\200
%s
plain, not compressed
' "$("$WSPY" -c 'import sys; sys.stdout.write("\u00e9t\u00e9 " * 3000)')")"
	like "every message sockt sent compressed, RSV1 never on a continuation" \
	    "$rep" "*messages 52 compressed 52 rsv1-on-continuation 0*"
	like "inflated by zlib to what was sent" "$rep" "*wire * raw 300867*"
	z3=$(printf '%s\n' "$rep" | sed -n 's/^msg 3 op 1 z \([0-9]*\) len 17 .*/\1/p')
	ok_small() { [ -n "$z3" ] && [ "$z3" -le 8 ]; }
	check "context takeover: a repeated line goes in $z3 bytes" ok_small
	big=$(printf '%s\n' "$rep" | sed -n 's/^msg 52 op 1 z \([0-9]*\) len 300000 .*/\1/p')
	ok_big() { [ -n "$big" ] && [ "$big" -lt 3000 ]; }
	check "a 300 KB line in fragments: $big bytes on the wire" ok_big

	# bulk (issue 48): a read as even as random bytes goes uncompressed
	# (RSV1 clear), costing neither side zlib's pass; text compressed
	head -c 524288 /dev/urandom >"$T/mixed"
	yes 'GET /api/v1/items?id=42 HTTP/1.1 200 1234 bytes in 7 ms' |
	    head -c 524288 >>"$T/mixed"
	SOUT=$T/raw.out server 30 "$WSPY" "$WSD" rawserve || exit 1
	spid=$SPID
	run 30 "$SOCKT" connect --ws-binary "ws://127.0.0.1:$SPORT/" \
	    <"$T/mixed"
	reports "$T/raw.out" "$spid"
	like "--ws-binary, 512 KiB of random bytes then 512 KiB of text: the text alone compressed" \
	    "$rc:$rep" "0:*messages 4 compressed 2 rsv1-on-continuation 0*"
	wire=$(printf '%s\n' "$rep" | sed -n 's/^wire \([0-9]*\) raw 1048576$/\1/p')
	ok_mixed() { [ -n "$wire" ] && [ "$wire" -gt 524288 ] &&
	    [ "$wire" -lt 540000 ]; }
	check "... inflated by zlib to what was sent, $wire bytes on the wire" ok_mixed

	# the server's answer with parameters
	SOUT=$T/raw.out server 30 "$WSPY" "$WSD" rawserve \
	    "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=8" ||
	    exit 1
	spid=$SPID
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" <"$T/lines"
	reports "$T/raw.out" "$spid"
	like "every parameter answered: taken (-v)" "$err" \
	    "*: permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=8*"
	like "client_no_context_takeover and window 8: inflated by zlib" "$rep" \
	    "*messages 52 compressed 52 rsv1-on-continuation 0*wire * raw 300867*"
	z3=$(printf '%s\n' "$rep" | sed -n 's/^msg 3 op 1 z \([0-9]*\) len 17 .*/\1/p')
	ok_reset() { [ -n "$z3" ] && [ "$z3" -gt 8 ]; }
	check "client_no_context_takeover: the repeated line in full ($z3 bytes)" ok_reset

	for a in "x-other-extension" "permessage-deflate; client_max_window_bits" \
	    "permessage-deflate; bogus"; do
		SOUT=$T/raw.out server 30 "$WSPY" "$WSD" rawserve "$a" || exit 1
		run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
		like "an answer RFC 7692 refuses ($a): exit 1" "$rc:$err" "1:*"
	done

	# errors of the peer's
	bad() {	# bad DESC WANTCODE BADNAME [EXT] [connect options]
		_d=$1 _w=$2 _b=$3 _e=$4
		shift 4
		SOUT=$T/raw.out server 30 "$WSPY" "$WSD" rawserve "$_e" "$_b" ||
		    exit 1
		_sp=$SPID
		run 30 "$SOCKT" connect "$@" "ws://127.0.0.1:$SPORT/" <"$T/hold"
		reports "$T/raw.out" "$_sp"
		like "$_d: Close $_w, exit 1" "$rc:$rep" "1:*close $_w *"
	}
	bad "RSV1 without the extension" 1002 rsv1 -
	bad "RSV1 on a continuation frame" 1002 rsv1cont permessage-deflate
	bad "a compressed ping" 1002 rsv1ping permessage-deflate
	bad "data that does not inflate" 1002 corrupt permessage-deflate
	bad "a deflate bomb (10 MiB of zeros) over --ws-max-message 1M" 1009 \
	    bomb permessage-deflate --ws-max-message 1M
	like "the bomb: the limit is on the inflated size" "$err" \
	    "*more than 1048576 bytes inflated (--ws-max-message)"
	# RFC 7692 7.2.3.4: messages each ended by a block with BFINAL set
	SOUT=$T/raw.out server 30 "$WSPY" "$WSD" rawserve permessage-deflate \
	    bfinal || exit 1
	spid=$SPID
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" </dev/null
	reports "$T/raw.out" "$spid"
	is "messages ended by a block with BFINAL set (7.2.3.4): inflated" \
	    "$rc:$(sed -n 1p "$T/out"):$(sed -n 2p "$T/out" | wc -c | tr -d ' '):$(sed -n 3p "$T/out")" \
	    "0:Hello:3001:Hello again"
	like "... and the closing handshake as usual" "$rep" "*close 1000 *"
	SOUT=$T/raw.out server 30 "$WSPY" "$WSD" rawserve permessage-deflate \
	    bomb || exit 1
	spid=$SPID
	printf 'x\n' >"$T/x"
	run 30 "$SOCKT" connect --ws-max-message 20M "ws://127.0.0.1:$SPORT/" \
	    <"$T/x"
	reports "$T/raw.out" "$spid"
	is "10 MiB from 10 KB under --ws-max-message 20M: taken whole" \
	    "$rc:$(wc -c <"$T/out" | tr -d ' '):$(printf '%s\n' "$rep" | tail -n 1)" \
	    "0:10485761:close 1000 "
else
	skips 24 "raw zlib peer" "no $WSPY"
fi

# --- the raw peer on zlib: listen --ws ------------------------------------
server 120 "$SOCKT" listen --ws -k -v 127.0.0.1 0 -e cat || exit 1
LOG=$SLOG LPORT=$SPORT
if [ -x "$WSPY" ]; then
	pyrun 30 "$WSD" rawclient "$LPORT"
	is "raw client: compressed echoes, inflated by zlib" "$out" \
	    "status HTTP/1.1 101 Switching Protocols
ext permessage-deflate
repeat z 5
echoes 5 same 5 compressed 5"
	pyrun 30 "$WSD" rawclient "$LPORT" \
	    "permessage-deflate; server_max_window_bits=8; server_no_context_takeover; client_max_window_bits=12"
	like "server_max_window_bits=8, server_no_context_takeover: answered and kept" \
	    "$out" "*ext permessage-deflate; server_no_context_takeover; server_max_window_bits=8
*echoes 5 same 5 compressed 5"
	pyrun 30 "$WSD" rawclient "$LPORT" \
	    "permessage-deflate; server_max_window_bits=16, permessage-deflate; client_no_context_takeover"
	like "two offers: the first valid one taken" "$out" \
	    "*ext permessage-deflate; client_no_context_takeover
*echoes 5 same 5 compressed 5"
	pyrun 30 "$WSD" rawclient "$LPORT" "permessage-deflate; bogus" rsv1
	like "an offer with an unknown parameter: declined, RSV1 then 1002" "$out" \
	    "*ext None
close 1002 *"
	check "-v says why it was declined" logged "$LOG" \
	    "permessage-deflate declined: permessage-deflate with an unknown parameter bogus"
	for b in rsv1cont rsv1ping corrupt; do
		pyrun 30 "$WSD" rawclient "$LPORT" permessage-deflate "$b"
		like "listen: $b: Close 1002" "$out" "*close 1002 *"
	done
	server 60 "$SOCKT" listen --ws --ws-max-message 1M -v 127.0.0.1 0 -e cat ||
	    exit 1
	pyrun 30 "$WSD" rawclient "$SPORT" permessage-deflate bomb
	like "listen: a deflate bomb over --ws-max-message: 1009" "$out" \
	    "*close 1009 *"
	# a program that is behind: what one read brought is inflated as
	# it drains, never all at once (48 MiB from 48 KB, sent with the
	# request so that the first read takes it whole; the pong to the
	# ping before it says that first pass is over)
	mkfifo "$T/go"
	server 60 "$SOCKT" listen --ws --ws-binary --ws-half-close 10 -v \
	    127.0.0.1 0 -c "read x <'$T/go'; exec wc -c" || exit 1
	fpid=$SPID
	BGOUT=$T/flood.out bg 60 "$WSPY" "$WSD" rawclient "$SPORT" \
	    permessage-deflate flood
	fcpid=$BGPID
	flood_at() { grep -q "^$1" "$T/flood.out"; }
	check "a flood behind a ping: the ping answered" \
	    wait_until 30 flood_at pong
	fsess=$(children_of "$fpid" | head -n 1)
	rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\) kB$/\1/p' \
	    "/proc/$fsess/status" 2>/dev/null)
	small() { [ -n "$rss" ] && [ "$rss" -lt 32768 ]; }
	check "a program behind: 48 MiB not inflated at once ($rss kB)" small
	timeout 10 sh -c 'echo go >"$1"' sh "$T/go"
	check "... all of it delivered once it reads" \
	    wait_until 30 flood_at "message 50331648"
	wait_gone "$fcpid" 30
	like "... and the Close answered" "$(cat "$T/flood.out")" "*close 1000"
else
	skips 13 "raw zlib peer" "no $WSPY"
fi

# --- python websockets --------------------------------------------------------
if ws_py_usable; then
	run 30 "$WSPY" "$WSD" pyclient "ws://127.0.0.1:$LPORT/"
	is "websockets client -> listen --ws -e cat: agreed, every echo" "$out" \
	    "ext permessage-deflate
echo 6/6
closed 1000"

	SOUT=$T/py.out server 30 "$WSPY" "$WSD" pyserve --count 52 || exit 1
	spid=$SPID
	feed "$T/lines"
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" <"$FEED"
	kill "$FEEDPID"
	reports "$T/py.out" "$spid"
	is "connect -> websockets server: exit 0" "$rc" 0
	check "connect -> websockets server: every line back" cmp -s "$T/lines" \
	    "$T/out"
	like "websockets agreed to permessage-deflate" "$rep" \
	    "ext permessage-deflate*echoed 52*"

	SOUT=$T/py.out server 30 "$WSPY" "$WSD" pyserve --window8 --count 52 ||
	    exit 1
	spid=$SPID
	feed "$T/lines"
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" <"$FEED"
	kill "$FEEDPID"
	reports "$T/py.out" "$spid"
	check "client_max_window_bits=8 asked: every line back" cmp -s \
	    "$T/lines" "$T/out"
	like "client_max_window_bits=8: -v" "$err" \
	    "*permessage-deflate; client_max_window_bits=8*"

	SOUT=$T/py.out server 30 "$WSPY" "$WSD" pyserve || exit 1
	spid=$SPID
	run 30 "$SOCKT" connect --ws-no-deflate "ws://127.0.0.1:$SPORT/" \
	    <"$T/lines"
	reports "$T/py.out" "$spid"
	is "--ws-no-deflate: nothing offered, the lines plain" \
	    "$rc:$(printf '%s\n' "$rep" | head -n 1)" "0:ext None"

	server 60 "$SOCKT" listen --ws --ws-no-deflate -v 127.0.0.1 0 -e cat ||
	    exit 1
	run 30 "$WSPY" "$WSD" pyclient "ws://127.0.0.1:$SPORT/"
	is "listen --ws-no-deflate: declined, every echo" "$out" "ext None
echo 6/6
closed 1000"
	check "listen --ws-no-deflate: -v says so" logged "$SLOG" \
	    "permessage-deflate declined (--ws-no-deflate)"

	server 60 "$SOCKT" listen --ws --broker -v 127.0.0.1 0 || exit 1
	run 30 "$WSPY" "$WSD" pyhello "ws://127.0.0.1:$SPORT/"
	is "listen --ws --broker: agreed" "$out" "ext permessage-deflate"

	# --to ws://: the bridge offers it too
	SOUT=$T/py.out server 30 "$WSPY" "$WSD" pyserve || exit 1
	spid=$SPID
	server 60 "$SOCKT" listen -v 127.0.0.1 0 --to "ws://127.0.0.1:$SPORT/" ||
	    exit 1
	printf 'through the bridge \342\234\223\n' >"$T/one"
	# the end of input is our end (a half-close, then the bridge's
	# Close), and the echo comes before the end: a held stdin only ran
	# into run's 10 s, the line's answer long in
	run 10 "$SOCKT" connect -q 2 127.0.0.1 "$SPORT" <"$T/one"
	is "--to ws://: the bytes back, exit 0" "$rc:$out" \
	    "0:$(printf 'through the bridge \342\234\223')"
	check "--to ws://: -v names the extension" logged "$SLOG" \
	    "WebSocket ws://127.0.0.1:.*/, permessage-deflate"

	# --- no zlib ------------------------------------------------------------
	SOUT=$T/py.out server 30 "$WSPY" "$WSD" pyserve --count 52 || exit 1
	spid=$SPID
	feed "$T/lines"
	SOCKT_ZLIB_LIB=$nozlib run 30 "$SOCKT" connect -v \
	    "ws://127.0.0.1:$SPORT/" <"$FEED"
	kill "$FEEDPID"
	reports "$T/py.out" "$spid"
	check "no zlib: connect's lines back plain" cmp -s "$T/lines" "$T/out"
	like "no zlib: nothing offered" "$rep" "ext None*"
	like "no zlib: -v says why" "$err" \
	    "*: no permessage-deflate offered: it needs libz.so.1 (zlib), which was not found*"
	SOCKT_ZLIB_LIB=$nozlib server 60 "$SOCKT" listen --ws -v 127.0.0.1 0 \
	    -e cat || exit 1
	run 30 "$WSPY" "$WSD" pyclient "ws://127.0.0.1:$SPORT/"
	is "no zlib: listen declines, every echo plain" "$out" "ext None
echo 6/6
closed 1000"
	check "no zlib: listen -v says why" logged "$SLOG" \
	    "permessage-deflate declined: it needs libz.so.1 (zlib), which was not found"
else
	skips 18 "python websockets" "no python3-websockets for $WSPY"
fi

# --- node's ws ---------------------------------------------------------------
if ws_node_usable; then
	run 30 node "$WSDN" client "ws://127.0.0.1:$LPORT/"
	is "node ws client -> listen --ws -e cat: agreed (ws.extensions)" \
	    "$(printf '%s\n' "$out" | head -n 1)" "ext permessage-deflate"
	server 60 "$SOCKT" listen --ws --ws-binary -v 127.0.0.1 0 -e cat ||
	    exit 1
	run 30 node "$WSDN" client "ws://127.0.0.1:$SPORT/"
	is "node ws client -> listen --ws --ws-binary -e cat: both echoes" \
	    "$out" "ext permessage-deflate
text ok
binary ok
closed 1000"
	server 60 "$SOCKT" listen --ws --ws-binary --ws-no-deflate -v \
	    127.0.0.1 0 -e cat || exit 1
	run 30 node "$WSDN" client "ws://127.0.0.1:$SPORT/"
	is "node ws client -> listen --ws-no-deflate: none, both echoes" \
	    "$out" "ext 
text ok
binary ok
closed 1000"
	for o in '{}' '{"serverNoContextTakeover":true,"clientNoContextTakeover":true,"serverMaxWindowBits":9,"clientMaxWindowBits":8}'; do
		SOUT=$T/node.out server 30 node "$WSDN" serve "$o" || exit 1
		spid=$SPID
		run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" <"$T/lines"
		reports "$T/node.out" "$spid"
		check "connect -> node ws server $o: every line back" cmp -s \
		    "$T/lines" "$T/out"
		like "node ws server $o: agreed" "$rep" \
		    "offer permessage-deflate; client_max_window_bits
ext permessage-deflate*echoed 52
*closed 1000"
	done
else
	skips 7 "node ws" "no node with ws"
fi

# --- headless Chromium ----------------------------------------------------------
# browser: Chromium opens ws:// to listen --ws --ws-binary -e cat and then
# to the same with --ws-no-deflate, one browser for both (a start of it
# is seconds of CPU); its reports in $rep (the first) and $rep2, the
# first listener's log $CLOG
browser() {
	server 120 "$SOCKT" listen --ws --ws-binary -k -v 127.0.0.1 0 \
	    -e cat || exit 1
	CLOG=$SLOG P1=$SPORT
	server 120 "$SOCKT" listen --ws --ws-binary -k -v --ws-no-deflate \
	    127.0.0.1 0 -e cat || exit 1
	SOUT=$T/browser.out server 90 "$WSPY" "$WSDIR/ws_browser.py" \
	    "ws://127.0.0.1:$P1/" "ws://127.0.0.1:$SPORT/" || exit 1
	hpid=$SPID
	# a session of its own (setsid), so that every process it starts
	# (zygotes, renderers, crash handlers) is found and ended by PID;
	# HOME in $T, where the crash handler writes
	rm -rf "$T/chome" "$T/chromium"
	mkdir "$T/chome"
	HOME=$T/chome BGERR=$T/chromium.err bg 90 setsid "$CHROMIUM" \
	    --headless=new --no-sandbox --disable-gpu --no-first-run \
	    --no-default-browser-check --user-data-dir="$T/chromium" \
	    "http://127.0.0.1:$SPORT/"
	cpid=$BGPID
	wait_gone "$hpid" 80
	for p in $(ps -o pid= -s "$cpid" 2>/dev/null); do
		kill "$p" 2>/dev/null
	done
	for p in $(ps -o pid= -s "$cpid" 2>/dev/null); do
		wait_gone "$p" 10 || kill -KILL "$p" 2>/dev/null
	done
	{ IFS= read -r rep; IFS= read -r rep2; } <"$T/browser.out"
}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ] && [ -x "$WSPY" ] && have setsid; then
	browser
	is "Chromium: ws.extensions, the non-ASCII text and binary echoed" \
	    "$rep" '{"ext":"permessage-deflate","text":true,"binary":true,"err":"","close":1000}'
	check "Chromium: listen -v names the extension" logged "$CLOG" \
	    "WebSocket /, permessage-deflate"
	is "Chromium, listen --ws-no-deflate: no extension, both echoed" \
	    "$rep2" '{"ext":"","text":true,"binary":true,"err":"","close":1000}'
else
	skips 3 "headless Chromium" "no $CHROMIUM"
fi

done_testing
