#!/bin/sh
# portscan targets as address ranges: an address named twice, by two
# overlapping blocks, or by a name and its literal, is probed once, and
# the summary counts the duplicates dropped; a block past 65536
# addresses is scanned within the 16M-probe guard, in memory that does
# not grow with its addresses, with --up and -oG too (they count results
# by host, and hold only the hosts in progress).  The /8 runs only
# inside a network namespace this script makes (unshare -n: no interface
# but a loopback that is down, so no probe can leave the machine),
# stopped after a few seconds; outside it, only loopback is ever
# scanned.
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
# How long a /8 runs, and how far its peak RSS may pass the /24's: 3 s
# and 8 MiB under long (make check LONG=yes), else 1 s and 2 MiB.  A /8
# scans at a core's full speed (some 90,000 probes a second here), so
# three of 3 s were 9 s of the script's 12 s of CPU; a leak of N bytes a
# host passes 2 MiB in 1 s where it passed 8 MiB in 3 s, as surely (the
# two peaks differ by some 400 kB).
SCAN_MS=1000 RSS_SLACK=2048
! long || SCAN_MS=3000 RSS_SLACK=8192
# rss CIDR FILE ARGS...: scan CIDR with ARGS in a fresh namespace under
# /usr/bin/time, stopped with SIGTERM after SCAN_MS if it is still running;
# its peak RSS (kB, the largest of sockt and its workers) into FILE,
# stderr in $T/rss.err, stdout in $T/rss.out
rss() {
	_c=$1
	_f=$2
	shift 2
	BGOUT=$T/rss.out BGERR=$T/rss.err bg 60 $ns /usr/bin/time \
	    -f 'maxrss %M' -o "$_f" "$SOCKT" portscan -v -p 80 --yes "$@" "$_c"
	_t=$BGPID
	# a /24 may be done before its child is seen: no need to wait then
	wait_until 10 started "$_t"
	_s=$(children_of "$_t" | head -n 1)
	# part of the scenario: let the scan run for SCAN_MS, then stop it (by
	# the clock: on a busy machine each look at it may take a while)
	_end=$(($(now_ms) + SCAN_MS))
	while [ "$(now_ms)" -lt "$_end" ] && alive "$_s"; do
		sleep 0.1
	done
	alive "$_s" && kill -TERM "${_s%Z}"
	wait_status "$_t"
}
has_child() { [ -n "$(children_of "$1")" ]; }
started() { has_child "$1" || ! alive "$1"; }
kb() { sed -n 's/^maxrss \([0-9]*\)$/\1/p' "$1"; }

# rss_checks WHAT ARGS...: a /24, then a /8, each scanned with ARGS: the
# /8 starts, stops cleanly, and its peak RSS stays near the /24's.  The
# summary ($e8) and the output ($o8) are left for more checks.
rss_checks() {
	_w=$1
	shift
	rss 10.0.0.0/24 "$T/rss24" "$@"
	r24=$(kb "$T/rss24")
	rss 10.0.0.0/8 "$T/rss8" "$@"
	r8=$(kb "$T/rss8")
	e8=$(cat "$T/rss.err")
	o8=$(cat "$T/rss.out")
	like "a /8$_w starts" "$e8" "*scanning 1 TCP port on 16777216 hosts*"
	like "a /8$_w is stopped cleanly" "$rc $e8" \
	    "143 *interrupted after * of 16777216 probes*"
	echo "# peak RSS$_w: /24 ${r24:-?} kB, /8 ${r8:-?} kB"
	# a scan that never started proves nothing about its memory
	case $e8 in
	*"on 16777216 hosts"*) ;;
	*) r8= ;;
	esac
	if [ -n "$sanitized" ]; then
		# AddressSanitizer keeps freed memory in quarantine (256 MiB)
		# and shadows all of it: its RSS grows with the work done
		skip "a /8$_w: peak RSS under 64 MiB" "a sanitizer build"
		skip "a /8$_w: RSS does not grow" "a sanitizer build"
		return
	fi
	check "a /8$_w: peak RSS ${r8:-?} kB, under 64 MiB" \
	    test "${r8:-999999}" -lt 65536
	check "a /8$_w: RSS does not grow (/24 ${r24:-?} kB, /8 ${r8:-?} kB)" \
	    test "${r8:-999999}" -lt "$((${r24:-0} + RSS_SLACK))"
}
sanitized=
if have readelf && readelf -s "$SOCKT" 2>/dev/null | grep -q '__asan_init'; then
	sanitized=yes
fi

# what each rss_checks names, for the skips
rss_names() {
	for _w in "" " --up" " -oG"; do
		for _d in " starts" " is stopped cleanly" ": peak RSS" \
		    ": RSS does not grow"; do
			echo "a /8$_w$_d"
		done
	done
	echo "a /8 --up: every host probed is counted down"
	echo "a /8 -oG: the trailer counts the whole /8 and the stop"
}

if [ -z "$ns" ] || [ ! -x /usr/bin/time ]; then
	[ -z "$ns" ] && why="unshare -n is not permitted here" ||
	    why="needs /usr/bin/time"
	while IFS= read -r d; do
		skip "$d" "$why"
	done <<-EOF
	$(rss_names)
	EOF
else
	# -Pn: the port scan's memory, no host discovery before it
	rss_checks "" -g -Pn
	# --up and -oG count results by host: only the hosts in progress
	# may take memory, not every host of the /8
	rss_checks " --up" -g --up
	down=$(printf '%s\n' "$e8" |
	    sed -n 's/.* 0 hosts up, \([0-9]*\) down in .*/\1/p')
	probed=$(printf '%s\n' "$e8" |
	    sed -n 's/.*interrupted after \([0-9]*\) of .*/\1/p' | head -n 1)
	# one port: each probe done is one host done, and down
	check "a /8 --up: every host probed is counted down (${down:-?} of \
${probed:-?})" test "${down:-x}" = "${probed:-y}"
	rss_checks " -oG" -oG - -Pn
	like "a /8 -oG: the trailer counts the whole /8 and the stop" "$o8" \
	    "*# sockt done at * -- 16777216 IP addresses (0 hosts up) \
scanned in * seconds, interrupted after * of 16777216 probes"
fi

done_testing
