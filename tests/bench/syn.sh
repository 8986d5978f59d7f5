#!/bin/sh
# tests/bench/syn.sh: portscan -sS (issue 54) beside nmap -sS and
# sockt's own connect scan, and host discovery beside nmap's.
#
# 1. Every port of 127.0.0.1 (and of ::1) with three listeners, 100 ports
#    whose SYNs iptables drops and 50 it rejects as administratively
#    prohibited: sockt portscan -sS -p - vs sockt portscan -p - (connect)
#    vs nmap -sS -T4 -p- -n -Pn.  Every tool must find the same counts of
#    open, closed and filtered ports.  Target: -sS <= 0.25x nmap's time,
#    and no slower than the connect scan.
# 2. A /24 (ip route add local) with one host up, iptables dropping the
#    other 255, ports 1-1024 with the defaults: sockt portscan (host
#    discovery by connect), sockt portscan -sS (by SYN) vs nmap -sT
#    --unprivileged.  Same open ports; target <= 0.5x nmap's time.
# ROUNDS rounds (default 3), medians, ratios.  Runs only in a private
# network namespace of its own (as root, unshare -n): its raw packets
# and firewall stay there.  Every process is bounded by timeout(1).
if [ -z "${SK_BENCH_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_BENCH_NS=1 exec unshare -n sh "$0" "$@"
fi
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
ROUNDS=${ROUNDS:-3}
have() { command -v "$1" >/dev/null 2>&1; }
# an inherited SK_BENCH_NS is no proof: a namespace of our own has lo
# and no other device
if [ "${SK_BENCH_NS:-}" != 1 ] ||
    [ "$(ip -o link show 2>/dev/null | grep -vc ': lo:')" != 0 ] ||
    ! have iptables || ! have nmap ||
    ! ip link set lo up; then
	echo "syn.sh: skipped: needs root, unshare -n, iptables and nmap"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2];
    else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# listen ADDR: a listener that stays (sockt listen -k); its port in
# $LPORT (not echoed: in a command substitution its pid would not reach
# the trap that ends it)
listen() {
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	timeout 900 "$SOCKT" listen -v -k "$1" 0 -c true </dev/null \
	    >/dev/null 2>"$T/fifo" &
	pids="$pids $!"
	read -r _l <"$T/fifo"
	LPORT=${_l##* port }
}

# counts FILE: "open N closed N filtered N" from a grepable file
counts() {
	tr '\t' '\n' <"$1" | awk '
	/^Ports: / { sub(/^Ports: /, ""); n = split($0, p, ", ");
	    for (i = 1; i <= n; i++) { split(p[i], f, "/"); c[f[2]]++ } }
	/^Ignored State: / { split($0, g, /[ ()]+/); c[g[3]] += g[4] }
	END { printf "open %d closed %d filtered %d\n", c["open"],
	    c["closed"], c["filtered"] }'
}

# xcounts FILE: the same from nmap's -oX (its -oG names no count once
# two states are left out)
xcounts() {
	awk '/<extraports / { match($0, /state="[^"]*"/)
	    s = substr($0, RSTART + 7, RLENGTH - 8)
	    match($0, /count="[0-9]*"/); c[s] += substr($0, RSTART + 7,
	    RLENGTH - 8) }
	/<port protocol=/ { match($0, /<state state="[^"]*"/)
	    c[substr($0, RSTART + 14, RLENGTH - 15)]++ }
	END { printf "open %d closed %d filtered %d\n", c["open"],
	    c["closed"], c["filtered"] }' "$1"
}

# timeit NAME CMD...: ROUNDS runs, the median wall time in $NAME.t, the
# last run's counts in $NAME.c (its grepable output in $T/NAME.g)
timeit() {
	_n=$1
	shift
	: >"$T/$_n.times"
	_r=0
	while [ "$_r" -lt "$ROUNDS" ]; do
		_t0=$(now)
		timeout 600 "$@" >"$T/$_n.out" 2>"$T/$_n.err"
		_t1=$(now)
		echo "$_t1 - $_t0" | bc >>"$T/$_n.times"
		_r=$((_r + 1))
	done
	median <"$T/$_n.times" >"$T/$_n.t"
}

ratio() { echo "scale=3; $1 / $2" | bc | sed 's/^\./0./'; }

lab() {
	_fam=$1
	_a=$2
	_ipt=iptables
	_rej=icmp-admin-prohibited
	if [ "$_fam" = 6 ]; then
		_ipt=ip6tables
		_rej=icmp6-adm-prohibited
	fi
	$_ipt -A INPUT -p tcp --syn --dport 30001:30100 -j DROP || return 1
	$_ipt -A INPUT -p tcp --syn --dport 30101:30150 -j REJECT \
	    --reject-with $_rej || return 1
	listen "$_a"
	listen "$_a"
	listen "$_a"
	_o=
	[ "$_fam" = 6 ] && _o=-6
	timeit ss$_fam "$SOCKT" portscan -sS -a -oG "$T/ss$_fam.g" -p - "$_a"
	timeit st$_fam "$SOCKT" portscan -a -oG "$T/st$_fam.g" -p - "$_a"
	# shellcheck disable=SC2086
	timeit nm$_fam nmap $_o -sS -T4 -n -Pn -p- -oX "$T/nm$_fam.x" "$_a"
	xcounts "$T/nm$_fam.x" >"$T/nm$_fam.c"
	echo "65,535 ports of $_a, 3 open, 100 dropped, 50 admin-prohibited" \
	    "(medians of $ROUNDS):"
	counts "$T/ss$_fam.g" >"$T/ss$_fam.c"
	counts "$T/st$_fam.g" >"$T/st$_fam.c"
	for _x in ss st nm; do
		case $_x in
		ss) _w="sockt portscan -sS  " ;;
		st) _w="sockt portscan (-sT)" ;;
		nm) _w="nmap -sS -T4        " ;;
		esac
		printf '  %s %6.3f s  %s\n' "$_w" "$(cat "$T/$_x$_fam.t")" \
		    "$(cat "$T/$_x$_fam.c")"
	done
	printf '  -sS / nmap -sS: %sx (target <= 0.25)   -sS / connect: %sx (target <= 1)\n' \
	    "$(ratio "$(cat "$T/ss$_fam.t")" "$(cat "$T/nm$_fam.t")")" \
	    "$(ratio "$(cat "$T/ss$_fam.t")" "$(cat "$T/st$_fam.t")")"
	if [ "$(cat "$T/ss$_fam.c")" != "$(cat "$T/nm$_fam.c")" ]; then
		echo "  MISMATCH: sockt -sS and nmap -sS disagree"
	fi
}

echo "bench syn: $(nproc) CPUs, a private network namespace"
lab 4 127.0.0.1
lab 6 ::1

# --- 2. discovery on a /24 with one host up
ip route add local 198.18.0.0/24 dev lo || exit 1
iptables -A INPUT -d 198.18.0.7 -j ACCEPT
iptables -A INPUT -d 198.18.0.0/24 -j DROP
listen 0.0.0.0
L=$LPORT
timeit dc "$SOCKT" portscan -oG "$T/dc.g" -p 1-1024,"$L" 198.18.0.0/24
timeit ds "$SOCKT" portscan -sS -oG "$T/ds.g" -p 1-1024,"$L" 198.18.0.0/24
timeit dn nmap -sT --unprivileged -n -p 1-1024,"$L" -oG "$T/dn.g" \
    198.18.0.0/24
echo "a /24, one host up (198.18.0.7), 255 dropped, ports 1-1024 and $L," \
    "defaults (medians of $ROUNDS):"
printf '  sockt portscan (connects)      %6.3f s  %s\n' "$(cat "$T/dc.t")" \
    "$(counts "$T/dc.g")"
printf '  sockt portscan -sS (SYNs)      %6.3f s  %s\n' "$(cat "$T/ds.t")" \
    "$(counts "$T/ds.g")"
printf '  nmap -sT --unprivileged        %6.3f s  %s\n' "$(cat "$T/dn.t")" \
    "$(counts "$T/dn.g")"
printf '  sockt / nmap: %sx, -sS / nmap: %sx (target <= 0.5)\n' \
    "$(ratio "$(cat "$T/dc.t")" "$(cat "$T/dn.t")")" \
    "$(ratio "$(cat "$T/ds.t")" "$(cat "$T/dn.t")")"
