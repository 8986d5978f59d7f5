#!/bin/sh
# t2082: a resume that survives a cut (issue 49, item 1).  With -C the
# bytes that came stay in the -o file when a transfer fails, so the next
# -C - goes on from there (the man page's until-loop finishes), and
# --retry with -C resumes each retry after them (one run finishes what
# the loop does).  Against tests/pathemu_http.py on loopback, cutting
# every response after 1 MiB and after a time, beside curl's loop; -Z,
# --pipeline and a URL glob; a cut without -C leaves no partial file
# (and an existing one as it was).  A server that ignores the range and
# --compressed are t2080's (canned responses).
. "$(dirname "$0")/lib.sh"

if ! have python3; then
	skip "resume across cuts" "python3 not installed"
	done_testing
	exit
fi
W=$T/www
mkdir "$W" "$T/s" "$T/c" "$T/z"
head -c 4194304 /dev/urandom >"$W/big.iso"
for i in 1 2 3; do head -c 1500000 /dev/urandom >"$W/f$i"; done
HTTPD=$(dirname "$0")/pathemu_http.py
if ! server 120 python3 "$HTTPD" "$W" 127.0.0.1 --cut-bytes 1048576 \
    --log "$T/cut.log"; then
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT

# loop DIR CMD...: the man page's loop in DIR (until CMD; do :; done),
# at most 8 tries, each under a watchdog; $tries is how many it took,
# or "never"
loop() {
	_d=$1
	shift
	tries=never
	_n=0
	while [ $_n -lt 8 ]; do
		_n=$((_n + 1))
		if (cd "$_d" && timeout -k 2 30 "$@") 2>>"$T/loop.err"; then
			tries=$_n
			return 0
		fi
	done
}
same() { cmp -s "$1" "$2" && echo same || echo differs; }

# a cut at a byte count: 4 MiB, 1 MiB at a time
loop "$T/s" "$SOCKT" http-get -sS -C - -o big.iso "$U/big.iso"
is "until sockt http-get -sS -C - ...: 4 tries for 4 MiB cut at 1 MiB" \
    "$tries:$(same "$T/s/big.iso" "$W/big.iso")" "4:same"
if have curl; then
	loop "$T/c" curl -s -C - -o big.iso "$U/big.iso"
	is "... as many as curl's loop" "$tries:$(same "$T/c/big.iso" \
	    "$W/big.iso")" "4:same"
else
	skip "... as many as curl's loop" "curl not installed"
fi

# --retry with -C -: one run
: >"$T/cut.log"
run 60 "$SOCKT" http-get -C - --retry 5 --retry-delay 0.1 -o "$T/r.iso" \
    "$U/big.iso"
wait_lines 10 4 "$T/cut.log"	# the server logs after its last send
is "--retry 5 -C -: one run finishes it" \
    "$rc:$(same "$T/r.iso" "$W/big.iso")" "0:same"
is "... each retry asked for the bytes after those written" \
    "$(awk '{ print $3 }' "$T/cut.log" | tr '\n' ' ')" \
    "- bytes=1048576- bytes=2097152- bytes=3145728- "
like "... and said it went on" "$err" \
    "*transfer closed with 3145728 bytes remaining: retrying in 0.1 s (1 of 5)*"
run 60 "$SOCKT" http-get -sS -C - --retry 1 --retry-delay 0.1 -o "$T/r2.iso" \
    "$U/big.iso"
is "--retry 1 -C -: two tries, 2 MiB kept, exit 18" \
    "$rc:$(wc -c <"$T/r2.iso" | tr -d ' ')" "18:2097152"
run 60 "$SOCKT" http-get -sS -C - --retry 3 --retry-delay 0.1 -o "$T/r2.iso" \
    "$U/big.iso"
is "... and the next run goes on from there" \
    "$rc:$(same "$T/r2.iso" "$W/big.iso")" "0:same"
# -C N: the bytes past N are replaced on the first try only
head -c 1048576 "$W/big.iso" >"$T/n.iso"
printf 'not the server' >>"$T/n.iso"
run 60 "$SOCKT" http-get -sS -C 1048576 --retry 5 --retry-delay 0.1 \
    -o "$T/n.iso" "$U/big.iso"
is "--retry -C 1048576: the retries go on after the bytes written" \
    "$rc:$(same "$T/n.iso" "$W/big.iso")" "0:same"

# without -C: no partial file, an existing one as it was, no retry (as
# curl: a cut is no transient error)
: >"$T/cut.log"
printf 'old' >"$T/o.iso"
run 60 "$SOCKT" http-get -sS --retry 3 --retry-delay 0.1 -o "$T/o.iso" \
    "$U/big.iso"
is "a cut without -C: exit 18, the file as it was" "$rc:$(cat "$T/o.iso")" \
    "18:old"
is "... not retried" "$(wc -l <"$T/cut.log" | tr -d ' ')" 1
run 60 "$SOCKT" http-get -sS -o "$T/none.iso" "$U/big.iso"
is "... and no file where there was none, what came in none.iso.sockt-part" \
    "$rc:$(ls "$T" | grep -cx 'none\.iso'):$(ls "$T" |
    grep -cx 'none\.iso\.sockt-part')" "18:0:1"

# many at once: each URL's file goes on by itself
loop "$T/z" "$SOCKT" http-get -Z -sS -C - -o '#1.part' "$U/f[1-3]"
is "-Z with a glob: the loop takes 2 tries for 1.5 MB" \
    "$tries:$(same "$T/z/1.part" "$W/f1"):$(same "$T/z/3.part" "$W/f3")" \
    "2:same:same"
for m in -Z --pipeline; do
	rm -f "$T/z/"*
	run 60 sh -c 'cd "$1" && shift && exec "$@"' sh "$T/z" "$SOCKT" \
	    http-get $m -sS -C - --retry 3 --retry-delay 0.1 -O "$U/f[1-3]"
	is "$m --retry -C - -O: one run, every file whole" \
	    "$rc:$(same "$T/z/f1" "$W/f1"):$(same "$T/z/f2" \
	    "$W/f2"):$(same "$T/z/f3" "$W/f3")" "0:same:same:same"
done

# a cut at a time, across an emulated path of 1 MB/s (pathemu.sh): the
# server stops sending after 1 s; what a try gets is what crossed the
# path by then and what the buffers held, so the two loops' tries may
# differ by one
. "$(dirname "$0")/pathemu.sh"
if ! pathemu_usable; then
	skip "a cut at a time, across pathemu" "$PE_WHY"
	done_testing
	exit
fi
# curl's loop and the --retry run each cross a path of their own, as
# parts beside sockt's loop: each try's time is the path's
CT=$T/curl.tries
curl_loop() {
	mkdir "$T/c"
	if ! pathemu_start -t 100 short-slow ||
	    ! pathemu_http "$W" --cut-secs 1; then
		echo never >"$CT"
		return
	fi
	loop "$T/c" $PE_C curl -s -C - -o big.iso \
	    "http://$PE_S4:$HPORT/big.iso"
	echo "$tries" >"$CT"
	pathemu_stop
}
retry_run() {
	if ! pathemu_start -t 100 short-slow ||
	    ! pathemu_http "$W" --cut-secs 1; then
		fail "... and --retry -C - finishes it in one run" "no path"
		return
	fi
	run 60 $PE_C "$SOCKT" http-get -sS -C - --retry 8 --retry-delay 0.1 \
	    -o "$T/t.iso" "http://$PE_S4:$HPORT/big.iso"
	is "... and --retry -C - finishes it in one run" \
	    "$rc:$(same "$T/t.iso" "$W/big.iso")" "0:same"
	pathemu_stop
}
have curl && part curl_loop
part retry_run
if ! pathemu_start -t 100 short-slow ||
    ! pathemu_http "$W" --cut-secs 1; then
	parts_done
	done_testing
	exit
fi
V=http://$PE_S4:$HPORT
rm -f "$T/s/big.iso"
loop "$T/s" $PE_C "$SOCKT" http-get -sS -C - -o big.iso "$V/big.iso"
st=$tries
pathemu_stop
is "cut after 1 s: the loop finishes" "$(same "$T/s/big.iso" \
    "$W/big.iso"):$([ "$st" != never ] && [ "$st" -ge 2 ] && echo cut)" \
    "same:cut"
parts_done
if have curl; then
	ct=$(cat "$CT")
	echo "# tries over a time cut: sockt $st, curl $ct"
	is "... in as many tries as curl's, give or take one" \
	    "$([ "$ct" != never ] && [ "$st" != never ] &&
	    [ "$st" -le $((ct + 1)) ] && echo ok)" ok
else
	skip "... in as many tries as curl's" "curl not installed"
fi
done_testing
