#!/bin/sh
# tests/bench/portscan_sv.sh [ROUNDS]: portscan -sV beside nmap -sV on
# the lab of real servers (tests/svclab.sh: ~25 servers from Debian's
# packages on ~46 TCP and UDP ports, in a network namespace of its own;
# needs root).  Each round scans the lab's TCP ports (sockt's connect
# scan, nmap's default) and then its UDP ports (-sU -sV) with each, in
# turn; prints each run's time, the medians of ROUNDS rounds (3 by
# default: nmap takes about two minutes a round), their ratio (issue 74
# asks for 0.2 at most) and the last round's figures by
# tests/svclab/judge.py (same service, product, major.minor).  Not part
# of make check.
here=$(cd "$(dirname "$0")/.." && pwd)
: "${SOCKT:=$here/../sockt}"
. "$here/lib.sh"
. "$here/svclab.sh"
ROUNDS=${1:-3}
have nmap || { echo "portscan_sv.sh: no nmap"; exit 1; }
svclab_start || { echo "portscan_sv.sh: needs root and unshare -n"; exit 1; }
echo "lab: $(wc -l <"$SVCLAB_LIST") ports up in $SVCLAB_UP_MS ms${SVCLAB_DOWN:+, down: $SVCLAB_DOWN}"
A=$SVCLAB_ADDR
# one WHO ARGS...: a TCP and a UDP scan by WHO, both times summed into
# $T/WHO.times; the files kept as $T/WHO-tcp.xml and $T/WHO-udp.xml
one() {
	_w=$1
	shift
	timed 600 "$@" -p "$SVCLAB_TCP" -oX "$T/$_w-tcp.xml" "$A"
	_t=$el _r=$rc
	if [ -n "$SVCLAB_UDP" ]; then
		timed 600 "$@" -sU -p "$SVCLAB_UDP" -oX "$T/$_w-udp.xml" "$A"
	else
		el=0
	fi
	echo "$((_t + el))" >>"$T/$_w.times"
	printf '  %-6s TCP %6d ms (rc %s)  UDP %6d ms (rc %s)\n' "$_w" "$_t" \
	    "$_r" "$el" "$rc"
}
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
i=1
while [ "$i" -le "$ROUNDS" ]; do
	echo "round $i"
	one sockt "$SOCKT" portscan -sV
	one nmap nmap -sV -Pn -n
	i=$((i + 1))
done
s=$(median "$T/sockt.times") n=$(median "$T/nmap.times")
echo "median of $ROUNDS: sockt $s ms, nmap $n ms, ratio $(awk -v a="$s" -v b="$n" 'BEGIN { printf "%.3f", a / b }') (issue 74: 0.2 at most)"
nx=$T/nmap-tcp.xml sx=$T/sockt-tcp.xml
[ -z "$SVCLAB_UDP" ] || nx=$nx,$T/nmap-udp.xml sx=$sx,$T/sockt-udp.xml
python3 "$here/svclab/judge.py" "$nx" "$sx" "$SVCLAB_LIST"
svclab_stop
