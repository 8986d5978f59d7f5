#!/bin/sh
# portscan --resume FILE -oX FILE (issue 62, item 4): an -oX scan stopped
# by SIGINT, SIGTERM or SIGKILL (a crash, and a file cut in the middle of
# its last mark) goes on from its last mark when the same command is run
# again, and the finished file is an uninterrupted scan's: its hosts,
# ports, states, reasons and counts equal (compared as python's
# xml.etree reads them, not the times), read by ndiff (no difference)
# and python3-nmap where installed; an interrupted file is a whole XML
# document too.  The probes sent twice, counted by an iptables rule on
# every SYN, are at most one window (-c) for a signal; a changed command
# line is refused in one line, exit 2; a shard resumes the same, and a
# scan stopped twice.  The lab is t3058's (resumelab.sh): four hosts of
# 198.18.0.0/24 made local in a namespace of the script's own, a
# listener on every address, ports that DROP and REJECT on some hosts,
# the rest closed.
# Needs root, unshare -n, iptables and python3; skips otherwise.
# watchdog: 200
# netns: own (its addresses and firewall are the namespace's)
. "$(dirname "$0")/resumelab.sh"

names() {
	echo "--resume FILE -oX FILE: nmap's XML with its marks as comments"
	echo "--resume -oX: the hosts as -oX alone finds them"
	echo "SIGINT: exit 130, the file a whole XML document, its last mark's list"
	echo "SIGINT: resumed, the hosts and ports of an uninterrupted scan"
	echo "SIGINT: probes sent twice at most one window"
	echo "the stopped and the resumed file valid against nmap.dtd (xmllint)"
	echo "ndiff: the resumed file against the uninterrupted, no difference"
	echo "python3-nmap reads the resumed file: the uninterrupted's states"
	echo "the same command once more, finished: the same, no port probed"
	echo "SIGTERM: exit 143, resumed, the same hosts and ports"
	echo "SIGKILL: resumed, the same hosts and ports"
	echo "SIGKILL, the file cut in its last mark: resumed, the same"
	echo "stopped twice: resumed, the same hosts and ports"
	echo "-r: stopped, then killed, resumed: the same hosts and ports"
	echo "a shard, -r: stopped, resumed, the same hosts and ports"
	echo "a changed command line refused in one line, exit 2"
	echo "-oX to another file refused"
	echo "-oN refused"
}
resume_lab python3
W=64
# in order: each host done in turn, its element written mid-file
ARGS="-c $W --rate 6000 --retries 0 -w 0.5 -p 1-1500,$L"
HOSTS="198.18.0.1-4"

# hosts FILE: what nmap's readers find in it, a line each, sorted:
# hosts, ports, the ports not listed and why, runstats' counts.  Through
# pyrun (12 calls, a python3 start each was ~0.1 s of CPU): the first
# call is in the script's own shell (full.h below), which starts pyrun's
# python3; the later ones, in a $( ), use it by its descriptors 8 and 9
cat >"$T/hosts.py" <<'EOF'
import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
o = []
for h in r.iter("host"):
    a = h.find("address").get("addr")
    s = h.find("status")
    o.append("host %s %s %s" % (a, s.get("state"), s.get("reason")))
    for x in h.iter("extraports"):
        o.append("extra %s %s %s" % (a, x.get("state"), x.get("count")))
        for e in x.iter("extrareasons"):
            o.append("why %s %s %s %s" % (a, x.get("state"),
                e.get("reason"), e.get("count")))
    for p in h.iter("port"):
        s = p.find("state")
        o.append("port %s %s/%s %s %s" % (a, p.get("portid"),
            p.get("protocol"), s.get("state"), s.get("reason")))
n = r.find("runstats/hosts")
o.append("hosts up %s down %s total %s" % (n.get("up"), n.get("down"),
    n.get("total")))
print("\n".join(sorted(o)))
EOF
hosts() {
	pyrun 30 "$T/hosts.py" "$1"
	printf '%s\n' "$out"
	[ -z "$err" ] || printf '%s\n' "$err"
}
# resumed FILE ARGS...: the same command, to its end
resumed() {
	_f=$1
	shift
	run 60 "$SOCKT" portscan --resume "$_f" -oX "$_f" "$@"
}

syns >/dev/null
resumed "$T/full.xml" $ARGS $HOSTS
full=$(syns)
hosts "$T/full.xml" >"$T/full.h"
like "--resume FILE -oX FILE: nmap's XML with its marks as comments" \
    "$rc $(head -c 5 "$T/full.xml") $(grep -c '^<!-- sockt-resume ' \
    "$T/full.xml") $(grep -c '^host ' "$T/full.h")" \
    '0 <?xml [1-9]* 4'
run 60 "$SOCKT" portscan $ARGS -oX "$T/plain.xml" $HOSTS
is "--resume -oX: the hosts as -oX alone finds them" \
    "$(hosts "$T/plain.xml")" "$(cat "$T/full.h")"
# -r: the DROPped ports spread, the places past one a mark waits on
# done after it, and listed in the last mark at a stop
RARGS="-r $ARGS"
syns >/dev/null
resumed "$T/fullr.xml" $RARGS $HOSTS
full=$(syns)

stopped INT 1000 "$T/r.xml" -oX "$T/r.xml" $RARGS $HOSTS
cp "$T/r.xml" "$T/rstop.xml"
like "SIGINT: exit 130, the file a whole XML document, its last mark's list" \
    "$rc $(hosts "$T/r.xml" | grep -c '^host ') $(grep '^<!-- sockt-resume' \
    "$T/r.xml" | tail -n 1 | grep -c '"done":\[[0-9]') $(cat "$T/e")" \
    "130 [1-4] 1 *interrupted after * probes: resume with --resume $T/r.xml"
resumed "$T/r.xml" $RARGS $HOSTS
two=$(syns)
is "SIGINT: resumed, the hosts and ports of an uninterrupted scan" \
    "$rc $(hosts "$T/r.xml")" "0 $(cat "$T/full.h")"
# host discovery runs again on a resume: 443 and 80 of each of 4 hosts
twice=$((two - full - 8))
echo "# $full SYNs uninterrupted, $two stopped and resumed: $twice port" \
    "probes twice (window $W), beside discovery's 8"
check "SIGINT: probes sent twice at most one window" \
    sh -c '[ "$1" -ge 0 ] && [ "$1" -le "$2" ]' sh "$twice" "$W"
# t3052's way: the scanner's name taken for nmap's
if have xmllint && [ -r /usr/share/nmap/nmap.dtd ]; then
	for f in rstop r; do
		sed 's/scanner="sockt"/scanner="nmap"/' "$T/$f.xml" >"$T/v$f.xml"
	done
	run 30 xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd \
	    "$T/vrstop.xml" "$T/vr.xml"
	is "the stopped and the resumed file valid against nmap.dtd (xmllint)" \
	    "$rc $err" "0 "
else
	skip "the stopped and the resumed file valid against nmap.dtd" \
	    "no xmllint or nmap.dtd"
fi
if have ndiff; then
	run 30 ndiff "$T/fullr.xml" "$T/r.xml"
	is "ndiff: the resumed file against the uninterrupted, no difference" \
	    "$rc" 0
else
	skip "ndiff: the resumed file against the uninterrupted" "no ndiff"
fi
if python3 -c 'import nmap' 2>/dev/null; then
	nm() {
		python3 -c '
import sys, nmap
ps = nmap.PortScanner()
ps.analyse_nmap_xml_scan(open(sys.argv[1]).read())
for h in ps.all_hosts():
    for p, v in ps[h].get("tcp", {}).items():
        print(h, p, v["state"], v["reason"])
' "$1" 2>&1 | sort
	}
	is "python3-nmap reads the resumed file: the uninterrupted's states" \
	    "$(nm "$T/r.xml")" "$(nm "$T/fullr.xml")"
else
	skip "python3-nmap reads the resumed file" "python3-nmap not installed"
fi
resumed "$T/r.xml" $RARGS $HOSTS
again=$(syns)
is "the same command once more, finished: the same, no port probed" \
    "$rc $((again <= 8)) $(hosts "$T/r.xml")" "0 1 $(cat "$T/full.h")"

# in order: the first host (1501 of 6004 places) done, its element
# written between two marks, the second in progress
stopped TERM 1550 "$T/t.xml" -oX "$T/t.xml" $ARGS $HOSTS
r1=$rc
resumed "$T/t.xml" $ARGS $HOSTS
is "SIGTERM: exit 143, resumed, the same hosts and ports" \
    "$r1 $rc $(hosts "$T/t.xml")" "143 0 $(cat "$T/full.h")"

# a crash: what was flushed stays, the marks' last whole line counts
stopped KILL 1550 "$T/k.xml" -oX "$T/k.xml" $ARGS $HOSTS 2>/dev/null
cp "$T/k.xml" "$T/c.xml"
resumed "$T/k.xml" $ARGS $HOSTS
is "SIGKILL: resumed, the same hosts and ports" \
    "$(grep -c '</nmaprun>' "$T/c.xml") $rc $(hosts "$T/k.xml")" \
    "0 0 $(cat "$T/full.h")"
n=$(awk '/^<!-- sockt-resume {"type":"resume"/ { o = n }
    { n += length($0) + 1 } END { print o + 40 }' "$T/c.xml")
head -c "$n" "$T/c.xml" >"$T/c2.xml"
resumed "$T/c2.xml" $ARGS $HOSTS
is "SIGKILL, the file cut in its last mark: resumed, the same" \
    "$rc $(hosts "$T/c2.xml")" "0 $(cat "$T/full.h")"
syns >/dev/null

# stopped, resumed and stopped again, resumed: the places a stop had
# done after its mark carried on
stopped INT 500 "$T/d.xml" -oX "$T/d.xml" $ARGS $HOSTS
r1=$rc
stopped INT 1550 "$T/d.xml" -oX "$T/d.xml" $ARGS $HOSTS
r2=$rc
resumed "$T/d.xml" $ARGS $HOSTS
is "stopped twice: resumed, the same hosts and ports" \
    "$r1 $r2 $rc $(hosts "$T/d.xml")" "130 130 0 $(cat "$T/full.h")"

# stopped, then resumed and killed: the stop's places past the crash's
# last mark still done, none written twice
stopped INT 1000 "$T/e.xml" -oX "$T/e.xml" $RARGS $HOSTS
r1=$rc
n=$(last_mark "$T/e.xml")
stopped KILL $((n + 300)) "$T/e.xml" -oX "$T/e.xml" $RARGS $HOSTS 2>/dev/null
resumed "$T/e.xml" $RARGS $HOSTS
is "-r: stopped, then killed, resumed: the same hosts and ports" \
    "$r1 $rc $(hosts "$T/e.xml")" "130 0 $(cat "$T/full.h")"

SH="-a -r -c $W --rate 6000 --retries 0 -w 0.5 -p 1-3000,$L"
SOCKT_SHARD=2/3 run 60 "$SOCKT" portscan $SH -oX "$T/sfull.xml" $HOSTS
SOCKT_SHARD=2/3 stopped TERM 1000 "$T/s.xml" -oX "$T/s.xml" $SH $HOSTS
r1=$rc
SOCKT_SHARD=2/3 resumed "$T/s.xml" $SH $HOSTS
is "a shard, -r: stopped, resumed, the same hosts and ports" \
    "$r1 $rc $(hosts "$T/s.xml")" "143 0 $(hosts "$T/sfull.xml")"

cp "$T/full.xml" "$T/x.xml"
run 10 "$SOCKT" portscan --resume "$T/x.xml" -oX "$T/x.xml" $ARGS \
    -p 1-1000 $HOSTS
like "a changed command line refused in one line, exit 2" \
    "$rc $(printf '%s\n' "$err" | wc -l) $(cmp "$T/x.xml" "$T/full.xml" &&
    echo kept) $err" \
    "2 1 kept sockt portscan: --resume $T/x.xml: not this scan's file: it was *"
run 10 "$SOCKT" portscan --resume "$T/x.xml" -oX "$T/y.xml" $ARGS $HOSTS
like "-oX to another file refused" "$rc $err" \
    "2 sockt portscan: --resume FILE goes on with -j's lines * -oX FILE*"
run 10 "$SOCKT" portscan --resume "$T/x.xml" -oX "$T/x.xml" -oN "$T/n" \
    $ARGS $HOSTS
like "-oN refused" "$rc $err" \
    "2 sockt portscan: --resume FILE goes on with -j's lines * -oX FILE*"
done_testing
