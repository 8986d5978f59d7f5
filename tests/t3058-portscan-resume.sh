#!/bin/sh
# portscan --resume FILE (issue 62, item 4): a -j scan to FILE stopped
# by SIGINT or SIGTERM (or cut in the middle of a line, as a crash
# leaves it) goes on from its last mark when the same command is run
# again, with the seed it had, and the finished file's ports equal an uninterrupted scan's; the
# probes sent twice, counted by an iptables rule on every SYN, are at
# most one window (-c); a changed command line is refused in one line,
# exit 2; a shard resumes the same.  The lab (resumelab.sh): four hosts
# of 198.18.0.0/24
# made local ("ip route add local") in a namespace of the script's own,
# a listener on every address, ports that DROP (filtered) and REJECT
# (filtered, port unreachable) on some hosts, the rest closed.  Needs
# root, unshare -n and iptables; skips otherwise.
# watchdog: 150
# netns: own (its addresses and firewall are the namespace's)
. "$(dirname "$0")/resumelab.sh"

names() {
	echo "--resume FILE begins a scan in FILE: its lines there, none on stdout"
	echo "without --resume, -j to a file has no scan line and no marks"
	echo "SIGINT: exit 130, the line that says how to go on"
	echo "-r: the resumed file's ports equal an uninterrupted scan's"
	echo "-r: the resumed file's summary counts the whole scan"
	echo "-r: probes sent twice at most one window"
	echo "the same command once more, finished: the same ports, no port probed"
	echo "-r: every line of the resumed file is JSON"
	echo "a file cut in the middle of its last mark resumes: the same ports"
	echo "stopped, then killed, resumed: the same ports"
	echo "SIGTERM, a shard: exit 143, resumed, the same ports"
	echo "a changed command line refused in one line, exit 2"
	echo "--resume without -j refused"
	echo "--resume with -oG refused: -j's or -oX's file alone"
	echo "-sV stopped in its probes: exit 130, the port it left not in the file"
	echo "-sV resumed: the port it left probed again and named"
}
resume_lab
W=64
ARGS="-j -a -r -c $W --rate 6000 --retries 0 -w 0.5 -p 1-1500,$L"
HOSTS="198.18.0.1-4"

# ports FILE: its port lines, sorted
ports() { grep '"type":"port"' "$1" | sort; }

syns >/dev/null
run 60 "$SOCKT" portscan --resume "$T/full" $ARGS $HOSTS
full=$(syns)
is "--resume FILE begins a scan in FILE: its lines there, none on stdout" \
    "$rc $(head -c 15 "$T/full") $(wc -c <"$T/out")" '0 {"type":"scan", 0'
run 60 "$SOCKT" portscan $ARGS $HOSTS
is "without --resume, -j to a file has no scan line and no marks" \
    "$(grep -c '"type":"\(scan\|resume\)"' "$T/out")" 0
syns >/dev/null

stopped INT 1000 "$T/r" $ARGS $HOSTS
like "SIGINT: exit 130, the line that says how to go on" "$rc $(cat "$T/e")" \
    "130 *sockt portscan: interrupted after * probes: resume with --resume $T/r"
run 60 "$SOCKT" portscan --resume "$T/r" $ARGS $HOSTS
two=$(syns)
is "-r: the resumed file's ports equal an uninterrupted scan's" \
    "$rc $(ports "$T/r" | cksum)" "0 $(ports "$T/full" | cksum)"
# host discovery runs again on a resume: 443 and 80 of each of 4 hosts
# counts: the summary's open, closed, filtered, open|filtered
counts() {
	tail -n 1 "$1" | sed -n 's/^{"type":"summary",\("open".*"open_filtered":[0-9]*\),.*/\1/p'
}
is "-r: the resumed file's summary counts the whole scan" \
    "$(counts "$T/r")" "$(counts "$T/full")"
twice=$((two - full - 8))
echo "# $full SYNs uninterrupted, $two stopped and resumed: $twice port" \
    "probes twice (window $W), beside discovery's 8"
check "-r: probes sent twice at most one window" \
    sh -c '[ "$1" -ge 0 ] && [ "$1" -le "$2" ]' sh "$twice" "$W"
run 60 "$SOCKT" portscan --resume "$T/r" $ARGS $HOSTS
again=$(syns)
is "the same command once more, finished: the same ports, no port probed" \
    "$rc $(ports "$T/r" | cksum) $((again <= 8))" \
    "0 $(ports "$T/full" | cksum) 1"
if have python3; then
	is "-r: every line of the resumed file is JSON" "$(python3 -c '
import json, sys
for l in open(sys.argv[1]):
	json.loads(l)
' "$T/r" 2>&1)" ""
else
	skip "-r: every line of the resumed file is JSON" "no python3"
fi

# a crash: the file cut in the middle of its last mark
stopped TERM 1000 "$T/c" $ARGS $HOSTS
n=$(awk '/^{"type":"resume"/ { o = n } { n += length($0) + 1 }
    END { print o + 5 }' "$T/c")
head -c "$n" "$T/c" >"$T/c2"
run 60 "$SOCKT" portscan --resume "$T/c2" $ARGS $HOSTS
is "a file cut in the middle of its last mark resumes: the same ports" \
    "$rc $(ports "$T/c2" | cksum)" "0 $(ports "$T/full" | cksum)"

# stopped, then resumed and killed: the stop's places past the crash's
# last mark still done, no line written twice
stopped INT 1000 "$T/k2" $ARGS $HOSTS
r1=$rc
n=$(last_mark "$T/k2")
stopped KILL $((n + 300)) "$T/k2" $ARGS $HOSTS 2>/dev/null
run 60 "$SOCKT" portscan --resume "$T/k2" $ARGS $HOSTS
is "stopped, then killed, resumed: the same ports" \
    "$r1 $rc $(ports "$T/k2" | cksum)" "130 0 $(ports "$T/full" | cksum)"

SH="-j -a -c $W --rate 6000 --retries 0 -w 0.5 -p 1-3000,$L"
SOCKT_SHARD=2/3 run 60 "$SOCKT" portscan $SH $HOSTS
cp "$T/out" "$T/sfull"
SOCKT_SHARD=2/3 stopped TERM 1000 "$T/s" $SH $HOSTS
r1=$rc
SOCKT_SHARD=2/3 run 60 "$SOCKT" portscan --resume "$T/s" $SH $HOSTS
is "SIGTERM, a shard: exit 143, resumed, the same ports" \
    "$r1 $rc $(ports "$T/s" | cksum)" "143 0 $(ports "$T/sfull" | cksum)"

cp "$T/full" "$T/x"
run 10 "$SOCKT" portscan --resume "$T/x" $ARGS -p 1-1000 $HOSTS
like "a changed command line refused in one line, exit 2" \
    "$rc $(printf '%s\n' "$err" | wc -l) $err" \
    "2 1 sockt portscan: --resume $T/x: not this scan's file: it was *"
run 10 "$SOCKT" portscan --resume "$T/x" -p 1 $HOSTS
like "--resume without -j refused" "$rc $err" "2 *--resume*-j*"
run 10 "$SOCKT" portscan --resume "$T/x" $ARGS -oG "$T/g" $HOSTS
like "--resume with -oG refused: -j's or -oX's file alone" "$rc $err" \
    "2 sockt portscan: --resume FILE goes on with -j's lines to FILE or with -oX FILE*"

### -sV stopped while it probes: a port on every host that answers no
# probe (its first read says the probe came) until $T/answer exists,
# then as nginx; the stop must leave it out of the file, and the resume
# probe it again (it was written "unknown", exit 0, and never probed
# again)
server 100 "$SOCKT" listen -v -k 0.0.0.0 0 -c "read l; [ -e $T/answer ] &&
    printf 'HTTP/1.0 200 OK\\r\\nServer: nginx/1.22.1\\r\\n\\r\\n' ||
    { : >$T/asked; cat >/dev/null; }" || exit 1
V=$SPORT
SV="-sV -j -w 0.5 -p $L,$V"
$dfl "$SOCKT" portscan --resume "$T/v" $SV $HOSTS >/dev/null 2>"$T/e" &
P=$!
own "$P"
watch 60 "$P"
wait_until 30 test -e "$T/asked" || fail "-sV sent no probe"
kill -INT "$P"
wait "$P"
is "-sV stopped in its probes: exit 130, the port it left not in the file" \
    "$? $(grep -c "\"port\":$V," "$T/v")" "130 0"
: >"$T/answer"
run 60 "$SOCKT" portscan --resume "$T/v" $SV $HOSTS
is "-sV resumed: the port it left probed again and named" \
    "$rc $(grep "\"port\":$V," "$T/v" | grep -c '"service":"http","product":"nginx"')" \
    "0 4"
done_testing
