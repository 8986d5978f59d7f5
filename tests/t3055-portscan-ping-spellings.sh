#!/bin/sh
# portscan takes nmap's host discovery spellings (issue 62, item 3):
# -PS[ports], -PA[ports], -PU[ports], -PE and -PP choose discovery's
# probes as nmap's replace its own (-PS and -PA to 80, -PU to 40125
# without a list).  The lab is t3053's: a namespace of our own routes
# 198.18.0.0/29 over a veth pair to a second one where it is local, and
# iptables lets each host answer one kind of probe:
#   .1 ICMP timestamp, .2 ACKs to 80, .3 ICMP echo, .4 TCP to 22 (a
#   reset), .5 UDP (port unreachable), .6 TCP to 80; .0 and .7 nothing.
# Each spelling's hosts up (-sn) against nmap -sn's with the same flags
# (as root, raw sockets), the hosts up port-scanned after discovery,
# sockt as nobody (setpriv): -PS and -PU by connected sockets, -PE by an
# ICMP datagram socket where net.ipv4.ping_group_range allows one, -PA,
# -PP and -PE without one refused in one line as -sS is.  Then shards
# (item 3 too): each runs the whole discovery (SOCKT_SHARD=i/4) and the
# union of the four's ports is the unsharded scan's.
# Needs root, unshare -n, nsenter, setpriv and iptables; skips otherwise.
# watchdog: 200
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (its veth, routes, firewall and the far namespace are ours)
. "$(dirname "$0")/lib.sh"

# the spellings, each with the hosts up it finds in the lab
SPELL='-PS|198.18.0.6
-PS22|198.18.0.4
-PS22,80|198.18.0.4 198.18.0.6
-PA|198.18.0.2 198.18.0.6
-PU|198.18.0.5
-PU53|198.18.0.5
-PE|198.18.0.3
-PP|198.18.0.1
-PE -PP|198.18.0.1 198.18.0.3
-PS22 -PU|198.18.0.4 198.18.0.5'

names() {
	printf '%s\n' "$SPELL" | while IFS='|' read -r f want; do
		echo "-sn $f: $want"
		echo "nmap -sn $f: the same hosts"
	done
	echo "-PS22 -p 1: discovery finds .4 alone and scans it"
	echo "-sS -PU -p 1: a datagram beside the raw sockets finds .5"
	echo "-sS -PE -PA: .2 .3 .6 scanned"
	echo "nobody -PS22,80: .4 .6 by connects"
	echo "nobody -PU: .5 by a connected UDP socket"
	echo "nobody -PE, ping sockets allowed: .3"
	echo "nobody -PE, ping sockets refused: one line"
	echo "nobody -PA: one line, CAP_NET_RAW"
	echo "nobody -PP: one line, CAP_NET_RAW"
	echo "-PX refused"
	echo "-PE22 refused"
	echo "-Pn -PS refused"
	echo "--proxy -PE refused"
	echo "shards: each runs host discovery, 4 up 4 down"
	echo "shards: the union of their ports is the unsharded scan's"
}
if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null || ! have iptables || ! have nsenter ||
    ! have setpriv || ! start_far 190 ||
    ! ip link add sk0 type veth peer name sk1 netns "$FAR" 2>/dev/null ||
    ! far iptables -A INPUT -d 198.18.0.1 -p icmp \
    --icmp-type timestamp-request -j ACCEPT 2>/dev/null ||
    "$SOCKT" portscan -sS -p 1 127.0.0.1 2>&1 | grep -q raw; then
	while IFS= read -r d; do
		skip "$d" "needs root, raw sockets, unshare -n, nsenter, setpriv and iptables"
	done <<-EOF
	$(names)
	EOF
	done_testing
	exit 0
fi
ip addr add 10.99.0.1/30 dev sk0
ip link set sk0 up
ip route add 198.18.0.0/24 via 10.99.0.2
far ip link set lo up
far ip addr add 10.99.0.2/30 dev sk1
far ip link set sk1 up
far ip route add local 198.18.0.0/24 dev lo
# every port unreachable sent: the kernel's limit is another test's
far sysctl -q -w net.ipv4.icmp_ratelimit=0
far iptables -A INPUT -d 198.18.0.2 -p tcp --dport 80 \
    --tcp-flags SYN,ACK,RST,FIN ACK -j ACCEPT
far iptables -A INPUT -d 198.18.0.3 -p icmp --icmp-type echo-request \
    -j ACCEPT
far iptables -A INPUT -d 198.18.0.4 -p tcp --dport 22 -j ACCEPT
far iptables -A INPUT -d 198.18.0.5 -p udp -j ACCEPT
far iptables -A INPUT -d 198.18.0.6 -p tcp --dport 80 -j ACCEPT
far iptables -A INPUT -d 198.18.0.0/24 -j DROP

ups() { printf '%s\n' "$1" | awk 'NF >= 3 { print $1 }' | sort -u | tr '\n' ' '; }
hosts_up() { printf '%s\n' "$1" | awk '$2 == "up" { print $1 }' | sort | tr '\n' ' '; }
nmap_up() {
	sed -n 's/^Host: \([0-9.]*\) .*Status: Up$/\1/p' "$1" | sort -u |
	    tr '\n' ' '
}

sysctl -q -w net.ipv4.ping_group_range="0 2147483647"
printf '%s\n' "$SPELL" >"$T/spell"
while IFS='|' read -r f want; do
	# shellcheck disable=SC2086 # the flags are words
	run 60 "$SOCKT" portscan -sn -g $f 198.18.0.0/29
	is "-sn $f: $want" "$rc $(hosts_up "$out")" "0 $want "
	if have nmap; then
		# shellcheck disable=SC2086
		timeout 100 nmap -sn -n $f -oG "$T/n" 198.18.0.0/29 \
		    >/dev/null 2>&1
		is "nmap -sn $f: the same hosts" "$(nmap_up "$T/n")" \
		    "$(hosts_up "$out")"
	else
		skip "nmap -sn $f: the same hosts" "no nmap"
	fi
done <"$T/spell"

run 60 "$SOCKT" portscan -PS22 -g -a -p 1 198.18.0.0/29
like "-PS22 -p 1: discovery finds .4 alone and scans it" \
    "$(ups "$out") $err" "198.18.0.4 *1 host up, 7 down*"
run 60 "$SOCKT" portscan -sS -PU -g -a -p 1 198.18.0.0/29
like "-sS -PU -p 1: a datagram beside the raw sockets finds .5" \
    "$(ups "$out") $err" "198.18.0.5 *1 host up, 7 down*"
run 60 "$SOCKT" portscan -sS -PE -PA -g -a -p 1 198.18.0.0/29
is "-sS -PE -PA: .2 .3 .6 scanned" "$(ups "$out")" \
    "198.18.0.2 198.18.0.3 198.18.0.6 "

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups $SOCKT"
run 60 $NOBODY portscan -sn -g -PS22,80 198.18.0.0/29
is "nobody -PS22,80: .4 .6 by connects" "$rc $(hosts_up "$out")" \
    "0 198.18.0.4 198.18.0.6 "
run 60 $NOBODY portscan -sn -g -PU 198.18.0.0/29
is "nobody -PU: .5 by a connected UDP socket" "$rc $(hosts_up "$out")" \
    "0 198.18.0.5 "
run 60 $NOBODY portscan -sn -g -PE 198.18.0.0/29
is "nobody -PE, ping sockets allowed: .3" "$rc $(hosts_up "$out")" \
    "0 198.18.0.3 "
sysctl -q -w net.ipv4.ping_group_range="1 0"
run 10 $NOBODY portscan -sn -g -PE 198.18.0.0/29
like "nobody -PE, ping sockets refused: one line" "$rc $(printf '%s\n' "$err" | wc -l) $err" \
    "1 1 *-PE: raw socket: *CAP_NET_RAW*ping_group_range*"
run 10 $NOBODY portscan -sn -g -PA 198.18.0.0/29
like "nobody -PA: one line, CAP_NET_RAW" "$rc $(printf '%s\n' "$err" | wc -l) $err" \
    "1 1 *-PA: raw socket: *CAP_NET_RAW*"
run 10 $NOBODY portscan -g -PP -p 1 198.18.0.0/29
like "nobody -PP: one line, CAP_NET_RAW" "$rc $err" \
    "1 *-PP: raw socket: *CAP_NET_RAW*"

run 10 "$SOCKT" portscan -PX 198.18.0.1
like "-PX refused" "$rc $err" "2 *-PX: not one of -PS -PA -PU*"
run 10 "$SOCKT" portscan -PE22 198.18.0.1
like "-PE22 refused" "$rc $err" "2 *-PE takes no ports*"
run 10 "$SOCKT" portscan -Pn -PS 198.18.0.1
like "-Pn -PS refused" "$rc $err" "2 *-Pn and -P exclude each other*"
run 10 "$SOCKT" portscan --proxy socks5://127.0.0.1:1 -PE 198.18.0.1
like "--proxy -PE refused" "$rc $err" "2 *-PS alone*"

# shards: discovery whole in each (-sS's: .1 .2 .3 .6 up), the ports
# of the hosts up sliced; -a lists the closed and filtered ones too
run 60 "$SOCKT" portscan -sS -g -a -p 20-23,80,443 198.18.0.0/29
printf '%s\n' "$out" | sort >"$T/whole"
: >"$T/parts"
: >"$T/errs"
# the four at once (each waits out its discovery's silent hosts): each
# scan's answers are its own (its own source port and sequence numbers)
_shp=
for i in 1 2 3 4; do
	SOCKT_SHARD=$i/4 timeout -k 2 60 "$SOCKT" portscan -sS -g -a \
	    -p 20-23,80,443 198.18.0.0/29 >"$T/shard$i.out" \
	    2>"$T/shard$i.err" &
	_shp="$_shp $!"
done
for p in $_shp; do wait "$p"; done
for i in 1 2 3 4; do
	grep . "$T/shard$i.out" >>"$T/parts"
	grep -c '4 hosts up, 4 down' "$T/shard$i.err" >>"$T/errs"
done
is "shards: each runs host discovery, 4 up 4 down" \
    "$(tr '\n' ' ' <"$T/errs")" "1 1 1 1 "
sort "$T/parts" >"$T/union"
is "shards: the union of their ports is the unsharded scan's" \
    "$(wc -l <"$T/whole") $(cmp "$T/whole" "$T/union" && echo same)" \
    "24 same"

done_testing
