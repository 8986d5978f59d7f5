#!/bin/sh
# portscan targets as address ranges: an address named twice, by two
# overlapping blocks, or by a name and its literal, is probed once, and
# the summary counts the duplicates dropped; a block past 65536
# addresses is scanned within the 16M-probe guard, in memory that does
# not grow with its addresses.  The /8 runs only inside a network
# namespace this script makes (unshare -n: no interface but a loopback
# that is down, so no probe can leave the machine), stopped after a few
# seconds; outside it, only loopback is ever scanned.
. "$(dirname "$0")/lib.sh"

server 30 "$SOCKT" listen -k -v 127.0.0.1 0 || fail "listener"
P=$SPORT

# the lines of -g output ($out) whose host is $1
lines_for() {
	printf '%s\n' "$out" | awk -v h="$1" '$1 == h' | wc -l | tr -d ' '
}

### an address twice: probed once, counted
run 30 "$SOCKT" portscan -g -a -v -p "$P" 127.0.0.1 127.0.0.1
is "127.0.0.1 twice: one probe" "$rc $(lines_for 127.0.0.1)" "0 1"
like "127.0.0.1 twice: the summary says 1 duplicate" "$err" \
    "*1 open, 0 closed, 0 filtered in *.* s, 1 duplicate address dropped*"
run 30 "$SOCKT" portscan -p "$P" 127.0.0.1 127.0.0.1
like "127.0.0.1 twice: the table summary says it too" \
    "$(printf '%s\n' "$out" | tail -n 1)" \
    "1 open, 0 closed, 0 filtered in *.* s, 1 duplicate address dropped"
run 30 "$SOCKT" portscan -j -p "$P" 127.0.0.1 127.0.0.1
like "127.0.0.1 twice: JSON counts one probe and one duplicate" "$out" \
    '*"probes":1,"hosts":1,"excluded_hosts":0,"excluded_ports":0,"duplicate_hosts":1,*'

### overlapping blocks
run 30 "$SOCKT" portscan -g -a -v -p 1 127.0.0.0/30 127.0.0.2/31
is "a /30 and a /31 in it: 4 probes, each address once" \
    "$(printf '%s\n' "$out" | awk '{ print $1 }' | tr '\n' ' ')" \
    "127.0.0.0 127.0.0.1 127.0.0.2 127.0.0.3 "
like "a /30 and a /31 in it: 2 duplicates" "$err" \
    "*0 open, 4 closed, 0 filtered in *.* s, 2 duplicate addresses dropped*"
run 30 "$SOCKT" portscan -g -a -p 1 127.0.0.3 127.0.0.0/30 --exclude 127.0.0.1
is "the order given stays: the first target first, less the exclusions" \
    "$(printf '%s\n' "$out" | awk '{ print $1 }' | tr '\n' ' ')" \
    "127.0.0.3 127.0.0.0 127.0.0.2 "

### a name and its address (localhost may be ::1 as well: only the
### IPv4 lines are counted)
if getent ahosts localhost 2>/dev/null | grep -q '^127\.0\.0\.1 '; then
	run 30 "$SOCKT" portscan -g -a -v -p "$P" localhost 127.0.0.1
	is "localhost and 127.0.0.1: 127.0.0.1 probed once, the name kept" \
	    "$(printf '%s\n' "$out" | awk '$1 ~ /^127\.0\.0\.1/ { print $1 }' |
	    tr '\n' ' ')" "127.0.0.1(localhost) "
	like "localhost and 127.0.0.1: 1 duplicate" "$err" \
	    "*in *.* s, 1 duplicate address dropped*"
else
	skip "localhost and 127.0.0.1: probed once" "localhost is not 127.0.0.1"
	skip "localhost and 127.0.0.1: 1 duplicate" "localhost is not 127.0.0.1"
fi

### a /15, on loopback: accepted and started (the watchdog ends it)
run 4 "$SOCKT" portscan -v -g --rate 200 -p 1 127.0.0.0/15
like "a /15 is accepted and scanned" "$rc $err" \
    "124 *scanning 1 TCP port on 131072 hosts*"

### a /8 with one port, inside a network namespace of our own
ns=
if unshare -n true 2>/dev/null; then
	ns="unshare -n"
elif unshare -r -n true 2>/dev/null; then
	ns="unshare -r -n"
fi
# rss CIDR FILE: scan CIDR in a fresh namespace under /usr/bin/time,
# stopped with SIGTERM after 3 s if it is still running; its peak RSS
# (kB, the largest of sockt and its workers) into FILE, stderr in $T/rss.err
rss() {
	BGERR=$T/rss.err bg 60 $ns /usr/bin/time -f 'maxrss %M' -o "$2" \
	    "$SOCKT" portscan -v -g -p 80 --yes "$1"
	_t=$BGPID
	wait_until 10 has_child "$_t"
	_s=$(children_of "$_t" | head -n 1)
	# part of the scenario: let the scan run for 3 s, then stop it
	_n=0
	while [ "$_n" -lt 30 ] && alive "$_s"; do
		sleep 0.1
		_n=$((_n + 1))
	done
	alive "$_s" && kill -TERM "${_s%Z}"
	wait_status "$_t"
}
has_child() { [ -n "$(children_of "$1")" ]; }
kb() { sed -n 's/^maxrss \([0-9]*\)$/\1/p' "$1"; }

if [ -z "$ns" ]; then
	for d in "a /8 starts" "a /8 is stopped cleanly" "a /8: peak RSS" \
	    "a /8: RSS does not grow"; do
		skip "$d" "unshare -n is not permitted here"
	done
elif [ ! -x /usr/bin/time ]; then
	for d in "a /8 starts" "a /8 is stopped cleanly" "a /8: peak RSS" \
	    "a /8: RSS does not grow"; do
		skip "$d" "needs /usr/bin/time"
	done
else
	rss 10.0.0.0/24 "$T/rss24"
	r24=$(kb "$T/rss24")
	rss 10.0.0.0/8 "$T/rss8"
	r8=$(kb "$T/rss8")
	e8=$(cat "$T/rss.err")
	like "a /8 starts" "$e8" "*scanning 1 TCP port on 16777216 hosts*"
	like "a /8 is stopped cleanly" "$rc $e8" \
	    "143 *interrupted after * of 16777216 probes*"
	echo "# peak RSS: /24 ${r24:-?} kB, /8 ${r8:-?} kB"
	# a scan that never started proves nothing about its memory
	case $e8 in
	*"on 16777216 hosts"*) ;;
	*) r8= ;;
	esac
	check "a /8: peak RSS ${r8:-?} kB, under 64 MiB" \
	    test "${r8:-999999}" -lt 65536
	check "a /8: RSS does not grow (/24 ${r24:-?} kB, /8 ${r8:-?} kB)" \
	    test "${r8:-999999}" -lt "$((${r24:-0} + 8192))"
fi

done_testing
