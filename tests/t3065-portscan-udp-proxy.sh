#!/bin/sh
# portscan -sU --proxy (issue 75): UDP ports scanned through SOCKS5 UDP
# ASSOCIATE, sockt's own `listen --serve-proxy socks5` and dante's
# danted: an echo open, a bound silent port and a port with nothing on it
# open|filtered (no ICMP crosses a proxy: never closed), a port that
# answers twice open and no other port taken for open by it, a port
# whose answer comes from another port open|filtered and that other port
# too; socks5h://; -sU -sV naming a DNS server behind the proxy, not a
# port whose answer comes from another; HTTP's proxy a usage error; a
# proxy refusing
# UDP ASSOCIATE exit 1 naming it; the association's control connection
# dying mid-scan ends the scan with its words.  As root it runs in a
# network namespace of its own, as t3060 does.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own
. "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")" && pwd)
. "$D/proxies.sh"
[ "${SK_T3_NS:-}" = 1 ] && ip link set lo up 2>/dev/null

if ! have python3; then
	skip "portscan -sU --proxy" "needs python3 for a UDP peer"
	done_testing
	exit 0
fi

server 90 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 || { done_testing; exit 1; }
E=$SPORT
# one python: TW answers twice, OT answers from QU's port, QU never, DN
# answers version.bind CH TXT as dnsmasq 2.89 (svc_peer.py's udns)
server 90 python3 -c '
import select, socket, struct, sys
ss = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for i in range(4)]
for s in ss:
    s.bind(("127.0.0.1", 0))
tw, ot, qu, dn = ss
sys.stderr.write("listening on 127.0.0.1 port %d %d %d %d\n" %
    tuple(s.getsockname()[1] for s in ss))
sys.stderr.flush()
q = b"\x07version\x04bind\x00\x00\x10\x00\x03"
txt = b"dnsmasq-2.89"
ans = (b"\xc0\x0c\x00\x10\x00\x03\x00\x00\x00\x00" +
       struct.pack(">H", len(txt) + 1) + bytes([len(txt)]) + txt)
while True:
    for s in select.select(ss, [], [])[0]:
        d, a = s.recvfrom(2048)
        if s is tw:
            tw.sendto(b"one", a)
            tw.sendto(b"two", a)
        elif s is ot:
            qu.sendto(b"from another port", a)
        elif s is dn and d[12:12 + len(q)] == q:
            dn.sendto(d[:2] + b"\x84\x00\x00\x01\x00\x01\x00\x00\x00\x00" +
                      q + ans, a)
' || { done_testing; exit 1; }
set -- $SPORT
TW=$1 OT=$2 QU=$3 DN=$4
closedport -u
N=$CPORT
PORTS=$E,$TW,$OT,$QU,$N

# states PROXYURL LABEL: the five ports through it, against the truth
states() {
	run 60 "$SOCKT" portscan -g -a -Pn -sU -w 1 --retries 1 -v \
	    --proxy "$1" -p "$PORTS" 127.0.0.1
	got=$(printf '%s\n' "$out" | awk '{ sub("/udp", "", $2); print $2 "=" $3 }' | sort -n |
	    tr '\n' ' ')
	want=$(printf '%s\n' "$E=open" "$TW=open" "$OT=open|filtered" \
	    "$QU=open|filtered" "$N=open|filtered" | sort -n | tr '\n' ' ')
	[ "$rc" = 0 ] || printf '# %s\n' "$err"
	is "$2: open where an answer names the port, else open|filtered" \
	    "$rc $got" "0 $want"
	like "$2: -v says no port is seen closed" "$err" \
	    "*, UDP with no ICMP through the proxy: never closed*"
}

# sv PROXYURL LABEL: -sU -sV through it names the DNS server; OT's
# answer, from QU's port, names nothing and opens nothing
sv() {
	run 60 "$SOCKT" portscan -g -a -Pn -sU -sV -w 1 --retries 1 \
	    --proxy "$1" -p "$DN,$OT" 127.0.0.1
	got=$(printf '%s\n' "$out" | awk '{ sub("/udp", "", $2)
	    print $2 "=" $3 "=" $4 "=" $5 }' | sort -n | tr '\n' ' ')
	want=$(printf '%s\n' "$DN=open=domain=dnsmasq\\x202.89" \
	    "$OT=open|filtered=unknown=" | sort -n | tr '\n' ' ')
	[ "$rc" = 0 ] || printf '# %s\n' "$err"
	is "$2: -sU -sV names the DNS server behind it, OT's stranger not" \
	    "$rc $got" "0 $want"
}

server 90 "$SOCKT" listen -k -v --serve-proxy socks5 127.0.0.1 0 ||
    { done_testing; exit 1; }
SP=$SPORT
states "socks5://127.0.0.1:$SP" "sockt's SOCKS5"
states "socks5h://127.0.0.1:$SP" "sockt's SOCKS5, socks5h://"
check "the proxy relayed the probes" grep -q "method=UDP" "$SLOG"
sv "socks5://127.0.0.1:$SP" "sockt's SOCKS5"

# usage errors
run 10 "$SOCKT" portscan -sU --proxy "http://127.0.0.1:$SP" -p "$E" 127.0.0.1
like "an HTTP proxy carries no UDP: exit 2" \
    "$rc $(printf '%s\n' "$err" | head -n 1)" \
    "2 sockt portscan: --proxy: only SOCKS5 carries UDP (-u)"

if have danted; then
	dante 'command: connect bind bindreply udpassociate udpreply' ||
	    fail "dante did not start"
	states "socks5://127.0.0.1:$DP" "dante"
	sv "socks5://127.0.0.1:$DP" "dante"
	dante 'command: connect' || fail "dante did not start"
	run 20 "$SOCKT" portscan -Pn -sU --proxy "socks5://127.0.0.1:$DP" \
	    -p "$E" 127.0.0.1
	like "UDP ASSOCIATE refused: exit 1, the proxy's reply named" \
	    "$rc $err" "1 sockt portscan: proxy 127.0.0.1 port $DP: SOCKS5 UDP ASSOCIATE: *(SOCKS5 reply *)"
else
	skip "dante's relay" "dante-server missing"
fi

# the control connection dies mid-scan: the scan stops, saying so
server 90 "$SOCKT" listen -k -v --serve-proxy socks5 127.0.0.1 0 ||
    { done_testing; exit 1; }
KPID=$SPID KLOG=$SLOG KP=$SPORT
BGOUT=$T/kout BGERR=$T/kerr bg 60 "$SOCKT" portscan -g -Pn -sU -w 5 \
    --proxy "socks5://127.0.0.1:$KP" -p 1-3000 127.0.0.1
SCPID=$BGPID
wait_until 10 grep -q "connection from" "$KLOG"
kill "$KPID"
wait_status "$SCPID"
like "the association's end ends the scan: exit 1, its words" \
    "$rc $(cat "$T/kout") $(cat "$T/kerr")" \
    "1 *sockt portscan: proxy 127.0.0.1 port $KP: *"
done_testing
