#!/bin/sh
# tests/bench/scan_path.sh: sockt portscan beside nmap on emulated paths
# (issue 47's table).  For each profile of tests/pathemu.sh (default the
# issue's four: lossless, 20ms, 100ms, jitter), a path between two network
# namespaces of its own (tests/pathemu), and in the server's, on
# 198.18.0.2:
#   - 20 TCP listeners (tests/bench/scan_target.py),
#   - iptables DROP for the 200 ports of 1-2000 that end in 5 (TCP and
#     UDP): filtered (UDP: open|filtered),
#   - REJECT for 1700-1799 (TCP with a reset, UDP port unreachable): closed,
#   - every other port closed by the kernel.
# Then SCANS scans (default 3; nmap the first NMAP_SCANS) each of
#   ports: sockt portscan -n -a -g -p 1-2000 (its defaults otherwise)
#          nmap -sT -Pn -n -v -p 1-2000 -oX -
#   top:   the same with --top-ports 100 instead of -p
#   udp:   sockt portscan -u -n -a -g -p 1-100 (UDP responders on
#          7,53,69,88,98; Linux's ICMP rate limit as it is) beside
#          nmap -sU -Pn -n -v -p 1-100 -oX -
# (VARIANTS, default "ports top udp"), each judged against the truth:
# wrong states per scan (a port missing from the output counts as wrong),
# open ports missed, and the time.  A scan gets CAP seconds (default 150):
# beyond, "did not finish in CAP s", and that tool is not run again on
# that path and variant.  Prints a table like the issue's per variant, and
# keeps every scan's figures in $RESULTS when set.
# Needs root, /dev/net/tun and tests/pathemu (make check builds it; make
# bench too); nmap is optional (its columns read "-").  SOCKT_ARGS=-sS
# NMAP_TCP=-sS compares the SYN scans (issue 54).
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
PATHEMU=$(cd "$(dirname "$0")/.." && pwd)/pathemu
BENCH=$(cd "$(dirname "$0")" && pwd)
export SOCKT
. "$BENCH/../lib.sh"
. "$BENCH/../pathemu.sh"
SCANS=${SCANS:-3}
NMAP_SCANS=${NMAP_SCANS:-$SCANS}	# nmap's scans: the first of each SCANS
PROFILES=${PROFILES:-"lossless 20ms 100ms jitter"}
VARIANTS=${VARIANTS:-"ports top udp"}
CAP=${CAP:-150}
SOCKT_ARGS=${SOCKT_ARGS:-}	# more options for every sockt scan (-v ...)
NMAP_TCP=${NMAP_TCP:--sT}	# nmap's TCP scan: SOCKT_ARGS=-sS NMAP_TCP=-sS
OPEN_TCP=21,22,23,53,80,110,111,139,143,389,443,587,631,993,999,1024,1234,1433,1521,1900
OPEN_UDP=7,53,69,88,98

if ! pathemu_usable python3 iptables; then
	echo "scan_path: skipped: $PE_WHY"
	exit 0
fi
# NMAP= (empty) leaves nmap out
: "${NMAP=nmap}"
[ -n "$NMAP" ] && ! have "$NMAP" && NMAP=

# truth PROTO: "port state" for 1-65535 as the server namespace is set up
truth() {
	awk -v proto="$1" -v open="$([ "$1" = udp ] && echo $OPEN_UDP ||
	    echo $OPEN_TCP)" 'BEGIN {
		n = split(open, o, ",")
		for (i = 1; i <= n; i++) op[o[i]] = 1
		for (p = 1; p <= 65535; p++) {
			if (p <= 2000 && p % 10 == 5)
				s = proto == "udp" ? "open|filtered" : "filtered"
			else if (p in op)
				s = "open"
			else
				s = "closed"
			print p, s
		}
	}'
}

# setup: the target's listeners and the firewall in the server namespace
setup() {
	server 7200 $PE_S python3 "$BENCH/scan_target.py" "$PE_S4" \
	    "$OPEN_TCP" "$OPEN_UDP" || return 1
	for proto in tcp udp; do
		p=5
		while [ $p -le 2000 ]; do
			l=$p
			i=1
			while [ $i -lt 15 ] && [ $((p + i * 10)) -le 2000 ]; do
				l=$l,$((p + i * 10))
				i=$((i + 1))
			done
			pe_ipt -A INPUT -p $proto -m multiport --dports "$l" \
			    -j DROP || return 1
			p=$((p + 150))
		done
	done
	pe_ipt -A INPUT -p tcp --dport 1700:1799 -j REJECT \
	    --reject-with tcp-reset &&
	    pe_ipt -A INPUT -p udp --dport 1700:1799 -j REJECT \
	    --reject-with icmp-port-unreachable
}

# sockt_norm FILE: sockt's -g lines as "port state"
sockt_norm() {
	awk 'NF >= 3 { sub(/\/.*/, "", $2); print $2, $3 }' "$1"
}

# nmap_norm PROTO FILE: nmap's -oX as "port state": the ports it lists,
# and those it leaves out ("extraports", the ports of each state in its
# "extrareasons"), over the services of its scaninfo.  (-oG leaves out
# the ignored ports without naming them once two states are ignored.)
nmap_norm() {
	awk -v proto="$1" '
	function attr(name,   v) {
		if (!match($0, " " name "=\"[^\"]*\""))
			return ""
		return substr($0, RSTART + length(name) + 3,
		    RLENGTH - length(name) - 4)
	}
	function ports(list, state, arr,   n, r, i, ab, p) {
		n = split(list, r, ",")
		for (i = 1; i <= n; i++) {
			if (split(r[i], ab, "-") == 2) {
				for (p = ab[1] + 0; p <= ab[2] + 0; p++)
					arr[p] = state
			} else if (r[i] != "")
				arr[r[i] + 0] = state
		}
	}
	/<scaninfo / && attr("protocol") == proto { ports(attr("services"), 1, scanned) }
	/<extraports / { xs = attr("state") }
	/<extrareasons / && attr("proto") == proto { ports(attr("ports"), xs, st) }
	/<port protocol=/ && attr("protocol") == proto {
		p = attr("portid") + 0
		line = $0
		sub(/.*<state/, "", line)
		$0 = line
		st[p] = attr("state")
	}
	END {
		for (p in scanned)
			print p, ((p in st) ? st[p] : "missing")
		for (p in st) if (!(p in scanned)) print p, st[p]
	}' "$2"
}

# judge RESULT SCANNED TRUTH: "wrong missed" over the ports of SCANNED
judge() {
	awk 'FILENAME == ARGV[1] { got[$1] = $2; next }
	    FILENAME == ARGV[2] { truth[$1] = $2; next }
	    { t = truth[$1]; g = ($1 in got) ? got[$1] : "missing"
	      if (g != t) wrong++
	      if (t == "open" && g != "open") missed++ }
	    END { print wrong + 0, missed + 0 }' "$1" "$3" "$2"
}

# scan TOOL VARIANT PROFILE N: one scan, its figures appended to $T/rows
# as "profile variant tool n ms wrong missed finished"
scan() {
	proto=tcp
	case $2 in
	ports)
		seq 1 2000 >"$T/scanned"
		sa="-p 1-2000" na="$NMAP_TCP -p 1-2000" ;;
	top)
		sa="--top-ports 100" na="$NMAP_TCP --top-ports 100" ;;
	udp)
		proto=udp
		seq 1 100 >"$T/scanned"
		sa="-u -p 1-100" na="-sU -p 1-100" ;;
	esac
	t0=$(now_ms)
	if [ "$1" = sockt ]; then
		run "$CAP" $PE_C "$SOCKT" portscan -n -a -g $SOCKT_ARGS $sa \
		    "$PE_S4"
		[ -n "$SOCKT_ARGS" ] && printf '%s\n' "$err" | sed 's/^/    /' >&2
		printf '%s\n' "$out" >"$T/raw"
		sockt_norm "$T/raw" >"$T/norm"
		[ "$2" = top ] && cut -d' ' -f1 "$T/norm" >"$T/scanned"
	else
		run "$CAP" $PE_C nmap $na -Pn -n -v -oX - "$PE_S4"
		printf '%s\n' "$out" >"$T/raw"
		nmap_norm "$proto" "$T/raw" >"$T/norm"
		[ "$2" = top ] && cut -d' ' -f1 "$T/norm" >"$T/scanned"
	fi
	ms=$(( $(now_ms) - t0 ))
	fin=1
	[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && fin=0
	if [ "$fin" = 1 ] && [ "$rc" -ne 0 ]; then
		echo "scan_path: $1 $2 on $3 exited $rc: $err" >&2
	fi
	set -- "$3" "$2" "$1" "$4" "$ms" \
	    $(judge "$T/norm" "$T/scanned" "$T/truth.$proto") $fin
	echo "$*" >>"$T/rows"
	echo "  $3 $2 on $1 #$4: $5 ms, $6 wrong, $7 open missed$([ "$8" = 1 ] ||
	    echo ", did not finish in $CAP s")" >&2
	if [ -n "${RESULTS:-}" ]; then
		echo "== $*" >>"$RESULTS.raw"
		cat "$T/raw" >>"$RESULTS.raw"
	fi
}

truth tcp >"$T/truth.tcp"
truth udp >"$T/truth.udp"
: >"$T/rows"
for prof in $PROFILES; do
	echo "scan_path: $prof ($(pathemu_spec "$prof"))" >&2
	pathemu_start -t 7200 "$prof" || exit 1
	setup || { echo "scan_path: setup failed" >&2; exit 1; }
	for v in $VARIANTS; do
		n=1
		while [ $n -le "$SCANS" ]; do
			scan sockt "$v" "$prof" "$n"
			if [ -n "$NMAP" ] && [ "$n" -le "$NMAP_SCANS" ] &&
			    ! grep -q "^$prof $v nmap .* 0\$" "$T/rows"; then
				scan nmap "$v" "$prof" "$n"
			fi
			n=$((n + 1))
		done
	done
	kill "$SPID"
	wait_gone "$SPID" 10
	pathemu_stop || echo "scan_path: pathemu did not stop" >&2
done
[ -n "${RESULTS:-}" ] && cp "$T/rows" "$RESULTS"

# the table, one per variant
for v in $VARIANTS; do
	case $v in
	ports) title="ports 1-2000, 20 open, 200 dropped, 100 reset" nm="nmap $NMAP_TCP" ;;
	top) title="--top-ports 100" nm="nmap $NMAP_TCP" ;;
	udp) title="UDP ports 1-100 (sockt -u beside nmap -sU), 5 open, 10 dropped" nm="nmap -sU" ;;
	esac
	grep -q " $v " "$T/rows" || continue
	echo
	echo "$title; $SCANS scans each (nmap $NMAP_SCANS), a scan capped at $CAP s"
	echo
	echo "| path (each direction) | sockt: wrong states per scan | sockt: scans missing an open port | sockt time (median) | $nm: wrong per scan | $nm time (median) | time sockt/nmap |"
	echo "|---|---|---|---|---|---|---|"
	for prof in $PROFILES; do
		awk -v p="$prof" -v v="$v" -v cap="$CAP" -v spec="$(pathemu_spec "$prof")" '
		function med(a, n,   i, j, t) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
					t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
				}
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		$1 == p && $2 == v && $3 == "sockt" {
			sn++; st[sn] = $5; sw += $6; if ($7 > 0) sm++
			if (!$8) sd++
		}
		$1 == p && $2 == v && $3 == "nmap" {
			if (!$8) { nd++; next }
			nn++; nt[nn] = $5; nw += $6
		}
		END {
			if (sn == 0) exit
			s = sprintf("%.2f s", med(st, sn) / 1000)
			if (sd) s = s sprintf(" (%d did not finish in %d s)", sd, cap)
			if (nn) {
				nmt = med(nt, nn)
				n1 = sprintf("%.2f", nw / nn)
				n2 = sprintf("%.2f s", nmt / 1000)
				if (nd) n2 = n2 sprintf(" (%d did not finish in %d s)", nd, cap)
				r = sprintf("%.3f", med(st, sn) / nmt)
			} else if (nd) {
				n1 = "-"; n2 = sprintf("did not finish in %d s", cap)
				r = sprintf("< %.3f", med(st, sn) / (cap * 1000))
			} else {
				n1 = "-"; n2 = "-"; r = "-"
			}
			printf "| %s (%s) | %.2f | %d of %d | %s | %s | %s | %s |\n",
			    p, spec == "" ? "nothing" : spec, sw / sn, sm, sn, s,
			    n1, n2, r
		}' "$T/rows"
	done
done
