#!/bin/sh
# t2010: http-get redirects, proxy, HEAD and timeouts, against a canned
# multi-connection server (tests/canned_http.py) on loopback.
. "$(dirname "$0")/lib.sh"

if ! have python3; then
	skip "redirects, proxy, HEAD, timeouts" "python3 not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r index 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nindex'
r rel 'HTTP/1.1 302 Found\r\nLocation: sub/target?x=1\r\nContent-Length: 6\r\n\r\nmoved\n'
r sub_target 'HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ntarget\n'
r abs 'HTTP/1.1 301 Moved Permanently\r\nLocation: http://127.0.0.1:@PORT@/sub/target\r\nContent-Length: 0\r\n\r\n'
r see 'HTTP/1.1 303 See Other\r\nLocation: /index\r\nContent-Length: 0\r\n\r\n'
r loop1 'HTTP/1.1 307 Temporary Redirect\r\nLocation: /loop2\r\nContent-Length: 0\r\n\r\n'
r loop2 'HTTP/1.1 308 Permanent Redirect\r\nLocation: /loop1\r\nContent-Length: 0\r\n\r\n'
r c1 'HTTP/1.1 302 Found\r\nLocation: /c2\r\nContent-Length: 0\r\n\r\n'
r c2 'HTTP/1.1 302 Found\r\nLocation: /c3\r\nContent-Length: 0\r\n\r\n'
r c3 'HTTP/1.1 302 Found\r\nLocation: /index\r\nContent-Length: 0\r\n\r\n'
r head 'HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nX-Head: 1\r\n\r\n'
r nocontent 'HTTP/1.1 204 No Content\r\nContent-Length: 50\r\n\r\n'
r notmod 'HTTP/1.1 304 Not Modified\r\n\r\n'
r ftp 'HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/\r\nContent-Length: 0\r\n\r\n'
: >"$D/silent"
r stall 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nten bytes!'


if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
P=$SPORT
U=http://127.0.0.1:$P

run 10 "$SOCKT" http-get "$U/rel"
is "without -L a redirect is the answer" "$rc:$out" "0:moved"
run 10 "$SOCKT" http-get -L "$U/rel"
is "-L follows a relative Location" "$rc:$out" "0:target"
like "... resolved against the request path" "$(cat "$D/requests.log")" \
    "*GET /sub/target?x=1 HTTP/1.1*"
run 10 "$SOCKT" http-get -L "$U/abs"
is "-L follows an absolute Location" "$rc:$out" "0:target"
run 10 "$SOCKT" http-get -L -I "$U/see"
like "303 is followed (HEAD stays HEAD)" "$rc:$(printf '%s' "$out" | tr -d '\r')" \
    "0:HTTP/1.1 303 See Other*HTTP/1.1 200 OK*"
run 10 "$SOCKT" http-get -L "$U/loop1"
is "a redirect loop exits 47 (curl's)" "$rc" 47
# no loop rule of its own: followed to --max-redirs, as curl (its 193)
like "... after --max-redirs' 50, as curl" "$err" \
    "*too many redirects (at most 50)*"
run 10 "$SOCKT" http-get -L --max-redirs 2 "$U/c1"
is "too many redirects exits 47" "$rc" 47
like "... saying so" "$err" "*too many redirects (at most 2)*"
run 10 "$SOCKT" http-get -L --max-redirs 3 "$U/c1"
is "--max-redirs 3 allows three" "$rc:$out" "0:index"
run 10 "$SOCKT" http-get -L "$U/ftp"
is "a redirect to ftp exits 1" "$rc" 1
like "... saying which schemes are" "$err" "*unsupported URL scheme 'ftp'*"
run 5 "$SOCKT" http-get -L --max-redirs x "$U/c1"
is "bad --max-redirs is a usage error" "$rc" 2

# credentials stay with their host
: >"$D/requests.log"
r cross 'HTTP/1.1 302 Found\r\nLocation: http://localhost:@PORT@/index\r\nContent-Length: 0\r\n\r\n'
run 10 "$SOCKT" http-get -L -H 'Cookie: c=1' "http://u:p@127.0.0.1:$P/cross"
log=$(tr -d '\r' <"$D/requests.log")
like "credentials sent to the first host" "$log" "GET /cross*Authorization: Basic*Cookie: c=1*"
case ${log#*GET /index} in
*Authorization*|*Cookie*) fail "credentials not sent to another host" "$log" ;;
*) pass "credentials not sent to another host" ;;
esac
: >"$D/requests.log"
run 10 "$SOCKT" http-get -L -H 'Host: custom.test' "http://127.0.0.1:$P/cross"
log=$(tr -d '\r' <"$D/requests.log")
like "-H Host goes to the first host" "$rc:$log" "0:GET /cross*Host: custom.test*"
like "... another host gets its own name" "$log" \
    "*GET /index HTTP/1.1
Host: localhost:$P
*"

# HEAD, 204 and 304 have no body, even with a Content-Length and an open
# connection: no waiting for bytes that never come
run 5 "$SOCKT" http-get -I "$U/head"
like "-I sends HEAD and shows the head" "$rc:$(printf '%s' "$out" | tr -d '\r')" \
    "0:HTTP/1.1 200 OK*X-Head: 1"
like "... as a HEAD request" "$(tr -d '\r' <"$D/requests.log")" "*HEAD /head HTTP/1.1*"
run 5 "$SOCKT" http-get "$U/nocontent"
is "204 ends at the head" "$rc:$out" "0:"
run 5 "$SOCKT" http-get "$U/notmod"
is "304 ends at the head" "$rc:$out" "0:"

# http_proxy and no_proxy
: >"$D/requests.log"
http_proxy=http://127.0.0.1:$P run 10 "$SOCKT" http-get http://proxied.invalid/index
is "http_proxy: through the proxy" "$rc:$out" "0:index"
like "... with an absolute-form request" "$(tr -d '\r' <"$D/requests.log")" \
    "GET http://proxied.invalid/index HTTP/1.1*Host: proxied.invalid*"
http_proxy=http://127.0.0.1:9 no_proxy=example.com,127.0.0.1 run 10 \
    "$SOCKT" http-get "$U/index"
is "no_proxy: straight to the host" "$rc:$out" "0:index"
http_proxy=http://127.0.0.1:99999 run 10 "$SOCKT" http-get "$U/index"
is "a bad http_proxy exits 1" "$rc" 1
like "... saying what is wrong with it" "$err" \
    "sockt http-get: http_proxy: bad proxy URL: ?*"

# -m limits the whole transfer
run 10 "$SOCKT" http-get -m 0.5 "$U/silent"
is "-m: a silent server times out, exit 28" "$rc" 28
like "... saying so" "$err" "*timed out after 500 ms*"

# a body that stalls: -m ends it, and so does a signal; no FILE either
# way, what came in FILE.sockt-part for -C - (t2111 resumes from it)
mkdir "$T/dl" "$T/dl2"
run 10 "$SOCKT" http-get -m 0.5 -o "$T/dl/f" "$U/stall"
is "-m during the body: exit 28" "$rc" 28
like "... saying so" "$err" "*timed out*"
is "... no FILE, no temporary left, what came in f.sockt-part" \
    "$(ls -A "$T/dl")" "f.sockt-part"
rm -f "$T/dl/f.sockt-part"
run 10 "$SOCKT" http-get -m 5 --idle-timeout 0.3 -o "$T/dl/f" "$U/stall"
is "--idle-timeout: a stalled body fails, exit 28" "$rc" 28
like "... as an idle timeout" "$err" "*no data for 300 ms (idle timeout)*"
is "... and leaves no FILE, what came in f.sockt-part" "$(ls -A "$T/dl")" \
    "f.sockt-part"
bg 10 "$SOCKT" http-get -o "$T/dl2/f" "$U/stall"
i=0
while [ $i -lt 100 ] && [ -z "$(ls -A "$T/dl2")" ]; do
	sleep 0.05
	i=$((i + 1))
done
like "the temporary file sits beside FILE" "$(ls -A "$T/dl2")" ".f.sockt-*"
kill -TERM "$BGPID"
wait_status "$BGPID"
is "SIGTERM: the temporary file gone, what came in f.sockt-part" \
    "$(ls -A "$T/dl2")" "f.sockt-part"

done_testing
