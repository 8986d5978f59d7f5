#!/bin/sh
# tests/bench/relay.sh: bulk TCP relay throughput over loopback.
# Moves SIZE_MB (default 2048) MiB through
#   sockt connect -> sockt listen > /dev/null
#   nc -N         -> nc -l > /dev/null            (OpenBSD netcat)
#   socat -b131072 -u - TCP:...  -> socat -b131072 -u TCP-LISTEN:... -
# in one run, ROUNDS rounds (default 5) interleaved, and prints the median
# GB/s of each, sockt's ratios, and the peak RSS of each sender/receiver.
# Three feeds: "pipe" is dd bs=1M from /dev/zero (what a shell pipeline
# gives), "pipe*" is pipegen.c, which vmsplices one buffer and so costs
# almost nothing (the relay is all that is measured), "file" a regular file.
# Needs: cc, python3 (free port), ss, GNU time for RSS (optional).
# Loopback only.

: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
SIZE_MB=${SIZE_MB:-2048}
ROUNDS=${ROUNDS:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
freeport() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
RSS=""
[ -x /usr/bin/time ] && RSS="/usr/bin/time -f %M -o"

tools="sockt"
have nc && nc -h 2>&1 | grep -q -- '-N' && tools="$tools nc"
have socat && tools="$tools socat"

dd if=/dev/zero of="$T/file" bs=1M count="$SIZE_MB" 2>/dev/null || exit 1
${CC:-cc} -O2 -o "$T/pipegen" "$(dirname "$0")/pipegen.c" || exit 1
bytes=$((SIZE_MB * 1048576))

# one transfer: $1 tool, $2 feed (pipe|file); prints GB/s
one() {
	p=$(freeport)
	case $1 in
	sockt)	$RSS "$T/rss.recv.$1" "$SOCKT" listen 127.0.0.1 "$p" >/dev/null </dev/null & ;;
	nc)	$RSS "$T/rss.recv.$1" nc -l 127.0.0.1 "$p" >/dev/null </dev/null & ;;
	socat)	$RSS "$T/rss.recv.$1" socat -b131072 -u TCP-LISTEN:"$p",bind=127.0.0.1,reuseaddr - >/dev/null & ;;
	esac
	rp=$!
	# a probe connection would be taken as the one client of these
	# one-shot listeners: watch the listening socket appear instead
	i=0
	while ! ss -ltn "sport = :$p" 2>/dev/null | grep -q ":$p"; do
		i=$((i + 1)); [ $i -gt 500 ] && break; sleep 0.01
	done
	case $1 in
	sockt)	snd="$SOCKT connect 127.0.0.1 $p" ;;
	nc)	snd="nc -N 127.0.0.1 $p" ;;
	socat)	snd="socat -b131072 -u - TCP:127.0.0.1:$p" ;;
	esac
	s=$(now)
	if [ "$2" = pipe ]; then
		dd if=/dev/zero bs=1M count="$SIZE_MB" 2>/dev/null |
		    $RSS "$T/rss.send.$1" timeout 120 $snd
	elif [ "$2" = "pipe*" ]; then
		"$T/pipegen" "$bytes" | $RSS "$T/rss.send.$1" timeout 120 $snd
	else
		$RSS "$T/rss.send.$1" timeout 120 $snd <"$T/file"
	fi
	wait "$rp"
	e=$(now)
	awk -v b="$bytes" -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", b / (e - s) / 1e9 }'
	for f in send recv; do
		[ -f "$T/rss.$f.$1" ] && tail -n 1 "$T/rss.$f.$1" >>"$T/rssall.$f.$1"
	done
}

echo "relay: $SIZE_MB MiB per transfer, $ROUNDS rounds, tools: $tools"
r=1
while [ $r -le "$ROUNDS" ]; do
	for feed in pipe "pipe*" file; do
		for t in $tools; do
			one "$t" "$feed" >>"$T/res.$t.$feed"
		done
	done
	r=$((r + 1))
done

for feed in pipe "pipe*" file; do
	ms=$(median <"$T/res.sockt.$feed")
	line=$(printf '%-5s sockt %s GB/s' "$feed" "$ms")
	for t in $tools; do
		[ "$t" = sockt ] && continue
		m=$(median <"$T/res.$t.$feed")
		ratio=$(awk -v a="$ms" -v b="$m" 'BEGIN { printf "%.2f", a / b }')
		line="$line | $t $m GB/s (sockt ${ratio}x)"
	done
	echo "$line"
done
if [ -n "$RSS" ]; then
	for t in $tools; do
		printf 'peak RSS %-6s sender %s KiB, receiver %s KiB (max over runs)\n' "$t" \
		    "$(sort -n "$T/rssall.send.$t" | tail -n 1)" \
		    "$(sort -n "$T/rssall.recv.$t" | tail -n 1)"
	done
fi
