#!/bin/sh
# t2116: http-get's option rules are curl 7.88's and no others (issue 61,
# item 3).  Each combination http-get refused or took beside curl's
# answer to it against curlmisc_http.py: the request heads each sent,
# stdout, the files each left and the exit status.  curl refuses -f with
# --fail-with-body, -J with -i or -I, -J with -C - (exit 2 each); it
# takes -C with -i, -I, -r (-C's range wins) and -J, -J without -O (no
# effect) or with -o, -C - to stdout, pairs each -o and -O with a URL
# in order, takes the last of -4 and -6 and of -u, and request fields
# up to 1 MiB (27 past it), fails at a URL -O finds no name in (23)
# and fetches none after it.  Fails on fbc4a641, which refused all of
# those and took -i -J.
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "http-get's rules are curl's" "python3 or curl not installed"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
PY=$(cd "$(dirname "$0")" && pwd)/curlmisc_http.py
LOG=$T/log
: >"$LOG"
server 110 python3 "$PY" 127.0.0.1 "$LOG" || exit 1
U=http://127.0.0.1:$SPORT

# norm LOG: its heads with the User-Agent's value made one
norm() { sed 's#^User-Agent: [a-z]*/[0-9.]*\r$#User-Agent: AGENT\r#' "$1"; }

# same DESC ARGS: sockt http-get -sS and curl -sS, each in a fresh
# directory with a file "f" of 4 bytes ("abc" and a newline), and $MK
# too when set: the heads,
# stdout, the files and the status the same
same() {
	_d=$1
	shift
	for _w in s c; do
		rm -rf "${T:?}/$_w"
		mkdir "$T/$_w"
		echo abc >"$T/$_w/f"
		[ -z "${MK:-}" ] || echo abc >"$T/$_w/$MK"
		: >"$LOG"
		if [ $_w = s ]; then
			(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get \
			    -sS "$@") >"$T/s.out" 2>"$T/s.err"
			src=$?
		else
			(cd "$T/c" && exec timeout -k 2 30 curl -sS "$@") \
			    >"$T/c.out" 2>"$T/c.err"
			crc=$?
		fi
		norm "$LOG" >"$T/$_w.req"
	done
	verdict "$_d" files
}

# --- the rules curl has: exit 2, nothing fetched
same "-f --fail-with-body: refused (2)" -f --fail-with-body "$U/rng"
same "-i -J -O: refused (2)" -i -J -O "$U/rng?cd"
is "... in curl's words" "$(head -1 "$T/s.err")" "sockt http-get: showing \
headers and --remote-header-name cannot be combined"
same "-I -J -O: refused (2)" -I -J -O "$U/rng?cd"
same "-C - -J -O: refused (2)" -C - -J -O "$U/rng?cd"
is "... in curl's words" "$(head -1 "$T/s.err")" "sockt http-get: --continue-at \
and --remote-header-name cannot be combined"

# --- the rules curl does not have
same "-C 2 -i: taken, the 206's head and the rest" -C 2 -i "$U/rng"
same "-C 2 -I: taken" -C 2 -I "$U/rng"
same "-C - -i -o f: f goes on, the head on stdout" -C - -i -o f "$U/rng"
same "-C 2 -r 0-1: taken, -C's range sent" -C 2 -r 0-1 "$U/rng"
same "-r 0-1 -C 3: the same in the other order" -r 0-1 -C 3 "$U/rng"
MK=rng same "-C 4 -J -O: taken, rng goes on" -C 4 -J -O "$U/rng"
same "-J alone: no file, the body on stdout" -J "$U/rng?cd"
same "-J -o g: the body in g" -J -o g "$U/rng?cd"
same "-C - to stdout: the whole body" -C - "$U/rng"
same "-C - -O: rng goes on from its 4 bytes" -C - -O "$U/rng"
same "-o g -O URL1 URL2: paired in order" -o g -O "$U/rng" "$U/a"
same "-O URL1 -o g URL2: paired in order" -O "$U/rng" -o g "$U/a"
same "-O URL1 URL2: the second to stdout" -O "$U/rng" "$U/a"
same "-O -O URL1 URL2: both named" -O -O "$U/rng" "$U/a"
same "-o - -O URL1 URL2: stdout, then named" -o - -O "$U/rng" "$U/a"
same "--remote-name-all -o g URL1 URL2: g, then named" --remote-name-all \
    -o g "$U/rng" "$U/a"
same "-O with a glob: each URL named" -O "$U/{rng,a}"
# no file name in a URL: curl's 23 at its turn, none after it (its 76)
same "-O URL/: curl's 23, nothing sent" -O "$U/"
same "-O -O -O URL1 URL/ URL3: URL1 fetched, 23, URL3 not" -O -O -O \
    "$U/a" "$U/x/.." "$U/rng"
same "-6 -4: the last counts" -6 -4 "$U/a"
same "-u a -u b:c: the last counts" -u a -u b:c "$U/a"
same "-u b:c -u x:y: the last counts" -u b:c -u x:y "$U/a"
printf 'X-Big: %s\n' "$(head -c 1100000 /dev/zero | tr '\0' a)" >"$T/bigh"
same "-H @file over 1 MiB: curl's 27, nothing sent" -H @"$T/bigh" "$U/a"
printf 'X-Big: %s\n' "$(head -c 200000 /dev/zero | tr '\0' a)" >"$T/bigh"
same "-H @file of 200 KB: sent" -H @"$T/bigh" "$U/a"

done_testing
