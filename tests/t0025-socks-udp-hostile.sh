#!/bin/sh
# SOCKS5's UDP ASSOCIATE and BIND in sockt's server (issue 75) against a
# bare RFC 1928 client and PySocks, from other hosts: tests/hostsns.sh's
# namespace, the client at 198.18.0.9 (HOST_A) or .10, the proxy at
# 198.18.0.10 (HOST_B), its destinations the proxy host's own addresses,
# loopback and link-local (169.254.7.7, added here).  One python process
# (socks5_hostile.py) drives every case: a datagram from a third address,
# from the client's address but another port, FRAG set, headers that lie
# about their length (each dropped, nothing sent on); --allow-to,
# --deny-to and the defaults for each datagram; --deny of a client; the
# TCP connection's end closing the relay and the child; BIND's two
# replies, a peer not named turned away, bytes both ways, and its bounded
# wait; PySocks's 20 of 20 through an echo by address and by name; 10,000
# associations (1,000 but under long) from one address held to
# --max-per-peer, nothing left
# behind.  Then the access log's lines for it all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostsns.sh"
hosts_ns "$0" "$@"
TD=$(cd "$(dirname "$0")" && pwd)

CASES="assoc-reply datagram-out reply-header third-address spoofed-port frag
lying-header allow-to-passes refused-places allow-to-name
tcp-dies-relay-closes tcp-dies-child-exits deny-client allowed-client
defaults-refuse bind-loopback-refused bind-first-reply bind-other-peer
bind-second-reply bind-bytes bind-no-peer pysocks-ipv4 pysocks-name
many-bounded many-in-time many-no-leak"
names() {
	for c in $CASES; do echo "$c"; done
	echo "the log: the association's line"
	echo "the log: the drops counted"
	echo "the log: BIND's line"
	echo "the log: the refused client"
}
if [ -z "$HOSTS_NS" ]; then
	skip_all "$HOSTS_WHY"
	exit 0
fi
if ! /usr/bin/python3 -c 'import socks' 2>/dev/null; then
	skip_all "no PySocks (python3-socks)"
	exit 0
fi
ip addr add 169.254.7.7/32 dev sk0 || { fail "link-local address"; exit 1; }

server 120 "$SOCKT" listen -k -v -m 8 --max-per-peer 8 -i 3 --allow 198.18.0.0/24 \
    --allow-to 198.18.0.9/32 --allow-to 127.0.0.0/8 \
    --deny-to 127.0.0.3/32 --serve-proxy-log "$T/log1" \
    "$HOST_B" 0 --serve-proxy socks5 || { done_testing; exit 1; }
P1=$SPORT
PID1=$SPID
server 120 "$SOCKT" listen -k -v --allow 198.18.0.0/24 --deny 198.18.0.9/32 \
    --serve-proxy-log "$T/log2" "$HOST_B" 0 --serve-proxy socks5 ||
    { done_testing; exit 1; }
P2=$SPORT
LOG2=$SLOG

# 10,000 associations under long (make check LONG=yes), else 1,000: a
# child, a descriptor or a zombie left by each shows after 1,000 as
# surely, and -m 8 is held or not from the first batches of 40
NMANY=1000
! long || NMANY=10000
run 100 /usr/bin/python3 "$TD/socks5_hostile.py" "$HOST_A" "$HOST_B" \
    "$P1" "$PID1" "$P2" "$NMANY"
[ -z "$err" ] || printf '# %s\n' "$err" | head -20
printf '# %s\n' "$(echo "$out" | grep '^many')"
for c in $CASES; do
	l=$(echo "$out" | grep "^[a-z]* $c\\( \\|\$\\)" | head -1)
	is "$c" "$l" "ok $c"
done

# the record
# the hostile association: 8 datagrams (24 bytes) out to 3 places, one
# (4 bytes) back, 11 dropped (third address, spoof, FRAG, 5 lying
# headers, 3 refused places), ended by its TCP connection
l=$(grep 'method=UDP' "$T/log1" | head -1)
like "the log: the association's line" "$l" \
    "*client=198.18.0.9:* dst=198.18.0.9:* status=0 up=24 down=4 *"
like "the log: the drops counted" "$l" "*dgrams_up=8 dgrams_down=1 dsts=3 \
dropped=11 reason=\"the client's connection closed\""
l=$(grep 'method=BIND' "$T/log1" | head -1)
like "the log: BIND's line" "$l" \
    "*client=198.18.0.9:* dst=198.18.0.9:* status=0 up=11 down=13 *"
like "the log: the refused client" "$(cat "$LOG2")" \
    "*198.18.0.9 port * refused by the access list*"
done_testing
