#!/bin/sh
# portscan's host discovery probes (issue 54), each alone: a namespace of
# our own routes 198.18.0.0/24 over a veth pair to a second one, where
# the /24 is local and iptables lets each host answer one kind of probe
# and drops the rest (nothing is local to the scanner, so nmap as root
# probes them as it would a real network):
#   .1 ICMP timestamp requests only, .2 ACKs to port 80 only (the reset
#   back), .3 ICMP echo requests only, .4 all of TCP; .0, .5-.7 nothing.
# -sS's discovery (nmap's ICMP echo, SYN to 443, ACK to 80 and timestamp,
# with a SYN to 80) finds .1 to .4 up, as nmap -sn as root does there.
# Unprivileged (sockt as nobody), with net.ipv4.ping_group_range
# admitting every group, the echo through an ICMP datagram socket finds
# .3 beside the connects' .4; with the range closed ("1 0") the connects
# alone find .4.  The same for IPv6 on addresses local to our namespace
# (an ACK's reset and an ICMPv6 echo; IPv6 has no timestamp request).
# Needs root, unshare -n, nsenter, setpriv and iptables; skips otherwise.
# watchdog: 150
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (its veth, routes, firewall and the far namespace are ours)
. "$(dirname "$0")/lib.sh"

names() {
	echo "-sS: .1 to .4 up, 4 down"
	echo "-sS: a host answering ICMP timestamp alone is up"
	echo "-sS: a host answering an ACK to 80 alone (a reset) is up"
	echo "-sS: the hosts up have their ports scanned"
	echo "nmap -sn as root finds the same hosts up"
	echo "IPv6 -sS: an ACK's reset, an echo reply and TCP find ::1 to ::3"
	echo "IPv6 unprivileged: ::2 by ICMPv6 echo, ::3 by connect"
	echo "unprivileged, ping sockets allowed: .3 by echo, .4 by connect"
	echo "unprivileged, ping sockets refused: the connects alone, .4"
	echo "unprivileged, ping sockets refused: -v says so"
	echo "unprivileged: nobody has no raw socket (-sS says so)"
	echo "--up -sS: discovery's probes find .1 to .4, 4 down"
	echo "--up -sS -oX: why each host is up, as nmap words it"
	echo "--up -sS -oX: valid against nmap.dtd, no ports (as nmap -sn)"
	echo "nmap -sn --reason as root: the same hosts, the same reasons"
	echo "--up -sS IPv6: ::1 to ::3 up"
	echo "--up unprivileged, ping sockets allowed: .3 by echo, .4 by connect"
	echo "--up unprivileged, ping sockets refused: .4 alone, -v says so"
	echo "--up -p: those ports alone (nmap -PS): .4"
}
if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null || ! have iptables || ! have nsenter ||
    ! have setpriv || ! start_far 140 ||
    ! ip link add sk0 type veth peer name sk1 netns "$FAR" 2>/dev/null ||
    ! far iptables -A INPUT -d 198.18.0.1 -p icmp \
    --icmp-type timestamp-request -j ACCEPT 2>/dev/null; then
	while IFS= read -r d; do
		skip "$d" "needs root, unshare -n, nsenter, setpriv and iptables"
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
far iptables -A INPUT -d 198.18.0.2 -p tcp --dport 80 \
    --tcp-flags SYN,ACK,RST,FIN ACK -j ACCEPT
far iptables -A INPUT -d 198.18.0.3 -p icmp --icmp-type echo-request \
    -j ACCEPT
far iptables -A INPUT -d 198.18.0.4 -p tcp -j ACCEPT
far iptables -A INPUT -d 198.18.0.0/24 -j DROP

# IPv6, local to this namespace: fd00::1 answers ACKs to 80 alone (its
# reset comes back to fd00::1), ::2 ICMPv6 alone, ::3 all of TCP
v6=
if have ip6tables && ip -6 route add local fd00::/125 dev lo 2>/dev/null &&
    ip6tables -A INPUT -d fd00::1 -p tcp --dport 80 \
    --tcp-flags SYN,ACK,RST,FIN ACK -j ACCEPT 2>/dev/null; then
	v6=1
	ip6tables -A INPUT -d fd00::1 -p tcp --sport 80 \
	    --tcp-flags SYN,ACK,RST RST -j ACCEPT
	ip6tables -A INPUT -d fd00::2 -p icmpv6 -j ACCEPT
	ip6tables -A INPUT -d fd00::3 -p tcp -j ACCEPT
	ip6tables -A INPUT -d fd00::/125 -j DROP
fi

# ups: the hosts -g -a listed (the hosts up: only they are port-scanned;
# port 1 is open on none, so the status is 1)
ups() { printf '%s\n' "$1" | awk 'NF >= 3 { print $1 }' | sort -u | tr '\n' ' '; }
# hosts_up: the hosts --up -g called up
hosts_up() { printf '%s\n' "$1" | awk '$2 == "up" { print $1 }' | sort | tr '\n' ' '; }
# xml_reasons FILE: "address reason" of each host up in an -oX file
xml_reasons() {
	python3 -c '
import sys, xml.etree.ElementTree as E
for h in E.parse(sys.argv[1]).getroot().iter("host"):
    s = h.find("status")
    if s.get("state") == "up":
        print(h.find("address").get("addr"), s.get("reason"))
' "$1" | sort
}

if ! "$SOCKT" portscan -sS -p 1 127.0.0.1 2>&1 | grep -q raw; then
	run 60 "$SOCKT" portscan -sS -g -a -p 1 198.18.0.0/29
	like "-sS: .1 to .4 up, 4 down" "$rc $err" \
	    "? *4 hosts up, 4 down and not scanned*"
	up=$(ups "$out")
	like "-sS: a host answering ICMP timestamp alone is up" "$up" \
	    "*198.18.0.1 *"
	like "-sS: a host answering an ACK to 80 alone (a reset) is up" \
	    "$up" "*198.18.0.2 *"
	is "-sS: the hosts up have their ports scanned" "$up" \
	    "198.18.0.1 198.18.0.2 198.18.0.3 198.18.0.4 "
	if have nmap; then
		timeout 100 nmap -sn -n -oG "$T/n" 198.18.0.0/29 \
		    >/dev/null 2>&1
		is "nmap -sn as root finds the same hosts up" \
		    "$(sed -n 's/^Host: \([0-9.]*\) .*Status: Up$/\1/p' \
		    "$T/n" | sort -u | tr '\n' ' ')" "$up"
	else
		skip "nmap -sn as root finds the same hosts up" "no nmap"
	fi
	if [ -n "$v6" ]; then
		run 60 "$SOCKT" portscan -sS -g -a -p 1 fd00::/125
		is "IPv6 -sS: an ACK's reset, an echo reply and TCP find ::1 to ::3" \
		    "$(ups "$out")" "fd00::1 fd00::2 fd00::3 "
	else
		skip "IPv6 -sS: an ACK's reset, an echo reply and TCP find ::1 to ::3" \
		    "no ip6tables or IPv6"
	fi
	# --up alone: the same probes; -oX says why each host is up
	run 60 "$SOCKT" portscan -sS --up -a -g -oX "$T/u.xml" 198.18.0.0/29
	is "--up -sS: discovery's probes find .1 to .4, 4 down" \
	    "$rc $(hosts_up "$out")" \
	    "0 198.18.0.1 198.18.0.2 198.18.0.3 198.18.0.4 "
	is "--up -sS -oX: why each host is up, as nmap words it" \
	    "$(xml_reasons "$T/u.xml")" "198.18.0.1 timestamp-reply
198.18.0.2 reset
198.18.0.3 echo-reply
198.18.0.4 reset"
	if have xmllint && [ -r /usr/share/nmap/nmap.dtd ]; then
		sed 's/scanner="sockt"/scanner="nmap"/' "$T/u.xml" >"$T/v.xml"
		run 30 xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd \
		    "$T/v.xml"
		is "--up -sS -oX: valid against nmap.dtd, no ports (as nmap -sn)" \
		    "$rc $err $(grep -c '<ports\|<scaninfo' "$T/u.xml")" "0  0"
	else
		skip "--up -sS -oX: valid against nmap.dtd, no ports (as nmap -sn)" \
		    "no xmllint or nmap.dtd"
	fi
	if have nmap; then
		timeout 100 nmap -sn -n --reason -oX "$T/n.xml" \
		    198.18.0.0/29 >/dev/null 2>&1
		is "nmap -sn --reason as root: the same hosts, the same reasons" \
		    "$(xml_reasons "$T/n.xml")" "$(xml_reasons "$T/u.xml")"
	else
		skip "nmap -sn --reason as root: the same hosts, the same reasons" \
		    "no nmap"
	fi
	if [ -n "$v6" ]; then
		run 60 "$SOCKT" portscan -sS --up -g fd00::/125
		is "--up -sS IPv6: ::1 to ::3 up" "$(hosts_up "$out")" \
		    "fd00::1 fd00::2 fd00::3 "
	else
		skip "--up -sS IPv6: ::1 to ::3 up" "no ip6tables or IPv6"
	fi
else
	for d in "IPv6 -sS: an ACK's reset, an echo reply and TCP find ::1 to ::3" \
	    "-sS: .1 to .4 up, 4 down" \
	    "-sS: a host answering ICMP timestamp alone is up" \
	    "-sS: a host answering an ACK to 80 alone (a reset) is up" \
	    "-sS: the hosts up have their ports scanned" \
	    "nmap -sn as root finds the same hosts up" \
	    "--up -sS: discovery's probes find .1 to .4, 4 down" \
	    "--up -sS -oX: why each host is up, as nmap words it" \
	    "--up -sS -oX: valid against nmap.dtd, no ports (as nmap -sn)" \
	    "nmap -sn --reason as root: the same hosts, the same reasons" \
	    "--up -sS IPv6: ::1 to ::3 up"; do
		skip "$d" "no raw sockets"
	done
fi

# nobody, with no capability: ping sockets where the range admits it
sysctl -q -w net.ipv4.ping_group_range="0 2147483647"
run 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKT" portscan -g -a -p 1 198.18.0.0/29
is "unprivileged, ping sockets allowed: .3 by echo, .4 by connect" \
    "$rc $(ups "$out")" "1 198.18.0.3 198.18.0.4 "
if [ -n "$v6" ]; then
	run 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKT" portscan -g -a -p 1 fd00::/125
	is "IPv6 unprivileged: ::2 by ICMPv6 echo, ::3 by connect" \
	    "$(ups "$out")" "fd00::2 fd00::3 "
else
	skip "IPv6 unprivileged: ::2 by ICMPv6 echo, ::3 by connect" \
	    "no ip6tables or IPv6"
fi
sysctl -q -w net.ipv4.ping_group_range="1 0"
run 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKT" portscan -v -g -a -p 1 198.18.0.0/29
is "unprivileged, ping sockets refused: the connects alone, .4" \
    "$rc $(ups "$out")" "1 198.18.0.4 "
like "unprivileged, ping sockets refused: -v says so" "$err" \
    "*host discovery: connects to 443 and 80 (no ICMP datagram socket*"
# --up unprivileged: the same probes as discovery's
sysctl -q -w net.ipv4.ping_group_range="0 2147483647"
run 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKT" portscan --up -g 198.18.0.0/29
is "--up unprivileged, ping sockets allowed: .3 by echo, .4 by connect" \
    "$rc $(hosts_up "$out")" "0 198.18.0.3 198.18.0.4 "
sysctl -q -w net.ipv4.ping_group_range="1 0"
run 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKT" portscan --up -v -g 198.18.0.0/29
like "--up unprivileged, ping sockets refused: .4 alone, -v says so" \
    "$rc $(hosts_up "$out") $err" "0 198.18.0.4 *host discovery of 8 hosts: connects to 443 and 80 (no ICMP datagram socket*"
# -p: those ports alone, as nmap's -PS list replaces its probes
run 60 "$SOCKT" portscan --up -g -p 22 198.18.0.0/29
is "--up -p: those ports alone (nmap -PS): .4" "$rc $(hosts_up "$out")" \
    "0 198.18.0.4 "
run 10 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKT" portscan -sS -p 1 127.0.0.1
like "unprivileged: nobody has no raw socket (-sS says so)" "$rc $err" \
    "1 *CAP_NET_RAW*"

done_testing
