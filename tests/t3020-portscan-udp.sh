#!/bin/sh
# portscan -u: UDP states against python peers (tests/udp_peer.py): a
# peer that answers is open, nothing is closed, a silent peer and dropped
# datagrams are open|filtered, an ICMP admin-prohibited reject is
# filtered; the DNS, NTP and SNMP requests reach 53, 123 and 161 (peers
# that answer nothing else); TCP and UDP in one run, labelled in every
# format; JSON Lines parse; nmap -sU agrees port by port.  As root it runs
# in a private network namespace (unshare -n) where it can bind 53, 123
# and 161 and add iptables rules; the checks that need that skip otherwise.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"
PEER="$(cd "$(dirname "$0")" && pwd)/udp_peer.py"
isolated=
if [ "${SK_T3_NS:-}" = 1 ]; then
	ip link set lo up 2>/dev/null && isolated=1
fi
if ! have python3; then
	skip "portscan -u" "needs python3 for the UDP peers"
	done_testing
	exit 0
fi

# peer MODE [ADDR [PORT]]: start a UDP peer; its port in $SPORT, its log
# of datagrams received in $SOUT_LOG
peer() {
	_n=$((${_n:-0} + 1))
	SOUT_LOG=$T/peer$_n.out
	SOUT=$SOUT_LOG server 60 python3 "$PEER" "$1" "${2:-127.0.0.1}" \
	    "${3:-0}"
}

# state_of PORT/PROTO: its state in -g output ($out)
state_of() {
	printf '%s\n' "$out" | awk -v p="$1" '$2 == p { print $3 }'
}

# a port nobody listens on: a UDP peer's, once it is gone
peer silent || fail "peer"
CLOSED=$SPORT
kill "$SPID"
wait "$SPID" 2>/dev/null

peer echo || fail "echo peer"
ECHO=$SPORT
peer silent || fail "silent peer"
SILENT=$SPORT

### the three states of plain loopback
run 30 "$SOCKT" portscan -u -g -a -w 0.5 --retries 1 \
    -p "$ECHO,$SILENT,$CLOSED" 127.0.0.1
is "-u: exit 0 when a port is open" "$rc" 0
is "-u: a peer that answers is open" "$(state_of "$ECHO/udp")" open
is "-u: a silent peer is open|filtered" "$(state_of "$SILENT/udp")" \
    "open|filtered"
is "-u: nothing listening is closed" "$(state_of "$CLOSED/udp")" closed
is "-u: one line per port" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3
bad=$(printf '%s\n' "$out" | awk 'NF != 4 || $1 != "127.0.0.1" ||
    $2 !~ /^[0-9]+\/udp$/')
[ -z "$out" ] && bad="no output"

is "-u -g lines are HOST PORT/udp STATE SERVICE" "$bad" ""
like "the silent peer got a datagram (and its retry)" \
    "$(cat "$SOUT_LOG")" "0 *0 *"

### the defaults: open|filtered shown, closed not; the summary counts all
run 30 "$SOCKT" portscan -u -w 0.5 --retries 0 \
    -p "$ECHO,$SILENT,$CLOSED" 127.0.0.1
like "table: header" "$out" "HOST*PORT*STATE*SERVICE*"
like "table: open row" "$out" "*127.0.0.1*$ECHO/udp*open *"
like "table: open|filtered row" "$out" "*127.0.0.1*$SILENT/udp*open|filtered*"
case $out in
*"$CLOSED/udp"*) got=shown ;;
*"$ECHO/udp"*) got=hidden ;;
*) got="no table" ;;
esac
is "table: closed hidden without -a" "$got" hidden
like "table: summary" "$(printf '%s\n' "$out" | tail -n 1)" \
    "1 open, 1 closed, 0 filtered, 1 open|filtered in *.* s"
run 30 "$SOCKT" portscan --udp -g -w 0.5 --retries 0 -p "$SILENT,$CLOSED" \
    127.0.0.1
is "--udp, nothing open: exit 1" "$rc" 1
is "--udp is -u" "$(state_of "$SILENT/udp")" "open|filtered"

### -b shows the reply
run 30 "$SOCKT" portscan -u -b -g -p "$ECHO" 127.0.0.1
is "-b: the reply as the banner" "$out" "127.0.0.1 $ECHO/udp open - pong:"

### retries: silence waits -w per try, then open|filtered.  --retries is
### the most: where nothing is lost (loopback) one retry is all a silent
### port gets; a scan of one port has seen no loss either
n0=$(wc -l <"$SOUT_LOG")
timed 30 "$SOCKT" portscan -u -g -w 0.4 --retries 2 -p "$SILENT,$ECHO" \
    127.0.0.1
is "two tries of silence: open|filtered" "$(state_of "$SILENT/udp")" \
    "open|filtered"
is "--retries 2 on a clean path: one retry, two datagrams" \
    "$(($(wc -l <"$SOUT_LOG") - n0))" 2
within 750 4000 "$el" && pass "two tries take 2 x -w" ||
    fail "two tries take 2 x -w" "took $el ms"
n0=$(wc -l <"$SOUT_LOG")
run 30 "$SOCKT" portscan -u -g -w 0.3 --retries 0 -p "$SILENT" 127.0.0.1
is "--retries 0: one datagram" "$(($(wc -l <"$SOUT_LOG") - n0))" 1

### IPv6
if have_ipv6 && peer echo ::1; then
	run 30 "$SOCKT" portscan -u -g -a -p "$SPORT,$CLOSED" ::1
	is "::1: open" "$(state_of "$SPORT/udp")" open
	is "::1: closed" "$(state_of "$CLOSED/udp")" closed
else
	skip "::1: open" "no IPv6 loopback"
	skip "::1: closed" "no IPv6 loopback"
fi

### TCP and UDP in one run, labelled in every format
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 || fail "tcp listener"
TCP=$SPORT
run 30 "$SOCKT" portscan -u -t -g -a -p "$TCP,$ECHO" 127.0.0.1
is "-u -t -g: four probes" "$(printf '%s\n' "$out" | sort)" \
    "$(printf '%s\n' "127.0.0.1 $ECHO/tcp closed -" \
    "127.0.0.1 $ECHO/udp open -" "127.0.0.1 $TCP/tcp open -" \
    "127.0.0.1 $TCP/udp closed -" | sort)"
run 30 "$SOCKT" portscan -u --tcp -a --sort -p "$TCP,$ECHO" 127.0.0.1
rows=$(printf '%s\n' "$out" | sed '1d;$d' | awk '{ print $2, $3 }' |
    tr '\n' ',')
lo=$TCP hi=$ECHO
[ "$ECHO" -lt "$TCP" ] && lo=$ECHO hi=$TCP
want_tcp() { [ "$1" = "$TCP" ] && echo open || echo closed; }
want_udp() { [ "$1" = "$ECHO" ] && echo open || echo closed; }
is "table, --sort: TCP first, then UDP, each labelled" "$rows" \
    "$lo/tcp $(want_tcp $lo),$hi/tcp $(want_tcp $hi),$lo/udp $(want_udp $lo),$hi/udp $(want_udp $hi),"
like "table: the summary counts both" "$(printf '%s\n' "$out" | tail -n 1)" \
    "2 open, 2 closed, 0 filtered, 0 open|filtered in *"
run 30 "$SOCKT" portscan -u -t -j -a -p "$TCP,$ECHO" 127.0.0.1
printf '%s\n' "$out" >"$T/json"
jc=$(python3 -c '
import json, sys
got = []
lines = open(sys.argv[1]).read().splitlines()
for line in lines[:-1]:
    o = json.loads(line)
    assert o["type"] == "port" and o["host"] == "127.0.0.1", o
    got.append("%d/%s %s" % (o["port"], o["proto"], o["state"]))
s = json.loads(lines[-1])
assert s["type"] == "summary" and s["probes"] == 4, s
assert s["open"] + s["closed"] + s["filtered"] + s["open_filtered"] == 4, s
print(",".join(sorted(got)))
' "$T/json" 2>&1)
is "-j: every line parses, each port has its proto" "$jc" \
    "$(printf '%s\n' "$ECHO/tcp closed" "$ECHO/udp open" "$TCP/tcp open" \
    "$TCP/udp closed" | sort | tr '\n' ',' | sed 's/,$//')"
run 30 "$SOCKT" portscan -j -a -p "$TCP" 127.0.0.1
like "-j without -u: proto tcp" "$out" "*\"port\":$TCP,\"proto\":\"tcp\",*"

### shards and -r: the union of the shards is the whole scan, once each
run 60 "$SOCKT" portscan -u -g -a -r -w 0.5 --retries 0 \
    -p "$((ECHO - 20))-$((ECHO + 20))" 127.0.0.1
printf '%s\n' "$out" | sort >"$T/whole"
: >"$T/union"
for i in 1 2 3; do
	run 60 "$SOCKT" portscan -u -g -a -r -w 0.5 --retries 0 \
	    --shard "$i/3" -p "$((ECHO - 20))-$((ECHO + 20))" 127.0.0.1
	printf '%s\n' "$out" >>"$T/union"
done
is "-u --shard i/3: the union is the whole scan, no duplicates" \
    "$(sort "$T/union" | cksum)" "$(cksum <"$T/whole")"
is "-u -r: 41 ports, the echo peer open" \
    "$(wc -l <"$T/whole" | tr -d ' ') $(grep -c " $ECHO/udp open" "$T/whole")" \
    "41 1"

### the requests that mean something to 53, 123 and 161
if [ -n "$isolated" ]; then
	for svc in dns:53 ntp:123 snmp:161; do
		mode=${svc%:*} port=${svc#*:}
		if peer "$mode" 127.0.0.1 "$port"; then
			run 30 "$SOCKT" portscan -u -g -w 0.5 --retries 1 \
			    -p "$port" 127.0.0.1
			like "$mode on $port answers the scan's request: open" \
			    "$out" "127.0.0.1 $port/udp open *"
		else
			fail "$mode peer on $port"
		fi
		# the same peer elsewhere hears an empty datagram: silence
		peer "$mode" || fail "$mode peer"
		run 30 "$SOCKT" portscan -u -g -w 0.3 --retries 0 \
		    -p "$SPORT" 127.0.0.1
		is "$mode elsewhere gets an empty datagram: open|filtered" \
		    "$out" "127.0.0.1 $SPORT/udp open|filtered -"
	done
else
	for m in dns ntp snmp; do
		skip "$m answers the scan's request" "needs root and unshare -n"
		skip "$m elsewhere: open|filtered" "needs root and unshare -n"
	done
fi

### a firewall: dropped is open|filtered, admin-prohibited is filtered
fw=
if [ -n "$isolated" ] && have iptables &&
    iptables -A INPUT -p udp --dport 21000:21009 -j DROP 2>/dev/null &&
    iptables -A INPUT -p udp --dport 21010:21019 -j REJECT \
    --reject-with icmp-admin-prohibited 2>/dev/null &&
    iptables -A INPUT -p udp --dport 21020:21029 -j REJECT \
    --reject-with icmp-host-unreachable 2>/dev/null; then
	fw=1
	peer echo 127.0.0.1 21005 || fail "peer behind the drop"
	run 30 "$SOCKT" portscan -u -g -a -w 0.5 --retries 1 \
	    -p 21000-21029 127.0.0.1
	is "dropped datagrams: open|filtered, a listener behind them too" \
	    "$(printf '%s\n' "$out" | awk '$2 ~ /^2100/ { print $3 }' |
	    sort -u)" "open|filtered"
	is "icmp-admin-prohibited: filtered" \
	    "$(printf '%s\n' "$out" | awk '$2 ~ /^2101/ { print $3 }' |
	    sort | uniq -c | awk '{ print $1, $2 }')" "10 filtered"
	is "icmp-host-unreachable: filtered" \
	    "$(printf '%s\n' "$out" | awk '$2 ~ /^2102/ { print $3 }' |
	    sort | uniq -c | awk '{ print $1, $2 }')" "10 filtered"
else
	for d in "dropped: open|filtered" "admin-prohibited: filtered" \
	    "host-unreachable: filtered"; do
		skip "$d" "needs root, unshare -n and iptables"
	done
fi

### nmap -sU on the same ports says the same, port by port
if [ -z "$isolated" ] || ! have nmap; then
	skip "nmap -sU agrees" "needs root, unshare -n and nmap"
else
	list="$ECHO,$SILENT,$CLOSED"
	[ -n "$fw" ] && list="$list,21001,21011,21021"
	run 120 nmap -sU -n -Pn -p "$list" -oG - 127.0.0.1
	# "Host: 127.0.0.1 ()	Ports: 53/open/udp//domain///, ..."
	nm=$(printf '%s\n' "$out" | grep 'Ports:' | sed 's/.*Ports: //' |
	    tr ',' '\n' | awk -F/ '$3 == "udp" { gsub(/ /, "", $1);
	    print $1, $2 }' | sort -n)
	run 60 "$SOCKT" portscan -u -g -a -w 1 --retries 2 -p "$list" \
	    127.0.0.1
	sk=$(printf '%s\n' "$out" | awk '{ sub("/udp", "", $2); print $2, $3 }' |
	    sort -n)
	n=$(printf '%s\n' "$nm" | grep -c .)
	[ "$n" = "$(echo "$list" | tr ',' '\n' | wc -l | tr -d ' ')" ] ||
	    nm="nmap reported $n ports: $nm"
	is "sockt portscan -u agrees with nmap -sU on every port" "$sk" "$nm"
fi

### usage
run 10 "$SOCKT" portscan --help
like "--help lists -u" "$out" "*-u, --udp*open|filtered*"
like "--help lists -t" "$out" "*-t, --tcp*"

done_testing
