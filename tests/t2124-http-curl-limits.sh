#!/bin/sh
# t2124: curl 7.88's limits on lengths beside curl (issue 61, item 3):
# a URL path over 8 KiB and a user name of 1,000 bytes taken and sent
# (curl's one bound is 8 MB a URL), directly, through an HTTP proxy, with
# -u, across a redirect with --location-trusted; the request bytes
# compared against heads_http.py.  A response head line of 100 KB or more fails with curl's 27 (its out
# of memory: CURL_MAX_HTTP_HEADER), a head of several long lines under
# it is read, as curl reads it.  The same command line and the same
# canned response (canned_http.py) to sockt http-get and to curl: stdout
# and the exit status compared.  Fails on 6c6154b6 (8 KiB a path and
# 255 bytes a user name: 2; 64 KB a head: 1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "curl's limits" "python3 or curl not installed"
	done_testing
	exit
fi
if ! heads_start; then
	fail "heads_http.py started"
	done_testing
	exit
fi
LONG=$(awk 'BEGIN { while (n++ < 10000) printf "p" }')
USR=$(awk 'BEGIN { while (n++ < 1000) printf "u" }')
heads_judged "a path of 10,000 bytes" "$U/$LONG"
heads_judged "... with a query" "$U/a?$LONG"
heads_judged "a user name of 1,000 bytes in the URL" \
    "http://$USR:pw@127.0.0.1:$P/x"
heads_judged "... with -u" -u "$USR:pw" "$U/y"
heads_judged "... kept by a redirect to the same host" -L \
    "http://$USR@127.0.0.1:$P/redir"
heads_judged "... and to another with --location-trusted" -L \
    --location-trusted -u "$USR:p" "$U/redirto/127.0.0.1:$P"
heads_judged "both through an HTTP proxy" -x "$U" \
    "http://$USR:pw@example.org/$LONG"
like "... the path sent whole" "$(wc -c <"$T/s.req")" "1[0-9][0-9][0-9][0-9]"
rm -f "$T/s.req" "$T/c.req"

D=$T/site
mkdir "$D"
python3 - "$D" <<'PY'
import sys
d = sys.argv[1]
def w(name, head):
    with open(d + "/" + name, "wb") as f:
        f.write(b"HTTP/1.1 200 OK\r\n" + head + b"Content-Length: 3\r\n\r\nok\n")
w("line100k", b"X-Big: " + b"a" * (100 * 1024 + 10) + b"\r\n")
w("line90k", b"X-Big: " + b"a" * (90 * 1024) + b"\r\n")
w("lines", b"".join(b"X-L%d: " % i + b"a" * (30 * 1024) + b"\r\n"
    for i in range(4)))
PY
canned_start "$D"
BOTH_FLAGS=-sS

both "$U/line100k"
judge "a head line over 100 KB: curl's 27"
is "... 27 it is" "$src" 27
both -s "$U/line100k"
judge "... with -s"
both "$U/line90k"
judge "a head line of 90 KB is read"
both -i "$U/lines"
judge "four lines of 30 KB (a head of 120 KB) read, with -i"
done_testing
