#!/bin/sh
# t2041: http-get against curl(1) on the same canned responses: the same
# bytes on stdout, -D and -o, and the same exit status, for the cases of
# issue 8 (304 and -o, 1xx with -i and -D, status 999 with -f, chunk sizes
# with leading zeros, Transfer-Encoding: identity).  Skips without curl.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "http-get and curl agree" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r cont 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal'
r notmod 'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n'
r s999 'HTTP/1.1 999 Weird\r\nContent-Length: 5\r\n\r\nnines'
r zeros 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n000000000000000B\r\nhello world\r\n0\r\n\r\n'
r ident_close 'HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\nuntil the close\n'
r identcl_close 'HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 3\r\n\r\nall of it\n'

if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT

# agree DESC [FILE]: same exit status and the same bytes on stdout (and
# in FILE, relative to each directory, when given)
agree() {
	_why=""
	[ "$src" = "$crc" ] || _why="exit status: sockt $src, curl $crc"
	cmp -s "$T/s.out" "$T/c.out" || _why="$_why stdout differs"
	if [ -n "${2:-}" ]; then
		if [ -e "$T/s/$2" ] || [ -e "$T/c/$2" ]; then
			cmp -s "$T/s/$2" "$T/c/$2" || _why="$_why $2 differs"
		fi
	fi
	if [ -z "$_why" ]; then
		pass "$1"
	else
		fail "$1" "$_why" "sockt: $(od -c "$T/s.out" | head -5)" \
		    "curl:  $(od -c "$T/c.out" | head -5)" "$(cat "$T/s.err")" \
		    "$(cat "$T/c.err")"
	fi
}
# FILE in each directory: old content and an old mtime
old_files() {
	for _w in s c; do
		printf 'old copy\n' >"$T/$_w/$1"
		touch -t 200101010000 "$T/$_w/$1"
	done
}
touch -t 200201010000 "$T/stamp"

both -i "$U/cont"
agree "-i with 1xx heads: the same bytes"
is "... exit 0" "$src" 0
both -D h "$U/cont"
agree "-D with 1xx heads: the same head dump" h
is "... which has the 100 Continue" "$(head -n 1 "$T/s/h" | tr -d '\r')" \
    "HTTP/1.1 100 Continue"

old_files f
both -o f "$U/notmod"
agree "304 with -o: both exit 0, stdout empty" f
is "... FILE as it was for both" \
    "$(cat "$T/s/f"):$(cat "$T/c/f"):$(find "$T/s/f" "$T/c/f" -newer "$T/stamp")" \
    "old copy:old copy:"
both -o g "$U/notmod"
agree "304 with -o and no FILE"
is "... neither creates it" "$(ls "$T/s" "$T/c" | grep -c '^g$')" 0
both -i "$U/notmod"
agree "304 with -i to stdout: the head, no body"

both "$U/s999"
agree "status 999: the body, exit 0"
both -f "$U/s999"
agree "status 999 with -f: no body, exit 22"
is "... 22" "$src" 22
# curl refuses a status below 100 ("Unsupported response code", exit 1);
# RFC 9110 section 15 says to treat it as a 5xx, which sockt does: no
# comparison here, t2040 checks sockt's side.

both "$U/zeros"
agree "chunk sizes with leading zeros"
is "... give the body" "$(cat "$T/s.out")" "hello world"

both "$U/ident_close"
agree "Transfer-Encoding: identity reads until close"
both "$U/identcl_close"
agree "... and overrides Content-Length"
is "... with the whole body" "$(cat "$T/s.out")" "all of it"

done_testing
