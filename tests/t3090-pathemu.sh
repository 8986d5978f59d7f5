#!/bin/sh
# t3090-pathemu.sh: the emulated path of tests/pathemu.sh (issue 47, item
# 7) does what it says: a fixed delay is a floor on the round trip and
# little more, IPv4 and IPv6; jitter without reordering keeps every packet
# in order; loss and reordering come at their rates (judged with wide
# statistical bounds, and by pathemu's own counters); two paths run side
# by side with the same addresses, each with its own delay; and a path
# that stopped leaves no process and no namespace behind.  As root with
# /dev/net/tun; skips otherwise.  tests/pathemu_peer.py measures.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pathemu.sh"

if ! pathemu_usable python3; then
	skip "path emulator" "$PE_WHY"
	done_testing
	exit 0
fi

# echo ADDR: a UDP echo in the server namespace; EPORT, EPID
echo_server() {
	server 200 $PE_S python3 "$PATHEMU_PEER" echo "$1" || return 1
	EPORT=$SPORT
	EPID=$SPID
}

# ping ADDR N MS: N datagrams to the echo, one every MS ms, from the
# client namespace; sets sent received reordered dup min median max (ms,
# whole) from the peer's line
ping_path() {
	run 60 $PE_C python3 "$PATHEMU_PEER" ping "$1" "$EPORT" "$2" "$3"
	echo "# $1: $out"
	set -- $out
	received=$4 reordered=$6 dup=$8
	min=${10%.*} median=${12%.*} max=${14%.*}
	ping_line=$out
	[ "$rc" -eq 0 ] && [ -n "$max" ]
}

# ns_users INODE: how many processes are in the network namespace INODE
ns_users() {
	for _l in /proc/[0-9]*/ns/net; do
		readlink "$_l" 2>/dev/null
	done | grep -c "^net:\[$1\]\$"
}
ns_of() { readlink "/proc/$1/ns/net" | tr -dc 0-9; }

# 1. a fixed delay of 30 ms each way: the round trip is at least 60 ms
# (a timer never fires early) and, under load, not much more; no loss
# and no reordering; the same over IPv6; both devices have one MTU.
if pathemu_start -t 200 delay=30 && echo_server "$PE_S4"; then
	cns=$(ns_of "$PE_CPID") sns=$(ns_of "$PE_SPID")
	if ping_path "$PE_S4" 50 10; then
		is "delay: 50 of 50 echoes back" "$received" 50
		if [ "$min" -ge 60 ] && [ "$median" -le 250 ]; then
			pass "delay: round trip 60 ms and a little more"
		else
			fail "delay: round trip 60 ms and a little more" \
			    "$ping_line"
		fi
		is "delay: nothing reordered" "$reordered" 0
	else
		fail "delay: ping" "$out" "$err"
	fi
	kill "$EPID"
	if echo_server "$PE_S6" && ping_path "$PE_S6" 20 10; then
		if [ "$received" -eq 20 ] && [ "$min" -ge 60 ] &&
		    [ "$median" -le 250 ]; then
			pass "IPv6: 20 of 20 back, round trip over 60 ms"
		else
			fail "IPv6: 20 of 20 back, round trip over 60 ms" \
			    "$ping_line"
		fi
		kill "$EPID"
	else
		fail "IPv6 ping" "$out" "$err"
	fi
	m1=$($PE_C ip -o link show pe0 | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')
	m2=$($PE_S ip -o link show pe0 | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')
	is "both ends' MTU" "$m1 $m2" "1500 1500"
	wait_gone "$EPID" 10
	cp=$PE_CPID sp=$PE_SPID pp=$PE_PID
	if pathemu_stop; then
		pass "stop: pathemu and both holders gone"
	else
		fail "stop: pathemu and both holders gone" \
		    "$(ps -o pid,stat,args -p "$pp,$cp,$sp")"
	fi
	# the namespaces go with their last process: none of ours is left
	if [ -n "$cns" ] && [ -n "$sns" ] &&
	    [ "$(ns_users "$cns")" = 0 ] && [ "$(ns_users "$sns")" = 0 ]; then
		pass "stop: no process left in either namespace"
	else
		fail "stop: no process left in either namespace" \
		    "client ns $cns: $(ns_users "$cns")" \
		    "server ns $sns: $(ns_users "$sns")"
	fi
fi

# 2. jitter (5 +- 4 ms each way) without reordering: 300 datagrams 1 ms
# apart all come back in order (each departs no earlier than the one
# before it), and the round trips spread out.
if pathemu_start -t 200 delay=5,jitter=4 && echo_server "$PE_S4"; then
	if ping_path "$PE_S4" 300 1; then
		is "jitter: 300 of 300 back" "$received" 300
		is "jitter: none out of order" "$reordered" 0
		if [ "$min" -ge 2 ] && [ $((max - min)) -ge 3 ]; then
			pass "jitter: round trips from 2 ms, spread out"
		else
			fail "jitter: round trips from 2 ms, spread out" \
			    "$ping_line"
		fi
	else
		fail "jitter: ping" "$out" "$err"
	fi
	kill "$EPID"
	wait_gone "$EPID" 10
	pathemu_stop
	is "jitter: pathemu counted no reordering" \
	    "$(pe_stat c2s reordered) $(pe_stat s2c reordered)" "0 0"
fi

# 3. 10 % loss each way, 1000 datagrams: about 81 % of the echoes come
# back (the standard deviation is 12: 700 to 900 is over 7 of them), and
# pathemu counts 6 % to 14 % of each direction's packets lost.
if pathemu_start -t 200 loss=10 -S 7 && echo_server "$PE_S4"; then
	if ping_path "$PE_S4" 1000 2; then
		if [ "$received" -ge 700 ] && [ "$received" -le 900 ]; then
			pass "loss: 700 to 900 of 1000 back ($received)"
		else
			fail "loss: 700 to 900 of 1000 back" "$ping_line"
		fi
	else
		fail "loss: ping" "$out" "$err"
	fi
	kill "$EPID"
	wait_gone "$EPID" 10
	pathemu_stop
	lin=$(pe_stat c2s in) lost=$(pe_stat c2s lost)
	if [ "${lin:-0}" -ge 1000 ] && [ $((lost * 100)) -ge $((lin * 6)) ] &&
	    [ $((lost * 100)) -le $((lin * 14)) ]; then
		pass "loss: pathemu lost $lost of $lin client packets"
	else
		fail "loss: pathemu's count" "$(cat "$PE_STATS")"
	fi
fi

# 3b. 10 % loss in bursts of 4 on average: the same rate, but runs of
# losses 2.5 to 6 long on average, by pathemu's count (2000 packets each
# way, about 50 runs: its mean is within 1.5 of 4 by over 3 deviations).
if pathemu_start -t 200 loss=10,burst=4 -S 5 && echo_server "$PE_S4"; then
	ping_path "$PE_S4" 2000 1
	kill "$EPID"
	wait_gone "$EPID" 10
	pathemu_stop
	lin=$(pe_stat c2s in) lost=$(pe_stat c2s lost) runs=$(pe_stat c2s lossruns)
	if [ "${lin:-0}" -ge 2000 ] && [ "${runs:-0}" -gt 0 ] &&
	    [ $((lost * 100)) -ge $((lin * 5)) ] &&
	    [ $((lost * 100)) -le $((lin * 15)) ] &&
	    [ $((lost * 10)) -ge $((runs * 25)) ] &&
	    [ $((lost * 10)) -le $((runs * 60)) ]; then
		pass "burst loss: $lost of $lin in $runs runs"
	else
		fail "burst loss: rate and runs" "$(cat "$PE_STATS")"
	fi
fi

# 4. 20 % held back 30 ms each way, 300 datagrams 1 ms apart: about a
# third of the echoes (1 - 0.8^2) come after a later one; pathemu held
# back 10 % to 30 % of each direction's packets.
if pathemu_start -t 200 delay=10,reorder=20,gap=30 -S 3 &&
    echo_server "$PE_S4"; then
	if ping_path "$PE_S4" 300 1; then
		if [ "$received" -eq 300 ] && [ "$reordered" -ge 45 ] &&
		    [ "$reordered" -le 180 ]; then
			pass "reorder: 45 to 180 of 300 out of order ($reordered)"
		else
			fail "reorder: 45 to 180 of 300 out of order" "$ping_line"
		fi
		if [ "$min" -ge 20 ]; then
			pass "reorder: no packet sent early"
		else
			fail "reorder: no packet sent early" "$ping_line"
		fi
	else
		fail "reorder: ping" "$out" "$err"
	fi
	kill "$EPID"
	wait_gone "$EPID" 10
	pathemu_stop
	rin=$(pe_stat c2s in) re=$(pe_stat c2s reordered)
	if [ "${rin:-0}" -ge 300 ] && [ $((re * 100)) -ge $((rin * 10)) ] &&
	    [ $((re * 100)) -le $((rin * 30)) ]; then
		pass "reorder: pathemu held back $re of $rin"
	else
		fail "reorder: pathemu's count" "$(cat "$PE_STATS")"
	fi
fi

# 5. two paths at once, the same addresses in namespaces of their own:
# 10 ms and 50 ms each way, each measured on its own path.
if pathemu_start -t 200 delay=10 && echo_server "$PE_S4"; then
	a_c=$PE_C a_pid=$PE_PID a_cpid=$PE_CPID a_spid=$PE_SPID
	a_port=$EPORT a_epid=$EPID
	if pathemu_start -t 200 delay=50 && echo_server "$PE_S4"; then
		ping_path "$PE_S4" 20 10
		b_line=$ping_line b_min=$min b_rx=$received
		PE_C=$a_c EPORT=$a_port
		ping_path "$PE_S4" 20 10
		if [ "$received" -eq 20 ] && [ "$b_rx" -eq 20 ] &&
		    [ "$min" -ge 20 ] && [ "$b_min" -ge 100 ] &&
		    [ "$median" -lt "$b_min" ]; then
			pass "two paths at once, each with its own delay"
		else
			fail "two paths at once, each with its own delay" \
			    "10 ms: $ping_line" "50 ms: $b_line"
		fi
		kill "$EPID" "$a_epid"
		wait_gone "$EPID" 10
		wait_gone "$a_epid" 10
		pathemu_stop
	fi
	PE_PID=$a_pid PE_CPID=$a_cpid PE_SPID=$a_spid
	pathemu_stop
fi

done_testing
