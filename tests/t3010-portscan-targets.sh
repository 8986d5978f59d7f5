#!/bin/sh
# portscan targets: a name is scanned on every address it resolves to,
# each shown with the name beside it in every output format; -iL files
# and standard input; --exclude, --excludefile and --exclude-ports, with
# the excluded count in the summary; the --yes refusal of a huge scan;
# --top-ports.  As root it runs in private mount and network namespaces
# (unshare -m -n): a temporary hosts file is bind-mounted over /etc/hosts
# there (never the real one) so that sktwo.test resolves to 127.0.0.1 and
# ::1, and no other program's listener changes what is open.
if [ -z "${SK_T3010_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -m -n true 2>/dev/null; then
	SK_T3010_NS=1 exec unshare -m -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"

# localhost maps to both families in the real hosts file?
lh_both=
if getent ahosts localhost 2>/dev/null | grep -q '^::1 ' &&
    getent ahosts localhost 2>/dev/null | grep -q '^127\.0\.0\.1 '; then
	lh_both=1
fi
named=
if [ "${SK_T3010_NS:-}" = 1 ] && ip link set lo up 2>/dev/null &&
    have_ipv6; then
	cat >"$T/hosts" <<EOF
127.0.0.1 localhost
127.0.0.1 sktwo.test
::1 sktwo.test
127.0.0.2 skthree.test
EOF
	# the mount lives and dies with this private mount namespace
	mount --bind "$T/hosts" /etc/hosts 2>/dev/null && named=1
fi
why_named="needs root, unshare -m -n, ip and IPv6 on loopback"

# open ports and their hosts in -g output ($out), one "HOST PORT" a line
opens() {
	printf '%s\n' "$out" | awk '$3 == "open" { print $1, $2 }' | sort
}

### every address of a name
if [ -n "$named" ]; then
	server 30 "$SOCKT" listen -k -v 127.0.0.1 0 || fail "listener 4"
	P4=$SPORT
	server 30 "$SOCKT" listen -k -v ::1 0 || fail "listener 6"
	P6=$SPORT
	run 30 "$SOCKT" portscan -g -p "$P4,$P6" sktwo.test
	is "a name: both addresses scanned, the name beside each" \
	    "$rc $(opens)" "0 $(printf '127.0.0.1(sktwo.test) %s\n::1(sktwo.test) %s' \
	    "$P4" "$P6" | sort)"
	run 30 "$SOCKT" portscan -a -g -p "$P4,$P6" sktwo.test
	n=$(printf '%s\n' "$out" | grep -c 'sktwo.test')
	is "a name: -a lists 2 addresses x 2 ports" "$n" 4
	run 30 "$SOCKT" portscan -p "$P4,$P6" sktwo.test --sort
	like "a name: the table shows the name beside the address" "$out" \
	    "*::1 (sktwo.test) *$P6*open*127.0.0.1 (sktwo.test) *$P4*open*"
	like "a name: the table summary counts 4 probes" "$out" \
	    "*2 open, 2 closed, 0 filtered*"
	run 30 "$SOCKT" portscan -j -p "$P4,$P6" sktwo.test
	j=$(printf '%s\n' "$out" | sed -n 's/^{"type":"port","host":"\([^"]*\)","name":"sktwo.test","port":\([0-9]*\),"proto":"tcp","state":"open".*/\1 \2/p' | sort)
	is "a name: JSON has each address with the name" "$j" \
	    "$(printf '127.0.0.1 %s\n::1 %s' "$P4" "$P6" | sort)"
	like "a name: JSON summary counts 2 hosts" "$out" "*\"hosts\":2,*"
	run 30 "$SOCKT" portscan -4 -g -a -p "$P4,$P6" sktwo.test
	is "a name with -4: only the IPv4 address" \
	    "$(printf '%s\n' "$out" | awk '{ print $1 }' | sort -u)" \
	    "127.0.0.1(sktwo.test)"
	run 30 "$SOCKT" portscan -6 -g -a -p "$P4,$P6" sktwo.test
	is "a name with -6: only the IPv6 address" \
	    "$(printf '%s\n' "$out" | awk '{ print $1 }' | sort -u)" \
	    "::1(sktwo.test)"
else
	for d in "a name: both addresses scanned" \
	    "a name: -a lists 2 addresses x 2 ports" "a name: the table" \
	    "a name: the table summary" "a name: JSON" \
	    "a name: JSON summary" "a name with -4" "a name with -6"; do
		skip "$d" "$why_named"
	done
fi
if [ -n "$lh_both" ]; then
	run 30 "$SOCKT" portscan -g -a -p 1 localhost
	is "localhost: both of its addresses" \
	    "$(printf '%s\n' "$out" | awk '{ print $1 }' | sort | tr '\n' ' ')" \
	    "127.0.0.1(localhost) ::1(localhost) "
else
	skip "localhost: both of its addresses" "localhost is not both \
127.0.0.1 and ::1 in /etc/hosts here"
fi

# the hosts (first field) of -g output ($out), sorted, on one line
hosts_of() {
	printf '%s\n' "$out" | awk '{ print $1 }' | sort -u | tr '\n' ' ' |
	    sed 's/ $//'
}
ports_of() {
	printf '%s\n' "$out" | awk '{ print $2 }' | sort -n -u | tr '\n' ' ' |
	    sed 's/ $//'
}

### -iL: a file, and standard input
printf '# the hosts\n127.0.0.1 127.0.0.2\t# two on a line\n\n  127.0.0.3\n' \
    >"$T/list"
run 30 "$SOCKT" portscan -g -a -p 1 -iL "$T/list"
is "-iL: targets of every line, comments skipped" "$rc $(hosts_of)" \
    "1 127.0.0.1 127.0.0.2 127.0.0.3"
run 30 "$SOCKT" portscan -g -a -p 1 -iL "$T/list" 127.0.0.4
is "-iL with an operand: both" "$(hosts_of)" \
    "127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4"
run 30 sh -c 'printf "127.0.0.5\n127.0.0.6 # x\n" |
    "$1" portscan -g -a -p 1 -iL -' sh "$SOCKT"
is "-iL -: targets from standard input" "$(hosts_of)" "127.0.0.5 127.0.0.6"
printf '127.0.0.1\n\n10.0.0.300\n' >"$T/bad"
run 30 "$SOCKT" portscan -g -p 1 -iL "$T/bad"
like "-iL: a bad target is a usage error with its line" "$rc $err" \
    "2 *-iL $T/bad: line 3: *10.0.0.300*"
run 30 "$SOCKT" portscan -g -p 1 -iL "$T/none"
like "-iL: a missing file fails" "$rc $err" "1 *-iL $T/none: *"

### exclusions
run 30 "$SOCKT" portscan -a -p 1 -iL "$T/list" --exclude 127.0.0.2
like "--exclude an address: left out, counted in the summary" \
    "$(printf '%s\n' "$out" | awk 'NR > 1 && NF == 4 { print $1 }' |
    tr '\n' ' ')$(printf '%s\n' "$out" | tail -n 1)" \
    "127.0.0.1 127.0.0.3 0 open, 2 closed, 0 filtered in *.* s, excluded 1 address and 0 ports"
run 30 "$SOCKT" portscan -j -a -p 1 127.0.0.0/29 --exclude 127.0.0.4/30,127.0.0.0
like "--exclude a list with a CIDR: JSON summary counts 5" "$out" \
    '*{"type":"summary","open":0,"closed":3,"filtered":0,"open_filtered":0,"probes":3,"hosts":3,"excluded_hosts":5,"excluded_ports":0,*'
run 30 "$SOCKT" portscan -g -a -p 1 127.0.0.0/29 --exclude 127.0.0.4/30,127.0.0.0
is "--exclude a list with a CIDR: the rest scanned" "$(hosts_of)" \
    "127.0.0.1 127.0.0.2 127.0.0.3"
run 30 "$SOCKT" portscan -g -a -p 1-6 --exclude-ports 2,4-5 127.0.0.1
is "--exclude-ports: the rest of the ports" "$(ports_of)" "1 3 6"
run 30 "$SOCKT" portscan -a -p 1-6 --exclude-ports 2,4-5 127.0.0.1
like "--exclude-ports: the summary counts 3" "$out" \
    "*0 open, 3 closed, 0 filtered in *.* s, excluded 0 addresses and 3 ports"
run 30 "$SOCKT" portscan -g -p 1 127.0.0.1 --exclude 127.0.0.0/8
like "every address excluded: exit 1, said" "$rc $err" \
    "1 *nothing to scan: every address is excluded*"
run 30 "$SOCKT" portscan -g -p 1 127.0.0.1 --exclude 'a..b'
like "--exclude a bad item: usage error" "$rc $err" \
    "2 *exclude a..b: bad host name*"
if [ -n "$named" ]; then
	printf '# left out\nskthree.test  127.0.0.0/31\n' >"$T/ex"
	run 30 "$SOCKT" portscan -g -a -p 1 127.0.0.0/30 --excludefile "$T/ex" -v
	is "--excludefile: names resolved, blocks and comments" \
	    "$(hosts_of)" "127.0.0.3"
	like "--excludefile: -g -v summary counts 3" "$err" \
	    "*1 closed, 0 filtered in *.* s, excluded 3 addresses and 0 ports*"
	run 30 "$SOCKT" portscan -g -a -p 1 sktwo.test --exclude ::1
	is "--exclude one address of a name: the other is scanned" \
	    "$(hosts_of)" "127.0.0.1(sktwo.test)"
	run 30 "$SOCKT" portscan -g -a -p 1 127.0.0.1 --exclude sktwo.test -4
	like "--exclude a name with -4: still every address of it" \
	    "$rc $err" "1 *every address is excluded*"
else
	for d in "--excludefile: names" "--excludefile: summary" \
	    "--exclude one address of a name" "--exclude a name with -4"; do
		skip "$d" "$why_named"
	done
fi

### a scan too big to start without --yes (loopback targets only, so
### that a binary that does not refuse still sends nothing outside)
timed 8 "$SOCKT" portscan -p - 127.0.0.0/16
like "-p - a /16: refused at once with exit 2" "$rc $el" "2 *"
check "-p - a /16: refused in under 2 s" within 0 2000 "$el"
like "-p - a /16: how many probes, how long, --yes" "$err" \
    "*4294901760 probes, more than 16777216: about *.* days at * probes/s if nothing answers (window *, -w 1 s, 1 retry); add --yes to scan anyway*"
run 8 "$SOCKT" portscan -p - 127.0.0.0/16 --rate 5000
like "--rate: the estimate at that rate" "$rc $err" \
    "2 *4294901760 probes, more than 16777216: about 9.9 days at --rate 5000; add --yes*"
run 8 "$SOCKT" portscan -p - 127.0.0.0/16 -T1
like "-T1: the estimate at its pace, not at a --rate not given" "$rc $err" \
    "2 *4294901760 probes, more than 16777216: about *.* years at -T1's pace of one probe every 15 s; add --yes*"
run 8 "$SOCKT" portscan -p - 127.0.0.0/8
like "-p - a /8: the probes, and --yes" "$rc $err" \
    "2 *1099494850560 probes, more than 16777216: about *; add --yes to scan anyway*"
run 8 "$SOCKT" portscan -p 1 ::/64 --yes
like "an IPv6 /64: more addresses than one scan can hold, even with --yes" \
    "$rc $err" \
    "2 *18446744073709551616 probes, more than 16777216: about *; at most 4294967296 addresses in one scan*"
run 8 "$SOCKT" portscan -p 1-600 127.0.0.0/16 --exclude 127.0.0.0/17
like "the probes are counted after the exclusions" "$rc $err" \
    "2 *19660800 probes, more than 16777216*"
run 4 "$SOCKT" portscan -v -g --rate 500 -p - 127.0.0.0/16 --yes
like "--yes: the big scan starts" "$rc $err" \
    "124 *scanning 65535 TCP ports on 65536 hosts*"

### --top-ports
run 30 "$SOCKT" portscan -g -a --top-ports 10 127.0.0.1
is "--top-ports 10: the ten most common TCP ports" "$rc $(ports_of)" \
    "1 21 22 23 25 80 110 139 443 445 3389"
run 30 "$SOCKT" portscan -g -a --top-ports 1000 --exclude-ports 80 127.0.0.1
n=$(printf '%s\n' "$out" | wc -l | tr -d ' ')
is "--top-ports 1000 less one excluded port: 999 ports" "$n" 999
run 30 "$SOCKT" portscan -g -a --top-ports 1 127.0.0.1
is "--top-ports 1: port 80" "$(ports_of)" "80"
run 10 "$SOCKT" portscan --top-ports 1001 127.0.0.1
like "--top-ports 1001: usage error" "$rc $err" "2 *top-ports 1001: too large*"
run 10 "$SOCKT" portscan --top-ports 0 127.0.0.1
like "--top-ports 0: usage error" "$rc $err" "2 *top-ports 0: too small*"
run 10 "$SOCKT" portscan --top-ports 5 -p 80 127.0.0.1
like "--top-ports and -p: usage error" "$rc $err" \
    "2 *-p and --top-ports exclude each other*"

done_testing
