#!/bin/sh
# t2081: http-get conditional GET: -z FILE|DATE (If-Modified-Since, -DATE
# for If-Unmodified-Since), --etag-compare, --etag-save, -R.  A 304
# leaves every output file untouched and writes nothing; an ETag is saved
# only once the body is in place.  Then a real nginx, and curl on the
# same -z command lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"
. "$(dirname "$0")/nginx.sh"

if ! have python3; then
	skip "http-get -z, --etag-*, -R" "python3 not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
LM='Sun, 06 Nov 1994 08:49:37 GMT'
LMT=784111777
r lm "HTTP/1.1 200 OK\r\nLast-Modified: $LM\r\nETag: \"v2\"\r\nContent-Length: 3\r\n\r\nnew"
r nm 'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nLast-Modified: Mon, 07 Nov 1994 08:49:37 GMT\r\n\r\n'
r noetag 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew'
r cut_close 'HTTP/1.1 200 OK\r\nETag: "v3"\r\nLast-Modified: Mon, 07 Nov 1994 08:49:37 GMT\r\nContent-Length: 10\r\n\r\nnew'
if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT
F=$T/f
E=$T/etag
# the request head of the last run
lastreq() { tail -c 600 "$D/requests.log"; }
old() {
	printf 'old copy\n' >"$1"
	touch -t 200101010000 "$1"
}
state() { printf '%s|%s' "$(cat "$1")" "$(stat -c %Y "$1")"; }

# 304: nothing anywhere
old "$F"
old "$E"
want_f=$(state "$F")
want_e=$(state "$E")
run 10 "$SOCKT" http-get -sS -z "$F" -R --etag-compare "$E" --etag-save "$E" \
    -o "$F" "$U/nm"
is "304: exit 0, nothing on stdout" "$rc:$out" "0:"
is "... FILE untouched, contents and time" "$rc:$(state "$F")" "0:$want_f"
is "... the --etag-save file untouched" "$rc:$(state "$E")" "0:$want_e"
like "... If-Modified-Since from FILE's time" "$(lastreq)" \
    "*If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT*"
like "... If-None-Match from the --etag-compare file" "$(lastreq)" \
    "*If-None-Match: old copy*"
run 10 "$SOCKT" http-get -sS -z "$F" "$U/nm"
is "304 to stdout: exit 0, nothing written" "$rc:$out" "0:"

# -z DATE in each form; -DATE
: >"$D/requests.log"
run 10 "$SOCKT" http-get -sS -z 'Sunday, 06-Nov-94 08:49:36 GMT' "$U/lm"
like "-z in RFC 850 form: sent as an IMF-fixdate" "$rc:$(lastreq)" \
    "0:*If-Modified-Since: Sun, 06 Nov 1994 08:49:36 GMT*"
is "... older than Last-Modified: the body" "$out" "new"
run 10 "$SOCKT" http-get -sS -z 'Sun Nov  6 08:49:37 1994' -o "$F" "$U/lm"
like "-z asctime equal to Last-Modified, server ignores it" "$rc:$(lastreq)" \
    "0:*If-Modified-Since: $LM*"
is "... the document is not newer: FILE untouched, as curl" \
    "$rc:$(state "$F")" "0:$want_f"
run 10 "$SOCKT" http-get -sS -z "-$LM" "$U/lm"
like "-z -DATE: If-Unmodified-Since" "$rc:$(lastreq)" \
    "0:*If-Unmodified-Since: $LM*"
is "... not modified since: the body" "$out" "new"
run 10 "$SOCKT" http-get -sS -z "-Sun, 06 Nov 1994 08:49:36 GMT" "$U/lm"
is "-z -DATE before Last-Modified: nothing written" "$rc:$out" "0:"
rm -f "$T/nonesuch"
: >"$D/requests.log"
run 10 "$SOCKT" http-get -z "$T/nonesuch" "$U/lm"
is "-z with no such file: fetched unconditionally" \
    "$rc:$out:$(grep -c If-Modified "$D/requests.log")" "0:new:0"
like "... with a warning" "$err" "*illegal date format (and not a file*"
run 5 "$SOCKT" http-get -z - "$U/lm"
like "-z - (a dash alone): no condition, as curl (issue 61)" "$rc:$err" \
    "0:*illegal date format*"

# --etag-save and --etag-compare
rm -f "$E" "$F"
run 10 "$SOCKT" http-get -sS --etag-save "$E" -R -o "$F" "$U/lm"
is "--etag-save: the ETag and a newline" "$rc:$(cat "$E")" '0:"v2"'
is "... -R: FILE's time is Last-Modified" "$(stat -c %Y "$F")" "$LMT"
: >"$D/requests.log"
run 10 "$SOCKT" http-get -sS --etag-compare "$E" -o "$F" "$U/lm"
like "--etag-compare: If-None-Match with the saved tag" "$rc:$(lastreq)" \
    '0:*If-None-Match: "v2"*'
rm -f "$E"
: >"$D/requests.log"
run 10 "$SOCKT" http-get -sS --etag-compare "$E" "$U/lm"
is "--etag-compare with no file: exit 26, no request, as curl" \
    "$rc:$(grep -c If-None-Match "$D/requests.log")" "26:0"
run 10 "$SOCKT" http-get -sS --etag-compare "$E" --etag-save "$T/e2" "$U/lm"
# curl 7.88 sends an entity-tag that matches nothing (its own case 344)
is "... beside --etag-save: If-None-Match: \"\", as curl" \
    "$rc:$(grep If-None-Match "$D/requests.log" | tr -d '\r')" \
    '0:If-None-Match: ""'
old "$E"
old "$F"
want_e=$(state "$E")
want_f=$(state "$F")
run 10 "$SOCKT" http-get -sS --etag-save "$E" -R -o "$F" "$U/cut_close"
is "a failed download: the --etag-save file untouched" \
    "$rc:$(state "$E")" "18:$want_e"
is "... and FILE untouched, no -R" "$rc:$(state "$F")" "18:$want_f"
run 10 "$SOCKT" http-get -sS --etag-save "$E" "$U/noetag"
is "no ETag in the answer: an empty --etag-save file" \
    "$rc:$(wc -c <"$E" | tr -d ' ')" "0:0"
old "$F"
run 10 "$SOCKT" http-get -sS -R -o "$F" "$U/noetag"
is "-R without Last-Modified: FILE keeps the time of now" \
    "$rc:$(($(stat -c %Y "$F") > 1000000000 + LMT))" "0:1"

# nginx: Last-Modified, ETags and If-Modified-Since for real
W=$T/www
mkdir "$W" "$T/s" "$T/c"
printf 'page one\n' >"$W/page"
touch -t 201503141526 "$W/page"
PT=$(stat -c %Y "$W/page")
if ! nginx_start "$W"; then
	skip "conditional GET against nginx" "nginx not installed or not started"
	done_testing
	exit
fi
N=http://127.0.0.1:$NGPORT
rm -f "$F" "$E"
run 10 "$SOCKT" http-get -sS -R --etag-save "$E" -o "$F" "$N/page"
is "nginx: -R gives FILE the page's time" "$rc:$(stat -c %Y "$F")" "0:$PT"
touch -t 202001010000 "$T/marker"
touch -r "$F" "$T/marker"
printf 'local\n' >"$F"
touch -r "$T/marker" "$F"
run 10 "$SOCKT" http-get -sS -z "$F" -o "$F" "$N/page"
is "nginx: -z FILE as new as the page: 304, FILE untouched" \
    "$rc:$(cat "$F")" "0:local"
run 10 "$SOCKT" http-get -sS --etag-compare "$E" -o "$F" "$N/page"
is "nginx: --etag-compare with its ETag: 304, FILE untouched" \
    "$rc:$(cat "$F")" "0:local"
touch -t 201001010000 "$F"
run 10 "$SOCKT" http-get -sS -z "$F" -o "$F" "$N/page"
is "nginx: -z FILE older than the page: fetched" "$rc:$(cat "$F")" \
    "0:page one"

if ! have curl; then
	skip "-z: the same as curl" "curl not installed"
	done_testing
	exit
fi
BOTH_FLAGS=-sS
agree() {
	_why=""
	[ "$src" = "$crc" ] || _why="exit status: sockt $src, curl $crc"
	cmp -s "$T/s.out" "$T/c.out" || _why="$_why; stdout differs"
	if [ -n "${2:-}" ]; then
		[ "$(state "$T/s/$2")" = "$(state "$T/c/$2")" ] ||
		    _why="$_why; $2 differs"
	fi
	if [ -z "$_why" ]; then
		pass "$1"
	else
		fail "$1" "$_why" "$(cat "$T/s.err")" "$(cat "$T/c.err")"
	fi
}
for w in s c; do old "$T/$w/f"; touch -t 202001010000 "$T/$w/f"; done
both -z f -o f "$N/page"
agree "curl and sockt: -z f, f newer: 304, f untouched" f
is "... both exit 0, f as it was" "$src:$(cat "$T/s/f")" "0:old copy"
for w in s c; do touch -t 201001010000 "$T/$w/f"; done
both -z f -R -o f "$N/page"
agree "curl and sockt: -z f -R, f older: the page, its time" f
is "... both exit 0, the page" "$src:$(cat "$T/s/f")" "0:page one"
both -z "Sat, 14 Mar 2015 15:00:00 GMT" "$N/page"
agree "curl and sockt: -z DATE before the page's time"
both -z "-Sat, 14 Mar 2015 15:00:00 GMT" -o g "$N/page"
agree "curl and sockt: -z -DATE before the page's time (412)"
is "... both exit 0" "$src" 0
both -z "Sun, 06 Nov 1994 08:49:36 GMT" -o f2 "$U/lm"
# no -R: each file has the time it was written, a second apart at worst
agree "curl and sockt: -z DATE, server ignores it, document newer"
is "... the same file" "$(cat "$T/s/f2")" "$(cat "$T/c/f2")"
both -z "Mon, 07 Nov 1994 08:49:36 GMT" -o f3 "$U/lm"
agree "curl and sockt: -z DATE, server ignores it, document older"
is "... neither creates the file" "$src:$(ls "$T/s/f3" "$T/c/f3" 2>&1 |
    grep -c 'No such')" "0:2"
done_testing
