#!/bin/sh
# SOCKS5's other two commands in sockt's clients (issue 75): connect -u
# and udp-send through UDP ASSOCIATE, listen --proxy as a BIND, against
# dante-server on loopback (started and ended here, by PID) with a UDP
# echo (udp-serve --echo) behind it; the proxy's refusals, its control
# connection dying mid-session, and an authentication refused
# (fake_proxy.py).  RFC 1929 against dante's username method, each
# client: a user of the test's own, in a passwd and shadow bound over the
# system's in a network and mount namespace of its own (as root).
if [ -z "${T0023_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n -m true 2>/dev/null; then
	T0023_NS=1 exec unshare -n -m sh "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
[ -z "${T0023_NS:-}" ] || ip link set lo up

D=$(cd "$(dirname "$0")" && pwd)
. "$D/proxies.sh"

if ! have danted || ! have python3; then
	skip "SOCKS5 UDP and BIND through dante" "dante-server or python3 missing"
	done_testing
	exit
fi

UDP='command: connect bind bindreply udpassociate udpreply'
dante "$UDP" || { fail "dante did not start"; done_testing; exit 1; }
P=$DP

server 90 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 || { done_testing; exit 1; }
EP=$SPORT
ELOG=$SLOG

i=1
while [ $i -le 20 ]; do echo "datagram $i"; i=$((i + 1)); done >"$T/in20"

# --- connect -u: 20 of 20 datagrams there and back, by address and by name
run 30 "$SOCKT" connect -v -u --lines -q 3 --proxy "socks5://127.0.0.1:$P" \
    127.0.0.1 "$EP" <"$T/in20"
is "connect -u --proxy socks5://: 20 of 20 echoed" "$rc $out" \
    "0 $(cat "$T/in20")"
like "-v names the proxy" "$err" \
    "*connected to 127.0.0.1 port $EP (udp, from * port *) through proxy 127.0.0.1 port $P*"
# the echo heard the relay, never our own socket
from=$(grep -c "datagram from 127.0.0.1 port" "$ELOG")
check "the echo server heard 20 datagrams" [ "$from" -ge 20 ]

run 30 "$SOCKT" connect -u --lines -q 3 --proxy "socks5h://127.0.0.1:$P" \
    localhost "$EP" <"$T/in20"
is "connect -u --proxy socks5h:// localhost: the proxy resolves, 20 of 20" \
    "$rc $out" "0 $(cat "$T/in20")"

run 20 "$SOCKT" connect -zv -u --proxy "socks5://127.0.0.1:$P" 127.0.0.1 "$EP"
like "connect -zu through the proxy: open, it answered" "$rc $err" \
    "0 *127.0.0.1 port $EP: open, it answered*"

# --- udp-send: 20 operands, 20 replies; stdin's lines the same
set -- $(i=1; while [ $i -le 20 ]; do echo "m$i"; i=$((i + 1)); done)
run 30 "$SOCKT" udp-send --proxy "socks5://127.0.0.1:$P" 127.0.0.1 "$EP" "$@"
is "udp-send --proxy: 20 of 20 replies" "$rc $(echo "$out" | tr '\n' ' ')" \
    "0 $* "
run 30 "$SOCKT" udp-send -v --proxy "socks5h://127.0.0.1:$P" localhost "$EP" \
    <"$T/in20"
is "udp-send --proxy socks5h:// from stdin: 20 of 20" "$rc $out" \
    "0 $(cat "$T/in20")"

# --- listen --proxy: a BIND, the peer connecting in, bytes both ways
echo "from the listener" >"$T/lin"
echo "from the peer" >"$T/pin"
SIN=$T/lin SOUT=$T/lout server 30 "$SOCKT" listen -v \
    --proxy "socks5://127.0.0.1:$P" 0 || { done_testing; exit 1; }
LPID=$SPID
LLOG=$SLOG
run 20 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/pin"
is "a peer connecting to the port BIND named gets the listener's bytes" \
    "$rc $out" "0 from the listener"
wait_status "$LPID"
is "... and the listener the peer's, on stdout" "$rc $(cat "$T/lout")" \
    "0 from the peer"
like "listen -v says the peer the second reply names" "$(cat "$LLOG")" \
    "*connection from 127.0.0.1 port *"

# --- the proxy refuses the command
dante 'command: connect' || { fail "dante did not start"; done_testing; exit 1; }
run 20 "$SOCKT" connect -u --proxy "socks5://127.0.0.1:$DP" 127.0.0.1 "$EP" \
    </dev/null
like "UDP ASSOCIATE refused: exit 1, the proxy's words" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $DP: SOCKS5 UDP ASSOCIATE: *(SOCKS5 reply *)"
run 20 "$SOCKT" udp-send --proxy "socks5://127.0.0.1:$DP" 127.0.0.1 "$EP" x
like "udp-send: the same" "$rc $err" \
    "1 sockt udp-send: proxy 127.0.0.1 port $DP: SOCKS5 UDP ASSOCIATE: *(SOCKS5 reply *)"
run 20 "$SOCKT" listen --proxy "socks5://127.0.0.1:$DP" 0 </dev/null
like "BIND refused: exit 1, the proxy's words" "$rc $err" \
    "1 sockt listen: proxy 127.0.0.1 port $DP: SOCKS5 BIND: *(SOCKS5 reply *)"
run 20 "$SOCKT" connect -u --proxy "http://127.0.0.1:$DP" 127.0.0.1 "$EP" \
    </dev/null
like "an HTTP proxy carries no datagrams" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $DP: only SOCKS5 carries*"

# --- the control connection dies mid-session: the session ends, said
dante "$UDP" || { fail "dante did not start"; done_testing; exit 1; }
mkfifo "$T/hold" && exec 7<>"$T/hold"
echo "before" >&7
BGIN=$T/hold BGOUT=$T/cout BGERR=$T/cerr bg 30 "$SOCKT" connect -u \
    --proxy "socks5://127.0.0.1:$DP" 127.0.0.1 "$EP"
CPID=$BGPID
wait_until 10 sh -c '[ -s "$1" ]' sh "$T/cout"
# dante's children each serve a session: end them, as the proxy dying
for c in $(children_of "$DPID"); do
	case $(ps -o args= -p "$c" 2>/dev/null) in
	*io-child*) kill "$c" ;;
	esac
done
wait_gone "$CPID" 10
wait_status "$CPID"
like "the proxy's end ends the association: exit 1, said" \
    "$rc $(cat "$T/cout") $(cat "$T/cerr")" \
    "1 before *127.0.0.1 port $EP: proxy 127.0.0.1 port $DP: control connection: closed: the UDP association is over"
exec 7>&-

# --- authentication refused, and no proxy at all
fake s5-auth-refuse
run 20 "$SOCKT" connect -u --proxy "socks5://u:p@127.0.0.1:$FP" 127.0.0.1 \
    "$EP" </dev/null
like "credentials refused: exit 1" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: authentication refused*"
closedport
run 20 "$SOCKT" udp-send --proxy "socks5://127.0.0.1:$CPORT" 127.0.0.1 \
    "$EP" x
like "no proxy listening: exit 1" "$rc $err" \
    "1 sockt udp-send: proxy 127.0.0.1 port $CPORT: $(errtext ECONNREFUSED)*"

# --- dante's username method: the URL's credentials and --proxy-user's
U=sockt5
if [ -n "${T0023_NS:-}" ] && have openssl &&
    h=$(openssl passwd -6 -salt sockt s3cret) &&
    { cat /etc/passwd; echo "$U:x:64999:64999::/nonexistent:/bin/false"; } \
    >"$T/passwd" && { cat /etc/shadow; echo "$U:$h:19000:0:99999:7:::"; } \
    >"$T/shadow" && mount --bind "$T/passwd" /etc/passwd &&
    mount --bind "$T/shadow" /etc/shadow; then
	dante "$UDP" username ||
	    { fail "dante did not start"; done_testing; exit 1; }
	run 30 "$SOCKT" connect -u --lines -q 1 \
	    --proxy "socks5://$U:s3cret@127.0.0.1:$DP" 127.0.0.1 "$EP" \
	    <"$T/in20"
	is "dante username: connect -u, the URL's credentials" "$rc $out" \
	    "0 $(cat "$T/in20")"
	run 30 "$SOCKT" udp-send --proxy "socks5h://127.0.0.1:$DP" \
	    --proxy-user "$U:s3cret" localhost "$EP" a b
	is "... udp-send --proxy-user" "$rc $(echo $out)" "0 a b"
	run 30 "$SOCKT" portscan -g -Pn -sU -w 1 --retries 0 \
	    --proxy "socks5://$U:s3cret@127.0.0.1:$DP" -p "$EP" 127.0.0.1
	like "... portscan -sU, the echo open" "$rc $out" "0 *$EP/udp open*"
	SIN=$T/lin SOUT=$T/lout server 30 "$SOCKT" listen -v --proxy \
	    "socks5://127.0.0.1:$DP" --proxy-user "$U:s3cret" 0 &&
	    LPID=$SPID &&
	    run 20 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/pin" &&
	    wait_status "$LPID"
	is "... listen's BIND with --proxy-user: bytes both ways" \
	    "$out $rc $(cat "$T/lout")" "from the listener 0 from the peer"
	run 20 "$SOCKT" connect -u --proxy "socks5://$U:wrong@127.0.0.1:$DP" \
	    127.0.0.1 "$EP" </dev/null
	like "... a wrong password refused: exit 1" "$rc $err" \
	    "1 sockt connect: proxy 127.0.0.1 port $DP: authentication refused*"
else
	for d in "dante username: connect -u, the URL's credentials" \
	    "... udp-send --proxy-user" "... portscan -sU, the echo open" \
	    "... listen's BIND with --proxy-user: bytes both ways" \
	    "... a wrong password refused: exit 1"; do
		skip "$d" "needs root, unshare -n -m and openssl"
	done
fi

done_testing
