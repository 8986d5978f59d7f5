#!/bin/sh
# SOCKS5's UDP ASSOCIATE and BIND in sockt's own server (issue 75), with
# sockt's clients through it: connect -u and udp-send, 20 of 20
# datagrams to a UDP echo and back; listen --proxy's BIND, a peer
# connecting in and bytes both ways; the access log's lines for each.
# (Beside dante, the same clients in t0023.)
. "$(dirname "$0")/lib.sh"

server 90 "$SOCKT" listen -k -v --serve-proxy socks5 127.0.0.1 0 ||
    { done_testing; exit 1; }
P=$SPORT
PLOG=$SLOG
server 90 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 || { done_testing; exit 1; }
EP=$SPORT
ELOG=$SLOG

i=1
while [ $i -le 20 ]; do echo "datagram $i"; i=$((i + 1)); done >"$T/in20"

run 30 "$SOCKT" connect -u --lines -q 3 --proxy "socks5://127.0.0.1:$P" \
    127.0.0.1 "$EP" <"$T/in20"
is "connect -u through sockt's server: 20 of 20 echoed" "$rc $out" \
    "0 $(cat "$T/in20")"
check "the echo heard the proxy's relay, 20 datagrams" \
    [ "$(grep -c 'datagram from 127.0.0.1 port' "$ELOG")" -ge 20 ]

run 30 "$SOCKT" connect -u --lines -q 3 --proxy "socks5h://127.0.0.1:$P" \
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
SIN=$T/lin SOUT=$T/lout server 30 "$SOCKT" listen -v \
    --proxy "socks5://127.0.0.1:$P" 0 || { done_testing; exit 1; }
LPID=$SPID
run 20 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/pin"
is "BIND through sockt's server: the peer gets the listener's bytes" \
    "$rc $out" "0 from the listener"
wait_status "$LPID"
is "... and the listener the peer's" "$rc $(cat "$T/lout")" "0 from the peer"

done_testing
