#!/bin/sh
# t3092-portscan-paths.sh: the scanner on emulated paths (issue 47), where a
# scanner with fixed timing (one limit, one retry, one window) fails.  In
# the server namespace of tests/pathemu.sh: listeners on 5 ports of
# 1-1000 (tests/bench/scan_target.py), iptables DROP for the 100 ports
# that end in 5, REJECT with a reset for 700-749, UDP port 5 dropped.
#   short (5 ms each way): exact, and the 100 dropped ports cost their
#     host's round trips, not a fixed second and its retry (under 1.8 s
#     where a fixed 1 s limit takes 2); -v: they had two tries while the
#     host answered 900 probes.  UDP 1-15 with --udp-closed: the 14 closed
#     ports told from the dropped one though Linux sends 6 port
#     unreachables and then one a second; -v says that pace.
#   short-lossy (10 ms +- 3, 3% loss, 1% reordered): two scans, each
#     exact (fixed timing misreads 3 to 9 closed ports a scan as
#     filtered); -v: the dropped ports had 4 tries or more; -T5 caps them
#     at 3.
#   a rate-limited host (40 kB/s, a 4 kB queue): exact, the window cut
#     (fixed timing misreads hundreds as the queue overflows); with
#     --min-rate 2000 probes go past the cut window (-v counts them) and
#     the scan is no slower, every filtered port still filtered.
# On the last two, -sS (issue 54) as exact as the connect scan.
# As root with /dev/net/tun, python3 and iptables; skips otherwise.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pathemu.sh"
TARGET=$(cd "$(dirname "$0")" && pwd)/bench/scan_target.py
OPEN=21,22,80,443,999

names() {
	cat <<-EOF
	short: every port right
	short: the dropped ports take the host's round trips
	short: -v, two tries while the host answered
	short: UDP --udp-closed, closed told from open|filtered
	short: -v, the ICMP pace
	short-lossy: scan 1 every port right
	short-lossy: scan 2 every port right
	short-lossy: -v, four tries or more
	short-lossy: -T5, three at most
	short-lossy: -sS every port right
	rate-limited: every port right
	rate-limited: -sS every port right
	rate-limited: -v, the window cut
	rate-limited: --min-rate, probes past the window
	rate-limited: --min-rate, the dropped ports still filtered
	EOF
}
why=
pathemu_usable python3 iptables || why=$PE_WHY
if [ -n "$why" ]; then
	while IFS= read -r d; do
		skip "$d" "$why"
	done <<-EOF
	$(names)
	EOF
	done_testing
	exit 0
fi

# the truth for ports 1-1000 over TCP: PORT STATE
TRUTH=$T/truth
awk -v open="$OPEN" 'BEGIN {
	n = split(open, o, ",")
	for (i = 1; i <= n; i++) op[o[i]] = 1
	for (p = 1; p <= 1000; p++)
		print p, (p % 10 == 5 ? "filtered" : (p in op) ? "open" : "closed")
}' >"$TRUTH"

# setup: the target's listeners and firewall in the server namespace
setup() {
	server 200 $PE_S python3 "$TARGET" "$PE_S4" "$OPEN" "" || return 1
	_p=5
	while [ $_p -le 1000 ]; do
		_l=$_p
		_i=1
		while [ $_i -lt 15 ] && [ $((_p + _i * 10)) -le 1000 ]; do
			_l=$_l,$((_p + _i * 10))
			_i=$((_i + 1))
		done
		pe_ipt -A INPUT -p tcp -m multiport --dports "$_l" -j DROP ||
		    return 1
		_p=$((_p + 150))
	done
	pe_ipt -A INPUT -p tcp --dport 700:749 -j REJECT \
	    --reject-with tcp-reset &&
	    pe_ipt -A INPUT -p udp --dport 5 -j DROP
}

# scan ARGS...: sockt portscan -n -a -g -v ARGS -p 1-1000 across the path;
# $wrong: the ports whose state is not the truth (missing ones too)
scan() {
	run 60 $PE_C "$SOCKT" portscan -n -a -g -v "$@" -p 1-1000 "$PE_S4"
	wrong=$(printf '%s\n' "$out" | awk 'NR == FNR { t[$1] = $2; next }
	    { g[$2] = $3 }
	    END { for (p in t) if (g[p] != t[p]) w++; print w + 0 }' \
	    "$TRUTH" -)
	secs=$(printf '%s\n' "$err" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
	[ "$wrong" = 0 ] && return 0
	# what a failure shows: each wrong port, the exit status, -v
	printf '%s\n' "$out" | awk 'NR == FNR { t[$1] = $2; next }
	    { g[$2] = $3 }
	    END { for (p in t) if (g[p] != t[p])
		printf "# port %s: %s, the truth %s\n", p,
		    (p in g) ? g[p] : "missing", t[p] }' "$TRUTH" - |
	    sort -n -k3 | head -20
	printf '# exit status %s\n' "$rc"
	printf '%s\n' "$err" | sed 's/^/# /' | tail -20
}

# silent_tries: the tries -v says the dropped ports had
silent_tries() {
	printf '%s\n' "$err" | sed -n 's/.*ports filtered: no answer to \([0-9 to]*\) tr.*/\1/p'
}

# stop: the target and the path
stop() {
	kill "$SPID" 2>/dev/null
	wait_gone "$SPID" 10
	pathemu_stop
}

# Each path is a pathemu of its own, and each scan's time mostly the
# path's: the lossy and the rate-limited paths run as parts beside the
# short one
### short-lossy: 10 ms +- 3 each way, 3% lost, 1% reordered
lossy() {
	if pathemu_start -t 200 short-lossy && setup; then
		for n in 1 2; do
			scan
			is "short-lossy: scan $n every port right" "$wrong" 0
			[ $n = 1 ] && tries=$(silent_tries)
		done
		# 3% each way: about 6% of round trips lost; 2000 * 0.06^4 > 0.005
		case $tries in
		[4-9] | [4-9]" to "* | 1[01] | 1[01]" to "*)
			pass "short-lossy: -v, four tries or more ($tries)" ;;
		*)	fail "short-lossy: -v, four tries or more" "$err" ;;
		esac
		scan -T5
		is "short-lossy: -T5, three at most" "$(silent_tries)" 3
		# -sS (issue 54): the SYN scan, timed by the same engine
		scan -sS
		is "short-lossy: -sS every port right" "$wrong" 0
		stop
	else
		fail "short-lossy: the path and its target"
	fi
}

### a host behind 40 kB/s and a 4 kB queue: a burst overflows it
rated() {
	if pathemu_start -t 200 "delay=10,rate=40k,queue=4k" && setup; then
		scan
		is "rate-limited: every port right" "$wrong" 0
		cuts=$(printf '%s\n' "$err" | sed -n 's/.*window down to [0-9]* (\([0-9]*\) cuts).*/\1/p')
		if [ "${cuts:-0}" -gt 0 ]; then
			pass "rate-limited: -v, the window cut ($cuts cuts)"
		else
			fail "rate-limited: -v, the window cut" "$err"
		fi
		# --min-rate: the floor sends past the window the losses cut
		t1=$secs
		scan --min-rate 2000
		past=$(printf '%s\n' "$err" | sed -n 's/.* \([0-9]*\) probes past its window for --min-rate$/\1/p')
		if [ "${past:-0}" -gt 0 ] && printf '%s\n' "$err" | grep -q \
		    'at least 2000 probes a second$'; then
			pass "rate-limited: --min-rate, probes past the window ($past; $secs s, $t1 s without)"
		else
			fail "rate-limited: --min-rate, probes past the window" "$err"
		fi
		nf=$(printf '%s\n' "$out" | awk '$2 % 10 == 5 && $3 == "filtered"' | wc -l)
		is "rate-limited: --min-rate, the dropped ports still filtered" \
		    "$(echo $nf)" 100
		scan -sS
		is "rate-limited: -sS every port right" "$wrong" 0
		stop
	else
		fail "rate-limited: the path and its target"
	fi
}
part lossy
part rated

### short: 5 ms each way, nothing lost
if pathemu_start -t 200 short && setup; then
	scan
	is "short: every port right" "$wrong" 0
	if [ -n "$secs" ] && awk "BEGIN { exit !($secs < 1.8) }"; then
		pass "short: the dropped ports take the host's round trips" \
		    "($secs s)"
	else
		fail "short: the dropped ports take the host's round trips" \
		    "took ${secs:-?} s: a fixed 1 s and a retry take 2" "$err"
	fi
	like "short: -v, two tries while the host answered" "$err" \
	    "*198.18.0.2: 100 ports filtered: no answer to 2 tries while the host answered 900 probes*"
	# UDP 1-15: 14 closed, 5 dropped; the host limits its errors
	run 100 $PE_C "$SOCKT" portscan -n -a -g -v -u --udp-closed -p 1-15 \
	    "$PE_S4"
	got=$(printf '%s\n' "$out" | awk '{ print $3 }' | sort | uniq -c |
	    awk '{ printf "%s=%s ", $2, $1 }')
	is "short: UDP --udp-closed, closed told from open|filtered" \
	    "$got $(printf '%s\n' "$out" | awk '$3 != "closed" { print $2 }')" \
	    "closed=14 open|filtered=1  5/udp"
	pace=$(printf '%s\n' "$err" |
	    sed -n 's/.*at the host.s pace of one per \([0-9.]*\) s:.*/\1/p')
	if [ -n "$pace" ] && awk "BEGIN { exit !($pace >= 0.9 && $pace < 3) }"
	then
		pass "short: -v, the ICMP pace (one per $pace s)"
	else
		fail "short: -v, the ICMP pace" "$err"
	fi
	stop
else
	fail "short: the path and its target"
fi

parts_done
done_testing
