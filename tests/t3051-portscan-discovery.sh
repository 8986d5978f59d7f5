#!/bin/sh
# portscan's host discovery (issue 54): with more than one address, the
# hosts are probed first (connects to 443 and 80, and an ICMP echo where
# net.ipv4.ping_group_range allows, which a new namespace's "1 0" does
# not; with -sS nmap's raw probes, t3053 tests each alone) and only
# those that answered have their ports scanned.  A /24 made local with
# "ip route add local" in a private namespace, iptables dropping all of
# it but one address: one host up, 255 down and not port-scanned (a
# summary line; -a lists them), the same hosts up as nmap -sT
# --unprivileged finds; with -sS an ICMP echo request too, so a host
# that drops TCP and answers a ping is up; -Pn scans them all.  Needs
# root, unshare -n and iptables; skips otherwise.
# watchdog: 120
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (its /24 and firewall are the namespace's)
. "$(dirname "$0")/lib.sh"

names() {
	echo "one host up, 255 down and not port-scanned"
	echo "the host up has its ports scanned"
	echo "-a lists the hosts down"
	echo "-sS: two hosts up (one by ping), 254 down"
	echo "-sS: the hosts up have their ports scanned"
	echo "nmap -sT --unprivileged finds the same host up"
	echo "-Pn: every host port-scanned"
}
if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null ||
    ! have iptables ||
    ! ip route add local 198.18.0.0/24 dev lo 2>/dev/null ||
    ! iptables -A INPUT -d 198.18.0.7 -j ACCEPT 2>/dev/null; then
	while IFS= read -r d; do
		skip "$d" "needs root, unshare -n and iptables"
	done <<-EOF
	$(names)
	EOF
	done_testing
	exit 0
fi
# .9 answers a ping and drops TCP: up by -sS's echo request alone
iptables -A INPUT -d 198.18.0.9 -p icmp -j ACCEPT
iptables -A INPUT -d 198.18.0.0/24 -j DROP
server 100 "$SOCKT" listen -v -k 0.0.0.0 0 -c true || exit 1
L=$SPORT

# ports PORTS: "HOST PORT STATE" of -g's lines, sorted
ports() { printf '%s\n' "$1" | awk 'NF >= 3 { print $1, $2, $3 }' | sort; }

run 60 "$SOCKT" portscan -g -a -p "$L,1" 198.18.0.0/24
like "one host up, 255 down and not port-scanned" "$rc $err" \
    "0 *1 host up, 255 down and not scanned*"
is "the host up has its ports scanned" "$(ports "$out")" \
    "$(printf '198.18.0.7 1 closed\n198.18.0.7 %s open' "$L" | sort)"
is "-a lists the hosts down" \
    "$(printf '%s\n' "$err" | grep -c ': 198\.18\.0\.[0-9]*: down$')" 255

if ! "$SOCKT" portscan -sS -p 1 127.0.0.1 2>&1 | grep -q raw; then
	run 60 "$SOCKT" portscan -sS -g -a -p "$L,1" 198.18.0.0/24
	like "-sS: two hosts up (one by ping), 254 down" "$rc $err" \
	    "0 *2 hosts up, 254 down and not scanned*"
	is "-sS: the hosts up have their ports scanned" "$(ports "$out")" \
	    "$(printf '198.18.0.7 1 closed\n198.18.0.7 %s open\n198.18.0.9 1 filtered\n198.18.0.9 %s filtered' "$L" "$L" | sort)"
else
	skip "-sS: two hosts up (one by ping), 254 down" "no raw sockets"
	skip "-sS: the hosts up have their ports scanned" "no raw sockets"
fi

if have nmap; then
	timeout 100 nmap -sT --unprivileged -n -p "$L" -oG "$T/n" \
	    198.18.0.0/24 >/dev/null 2>&1
	is "nmap -sT --unprivileged finds the same host up" \
	    "$(sed -n 's/^Host: \([0-9.]*\) .*Status: Up$/\1/p' "$T/n" |
	    sort -u)" "198.18.0.7"
else
	skip "nmap -sT --unprivileged finds the same host up" "no nmap"
fi

run 60 "$SOCKT" portscan -Pn -g -a -w 0.3 --retries 0 -p "$L" 198.18.0.0/24
is "-Pn: every host port-scanned" \
    "$(ports "$out" | awk '{ n[$3]++ } END { print n["open"], n["filtered"] }')" \
    "1 255"

done_testing
