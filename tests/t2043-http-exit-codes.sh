#!/bin/sh
# t2043: http-get's exit statuses are curl's (curl 7.88's, issue 55):
# the same command line to sockt and to curl, the same status, for a
# name that does not resolve (6, in a network namespace of its own with
# no route out: no query leaves the machine), a closed port (7), -m run
# out (28), a TLS handshake with a server that speaks none (35), a
# certificate refused (60), a body cut short (18), too many redirects
# and a loop (47), an empty reply (52), a reset inside the body (56),
# -f (22), an output that cannot be written (23), a bad command line
# (2).  With the messages of issue 55 item 8: a reset names the host and
# port, a refused certificate says what to do.  Skips without curl.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"
. "$(dirname "$0")/pki.sh"

if ! have python3 || ! have curl; then
	skip "exit statuses beside curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r ok 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r partclose 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some'
r chunkpartclose 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\nonly some'
: >"$D/emptyclose"
r missing 'HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope\n'
r loop 'HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n'
for i in 1 2 3; do
	r hop$i "HTTP/1.1 302 Found\r\nLocation: /hop$((i + 1))\r\nContent-Length: 0\r\n\r\n"
done
if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT
BOTH_FLAGS=-sS

# same DESC WANT ARGS...: both exit WANT for ARGS
same() {
	_d=$1
	_w=$2
	shift 2
	both "$@"
	if [ "$src" = "$_w" ] && [ "$crc" = "$_w" ]; then
		pass "$_d: $_w as curl"
	else
		fail "$_d: $_w as curl" "sockt $src, curl $crc" \
		    "$(cat "$T/s.err")" "$(cat "$T/c.err")"
	fi
}

same "a whole body" 0 "$U/ok"
same "-f and a 404" 22 -f "$U/missing"
same "a 404 without -f" 0 "$U/missing"
same "an output that cannot be written" 23 -o /dev/full "$U/ok"
(cd "$T/s" && exec timeout 10 "$SOCKT" http-get -sS "$U/ok") >/dev/full \
    2>/dev/null
src=$?
(cd "$T/c" && exec timeout 10 curl -sS "$U/ok") >/dev/full 2>/dev/null
is "stdout on /dev/full: 23 as curl" "$src:$?" "23:23"
# curl 7.88 loses such heads and exits 0; sockt says so: 23
run 10 "$SOCKT" http-get -sS -D /dev/full "$U/ok"
is "-D FILE that cannot be written: 23" "$rc" 23
same "a Content-Length body cut short" 18 "$U/partclose"
same "a chunked body cut short" 18 "$U/chunkpartclose"
same "an empty reply" 52 "$U/emptyclose"
same "a redirect loop" 47 -L "$U/loop"
same "past --max-redirs" 47 -L --max-redirs 1 "$U/hop1"
same "-m run out on a silent server" 28 -m 1 "$U/silent"
same "an unknown option" 2 --no-such-option "$U/ok"
same "no URL" 2
if closedport; then
	same "a closed port" 7 "http://127.0.0.1:$CPORT/"
	like "... its message" "$(cat "$T/s.err")" \
	    "sockt http-get: 127.0.0.1 port $CPORT: Connection refused*"
fi

# a name that does not resolve, in a namespace with no route out
if [ "$(id -u)" = 0 ] && have unshare &&
    unshare -n true >/dev/null 2>&1; then
	(cd "$T/s" && exec unshare -n timeout 20 "$SOCKT" http-get -sS \
	    http://no-such-host.invalid/) >/dev/null 2>"$T/s.err"
	src=$?
	(cd "$T/c" && exec unshare -n timeout 20 curl -sS \
	    http://no-such-host.invalid/) >/dev/null 2>"$T/c.err"
	crc=$?
	is "a name that does not resolve: 6 as curl" "$src:$crc" "6:6"
else
	skip "a name that does not resolve" "no unshare -n (needs root)"
fi

# a reset inside the body: 56, and the host and port said
cat >"$T/rst.py" <<'EOF'
import socket, struct, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
sys.stderr.write("rst: listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
while True:
    c, _ = s.accept()
    if sys.argv[1] == "plain":
        # an HTTP server's answer to a TLS ClientHello
        c.recv(4096)
        c.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        c.close()
        continue
    data = b""
    while b"\r\n\r\n" not in data:
        b = c.recv(4096)
        if not b:
            break
        data += b
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" +
              b"x" * 1000)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
EOF
if ! tls_loadable; then
	skip "https:// to a server that speaks no TLS" "no libssl.so.3"
elif server 60 python3 "$T/rst.py" plain; then
	same "https:// to a server that speaks no TLS" 35 \
	    "https://127.0.0.1:$SPORT/"
fi
if server 60 python3 "$T/rst.py" reset; then
	same "a reset inside the body" 56 "http://127.0.0.1:$SPORT/"
	like "... the message names the host and port" "$(cat "$T/s.err")" \
	    "sockt http-get: 127.0.0.1 port $SPORT: Connection reset by peer*"
fi

# certificates: refused (60), and the message says what to do
if pki_usable && pki_make; then
	W=$T/www
	mkdir "$W"
	printf 'tls\n' >"$W/f"
	cd "$W" || exit 1
	if s_server stranger -WWW -cert "$P/stranger.pem" \
	    -key "$P/stranger.key"; then
		same "a certificate from an unknown root" 60 \
		    --cacert "$P/ca.pem" "https://localhost:$P_stranger/f"
		like "... the message says what to do" "$(cat "$T/s.err")" \
		    "*--cacert FILE*-k*"
		same "... -k skips the check" 0 -k \
		    "https://localhost:$P_stranger/f"
	fi
else
	skip "a certificate refused" "no openssl or libssl.so.3"
fi

done_testing
