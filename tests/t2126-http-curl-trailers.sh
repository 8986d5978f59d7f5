#!/bin/sh
# t2126: a chunked body's trailer lines as curl 7.88 reads and writes
# them, beside curl (issue 61, item 4): ended by a bare LF (each written
# with CR LF, in -i, -D - and -D FILE), a folded line kept, a line that
# is no field ending the transfer with curl's 43 after the lines before
# it, a line over curl's 4093 bytes with its 56 and one of 4093 taken.
# The same command line and the same canned response (canned_http.py)
# to sockt http-get and to curl: stdout, the -D file and the exit status
# compared.  Fails on 6c6154b6 (bare LF as it came, 43 and 56: 0).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "trailers as curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
python3 - "$D" <<'PY'
import sys
d = sys.argv[1]
def w(name, trailer):
    with open(d + "/" + name, "wb") as f:
        f.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"3\r\nok\n\r\n0\r\n" + trailer)
w("lf", b"X-T: yes\nX-U: 2\n\n")
w("mixed", b"X-T: yes\r\nX-U: 2\n\r\n")
w("fold", b"X-T: one\r\n  two\r\n\tthree\nX-U: 2\r\n\r\n")
w("nofield", b"X-T: yes\r\nnocolon\r\nX-U: 2\r\n\r\n")
w("long", b"X-T: yes\r\nX-L: " + b"a" * 4089 + b"\r\n\r\n")
w("longest", b"X-T: yes\r\nX-L: " + b"a" * 4088 + b"\r\n\r\n")
w("none", b"\n")
PY
canned_start "$D"
BOTH_FLAGS=-sS

# as DESC WANT ARGS...: both exit WANT, the same stdout and -D file h
as() {
	_d=$1
	_w=$2
	shift 2
	rm -f "$T/s/h" "$T/c/h"
	both "$@"
	if [ -e "$T/c/h" ] && ! cmp -s "$T/s/h" "$T/c/h"; then
		fail "$_d" "-D differs" "$(od -c "$T/s/h" 2>&1 | tail -4)"
	else
		judge "$_d"
	fi
	is "... $_w as curl" "$src" "$_w"
}
for f in lf mixed fold none; do
	as "$f: -i" 0 -i "$U/$f"
	as "$f: -D -" 0 -D - "$U/$f"
	as "$f: -D FILE" 0 -D h "$U/$f"
done
as "a line that is no field: -i" 43 -i "$U/nofield"
as "... -D FILE" 43 -D h -o /dev/null "$U/nofield"
as "a line over 4093 bytes" 56 -i "$U/long"
as "... one of 4093 taken" 0 -i "$U/longest"
done_testing
