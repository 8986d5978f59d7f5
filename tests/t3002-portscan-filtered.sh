#!/bin/sh
# portscan against a firewall: in a private network namespace whose
# iptables drops some SYNs and rejects others, every port gets the right
# state (filtered, closed, open) within -w x (1 + retries) + 1 s.  Needs
# root, unshare -n and iptables; skips otherwise.  Also checks --rate.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"

if [ "${SK_T3_NS:-}" != 1 ] || ! ip link set lo up 2>/dev/null ||
    ! have iptables ||
    ! iptables -A INPUT -p tcp --syn --dport 20000:20199 -j DROP 2>/dev/null
then
	for d in "dropped SYNs are filtered" "in time" "open among filtered" \
	    "rejected with host-unreachable is filtered" \
	    "rejected with a reset is closed" "--rate caps the pace" \
	    "a firewall after 10 ports: states, the window cut once at most" \
	    "a firewall after 10 ports: not slowed to a crawl"; do
		skip "$d" "needs root, unshare -n and iptables"
	done
	done_testing
	exit 0
fi
iptables -A INPUT -p tcp --syn --dport 20200:20209 -j REJECT \
    --reject-with icmp-host-unreachable
iptables -A INPUT -p tcp --syn --dport 20210:20219 -j REJECT \
    --reject-with tcp-reset

# one listener inside the dropped range's neighbourhood, port 20220
server 30 "$SOCKT" listen -v 127.0.0.1 20220 || fail "listener"

run 20 "$SOCKT" portscan -g -a -w 0.5 --retries 1 -p 19990-20229 127.0.0.1
states=$(printf '%s\n' "$out" | awk '{ print $3 }' | sort | uniq -c |
    awk '{ printf "%s=%s ", $2, $1 }')
is "every port has the right count per state" "$states" \
    "closed=29 filtered=210 open=1 "
bad=$(printf '%s\n' "$out" | awk '
	$2 >= 20000 && $2 <= 20209 && $3 != "filtered" { print }
	$2 >= 20210 && $2 <= 20219 && $3 != "closed" { print }
	($2 < 20000 || ($2 > 20220)) && $3 != "closed" { print }
	$2 == 20220 && $3 != "open" { print }' | head -n 5)
is "dropped SYNs are filtered, each port right" "$bad" ""
is "open among filtered: exit 0" "$rc" 0

# -w 0.5 and one retry: 1 s at most for the timeouts, plus 1 s slack
run 20 "$SOCKT" portscan -w 0.5 --retries 1 -p 20000-20199 127.0.0.1
secs=$(printf '%s\n' "$out" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
like "200 dropped ports: summary" "$out" "*0 open, 0 closed, 200 filtered in *"
if [ -n "$secs" ] && awk "BEGIN { exit !($secs >= 0.9 && $secs < 2.0) }"
then
	pass "in time: $secs s, within -w x (1 + retries) + 1"
else
	fail "in time" "took ${secs:-?} s"
fi
is "nothing open: exit 1" "$rc" 1

# the host's own timing (no -w): a firewall past a few answering ports
# is silence, not a queue that overflowed; it may cut the host's window
# once, not every four probes down to its least (which made 1,000 such
# ports take 29 s, 141 cuts; a cut that bought no answer is undone)
iptables -A INPUT -p tcp --syn --dport 21000:21999 -j DROP
run 90 "$SOCKT" portscan -g -a -v -p 20990-21999 127.0.0.1
states=$(printf '%s\n' "$out" | awk '{ print $3 }' | sort | uniq -c |
    awk '{ printf "%s=%s ", $2, $1 }')
cuts=$(printf '%s\n' "$err" |
    sed -n 's/.*window down to [0-9]* (\([0-9]*\) cuts*).*/\1/p')
is "a firewall after 10 ports: states, the window cut once at most" \
    "$states:$(echo "${cuts:-none}" | awk '$1 <= 1 { print "ok" }')" \
    "closed=10 filtered=1000 :ok"
secs=$(printf '%s\n' "$err" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
# 2 tries at the 100 ms floor take 0.3 s; cut to its least, 29 s
if [ -n "$secs" ] && awk "BEGIN { exit !($secs < 8) }"; then
	pass "a firewall after 10 ports: in $secs s, not slowed to a crawl"
else
	fail "a firewall after 10 ports: not slowed to a crawl" \
	    "took ${secs:-?} s"
fi

run 20 "$SOCKT" portscan -g -a -w 0.5 -p 20200,20210 127.0.0.1
is "rejected with host-unreachable is filtered; a reset is closed" "$out" \
    "127.0.0.1 20200 filtered -
127.0.0.1 20210 closed -"

# --rate 500 over 300 closed ports: at least 0.55 s
run 20 "$SOCKT" portscan --rate 500 -p 30001-30300 127.0.0.1
secs=$(printf '%s\n' "$out" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
if [ -n "$secs" ] && awk "BEGIN { exit !($secs >= 0.55 && $secs < 3) }"; then
	pass "--rate caps the pace: 300 probes at 500/s in $secs s"
else
	fail "--rate caps the pace" "took ${secs:-?} s"
fi

done_testing
