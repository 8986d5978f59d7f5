#!/bin/sh
# t2118: responses judged as curl 7.88 judges them, each exit status
# curl's (issue 61, item 4).  The same command line and the same canned
# response (canned_http.py) to sockt http-get and to curl: stdout and the
# exit status compared, for a header line without a colon, a NUL in a
# field, a Content-Length that is no number or negative (8, curl's weird
# server reply), one past 2^63 (read to the close; 63 with
# --max-filesize), a bad chunk size and a bad chunk end (56), curl's
# Content-Encoding "none" (identity), -r's 206 whose Content-Length is
# shorter than its Content-Range (the length frames it: 0), a malformed
# URL (3; 1 for a scheme curl lacks), a missing --output-dir (23) and
# --etag-compare's missing file (26; beside --etag-save, no condition);
# and what -i, -D and -o hold: a chunked body's trailer lines after it,
# obs-folded header lines as the server sent them.
# Where curl breaks the RFC sockt keeps the RFC, checked on its own:
# HTTP/1.2 is read as HTTP/1.1 (RFC 9112 section 2.3; curl exits 1).
# Fails on fbc4a641 but for what was curl's there already (a whole
# body, a reply that is no HTTP, --etag-compare beside --etag-save,
# HTTP/1.2), which passed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "replies judged as curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r ok 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r nocolon 'HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 3\r\n\r\nok\n'
r nul 'HTTP/1.1 200 OK\r\nX-A: a\000b\r\nContent-Length: 3\r\n\r\nok\n'
r clabc 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nok\n'
r clneg 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok\n'
r chunkhex 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\n\r\n0\r\n\r\n'
r chunkend 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nok\nXX0\r\n\r\n'
r noise 'SSH-2.0-OpenSSH_9.2\r\n\r\n'
r cenone 'HTTP/1.1 200 OK\r\nContent-Encoding: none\r\nContent-Length: 3\r\n\r\nok\n'
r cr206 'HTTP/1.1 206 Partial\r\nContent-Range: bytes 0-9/10\r\nContent-Length: 3\r\n\r\nok\n'
r trailer 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n3\r\nok\n\r\n0\r\nX-T: yes\r\nX-U: 2\r\n\r\n'
r fold 'HTTP/1.1 200 OK\r\nX-F: one \r\n\ttwo\r\nX-G: a\n  b\r\nContent-Length: 3\r\n\r\nok\n'
r clhuge_close 'HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nok\n'
r v12 'HTTP/1.2 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT
BOTH_FLAGS=-sS

# same DESC WANT ARGS...: both exit WANT for ARGS, with the same stdout
same() {
	_d=$1
	_w=$2
	shift 2
	both "$@"
	if [ "$src" != "$_w" ] || [ "$crc" != "$_w" ]; then
		fail "$_d: $_w as curl" "sockt $src, curl $crc" \
		    "$(cat "$T/s.err")" "$(cat "$T/c.err")"
	elif ! cmp -s "$T/s.out" "$T/c.out"; then
		fail "$_d: $_w as curl" "stdout differs" "$(cat "$T/s.out")"
	else
		pass "$_d: $_w as curl"
	fi
}

same "a whole body" 0 "$U/ok"
same "a header line without a colon" 8 "$U/nocolon"
same "a NUL in a field" 8 "$U/nul"
same "Content-Length: abc" 8 "$U/clabc"
same "Content-Length: -1" 8 "$U/clneg"
same "a Content-Length past 2^63: the body to the close" 0 \
    "$U/clhuge_close"
same "... with --max-filesize: 63" 63 --max-filesize 100 "$U/clhuge_close"
same "a chunk size that is no hex" 56 "$U/chunkhex"
same "a chunk without its line end" 56 "$U/chunkend"
same "a reply that is no HTTP (passed before)" 1 "$U/noise"
# where the loader that runs sockt finds zlib (--compressed needs it)
if loader_has libz.so.1; then
	same "Content-Encoding: none with --compressed (curl's identity)" 0 \
	    --compressed "$U/cenone"
else
	skip "Content-Encoding: none with --compressed (curl's identity)" \
	    "no libz.so.1"
fi
same "-r 0-9 and a 206 of 0-9 with a Content-Length of 3" 0 -r 0-9 \
    "$U/cr206"
same "a URL with a space" 3 "http://exa mple.org/"
same "a URL with a port out of range" 3 "http://127.0.0.1:99999/"
same "a URL with no host" 3 "http://"
same "a URL with a bad glob" 3 "$U/[1-"
same "a scheme curl lacks here: 1" 1 "htp://127.0.0.1/"
same "a missing --output-dir" 23 --output-dir "$T/none/x" -o f "$U/ok"
same "--etag-compare with a missing file" 26 --etag-compare "$T/none/e" \
    "$U/ok"
same "... beside --etag-save: no condition" 0 --etag-compare "$T/none/e" \
    --etag-save e "$U/ok"
# files DESC ARGS...: both exit 0 with the same stdout and the same -D
# file h (when there is one) and -o file f (when there is one)
files() {
	_d=$1
	shift
	rm -f "$T/s/h" "$T/c/h" "$T/s/f" "$T/c/f"
	both "$@"
	if [ "$src:$crc" != 0:0 ]; then
		fail "$_d" "sockt $src, curl $crc" "$(cat "$T/s.err")"
	elif ! cmp -s "$T/s.out" "$T/c.out"; then
		fail "$_d" "stdout differs" "$(od -c "$T/s.out" | tail -4)"
	elif ! cmp -s "$T/s/h" "$T/c/h" 2>/dev/null && [ -e "$T/c/h" ]; then
		fail "$_d" "-D differs" "$(od -c "$T/s/h" | tail -4)"
	elif ! cmp -s "$T/s/f" "$T/c/f" 2>/dev/null && [ -e "$T/c/f" ]; then
		fail "$_d" "-o differs" "$(od -c "$T/s/f" | tail -4)"
	else
		pass "$_d"
	fi
}
files "chunked trailers after the body in -i" -i "$U/trailer"
files "... in -D FILE" -D h "$U/trailer"
files "... in -D -" -D - "$U/trailer"
files "... in -i -o FILE" -i -o f "$U/trailer"
files "obs-folded fields in -D as they came" -D h "$U/fold"
files "... in -i" -i "$U/fold"

# RFC 9112 section 2.3: a higher minor version is read as the highest
# this client knows; curl 7.88 refuses it ("Unsupported HTTP version",
# exit 1)
run 10 "$SOCKT" http-get -sS "$U/v12"
is "HTTP/1.2 read as HTTP/1.1, as RFC 9112 (curl: 1)" "$rc:$out" "0:ok"
done_testing
