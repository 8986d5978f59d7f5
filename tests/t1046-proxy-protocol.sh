#!/bin/sh
# haproxy's PROXY protocol, v1 and v2.  Every connection is to 127.0.0.1,
# ::1 or a UNIX socket: the documentation addresses (203.0.113.x,
# 198.51.100.x) are only words inside the headers made by hand, never a
# packet's address.  Sent (--proxy-protocol): judged
# by nginx's "listen ... proxy_protocol", which reads the client back to
# us ($proxy_protocol_addr, _port, _server_addr, _server_port): IPv4,
# IPv6, a dual-stack listener's IPv4-mapped client sent as IPv4, a UNIX
# listener (v1 UNKNOWN, v2 AF_UNIX), --to-unix, --to-tls (the header
# before the handshake, nginx's "listen ... ssl proxy_protocol"), and a
# chain sockt -> sockt -> nginx that passes the first client on; --to
# ws:// sends it before the upgrade.  Accepted (--accept-proxy-protocol):
# curl --haproxy-protocol, and headers made by hand (IPv4, IPv6, LOCAL,
# UNKNOWN, TLVs, split over several writes the server has taken one by
# one), the client's data after the header intact; the header's client
# is the program's SOCKT_PEER_ADDR and SOCKT_LOCAL_ADDR, -v's, and what
# --allow, --deny and --max-per-peer judge, in -k, the relay mode, a
# program without -k, --tls, --chat and --serve-proxy.  A connection
# without a valid header (garbage, a lone LF, a long line, a bad v2,
# cut short, none in time) is closed with one line, never reaches the
# program, and the server goes on.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/pki.sh"

D=$(cd "$(dirname "$0")" && pwd)
U="try 'sockt help listen'"

# --- the command line
run 5 "$SOCKT" listen -k 127.0.0.1 0 --to 127.0.0.1:9 --proxy-protocol v3
like "--proxy-protocol v3: usage error" "$rc $err" \
    "2 sockt listen: --proxy-protocol v3: v1 or v2*$U*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --proxy-protocol v1
like "--proxy-protocol without --to: usage error" "$rc $err" \
    "2 sockt listen: --proxy-protocol needs --to or --to-unix*"
run 5 "$SOCKT" listen 127.0.0.1 0 --chat --proxy-protocol v2
like "--proxy-protocol with --chat: usage error" "$rc $err" \
    "2 sockt listen: --proxy-protocol goes with --to or --to-unix*"
run 5 "$SOCKT" listen --help
like "--help names both options" "$out" \
    "*--accept-proxy-protocol*--proxy-protocol v1|v2*"

if ! have python3; then
	skip "the PROXY protocol" "python3 missing"
	done_testing
	exit
fi
# pp ARG...: "run 10 python3 pp_client.py ARG...", the 42 runs in one
# python3 (lib.sh's pyrun: a start each was 6 s of CPU)
pp() { pyrun 10 "$D/pp_client.py" "$@"; }

# the last "ADDR PORT ..." a program said, for the logs
wait_log() { wait_until 5 grep -q "$2" "$1"; }

# ------------------------------------------------------------ accepted
PROG='echo "$SOCKT_PEER_ADDR $SOCKT_PEER_PORT $SOCKT_LOCAL_ADDR $SOCKT_LOCAL_PORT"; cat'
: >"$T/ran"
server 200 "$SOCKT" listen -k -v --accept-proxy-protocol 127.0.0.1 0 \
    -c "echo ran >>$T/ran; $PROG" || exit 1
A=$SPORT ALOG=$SLOG APID=$SPID

pp "$A" "v1('TCP4', '203.0.113.7', '198.51.100.1', 5555, 443)+b'hello'"
is "v1 TCP4: the header's client and destination, data after it intact" \
    "$out" "203.0.113.7 5555 198.51.100.1 443
hello"
pp "$A" "v2(0x21, 0x11, ip4('203.0.113.7', 5556, '198.51.100.1', 80))+b'x\\r\\n\\r\\n\\0y'"
out=$(od -An -c "$T/out" | tr -s ' ')
is "v2 TCP4: the header's client, the data after it byte for byte" "$out" \
    "$(printf '203.0.113.7 5556 198.51.100.1 80\nx\r\n\r\n\0y' | od -An -c | tr -s ' ')"
pp "$A" "v1('TCP6', '2001:db8::7', '::1', 1, 65535)+b'six'"
is "v1 TCP6" "$out" "2001:db8::7 1 ::1 65535
six"
pp "$A" "v2(0x21, 0x21, ip6('2001:db8::7', 7, '2001:db8::1', 8))+b'six'"
is "v2 TCP6" "$out" "2001:db8::7 7 2001:db8::1 8
six"
pp "$A" "v2(0x21, 0x11, ip4('203.0.113.9', 9, '127.0.0.1', 9)+tlv(2, b'example.com')+tlv(4, b'')+tlv(0xe0, b'\\x01\\x02'))+b'tlv'"
is "v2 with TLVs: skipped" "$out" "203.0.113.9 9 127.0.0.1 9
tlv"
pp "$A" "v2(0x20, 0x00, b'')+b'local'"
like "v2 LOCAL: the connection's own addresses" "$out" \
    "127.0.0.1 [0-9]* 127.0.0.1 $A
local"
pp "$A" "v2(0x20, 0x11, ip4('203.0.113.7', 1, '203.0.113.8', 2))+b'local'"
like "v2 LOCAL with addresses: ignored, as the spec says" "$out" \
    "127.0.0.1 [0-9]* 127.0.0.1 $A
local"
pp "$A" "b'PROXY UNKNOWN ffff::1 ffff::2 1 2\\r\\nunk'"
like "v1 UNKNOWN: the connection's own addresses" "$out" \
    "127.0.0.1 [0-9]* 127.0.0.1 $A
unk"
pp "$A" "v2(0x21, 0x31, bytes(216))+b'unix'"
like "v2 AF_UNIX: the connection's own addresses" "$out" \
    "127.0.0.1 [0-9]* 127.0.0.1 $A
unix"
pp "$A" "b'\\r\\n\\r\\n\\0'" "b'\\r\\nQUIT\\n\\x21\\x11\\0\\x0c'" \
    "ip4('203.0.113.10', 10, '127.0.0.1', 1)" "b'split'"
is "v2 in three writes, each taken before the next: read whole" "$out" \
    "203.0.113.10 10 127.0.0.1 1
split"
pp "$A" "b'PROXY TCP4 203.0.113.11 127.0.0.1 11 1\\r'" "b'\\nsplit'"
is "v1 split between its CR and LF: read whole, no byte more" "$out" \
    "203.0.113.11 11 127.0.0.1 1
split"
pp "$A" "b'PRO'" "b'XY TCP4 203.0.113.12 127.0.0.1 12 1\\r\\n'" \
    "b'late data'"
is "v1 in pieces, the data later" "$out" "203.0.113.12 12 127.0.0.1 1
late data"
wait_log "$ALOG" "203.0.113.12 port 12 closed"
like "-v names the connection, what its header said, and its client" \
    "$(cat "$ALOG")" \
    "*connection from 127.0.0.1 port *: PROXY header v1 TCP4 from 203.0.113.7 port 5555
*connection from 203.0.113.7 port 5555
*connection from 203.0.113.7 port 5555 closed*"
like "-v: LOCAL keeps the connection's address" "$(cat "$ALOG")" \
    "*PROXY header v2 LOCAL (its own address kept)*"

# curl as the sender (its answer is HTTP/0.9: the program's line)
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol 127.0.0.1 0 \
    -c 'echo "$SOCKT_PEER_ADDR $SOCKT_PEER_PORT $SOCKT_LOCAL_PORT"' || exit 1
run 10 curl -s --http0.9 --haproxy-protocol -o "$T/curl.out" \
    -w '%{local_port}' "http://127.0.0.1:$SPORT/x"
like "curl --haproxy-protocol: its own address and port are the peer" \
    "$(head -n 1 "$T/curl.out")" "127.0.0.1 $out $SPORT"
if curl --help all 2>/dev/null | grep -q -- --haproxy-clientip; then
	run 10 curl -s --http0.9 --haproxy-protocol --haproxy-clientip \
	    203.0.113.77 -o "$T/curl.out" "http://127.0.0.1:$SPORT/x"
	like "curl --haproxy-clientip 203.0.113.77: the peer it names" \
	    "$(head -n 1 "$T/curl.out")" "203.0.113.77 * $SPORT"
else
	skip "curl --haproxy-clientip" "curl $(curl --version | sed -n \
	    '1s/^curl \([^ ]*\).*/\1/p') lacks it"
fi
kill "$SPID"

# malformed: one line each, the program never runs, the server goes on
: >"$T/ran"
n0=$(grep -c "no valid PROXY header" "$ALOG")
pp "$A" "b'GET / HTTP/1.0\\r\\n\\r\\n'"
is "garbage: reset, nothing from the program" "$out" "RESET"
pp "$A" "b'PROXY UNKNOWN\\n'"
is "v1 with a lone LF: reset" "$out" "RESET"
pp "$A" "b'PROXY UNKNOWN ' + b'x' * 100 + b'\\r\\n'"
is "v1 over 107 bytes: reset" "$out" "RESET"
pp "$A" "b'PROXY TCP4 203.0.113.7 127.0.0.1 05 1\\r\\n'"
is "v1 port with a leading zero: reset" "$out" "RESET"
pp "$A" "v2(0x11, 0x11, ip4('203.0.113.7', 1, '127.0.0.1', 1))"
is "v2 version 1: reset" "$out" "RESET"
pp "$A" "v2(0x21, 0x11, ip4('203.0.113.7', 1, '127.0.0.1', 1)[:11])"
is "v2 address block too short: reset" "$out" "RESET"
pp "$A" "v2(0x21, 0x11, ip4('203.0.113.7', 1, '127.0.0.1', 1)+b'\\x04\\x00\\x09ab')"
is "v2 TLV past the header: reset" "$out" "RESET"
pp "$A" "b'PROXY TCP4 203.0.1'"
is "cut short by the client's close: reset" "$out" "RESET"
# (counted at each poll: an argument of wait_until is read once)
said() { [ "$(grep -c "no valid PROXY header" "$ALOG")" -ge "$1" ]; }
wait_until 5 said $((n0 + 8))
like "each says why, in one line naming the connection" "$(cat "$ALOG")" \
    "*connection from 127.0.0.1 port *: no valid PROXY header: not a PROXY header
*connection from 127.0.0.1 port *: no valid PROXY header: v1 line with an LF alone
*connection from 127.0.0.1 port *: no valid PROXY header: v1 line without CRLF in 107 bytes
*connection from 127.0.0.1 port *: no valid PROXY header: v1 source port \"05\" is not a port
*connection from 127.0.0.1 port *: no valid PROXY header: v2 header of version 1
*connection from 127.0.0.1 port *: no valid PROXY header: v2 address block of 11 bytes, TCP4 needs 12
*connection from 127.0.0.1 port *: no valid PROXY header: v2 TLV type 0x04 of 9 bytes runs past the header
*connection from 127.0.0.1 port *: no valid PROXY header: closed 18 bytes into it*"
# as every other server message (issue 49): "connection from ..." first
is "every refusal starts as the server's other messages do" \
    "$(grep "no valid PROXY header" "$ALOG" | grep -vc ': connection from ')" 0
is "one line per bad connection" \
    "$(grep -c "no valid PROXY header" "$ALOG")" "$((n0 + 8))"
# and the man page shows that line as the server prints it
lf=": no valid PROXY header: v1 line with an LF alone"
is "sockt-listen.1 shows a refusal as it is printed" \
    "$(sed -n "s/^\.Dl \(sockt listen: .*$lf\)\$/\1/p" \
    "$(dirname "$0")/../man/sockt-listen.1" | sed 's/port [0-9]*/port N/')" \
    "$(grep "$lf" "$ALOG" | sed 's/port [0-9]*/port N/')"
is "the program ran for none of them" "$(cat "$T/ran")" ""
pp "$A" "v1('TCP4', '203.0.113.7', '127.0.0.1', 4, 4)+b'next'"
is "the next valid connection is served" "$out" "203.0.113.7 4 127.0.0.1 4
next"
kill "$APID"

# the time limit: 3 s, or -i if shorter (t1051: a longer -i does not count)
server 60 "$SOCKT" listen -k -v -i 1 --accept-proxy-protocol 127.0.0.1 0 \
    -c 'echo "$SOCKT_PEER_ADDR"' || exit 1
# (the time from the connect to the reset, pp_client's -T)
pp -T -o "$SPORT" "b'PROXY TCP4 '"
el=${err##*elapsed } el=${el%% ms}
is "a header cut short and held: reset once -i 1 has passed" "$out" "RESET"
within 900 4000 "$el" && pass "... within 0.9 to 4 s ($el ms)" ||
    fail "the header's time limit" "$el ms"
wait_log "$SLOG" "no valid PROXY header"
like "... and says so" "$(cat "$SLOG")" \
    "*127.0.0.1 port *: no valid PROXY header: cut short within 1 s*"
kill "$SPID"

# --allow and --deny judge the header's client, not the proxy's address
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol --deny 203.0.113.0/24 \
    127.0.0.1 0 -c 'echo "$SOCKT_PEER_ADDR"' || exit 1
pp "$SPORT" "v1('TCP4', '203.0.113.7', '127.0.0.1', 1, 1)"
is "--deny 203.0.113.0/24 refuses the client a header names" "$out" ""
pp "$SPORT" "v1('TCP4', '198.51.100.7', '127.0.0.1', 1, 1)"
is "... and serves another" "$out" "198.51.100.7"
pp "$SPORT" "v2(0x20, 0, b'')"
is "... and LOCAL, judged by the real address" "$out" "127.0.0.1"
wait_log "$SLOG" "203.0.113.7 port 1 refused"
like "-v: the refusal names the header's client" "$(cat "$SLOG")" \
    "*connection from 203.0.113.7 port 1 refused by the access list*"
kill "$SPID"
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol --allow 198.51.100.0/24 \
    127.0.0.1 0 -c 'echo "$SOCKT_PEER_ADDR"' || exit 1
pp "$SPORT" "v2(0x21, 0x11, ip4('198.51.100.8', 1, '127.0.0.1', 1))"
is "--allow 198.51.100.0/24: the header's client in, the proxy 127.0.0.1 not on it" \
    "$out" "198.51.100.8"
pp "$SPORT" "v2(0x21, 0x11, ip4('203.0.113.8', 1, '127.0.0.1', 1))"
is "... one outside it refused" "$out" ""
kill "$SPID"

# --max-per-peer counts the header's clients: all come from 127.0.0.1
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol --max-per-peer 1 \
    127.0.0.1 0 -c 'echo "$SOCKT_PEER_ADDR"; cat' || exit 1
MP=$SPORT MLOG=$SLOG
mkfifo "$T/hold"
# (held open by sockt connect: a python3 start is 0.1 s of CPU)
BGIN=$T/hold BGOUT=$T/held bg 30 "$SOCKT" connect 127.0.0.1 "$MP"
exec 7>"$T/hold"
printf 'PROXY TCP4 203.0.113.7 127.0.0.1 1 1\r\n' >&7
HPID=$BGPID
wait_until 5 grep -q 203.0.113.7 "$T/held"
pp "$MP" "v1('TCP4', '203.0.113.7', '127.0.0.1', 2, 1)"
is "--max-per-peer 1: a second connection of 203.0.113.7 reset" "$out" "RESET"
pp "$MP" "v1('TCP4', '198.51.100.7', '127.0.0.1', 3, 1)"
is "... one of 198.51.100.7 at the same time served" "$out" "198.51.100.7"
wait_log "$MLOG" "already"
like "-v: the refusal names the header's client and its count" \
    "$(cat "$MLOG")" \
    "*connection from 203.0.113.7 port 2 refused: 1 connections from this address already*"
kill "$HPID" 2>/dev/null
exec 7>&-
wait_log "$MLOG" "203.0.113.7 port 1 closed"
pp "$MP" "v1('TCP4', '203.0.113.7', '127.0.0.1', 4, 1)"
is "... and once the first has gone, served again" "$out" "203.0.113.7"
kill "$SPID"

# the relay mode: one connection to stdout; a bad one is not it
SOUT=$T/relay.out server 30 "$SOCKT" listen -v --accept-proxy-protocol \
    127.0.0.1 0 || exit 1
RPID=$SPID RLOG=$SLOG
pp "$SPORT" "b'SSH-2.0-x\\r\\n'"
is "relay mode: a connection without a header reset" "$out" "RESET"
pp "$SPORT" "v1('TCP4', '203.0.113.20', '127.0.0.1', 20, 1)+b'to stdout'"
wait_status "$RPID"
is "relay mode: the next one is relayed, the header not in the data" \
    "$rc $(cat "$T/relay.out")" "0 to stdout"
like "relay mode: -v names the header's client" "$(cat "$RLOG")" \
    "*no valid PROXY header: not a PROXY header*connection from 203.0.113.20 port 20*"

# a program without -k: served once, its status ours
server 30 "$SOCKT" listen -v --accept-proxy-protocol 127.0.0.1 0 \
    -c 'echo "$SOCKT_PEER_ADDR"; exit 3' || exit 1
OPID=$SPID
pp "$SPORT" "b'\\x16\\x03\\x01'"
is "-c without -k: a bad header is not the one connection" "$out" "RESET"
alive "$OPID" && pass "... and listen still waits" ||
    fail "-c without -k ended on a bad header"
pp "$SPORT" "v1('TCP6', '2001:db8::5', '::1', 5, 1)"
is "-c without -k: the next one names its client" "$out" "2001:db8::5"
wait_status "$OPID"
is "... and the program's status is listen's" "$rc" 3

# -e with -k and no -i: the program on the connection itself
server 30 "$SOCKT" listen -v -k --accept-proxy-protocol 127.0.0.1 0 \
    -e sh -c 'echo "$SOCKT_PEER_ADDR $TCPREMOTEIP"; exec cat' || exit 1
pp "$SPORT" "v1('TCP4', '203.0.113.30', '127.0.0.1', 30, 1)+b'half'"
is "-e: the program sees the header's client, and the client's EOF" "$out" \
    "203.0.113.30 203.0.113.30
half"
kill "$SPID"

# --chat: one loop, the header a step in it
server 30 "$SOCKT" listen -v --chat --accept-proxy-protocol --deny \
    198.51.100.66 127.0.0.1 0 || exit 1
CLOG=$SLOG
pp "$SPORT" "b'PROXY TCP4 '"
is "--chat: a header cut short reset" "$out" "RESET"
pp "$SPORT" "v1('TCP4', '198.51.100.66', '127.0.0.1', 1, 1)"
is "--chat: --deny judges the header's client" "$out" ""
pp "$SPORT" "v2(0x21, 0x11, ip4('203.0.113.40', 40, '127.0.0.1', 1))+b'hi\\n'"
like "--chat: the room names the header's client" "$out" \
    "<announce> 203.0.113.40 is connected as <user1>.*"
like "--chat: -v too, and the bad header in one line" "$(cat "$CLOG")" \
    "*no valid PROXY header: closed 11 bytes into it*refused by the access list*connection from 203.0.113.40 port 40 as <user1>*"
kill "$SPID"

# ----------------------------------------------------------- --tls
if pki_usable; then
	server 30 "$SOCKT" listen -v -k --tls --accept-proxy-protocol 127.0.0.1 0 \
	    -c 'echo "$SOCKT_PEER_ADDR $SOCKT_PEER_PORT"' || exit 1
	pp -t "$SPORT" "v1('TCP4', '203.0.113.50', '127.0.0.1', 50, 1)" \
	    "b'x'"
	is "--tls: the header before the handshake, its client the peer" \
	    "$out" "203.0.113.50 50"
	kill "$SPID"
else
	skip "--tls with --accept-proxy-protocol" "no libssl.so.3"
fi

# --------------------------------------------------- --serve-proxy
server 30 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'echo origin' || exit 1
OR=$SPORT
# the header's client is another host: --allow and --allow-to admit it
server 30 "$SOCKT" listen -k -v --accept-proxy-protocol --serve-proxy http \
    --allow 203.0.113.0/24 --allow-to 127.0.0.1 127.0.0.1 0 || exit 1
pp "$SPORT" "v1('TCP4', '203.0.113.60', '127.0.0.1', 60, 1)+b'CONNECT 127.0.0.1:$OR HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n'"
like "--serve-proxy: the request after the header" "$out" \
    "HTTP/1.1 200*origin*"
wait_log "$SLOG" "to 127.0.0.1 port $OR"
like "--serve-proxy: -v names the header's client" "$(cat "$SLOG")" \
    "*connection from 203.0.113.60 port 60 to 127.0.0.1 port $OR*"
kill "$SPID"

# ------------------------------------------------------------- sent
# a capture of the first bytes a forwarder sends: the header, exactly,
# up to the client's "END" or the end of an HTTP request's head, in hex
# on stdout and as it came in cap.raw
cat >"$T/cap.py" <<'PY'
import socket, sys
raw = sys.argv[1]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
sys.stderr.write("cap: listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
while True:
    c, _ = s.accept()
    c.settimeout(5)
    data = b""
    try:
        while not data.endswith(b"END") and not data.endswith(b"\r\n\r\n"):
            b = c.recv(4096)
            if not b:
                break
            data += b
    except OSError:
        pass
    with open(raw, "wb") as f:
        f.write(data)
    sys.stdout.buffer.write(data.hex().encode() + b"\n")
    sys.stdout.flush()
    c.close()
PY
SOUT=$T/cap.out server 120 python3 "$T/cap.py" "$T/cap.raw" || exit 1
CAP=$SPORT
server 60 "$SOCKT" listen -v -k 127.0.0.1 0 --to "127.0.0.1:$CAP" \
    --proxy-protocol v2 || exit 1
pp -o "$SPORT" "b'END'"
hdr=$(tail -n 1 "$T/cap.out")
# the signature \r\n\r\n\0\r\nQUIT\n, 0x21 (v2 PROXY), 0x11 (TCP4), 12
# bytes, 127.0.0.1 twice, the client's port, ours, then "END"
like "v2 sent: the signature, PROXY over TCP4, 12 bytes, 127.0.0.1 twice" \
    "$hdr" "0d0a0d0a000d0a515549540a2111000c7f0000017f000001????$(printf %04x "$SPORT")454e44"
kill "$SPID"

if have_ipv6; then
	server 60 "$SOCKT" listen -v -k ::1 0 --to "127.0.0.1:$CAP" \
	    --proxy-protocol v1 || exit 1
	pp -6 -o "$SPORT" "b'END'"
	like "v1 sent from an IPv6 client: TCP6 ::1" "$(cat "$T/cap.raw")" \
	    "$(printf 'PROXY TCP6 ::1 ::1 * %s\r\nEND' "$SPORT")"
	kill "$SPID"
else
	skip "IPv6 clients" "no ::1"
fi
# the WebSocket handshake's SHA-1 is OpenSSL's (lib.sh's tls_loadable)
if tls_loadable; then
	server 60 "$SOCKT" listen -v -k 127.0.0.1 0 --to "ws://127.0.0.1:$CAP/" \
	    --proxy-protocol v1 || exit 1
	pp -o "$SPORT" "b'x'"
	like "--to ws://: the header first, then the upgrade request" \
	    "$(cat "$T/cap.raw")" \
	    "$(printf 'PROXY TCP4 127.0.0.1 127.0.0.1 * %s\r\nGET / HTTP/1.1\r\n*Upgrade: websocket*' "$SPORT")"
	kill "$SPID"
else
	skip "--to ws://: the header first, then the upgrade request" \
	    "no libssl.so.3: the handshake's SHA-1 is OpenSSL's"
fi

if ! pki_usable || ! have nginx || ! have curl || ! pki_make good; then
	skip "nginx as the judge" "no nginx, curl or openssl"
	done_testing
	exit
fi
mkdir -p "$T/www"
NGSOCK=$T/ng.sock
NGLISTEN=' proxy_protocol'
NGCONF_PLAIN="listen unix:$NGSOCK proxy_protocol;
return 200 '\$proxy_protocol_addr \$proxy_protocol_port \$proxy_protocol_server_addr \$proxy_protocol_server_port\n';"
NGCONF_TLS="return 200 'tls \$proxy_protocol_addr \$proxy_protocol_port \$proxy_protocol_server_port\n';"
if ! nginx_tls_start "$T/www" "" good; then
	skip "nginx as the judge" "nginx did not start"
	done_testing
	exit
fi

# ask CLIENT... through the forwarder on PORT: nginx's answer in $ng,
# curl's own port in $cp
ng_get() {
	_host=$1 _port=$2
	shift 2
	run 10 curl -s -g -w ' %{local_port}' "$@" "http://$_host:$_port/"
	cp=${out##* }
	ng=$(printf '%s' "${out% *}")
}

for v in v1 v2; do
	server 60 "$SOCKT" listen -v -k 127.0.0.1 0 --to "127.0.0.1:$NGPORT" \
	    --proxy-protocol $v || exit 1
	ng_get 127.0.0.1 "$SPORT"
	is "nginx reads our $v header: the client and what it reached" \
	    "$ng" "127.0.0.1 $cp 127.0.0.1 $SPORT"
	kill "$SPID"
	if have_ipv6; then
		server 60 "$SOCKT" listen -v -k ::1 0 --to "127.0.0.1:$NGPORT" \
		    --proxy-protocol $v || exit 1
		ng_get '[::1]' "$SPORT"
		is "nginx reads our $v header: an IPv6 client over IPv4" \
		    "$ng" "::1 $cp ::1 $SPORT"
		kill "$SPID"
	fi
	server 60 "$SOCKT" listen -v -k ::ffff:127.0.0.1 0 \
	    --to "127.0.0.1:$NGPORT" --proxy-protocol $v || exit 1
	ng_get 127.0.0.1 "$SPORT"
	is "$v: a dual-stack socket's IPv4-mapped client goes as IPv4" \
	    "$ng" "127.0.0.1 $cp 127.0.0.1 $SPORT"
	kill "$SPID"
	server 60 "$SOCKT" listen -v -k 127.0.0.1 0 --to "127.0.0.1:$NGTLS_good" \
	    --to-tls --to-cacert "$P/ca.pem" --proxy-protocol $v || exit 1
	ng_get 127.0.0.1 "$SPORT"
	is "$v with --to-tls: the header before the handshake (nginx ssl proxy_protocol)" \
	    "$ng" "tls 127.0.0.1 $cp $SPORT"
	kill "$SPID"
	server 60 "$SOCKT" listen -v -k 127.0.0.1 0 --to-unix "$NGSOCK" \
	    --proxy-protocol $v || exit 1
	ng_get 127.0.0.1 "$SPORT"
	is "$v to nginx over --to-unix" "$ng" "127.0.0.1 $cp 127.0.0.1 $SPORT"
	kill "$SPID"
	server 60 "$SOCKT" listen -v -k -U "$T/u$v.sock" --to "127.0.0.1:$NGPORT" \
	    --proxy-protocol $v || exit 1
	run 10 curl -s --unix-socket "$T/u$v.sock" "http://x/"
	is "$v from a UNIX listener: nginx takes it (no client address)" \
	    "$rc $out" "0    "
	kill "$SPID"
done

# a chain: curl -> sockt (v2) -> sockt (accepts, sends v1) -> nginx
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol 127.0.0.1 0 \
    --to "127.0.0.1:$NGPORT" --proxy-protocol v1 || exit 1
B=$SPORT BLOG=$SLOG
server 60 "$SOCKT" listen -v -k 127.0.0.1 0 --to "127.0.0.1:$B" \
    --proxy-protocol v2 || exit 1
ng_get 127.0.0.1 "$SPORT"
is "sockt -> sockt -> nginx: the first client and what it reached" "$ng" \
    "127.0.0.1 $cp 127.0.0.1 $SPORT"
like "the middle one's -v names the first client" "$(cat "$BLOG")" \
    "*PROXY header v2 TCP4 from 127.0.0.1 port $cp*"
kill "$SPID"
pp "$B" "v1('TCP6', '2001:db8::9', '2001:db8::1', 999, 443)+b'GET / HTTP/1.0\\r\\n\\r\\n'"
like "a chain passes a header's IPv6 client on" "$out" \
    "*2001:db8::9 999 2001:db8::1 443*"

done_testing
