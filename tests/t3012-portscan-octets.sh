#!/bin/sh
# nmap's spellings in portscan (issue 54): octet ranges and lists as
# targets (198.18.0.1-5, 198.18.0-3.*, 198.18.0.1,7), -p U:53,T:80, -F,
# --top-ports' maximum, --max-rate and --min-rate, and each refused
# form's line.  The addresses are scanned for real only in a network
# namespace of the script's own, where "ip route add local" makes
# 198.18.0.0/24 the host's: nothing leaves it.  Beside nmap -sT where nmap runs.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"
lab=
if [ "${SK_T3_NS:-}" = 1 ] && own_netns && ip link set lo up 2>/dev/null &&
    ip route add local 198.18.0.0/24 dev lo 2>/dev/null; then
	lab=1
fi

### refused forms: one line each, exit 2, saying what to write
# refused DESC WANT ARGS...: portscan ARGS ends with 2 and WANT's line
refused() {
	_d=$1 _w=$2
	shift 2
	run 10 "$SOCKT" portscan "$@"
	is "$_d" "$rc $(printf '%s\n' "$err" | head -n 1)" "2 sockt portscan: $_w"
}
refused "an octet past 255" "target 198.18.0.1-300: 300 is past 255: an \
octet is 0-255 (as nmap's: 198.18.0.1-5, 198.18.0-3.*, 198.18.0.1,7)" \
    -n -p 1 198.18.0.1-300
refused "an octet range backwards" "target 198.18.0.5-1: 5-1 runs \
backwards: write 1-5" -n -p 1 198.18.0.5-1
refused "three octets" "target 198.18.0-3: an octet range has four octets \
(as nmap's: 198.18.0.1-5, 198.18.0-3.*, 198.18.0.1,7)" -p 1 198.18.0-3
refused "too many runs" "target 1-255.1-255.1-255.1,3: more than 1048576 \
runs of addresses: write it as CIDR blocks" -p 1 1-255.1-255.1-255.1,3
refused "-p U: with nothing after it" "port list U:: no port after U: (as \
nmap's: U:53,T:80)" -p U: 127.0.0.1
refused "-p U:53 in a TCP scan" "-p: no TCP port to scan: U: ports are \
UDP's, scanned with -sU (-u)" -p U:53 127.0.0.1
refused "-p T:80 in a UDP scan" "-p: no UDP port to scan: T: ports are \
TCP's, scanned with -sT (-t)" -sU -p T:80 127.0.0.1
refused "-p S:" "port list S:1: S: is SCTP's, which sockt does not scan: \
T: for TCP, U: for UDP" -p S:1 127.0.0.1
refused "-sT -sU -p U:53,T:80: the lists differ" "-p: other TCP ports \
than UDP ones: one scan probes the same ports over both; scan them apart \
(-sT -p T_PORTS, then -sU -p U_PORTS)" -sT -sU -p U:53,T:80 127.0.0.1
refused "--top-ports 5000 names the maximum" "--top-ports 5000: too large \
(1-1000)" --top-ports 5000 127.0.0.1
refused "--host-timeout: nmap's units only" "--host-timeout 5x: bad unit \
(ms, s, m or h)" --host-timeout 5x 127.0.0.1
refused "--min-rate above --rate" "--min-rate 200 is above the cap of 100 \
probes a second (--rate, -T)" --min-rate 200 --max-rate 100 -p 1 127.0.0.1

### --max-rate is --rate, --min-rate a floor: -v says them
# vrate ARGS...: the lines -v says the rates in
vrate() {
	run 10 "$SOCKT" portscan -n -v "$@" -p 1 127.0.0.1
	printf '%s\n' "$err" | grep 'probes a second$' | tr '\n' ' '
}
is "--max-rate n is --rate n" "$(vrate --max-rate 300)" \
    "$(vrate --rate 300)"
is "--max-rate: the cap" "$(vrate --max-rate 300)" \
    "sockt portscan: at most 300 probes a second "
is "--min-rate: the floor" "$(vrate --min-rate 50 --max-rate 300)" \
    "sockt portscan: at most 300 probes a second sockt portscan: at least \
50 probes a second "
refused "-F with -p" "-p and -F exclude each other" -F -p 1 127.0.0.1

### the default ports, -F, --top-ports
# nports ARGS...: how many ports portscan -g -a ARGS scans on 127.0.0.1
nports() {
	run 60 "$SOCKT" portscan -g -a "$@" 127.0.0.1
	printf '%s\n' "$out" | grep -c . | tr -d ' '
}
is "no -p: nmap's 1000 most common ports" "$(nports)" 1000
is "-F: the 100 most common" "$(nports -F)" 100
is "--top-ports 1000: the same 1000 as the default" \
    "$(nports --top-ports 1000 | tr -d '\n'; printf '%s' "$out" |
    cksum)" "$(nports | tr -d '\n'; printf '%s' "$out" | cksum)"

### -p U:53,T:80
server 30 "$SOCKT" serve-hello -v 127.0.0.1 0 || exit 1
T1=$SPORT
server 30 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 || exit 1
U1=$SPORT
run 30 "$SOCKT" portscan -g -p "U:$U1,T:$T1" 127.0.0.1
is "-p U:N,T:M: a TCP scan scans the T: port" "$rc $out" \
    "0 127.0.0.1 $T1 open -"
run 30 "$SOCKT" portscan -g -sU -p "U:$U1,T:$T1" 127.0.0.1
is "-sU -p U:N,T:M: the U: port over UDP" "$rc $out" \
    "0 127.0.0.1 $U1/udp open -"
run 30 "$SOCKT" portscan -g -a -sT -sU -p "$T1,U:$T1,T:$T1" 127.0.0.1
is "-sT -sU: ports before a prefix go to both" "$rc $(printf '%s\n' "$out" |
    awk '{ print $2, $3 }' | sort | tr '\n' ' ')" \
    "0 $T1/tcp open $T1/udp closed "

### octet ranges, scanned for real in the namespace's lab
if [ -z "$lab" ]; then
	skip "octet ranges scanned" "needs root and a network namespace"
	done_testing
	exit
fi
server 30 "$SOCKT" serve-hello -v 0.0.0.0 0 || exit 1
P=$SPORT
# hosts ARGS...: the hosts with P open, sorted, from portscan -g -n ARGS
hosts() {
	run 60 "$SOCKT" portscan -g -n -p "$P" "$@"
	printf '%s\n' "$out" | awk '$3 == "open" { print $1 }' | sort -t. -n -k4
}
is "198.18.0.1-5: five hosts" "$(hosts 198.18.0.1-5 | tr '\n' ' ')" \
    "198.18.0.1 198.18.0.2 198.18.0.3 198.18.0.4 198.18.0.5 "
is "198.18.0.1,7: two hosts" "$(hosts 198.18.0.1,7 | tr '\n' ' ')" \
    "198.18.0.1 198.18.0.7 "
is "198.18.0.250-: to 255" "$(hosts 198.18.0.250- | tr '\n' ' ')" \
    "198.18.0.250 198.18.0.251 198.18.0.252 198.18.0.253 198.18.0.254 198.18.0.255 "
is "198.18.0.*: the /24" "$(hosts '198.18.0.*' | wc -l | tr -d ' ')" 256
is "198.18.0.1-3,2: a repeat scanned once" \
    "$(hosts '198.18.0.1-3,2' | tr '\n' ' ')" \
    "198.18.0.1 198.18.0.2 198.18.0.3 "
# -Pn: each address of the range port-scanned, as host discovery would
# find the unroutable one down and leave its port alone
run 60 "$SOCKT" portscan -n -Pn -p "$P" 198.18.0-1.1
like "198.18.0-1.1: the unroutable one not open" "$out" \
    "*198.18.0.1 *open*1 open, 0 closed, 1 filtered*"
if have nmap; then
	for spec in 198.18.0.1-5 198.18.0.1,7 '198.18.0.2-4,9'; do
		run 60 nmap -n -sT -Pn -p "$P" -oG - "$spec"
		want=$(printf '%s\n' "$out" | awk '/\/open\// { print $2 }' |
		    sort -t. -n -k4)
		is "$spec: the hosts nmap -sT finds" "$(hosts "$spec")" "$want"
	done
else
	skip "octet ranges beside nmap" "nmap not installed"
fi

done_testing
