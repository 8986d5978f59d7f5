#!/bin/sh
# t2086: http-get URL globbing, curl's: ranges ([1-3], [01-10] zero
# padded, [a-c], steps), sets ({a,b}), several in one URL in curl's
# order, -o names with #N, --urls lines, -g; beside curl on the same
# command lines (the server echoes each request target, so the bodies
# show the order and the file names what #N gave).  The same URLs in
# every mode: one at a time, -Z and --pipeline.  A bad pattern is one
# line and exit 3 as curl's, in curl's words, placed where curl places
# it; a pattern past a million URLs is refused before anything is
# fetched.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"
D=$(cd "$(dirname "$0")" && pwd)

if ! have python3; then
	skip "URL globbing" "python3 not installed"
	done_testing
	exit 0
fi
server 120 python3 "$D/misc_http.py" "$T/req.log" || exit 1
U=http://127.0.0.1:$SPORT
mkdir -p "$T/s" "$T/c"
havecurl=0
have curl && havecurl=1

# same DESC WANT ARGS...: sockt prints WANT and exits 0; curl too
same() {
	_d=$1 _w=$2
	shift 2
	both "$@"
	is "$_d" "$src:$(cat "$T/s.out")" "0:$_w"
	[ $havecurl = 1 ] || return 0
	is "... as curl" "$crc:$(cat "$T/c.out")" "0:$_w"
}

nl='
'
same "a range" "/1 -$nl/2 -$nl/3 -" "$U/[1-3]"
same "zero padded" "/08 -$nl/09 -$nl/10 -" "$U/[08-10]"
same "letters" "/a -$nl/b -$nl/c -" "$U/[a-c]"
same "a step" "/0 -$nl/50 -$nl/100 -" "$U/[0-100:50]"
same "letters with a step" "/A -$nl/C -$nl/E -" "$U/[A-E:2]"
same "a set" "/one -$nl/two -" "$U/{one,two}"
same "two patterns: the last turns fastest" \
    "/x/1 -$nl/x/2 -$nl/y/1 -$nl/y/2 -" "$U/{x,y}/[1-2]"
same "several URLs, patterns or not" "/p -$nl/q1 -$nl/q2 -" \
    "$U/p" "$U/q[1-2]"
same "escaped brackets are no pattern" "/[x] -" "$U/\\[x\\]"

# -o with #N: the same files as curl's
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS \
    -o 'f_#1_#2.txt' "$U/{a,b}/[1-2]" -o last "$U/z") 2>"$T/s.err"
is "-o f_#1_#2.txt: exit 0" "$?" 0
is "... a file each" "$(cd "$T/s" && ls | tr '\n' ' ')" \
    "f_a_1.txt f_a_2.txt f_b_1.txt f_b_2.txt last "
is "... of its own URL" "$(cat "$T/s/f_b_1.txt")" "/b/1 -"
is "... the next -o for the next URL" "$(cat "$T/s/last")" "/z -"
if [ $havecurl = 1 ]; then
	(cd "$T/c" && exec timeout -k 2 30 curl -sS \
	    -o 'f_#1_#2.txt' "$U/{a,b}/[1-2]" -o last "$U/z")
	is "... as curl" "$(cd "$T/s" && for f in *; do echo "$f $(cat "$f")";
	    done)" "$(cd "$T/c" && for f in *; do echo "$f $(cat "$f")"; done)"
fi

# every mode: the same bodies in URL order
want="$(for a in 1 2 3; do for b in x y z; do echo "/$a/$b -"; done; done)"
for m in "" -Z --pipeline "-Z --pipeline 3"; do
	run 30 "$SOCKT" http-get -sS $m "$U/[1-3]/{x,y,z}"
	is "every mode: ${m:-one at a time}" "$rc:$out" "0:$want"
done
rm -f "$T/s"/*
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS -Z \
    -o 'g#1' "$U/[1-20]") 2>"$T/s.err"
is "-Z with -o g#1: twenty files" "$?:$(ls "$T/s" | wc -l | tr -d ' '):$(cat \
    "$T/s/g17")" "0:20:/17 -"

# --urls lines are patterns too
printf '%s\n' "$U/l[1-2]" "$U/m" >"$T/list"
run 30 "$SOCKT" http-get -sS --urls "$T/list"
is "--urls: a line's pattern" "$rc:$out" "0:/l1 -$nl/l2 -$nl/m -"

# -g: taken as it is (curl -g sends the same target)
: >"$T/req.log"
run 30 "$SOCKT" http-get -sS -g "$U/a[1-2]{x}"
is "-g: no globbing" "$rc:$out" "0:/a[1-2]{x} -"
if [ $havecurl = 1 ]; then
	timeout -k 2 30 curl -sS -g "$U/a[1-2]{x}" >/dev/null
	is "... the target curl -g sends" "$(cat "$T/req.log")" \
	    "/a[1-2]{x} -$nl/a[1-2]{x} -"
fi

# bad patterns: one line, exit 3 as curl's (issue 61), nothing fetched
for p in "[1-" "[3-1]" "[1-5:0]" "{a,b" "{a,{b}}" "{}" "a]" "[x]"; do
	: >"$T/req.log"
	run 30 "$SOCKT" http-get -sS "$U/ok" "$U/$p"
	is "bad pattern $p: exit 3" "$rc" 3
	like "... saying where" "$err" \
	    "sockt http-get: URL 2 of 2: * in URL position *"
	is "... one line, nothing fetched" \
	    "$(wc -l <"$T/err" | tr -d ' '):$(wc -c <"$T/req.log" | tr -d ' ')" \
	    "1:0"
done
run 30 "$SOCKT" http-get -sS "$U/[1-"
like "one URL: named" "$err" "sockt http-get: $U/\\[1-: bad range in URL position $((${#U} + 5)) (-g: no globbing)"
if [ $havecurl = 1 ]; then
	run 30 curl -sS "$U/[1-"
	is "... curl refuses it too (exit 3)" "$rc" 3
	# where each stops reading: curl's words and position
	for p in "[1-" "[3-1]" "[1-5:0]" "[1-5:x]" "[1x5]" "[a-Z]" "[a-c:x]" \
	    "[!]" "[a-]]" "{a,{b}}" "x[1-2][" "a]"; do
		run 30 "$SOCKT" http-get -sS "$U/$p"
		s=${err#*"$U/$p: "}
		run 30 curl -sS "$U/$p"
		is "bad pattern $p: curl's words and position" \
		    "${s% (-g: no globbing)}" "$(sed -n '1s/^curl: (3) \(.*\):$/\1/p' "$T/err")"
	done
fi

# the cap: a million URLs from patterns, no more
run 30 "$SOCKT" http-get -sS "$U/[0-999][0-999]{a,b}"
is "past a million URLs: exit 3, a glob's error as curl's" "$rc" 3
like "... saying so" "$err" "*too many URLs in URL position *"
run 30 "$SOCKT" http-get -sS "$U/[0-999][0-999]" "$U/[1-2]"
is "... and across patterns" "$rc:$err" \
    "2:sockt http-get: the URL patterns make 1000002 URLs, at most 1000000"

# -o names too large to hold (6 TB: each "#1" a 100 kB word, 60000 of
# them, for 1000 URLs), where the URLs fit: refused before anything is
# allocated, one line, no crash
A=$(printf '%100000s' '' | tr ' ' A)
N=$(printf '#1%.0s' $(seq 60000))
run 30 "$SOCKT" http-get -sS -o "$N" "http://127.0.0.1:1/{$A}[1-1000]"
is "-o names past 1 GiB: exit 2, said" "$rc:$err" \
    "2:sockt http-get: the -o names of the URL pattern take more than 1024 MiB"

done_testing
