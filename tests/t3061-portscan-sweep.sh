#!/bin/sh
# t3061-portscan-sweep.sh: the stateless -sS sweep (issue 62, item 5;
# scan/sweep.c).  A -sS port scan whose probes far outnumber a window
# (65,536 of them over 256 hosts or more) keeps no state per probe; its
# results must be those of the stateful path for the same truth.  The
# lab, in a namespace of its own: 198.19.0.0/18 made local ("ip route
# add local", 16,384 hosts), a listener on port 8080 of every address,
# port 1 closed everywhere, iptables dropping 198.19.16.0/22 (every port
# filtered, silent), rejecting port 2 of 198.19.32.0/22 (filtered, port
# unreachable) and dropping port 3 of 198.19.48.0/24.
#   - -sS -p 8080,1,2,3 of the /18 (65,536 probes) is a stateless sweep
#     (-v says so), and its -j ports, and --reason's reasons, equal those
#     of the same hosts scanned by the stateful path (four /20s, 16,384
#     probes each) and the truth's counts;
#   - in random order (-r) at a fixed --rate, the same ports;
#   - after host discovery (no -Pn: the 15,360 hosts up, 5 ports each),
#     a sweep too, with the stateful path's ports;
#   - two shards (--shard 1/2, 2/2) of 8 ports, each a sweep: their
#     ports 8080,1,2,3 together the same;
#   - --resume: a sweep stopped by SIGINT past 10,000 probes, then run
#     again, finishes its file with the same ports and counts.
# Needs root, unshare -n, iptables and python3; skips otherwise.
# watchdog: 200
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (its /18 and firewall are the namespace's)
. "$(dirname "$0")/lib.sh"
NET=198.19.0.0/18
P=8080,1,2,3

names() {
	cat <<-EOF
	the /18 x 4 ports is a stateless sweep (-v says so)
	the sweep's ports equal the stateful path's (four /20s)
	the sweep's counts are the truth's
	--reason: the sweep's reasons equal the stateful path's
	-r --rate 30000: the same ports
	after host discovery: a sweep of the hosts up, the stateful path's ports
	--shard 1/2 and 2/2, each a sweep: the same ports together
	--resume: a sweep stopped (SIGINT) and resumed, the same ports
	--resume: the resumed file's summary counts the whole scan
	EOF
}
if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null || ! have iptables ||
    ! have python3 || "$SOCKT" portscan -sS -p 1 127.0.0.1 2>&1 |
    grep -q raw || ! ip route add local "$NET" dev lo 2>/dev/null ||
    ! iptables -A INPUT -d 198.19.16.0/22 -j DROP 2>/dev/null; then
	while IFS= read -r d; do
		skip "$d" "needs root, unshare -n, iptables, python3, raw sockets"
	done <<-EOF
	$(names)
	EOF
	done_testing
	exit 0
fi
iptables -A INPUT -d 198.19.32.0/22 -p tcp --dport 2 -j REJECT
iptables -A INPUT -d 198.19.48.0/24 -p tcp --dport 3 -j DROP
# port 8080: the namespace is this script's alone
server 200 python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 8080))
s.listen(4096)
sys.stderr.write("listening on 0.0.0.0 port 8080\n")
sys.stderr.flush()
time.sleep(300)
' || exit 1

# ports NAME: the port lines of $T/out, sorted, into $T/NAME (without
# --reason's field, which the first two scans ask for)
ports() {
	grep '"type":"port"' "$T/out" | sed 's/,"reason":"[^"]*"//' |
	    sort >"$T/$1"
}

# with --reason's normal output beside -j's (compared below): one scan
# of each kind serves both checks
run 60 "$SOCKT" portscan -sS -Pn -v -j -a --reason -oN "$T/rs.n" -p "$P" \
    "$NET"
ports sweep
cp "$T/err" "$T/sweep.err"
cp "$T/out" "$T/sweep.out"
like "the /18 x 4 ports is a stateless sweep (-v says so)" \
    "$(cat "$T/sweep.err")" "*a stateless sweep, *"
: >"$T/full.out"
: >"$T/rf.n"
windows=0
for n in 0 16 32 48; do
	run 60 "$SOCKT" portscan -sS -Pn -v -j -a --reason -oN "$T/x.n" \
	    -p "$P" "198.19.$n.0/20"
	cat "$T/out" >>"$T/full.out"
	cat "$T/x.n" >>"$T/rf.n"
	windows=$((windows + $(grep -c 'window [0-9]' "$T/err")))
done
cp "$T/full.out" "$T/out"
ports full
is "the sweep's ports equal the stateful path's (four /20s)" \
    "$windows $(comm -3 "$T/sweep" "$T/full" | wc -l) $(wc -l <"$T/sweep")" \
    "4 0 65536"
# 8080 open but on the dropped /22; filtered: the /22's four ports, port
# 2 of the rejecting /22, port 3 of the dropping /24
is "the sweep's counts are the truth's" \
    "$(sed -n 's/.*"open":\([0-9]*\),"closed":\([0-9]*\),"filtered":\([0-9]*\),.*/\1 \2 \3/p' \
    "$T/sweep.out")" "15360 44800 5376"

# --reason: -oG's lines carry none; the normal output's do, by host
reasons() {
	awk '/^Nmap scan report for/ { h = $NF } /^[0-9]*\/tcp / { print h, $0 }' \
	    "$T/$1.n" | sort >"$T/$1.r"
}
reasons rs
reasons rf
# (the dropped /22's hosts, which never answered, are not listed)
is "--reason: the sweep's reasons equal the stateful path's" \
    "$(comm -3 "$T/rs.r" "$T/rf.r" | wc -l) $(grep -c . "$T/rs.r")" \
    "0 61440"

run 60 "$SOCKT" portscan -sS -Pn -j -a -r --rate 30000 -p "$P" "$NET"
ports random
is "-r --rate 30000: the same ports" \
    "$(comm -3 "$T/random" "$T/full" | wc -l)" 0

# after discovery: the dropped /22's hosts are down, the rest scanned
run 60 "$SOCKT" portscan -sS -v -j -a -p 8080,1-4 "$NET"
sweeps=$(grep -c 'a stateless sweep' "$T/err")
ports disc
: >"$T/fd.out"
for n in 0 16 32 48; do
	run 60 "$SOCKT" portscan -sS -j -a -p 8080,1-4 "198.19.$n.0/20"
	cat "$T/out" >>"$T/fd.out"
done
cp "$T/fd.out" "$T/out"
ports fulldisc
is "after host discovery: a sweep of the hosts up, the stateful path's ports" \
    "$sweeps $(comm -3 "$T/disc" "$T/fulldisc" | wc -l) $(wc -l <"$T/disc")" \
    "1 0 76800"

: >"$T/sh.out"
sweeps=0
for s in 1/2 2/2; do
	run 60 "$SOCKT" portscan -sS -Pn -v -j -a --shard "$s" -p 8080,1-7 \
	    "$NET"
	sweeps=$((sweeps + $(grep -c 'a stateless sweep' "$T/err")))
	grep -v '"port":[4-7],' "$T/out" >>"$T/sh.out"
done
cp "$T/sh.out" "$T/out"
ports shards
is "--shard 1/2 and 2/2, each a sweep: the same ports together" \
    "$sweeps $(comm -3 "$T/shards" "$T/full" | wc -l)" "2 0"

# a background job ignores SIGINT unless given it back
if env --default-signal=INT true 2>/dev/null; then
	dfl="env --default-signal=INT"
else
	dfl=
fi
# marked N FILE: FILE has a mark past N
marked() {
	sed -n 's/^{"type":"resume","next":\([0-9]*\).*/\1/p' "$2" |
	    awk -v n="$1" '{ v = $1 } END { exit !(v + 0 > n) }'
}
$dfl "$SOCKT" portscan -sS -Pn -j -a --rate 20000 --resume "$T/res.j" -p "$P" \
    "$NET" >/dev/null 2>"$T/res.err" </dev/null &
rpid=$!
own "$rpid"
watch 60 "$rpid"
wait_until 30 marked 10000 "$T/res.j" || fail "the sweep made no progress"
kill -INT "$rpid"
wait "$rpid"
echo "# stopped: exit $?, $(grep -c '"type":"port"' "$T/res.j") ports in the file"
run 60 "$SOCKT" portscan -sS -Pn -j -a --rate 20000 --resume "$T/res.j" -p "$P" \
    "$NET"
cp "$T/res.j" "$T/out"
ports resumed
is "--resume: a sweep stopped (SIGINT) and resumed, the same ports" \
    "$rc $(comm -3 "$T/resumed" "$T/full" | wc -l)" "0 0"
is "--resume: the resumed file's summary counts the whole scan" \
    "$(tail -n 1 "$T/res.j" | sed -n 's/.*"open":\([0-9]*\),"closed":\([0-9]*\),"filtered":\([0-9]*\),.*/\1 \2 \3/p')" \
    "15360 44800 5376"
done_testing
