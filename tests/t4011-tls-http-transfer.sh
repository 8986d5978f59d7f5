#!/bin/sh
# t4011: what http-get does over http, over https, against nginx (ssl)
# and beside curl: bodies by length and chunked, byte for byte as
# curl's; many URLs on one TLS connection per scheme, host and port (and
# a new one for another), counted in nginx's log; redirects from http to
# https and back, credentials kept to their origin; -C resume, -r ranges,
# -z and the ETag options, --retry on a 503, -I and -i; --unix-socket
# with TLS over it, the name checked against the URL's host; and a TLS
# handshake that never comes, within -w.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/curldiff.sh"

pki_or_skip "https transfers" nginx curl python3
W=$T/www
mkdir -p "$W/d" "$T/s" "$T/c"
echo "hello over TLS" >"$W/hello.txt"
head -c 3000000 /dev/urandom >"$W/big"
python3 -c 'import sys; sys.stdout.write("".join("line %d of a text nginx compresses\n" % i for i in range(20000)))' >"$W/text.txt"
for i in 1 2 3 4 5 6 7 8 9 10; do echo "file $i" >"$W/d/f$i"; done
SOCK=$T/ngx.sock
LOG=$T/nginx/logs/access.log
NGCONF_PLAIN='location = /tohttps { return 302 https://localhost:@TLS_good@/hello.txt; }'
NGCONF_TLS='location = /tohttp { return 302 http://localhost:@PORT@/hello.txt; }
location = /busy { return 503; }
location = /loop { return 302 /tohttp; }'
NGCONF_TLS_good="listen unix:$SOCK ssl;"
if ! nginx_tls_start "$W" "log_format c '\$connection \$connection_requests \$scheme \$request_uri [\$http_authorization]';
access_log $LOG c;
gzip on; gzip_min_length 1; gzip_types text/plain;
if_modified_since before;" good other; then
	skip "https transfers" "nginx with ssl did not start"
	done_testing
	exit 0
fi
pass "nginx with ssl"
CA="--cacert $P/ca.pem"
H=https://localhost:$NGTLS_good
O=https://localhost:$NGTLS_other

# same DESC: both exited 0 with the same stdout
same() {
	if [ "$src:$crc" = 0:0 ] && cmp -s "$T/s.out" "$T/c.out"; then
		pass "$1"
	else
		fail "$1" "sockt $src, curl $crc" "$(cat "$T/s.err")" \
		    "$(cat "$T/c.err")"
	fi
}
# conns FROM: the connections nginx's log shows after line FROM, and
# how many requests they carried ("conn:requests ..."), renumbered 1..
conns() {
	tail -n +"$(($1 + 1))" "$LOG" | awk '{ if (!($1 in n)) o[++k] = $1
	    n[$1]++ }
	    END { s = ""; for (i = 1; i <= k; i++) s = s " " i ":" n[o[i]]
	    print substr(s, 2) }'
}
loglines() { wc -l <"$LOG" | tr -d ' '; }

# --- bodies, beside curl ---------------------------------------------------
both $CA "$H/big"
same "3 MB by Content-Length: as curl"
cmp -s "$T/s.out" "$W/big" && pass "... the file's bytes" ||
    fail "... the file's bytes"
both $CA -H 'Accept-Encoding: gzip' "$H/text.txt"
same "chunked (nginx's gzip): the same bytes as curl"
both $CA -H 'Accept-Encoding: gzip' -i "$H/text.txt"
like "... it was chunked" "$(head -c 2000 "$T/s.out" | tr -d '\r')" \
    "*Transfer-Encoding: chunked*"
both $CA -o out "$H/big"
cmp -s "$T/s/out" "$W/big" && pass "-o over https: the file" ||
    fail "-o over https: the file"
both $CA -I "$H/hello.txt"
is "-I over https: the status line, as curl" \
    "$(head -n 1 "$T/s.out")" "$(head -n 1 "$T/c.out")"

# --- many URLs, one connection per scheme, host and port -----------------------
n0=$(loglines)
set --
for i in 1 2 3 4 5 6 7 8 9 10; do set -- "$@" "$H/d/f$i"; done
both $CA "$@"
same "10 URLs over https: as curl"
is "... sockt's ten on one TLS connection" "$(conns "$n0" | cut -d' ' -f1)" \
    "1:10"
n0=$(loglines)
run 30 "$SOCKT" http-get $CA "$H/d/f1" "$H/d/f2" "$O/d/f3" "$O/d/f4" -k \
    "$H/d/f5" "http://localhost:$NGPORT/d/f6" "$H/d/f7"
is "another host, scheme or port: a new connection each" \
    "$rc:$(conns "$n0")" "0:1:2 2:2 3:1 4:1 5:1"
is "... the bodies in order" "$(echo $out)" \
    "file 1 file 2 file 3 file 4 file 5 file 6 file 7"

# --- redirects across schemes ------------------------------------------------
both $CA -L "http://localhost:$NGPORT/tohttps"
same "-L from http to https: as curl"
is "... the page" "$(cat "$T/s.out")" "hello over TLS"
both $CA -L "$H/tohttp"
same "-L from https to http: as curl"
both $CA -L -o /dev/null --write-out '%{num_redirects} %{url_effective}' \
    "$H/loop"
is "-L https, https, then http: as curl's %{url_effective}" \
    "$(cat "$T/s.out")" "$(cat "$T/c.out")"
n0=$(loglines)
run 20 "$SOCKT" http-get $CA -L -u alice:s3cret \
    "http://localhost:$NGPORT/tohttps"
is "-u across schemes: exit 0" "$rc" 0
like "... sent to http, not to https (another origin)" \
    "$(tail -n +"$((n0 + 1))" "$LOG" | cut -d' ' -f3-)" \
    "http /tohttps \[Basic *]
https /hello.txt \[-]"

# --- resume, ranges, conditions -------------------------------------------
for w in s c; do head -c 1000000 "$W/big" >"$T/$w/part"; done
both $CA -C - -o part "$H/big"
is "-C - over https: both done" "$src:$crc" "0:0"
cmp -s "$T/s/part" "$W/big" && pass "... the file whole" ||
    fail "... the file whole"
for w in s c; do head -c 1234 "$W/big" >"$T/$w/part"; done
both $CA -C 1234 -o part "$H/big"
cmp -s "$T/s/part" "$T/c/part" && pass "-C 1234: the same file as curl's" ||
    fail "-C 1234: the same file as curl's"
both $CA -r 0-99 "$H/big"
same "-r 0-99: as curl"
both $CA -r 10-19,2000-2009 "$H/big"
is "-r with two ranges: as curl (multipart)" \
    "$src:$crc:$(sed 's/[0-9a-f]\{8,\}//g' "$T/s.out" | cksum)" \
    "0:0:$(sed 's/[0-9a-f]\{8,\}//g' "$T/c.out" | cksum)"
both $CA -z "Thu, 01 Jan 2037 00:00:00 GMT" --write-out '%{http_code}' \
    "$H/hello.txt"
same "-z a later date: 304, as curl"
is "... nothing but the status" "$(cat "$T/s.out")" "304"
both $CA -z "Thu, 01 Jan 1970 00:00:01 GMT" "$H/hello.txt"
same "-z an earlier date: the page, as curl"
run 20 "$SOCKT" http-get $CA --etag-save "$T/etag" -o /dev/null "$H/hello.txt"
run 20 "$SOCKT" http-get $CA --etag-compare "$T/etag" \
    --write-out '%{http_code}' -o /dev/null "$H/hello.txt"
is "--etag-save then --etag-compare: 304" "$rc:$out" "0:304"

# --- retries ---------------------------------------------------------------
n0=$(loglines)
run 30 "$SOCKT" http-get $CA -f --retry 2 --retry-delay 0.1 "$H/busy"
is "--retry 2 on a 503 over https: exit 22" "$rc" 22
like "... said" "$err" "*HTTP 503 Service *: retrying in 0.1 s (1 of 2)*HTTP 503*(2 of 2)*"
# the last URL's connection ends after its response (nothing is sent
# after it), so each try has a handshake anew
is "... three tries, each a new TLS connection" "$(conns "$n0")" \
    "1:1 2:1 3:1"
n0=$(loglines)
run 30 "$SOCKT" http-get $CA -L -f --retry 1 --retry-delay 0.1 "$H/busy"
is "... with -L (the connection kept for a redirect) on the kept one" \
    "$rc:$(conns "$n0")" "22:1:2"

# --- --unix-socket --------------------------------------------------------------
both $CA --unix-socket "$SOCK" "https://localhost/hello.txt"
same "--unix-socket with https: TLS over it, as curl"
both $CA --unix-socket "$SOCK" "https://other.invalid/hello.txt"
is "--unix-socket: the URL's host checked, refused as curl" "$src:$crc" "60:60"
like "... saying whom the certificate is for" "$(cat "$T/s.err")" \
    "sockt http-get: other.invalid port 443: certificate is for localhost, *"

# --- a handshake that never comes ------------------------------------------
# a peer that reads and says nothing for 5 s
server 60 python3 "$(dirname "$0")/probe_peer.py" record 100000 \
    "$T/rec.log" 00
timed 20 "$SOCKT" http-get --connect-timeout 1 $CA "https://127.0.0.1:$SPORT/"
is "no handshake: --connect-timeout ends it" "$rc:$err" \
    "28:sockt http-get: 127.0.0.1 port $SPORT: TLS handshake timed out"
check "... within about a second" within 800 5000 "$el"
done_testing
