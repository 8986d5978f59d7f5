#!/bin/sh
# t2090: http-get's -4/-6, -u, --unix-socket, --max-filesize,
# --limit-rate and IPv6 zone identifiers in URLs (issue 11), against the
# canned server, and against curl where curl is installed.
. "$(dirname "$0")/lib.sh"
TD=$(cd "$(dirname "$0")" && pwd)
# t DESC COND: pass when the shell condition COND holds
t() {
	if eval "$2"; then pass "$1"; else fail "$1" "failed: $2" "$err"; fi
}
# m STRING PATTERN: does STRING match the case PATTERN?
m() { case $1 in $2) return 0 ;; esac; return 1; }

if ! have python3; then
	skip "http-get options" "python3 not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r plain 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nplain\n'
r away 'HTTP/1.1 302 Found\r\nLocation: http://localhost:@PORT@/plain\r\nContent-Length: 0\r\n\r\n'
r here 'HTTP/1.1 302 Found\r\nLocation: /plain\r\nContent-Length: 0\r\n\r\n'
r big_close 'HTTP/1.1 200 OK\r\n\r\n'
r big 'HTTP/1.1 200 OK\r\nContent-Length: 2048\r\n\r\n'
r chunky 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n'
# 2048 bytes of body for big, big_close and chunky (one 0x800 chunk)
awk 'BEGIN { for (i = 0; i < 64; i++) printf "%031d\n", i }' >"$T/2k"
for f in big big_close chunky; do cat "$T/2k" >>"$D/$f"; done
printf '\r\n0\r\n\r\n' >>"$D/chunky"
# 48 KiB for the rate limit
r slow 'HTTP/1.1 200 OK\r\nContent-Length: 49152\r\n\r\n'
awk 'BEGIN { for (i = 0; i < 1536; i++) printf "%031d\n", i }' >>"$D/slow"
r slowch 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nC000\r\n'
awk 'BEGIN { for (i = 0; i < 1536; i++) printf "%031d\n", i }' >>"$D/slowch"
printf '\r\n0\r\n\r\n' >>"$D/slowch"

if ! server 120 python3 "$TD/canned_http.py" "$D"; then
	done_testing
	exit
fi
P=$SPORT
U=http://127.0.0.1:$P
LOG=$D/requests.log
# the request heads logged since mark
mark() { : >"$LOG"; }

# -4 and -6
run 10 "$SOCKT" http-get -sS -4 "http://localhost:$P/plain"
t "-4 reaches an IPv4-only server by name" \
    '[ "$rc" = 0 ] && [ "$out" = plain ]'
run 10 "$SOCKT" http-get -sS -6 "http://localhost:$P/plain"
# localhost is ::1 to -6 whatever /etc/hosts says (RFC 6761, as curl):
# refused there, exit 7 as curl's
t "-6 does not fall back to the IPv4 server" \
    '[ "$rc" = 7 ]'
run 10 "$SOCKT" http-get -sS --ipv4 "$U/plain"
t "--ipv4 is -4" \
    '[ "$rc" = 0 ] && [ "$out" = plain ]'
run 10 "$SOCKT" http-get -sS -6 "$U/plain"
is "-6 with an IPv4 literal fails" "$rc" 6
# curl's rule: the last of -4 and -6 counts (issue 61)
run 10 "$SOCKT" http-get -sS -6 -4 "$U/plain"
t "-6 -4: -4 counts, as curl's" '[ "$rc" = 0 ] && [ "$out" = plain ]'
run 10 "$SOCKT" http-get -sS -4 -6 "$U/plain"
is "-4 -6: -6 counts, as curl's" "$rc" 6

# -u: Basic, to the URL's host only
mark
run 10 "$SOCKT" http-get -sS -u user:pw "$U/plain"
t "-u sends Basic credentials" \
    '[ "$rc" = 0 ] && grep -q '\''Authorization: Basic dXNlcjpwdw=='\'' "$LOG"'
mark
run 10 "$SOCKT" http-get -sS -u 'us er:p:w' "http://old:secret@127.0.0.1:$P/plain"
# "us er:p:w" splits at the first colon: user "us er", password "p:w"
t "-u replaces the URL's credentials, split at the first colon" \
    'grep -q '\''Authorization: Basic dXMgZXI6cDp3'\'' "$LOG"'
mark
run 10 "$SOCKT" http-get -sS -L -u user:pw "$U/here"
t "-u goes on to a redirect on the same host" \
    '[ "$rc" = 0 ] && [ "$(grep -c '\''Authorization: Basic'\'' "$LOG")" = 2 ]'
mark
run 10 "$SOCKT" http-get -sS -4 -L -u user:pw "$U/away"
t "-u is not sent to another host a redirect leads to" \
    '[ "$rc" = 0 ] && [ "$out" = plain ] && [ "$(grep -c '\''Authorization'\'' "$LOG")" = 1 ] && [ "$(grep -c '\''^GET '\'' "$LOG")" = 2 ]'
run 10 "$SOCKT" http-get -u user "$U/plain"
t "-u without a password is a usage error saying so" \
    '[ "$rc" = 2 ] && m "$err" "*no password*"'

# -H, -A and -e fields: curl's 1 MiB as sent, whatever the URL (issue
# 19; issue 61: curl's limit, 27 over it)
# hdr N: a header "X-Big: aaa..." of N bytes
hdr() { printf 'X-Big: %s' "$(head -c $(($1 - 7)) /dev/zero | tr '\0' a)"; }
mark
run 10 "$SOCKT" http-get -sS -A '' -H "$(hdr 16382)" "$U/plain"
t "a -H of 16382 bytes (16384 with CR LF) is sent whole" \
    '[ "$rc" = 0 ] && [ "$out" = plain ] && [ "$(grep -c "^X-Big: a*a.$" "$LOG")" = 1 ]'
mark
run 10 "$SOCKT" http-get -sS -A '' -H "$(hdr 70000)" "$U/plain"
t "a -H of 70 KB is sent whole, as curl's" \
    '[ "$rc" = 0 ] && [ "$out" = plain ] && [ "$(grep -c "^X-Big: a*a.$" "$LOG")" = 1 ]'
hdr 1048000 >"$T/bigh"
mark
run 10 "$SOCKT" http-get -sS -A "$(head -c 9000 /dev/zero | tr '\0' u)" \
    -H @"$T/bigh" "$U/plain"
t "-A and -H over 1 MiB: curl's 27 naming the limit, nothing sent" \
    '[ "$rc" = 27 ] && m "$err" "*header fields too large*at most 1048576*" && ! [ -s "$LOG" ]'

# --unix-socket: the socket for every request, Host from the URL
if server 60 python3 "$TD/canned_http.py" "$D" "$T/http.sock"
then
	mark
	run 10 "$SOCKT" http-get -sS --unix-socket "$T/http.sock" \
	    http://api.invalid/plain
	t "--unix-socket fetches over the socket, no name resolved" \
	    '[ "$rc" = 0 ] && [ "$out" = plain ] && grep -q '\''^Host: api.invalid'\'' "$LOG"'
	mark
	run 10 "$SOCKT" http-get -sS -L --unix-socket "$T/http.sock" \
	    http://docker/here
	t "--unix-socket: a redirect goes over the socket too" \
	    '[ "$rc" = 0 ] && [ "$out" = plain ] && [ "$(grep -c '\''^GET '\'' "$LOG")" = 2 ]'
	run 10 env http_proxy=http://127.0.0.1:1 "$SOCKT" http-get -sS \
	    --unix-socket "$T/http.sock" http://docker/plain
	t "--unix-socket takes no proxy from http_proxy" \
	    '[ "$rc" = 0 ] && [ "$out" = plain ]'
	run 10 "$SOCKT" http-get -sS --unix-socket "$T/nonesuch.sock" \
	    http://docker/plain
	t "--unix-socket to no socket fails with the path" \
	    '[ "$rc" = 7 ] && m "$err" "*nonesuch.sock*"'
	if have curl; then
		curl -s --unix-socket "$T/http.sock" http://api.invalid/big \
		    >"$T/c.out"
		crc=$?
		"$SOCKT" http-get -sS --unix-socket "$T/http.sock" \
		    http://api.invalid/big >"$T/s.out"
		t "--unix-socket: the same bytes and status as curl" \
		    '[ "$?" = "$crc" ] && cmp -s "$T/s.out" "$T/c.out"'
	else
		skip "--unix-socket and curl" "curl not installed"
	fi
fi

# --max-filesize
cd "$T" || exit 1
run 10 "$SOCKT" http-get -sS --max-filesize 2k -o got "$U/big"
t "--max-filesize at the length is taken" \
    '[ "$rc" = 0 ] && cmp -s got "$T/2k"'
rm -f got
run 10 "$SOCKT" http-get -sS --max-filesize 2047 -o got "$U/big"
t "--max-filesize under Content-Length: refused, no file" \
    '[ "$rc" = 63 ] && [ ! -e got ] && m "$err" "*maximum file size*2048*"'
run 10 "$SOCKT" http-get -sS --max-filesize 1000 "$U/big"
t "--max-filesize under Content-Length: nothing on stdout" \
    '[ "$rc" = 63 ] && [ ! -s "$T/out" ]'
run 10 "$SOCKT" http-get -sS --max-filesize 1000 -o got "$U/big_close"
t "--max-filesize, length unknown: stopped, no file" \
    '[ "$rc" = 63 ] && [ ! -e got ] && m "$err" "*maximum file size*"'
run 10 "$SOCKT" http-get -sS --max-filesize 1000 "$U/chunky"
t "--max-filesize, chunked: stopped at most at the limit" \
    '[ "$rc" = 63 ] && [ "$(wc -c <"$T/out")" -le 1000 ]'
run 10 "$SOCKT" http-get -sS --max-filesize 3000 "$U/big_close"
t "--max-filesize over an unknown length that fits: taken" \
    '[ "$rc" = 0 ] && cmp -s "$T/out" "$T/2k"'
run 10 "$SOCKT" http-get --max-filesize 1.5M "$U/plain"
t "--max-filesize 1.5M is a usage error" \
    '[ "$rc" = 2 ] && m "$err" "*max file size 1.5M*"'

# --limit-rate: 48 KiB at 16k a second takes about 3 s
timed 20 "$SOCKT" http-get -sS --limit-rate 16k "$U/slow"
t "--limit-rate 16k: 48 KiB take 2.5 s or more" \
    '[ "$rc" = 0 ] && [ "$(wc -c <"$T/out")" = 49152 ] && within 2500 9000 "$el"'
timed 20 "$SOCKT" http-get -sS --limit-rate 32K -o got "$U/slowch"
t "--limit-rate 32K, chunked to a file: 1.2 s or more" \
    '[ "$rc" = 0 ] && [ "$(wc -c <got)" = 49152 ] && within 1200 8000 "$el"'
rm -f got
timed 20 "$SOCKT" http-get -sS --limit-rate 1M "$U/slow"
t "--limit-rate 1M does not slow a small body" \
    '[ "$rc" = 0 ] && within 0 2000 "$el"'
timed 10 "$SOCKT" http-get -sS -m 1 --limit-rate 4k "$U/slow"
t "-m ends a rate-limited transfer in time" \
    '[ "$rc" = 28 ] && within 800 4000 "$el"'
run 10 "$SOCKT" http-get --limit-rate 0 "$U/plain"
t "--limit-rate 0 is a usage error" \
    '[ "$rc" = 2 ] && m "$err" "*limit rate 0*"'

# IPv6 zone identifiers (RFC 6874)
if have_ipv6 && server 60 python3 "$TD/canned_http.py" "$D" ::1
then
	mark
	run 10 "$SOCKT" http-get -sS "http://[::1%251]:$SPORT/plain"
	t "a zone in the URL: fetched, Host without the zone" \
	    '[ "$rc" = 0 ] && [ "$out" = plain ] && grep -q "^Host: \[::1\]:$SPORT" "$LOG"'
	run 10 "$SOCKT" http-get -sS "http://[::1%1]:$SPORT/plain"
	t "a bare % before the zone is taken too" \
	    '[ "$rc" = 0 ] && [ "$out" = plain ]'
	run 10 "$SOCKT" http-get -sS "http://[::1%25nosuchif9]:$SPORT/plain"
	t "the zone reaches the resolver (an unknown one fails)" \
	    '[ "$rc" = 6 ] && m "$err" "*nosuchif9*"'
	mark
	run 10 "$SOCKT" http-get -sS -L "http://[::1%251]:$SPORT/here"
	t "a relative redirect keeps the zone" \
	    '[ "$rc" = 0 ] && [ "$out" = plain ]'
else
	skip "IPv6 zones" "no IPv6 loopback"
fi
run 10 "$SOCKT" http-get "http://[::1%25]/"
t "an empty zone: a malformed URL, 3 as curl" \
    '[ "$rc" = 3 ] && m "$err" "*bad IPv6 zone*"'
run 10 "$SOCKT" http-get "http://[::1%25a%0Ab]/"
t "a zone with a control character is refused (3)" \
    '[ "$rc" = 3 ] && m "$err" "*bad IPv6 zone*"'

done_testing
