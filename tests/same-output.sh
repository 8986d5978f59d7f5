#!/bin/sh
# same-output.sh OLD NEW: run every command line of tests/cmdlines.txt
# against two sockt binaries and compare stdout, stderr (the binary's
# path made the same) and exit status.  Proves a change that should not
# change behaviour (a refactor) did not; not part of make check.
# Prints each difference, then "N of M command lines gave the same
# output"; exits 1 if any differ.
# Every run is local: usage errors, help, completions, and connections to
# a loopback port nothing listens on ($CLOSED), each under a timeout.
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 OLD NEW" >&2
	exit 2
fi
old=$1
new=$2
here=$(cd "$(dirname "$0")" && pwd)
list=${CMDLINES:-$here/cmdlines.txt}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# a loopback port that was just free: bound, then closed, never listened
CLOSED=$(python3 -c 'import socket; s = socket.socket(); \
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null) ||
    CLOSED=9
export CLOSED

# run BIN LINE TAG: its stdout, stderr and status into $tmp/TAG.*
run() {
	(cd "$tmp" && eval "timeout 10 \"\$1\" $2" </dev/null \
	    >"$tmp/$3.out" 2>"$tmp/$3.err"; echo $? >"$tmp/$3.rc")
	# the binary's path, in a message that names it, is not a difference
	sed "s|$1|SOCKT|g" "$tmp/$3.err" >"$tmp/$3.e2" &&
	    mv "$tmp/$3.e2" "$tmp/$3.err"
}

# words of each line sorted, then the lines: order does not count
unorder() {
	for f in "$@"; do
		tr "'=" '  ' <"$f" | awk '{ n = split($0, w, " ");
		    for (i = 2; i <= n; i++) { v = w[i] ""; j = i - 1;
		    while (j > 0 && (w[j] "") > v) { w[j + 1] = w[j]; j-- }
		    w[j + 1] = v }
		    s = ""; for (i = 1; i <= n; i++) s = s " " w[i];
		    print s }' | sort >"$f.u" && mv "$f.u" "$f"
	done
}

total=0
same=0
while IFS= read -r line; do
	case $line in
	'#'*|'') continue ;;
	'~ '*) sorted=1; line=${line#'~ '} ;;
	*) sorted=0 ;;
	esac
	total=$((total + 1))
	run "$old" "$line" a
	run "$new" "$line" b
	[ "$sorted" = 1 ] && unorder "$tmp/a.out" "$tmp/b.out"
	# a scan's own duration is no behaviour
	for f in "$tmp/a.out" "$tmp/b.out"; do
		sed -e 's/ in [0-9.]* s$/ in T s/' \
		    -e 's/"seconds":[0-9.]*/"seconds":T/' "$f" >"$f.t" &&
		    mv "$f.t" "$f"
	done
	if cmp -s "$tmp/a.out" "$tmp/b.out" &&
	    cmp -s "$tmp/a.err" "$tmp/b.err" &&
	    cmp -s "$tmp/a.rc" "$tmp/b.rc"; then
		same=$((same + 1))
		continue
	fi
	echo "--- differs: sockt $line"
	for k in out err rc; do
		diff -u "$tmp/a.$k" "$tmp/b.$k" | sed -n '3,40p' |
		    sed "s/^/  $k /"
	done
done <"$list"
echo "$same of $total command lines gave the same stdout, stderr and status"
[ "$same" -eq "$total" ]
