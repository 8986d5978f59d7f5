#!/bin/sh
# tests/bench/insns.sh: what each hot path costs in sockt's own code,
# in user instructions (valgrind's callgrind, which counts the same on an
# idle machine and a busy one), the figure that decides which objects the
# Makefile builds for speed (HOTOBJS).  Each path runs twice, once small
# and once 101 times as large, and the difference over 100 is the cost of
# one unit: an http-get request of 1 KiB (hget), one request of a
# keep-alive client through the HTTP proxy (hpx), a SOCKS5 session
# (socks5), a serve-hello connection (hello), 20 datagrams through
# udp-serve --echo (uecho) and through udp-serve --to (ufwd), 8 MiB
# through connect to listen (relay: mostly splice, so a figure of a few
# hundred that moves with how the bytes arrive), 20 closed ports to a connect scan
# (scan) and to -sS (syn, in a network namespace of its own; skipped
# where unshare -n is refused), 20 WebSocket messages through connect
# and listen --ws (ws).  SOCKT_BASE=path measures another binary the
# same way in the same run and prints sockt's ratio to it (an object
# moved out of the hot list costs what the ratio says).  PERFILE=1 also
# prints each source file's share of every unit (of $SOCKT).
# Loopback only; every process under timeout; libc and the libraries
# opened at run time are not counted.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
. "$(dirname "$0")/lib.sh"

for t in valgrind callgrind_annotate python3 curl; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "insns bench: SKIP ($t not installed)"
		exit 0
	fi
done
bench_dir 131072 insns
HPID=
SPID=
trap '[ -n "$SPID" ] && kill "$SPID" 2>/dev/null
[ -n "$HPID" ] && kill "$HPID" 2>/dev/null; bench_cleanup' EXIT
VG="valgrind --tool=callgrind --trace-children=yes"
head -c 1024 /dev/urandom >"$W/www/small"
(cd "$W/www" && exec timeout 1800 python3 -m http.server -p HTTP/1.1 \
    -b 127.0.0.1 0) >"$W/logs/http" 2>&1 &
HPID=$!
# port_of FILE: the port a -v line (or python's) in FILE names, waiting
# for it (at most 60 s: valgrind starts slowly)
port_of() {
	_i=0
	# a whole line: the last byte written a newline
	while ! { [ "$(tail -c 1 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = \
	    '\n' ] && grep -q 'port [0-9]' "$1"; }; do
		_i=$((_i + 1))
		[ $_i -gt 600 ] && return 1
		sleep 0.1	# no readiness signal but the log line: polling
	done
	grep -o 'port [0-9]*' "$1" | head -n 1 | cut -d' ' -f2
}
HP=$(port_of "$W/logs/http") || { echo "insns bench: no HTTP server"; exit 1; }

# cost FILES...: the instructions of sockt's own code (the files under
# src/) in the callgrind outputs FILES; with PERFILE, per file to $W/pf
cost() {
	for _f in "$@"; do
		callgrind_annotate --inclusive=no --threshold=100 "$_f" 2>/dev/null
	done | awk -v pf="$W/pf" '/\[/ && /src\// {
		gsub(",", "", $1)
		fn = ""
		for (i = 2; i <= NF; i++)
			if (index($i, "src/"))
				fn = $i
		sub(":.*", "", fn)
		sub(".*/src/", "src/", fn)
		s[fn] += $1
		t += $1
	} END {
		for (f in s)
			print s[f], f >pf
		print t + 0
	}'
}
# server NAME CMD...: CMD under callgrind in the background, SP its port
server() {
	_n=$1
	shift
	timeout 600 $VG --callgrind-out-file="$W/cg.$_n.%p" "$@" \
	    >/dev/null 2>"$W/logs/$_n" &
	SPID=$!
	SP=$(port_of "$W/logs/$_n") || { echo "insns bench: $_n did not start"; exit 1; }
}
# server_end: the server, ended by SIGTERM as a user's kill would
server_end() {
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=
}
# udp_client N PORT: N datagrams, each different (the loop guard drops
# the same bytes back again and again), each waiting for its answer
udp_client() {
	timeout 300 python3 - "$1" "$2" <<'PY'
import socket, sys
n, p = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(20)
for i in range(n):
    s.sendto(b"datagram %08d " % i + b"x" * 48, ("127.0.0.1", p))
    s.recvfrom(2048)
PY
}
# one BIN PATH K: the cost of PATH at size K (1 or 101)
one() {
	_b=$1 _p=$2 _k=$3
	rm -f "$W"/cg.*
	case $_p in
	hget)
		set --
		_i=0
		while [ $_i -lt "$_k" ]; do
			set -- "$@" "http://127.0.0.1:$HP/small"
			_i=$((_i + 1))
		done
		timeout 600 $VG --callgrind-out-file="$W/cg.c.%p" "$_b" \
		    http-get -s -o /dev/null "$@" >/dev/null 2>&1 ;;
	hpx)
		server hpx "$_b" listen -v -k 127.0.0.1 0 --serve-proxy http
		_i=0
		while [ $_i -lt "$_k" ]; do
			printf 'url = "http://127.0.0.1:%s/small"\noutput = "/dev/null"\n' "$HP"
			_i=$((_i + 1))
		done >"$W/urls"
		timeout 300 curl -s -x "http://127.0.0.1:$SP" -K "$W/urls"
		server_end ;;
	socks5)
		server s5 "$_b" listen -v -k 127.0.0.1 0 --serve-proxy socks5
		_i=0
		while [ $_i -lt "$_k" ]; do
			timeout 30 curl -s --socks5 "127.0.0.1:$SP" -o /dev/null \
			    "http://127.0.0.1:$HP/small"
			_i=$((_i + 1))
		done
		server_end ;;
	hello)
		server hello "$_b" serve-hello -v 127.0.0.1 0
		timeout 300 python3 - "$_k" "$SP" <<'PY'
import socket, sys
for i in range(int(sys.argv[1])):
    c = socket.create_connection(("127.0.0.1", int(sys.argv[2])), 10)
    c.sendall(b"x\n")
    c.shutdown(socket.SHUT_WR)
    while c.recv(100):
        pass
    c.close()
PY
		server_end ;;
	uecho)
		server uecho "$_b" udp-serve -v --echo 127.0.0.1 0
		udp_client $((_k * 20)) "$SP"
		server_end ;;
	ufwd)
		timeout 600 "$_b" udp-serve -v --echo 127.0.0.1 0 \
		    2>"$W/logs/echo" &
		_e=$!
		_ep=$(port_of "$W/logs/echo")
		server ufwd "$_b" udp-serve -v 127.0.0.1 0 --to "127.0.0.1:$_ep"
		udp_client $((_k * 20)) "$SP"
		server_end
		kill $_e 2>/dev/null
		wait $_e 2>/dev/null ;;
	relay)
		server relay "$_b" listen -v 127.0.0.1 0
		head -c $((_k * 8388608)) /dev/zero | timeout 600 $VG \
		    --callgrind-out-file="$W/cg.c.%p" "$_b" connect 127.0.0.1 \
		    "$SP" 2>/dev/null
		wait "$SPID"
		SPID= ;;
	scan)
		timeout 600 $VG --callgrind-out-file="$W/cg.c.%p" "$_b" \
		    portscan 127.0.0.1 -p "30000-$((30000 + _k * 20 - 1))" \
		    >/dev/null 2>&1 ;;
	syn)
		timeout 600 unshare -n sh -c 'ip link set lo up && exec "$@"' \
		    sh $VG --callgrind-out-file="$W/cg.c.%p" "$_b" portscan -sS \
		    127.0.0.1 -p "30000-$((30000 + _k * 20 - 1))" \
		    >/dev/null 2>&1
		# exit 1 is "nothing open"; no output at all is no namespace
		ls "$W"/cg.* >/dev/null 2>&1 || return 1 ;;
	ws)
		server ws "$_b" listen -v --ws 127.0.0.1 0
		_i=0
		while [ $_i -lt $((_k * 20)) ]; do
			echo "message $_i of the WebSocket run, some text"
			_i=$((_i + 1))
		done | timeout 600 $VG --callgrind-out-file="$W/cg.c.%p" \
		    "$_b" connect "ws://127.0.0.1:$SP/" >/dev/null 2>&1
		server_end ;;
	esac
	cost "$W"/cg.*
}
# unit BIN PATH: the cost of one unit of PATH; with PERFILE, each file's
# share of it in $W/pf.unit
unit() {
	_a=$(one "$1" "$2" 1) || return 1
	[ -n "$PERFILE" ] && mv "$W/pf" "$W/pf.1"
	_z=$(one "$1" "$2" 101) || return 1
	[ -n "$PERFILE" ] && awk 'NR == FNR { a[$2] = $1; next }
	    { d = int(($1 - a[$2]) / 100); if (d > 0) print d, $2 }' \
	    "$W/pf.1" "$W/pf" | sort -rn | head -n 12 >"$W/pf.unit"
	echo $(((_z - _a) / 100))
}

for p in hget hpx socks5 hello uecho ufwd relay scan syn ws; do
	if ! s=$(unit "$SOCKT" $p) || [ "$s" -le 0 ]; then
		echo "$p: skipped (it did not run here)"
		continue
	fi
	[ -n "$PERFILE" ] && sed 's/^/  /' "$W/pf.unit"
	if [ -n "$SOCKT_BASE" ]; then
		b=$(unit "$SOCKT_BASE" $p)
		echo "$p: sockt $s instructions, base $b: $(bench_ratio "$s" "$b" 3)x"
	else
		echo "$p: sockt $s instructions"
	fi
done
