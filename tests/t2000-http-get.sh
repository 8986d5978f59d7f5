#!/bin/sh
# t2000: http-get against canned responses served byte for byte by
# sockt listen (one connection each): framing, errors, output rules.
. "$(dirname "$0")/lib.sh"

# serve1 FILE [ADDR]: one connection answered with FILE; what the client
# sent lands in $T/req once the server is done (see reqwait)
serve1() {
	SIN=$1 SOUT=$T/req server 10 "$SOCKT" listen -v "${2:-127.0.0.1}" 0
}
reqwait() {
	_rc=$rc
	wait_status "$SPID"
	rc=$_rc
	req=$(tr -d '\r' <"$T/req")
}
resp() { printf "$@" >"$T/resp"; }

# Content-Length, and the request itself
resp 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\nContent-Type: text/plain\r\n\r\nhello\nEXTRA'
serve1 "$T/resp"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/p/a?q=1"
reqwait
is "Content-Length body" "$rc:$out" "0:hello"
is "no chatter on stderr when it is not a terminal" "$err" ""
like "request line" "$req" "GET /p/a?q=1 HTTP/1.1
*"
like "Host with port" "$req" "*
Host: 127.0.0.1:$SPORT
*"
like "User-Agent" "$req" "*
User-Agent: sockt/*"
is "Accept last, no Connection field (as curl)" \
    "$(printf '%s\n' "$req" | sed -n '4,$p')" "Accept: */*"

# chunked with extensions and trailers
resp 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=val\r\nhello\r\n7;a="b c"\r\n, world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n'
serve1 "$T/resp"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/"
reqwait
is "chunked with extensions and trailers" "$rc:$out" "0:hello, world0123456789"

# a big chunked body, chunk sizes from 1 byte to 300 KiB, across reads
if have python3; then
	python3 -c '
import os, random, sys
random.seed(4)
data = os.urandom(3 << 20)
out = open(sys.argv[1], "wb")
out.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
i = 0
while i < len(data):
    n = min(len(data) - i, random.choice([1, 2, 7, 100, 4096, 65536, 300000]))
    out.write(b"%x;i=%d\r\n" % (n, i) + data[i:i + n] + b"\r\n")
    i += n
out.write(b"0\r\nX-Done: 1\r\n\r\n")
open(sys.argv[2], "wb").write(data)
' "$T/chunked" "$T/chunked.want"
	serve1 "$T/chunked"
	run 20 "$SOCKT" http-get -o "$T/chunked.got" "http://127.0.0.1:$SPORT/"
	reqwait
	is "3 MiB chunked body in mixed chunk sizes" \
	    "$rc:$(sum_of "$T/chunked.got")" "0:$(sum_of "$T/chunked.want")"
else
	skip "3 MiB chunked body in mixed chunk sizes" "python3 not installed"
fi

# close-delimited
resp 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end\nof the connection\n'
serve1 "$T/resp"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/"
reqwait
is "close-delimited body" "$rc:$out" "0:until the end
of the connection"

# truncated Content-Length: exit 18, -o leaves no FILE, an old one
# untouched, what came in FILE.sockt-part (for -C -)
resp 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b'
mkdir "$T/dl"
serve1 "$T/resp"
run 10 "$SOCKT" http-get -o "$T/dl/new" "http://127.0.0.1:$SPORT/"
reqwait
is "truncated body exits 18 (curl's partial file)" "$rc" 18
is "... saying how much is missing, and where what came is" "$err" \
    "sockt http-get: transfer closed with 90 bytes remaining
sockt http-get: $T/dl/new: unfinished: 10 bytes kept in $T/dl/new.sockt-part (-C - goes on from there)"
check "... -o made no file" test ! -e "$T/dl/new"
is "... the 10 bytes in FILE.sockt-part" "$(cat "$T/dl/new.sockt-part")" \
    "only ten b"
rm "$T/dl/new.sockt-part"
echo "old content" >"$T/dl/old"
serve1 "$T/resp"
run 10 "$SOCKT" http-get -o "$T/dl/old" "http://127.0.0.1:$SPORT/"
reqwait
is "truncated body leaves an old file as it was" "$rc:$(cat "$T/dl/old")" \
    "18:old content"
is "... and no temporary file behind, the bytes in old.sockt-part" \
    "$(ls -A "$T/dl")" "old
old.sockt-part"

# truncated chunked body
resp 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort'
serve1 "$T/resp"
run 10 "$SOCKT" http-get -o "$T/dl/old" "http://127.0.0.1:$SPORT/"
reqwait
is "truncated chunked body exits 18" "$rc:$(cat "$T/dl/old")" "18:old content"
like "... saying so" "$err" "*transfer closed inside the chunked body*"

# -o success is atomic and complete; -O names the file after the URL
resp 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnew\n'
serve1 "$T/resp"
run 10 "$SOCKT" http-get -o "$T/dl/old" "http://127.0.0.1:$SPORT/"
reqwait
is "-o replaces the file" "$rc:$(cat "$T/dl/old"):$(ls -A "$T/dl")" \
    "0:new:old"
serve1 "$T/resp"
cd "$T/dl" || exit 1
run 10 "$SOCKT" http-get -O "http://127.0.0.1:$SPORT/d/f.txt?x=1"
cd - >/dev/null || exit 1
reqwait
is "-O writes the last path segment" "$rc:$(cat "$T/dl/f.txt")" "0:new"

# the progress bar: on a terminal only (script(1) provides one)
resp 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnew\n'
if have script && script -qec true /dev/null >/dev/null 2>&1; then
	serve1 "$T/resp"
	run 10 script -qec "'$SOCKT' http-get -o '$T/dl/pb' http://127.0.0.1:$SPORT/" \
	    /dev/null
	reqwait
	like "progress bar on a terminal, with percentage" "$rc:$out" \
	    "0:*100%*4 B of 4 B*spent*"
	serve1 "$T/resp"
	run 10 script -qec "'$SOCKT' http-get -sS -o '$T/dl/pb' http://127.0.0.1:$SPORT/" \
	    /dev/null
	reqwait
	is "-s silences it" "$rc:$out" "0:"
else
	skip "progress bar on a terminal, with percentage" "no script(1)"
	skip "-s silences it" "no script(1)"
fi

# 404 with and without -f
resp 'HTTP/1.1 404 Not Found\r\nContent-Length: 8\r\n\r\nno such\n'
serve1 "$T/resp"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/x"
reqwait
is "404 without -f: body, exit 0" "$rc:$out" "0:no such"
serve1 "$T/resp"
run 10 "$SOCKT" http-get -f -o "$T/dl/err" "http://127.0.0.1:$SPORT/x"
reqwait
is "404 with -f exits 22" "$rc" 22
check "... and writes nothing to -o" test ! -e "$T/dl/err"
like "... saying the status" "$err" "*404 Not Found*"

# -i and -D
resp 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Hdr: v\r\n\r\nhi'
serve1 "$T/resp"
run 10 "$SOCKT" http-get -i -D "$T/head" "http://127.0.0.1:$SPORT/"
reqwait
is "-i puts the head before the body" "$(printf '%s' "$out" | tr -d '\r')" \
    "HTTP/1.1 200 OK
Content-Length: 2
X-Hdr: v

hi"
like "-D writes the head" "$(tr -d '\r' <"$T/head")" "HTTP/1.1 200 OK*X-Hdr: v"

# 100 Continue before the real response
resp 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal'
serve1 "$T/resp"
run 10 "$SOCKT" http-get -i "http://127.0.0.1:$SPORT/"
reqwait
is "1xx responses shown by -i, as curl does" \
    "$rc:$(printf '%s' "$out" | tr -d '\r')" "0:HTTP/1.1 100 Continue

HTTP/1.1 102 Processing
X: 1

HTTP/1.1 200 OK
Content-Length: 5

final"

# -v shows both heads on stderr
resp 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'
serve1 "$T/resp"
run 10 "$SOCKT" http-get -v "http://127.0.0.1:$SPORT/v"
reqwait
like "-v shows the request" "$err" "*> GET /v HTTP/1.1*"
like "-v shows the response" "$err" "*< HTTP/1.1 200 OK*"
is "-v leaves stdout to the body" "$out" "ok"

# -H adds and replaces, -A, Basic auth from the URL
resp 'HTTP/1.1 204 No Content\r\n\r\n'
serve1 "$T/resp"
run 10 "$SOCKT" http-get -H 'X-Test: 1' -H 'Accept: text/plain' -A 'agent/9' \
    "http://us%40er:se%3Acret@127.0.0.1:$SPORT/"
reqwait
like "-H adds a header" "$req" "*
X-Test: 1*"
like "-H replaces a default" "$req" "*
Accept: text/plain*"
case $req in *'Accept: */*'*) fail "... the default is gone" ;;
*) pass "... the default is gone" ;; esac
like "-A sets the User-Agent" "$req" "*
User-Agent: agent/9*"
like "user:pass@ becomes Basic auth" "$req" "*
Authorization: Basic $(printf 'us@er:se:cret' | base64)*"
is "204: no body, exit 0" "$rc:$out" "0:"

# IPv6 literal
if have_ipv6; then
	resp 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nv6\n'
	if serve1 "$T/resp" ::1; then
		run 10 "$SOCKT" http-get "http://[::1]:$SPORT/"
		reqwait
		is "IPv6 literal URL" "$rc:$out" "0:v6"
		like "... Host has brackets" "$req" "*
Host: \[::1\]:$SPORT*"
	else
		fail "IPv6 server"
	fi
else
	skip "IPv6 literal URL" "no IPv6 loopback"
	skip "... Host has brackets" "no IPv6 loopback"
fi

# protocol errors
{
	printf 'HTTP/1.1 200 OK\r\n'
	i=0
	while [ $i -lt 5000 ]; do
		printf 'X-Filler-%04d: %s\r\n' $i \
		    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
		i=$((i + 1))
	done
	printf '\r\nbody'
} >"$T/big"
serve1 "$T/big"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/"
reqwait
is "oversized header block exits 1" "$rc:$out" "1:"
like "... saying what" "$err" "*too large*"
{
	printf 'HTTP/1.1 200 OK\r\n'
	i=0
	while [ $i -lt 101 ]; do
		printf 'X-Field-%d: v\r\n' $i
		i=$((i + 1))
	done
	printf '\r\n'
} >"$T/many"
serve1 "$T/many"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/"
reqwait
is "over 100 header fields exits 1" "$rc" 1
like "... saying what" "$err" "*too many header fields*"
resp 'SSH-2.0-OpenSSH_9.2p1\r\n'
serve1 "$T/resp"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/"
reqwait
is "garbage status line exits 1" "$rc" 1
like "... as a protocol error" "$err" "*protocol error: bad status line*"
resp 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'
serve1 "$T/resp"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/"
reqwait
is "conflicting Content-Length exits 8 (curl's weird reply; RFC 9112 \
refuses it)" "$rc:$out" "8:"
: >"$T/resp"
serve1 "$T/resp"
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/"
reqwait
is "empty reply exits 52 (curl's)" "$rc:$err" "52:sockt http-get: empty reply from server"

# refused before any connection
run 5 "$SOCKT" http-get -H "$(printf 'X-A: b\r\nX-Injected: 1')" http://127.0.0.1:9/
is "-H with CR/LF is a usage error" "$rc" 2
like "... saying why" "$err" "*CR or LF*"
run 5 "$SOCKT" http-get -A "$(printf 'agent\033[2J')" http://127.0.0.1:9/
is "-A with a control character is a usage error" "$rc" 2
like "... saying why" "$err" "*user agent contains a control character*"
run 5 "$SOCKT" http-get "$(printf 'http://127.0.0.1:9/a\r\nX: 1')"
is "URL with CR/LF refused (3, as curl)" "$rc" 3
run 5 "$SOCKT" http-get "http://127.0.0.1:9/a b"
is "URL with a space refused (3, as curl)" "$rc" 3
run 5 "$SOCKT" http-get ftp://127.0.0.1/
is "ftp:// refused (1, as curl's unsupported protocol)" "$rc" 1
like "... saying which schemes are" "$err" "*unsupported URL scheme 'ftp' (only http:// and https:// are)"
run 5 "$SOCKT" http-get -o a -O http://127.0.0.1:9/x
is "-o and -O together: taken, as curl (paired with URLs in order; t2116)" \
    "$rc" 7

# connection refused: the port of a server that is gone
run 10 "$SOCKT" http-get "http://127.0.0.1:$SPORT/"
is "connection refused exits 7 (curl's)" "$rc" 7
like "... naming the endpoint" "$err" "*127.0.0.1 port $SPORT: Connection refused"

# A body that trickles in reaches stdout as it comes, not when it ends:
# the server sends its first chunk, then a byte every 0.1 ms (waiting
# awake, so the gaps stay under the millisecond of quiet after which
# sockt writes what it holds, on a quiet machine) until the test saw
# that first chunk in sockt's output, then the last; a sockt that held
# the bytes until 64 KiB of them were in would take 6 s, past the wait.
# One at a time and with -Z alike.
for mode in "" "-Z"; do
	rm -f "$T/go" "$T/trickle"
	if server 20 python3 -c '
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
c, _ = s.accept()
c.recv(65536)
c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"6\r\nfirst\n\r\n")
end = time.time() + 15
while not os.path.exists(sys.argv[1]) and time.time() < end:
    c.sendall(b"1\r\n.\r\n")
    t = time.perf_counter() + 0.0001
    while time.perf_counter() < t:
        pass
c.sendall(b"6\r\n\nlast\n\r\n0\r\n\r\n")
c.recv(1)' "$T/go"; then
		BGOUT=$T/trickle bg 20 "$SOCKT" http-get $mode \
		    "http://127.0.0.1:$SPORT/"
		seen() { grep -q first "$T/trickle"; }
		wait_until 10 seen
		touch "$T/go"
		wait_status "$BGPID"
		like "a trickling body on stdout as it comes ${mode:-(one at a time)}" \
		    "$rc:$(cat "$T/trickle")" "0:first
*.
last"
	fi
done

done_testing
