#!/bin/sh
# tests/same/proxy.sh BIN CLIENT DIR: a scene of tests/same-output.sh,
# the proxy servers' origin side.  BIN's listen --serve-proxy http and
# socks5, alone and chained (--proxy to another of BIN's), before
# tests/http_origin.py; CLIENT (one binary for both runs) asks them: an
# HTTP GET, two over one connection, CONNECT, SOCKS5, and the refusals
# of a closed port and of a closed next proxy; a next proxy's early
# bytes (tests/fake_proxy.py http-early).  Prints what each client
# got and the proxies' -v lines and records, ports and times made
# constant and sorted (their order between processes is no behaviour).
# Every process under a timeout; loopback only.
set -u
bin=$1
cl=$2
W=$3
here=$(cd "$(dirname "$0")/.." && pwd)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT

# up NAME CMD...: a server in the background, its stderr in $W/NAME.err;
# PORT the port it announces (5 s at most)
up() {
	_n=$1
	shift
	timeout 60 "$@" </dev/null >/dev/null 2>"$W/$_n.err" &
	pids="$pids $!"
	_i=0
	PORT=
	while [ -z "$PORT" ] && [ $_i -lt 100 ]; do
		PORT=$(sed -n 's/.*listening on 127\.0\.0\.1 port \([0-9]*\)$/\1/p' \
		    "$W/$_n.err" 2>/dev/null | head -n 1)
		[ -n "$PORT" ] || sleep 0.05
		_i=$((_i + 1))
	done
	[ -n "$PORT" ]
}
# ask NAME CMD...: a client, its output, error and status
ask() {
	_n=$1
	shift
	echo "== $_n"
	timeout 10 "$@" >"$W/c.out" 2>"$W/c.err"
	echo "rc $?"
	cksum <"$W/c.out"
	# the text of a head; a body is its sum above
	LC_ALL=C tr -d '\r' <"$W/c.out" | LC_ALL=C grep -a '^[ -~]*$' |
	    head -n 4 | sed -e 's/^/out /'
	sed -e 's/^/err /' -e "s/port [0-9]*/port N/g" "$W/c.err"
}

mkdir -p "$W/o"
up origin python3 "$here/http_origin.py" "$W/o" || exit 1
O=$PORT
CL=$(python3 -c 'import socket; s = socket.socket(); \
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || exit 1
up http "$bin" listen -k -v 127.0.0.1 0 --serve-proxy http || exit 1
H=$PORT
up socks "$bin" listen -k -v 127.0.0.1 0 --serve-proxy socks5 || exit 1
S=$PORT
up hs "$bin" listen -k -v 127.0.0.1 0 --serve-proxy http \
    --proxy "socks5h://127.0.0.1:$S" || exit 1
HS=$PORT
up sh "$bin" listen -k -v 127.0.0.1 0 --serve-proxy socks5 \
    --proxy "http://127.0.0.1:$H" || exit 1
SH=$PORT
up hx "$bin" listen -k -v 127.0.0.1 0 --serve-proxy http \
    --proxy "socks5h://127.0.0.1:$CL" || exit 1
HX=$PORT

U=http://127.0.0.1:$O
REQ='GET /cl/7 HTTP/1.0\r\n\r\n'
for p in H HS; do
	eval "px=\$$p"
	ask "$p GET" "$cl" http-get --proxy "http://127.0.0.1:$px" "$U/cl/100"
	ask "$p GET twice" "$cl" http-get --proxy "http://127.0.0.1:$px" \
	    "$U/cl/10" "$U/chunked/1000"
	ask "$p GET closed" "$cl" http-get --proxy "http://127.0.0.1:$px" \
	    "http://127.0.0.1:$CL/x"
	printf "$REQ" >"$W/req"
	ask "$p CONNECT" sh -c '"$1" connect --proxy "$2" 127.0.0.1 "$3" <"$4"' \
	    - "$cl" "http://127.0.0.1:$px" "$O" "$W/req"
done
for p in S SH; do
	eval "px=\$$p"
	ask "$p SOCKS5" sh -c '"$1" connect --proxy "$2" 127.0.0.1 "$3" <"$4"' \
	    - "$cl" "socks5h://127.0.0.1:$px" "$O" "$W/req"
	ask "$p SOCKS5 closed" sh -c '"$1" connect --proxy "$2" 127.0.0.1 "$3" \
	    </dev/null' - "$cl" "socks5h://127.0.0.1:$px" "$CL"
done
# a next proxy that sends the far end's first bytes with its reply
# (tests/fake_proxy.py, one client): they reach the client once
up fake python3 "$here/fake_proxy.py" http-early || exit 1
up se "$bin" listen -k -v 127.0.0.1 0 --serve-proxy socks5 \
    --proxy "http://127.0.0.1:$PORT" || exit 1
ask "SE SOCKS5, early bytes" sh -c 'echo ping | "$1" connect --proxy "$2" \
    127.0.0.1 9' - "$cl" "socks5h://127.0.0.1:$PORT"
ask "HX GET, the next proxy closed" "$cl" http-get \
    --proxy "http://127.0.0.1:$HX" "$U/cl/3"
ask "HX CONNECT, the next proxy closed" sh -c '"$1" connect --proxy "$2" \
    127.0.0.1 "$3" </dev/null' - "$cl" "http://127.0.0.1:$HX" "$O"
for p in $pids; do kill "$p" 2>/dev/null; done
wait
pids=""
for n in http socks hs sh hx se; do
	echo "== proxy $n"
	sed -e "s/port [0-9]*/port N/g" -e 's/127\.0\.0\.1:[0-9]*/127.0.0.1:N/g' \
	    -e 's/^time=[^ ]* /time=T /' -e 's/ ms=[0-9]* / ms=T /' \
	    -e 's/Terminated//' "$W/$n.err" | sort
done
