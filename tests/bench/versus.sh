#!/bin/sh
# tests/bench/versus.sh OLD NEW BENCH [RUNS]: one benchmark of this folder
# run with two sockt binaries side by side in one run, for a change that
# must not make sockt slower (a refactor): BENCH (a script name, "ws" or
# "tests/bench/ws.sh") runs RUNS times (default 3) with SOCKT=OLD and
# with SOCKT=NEW, alternating, so that both meet the same machine.  Each
# figure the benchmark prints after the word "sockt" ("sockt 1.92 GB/s",
# "sockt ratio", a table's "sockt 812") is collected by the line it stands
# on (the line with its numbers masked) and its place there, and the
# medians of OLD and NEW are printed with NEW/OLD.  Whether higher or
# lower is better is the benchmark's unit's: read it off the line.
# The benchmark's own variables (ROUNDS, CASES, sizes) pass through the
# environment.  Loopback only, as every benchmark here.
set -u
if [ $# -lt 3 ]; then
	echo "usage: $0 OLD NEW BENCH [RUNS]" >&2
	exit 2
fi
old=$1
new=$2
here=$(cd "$(dirname "$0")" && pwd)
case $3 in
*/*) bench=$3 ;;
*) bench=$here/${3%.sh}.sh ;;
esac
runs=${4:-3}
[ -f "$bench" ] || { echo "versus: no benchmark $bench" >&2; exit 2; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

i=1
while [ "$i" -le "$runs" ]; do
	for who in old new; do
		eval "bin=\$$who"
		echo "versus: run $i, $who ($bin)" >&2
		SOCKT=$bin sh "$bench" >"$tmp/$who.$i" 2>"$tmp/$who.$i.err" ||
		    echo "versus: run $i of $who failed (exit $?)" >&2
	done
	i=$((i + 1))
done

# every "sockt NUMBER" of every run: WHO<TAB>KEY<TAB>PLACE<TAB>NUMBER,
# KEY the line with its numbers masked
for f in "$tmp"/old.* "$tmp"/new.*; do
	case $f in *.err) continue ;; esac
	who=${f##*/}
	who=${who%%.*}
	awk -v who="$who" '{
		key = $0
		gsub(/[0-9]+(\.[0-9]+)?/, "#", key)
		n = split($0, w, /[ \t(),:;|]+/)
		place = 0
		for (j = 1; j < n; j++)
			if (w[j] == "sockt" && w[j + 1] ~ /^[0-9]+(\.[0-9]+)?/) {
				place++
				v = w[j + 1]
				sub(/[^0-9.].*/, "", v)
				printf "%s\t%s\t%d\t%s\n", who, key, place, v
			}
	}' "$f"
done >"$tmp/figs"

# medians per line and place, in the order the benchmark printed them
awk -F '\t' '
function median(s,    a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j > 0 && a[j] + 0 > t + 0; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	k = $2 SUBSEP $3
	if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
	vals[$1, k] = vals[$1, k] " " $4
}
END {
	for (i = 1; i <= nk; i++) {
		k = order[i]
		split(k, kk, SUBSEP)
		if (!((("old", k) in vals) && (("new", k) in vals)))
			continue
		if (kk[1] != last)
			print kk[1]
		last = kk[1]
		mo = median(vals["old", k])
		mn = median(vals["new", k])
		r = "n/a"
		if (mo + 0 > 0)
			r = sprintf("%.3f", mn / mo)
		printf "  sockt\047s figure %d: old %s, new %s, new/old %s\n",
		    kk[2], mo, mn, r
	}
}' "$tmp/figs"
