#!/bin/sh
# t2127: Last-Modified read as curl 7.88 reads it for -R and -z (issue
# 61, item 4): curl_getdate's forms (no weekday, asctime's, a bare
# "Dec 12 1999 12:00", "19991212", an offset, any case), the file's time
# after -R beside curl's; -z against a server that ignores it, whose
# Last-Modified in such a form rules the body out (nothing written, as
# curl) or in; a date curl cannot read leaves the time alone.  The same
# command line and the same canned response (canned_http.py) to sockt
# http-get and to curl: the exit status, stdout, each file and its time
# compared.  Fails on 6c6154b6 (the RFC's three forms alone).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "Last-Modified as curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
i=0
for d in "Sun, 12 Dec 1999 12:00:00 GMT" "12 Dec 1999 12:00:00 GMT" \
    "Sun Dec 12 12:00:00 1999" "Dec 12 1999 12:00 GMT" "19991212" \
    "12 dec 1999 12:00:00 +0100" "sunday, 12-dec-99 12:00:00 gmt" \
    "no date at all"; do
	i=$((i + 1))
	printf 'HTTP/1.1 200 OK\r\nLast-Modified: %s\r\nContent-Length: 3\r\n\r\nok\n' \
	    "$d" >"$D/lm$i"
done
canned_start "$D"
BOTH_FLAGS=-sS

# mtimes: each file of $T/s and $T/c with its time, "now" for one of
# the last hour (no time set: the second it was written may differ)
mtimes() {
	_now=$(date +%s)
	(cd "$1" && for f in *; do
		[ -f "$f" ] || continue
		_t=$(stat -c %Y "$f")
		[ $((_now - _t)) -lt 3600 ] && _t=now
		echo "$f $_t"
	done)
}
# as DESC ARGS...: both, the same status, stdout, files and times
as() {
	_d=$1
	shift
	rm -f "$T/s/"* "$T/c/"*
	both "$@"
	if [ "$(mtimes "$T/s")" != "$(mtimes "$T/c")" ]; then
		fail "$_d" "times: sockt $(mtimes "$T/s" | tr '\n' ' '), curl \
$(mtimes "$T/c" | tr '\n' ' ')"
	else
		verdict "$_d" files
	fi
}
n=1
while [ $n -le $i ]; do
	as "-R, Last-Modified form $n" -R -o f "$U/lm$n"
	as "-z a later date: form $n rules the body out" \
	    -z "1 Jan 2000 00:00:00 GMT" -o f "$U/lm$n"
	as "-z an earlier date: form $n lets it in" \
	    -z "1 Dec 1999 00:00:00 GMT" -o f "$U/lm$n"
	n=$((n + 1))
done
done_testing
