#!/bin/sh
# portscan -sS (issue 54): a SYN scan over raw sockets, inside a private
# network namespace so that no raw packet leaves it.  Ports that listen,
# that are closed, that iptables drops and that it rejects (ICMP
# administratively prohibited, port unreachable) on 127.0.0.1 and ::1
# get nmap -sS's states, compared with nmap -sS itself where it runs; a
# /8 sweep into a TUN device keeps its memory flat; without
# CAP_NET_RAW the scan says so in one line and exits 1; -sS with what
# needs a connection is a usage error.  Needs root and unshare -n; skips
# otherwise.
# watchdog: 200
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (raw packets stay in a namespace of the script's own)
. "$(dirname "$0")/lib.sh"

D4=20001	# dropped
R4=20002	# rejected: administratively prohibited
U4=20003	# rejected: port unreachable (iptables' default)

names() {
	echo "127.0.0.1: every state as expected"
	echo "::1: every state as expected"
	echo "nmap -sS agrees on 127.0.0.1"
	echo "nmap -sS agrees on ::1"
	echo "a /8 -sS starts and is stopped cleanly"
	echo "a /8 -sS: RSS does not grow"
	echo "without CAP_NET_RAW: one line naming it, exit 1"
}

if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null ||
    ! have iptables || ! iptables -A INPUT -p tcp --syn --dport $D4 \
    -j DROP 2>/dev/null; then
	while IFS= read -r d; do
		skip "$d" "needs root, unshare -n and iptables"
	done <<-EOF
	$(names)
	EOF
	done_testing
	exit 0
fi
iptables -A INPUT -p tcp --syn --dport $R4 -j REJECT \
    --reject-with icmp-admin-prohibited
iptables -A INPUT -p tcp --syn --dport $U4 -j REJECT
v6=
if have_ipv6 && have ip6tables && ip6tables -A INPUT -p tcp --syn \
    --dport $D4 -j DROP 2>/dev/null; then
	ip6tables -A INPUT -p tcp --syn --dport $R4 -j REJECT \
	    --reject-with icmp6-adm-prohibited
	v6=yes
fi

server 150 "$SOCKT" listen -v -k 127.0.0.1 0 -c true || exit 1
L4=$SPORT
closedport
C=$CPORT
L6=
if [ -n "$v6" ]; then
	server 150 "$SOCKT" listen -v -k ::1 0 -c true || exit 1
	L6=$SPORT
fi
P=$L4,$C,$D4,$R4,$U4${L6:+,$L6}

# states FILE: "PORT STATE" a line, sorted, from grepable Ports: fields
states() {
	tr '\t' '\n' <"$1" | sed -n 's/^Ports: //p' | tr ',' '\n' |
	    awk -F/ 'NF > 2 { sub(/^ */, "", $1); print $1 " " $2 }' | sort
}

run 60 "$SOCKT" portscan -sS -a -n -oG - -p "$P" 127.0.0.1
printf '%s\n' "$out" >"$T/s4"
want=$(printf '%s\n' "$L4 open" "$C closed" "$D4 filtered" "$R4 filtered" \
    "$U4 filtered" ${L6:+"$L6 closed"} | sort)
is "127.0.0.1: every state as expected" "$(states "$T/s4")" "$want"

if [ -n "$v6" ]; then
	run 60 "$SOCKT" portscan -sS -a -n -oG - -p "$P" ::1
	printf '%s\n' "$out" >"$T/s6"
	# ip6tables' REJECT for U4 is not set: a reset, closed
	want6=$(printf '%s\n' "$L4 closed" "$C closed" "$D4 filtered" \
	    "$R4 filtered" "$U4 closed" "$L6 open" | sort)
	is "::1: every state as expected" "$(states "$T/s6")" "$want6"
else
	skip "::1: every state as expected" "no IPv6 loopback or ip6tables"
fi

if have nmap; then
	timeout 120 nmap -sS -n -Pn -p "$P" -oG "$T/n4" 127.0.0.1 \
	    >/dev/null 2>&1
	is "nmap -sS agrees on 127.0.0.1" "$(states "$T/s4")" \
	    "$(states "$T/n4")"
	if [ -n "$v6" ]; then
		timeout 120 nmap -6 -sS -n -Pn -p "$P" -oG "$T/n6" ::1 \
		    >/dev/null 2>&1
		is "nmap -sS agrees on ::1" "$(states "$T/s6")" \
		    "$(states "$T/n6")"
	else
		skip "nmap -sS agrees on ::1" "no IPv6 loopback"
	fi
else
	skip "nmap -sS agrees on 127.0.0.1" "no nmap"
	skip "nmap -sS agrees on ::1" "no nmap"
fi

# A /16 then a /8 into a TUN device that nobody reads: every SYN stays
# unanswered, the window full (65,536 SYNs: a /16 fills it as a /8
# does); 3 s each, then a SIGTERM
rss() {
	BGOUT=$T/rss.out BGERR=$T/rss.err bg 60 /usr/bin/time \
	    -f 'maxrss %M' -o "$2" "$SOCKT" portscan -sS -v -g -p 80 --yes "$1"
	_t=$BGPID
	wait_until 10 started "$_t"
	_s=$(children_of "$_t" | head -n 1)
	# from its -v line on, not from its fork: a SIGTERM before sockt
	# had set its handlers ended it with no word (a load of 18 here)
	wait_until 30 grep -q scanning "$T/rss.err"
	# part of the scenario: the scan runs for 3 s, then is stopped
	_end=$(($(now_ms) + 3000))
	while [ "$(now_ms)" -lt "$_end" ] && alive "$_s"; do
		sleep 0.1
	done
	alive "$_s" && kill -TERM "${_s%Z}"
	wait_status "$_t"
}
started() { [ -n "$(children_of "$1")" ] || ! alive "$1"; }
kb() { sed -n 's/^maxrss \([0-9]*\)$/\1/p' "$1"; }
if [ -x /usr/bin/time ] && ip tuntap add sk0 mode tun 2>/dev/null &&
    ip addr add 10.255.255.254/8 dev sk0 && ip link set sk0 up; then
	rss 10.0.0.0/16 "$T/rss16"
	r16=$(kb "$T/rss16")
	rss 10.0.0.0/8 "$T/rss8"
	r8=$(kb "$T/rss8")
	e8=$(cat "$T/rss.err")
	echo "# peak RSS: /16 ${r16:-?} kB, /8 ${r8:-?} kB"
	like "a /8 -sS starts and is stopped cleanly" "$rc $e8" \
	    "143 *scanning 1 TCP port on 16777216 hosts*interrupted after *"
	check "a /8 -sS: RSS does not grow (/16 ${r16:-?} kB, /8 ${r8:-?} kB)" \
	    test "${r8:-999999}" -lt "$((${r16:-0} + 8192))"
else
	skip "a /8 -sS starts and is stopped cleanly" "no TUN device"
	skip "a /8 -sS: RSS does not grow" "no TUN device"
fi

if have setpriv; then
	run 10 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKT" \
	    portscan -sS -p 1 127.0.0.1
	like "without CAP_NET_RAW: one line naming it, exit 1" \
	    "$rc $(printf '%s\n' "$err" | wc -l) $err" \
	    "1 1 sockt portscan: -sS: *CAP_NET_RAW*setcap cap_net_raw+ep*"
else
	skip "without CAP_NET_RAW: one line naming it, exit 1" "no setpriv"
fi

# what needs a connection, or names the connect scan, excludes -sS
for o in -b "--probe http" -t -sT; do
	# shellcheck disable=SC2086
	run 10 "$SOCKT" portscan -sS $o -p 1 127.0.0.1
	like "-sS $o: a usage error" "$rc $err" "2 sockt portscan: *"
done

done_testing
