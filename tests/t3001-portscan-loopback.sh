#!/bin/sh
# portscan over loopback: exactly the listeners are open, in every output
# format, over IPv4, IPv6 and a CIDR block, with shards and a small fd
# limit.  As root it runs in a private network namespace (unshare -n) so
# other programs' listeners cannot disturb the count.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"
isolated=
if [ "${SK_T3_NS:-}" = 1 ]; then
	ip link set lo up 2>/dev/null && isolated=1
fi

# listeners N ADDR: start N one-shot listeners; ports in $PORTS, sorted
listeners() {
	PORTS=
	_i=0
	while [ "$_i" -lt "$1" ]; do
		server 30 "$SOCKT" listen -v "$2" 0 || return 1
		PORTS="$PORTS $SPORT"
		_i=$((_i + 1))
	done
	PORTS=$(printf '%s\n' $PORTS | sort -n | tr '\n' ' ')
	PORTS=${PORTS% }
	LO=$(printf '%s\n' $PORTS | head -n 1)
	HI=$(printf '%s\n' $PORTS | tail -n 1)
}

# open ports in -g output ($out), sorted, on one line
open_of() {
	printf '%s\n' "$out" | awk '$3 == "open" { print $2 }' | sort -n |
	    tr '\n' ' ' | sed 's/ $//'
}

# has_all DESC GOT WANT: every word of WANT is in GOT (exactly, if isolated)
has_all() {
	if [ -n "$isolated" ]; then
		is "$1" "$2" "$3"
		return
	fi
	_m=
	for _w in $3; do
		case " $2 " in *" $_w "*) ;; *) _m="$_m $_w" ;; esac
	done
	is "$1" "${_m# }" ""
}

### several listeners, a range that holds them
listeners 3 127.0.0.1 || fail "listeners started"
run 60 "$SOCKT" portscan -g -a -p "$LO-$HI" 127.0.0.1
is "scan exits 0 when a port is open" "$rc" 0
got=$(open_of)
if [ -n "$isolated" ]; then
	is "exactly the listeners are open" "$got" "$PORTS"
else
	skip "no phantom open port" "other programs' listeners come and go \
outside a private namespace (run as root for the exact check)"
	for p in $PORTS; do
		case " $got " in *" $p "*) ;; *) missing="$missing $p" ;; esac
	done
	is "every listener is found open" "${missing:-}" ""
fi
n=$(printf '%s\n' "$out" | wc -l | tr -d ' ')
is "-a lists every port of the range" "$n" "$((HI - LO + 1))"
nopen=$(printf '%s\n' "$got" | wc -w | tr -d ' ')
nclosed=$(printf '%s\n' "$out" | awk '$3 == "closed"' | wc -l | tr -d ' ')
is "the rest are closed" "$((nclosed + nopen))" "$((HI - LO + 1))"
bad=$(printf '%s\n' "$out" | awk 'NF != 4 || $1 != "127.0.0.1"' | head -n 3)
is "-g lines are HOST PORT STATE SERVICE" "$bad" ""
is "no progress line when stderr is not a terminal" "$err" ""

### the table and its summary
listeners 2 127.0.0.1 || fail "listeners started"
run 60 "$SOCKT" portscan -p "$LO-$HI,$LO" 127.0.0.1 --sort
like "table header" "$out" "HOST*PORT*STATE*SERVICE*"
first=$(printf '%s\n' "$out" | sed -n 2p | awk '{ print $2, $3 }')
is "sorted: the first row is the lowest listener" "$first" "$LO open"
summary=$(printf '%s\n' "$out" | tail -n 1)
if [ -n "$isolated" ]; then
	like "summary line" "$summary" \
	    "2 open, $((HI - LO - 1)) closed, 0 filtered in *.* s"
else
	like "summary line" "$summary" "* open, * closed, 0 filtered in *.* s"
fi

### nothing open: exit 1
run 30 "$SOCKT" portscan -p "$LO,$HI" 127.0.0.1
if [ -n "$isolated" ]; then
	is "nothing open exits 1" "$rc" 1
	like "nothing open: summary" "$out" "0 open, 2 closed, 0 filtered in *"
else
	skip "nothing open exits 1" "not isolated"
	skip "nothing open: summary" "not isolated"
fi

### JSON Lines
listeners 2 127.0.0.1 || fail "listeners started"
run 60 "$SOCKT" portscan -j -p "$LO-$HI" 127.0.0.1
is "-j exits 0" "$rc" 0
last=$(printf '%s\n' "$out" | tail -n 1)
like "-j ends with a summary object" "$last" '{"type":"summary","open":*'
if have python3; then
	printf '%s\n' "$out" >"$T/json"
	jc=$(python3 -c '
import json, sys
ports = []; summ = None
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o["type"] == "port":
        assert o["host"] == "127.0.0.1" and o["state"] == "open"
        ports.append(o["port"])
    else:
        summ = o
assert summ["open"] == len(ports), summ
assert summ["open"] + summ["closed"] + summ["filtered"] == summ["probes"]
print(" ".join(str(p) for p in sorted(ports)), summ["probes"])
' "$T/json" 2>&1)
	if [ -n "$isolated" ]; then
		is "JSON parses; open ports and counts agree" "$jc" \
		    "$PORTS $((HI - LO + 1))"
	else
		like "JSON parses; counts agree" "$jc" "*$LO*$HI $((HI - LO + 1))"
	fi
else
	skip "JSON parses" "python3 not installed"
fi

### IPv6
if have_ipv6; then
	listeners 2 ::1 || fail "IPv6 listeners started"
	run 60 "$SOCKT" portscan -g -p "$LO-$HI" ::1
	got=$(open_of)
	has_all "IPv6 listeners open" "$got" "$PORTS"
	like "IPv6 host column" "$out" "::1 $LO open*"
else
	skip "IPv6 listeners open" "no IPv6 loopback"
	skip "IPv6 host column" "no IPv6 loopback"
fi

### a CIDR block of loopback addresses
listeners 1 127.0.0.3 || fail "listener on 127.0.0.3"
p3=$PORTS
run 30 "$SOCKT" portscan -g -a -p "$p3" 127.0.0.0/29
n=$(printf '%s\n' "$out" | wc -l | tr -d ' ')
is "a /29 is 8 hosts" "$n" 8
opens=$(printf '%s\n' "$out" | awk '$3 == "open" { print $1 }' | tr '\n' ' ')
is "only 127.0.0.3 is open" "$opens" "127.0.0.3 "
hosts=$(printf '%s\n' "$out" | awk '{ print $1 }' | sort -t. -k4 -n |
    tr '\n' ' ')
is "every address of the block" "$hosts" "127.0.0.0 127.0.0.1 127.0.0.2 \
127.0.0.3 127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7 "

### service names
if [ -n "$isolated" ]; then
	server 30 "$SOCKT" listen -v 127.0.0.1 80 || fail "listener on 80"
	run 30 "$SOCKT" portscan -g -a -p ssh,http 127.0.0.1
	is "service names: exit 0" "$rc" 0
	is "service names: states and names" "$out" "127.0.0.1 22 closed ssh
127.0.0.1 80 open http"
else
	skip "service names: exit 0" "needs a private namespace"
	skip "service names: states and names" "needs a private namespace"
fi

### --shard halves cover the whole space exactly once
run 30 "$SOCKT" portscan -g -a --shard 1/2 -p "1-3001" 127.0.0.1
s1=$out
run 30 "$SOCKT" portscan -g -a --shard 2/2 -p "1-3001" 127.0.0.1
s2=$out
all=$(printf '%s\n%s\n' "$s1" "$s2" | awk '{ print $2 }' | sort -n)
is "shards: 3001 ports in all" "$(printf '%s\n' "$all" | wc -l | tr -d ' ')" \
    3001
is "shards: no port twice" "$(printf '%s\n' "$all" | uniq -d | head -n 1)" ""
n1=$(printf '%s\n' "$s1" | wc -l | tr -d ' ')
is "shard 1/2 is half" "$n1" 1501
run 30 "$SOCKT" portscan -g -a --shard 1/2 -p "1-3001" 127.0.0.1
if [ "$(printf '%s\n' "$out" | awk '{print $2}' | sort -n | cksum)" = \
    "$(printf '%s\n' "$s1" | awk '{print $2}' | sort -n | cksum)" ]; then
	pass "a shard is deterministic"
else
	fail "a shard is deterministic"
fi

### -r random order still gives every port once
run 30 "$SOCKT" portscan -g -a -r -p 1-2000 127.0.0.1
is "-r: every port once" "$(printf '%s\n' "$out" | awk '{ print $2 }' |
    sort -n | uniq | wc -l | tr -d ' ')" 2000
ord=$(printf '%s\n' "$out" | awk '{ print $2 }' | head -n 20 | tr '\n' ' ')
if [ "$ord" != "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 " ]; then
	pass "-r: not in order"
else
	fail "-r: not in order" "$ord"
fi

### a window larger than the fd limit
listeners 2 127.0.0.1 || fail "listeners started"
run 60 sh -c 'ulimit -n 100 && exec "$0" portscan -v -g -a -c 5000 \
    -p "$1" 127.0.0.1' "$SOCKT" "$LO-$HI"
is "fd limit 100, -c 5000: exit 0" "$rc" 0
like "the window was lowered" "$err" "*window lowered to*"
case $err in *"open files"*) fail "no EMFILE" "$err" ;; *) pass "no EMFILE" ;; esac
has_all "fd limit: listeners still found" "$(open_of)" "$PORTS"
is "fd limit: every port has a state" \
    "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$((HI - LO + 1))"
run 30 sh -c 'ulimit -S -n 80 && exec "$0" portscan -v -g -a -c 500 \
    -p 1-3000 127.0.0.1' "$SOCKT"
case $err in *"window lowered"*) fail "soft limit raised by itself" "$err" ;;
*) pass "soft limit raised by itself" ;; esac
is "soft limit 80: every port has a state" \
    "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3000

### -b: a banner, escaped
printf 'SSH-2.0-sockt_test\r\n\001' >"$T/banner"
SIN=$T/banner server 30 "$SOCKT" listen -v 127.0.0.1 0 || fail "banner server"
run 30 "$SOCKT" portscan -b -w 2 -p "$SPORT" 127.0.0.1
like "-b shows the banner escaped" "$out" \
    "*$SPORT*open*SSH-2.0-sockt_test\\\\r\\\\n\\\\x01*"

done_testing
