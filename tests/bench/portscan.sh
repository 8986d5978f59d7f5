#!/bin/sh
# tests/bench/portscan.sh: sockt portscan against nmap -sT and nc -z.
#
# 1. Every port of 127.0.0.1 with three listeners: sockt portscan -p - vs
#    nmap -sT -p- -n -Pn -T4 and nc -z -w1 1-65535; all must find the
#    same open set.  ROUNDS rounds (default 5), medians and ratios.
# 2. Every port of a name that resolves to two addresses (localhost if it
#    is 127.0.0.1 and ::1 here, else a name in a hosts file bind-mounted
#    over /etc/hosts in the private mount namespace) against one address:
#    the work doubles, so the time should at most about double (<= 2.2x).
# 3. 1,000 ports whose SYNs a firewall drops (a private network namespace
#    with iptables): sockt -w 1 --retries 0 vs nmap --max-retries 0
#    --max-rtt-timeout 1000ms.  nmap takes about 100 s here, so it runs once
#    and only with BENCH_SLOW=1.
# 4. UDP, every port of 127.0.0.1 with three UDP echo peers
#    (tests/udp_peer.py): sockt portscan -u -p - vs nmap -sU -p- -n -Pn
#    (raw sockets, so root), which must agree on every port's state.
# Runs in a private network namespace (unshare -n, as root) when it can, so
# no other program's listener changes the open set; loopback only.  Every
# process is bounded by timeout(1).
if [ -z "${SK_BENCH_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -m -n true 2>/dev/null; then
	# -m too: section 2 may bind-mount a hosts file of its own
	SK_BENCH_NS=1 SK_BENCH_MNT=1 exec unshare -m -n sh "$0" "$@"
elif [ -z "${SK_BENCH_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_BENCH_NS=1 exec unshare -n sh "$0" "$@"
fi
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
ROUNDS=${ROUNDS:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
if [ "${SK_BENCH_NS:-}" = 1 ]; then
	ip link set lo up || exit 1
	where="a private network namespace"
else
	where="the host network namespace (other listeners may show up)"
fi
have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2];
    else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# three one-shot listeners (sockt listen); their ports in $want
listeners() {
	want=
	for _i in 1 2 3; do
		rm -f "$T/fifo"
		mkfifo "$T/fifo"
		timeout 120 "$SOCKT" listen -v 127.0.0.1 0 </dev/null \
		    >/dev/null 2>"$T/fifo" &
		pids="$pids $!"
		read -r _l <"$T/fifo"
		want="$want ${_l##* port }"
	done
	# so the open set is the same for every tool, whoever is around
	want=$(printf '%s\n' $want | sort -n | tr '\n' ' ')
}
stop_listeners() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	pids=
}

# timed NAME CMD...: run once with fresh listeners; seconds in $secs,
# the open ports found (by the parser for NAME) in $found
timed() {
	_name=$1
	shift
	listeners
	_t0=$(now)
	timeout 300 "$@" >"$T/out" 2>"$T/err"
	_t1=$(now)
	stop_listeners
	secs=$(echo "$_t0 $_t1" | awk '{ printf "%.3f", $2 - $1 }')
	case $_name in
	sockt) found=$(awk '$3 == "open" { print $2 }' "$T/out") ;;
	nmap) found=$(grep -o '[0-9]*/open/' "$T/out" | cut -d/ -f1) ;;
	nc) found=$(sed -n 's/.* \([0-9][0-9]*\) port .*succeeded.*/\1/p' "$T/err") ;;
	esac
	found=$(printf '%s\n' $found | sort -n | tr '\n' ' ')
	if [ "$found" != "$want" ]; then
		_extra=$(for _p in $found; do case " $want " in
		    *" $_p "*) ;; *) printf '%s ' "$_p" ;; esac; done)
		_miss=$(for _p in $want; do case " $found " in
		    *" $_p "*) ;; *) printf '%s ' "$_p" ;; esac; done)
		if [ "$_name" = nc ] && [ -z "$_miss" ]; then
			# nc -z believes its own TCP self-connects (source
			# port = scanned port): nc's bug, not a listener
			echo "  nc: phantom open ports (self-connects): $_extra"
		else
			echo "  $_name: open set differs: extra [$_extra]" \
			    "missing [$_miss]"
			mismatch=1
		fi
	fi
}

mismatch=0
echo "portscan benchmark, in $where, $(nproc 2>/dev/null || echo ?) CPUs"
echo
echo "1. all 65,535 ports of 127.0.0.1, 3 listeners, $ROUNDS rounds"
: >"$T/sockt.t"
: >"$T/nmap.t"
: >"$T/nc.t"
# the tools take turns in each round, so a busy moment hits them alike
i=0
while [ "$i" -lt "$ROUNDS" ]; do
	timed sockt "$SOCKT" portscan -g -p - 127.0.0.1
	echo "$secs" >>"$T/sockt.t"
	if have nmap; then
		timed nmap nmap -sT -p- -n -Pn -T4 -oG - 127.0.0.1
		echo "$secs" >>"$T/nmap.t"
	fi
	if have nc; then
		timed nc nc -z -v -w1 127.0.0.1 1-65535
		echo "$secs" >>"$T/nc.t"
	fi
	i=$((i + 1))
done
ms=$(median <"$T/sockt.t")
printf '  %-32s median %6.3f s  (%s)\n' "sockt portscan -p - 127.0.0.1" "$ms" \
    "$(tr '\n' ' ' <"$T/sockt.t")"
for tool in nmap nc; do
	if ! have "$tool"; then
		echo "  $tool: not installed, skipped"
		continue
	fi
	m=$(median <"$T/$tool.t")
	label="nmap -sT -p- -n -Pn -T4"
	[ "$tool" = nc ] && label="nc -z -w1 127.0.0.1 1-65535"
	printf '  %-32s median %6.3f s  (%s)\n  %32s sockt is %.2fx faster\n' \
	    "$label" "$m" "$(tr '\n' ' ' <"$T/$tool.t")" "" \
	    "$(echo "$m $ms" | awk '{ print $1 / $2 }')"
done
[ "$mismatch" -eq 0 ] && echo "  open sets: identical across tools and rounds"

dropped() {
echo
echo "2. all 65,535 ports of a name with two addresses vs one address"
name=
if getent ahosts localhost 2>/dev/null | grep -q '^::1 ' &&
    getent ahosts localhost 2>/dev/null | grep -q '^127\.0\.0\.1 '; then
	name=localhost
elif [ "${SK_BENCH_MNT:-}" = 1 ] &&
    printf '127.0.0.1 localhost\n127.0.0.1 sktwo.bench\n::1 sktwo.bench\n' \
    >"$T/hosts" &&
    mount --bind "$T/hosts" /etc/hosts 2>/dev/null; then
	name=sktwo.bench
fi
if [ -z "$name" ]; then
	echo "  skipped: localhost is one address here, and a private mount"
	echo "  namespace (root, unshare -m) is needed for a name of our own"
else
	: >"$T/one.t"
	: >"$T/two.t"
	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		for which in one two; do
			tgt=127.0.0.1
			[ "$which" = two ] && tgt=$name
			_t0=$(now)
			timeout 120 "$SOCKT" portscan -v -g -p - "$tgt" \
			    >"$T/out" 2>"$T/err"
			_t1=$(now)
			echo "$_t0 $_t1" | awk '{ printf "%.3f\n", $2 - $1 }' \
			    >>"$T/$which.t"
			want="0 open, 65535 closed"
			[ "$which" = two ] && want="0 open, 131070 closed"
			grep -q "$want, 0 filtered" "$T/err" || {
				echo "  sockt $tgt: wrong result:" \
				    "$(tail -n 1 "$T/err")"
				mismatch=1
			}
		done
		i=$((i + 1))
	done
	m1=$(median <"$T/one.t")
	m2=$(median <"$T/two.t")
	printf '  %-44s median %6.3f s  (%s)\n' "sockt portscan -p - 127.0.0.1" \
	    "$m1" "$(tr '\n' ' ' <"$T/one.t")"
	printf '  %-44s median %6.3f s  (%s)\n' \
	    "sockt portscan -p - $name (2 addresses)" "$m2" \
	    "$(tr '\n' ' ' <"$T/two.t")"
	r=$(echo "$m2 $m1" | awk '{ printf "%.2f", $1 / $2 }')
	ok=$(echo "$r" | awk '{ print ($1 <= 2.2) ? "within" : "OVER" }')
	echo "  two addresses take ${r}x the time of one: $ok the 2.2x target"
fi

echo
echo "3. 1,000 ports whose SYNs are dropped, -w 1, no retries"
if [ "${SK_BENCH_NS:-}" != 1 ] || ! have iptables ||
    ! iptables -A INPUT -p tcp --syn --dport 20000:20999 -j DROP 2>/dev/null
then
	echo "  skipped: needs root, unshare -n and iptables"
	return
fi
: >"$T/drop.t"
i=0
while [ "$i" -lt "$ROUNDS" ]; do
	_t0=$(now)
	timeout 60 "$SOCKT" portscan -w 1 --retries 0 -p 20000-20999 \
	    127.0.0.1 >"$T/out" 2>&1
	_t1=$(now)
	echo "$_t0 $_t1" | awk '{ printf "%.3f\n", $2 - $1 }' >>"$T/drop.t"
	grep -q '^0 open, 0 closed, 1000 filtered' "$T/out" || {
		echo "  sockt: wrong result: $(cat "$T/out")"
		mismatch=1
	}
	i=$((i + 1))
done
md=$(median <"$T/drop.t")
printf '  %-44s median %6.3f s  (%s)\n' "sockt portscan -w 1 --retries 0" \
    "$md" "$(tr '\n' ' ' <"$T/drop.t")"
if ! have nmap; then
	echo "  nmap: not installed, skipped"
elif [ -z "${BENCH_SLOW:-}" ]; then
	echo "  nmap --max-retries 0 --max-rtt-timeout 1000ms: skipped (takes"
	echo "  about 100 s; set BENCH_SLOW=1 to run it once)"
else
	_t0=$(now)
	timeout 200 nmap -sT -p 20000-20999 -n -Pn --max-retries 0 \
	    --max-rtt-timeout 1000ms -oG - 127.0.0.1 >"$T/out" 2>&1
	_t1=$(now)
	m=$(echo "$_t0 $_t1" | awk '{ printf "%.3f", $2 - $1 }')
	printf '  %-44s once   %6.3f s  sockt is %.1fx faster\n' \
	    "nmap -sT --max-retries 0 --max-rtt-timeout 1s" "$m" \
	    "$(echo "$m $md" | awk '{ print $1 / $2 }')"
fi
}
dropped

# three UDP echo peers; their ports in $uwant
udp_peers() {
	uwant=
	for _i in 1 2 3; do
		rm -f "$T/fifo"
		mkfifo "$T/fifo"
		timeout 120 python3 "$PEER" echo 127.0.0.1 0 </dev/null \
		    >/dev/null 2>"$T/fifo" &
		pids="$pids $!"
		read -r _l <"$T/fifo"
		uwant="$uwant ${_l##* port }"
	done
	uwant=$(printf '%s\n' $uwant | sort -n | tr '\n' ' ')
}

# echo_states NAME: every port's state that is not closed ("PORT STATE"
# lines) and the count of closed ports ("closed N"), from NAME's output
echo_states() {
	case $1 in
	sockt)
		# -g lists the ports that are not closed, -v counts the rest
		awk '{ sub("/udp", "", $2); print $2, $3 }' "$T/out"
		sed -n 's/.* \([0-9]*\) closed, .*/closed \1/p' "$T/err" ;;
	nmap)
		grep 'Ports:' "$T/out" | sed 's/.*Ports: //; s/\tIgnored.*//' |
		    tr ',' '\n' | awk -F/ '$3 == "udp" { gsub(/ /, "", $1);
		    print $1, $2 }'
		sed -n 's/.*Ignored State: closed (\([0-9]*\)).*/closed \1/p' \
		    "$T/out" ;;
	esac | sort
}
# utimed NAME CMD...: as timed, for UDP, with fresh UDP peers; the states
# in $T/NAME.states, the peers' ports written "peer"
utimed() {
	_name=$1
	shift
	udp_peers
	_t0=$(now)
	timeout 300 "$@" >"$T/out" 2>"$T/err"
	_t1=$(now)
	stop_listeners
	secs=$(echo "$_t0 $_t1" | awk '{ printf "%.3f", $2 - $1 }')
	# the peers' ports differ per round: say "peer" for theirs
	echo_states "$_name" | awk -v w="$uwant" 'BEGIN { n = split(w, a, " ");
	    for (i = 1; i <= n; i++) p[a[i]] = 1 }
	    { if ($1 in p) $1 = "peer"; print }' | sort >"$T/$_name.states"
}

echo
echo "4. UDP: all 65,535 ports of 127.0.0.1, 3 UDP echo peers, $ROUNDS rounds"
PEER=$(cd "$(dirname "$0")/.." && pwd)/udp_peer.py
if ! have python3; then
	echo "  skipped: needs python3 for the UDP peers"
	exit "$mismatch"
fi
: >"$T/usockt.t"
: >"$T/unmap.t"
unmap=
[ "$(id -u)" = 0 ] && have nmap && unmap=1
i=0
while [ "$i" -lt "$ROUNDS" ]; do
	utimed sockt "$SOCKT" portscan -u -g -v -p - 127.0.0.1
	echo "$secs" >>"$T/usockt.t"
	_want=$(printf 'closed 65532\npeer open\npeer open\npeer open')
	if [ "$(cat "$T/sockt.states")" != "$_want" ]; then
		echo "  sockt: wrong states: $(tr '\n' ' ' <"$T/sockt.states")"
		mismatch=1
	fi
	if [ -n "$unmap" ]; then
		utimed nmap nmap -sU -p- -n -Pn -oG - 127.0.0.1
		echo "$secs" >>"$T/unmap.t"
		if ! cmp -s "$T/sockt.states" "$T/nmap.states"; then
			echo "  nmap and sockt disagree: nmap" \
			    "$(tr '\n' ' ' <"$T/nmap.states")"
			mismatch=1
		fi
	fi
	i=$((i + 1))
done
ms=$(median <"$T/usockt.t")
printf '  %-32s median %6.3f s  (%s)\n' "sockt portscan -u -p -" "$ms" \
    "$(tr '\n' ' ' <"$T/usockt.t")"
if [ -n "$unmap" ]; then
	m=$(median <"$T/unmap.t")
	printf '  %-32s median %6.3f s  (%s)\n  %32s sockt is %.2fx faster\n' \
	    "nmap -sU -p- -n -Pn" "$m" "$(tr '\n' ' ' <"$T/unmap.t")" "" \
	    "$(echo "$m $ms" | awk '{ print $1 / $2 }')"
	[ "$mismatch" -eq 0 ] && echo "  every port: the same state in" \
	    "sockt and nmap, every round"
else
	echo "  nmap -sU: needs root and nmap, skipped"
fi
exit "$mismatch"
