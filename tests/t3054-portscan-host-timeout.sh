#!/bin/sh
# portscan --host-timeout (issue 54), as nmap's: a host still in progress
# that long after its first probe is given up, its ports not listed, a
# line on stderr, and in the files as nmap writes such a host (-oG's
# "Status: Timeout", -oX's <host timedout="true"> with no ports).  Two
# hosts in a private namespace: 127.0.0.1 refuses every port, 198.18.0.1
# (a local address) has every probe dropped by iptables; -w 3 makes
# each of its probes wait 3 s (without it the round trips 127.0.0.1 gave
# would settle them sooner than the timeout).  nmap beside it, where it
# runs, skips it too.  Needs root, unshare -n and iptables; skips
# otherwise.
# watchdog: 90
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (its address and firewall are the namespace's)
. "$(dirname "$0")/lib.sh"

names() {
	echo "the silent host is skipped within 1-4 s, said on stderr"
	echo "none of its ports listed, every one of the other's"
	echo "the summary counts the probes skipped"
	echo "-j: the summary's skipped"
	echo "-oG: Status: Timeout"
	echo "-oX: the host timedout, no ports"
	echo "-oN: nmap's Skipping host line"
	echo "--sort: a host's ports settled before its timeout not listed"
	echo "streamed: those printed before the timeout stand"
	echo "python3-nmap and python3-libnmap read -oX"
	echo "ndiff reads -oX"
	echo "nmap --host-timeout skips the same host"
}
if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null || ! have iptables ||
    ! ip addr add 198.18.0.1/32 dev lo 2>/dev/null ||
    ! iptables -A INPUT -d 198.18.0.1 -p tcp --syn -j DROP 2>/dev/null ||
    ! ip addr add 198.18.0.2/32 dev lo 2>/dev/null ||
    ! iptables -A INPUT -d 198.18.0.2 -p tcp --syn --dport 4:65535 \
    -j DROP 2>/dev/null; then
	while IFS= read -r d; do
		skip "$d" "needs root, unshare -n and iptables"
	done <<-EOF
	$(names)
	EOF
	done_testing
	exit 0
fi

timed 30 "$SOCKT" portscan -g -a -v -Pn -w 3 --host-timeout 1s \
    -p 1-2000 -oG "$T/h.gnmap" -oX "$T/h.xml" -oN "$T/h.nmap" \
    127.0.0.1 198.18.0.1
like "the silent host is skipped within 1-4 s, said on stderr" \
    "$rc $(within 900 4000 "$el" && echo in-time) $err" \
    "1 in-time *sockt portscan: 198.18.0.1: skipped, host timeout (1s) after * of 2000 probes*"
is "none of its ports listed, every one of the other's" \
    "$(printf '%s\n' "$out" | awk '{ n[$1]++ } END { print n["127.0.0.1"] + 0, n["198.18.0.1"] + 0 }')" \
    "2000 0"
like "the summary counts the probes skipped" "$err" \
    "*0 open, 2000 closed, 0 filtered, 2000 skipped (host timeout) in *"
run 30 "$SOCKT" portscan -j -Pn -w 3 --host-timeout 1s -p 1-20 127.0.0.1 \
    198.18.0.1
like "-j: the summary's skipped" "$rc $(printf '%s\n' "$out" | tail -n 1)" \
    '1 {"type":"summary","open":0,"closed":20,*"skipped":20,*}'
like "-oG: Status: Timeout" "$(cat "$T/h.gnmap")" \
    "*Host: 198.18.0.1 ()	Status: Up
Host: 198.18.0.1 ()	Status: Timeout
# sockt done at * -- 2 IP addresses (2 hosts up) scanned in *"
like "-oX: the host timedout, no ports" "$(cat "$T/h.xml")" \
    '*<host starttime="*" endtime="*" timedout="true"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="198.18.0.1" addrtype="ipv4"/>
<hostnames>
</hostnames>
</host>
<runstats>*'
like "-oN: nmap's Skipping host line" "$(cat "$T/h.nmap")" \
    "*Nmap scan report for 198.18.0.1
Host is up.
Skipping host 198.18.0.1 due to host timeout
# sockt done at *"

# 198.18.0.2 refuses ports 1-3 and drops the rest: 3 settled, then
# skipped (the rules drop SYNs alone: a local connect's source is its
# destination, and the answers must pass)
run 30 "$SOCKT" portscan -g -a --sort -Pn -w 3 --host-timeout 1s -p 1-20 \
    198.18.0.2
like "--sort: a host's ports settled before its timeout not listed" \
    "$rc $(printf '%s\n' "$out" | grep -c '^198') $err" \
    "1 0 *198.18.0.2: skipped, host timeout (1s) after 3 of 20 probes*"
run 30 "$SOCKT" portscan -g -a -Pn -w 3 --host-timeout 1s -p 1-20 \
    198.18.0.2
is "streamed: those printed before the timeout stand" \
    "$rc $(printf '%s\n' "$out" | awk '{ print $2 }' | sort -n | xargs)" \
    "1 1 2 3"

PY=
for p in /usr/bin/python3 python3; do
	if have "$p" && "$p" -c 'import nmap, libnmap' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -n "$PY" ]; then
	run 30 "$PY" -c '
import sys, nmap
from libnmap.parser import NmapParser
ps = nmap.PortScanner()
ps.analyse_nmap_xml_scan(open(sys.argv[1]).read())
print(sorted(ps.all_hosts()), len(ps["127.0.0.1"]["tcp"]))
r = NmapParser.parse_fromfile(sys.argv[1])
print(r.hosts_total, r.hosts_up)
' "$T/h.xml"
	is "python3-nmap and python3-libnmap read -oX" "$rc $out" \
	    "0 ['127.0.0.1', '198.18.0.1'] 2000
2 2"
else
	skip "python3-nmap and python3-libnmap read -oX" "not installed"
fi
if have ndiff; then
	run 30 ndiff "$T/h.xml" "$T/h.xml"
	is "ndiff reads -oX" "$rc" 0
else
	skip "ndiff reads -oX" "ndiff not installed"
fi
if have nmap; then
	run 60 nmap -sT -Pn -n --host-timeout 1s -p 1-2000 -oG - \
	    127.0.0.1 198.18.0.1
	like "nmap --host-timeout skips the same host" "$out" \
	    "*Host: 198.18.0.1 ()	Status: Timeout*"
else
	skip "nmap --host-timeout skips the same host" "nmap not installed"
fi
done_testing
