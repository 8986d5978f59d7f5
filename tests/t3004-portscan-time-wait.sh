#!/bin/sh
# portscan leaves no TIME_WAIT behind: not after a TCP self-connect (the
# kernel picks the scanned port as the source port, and the socket
# connects to itself), not after an open port, not after a scan stopped
# while it waited for a banner.  Counts TIME_WAIT sockets in a private
# network namespace whose only ephemeral port is the scanned one, so
# every probe of it self-connects.  Needs root and unshare -n.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"

range=/proc/sys/net/ipv4/ip_local_port_range
if [ "${SK_T3_NS:-}" != 1 ] || ! ip link set lo up 2>/dev/null ||
    [ ! -r /proc/net/tcp ]; then
	skip "no TIME_WAIT after a scan" "needs root, unshare -n and ip"
	done_testing
	exit 0
fi
# TIME_WAIT is state 06 in /proc/net/tcp{,6}, which show this namespace
tw() {
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
	    awk '$4 == "06" { print $2, $3 }'
}
# to PORT: the sockets whose peer is PORT (the scanner's side), any state
to() {
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p="$1" '
	    NR > 1 && $3 ~ /:/ { split($3, a, ":")
		if (a[2] == sprintf("%04X", p)) print $2, $3, "state " $4 }'
}

### self-connects: the only ephemeral port is the one scanned
if ! echo "40000 40000" >"$range" 2>/dev/null; then
	skip "self-connect" "cannot set $range"
else
	run 20 "$SOCKT" portscan -g -a -p 40000 127.0.0.1
	is "IPv4 self-connect: reported closed" "$out" \
	    "127.0.0.1 40000 closed -"
	if have_ipv6; then
		run 20 "$SOCKT" portscan -g -a -p 40000 ::1
		is "IPv6 self-connect: reported closed" "$out" \
		    "::1 40000 closed -"
	else
		skip "IPv6 self-connect: reported closed" "no ::1"
	fi
	run 20 "$SOCKT" portscan -g -a -b -w 0.5 -p 40000 127.0.0.1
	is "self-connect with -b: reported closed" "$out" \
	    "127.0.0.1 40000 closed -"
	is "self-connects leave no TIME_WAIT" "$(tw)" ""
	echo "32768 60999" >"$range"
fi

### open ports, with and without -b: the scanner resets each connection
if have python3; then
	# a listener that never writes and never closes first: a socket it
	# accepts is only ever closed by the scanner's side
	server 30 python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
held = []
while True:
    held.append(s.accept()[0])
' || fail "silent listener"
	P=$SPORT
	run 20 "$SOCKT" portscan -g -p "$P" 127.0.0.1
	is "open port found" "$out" "127.0.0.1 $P open -"
	run 20 "$SOCKT" portscan -g -b -w 0.3 -p "$P" 127.0.0.1
	is "open port with -b found" "$out" "127.0.0.1 $P open -"
	is "open ports leave no socket behind" "$(to "$P")" ""

	# stopped while the open port's banner is awaited (-w 20): the
	# connection in flight is reset as well
	(exec "$SOCKT" portscan -g -a -b -w 20 --rate 2000 \
	    -p "$P-65535" 127.0.0.1 >"$T/o" 2>"$T/e" </dev/null \
	    3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-) &
	p=$!
	own "$p"
	watch 30 "$p"
	i=0
	while [ $i -lt 500 ] && [ ! -s "$T/o" ]; do
		sleep 0.01
		i=$((i + 1))
	done
	kill -TERM "$p"
	wait "$p"
	rc=$?
	is "stopped during a banner wait: exit 143" "$rc" 143
	is "... leaves no socket behind" "$(to "$P")" ""
else
	for d in "open port found" "open port with -b found" \
	    "open ports leave no socket behind" \
	    "stopped during a banner wait: exit 143" \
	    "... leaves no socket behind"
	do
		skip "$d" "needs python3"
	done
fi

done_testing
