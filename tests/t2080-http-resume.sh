#!/bin/sh
# t2080: http-get -C (resume) and -r (ranges).  A scripted server gives
# exact bytes: a 206 that continues the file, a 206 with a wrong
# Content-Range or length, a 200 to a range request, a 416 for a complete
# and for an incomplete file, error statuses: only a range at the offset
# is ever appended, a whole file (a 416, a body of the offset's length)
# is done, anything else is curl's 33 (issue 61: no longer issue 11's
# start over) and leaves the file as it was.  Then a real nginx (ranges for real) and curl on the same command
# lines, where both are installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"
. "$(dirname "$0")/nginx.sh"

if ! have python3; then
	skip "http-get -C and -r" "python3 not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r ok206 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nContent-Length: 5\r\n\r\n56789'
r chunk206 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/*\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n567\r\n2\r\n89\r\n0\r\n\r\n'
r long206_close 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\n\r\n56789XYZ'
r bad206 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/10\r\nContent-Length: 10\r\n\r\n0123456789'
r len206 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nContent-Length: 3\r\n\r\n567'
r norange206 'HTTP/1.1 206 Partial Content\r\nContent-Length: 5\r\n\r\n56789'
r full 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nABCDEFGHIJ'
r cut200_close 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nABCD'
r done416 'HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */5\r\nContent-Type: text/html\r\nContent-Length: 17\r\n\r\n<h1>416 page</h1>'
r bare416 'HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 4\r\n\r\nnope'
r more416 'HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */8\r\nContent-Length: 4\r\n\r\nnope'
r nf 'HTTP/1.1 404 Not Found\r\nContent-Length: 15\r\n\r\n<h1>gone</h1>\r\n'
r err500 'HTTP/1.1 500 Oops\r\nContent-Length: 5\r\n\r\noops\n'
r cut200long_close 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nABCDEFG'
r gz206 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\n56789'
r multi 'HTTP/1.1 206 Partial Content\r\nContent-Type: multipart/byteranges; boundary=B\r\nContent-Length: 90\r\n\r\n--B\r\nContent-Range: bytes 0-1/10\r\n\r\n01\r\n--B\r\nContent-Range: bytes 5-9/10\r\n\r\n56789\r\n--B--\r\n'

if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT
F=$T/f

# resume NAME [ARGS]: F holds "01234"; sockt -s -C - -o F ARGS URL/NAME;
# sets $res to "STATUS:CONTENT OF F"
resume() {
	printf '01234' >"$F"
	_n=$1
	shift
	run 10 "$SOCKT" http-get -sS -C - -o "$F" "$@" "$U/$_n"
	res="$rc:$(cat "$F")"
}

: >"$D/requests.log"
resume ok206
is "206 from the offset: appended, exit 0" "$res" "0:0123456789"
like "... the request asked for bytes=5-" "$(cat "$D/requests.log")" \
    "*Range: bytes=5-*"
resume chunk206
is "206 chunked, length unknown: appended" "$res" "0:0123456789"
resume bad206
is "206 from byte 0 to -C -: curl's 33, file untouched" "$res" "33:01234"
like "... in curl's words" "$err" "*support byte ranges. Cannot resume*"
resume len206
is "206 whose Content-Length is not its range: exit 1, untouched" \
    "$res" "1:01234"
resume norange206
is "206 without Content-Range of the offset's length: done, as curl" \
    "$res" "0:01234"
resume long206_close
is "206 that runs past its range: cut at the range, exit 1" "$res" \
    "1:0123456789"
resume full
is "200 to -C -: curl's 33, the file as it was" "$res" "33:01234"
like "... in curl's words" "$err" "*support byte ranges. Cannot resume*"
resume cut200_close
is "200 cut short: 33 at its head, the file as it was" "$res" "33:01234"
resume cut200long_close
is "200 cut short past the file's size: 33 too" "$res" "33:01234"
# --compressed where the loader that runs sockt finds zlib
zlib=
loader_has libz.so.1 && zlib=1
if [ -n "$zlib" ]; then
	resume gz206 --compressed
	is "206 with Content-Encoding to --compressed: exit 1, untouched" \
	    "$res" "1:01234"
	like "... a coded range cannot be decoded" "$err" "*cannot be decoded*"
else
	skip "206 with Content-Encoding to --compressed" "no libz.so.1"
	skip "... a coded range cannot be decoded" "no libz.so.1"
fi
resume gz206
is "... without --compressed: the coded bytes appended as they are" "$res" \
    "0:0123456789"
resume done416
is "416 at the file's size: done, exit 0, untouched" "$res" "0:01234"
resume bare416
is "416 without Content-Range: done (as curl)" "$res" "0:01234"
resume more416
is "416 for a resource of 8 bytes: done, as curl, untouched" "$res" \
    "0:01234"
resume done416 -f
is "416 of 'bytes */5' with -f: curl's 22 (the '*' drops its offset)" \
    "$res" "22:01234"
resume bare416 -f
is "416 without Content-Range with -f: still done, as curl" "$res" "0:01234"
resume nf
is "404 to a resume: curl's 33, no error page appended" "$res" "33:01234"
resume nf -f
is "404 to a resume with -f: exit 22, untouched" "$res" "22:01234"
resume err500
is "500 of the offset's length: curl's \"already downloaded\", 0, untouched" \
    "$res" "0:01234"
ls -a "$T" | grep -q 'sockt-' && leftover=yes || leftover=no
is "... and no temporary file is left" "$rc:$leftover" "0:no"

rm -f "$F"
: >"$D/requests.log"
run 10 "$SOCKT" http-get -sS -C - -o "$F" "$U/full"
is "-C - with no file yet: a plain download" "$rc:$(cat "$F")" "0:ABCDEFGHIJ"
is "... without a Range header" "$rc:$(grep -c Range: "$D/requests.log")" \
    0:0

# a cut with no file yet: the bytes that came stay (issue 49), as curl
# leaves them; a decoded body is not the resource's bytes, and goes
python3 -c 'import gzip, sys
b = gzip.compress(bytes(range(256)) * 64)
sys.stdout.buffer.write(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
    b"Content-Length: %d\r\n\r\n" % len(b) + b[:len(b) // 2])' \
    >"$D/gzcut_close"
rm -f "$F"
run 10 "$SOCKT" http-get -sS -C - -o "$F" "$U/cut200_close"
is "-C - with no file, a 200 cut short: the bytes that came stay" \
    "$rc:$(cat "$F")" "18:ABCD"
rm -f "$F"
if [ -n "$zlib" ]; then
	run 10 "$SOCKT" http-get -sS -C - --compressed -o "$F" "$U/gzcut_close"
	is "... but not a decoded body's" "$rc:$(ls "$T" | grep -c '^f$')" \
	    "18:0"
else
	skip "... but not a decoded body's" "no libz.so.1"
fi
rm -f "$F"
run 10 "$SOCKT" http-get -sS -o "$F" "$U/cut200_close"
is "... nor without -C: no partial file" "$rc:$(ls "$T" | grep -c '^f$')" \
    "18:0"

# -C OFFSET: to stdout, and with a file longer than the offset
run 10 "$SOCKT" http-get -sS -C 5 "$U/ok206"
is "-C 5 to stdout: the range's bytes" "$rc:$out" "0:56789"
run 10 "$SOCKT" http-get -sS -C 5 "$U/full"
is "-C 5 to stdout, answered 200: curl's 33, nothing written" "$rc:$out" \
    "33:"
printf '01234abc' >"$F"
run 10 "$SOCKT" http-get -sS -C 5 -o "$F" "$U/ok206"
is "-C 5 with an 8-byte file: bytes from 5 replaced" "$rc:$(cat "$F")" \
    "0:0123456789"
printf '012' >"$F"
run 10 "$SOCKT" http-get -sS -C 5 -o "$F" "$U/ok206"
is "-C 5 past a 3-byte file: asked all the same, appended (curl's)" \
    "$rc:$(cat "$F")" "0:01256789"
rm -f "$F"
run 10 "$SOCKT" http-get -sS -C 5 -o "$F" "$U/ok206"
is "-C 5 with no file: the resource's tail (curl's)" "$rc:$(cat "$F")" \
    "0:56789"
# curl's rules (issue 61; t2116 beside curl): -C - to stdout fetches
# from byte 0, -C with -r asks -C's range
run 5 "$SOCKT" http-get -C - "$U/ok206"
is "-C - to stdout: taken, as curl" "$rc" 0
printf '012' >"$F"
: >"$D/requests.log"
run 5 "$SOCKT" http-get -C 5 -r 0-1 -o "$F" "$U/ok206"
is "-C 5 with -r: -C's range, past the 3-byte file, appended" \
    "$rc:$(cat "$F")" "0:01256789"
like "... asked as bytes=5-" "$(cat "$D/requests.log")" "*Range: bytes=5-*"
run 5 "$SOCKT" http-get -C x "$U/ok206"
like "-C x: a usage error" "$rc:$err" "2:*offset x: not a number*"

# -r RANGE
: >"$D/requests.log"
run 10 "$SOCKT" http-get -sS -r 5-9 "$U/ok206"
is "-r 5-9: the range's bytes" "$rc:$out" "0:56789"
like "... asked as bytes=5-9" "$(cat "$D/requests.log")" "*Range: bytes=5-9*"
run 10 "$SOCKT" http-get -sS -r 6- "$U/ok206"
is "-r 6- answered from byte 5: written, as curl" "$rc:$out" "0:56789"
run 10 "$SOCKT" http-get -sS -r 0-1 -o "$F" "$U/full"
is "-r to a 200: the whole body, as curl" "$rc:$(cat "$F")" "0:ABCDEFGHIJ"
run 10 "$SOCKT" http-get -sS -r '0-1, 5-' "$U/multi"
like "-r list: multipart/byteranges written as sent" "$rc:$out" \
    "0:--B*bytes 0-1/10*01*bytes 5-9/10*56789*--B--*"
like "... the list normalised" "$(cat "$D/requests.log")" \
    "*Range: bytes=0-1,5-*"
run 5 "$SOCKT" http-get -r 5 "$U/full"
like "-r 5: 5-, as curl 7.88 reads it, and said" "$rc:$err" \
    "0:*needs a dash: taken as 5-*"
like "... sent as bytes=5-" "$(cat "$D/requests.log")" "*Range: bytes=5-*"
run 5 "$SOCKT" http-get -r 9-1 "$U/full"
like "-r 9-1: a usage error" "$rc:$err" "2:*first byte is after the last*"

# a real server, and curl on the same command lines
W=$T/www
mkdir "$W" "$T/s" "$T/c"
head -c 300000 /dev/urandom >"$W/data"
if ! nginx_start "$W"; then
	skip "resume and ranges against nginx" "nginx not installed or not started"
	done_testing
	exit
fi
N=http://127.0.0.1:$NGPORT
head -c 123457 "$W/data" >"$F"
run 30 "$SOCKT" http-get -sS -C - -o "$F" "$N/data"
check "nginx: -C - completes a partial file" cmp -s "$F" "$W/data"
cp "$W/data" "$F"
run 30 "$SOCKT" http-get -sS -C - -o "$F" "$N/data"
is "nginx: -C - on a complete file: 416, exit 0, file untouched" \
    "$rc:$(cmp -s "$F" "$W/data" && echo same)" 0:same
head -c 1000 /dev/zero >>"$F"
run 30 "$SOCKT" http-get -sS -C - -o "$F" "$N/data"
is "nginx: -C - on a file longer than the resource: 416, 0 as curl, \
untouched" "$rc:$(wc -c <"$F" | tr -d ' ')" 0:301000
run 30 "$SOCKT" http-get -sS -r 1000-1999 -o "$T/g" "$N/data"
dd if="$W/data" of="$T/want" bs=1000 skip=1 count=1 2>/dev/null
check "nginx: -r 1000-1999 gives those 1000 bytes" cmp -s "$T/g" "$T/want"

if ! have curl; then
	skip "resume and ranges: the same as curl" "curl not installed"
	done_testing
	exit
fi
BOTH_FLAGS=-sS
# agree DESC [FILE]: same status, same stdout, same FILE in each directory
agree() {
	_why=""
	[ "$src" = "$crc" ] || _why="exit status: sockt $src, curl $crc"
	cmp -s "$T/s.out" "$T/c.out" || _why="$_why; stdout differs"
	if [ -n "${2:-}" ] && ! cmp -s "$T/s/$2" "$T/c/$2"; then
		_why="$_why; $2 differs"
	fi
	if [ -z "$_why" ]; then
		pass "$1"
	else
		fail "$1" "$_why" "$(cat "$T/s.err")" "$(cat "$T/c.err")"
	fi
}
for w in s c; do head -c 77777 "$W/data" >"$T/$w/f"; done
both -C - -o f "$N/data"
agree "curl and sockt: -C - completes a partial file alike" f
is "... exit 0, the whole file" "$src:$(cmp -s "$T/s/f" "$W/data" &&
    echo same)" "0:same"
both -C - -o f "$N/data"
agree "curl and sockt: -C - on a complete file, both exit 0" f
for spec in 0-99 299990- -1234 5-5 299999-400000; do
	both -r "$spec" "$N/data"
	agree "curl and sockt: -r $spec gives the same bytes"
done
both -r 0-99 -o g "$N/data"
agree "curl and sockt: -r 0-99 -o g, the same file" g
# a 200 to a resume is curl's 33 on both sides (issue 61; issue 11's
# start over is gone), and so is a 206 that does not start at the offset
for w in s c; do rm -f "$T/$w/f"; done
both -C - -o f "$U/cut200_close"
is "curl and sockt: -C - with no file, a 200 cut short: the same bytes" \
    "$src:$crc:$(cat "$T/s/f"):$(cat "$T/c/f")" "18:18:ABCD:ABCD"
for w in s c; do printf '01234' >"$T/$w/f"; done
both -C - -o f "$U/full"
agree "curl and sockt: a 200 to -C -, 33 and the file as it was" f
is "... exit 33" "$src" 33
for w in s c; do printf '012' >"$T/$w/f"; done
both -C 5 -i -o f "$U/ok206"
agree "curl and sockt: -C 5 -i past a 3-byte file: the head and the range \
appended" f
for w in s c; do printf '01234' >"$T/$w/f"; done
both -C - -i -o f "$U/nf"
agree "curl and sockt: -C - -i to a 404: its head appended, 33" f
is "... exit 33" "$src" 33
done_testing
