#!/bin/sh
# t2133: -C as curl 7.88 has it, beside curl (issue 61): the Range is
# sent whatever FILE holds (-C N past its end, or with no FILE: what
# comes is written after its bytes, curl's "ab"); an answer that does
# not continue at the offset is curl's 33 ("Cannot resume"), whatever
# its status, the file as it was but for -i's head, or done when its
# body is empty or the offset's length; a 416 is done, but to -f when
# its Content-Range is "* /N" (curl drops its offset: 22); -i's heads
# go after FILE's bytes; a redirect -L follows is no answer to judge.
# And -f with -i or -D: the failing head is written, then 22, as curl.
# The same command line and the same canned response (canned_http.py)
# to sockt http-get and to curl: the exit status, stdout, the files
# and the Range each asked for compared.  Fails on 8f9439ae (-C past a
# file's end refused, a 200 started over, a 404 exit 1, -f -i's head
# not written, an HTTP/1.0 200 read to its end).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "-C as curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r ok 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nContent-Length: 5\r\n\r\n56789'
r full 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nABCDEFGHIJ'
r same 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nABCDE'
r empty 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'
r nf 'HTTP/1.1 404 Nah\r\nContent-Length: 13\r\n\r\n0123456789123'
r star416 'HTTP/1.1 416 No\r\nContent-Range: bytes */5\r\nContent-Length: 4\r\n\r\nbad\n'
r bare416 'HTTP/1.1 416 No\r\nContent-Length: 0\r\n\r\n'
r cr200 'HTTP/1.1 200 OK\r\nContent-Range: bytes 5-\r\nContent-Length: 5\r\n\r\n56789'
r moved 'HTTP/1.1 301 Moved\r\nLocation: /full\r\nContent-Length: 3\r\n\r\nOK\n'
r moved_cr 'HTTP/1.1 301 Moved\r\nLocation: /cr200\r\nContent-Length: 3\r\n\r\nOK\n'
r old_close 'HTTP/1.0 200 Mooo\r\nServer: x\r\n\r\nwe know nothing about ranges\n'
canned_start "$D"
BOTH_FLAGS=-sS

# as DESC WANT FILE ARGS...: f holds FILE on both sides first ("-": no
# f); both exit WANT with the same stdout, the same files and the same
# Range asked
as() {
	_d=$1
	_w=$2
	for _s in s c; do
		rm -f "$T/$_s/f"
		[ "$3" = - ] || printf '%s' "$3" >"$T/$_s/f"
	done
	shift 3
	: >"$D/requests.log"
	both "$@"
	verdict "$_d" files
	# each Range line twice: once from each side
	is "... $_w as curl, each asking the same range" "$src:$(grep \
	    '^Range: ' "$D/requests.log" | sort | uniq -c | awk '$1 % 2')" \
	    "$_w:"
}
as "-C 5 past a 3-byte file: the range after its bytes" 0 012 -C 5 -o f \
    "$U/ok"
as "-C 5 with no file: the resource's tail" 0 - -C 5 -o f "$U/ok"
as "-C 5 -i past a 3-byte file: the head, then the range" 0 012 -C 5 -i \
    -o f "$U/ok"
as "-C - to a 200: 33, the file as it was" 33 01234 -C - -o f "$U/full"
as "-C - -i to a 200: 33, its head after the file's bytes" 33 01234 -C - \
    -i -o f "$U/full"
as "-C 5 to stdout, a 200: 33, nothing written" 33 - -C 5 "$U/full"
as "-C - to a 200 of the offset's length: done" 0 01234 -C - -o f \
    "$U/same"
as "-C - to an empty 200: done" 0 01234 -C - -o f "$U/empty"
as "-C - to a 404 with a body: 33" 33 01234 -C - -o f "$U/nf"
as "-C 9999999999 -i to a 404: 33, its head in a new file" 33 - \
    -C 9999999999 -i -o f "$U/nf"
as "-C - -f to a 404: 22" 22 01234 -C - -f -o f "$U/nf"
as "-C - to a 416 of '* /5': done, its body dropped" 0 01234 -C - -i \
    -o f "$U/star416"
as "-C - -f to a 416 of '* /5': 22 (the '*' drops curl's offset)" 22 \
    01234 -C - -f -o f "$U/star416"
as "-C - -f to a bare 416: done" 0 01234 -C - -f -i -o f "$U/bare416"
as "-C 5 to a 200 with Content-Range 5-: appended" 0 01234 -C 5 -o f \
    "$U/cr200"
as "-C 5 -L -i through a 301 to a 200: 33 at the 200" 33 - -C 5 -L -i \
    -o f "$U/moved"
as "-C 5 -L -i through a 301 to a range: appended" 0 01234 -C 5 -L -i \
    -o f "$U/moved_cr"
as "-C - -i to an HTTP/1.0 200 to the close: 33 at its head" 33 01234 \
    -C - -i -o f "$U/old_close"
as "-f -i to a 404: the head, then 22" 22 - -f -i "$U/nf"
as "-f -D to a 404: the head in the file, then 22" 22 - -f -D f "$U/nf"
done_testing
