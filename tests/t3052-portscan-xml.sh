#!/bin/sh
# portscan's files in nmap's formats (issue 54): -oX (nmap's XML, valid
# against nmap's nmap.dtd but for scanner="sockt"), -oN (its normal
# output), -oA (the three), and --reason.  What reads nmap's XML must
# read sockt's and find what -g says on every port: ndiff, python3-nmap
# and python3-libnmap; and where nmap runs, its own -sT -oX of the same
# ports has the same elements and attributes and ndiff finds no
# difference between the two.
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"

# a Python with the Debian modules (pyenv's python3 may lack them)
PY=
for p in /usr/bin/python3 python3; do
	if have "$p" && "$p" -c 'import nmap, libnmap' 2>/dev/null; then
		PY=$p
		break
	fi
done

server 120 "$SOCKT" serve-hello -v 127.0.0.1 0 || exit 1
P1=$SPORT
server 120 "$SOCKT" serve-hello -v 127.0.0.1 0 || exit 1
P2=$SPORT
closedport
C=$CPORT
PORTS=$C,$P1,$P2

### -oA: the three files, the table beside them
run 30 "$SOCKT" portscan -a --reason -oA "$T/s" -p "$PORTS" 127.0.0.1
is "-oA: exit 0 (open ports)" "$rc" 0
check "-oA: base.xml, base.nmap and base.gnmap written" \
    test -s "$T/s.xml" -a -s "$T/s.nmap" -a -s "$T/s.gnmap"
like "--reason: the table's REASON column" "$out" \
    "*SERVICE*REASON*$C*closed*conn-refused*$P1*open*syn-ack*"
like "-oX: nmap's layout, scanner sockt" "$(cat "$T/s.xml")" \
    '<?xml version="1.0" encoding="UTF-8"?>*<nmaprun scanner="sockt" *xmloutputversion="1.05">*<scaninfo type="connect" protocol="tcp" numservices="3"*<host *<status state="up" reason="syn-ack"*<address addr="127.0.0.1" addrtype="ipv4"/>*<state state="closed" reason="conn-refused" reason_ttl="0"/>*<runstats><finished *<hosts up="1" down="0" total="1"/>*</nmaprun>'
like "-oN: nmap's scan report and table" "$(cat "$T/s.nmap")" \
    "# sockt * scan initiated *Nmap scan report for 127.0.0.1
Host is up, received syn-ack.

PORT * STATE * SERVICE *REASON
*# sockt done at *"
is "-oN: the ports in port order, their reasons" \
    "$(awk '/\/tcp/ { print $1, $2, $4 }' "$T/s.nmap")" \
    "$(printf '%s\n' "$C/tcp closed conn-refused" "$P1/tcp open syn-ack" \
    "$P2/tcp open syn-ack" | sort -n)"
like "-oA's -oG: the grepable lines" "$(cat "$T/s.gnmap")" \
    "*Host: 127.0.0.1 ()	Ports: *$P1/open/tcp//*"

# the XML against nmap's DTD, the scanner's name taken for nmap's
if have xmllint && [ -r /usr/share/nmap/nmap.dtd ]; then
	sed 's/scanner="sockt"/scanner="nmap"/' "$T/s.xml" >"$T/v.xml"
	run 30 xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$T/v.xml"
	is "-oX: valid against nmap.dtd (xmllint)" "$rc $err" "0 "
else
	skip "-oX: valid against nmap.dtd" "no xmllint or nmap.dtd"
fi

### what -g says, port by port: "ADDR PORT PROTO STATE"
# grepable_ports FILE: -g's lines as "addr port proto state", sorted
grepable_ports() {
	awk '{ p = $2; proto = "tcp"
	    if (p ~ /\//) { split(p, a, "/"); p = a[1]; proto = a[2] }
	    print $1, p, proto, $3 }' "$1" | sort
}

# scan_both NAME ARGS...: -g on stdout and -oX NAME.xml in one scan
scan_both() {
	_n=$1
	shift
	run 60 "$SOCKT" portscan -g -oX "$T/$_n.xml" "$@"
	printf '%s\n' "$out" >"$T/$_n.g"
	grepable_ports "$T/$_n.g" >"$T/$_n.want"
}

scan_both tcp -a -p "$PORTS" 127.0.0.1 127.0.0.2
is "two hosts: -g lists 6 ports" "$(wc -l <"$T/tcp.want" | tr -d ' ')" 6
U=
if closedport -u 2>/dev/null; then
	U=$CPORT
	scan_both udp -a -u -t -p "$P1,$U" 127.0.0.1
fi
# without -a: the closed ports in <extraports>, as -g leaves them out
scan_both many -p "1-60,$P1" 127.0.0.1

if [ -n "$PY" ]; then
	for f in tcp udp many; do
		[ -s "$T/$f.xml" ] || continue
		run 30 "$PY" -c '
import sys, nmap
from libnmap.parser import NmapParser
xml = open(sys.argv[1]).read()
ps = nmap.PortScanner()
ps.analyse_nmap_xml_scan(xml)
for h in ps.all_hosts():
    for proto in ("tcp", "udp"):
        if proto in ps[h]:
            for p, v in ps[h][proto].items():
                print("nmap", h, p, proto, v["state"], v["reason"])
r = NmapParser.parse_fromfile(sys.argv[1])
for h in r.hosts:
    for s in h.services:
        print("libnmap", h.address, s.port, s.protocol, s.state, s.reason)
print("summary", r.hosts_total, r.hosts_up)
' "$T/$f.xml"
		printf '%s\n' "$out" >"$T/$f.py"
		for lib in nmap libnmap; do
			got=$(awk -v l=$lib '$1 == l { print $2, $3, $4, $5 }' \
			    "$T/$f.py" | sort)
			want=$(cat "$T/$f.want")
			is "python3-$lib reads -oX ($f) and agrees with -g" \
			    "$rc:$got" "0:$want"
		done
		like "python3-nmap: each port's reason ($f)" \
		    "$(grep '^nmap .* open ' "$T/$f.py")" "*syn-ack*"
	done
	[ -n "$U" ] && like "python3-nmap: a closed UDP port, port-unreach" \
	    "$(cat "$T/udp.py")" "*nmap 127.0.0.1 $U udp closed port-unreach*"
else
	skip "python3-nmap and python3-libnmap read -oX" "not installed"
fi

if have ndiff; then
	run 30 ndiff "$T/tcp.xml" "$T/tcp.xml"
	is "ndiff reads -oX: a scan against itself, no difference" "$rc" 0
	cp "$T/tcp.xml" "$T/tcp2.xml"
	"$SOCKT" portscan -a -oX "$T/tcp2.xml" -p "$P1,$P2" 127.0.0.1 \
	    >/dev/null 2>&1
	run 30 ndiff "$T/tcp.xml" "$T/tcp2.xml"
	like "ndiff: a host and a port gone, told" "$rc:$out" \
	    "1:*-127.0.0.2*-$C/tcp closed*"
else
	skip "ndiff reads -oX" "ndiff not installed"
fi

### beside nmap's own -sT -oX of the same ports
if have nmap; then
	run 60 nmap -n -sT -Pn --reason -p "$PORTS" -oX "$T/n.xml" \
	    -oN "$T/n.nmap" 127.0.0.1 127.0.0.2
	run 60 "$SOCKT" portscan -a --reason -oX "$T/k.xml" -oN "$T/k.nmap" \
	    -p "$PORTS" 127.0.0.1 127.0.0.2
	if have ndiff; then
		# nmap names the kernel's ephemeral ports from its services
		# table ("unknown" for most, but 32771 "sometimes-rpc5" and
		# others), sockt's table names none of them: this compares
		# hosts, ports and states, so the table's guesses go from both
		sed 's|<service [^>]*method="table"[^>]*/>||g' "$T/n.xml" \
		    >"$T/n0.xml"
		sed 's|<service [^>]*method="table"[^>]*/>||g' "$T/k.xml" \
		    >"$T/k0.xml"
		run 30 ndiff "$T/n0.xml" "$T/k0.xml"
		# ndiff's lines on a failure: which host or port, and how
		if [ "$rc" = 0 ]; then
			pass "ndiff: nmap's -oX and sockt's, no host or port differs"
		else
			fail "ndiff: nmap's -oX and sockt's, no host or port differs" \
			    "rc $rc: $out" "rc 0"
		fi
	fi
	# every element and attribute sockt writes, nmap writes too
	# (<hostname> aside: nmap -n names none)
	paths() {
		"${PY:-python3}" -c '
import sys, xml.etree.ElementTree as E
def walk(e, p):
    p = p + "/" + e.tag
    print(p)
    for a in e.attrib:
        print(p + "@" + a)
    for c in e:
        walk(c, p)
walk(E.parse(sys.argv[1]).getroot(), "")' "$1" | sort -u
	}
	if have "${PY:-python3}"; then
		extra=$(paths "$T/k.xml" | grep -v hostname |
		    comm -23 - "$(paths "$T/n.xml" >"$T/np"; echo "$T/np")")
		is "-oX: no element or attribute nmap's lacks" "$extra" ""
	fi
	# hosts in the order they were done: each host's lines compared
	nports() {
		awk '/^Nmap scan report/ { h = $NF } /^[0-9]+\/tcp/ {
		    print h, $1, $2 }' "$1" | sort
	}
	is "-oN: the PORT and STATE columns as nmap's" \
	    "$(nports "$T/k.nmap")" "$(nports "$T/n.nmap")"
	is "-oN: the hosts' report lines as nmap's" \
	    "$(grep -c '^Nmap scan report for\|^Host is up' "$T/k.nmap")" \
	    "$(grep -c '^Nmap scan report for\|^Host is up' "$T/n.nmap")"
else
	skip "beside nmap -sT -oX" "nmap not installed"
fi

# every -oX file this script had sockt write, read by all three readers
run 30 "$SOCKT" portscan -oX - -p "$P1" 127.0.0.1
printf '%s\n' "$out" >"$T/stdout.xml"
bad=
for f in "$T"/*.xml; do
	case ${f##*/} in n.xml | v.xml) continue ;; esac
	if [ -n "$PY" ]; then
		"$PY" -c 'import sys, nmap
from libnmap.parser import NmapParser
nmap.PortScanner().analyse_nmap_xml_scan(open(sys.argv[1]).read())
NmapParser.parse_fromfile(sys.argv[1])' "$f" >/dev/null 2>&1 ||
		    bad="$bad python:${f##*/}"
	fi
	if have ndiff; then
		ndiff "$f" "$f" >/dev/null 2>&1 || bad="$bad ndiff:${f##*/}"
	fi
done
is "every -oX file written here: read by ndiff, python3-nmap, \
python3-libnmap" "$bad" ""

### on a terminal the table shows each host's ports together, in port
# order, as nmap prints a host; to a pipe each port as it is known
if have script; then
	run 60 script -qc "$SOCKT portscan -a -p 1-40,$PORTS 127.0.0.1 127.0.0.2" \
	    /dev/null
	printf '%s\n' "$out" | tr -d '\r' | sed 's/\x1b\[K//g' |
	    awk '$1 ~ /^127\.0\.0\.[12]$/ { print $1, $2 }' >"$T/tty"
	is "a terminal: 2 hosts x 43 ports" "$(wc -l <"$T/tty" | tr -d ' ')" 86
	is "a terminal: each host's lines together" \
	    "$(awk '$1 != h { n++; h = $1 } END { print n }' "$T/tty")" 2
	is "a terminal: each host's ports in order" \
	    "$(awk '$1 == h && $2 + 0 <= p { bad++ } { h = $1; p = $2 + 0 }
	    END { print bad + 0 }' "$T/tty")" 0
else
	skip "a terminal's table by host" "no script(1)"
fi

### standard output and bad spellings
run 30 "$SOCKT" portscan -oX - -p "$P1" 127.0.0.1
like "-oX -: the XML alone on stdout" "$rc:$out" \
    "0:<?xml *</nmaprun>"
run 10 "$SOCKT" portscan -oX - -oG - -p 1 127.0.0.1
like "-oX - -oG -: refused, one line" "$rc:$err" "2:*one file only may be -*"
run 10 "$SOCKT" portscan -oA - -p 1 127.0.0.1
like "-oA -: refused, pointing to -oX -" "$rc:$err" "2:*-oA needs a base name*-oX -*"
run 10 "$SOCKT" portscan -oX - -j -p 1 127.0.0.1
like "-oX - and -j exclude each other" "$rc:$err" "2:*-oX - and -j*"
run 10 "$SOCKT" portscan -p 1 127.0.0.1 -oN "$T/nodir/x"
like "-oN into a directory that is not there: exit 1, said" "$rc:$err" \
    "1:*$T/nodir/x: No such file or directory*"

done_testing
