#!/bin/sh
# t2115: http-get's last curl spellings beside curl 7.88 (issue 61, item
# 2): --interface (a device, an address, if!, host!, the source the
# server saw, curl's exit 45 and words), -Y/-y (exit 28 on a slow body
# from curlmisc_http.py's paced path), -e ';auto', --tr-encoding, --raw
# and --haproxy-protocol: the request heads each sent (the User-Agent's
# value and a PROXY line's source port made one), stdout, the exit
# status.  Fails on fbc4a641, where each of these was unknown or
# refused.
# watchdog: 120
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "http-get's last curl spellings" "python3 or curl not installed"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
PY=$(cd "$(dirname "$0")" && pwd)/curlmisc_http.py
mkdir "$T/s" "$T/c"
LOG=$T/log
LOG6=$T/log6
: >"$LOG"
: >"$LOG6"
server 110 python3 "$PY" 127.0.0.1 "$LOG" || exit 1
U=http://127.0.0.1:$SPORT
server 110 python3 "$PY" ::1 "$LOG6" && U6=http://[::1]:$SPORT

# norm: a log's heads with the User-Agent's value and the PROXY line's
# source port made one
norm() {
	sed -e 's#^User-Agent: [a-z]*/[0-9.]*\r$#User-Agent: AGENT\r#' \
	    -e 's#^\(PROXY TCP[46] [^ ]* [^ ]*\) [0-9]* #\1 SPORT #' "$1"
}

# pair ARGS: the same command line to sockt and to curl -sS, the log
# ($L, $LOG by default) emptied before each: heads in $T/s.req and
# $T/c.req, stdout in $T/s.out, $T/c.out, status in $src and $crc
pair() {
	_l=${L:-$LOG}
	: >"$_l"
	(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS "$@") \
	    >"$T/s.out" 2>"$T/s.err"
	src=$?
	norm "$_l" >"$T/s.req"
	: >"$_l"
	(cd "$T/c" && exec timeout -k 2 30 curl -sS "$@") \
	    >"$T/c.out" 2>"$T/c.err"
	crc=$?
	norm "$_l" >"$T/c.req"
}

# same DESC ARGS: pair, and the heads, stdout and status are curl's
same() {
	_d=$1
	shift
	pair "$@"
	verdict "$_d"
}

# --- -Y/-y: a body paced by the server (10 bytes each 0.1 s).  Each
# waits out a rate's seconds, so they run as parts beside each other and
# the rest, each with its server (and its log) of its own.
paced() {
	mkdir "$T/s" "$T/c" || return 1
	LOG=$T/log
	: >"$LOG"
	server 60 python3 "$PY" 127.0.0.1 "$LOG" || return 1
	U=http://127.0.0.1:$SPORT
}
too_slow() {
	paced || { fail "-Y 1000 -y 2: the paced server"; return; }
	_t0=$(now_ms)
	same "-Y 1000 -y 2 on a 100 B/s body: exit 28" -Y 1000 -y 2 -o f \
	    "$U/slow/100/2000"
	el=$(( $(now_ms) - _t0 ))
	is "... in curl's words" "$(cat "$T/s.err")" "sockt http-get: Operation too \
slow. Less than 1000 bytes/sec transferred the last 2 seconds"
	check "... each side at 2 s, not at the body's 20 s (${el} ms both)" \
	    within 3900 9000 "$el"
}
fast_enough() {
	paced || { fail "--speed-limit: the paced server"; return; }
	same "--speed-limit 50 --speed-time 2 on a 200 B/s body: fetched" \
	    --speed-limit 50 --speed-time 2 "$U/slow/200/400"
	same "-y 2 alone (under 1 B/s): fetched" -y 2 "$U/slow/200/300"
}
held_back() {
	paced || { fail "--limit-rate -Y: the paced server"; return; }
	same "-Y 5000 -y 2 under --limit-rate 2000: exit 28" \
	    --limit-rate 2000 -Y 5000 -y 2 -o f "$U/slow/1000000/400000"
}
part too_slow
part fast_enough
part held_back

# --- --interface
same "--interface lo: bound to the device" --interface lo "$U/a"
like "... the server saw 127.0.0.1" "$(cat "$T/s.req")" "== from 127.0.0.1*"
same "--interface 127.0.0.2: from that address" --interface 127.0.0.2 "$U/a"
like "... the server saw it" "$(cat "$T/s.req")" "== from 127.0.0.2*"
same "--interface host!127.0.0.3" --interface host!127.0.0.3 "$U/a"
like "... the server saw it" "$(cat "$T/s.req")" "== from 127.0.0.3*"
same "--interface if!lo" --interface if!lo "$U/a"
if [ -n "${U6:-}" ]; then
	L=$LOG6 same "--interface ::1 to [::1]" --interface ::1 "$U6/a"
	like "... the server saw ::1" "$(cat "$T/s.req")" "== from ::1*"
	L=$LOG6 same "--interface lo to [::1]" --interface lo "$U6/a"
else
	skip "--interface ::1" "no IPv6 on loopback"
	skip "... the server saw ::1" "no IPv6 on loopback"
	skip "--interface lo to [::1]" "no IPv6 on loopback"
fi
same "--interface if!nosuch: exit 45" --interface if!nosuch "$U/a"
is "... in curl's words" "$(cat "$T/s.err")" \
    "sockt http-get: Couldn't bind to interface 'nosuch'"
same "--interface nosuch: exit 45" --interface nosuch "$U/a"
same "--interface host!lo: no such host, exit 45" --interface host!lo "$U/a"
same "--interface if!127.0.0.1: no such device, exit 45" \
    --interface if!127.0.0.1 "$U/a"
same "--interface 192.0.2.77: an address not ours, exit 45" \
    --interface 192.0.2.77 "$U/a"
is "... curl's words" "$(cat "$T/s.err")" \
    "sockt http-get: bind failed with errno 99: $(errtext EADDRNOTAVAIL)"
same "--interface ::1 to 127.0.0.1: the family fits no address, exit 7" \
    --interface ::1 "$U/a"

# --- -e ';auto'
same "-e ';auto' -L: each redirect's Referer the URL before" -L -e ';auto' \
    "$U/r1"
like "... the last one /r2" "$(cat "$T/s.req")" "*Referer: $U/r2*"
same "-e 'URL;auto' -L: URL first, then each URL before" -L \
    -e 'http://ref.test/x;auto' "$U/r1"
same "-e ';auto' drops credentials and the fragment" -L -e ';auto' \
    "http://u:p@127.0.0.1:${U##*:}/r1#frag"
same "-e ';auto' without -L: no Referer" -e ';auto' "$U/r1"
same "-e '': no Referer" -L -e '' "$U/r1"

# --- --tr-encoding, --raw
# zsame: same where the loader that runs sockt finds zlib (libz.so.1),
# which undoes gzip (a musl build on glibc's machine has none)
zlib=
loader_has libz.so.1 && zlib=1
zsame() {
	if [ -n "$zlib" ]; then same "$@"; else skip "$1" "no libz.so.1"; fi
}
zsame "--tr-encoding: Connection: TE, TE: gzip; the gzip coding undone" \
    --tr-encoding "$U/te"
if [ -n "$zlib" ]; then
	like "... asked so" "$(cat "$T/s.req")" "*Connection: TE*TE: gzip*"
else
	skip "... asked so" "no libz.so.1"
fi
zsame "--tr-encoding --compressed: TE before Accept-Encoding" --tr-encoding \
    --compressed "$U/gz"
zsame "--tr-encoding -H 'Connection: keep-alive': merged into one field" \
    --tr-encoding -H "Connection:  keep-alive " "$U/te"
same "--tr-encoding -H 'TE: trailers': the user's TE alone" --tr-encoding \
    -H "TE: trailers" "$U/te"
same "without --tr-encoding: no TE asked" "$U/te"
same "--raw: the chunks as they came, extension and all" --raw "$U/chunk"
like "... the framing on stdout" "$(od -c "$T/s.out" | tr -s ' ')" \
    "*3 ; x = 1*"
same "--raw --tr-encoding: the gzip coding and chunks left" --raw \
    --tr-encoding "$U/te"
zsame "--raw --compressed: the gzip body left as it came" --raw \
    --compressed "$U/gz"
same "--raw -o f -i: the head and the raw chunks" --raw -i "$U/chunk"
same "--raw with a kept connection: the next URL after the chunks" --raw \
    "$U/chunk" "$U/a"

# --- --haproxy-protocol
same "--haproxy-protocol: PROXY TCP4 before the request" --haproxy-protocol \
    "$U/a"
like "... with the source and the server's address" "$(cat "$T/s.req")" \
    "*PROXY TCP4 127.0.0.1 127.0.0.1 SPORT ${U##*:}*GET /a*"
same "--haproxy-protocol --interface 127.0.0.5: that source in it" \
    --haproxy-protocol --interface 127.0.0.5 "$U/a"
same "--haproxy-protocol, two URLs: once on the kept connection" \
    --haproxy-protocol "$U/a" "$U/b"
same "--haproxy-protocol -x: to the proxy, first" --haproxy-protocol \
    -x "$U" http://x.test/a
if [ -n "${U6:-}" ]; then
	L=$LOG6 same "--haproxy-protocol to [::1]: PROXY TCP6" \
	    --haproxy-protocol "$U6/a"
else
	skip "--haproxy-protocol to [::1]" "no IPv6 on loopback"
fi

same "-Y 1000 alone (for 30 s): a fast body fetched" -Y 1000 "$U/a"
parts_done
done_testing
