#!/bin/sh
# t2128: the answer to -C and -r judged as curl 7.88 judges it, beside
# curl (issue 61, item 4): a 206 that starts elsewhere or has no
# Content-Range is curl's 33 ("Cannot resume"), the file as it was, or
# done when its body is the offset's length; curl's other spellings of
# Content-Range ("bytes: 5-", "5-") continue the file; a 416 to a resume
# is done whatever its range; a 206 to -r that is not the range asked is
# written, as curl writes it.  The same command line and the same canned
# response (canned_http.py) to sockt http-get and to curl: the exit
# status, stdout and the file compared.  Fails on 6c6154b6 (1 for each
# refusal, the spellings refused, a 416 elsewhere 1, -r's 206 1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "ranges as curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
P='HTTP/1.1 206 Partial Content\r\n'
r ok "${P}Content-Range: bytes 5-9/10\r\nContent-Length: 5\r\n\r\n56789"
r from0 "${P}Content-Range: bytes 0-9/10\r\nContent-Length: 10\r\n\r\n0123456789"
r late "${P}Content-Range: bytes 6-9/10\r\nContent-Length: 4\r\n\r\n6789"
r none "${P}Content-Length: 6\r\n\r\n56789x"
r none5 "${P}Content-Length: 5\r\n\r\n56789"
r colon "${P}Content-Range: bytes: 5-9/10\r\nContent-Length: 5\r\n\r\n56789"
r bare "${P}Content-Range: 5-9/10\r\nContent-Length: 5\r\n\r\n56789"
r r416 'HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */8\r\nContent-Length: 4\r\n\r\nnope'
r r567 "${P}Content-Range: bytes 5-7/10\r\nContent-Length: 3\r\n\r\n567"
r rnone "${P}Content-Length: 3\r\n\r\n567"
canned_start "$D"
BOTH_FLAGS=-sS

# as DESC WANT ARGS...: f holds "01234" on both sides first; both exit
# WANT with the same stdout and the same files
as() {
	_d=$1
	_w=$2
	shift 2
	printf 01234 >"$T/s/f"
	printf 01234 >"$T/c/f"
	both "$@"
	verdict "$_d" files
	is "... $_w as curl" "$src" "$_w"
}
for c in "-C -" "-C 5"; do
	as "$c: a 206 that continues" 0 $c -o f "$U/ok"
	as "$c: a 206 from byte 0: 33" 33 $c -o f "$U/from0"
	as "$c: a 206 a byte late: 33" 33 $c -o f "$U/late"
	as "$c: a 206 without Content-Range: 33" 33 $c -o f "$U/none"
	as "$c: ... of the offset's length: done" 0 $c -o f "$U/none5"
	as "$c: Content-Range: bytes: 5-9/10" 0 $c -o f "$U/colon"
	as "$c: Content-Range: 5-9/10" 0 $c -o f "$U/bare"
	as "$c: a 416 for 8 bytes: done" 0 $c -o f "$U/r416"
done
as "-C 5 to stdout: a 206 from byte 0: 33" 33 -C 5 "$U/from0"
as "-C 5 to stdout: curl's spelling" 0 -C 5 "$U/colon"
as "-r 0-2 answered 5-7: written" 0 -r 0-2 "$U/r567"
as "-r 6- answered 5-7: written" 0 -r 6- -o g "$U/r567"
as "-r 0-2 answered without Content-Range: written" 0 -r 0-2 "$U/rnone"
done_testing
