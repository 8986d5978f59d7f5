#!/bin/sh
# tests/bench/syn_sweep.sh: portscan -sS across many hosts (issue 54,
# Deliver 5, items 3 and 4), in a private network namespace of its own.
#
# 1. One port on 65,536 silent hosts: 198.18.0.0/16 routed to a TUN
#    device that nobody reads.  sockt portscan -sS -Pn -p 80 with the
#    defaults (target: at most 4 s), beside the machine's limit: the same
#    65,536 SYNs sent by one raw socket and sendmmsg (rawsend.c), in the
#    same run.  The rates are read off the device's counters
#    (/proc/net/dev, sampled every 2 ms): sockt's is that of its
#    first 65,536 SYNs.  The connect scan runs once beside it (-c, the
#    window it had before -sS's own) with BENCH_SLOW=1: about 32 s.
# 2. 65,536 answering hosts: ip route add local 198.19.0.0/16 dev lo, a
#    listener on 0.0.0.0 on one port, nothing on port 1, iptables
#    dropping 198.19.16.0/20; both ports with -Pn (host discovery would
#    call the dropped /20 down): exactly 61,440 open, 61,440 closed and
#    8,192 filtered; -sS no slower than sockt's own connect scan.
# 3. The machine's rate past a /16 (issue 62, item 5): 198.18.0.0/15 x
#    ports 1-16 (2,097,152 probes, each retried once: nothing answers)
#    into the TUN sink: the time of sockt portscan -sS -Pn, the rate of
#    its first 2,097,152 SYNs beside rawsend's of the same packets (in the
#    same order), and the peak resident memory of sockt's processes (the
#    sum of their VmRSS, sampled every 20 ms; target: under 64 MiB).
# ROUNDS rounds (default 3), medians; PARTS="1 3" runs only those parts.  Every process is bounded by
# timeout(1); the raw packets and the firewall stay in the namespace.
if [ -z "${SK_BENCH_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_BENCH_NS=1 exec unshare -n sh "$0" "$@"
fi
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
BENCH=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-3}
PARTS=${PARTS:-1 2 3}
part() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
have() { command -v "$1" >/dev/null 2>&1; }
if [ "${SK_BENCH_NS:-}" != 1 ] ||
    [ "$(ip -o link show 2>/dev/null | grep -vc ': lo:')" != 0 ] ||
    ! have iptables || ! have python3 || [ ! -c /dev/net/tun ] ||
    ! ip link set lo up; then
	echo "syn_sweep.sh: skipped: needs root, unshare -n, /dev/net/tun," \
	    "iptables and python3"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
RAWSEND=$BENCH/rawsend
if [ ! -x "$RAWSEND" ]; then
	RAWSEND=$T/rawsend
	${CC:-cc} -O2 -o "$RAWSEND" "$BENCH/rawsend.c" || exit 1
fi
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2];
    else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# sampler N: until N more packets have left sk0 (sent or dropped: nobody
# reads it), or 300 s: "first last" seconds after the first packet went,
# when the first and the N-th were counted, into $T/sample
sampler() {
	rm -f "$T/sample"
	timeout 310 python3 -c '
import sys, time
def count():
    with open("/proc/net/dev") as f:
        for l in f:
            if l.strip().startswith("sk0:"):
                v = l.split(":", 1)[1].split()
                return int(v[9]) + int(v[11])
    return 0
n = int(sys.argv[1])
base = count()
sys.stdout.write("ready\n")
sys.stdout.flush()
first = None
end = time.monotonic() + 300
while time.monotonic() < end:
    c = count() - base
    t = time.monotonic()
    if c > 0 and first is None:
        first = t
    if c >= n:
        print("%.4f" % (t - first))
        break
    time.sleep(0.002)
' "$1" >"$T/sample" &
	SAMPLER=$!
	pids="$pids $SAMPLER"
	while ! grep -q ready "$T/sample" 2>/dev/null; do
		kill -0 "$SAMPLER" 2>/dev/null || return 1
		sleep 0.01	# python's start-up; it says ready
	done
}
sampled() {
	wait "$SAMPLER"
	sed -n '2p' "$T/sample"
}

# rsswatch PID: the most resident memory the processes under PID (the
# scan and its workers; not PID, timeout(1)) held at once (KiB, their
# VmRSS summed every 20 ms) into $T/rss when it is sent SIGTERM (other
# sockt processes on the machine are not counted)
rsswatch() {
	rm -f "$T/rss"
	timeout 900 python3 -c '
import os, signal, sys, time
top = 0
root = sys.argv[2]
def done(*a):
    with open(sys.argv[1], "w") as f:
        f.write("%d\n" % top)
    sys.exit(0)
signal.signal(signal.SIGTERM, done)
while True:
    up, rss = {}, {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/status" % p) as f:
                t = f.read()
        except OSError:
            continue
        for l in t.splitlines():
            if l.startswith("PPid:"):
                up[p] = l.split()[1]
            elif l.startswith("VmRSS:") and p != root:
                rss[p] = int(l.split()[1])
    s = 0
    for p, v in rss.items():
        q = p
        while q in up and q != root and q != "0":
            q = up[q]
        if q == root:
            s += v
    top = max(top, s)
    time.sleep(0.02)
' "$T/rss" "$1" &
	RSSW=$!
	pids="$pids $RSSW"
}
rssdone() {
	kill "$RSSW" 2>/dev/null
	wait "$RSSW"
	cat "$T/rss"
}

# summary FILE: "open N closed N filtered N" from -v's last line
summary() {
	sed -n 's/^[^0-9]*\([0-9]*\) open, \([0-9]*\) closed, \([0-9]*\) filtered.*/open \1 closed \2 filtered \3/p' "$1" |
	    tail -n 1
}

echo "bench syn_sweep: $(nproc) CPUs, a private network namespace"

ip tuntap add sk0 mode tun &&
    ip addr add 10.255.255.254/32 dev sk0 && ip link set sk0 up &&
    ip route add 198.18.0.0/15 dev sk0 || exit 1

# --- 1. one port on 65,536 silent hosts
if part 1; then
: >"$T/ss.t"
: >"$T/ss.r"
: >"$T/raw.r"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	sampler 65536 || exit 1
	_t0=$(now)
	timeout 60 "$SOCKT" portscan -sS -Pn -v -p 80 198.18.0.0/16 \
	    >"$T/ss.err" 2>&1
	_t1=$(now)
	echo "$_t0 $_t1" | awk '{ printf "%.3f\n", $2 - $1 }' >>"$T/ss.t"
	s=$(sampled)
	[ -n "$s" ] && awk -v s="$s" 'BEGIN { printf "%.0f\n", 65536 / s }' \
	    >>"$T/ss.r"
	sampler 65536 || exit 1
	timeout 60 "$RAWSEND" 198.18.0.0 65536 80 >"$T/raw.out"
	s=$(sampled)
	[ -n "$s" ] && awk -v s="$s" 'BEGIN { printf "%.0f\n", 65536 / s }' \
	    >>"$T/raw.r"
	r=$((r + 1))
done
ss=$(median <"$T/ss.t")
echo "one port (80) on 65,536 silent hosts (a TUN sink), medians of $ROUNDS:"
printf '  sockt portscan -sS -Pn -p 80 198.18.0.0/16  %6.3f s  %s (%s)\n' \
    "$ss" "$(summary "$T/ss.err")" "$(tr '\n' ' ' <"$T/ss.t")"
printf '    its first 65,536 SYNs: %s packets/s; raw sendmmsg of the same: %s packets/s (%sx)\n' \
    "$(median <"$T/ss.r")" "$(median <"$T/raw.r")" \
    "$(ratio "$(median <"$T/ss.r")" "$(median <"$T/raw.r")")"
printf '    rawsend says: %s\n' "$(cat "$T/raw.out")"
awk -v s="$ss" 'BEGIN { printf "  target <= 4 s: %s\n", s <= 4 ? "met" : "MISSED" }'
if [ -n "${BENCH_SLOW:-}" ]; then
	_t0=$(now)
	timeout 120 "$SOCKT" portscan -Pn -v -p 80 198.18.0.0/16 \
	    >"$T/st.err" 2>&1
	_t1=$(now)
	printf '  sockt portscan -Pn (connects), once        %6.3f s  %s\n' \
	    "$(echo "$_t0 $_t1" | awk '{ printf "%.3f", $2 - $1 }')" \
	    "$(summary "$T/st.err")"
fi
fi

# --- 3. 198.18.0.0/15 x 16 ports: 2,097,152 SYNs, twice (done before 2,
# whose local route takes 198.19.0.0/16 from the TUN device)
if part 3; then
N3=2097152
: >"$T/w.t"
: >"$T/w.r"
: >"$T/w.m"
: >"$T/wraw.r"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	sampler $N3 || exit 1
	_t0=$(now)
	timeout 300 "$SOCKT" portscan -sS -Pn -v -p 1-16 198.18.0.0/15 \
	    >"$T/w.err" 2>&1 &
	spid=$!
	rsswatch $spid
	wait $spid
	_t1=$(now)
	rssdone >>"$T/w.m"
	echo "$_t0 $_t1" | awk '{ printf "%.3f\n", $2 - $1 }' >>"$T/w.t"
	s=$(sampled)
	[ -n "$s" ] && awk -v s="$s" -v n=$N3 'BEGIN { printf "%.0f\n", n / s }' \
	    >>"$T/w.r"
	sampler $N3 || exit 1
	timeout 120 "$RAWSEND" 198.18.0.0 $N3 1 16 >"$T/wraw.out"
	s=$(sampled)
	[ -n "$s" ] && awk -v s="$s" -v n=$N3 'BEGIN { printf "%.0f\n", n / s }' \
	    >>"$T/wraw.r"
	r=$((r + 1))
done
ws=$(median <"$T/w.t")
echo "ports 1-16 on 131,072 silent hosts (a TUN sink), medians of $ROUNDS:"
printf '  sockt portscan -sS -Pn -p 1-16 198.18.0.0/15  %6.3f s  %s (%s)\n' \
    "$ws" "$(summary "$T/w.err")" "$(tr '\n' ' ' <"$T/w.t")"
printf '    its first 2,097,152 SYNs: %s packets/s; raw sendmmsg of the same: %s packets/s (%sx)\n' \
    "$(median <"$T/w.r")" "$(median <"$T/wraw.r")" \
    "$(ratio "$(median <"$T/w.r")" "$(median <"$T/wraw.r")")"
printf '    rawsend says: %s\n' "$(cat "$T/wraw.out")"
printf '    peak resident memory (its processes summed): %s KiB (%s)\n' \
    "$(median <"$T/w.m")" "$(tr '\n' ' ' <"$T/w.m")"
awk -v m="$(median <"$T/w.m")" 'BEGIN { printf "  target < 64 MiB: %s\n",
    m < 65536 ? "met" : "MISSED" }'
fi

# --- 2. 65,536 answering hosts, 2 ports, a /20 dropped
part 2 || exit 0
ip route add local 198.19.0.0/16 dev lo || exit 1
iptables -A INPUT -d 198.19.16.0/20 -j DROP || exit 1
rm -f "$T/fifo"
mkfifo "$T/fifo"
# accepts and closes, as fast as the connect scan comes
timeout 900 python3 -c '
import socket, sys
s = socket.socket()
s.bind(("0.0.0.0", 0))
s.listen(4096)
sys.stderr.write("listening on 0.0.0.0 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
while True:
    c, _ = s.accept()
    c.close()
' 2>"$T/fifo" &
pids="$pids $!"
read -r _l <"$T/fifo"
L=${_l##* port }
want="open 61440 closed 61440 filtered 8192"
: >"$T/ah.ss"
: >"$T/ah.st"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	for k in ss st; do
		o=
		[ "$k" = ss ] && o=-sS
		_t0=$(now)
		# shellcheck disable=SC2086
		timeout 120 "$SOCKT" portscan $o -Pn -v -p "$L",1 \
		    198.19.0.0/16 >"$T/$k.err" 2>&1
		_t1=$(now)
		echo "$_t0 $_t1" | awk '{ printf "%.3f\n", $2 - $1 }' \
		    >>"$T/ah.$k"
		got=$(summary "$T/$k.err")
		[ "$got" = "$want" ] || echo "  MISMATCH ($k, round $r): $got"
	done
	r=$((r + 1))
done
echo "65,536 answering hosts (198.19.0.0/16 local), ports $L (listening)" \
    "and 1 (closed), 198.19.16.0/20 dropped, -Pn, medians of $ROUNDS:"
printf '  sockt portscan -sS  %6.3f s  %s (%s)\n' "$(median <"$T/ah.ss")" \
    "$(summary "$T/ss.err")" "$(tr '\n' ' ' <"$T/ah.ss")"
printf '  sockt portscan      %6.3f s  %s (%s)\n' "$(median <"$T/ah.st")" \
    "$(summary "$T/st.err")" "$(tr '\n' ' ' <"$T/ah.st")"
printf '  want %s; -sS / connect: %sx (target <= 1)\n' "$want" \
    "$(ratio "$(median <"$T/ah.ss")" "$(median <"$T/ah.st")")"
