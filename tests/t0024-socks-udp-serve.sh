#!/bin/sh
# SOCKS5's UDP ASSOCIATE and BIND in sockt's own server (issue 75), with
# sockt's clients through it: connect -u and udp-send, 20 of 20
# datagrams to a UDP echo and back; listen --proxy's BIND, a peer
# connecting in and bytes both ways; the access log's lines for each.
# (Beside dante, the same clients in t0023.)  Over IPv6: a -6 server on
# ::1, its relay on ::1 (the client's socket is from ::1), IPv6
# destinations (ATYP 4) from an IPv4 association and IPv4 ones from an
# IPv6 one, names that are ::1 alone resolved by the client and by the
# server, BIND on ::1 for any peer (0.0.0.0 from the client, :: with
# -6).  RFC 1929 credentials for each client, in the URL and in
# --proxy-user: connect -u, udp-send, portscan -sU, listen's BIND.  As
# root it runs in a network and mount namespace of its own, whose
# /etc/hosts makes v6.sockt.test ::1 (no name is ::1 alone everywhere).
if [ -z "${T0024_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n -m true 2>/dev/null; then
	T0024_NS=1 exec unshare -n -m sh "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

V6=
if [ -n "${T0024_NS:-}" ] && ip link set lo up &&
    { cat /etc/hosts; echo "::1 v6.sockt.test"; } >"$T/hosts" &&
    mount --bind "$T/hosts" /etc/hosts; then
	V6=v6.sockt.test
fi

server 90 "$SOCKT" listen -k -v --serve-proxy socks5 127.0.0.1 0 ||
    { done_testing; exit 1; }
P=$SPORT
PLOG=$SLOG
server 90 "$SOCKT" listen -6 -k -v --serve-proxy socks5 ::1 0 ||
    { done_testing; exit 1; }
P6=$SPORT
PLOG6=$SLOG
server 90 "$SOCKT" listen -k -v --serve-proxy socks5 \
    --serve-proxy-auth alice:s3cret 127.0.0.1 0 || { done_testing; exit 1; }
PA=$SPORT
PLOGA=$SLOG
server 90 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 || { done_testing; exit 1; }
EP=$SPORT
ELOG=$SLOG
server 90 "$SOCKT" udp-serve -v --echo ::1 0 || { done_testing; exit 1; }
E6=$SPORT

i=1
while [ $i -le 20 ]; do echo "datagram $i"; i=$((i + 1)); done >"$T/in20"
printf 'one\ntwo\nthree\n' >"$T/in3"
IN3=$(cat "$T/in3")

run 30 "$SOCKT" connect -u --lines -q 1 --proxy "socks5://127.0.0.1:$P" \
    127.0.0.1 "$EP" <"$T/in20"
is "connect -u through sockt's server: 20 of 20 echoed" "$rc $out" \
    "0 $(cat "$T/in20")"
check "the echo heard the proxy's relay, 20 datagrams" \
    [ "$(grep -c 'datagram from 127.0.0.1 port' "$ELOG")" -ge 20 ]

run 30 "$SOCKT" connect -u --lines -q 1 --proxy "socks5h://127.0.0.1:$P" \
    localhost "$EP" <"$T/in20"
is "socks5h://: the server resolves the name, 20 of 20" "$rc $out" \
    "0 $(cat "$T/in20")"

set -- $(i=1; while [ $i -le 20 ]; do echo "m$i"; i=$((i + 1)); done)
run 30 "$SOCKT" udp-send --proxy "socks5://127.0.0.1:$P" 127.0.0.1 "$EP" "$@"
is "udp-send through sockt's server: 20 of 20 replies" \
    "$rc $(echo "$out" | tr '\n' ' ')" "0 $* "

# the record: a line for an association, UDP its method
wait_until 10 grep -q "UDP" "$PLOG"
like "the access log has the association's line" "$(cat "$PLOG")" "*UDP*"

echo "from the listener" >"$T/lin"
echo "from the peer" >"$T/pin"
# bind NAME PEERHOST LISTEN-ARGS...: listen --proxy's BIND, a peer
# connecting from PEERHOST to the address it said, bytes both ways
bind() {
	_n=$1 _h=$2
	shift 2
	SIN=$T/lin SOUT=$T/lout server 30 "$SOCKT" listen -v "$@" ||
	    return 1
	_l=$SPID
	run 20 "$SOCKT" connect "$_h" "$SPORT" <"$T/pin"
	wait_status "$_l"
	is "$_n: the peer and the listener get each other's bytes" \
	    "$out $rc $(cat "$T/lout")" "from the listener 0 from the peer"
}
bind "BIND through sockt's server" 127.0.0.1 \
    --proxy "socks5://127.0.0.1:$P" 0

# --- IPv6
run 30 "$SOCKT" connect -v -u --lines -q 1 --proxy "socks5://[::1]:$P6" \
    ::1 "$E6" <"$T/in3"
is "IPv6: connect -u to ::1 through [::1]: 3 of 3" "$rc $out" "0 $IN3"
like "... its socket from ::1: the relay is on ::1" "$err" \
    "*(udp, from ::1 port *) through proxy ::1 port $P6*"
run 30 "$SOCKT" udp-send --proxy "socks5://[::1]:$P6" ::1 "$E6" a b
is "IPv6: udp-send to ::1 through [::1]" "$rc $(echo $out)" "0 a b"
run 30 "$SOCKT" udp-send --proxy "socks5://127.0.0.1:$P" ::1 "$E6" a b
is "an IPv4 association, an IPv6 destination (ATYP 4)" "$rc $(echo $out)" \
    "0 a b"
run 30 "$SOCKT" udp-send --proxy "socks5://[::1]:$P6" 127.0.0.1 "$EP" c
is "an IPv6 association, an IPv4 destination" "$rc $out" "0 c"
if [ -n "$V6" ]; then
	run 30 "$SOCKT" udp-send --proxy "socks5h://[::1]:$P6" "$V6" \
	    "$E6" a b
	is "a name that is ::1, resolved by the -6 server" \
	    "$rc $(echo $out)" "0 a b"
	run 30 "$SOCKT" udp-send --proxy "socks5://[::1]:$P6" "$V6" \
	    "$E6" a b
	is "... resolved by the client, sent as ::1" "$rc $(echo $out)" \
	    "0 a b"
	run 30 "$SOCKT" udp-send --proxy "socks5h://127.0.0.1:$P" "$V6" \
	    "$E6" d
	is "... resolved by an IPv4 server, from udp-send" "$rc $out" "0 d"
else
	for d in "a name that is ::1, resolved by the -6 server" \
	    "... resolved by the client, sent as ::1" \
	    "... resolved by an IPv4 server, from udp-send"; do
		skip "$d" "needs root and unshare -n -m for /etc/hosts"
	done
fi
bind "IPv6: BIND for any peer (0.0.0.0) at a -6 server" ::1 \
    --proxy "socks5://[::1]:$P6" 0
bind "IPv6: listen -6's BIND for any peer (::)" ::1 -6 \
    --proxy "socks5://[::1]:$P6" 0
wait_until 10 grep -q 'method=BIND.*dst=\[::1\]' "$PLOG6"
# a name's association has the name, the client's the address it sent
want='*client=\[::1\] user=- method=UDP dst=\[::1\]*'
[ -z "$V6" ] ||
    want=$want'method=UDP dst=v6.sockt.test*method=UDP dst=\[::1\]*'
like "the -6 server's record: UDP from and to ::1, BIND from ::1" \
    "$(grep -o 'client=[^ ]* user=- method=[A-Z]* dst=[^ ]*' "$PLOG6" |
    sed 's/:[0-9]* / /g; s/:[0-9]*$//')" "${want}method=BIND dst=\[::1\]*"

# --- RFC 1929 credentials, each client, the URL's and --proxy-user's
run 30 "$SOCKT" connect -u --lines -q 1 \
    --proxy "socks5://alice:s3cret@127.0.0.1:$PA" 127.0.0.1 "$EP" <"$T/in3"
is "credentials in the URL: connect -u" "$rc $out" "0 $IN3"
run 30 "$SOCKT" connect -u --lines -q 1 --proxy "socks5://127.0.0.1:$PA" \
    --proxy-user alice:s3cret 127.0.0.1 "$EP" <"$T/in3"
is "--proxy-user: connect -u" "$rc $out" "0 $IN3"
run 30 "$SOCKT" udp-send --proxy "socks5h://alice:s3cret@127.0.0.1:$PA" \
    localhost "$EP" e
is "credentials in the URL: udp-send" "$rc $out" "0 e"
run 30 "$SOCKT" udp-send --proxy "socks5://127.0.0.1:$PA" \
    --proxy-user alice:s3cret 127.0.0.1 "$EP" f
is "--proxy-user: udp-send" "$rc $out" "0 f"
run 30 "$SOCKT" portscan -g -Pn -sU -w 1 --retries 0 \
    --proxy "socks5://alice:s3cret@127.0.0.1:$PA" -p "$EP" 127.0.0.1
like "credentials in the URL: portscan -sU, the echo open" "$rc $out" \
    "0 *$EP/udp open*"
bind "--proxy-user: listen's BIND" 127.0.0.1 --proxy \
    "socks5://127.0.0.1:$PA" --proxy-user alice:s3cret 0
run 20 "$SOCKT" udp-send --proxy "socks5://alice:wrong@127.0.0.1:$PA" \
    127.0.0.1 "$EP" g
like "a wrong password: refused, exit 1" "$rc $err" \
    "1 sockt udp-send: proxy 127.0.0.1 port $PA: authentication refused*"
run 20 "$SOCKT" listen --proxy "socks5://127.0.0.1:$PA" 0 </dev/null
like "none: listen's BIND refused, exit 1" "$rc $err" \
    "1 sockt listen: proxy 127.0.0.1 port $PA: *"
wait_until 10 grep -q 'user=alice method=BIND' "$PLOGA"
is "the record: alice's associations and BIND" \
    "$(grep -c 'user=alice method=UDP .*status=0' "$PLOGA") \
$(grep -c 'user=alice method=BIND .*status=0' "$PLOGA")" "5 1"

done_testing
