#!/bin/sh
# t2040: http-get edge cases of status and framing (issue 8): a 304 leaves
# the output file alone, leading zeros in a chunk size, status codes
# outside 100-599 (under 100 refused, as curl 7.88), endless interim heads, Transfer-Encoding: identity, and
# -i/-D/-v with 1xx heads; against tests/canned_http.py on loopback.
. "$(dirname "$0")/lib.sh"

if ! have python3; then
	skip "http-get status and framing edge cases" "python3 not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/dl"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r notmod 'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n'
r cont_notmod 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n'
r to_notmod 'HTTP/1.1 302 Found\r\nLocation: /notmod\r\nContent-Length: 0\r\n\r\n'
r nocontent 'HTTP/1.1 204 No Content\r\n\r\n'
r zeros 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n000000000000000B\r\nhello world\r\n00000000000000000000\r\n\r\n'
r huge 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\nx\r\n0\r\n\r\n'
r s999 'HTTP/1.1 999 Weird\r\nContent-Length: 5\r\n\r\nnines'
r s099 'HTTP/1.1 099 Low\r\nContent-Length: 3\r\n\r\nlow'
r s600 'HTTP/1.1 600 Beyond\r\nContent-Length: 3\r\n\r\nsix'
r cont 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal'
r cont_forever 'HTTP/1.1 100 Continue\r\n\r\n'
r ident_close 'HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\nuntil the close\n'
r identcl_close 'HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 3\r\n\r\nall of it\n'
r identchunked 'HTTP/1.1 200 OK\r\nTransfer-Encoding: identity, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'
r compress_close 'HTTP/1.1 200 OK\r\nTransfer-Encoding: compress\r\n\r\nxx'
# 30 interim heads of about 10 KiB: 300 KiB of heads in all
python3 -c '
import sys
pad = b"X-Pad: " + b"p" * 10000 + b"\r\n"
sys.stdout.buffer.write((b"HTTP/1.1 100 Continue\r\n" + pad + b"\r\n") * 30 +
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")' >"$D/bigcont"

if ! server 120 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT

# unchanged FILE: the same bytes and no newer than the stamp after it
old_file() {
	printf 'old copy\n' >"$1"
	touch -t 200101010000 "$1"
}
untouched() {
	[ "$(cat "$1")" = "old copy" ] &&
	    [ -z "$(find "$1" -newer "$T/stamp")" ]
}
touch -t 200201010000 "$T/stamp"

# 304 with -o, -O, -i, -D, -L
old_file "$T/dl/f"
run 10 "$SOCKT" http-get -o "$T/dl/f" "$U/notmod"
is "304 with -o: exit 0" "$rc:$err" "0:"
check "... FILE as it was, content and mtime" untouched "$T/dl/f"
is "... and no temporary file" "$(ls -A "$T/dl")" "f"
run 10 "$SOCKT" http-get -o "$T/dl/new" "$U/notmod"
is "304 with -o and no FILE: exit 0" "$rc" 0
check "... creates no file" test ! -e "$T/dl/new"
run 10 sh -c 'cd "$1" && exec "$2" http-get -O "$3"' sh "$T/dl" "$SOCKT" \
    "$U/notmod"
is "304 with -O: exit 0 and no file" "$rc:$(ls -A "$T/dl")" "0:f"
run 10 "$SOCKT" http-get -f -i -D "$T/dump" -o "$T/dl/f" "$U/notmod"
is "304 with -f -i -D -o: exit 0" "$rc" 0
check "... FILE as it was" untouched "$T/dl/f"
is "... the head goes to -D" "$(tr -d '\r' <"$T/dump")" 'HTTP/1.1 304 Not Modified
ETag: "v1"'
run 10 "$SOCKT" http-get -i -o "$T/dl/f" "$U/cont_notmod"
is "100 then 304 with -i -o: exit 0" "$rc" 0
check "... FILE as it was" untouched "$T/dl/f"
run 10 "$SOCKT" http-get -L -i -o "$T/dl/f" "$U/to_notmod"
is "302 then 304 with -L -i -o: exit 0" "$rc" 0
check "... FILE as it was" untouched "$T/dl/f"
is "... no temporary file left" "$(ls -A "$T/dl")" "f"
run 10 "$SOCKT" http-get -i "$U/notmod"
is "304 with -i to stdout: the head, no body" \
    "$rc:$(printf '%s' "$out" | tr -d '\r')" '0:HTTP/1.1 304 Not Modified
ETag: "v1"'
run 10 "$SOCKT" http-get -o "$T/dl/empty" "$U/nocontent"
is "204 with -o still writes an empty FILE" \
    "$rc:$(wc -c <"$T/dl/empty" | tr -d ' ')" "0:0"

# a chunk size is as large as its value, not its digits
run 10 "$SOCKT" http-get "$U/zeros"
is "chunk sizes with leading zeros" "$rc:$err:$out" "0::hello world"
run 10 "$SOCKT" http-get "$U/huge"
is "a chunk size of 2^60 is still too large (56, a bad chunk as curl's)" \
    "$rc" 56
like "... saying so" "$err" "*chunk size too large*"

# status codes outside 100-599 count as 5xx (RFC 9110 section 15)
run 10 "$SOCKT" http-get "$U/s999"
is "status 999: body delivered, exit 0" "$rc:$err:$out" "0::nines"
run 10 "$SOCKT" http-get -f "$U/s999"
is "status 999 with -f: exit 22, no body" "$rc:$out" "22:"
like "... naming the real code" "$err" "*server returned 999 Weird"
run 10 "$SOCKT" http-get -f "$U/s600"
is "status 600 with -f: exit 22" "$rc" 22
# a code under 100: curl 7.88's "Unsupported response code", 1
run 10 "$SOCKT" http-get -i "$U/s099"
is "status 099: refused, 1 as curl's" "$rc:$out" "1:"
like "... saying so" "$err" "*unsupported status code*099*"

# interim heads are shown, counted and limited
run 10 "$SOCKT" http-get -i -D "$T/dump" "$U/cont"
is "-i shows 1xx heads before the final one" \
    "$rc:$(printf '%s' "$out" | tr -d '\r')" "0:HTTP/1.1 100 Continue

HTTP/1.1 102 Processing
X: 1

HTTP/1.1 200 OK
Content-Length: 5

final"
is "... -D gets them too" "$(tr -d '\r' <"$T/dump")" "HTTP/1.1 100 Continue

HTTP/1.1 102 Processing
X: 1

HTTP/1.1 200 OK
Content-Length: 5"
run 10 "$SOCKT" http-get -v "$U/cont"
like "-v shows 1xx heads" "$rc:$out:$err" \
    "0:final:*< HTTP/1.1 100 Continue*< HTTP/1.1 102 Processing*< HTTP/1.1 200 OK*"
timed 30 "$SOCKT" http-get -m 25 "$U/cont_forever"
is "100 Continue forever: exit 1" "$rc" 1
like "... saying why" "$err" "*too many interim responses (over 32)*"
check "... at once, not when -m runs out ($el ms)" within 0 5000 "$el"
run 10 "$SOCKT" http-get "$U/bigcont"
is "300 KiB of interim heads: exit 1" "$rc:$out" "1:"
like "... as too large" "$err" "*response heads too large*"

# Transfer-Encoding: identity is no coding: the body ends at close
run 10 "$SOCKT" http-get "$U/ident_close"
is "Transfer-Encoding: identity reads until close" "$rc:$err:$out" \
    "0::until the close"
run 10 "$SOCKT" http-get "$U/identcl_close"
is "... and overrides Content-Length" "$rc:$out" "0:all of it"
run 10 "$SOCKT" http-get "$U/identchunked"
is "identity, chunked is chunked" "$rc:$out" "0:abc"
run 10 "$SOCKT" http-get "$U/compress_close"
is "a coding we cannot decode is still refused" "$rc:$out" "1:"
like "... by name" "$err" "*unsupported transfer coding 'compress'*"

done_testing
