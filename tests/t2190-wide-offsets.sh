#!/bin/sh
# t2190: offsets past 2 GiB and dates past 2038, what a 32-bit build gets
# wrong without a 64-bit off_t and time_t (issue 73): a stream of
# SOCKT_BIG_MB MiB (2100 unless told: past 2^31 bytes) through listen and
# connect, whole; a download of a file that size (sparse, marked at its
# start, across 2^31 and at its end), whole (the long form only: make
# check LONG=yes), or by default resumed (-C -) into a file cut 1 MiB
# under 2^31; the same file resumed into a file cut past 2^31, its size
# and end as the server's; -R with a Last-Modified
# in 2041 setting the file's time to 2041, not 1904.  tests/cross.sh runs
# it with a cross-built sockt under qemu-user.
# watchdog: 900
. "$(dirname "$0")/lib.sh"

mb=${SOCKT_BIG_MB:-2100}
big=$((mb * 1048576))
line='sockt 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ'
# gen FILE: the stream's bytes (LINE again and again, BIG bytes) on
# stdout and into FILE too: by python3 in 1 MiB writes where there is one
# (yes | head | tee moved each byte through two pipes more: 4 CPU-s)
gen() {
	if have python3; then
		python3 -c 'import sys
line = (sys.argv[1] + "\n").encode()
n = int(sys.argv[2])
blk = line * (1048576 // len(line))
out, copy = sys.stdout.buffer, open(sys.argv[3], "wb")
while n > 0:
    b = blk[:n]
    out.write(b)
    copy.write(b)
    n -= len(b)
out.flush()
copy.close()' "$line" "$big" "$1"
	else
		yes "$line" | head -c "$big" | tee "$1"
	fi
}

# 1. the stream: the listener's stdout straight into cksum, no disk
# The sum of what went in is taken on the way (tee into a second cksum),
# not of a second run of gen: that was 2 GiB more through three pipes,
# 8 of the script's 33 CPU seconds.  Its length is checked, so a short
# gen cannot pass for the stream.
mkfifo "$T/rx" "$T/tx"
BGIN=$T/rx BGOUT=$T/rxsum bg 800 cksum
sumpid=$BGPID
BGIN=$T/tx BGOUT=$T/txsum bg 800 cksum
txpid=$BGPID
if SOUT=$T/rx server 800 "$SOCKT" listen -v 127.0.0.1 0; then
	gen "$T/tx" | timeout 800 "$SOCKT" connect -N 127.0.0.1 "$SPORT"
	crc=$?
	wait_status "$SPID"
	lrc=$rc
	wait "$sumpid"
	wait "$txpid"
	want=$(cat "$T/txsum")
	is "a $mb MiB stream: connect's exit status" "$crc" 0
	is "a $mb MiB stream: listen's exit status" "$lrc" 0
	like "a $mb MiB stream: all of it went in" "$want" "* $big"
	is "a $mb MiB stream: every byte, in order" "$(cat "$T/rxsum")" \
	    "$want"
else
	fail "a $mb MiB stream: the listener did not start"
fi

if ! have python3; then
	skip "a $mb MiB download and -R in 2041" "python3 not installed"
	done_testing
	exit
fi

# 2. the download, whole through a pipe (no 2 GiB written to disk
# each run), then resumed into a file cut past 2^31: sparse at the
# server, marked at its start, across 2^31 and at its end
mkdir "$T/site"
f=$T/site/big
size=$big
[ "$size" -gt 2147483700 ] || size=2147483700
dd if=/dev/null of="$f" bs=1 seek="$size" 2>/dev/null
mark() {
	printf '%s' "$2" | dd of="$f" bs=1 seek="$1" conv=notrunc 2>/dev/null
}
mark 0 "start of it"
mark $((2147483648 - 5)) "across 2^31"
mark $((size - 7)) "the end"
# tail of FILE: its size and its last 64 bytes
tailof() { echo "$(stat -c %s "$1") $(tail -c 64 "$1" | od -An -c | tr -s ' ')"; }
# Mon Jun  3 12:00:00 UTC 2041
echo "after 2038" >"$T/site/date"
touch -d @2253873600 "$T/site/date"
if server 800 python3 "$(dirname "$0")/pathemu_http.py" "$T/site" \
    127.0.0.1; then
	U=http://127.0.0.1:$SPORT
	# the download whole (2 GiB through a server, http-get and cksum,
	# and 2 GiB of holes read for the sum: half the script's CPU) only
	# in the long form; always one resumed from 1 MiB under 2^31 into a
	# file cut there, which fails as surely where offsets are 32 bits:
	# its Content-Range holds numbers past 2^31 and its writes cross
	# 2^31 in the file (EFBIG without a 64-bit off_t)
	if long; then
		want=$(cksum <"$f")
		got=$(timeout 800 "$SOCKT" http-get -sS "$U/big" | cksum)
		is "a $((size / 1048576)) MiB download: every byte, in order" \
		    "$got" "$want"
	fi
	lo=$((2147483648 - 1048576))
	dd if=/dev/null of="$T/got" bs=1 seek=$lo 2>/dev/null
	run 800 "$SOCKT" http-get -sS -C - -o "$T/got" "$U/big"
	is "-C - from 1 MiB under 2^31 to past it: exit status" "$rc" 0 "$err"
	is "-C - from 1 MiB under 2^31 to past it: every byte from there" \
	    "$(tail -c +$((lo + 1)) "$T/got" | cksum)" \
	    "$(tail -c +$((lo + 1)) "$f" | cksum)"
	rm -f "$T/got"
	# a file cut past 2^31 (sparse), then resumed from there
	dd if=/dev/null of="$T/got" bs=1 seek=$((2147483648 + 3)) 2>/dev/null
	run 800 "$SOCKT" http-get -sS -C - -o "$T/got" "$U/big"
	is "-C - from past 2^31: exit status" "$rc" 0 "$err"
	is "-C - from past 2^31: the file's size and end" "$(tailof "$T/got")" \
	    "$(tailof "$f")"
	rm -f "$T/got"
	run 60 "$SOCKT" http-get -sS -R -o "$T/date" "$U/date"
	is "-R, Last-Modified in 2041: exit status" "$rc" 0 "$err"
	is "-R, Last-Modified in 2041: the file's time" \
	    "$(stat -c %Y "$T/date")" 2253873600
else
	fail "a $mb MiB download: the server did not start"
fi
done_testing
