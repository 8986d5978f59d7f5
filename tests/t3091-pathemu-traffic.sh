#!/bin/sh
# t3091-pathemu-traffic.sh: real traffic over the emulated path of
# tests/pathemu.sh (issue 47, item 7): a rate limit holds a bulk TCP
# transfer to its rate; without one the path carries tens of MB/s; files
# served by pathemu_http.py in the server namespace arrive whole through
# sockt http-get and curl (ranges, and the server that cuts each response,
# for issue 49's resume tests); iptables in the server namespace makes
# ports filtered (DROP) and closed (REJECT with a reset) for sockt
# portscan.  As root with /dev/net/tun; skips otherwise.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pathemu.sh"

if ! pathemu_usable python3; then
	skip "path emulator" "$PE_WHY"
	done_testing
	exit 0
fi

# sink_send BYTES: a sink in the server namespace, BYTES sent to it from
# the client's; sets bytes secs kbs (KB/s, whole)
sink_send() {
	SOUT=$T/sink.out server 200 $PE_S python3 "$PATHEMU_PEER" sink \
	    "$PE_S4" || return 1
	_sk=$SPID
	run 120 $PE_C python3 "$PATHEMU_PEER" send "$PE_S4" "$SPORT" "$1"
	[ "$rc" -eq 0 ] || return 1
	wait_gone "$_sk" 60 || return 1
	set -- $(cat "$T/sink.out")
	bytes=$2 secs=$4
	kbs=$(awk -v b="$bytes" -v s="$secs" \
	    'BEGIN { printf "%d", (s > 0 ? b / s / 1000 : 0) }')
	echo "# $bytes bytes in $secs s: $kbs KB/s"
}

# 1. a rate of 1,000,000 bytes a second (5 ms each way): 1.5 MB of TCP
# come at most at that rate (the payload less, by its headers) and, even
# on a loaded machine, at no less than 40 % of it.
if pathemu_start -t 200 delay=5,rate=1M; then
	if sink_send 1500000; then
		is "rate: every byte arrived" "$bytes" 1500000
		if [ "$kbs" -le 1050 ] && [ "$kbs" -ge 400 ]; then
			pass "rate: 400 to 1050 KB/s ($kbs)"
		else
			fail "rate: 400 to 1050 KB/s" "$kbs KB/s"
		fi
	else
		fail "rate: bulk transfer" "$out" "$err"
	fi
	pathemu_stop
	echo "# $(cat "$PE_STATS" | tr '\n' ' ')"
fi

# 2. no limit: 30 MB in at least 3 MB/s (tens of MB/s on an idle
# machine, even through a sanitizer build)
if pathemu_start -t 200 lossless; then
	if sink_send 30000000; then
		if [ "$bytes" = 30000000 ] && [ "$kbs" -ge 3000 ]; then
			pass "no limit: 30 MB at 3 MB/s or more ($kbs KB/s)"
		else
			fail "no limit: 30 MB at 3 MB/s or more" \
			    "$bytes bytes, $kbs KB/s"
		fi
	else
		fail "no limit: bulk transfer" "$out" "$err"
	fi
	pathemu_stop
	echo "# $(cat "$PE_STATS" | tr '\n' ' ')"
fi

# 3. HTTP across a lossy path (10 ms +- 3, 3 % loss, 1 % reordered): a
# 4 MB file whole through sockt http-get and curl, a range, and the
# server that cuts every response after 1 MiB.
mkdir "$T/www"
head -c 4000000 /dev/urandom >"$T/www/big"
if pathemu_start -t 200 short-lossy && pathemu_http "$T/www"; then
	url=http://$PE_S4:$HPORT/big
	run 120 $PE_C "$SOCKT" http-get -sS -o "$T/got" "$url"
	if [ "$rc" -eq 0 ] && [ "$(sum_of "$T/got")" = "$(sum_of "$T/www/big")" ]
	then
		pass "http: sockt http-get, 4 MB whole"
	else
		fail "http: sockt http-get, 4 MB whole" "rc $rc" "$err"
	fi
	if have curl; then
		run 120 $PE_C curl -sS -r 1000-1999 -o "$T/part" "$url"
		tail -c +1001 "$T/www/big" | head -c 1000 >"$T/want"
		if [ "$rc" -eq 0 ] && cmp -s "$T/part" "$T/want"; then
			pass "http: curl -r 1000-1999"
		else
			fail "http: curl -r 1000-1999" "rc $rc" "$err"
		fi
	else
		skip "http: curl -r 1000-1999" "no curl"
	fi
	kill "$HPID"
	wait_gone "$HPID" 10
	if have curl && pathemu_http "$T/www" "$PE_S6" --cut-bytes 1048576
	then
		run 120 $PE_C curl -sS -g -o "$T/cut" "http://[$PE_S6]:$HPORT/big"
		sz=$(wc -c <"$T/cut" | tr -d ' ')
		is "http: cut after 1 MiB, over IPv6 (curl: 18, partial)" \
		    "$rc $sz" "18 1048576"
		kill "$HPID"
		wait_gone "$HPID" 10
	else
		skip "http: cut after 1 MiB" "no curl"
	fi
	pathemu_stop
fi

# 4. iptables in the server namespace: a listener, a port whose SYNs are
# dropped, one refused with a reset, one closed; sockt portscan across
# the short path sees open, filtered, closed, closed.
if have iptables && pathemu_start -t 200 short; then
	server 200 $PE_S "$SOCKT" listen -k -v "$PE_S4" 0
	op=$SPORT
	dp=$((op == 65535 ? op - 1 : op + 1))
	rp=$((op <= 2 ? op + 2 : op - 1))
	cp=$((op <= 3 ? op + 3 : op - 2))
	[ "$cp" = "$dp" ] && cp=$((op + 2))
	if pe_ipt -A INPUT -p tcp --dport "$dp" -j DROP &&
	    pe_ipt -A INPUT -p tcp --dport "$rp" -j REJECT \
	    --reject-with tcp-reset; then
		run 60 $PE_C "$SOCKT" portscan -n -a -g -p "$op,$dp,$rp,$cp" \
		    "$PE_S4"
		got=$(printf '%s\n' "$out" | awk '{ print $2, $3 }' | sort -n |
		    tr '\n' ' ')
		want=$(printf '%s\n' "$op open" "$dp filtered" "$rp closed" \
		    "$cp closed" | sort -n | tr '\n' ' ')
		is "iptables: open, DROP filtered, REJECT and none closed" \
		    "$got" "$want"
	else
		fail "iptables in the server namespace"
	fi
	pathemu_stop
else
	skip "iptables in the server namespace" "no iptables"
fi

done_testing
