#!/bin/sh
# t2125: status lines read as curl 7.88 reads them, beside curl (issue
# 61, item 4): "HTTP/2 200" and "HTTP/2.0 200" over this HTTP/1.1
# connection taken (their body by its framing, %{http_version} 2),
# HTTP/2.1, HTTP/3, HTTP/0.9 refused with 1, blanks before the code
# taken, a code under 100 or of four digits refused with 1, 600 taken.
# The same command line and the same canned response (canned_http.py)
# to sockt http-get and to curl: stdout (-i's head) and the exit status
# compared.  Fails on 6c6154b6 (HTTP/2, the blanks: 1; 099: 0).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "status lines as curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r h2 'HTTP/2 200 \r\nContent-Length: 3\r\n\r\nok\n'
r h2bare 'HTTP/2 200\r\nContent-Length: 3\r\n\r\nok\n'
r h20 'HTTP/2.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r h2chunked 'HTTP/2 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nok\n\r\n0\r\n\r\n'
r h2close 'HTTP/2 200 OK\r\n\r\nok\n'
r h2404 'HTTP/2 404 \r\nContent-Length: 3\r\n\r\nno\n'
r h21 'HTTP/2.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r h3 'HTTP/3 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r h09 'HTTP/0.9 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r blanks 'HTTP/1.1  \t200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r c099 'HTTP/1.1 099 Low\r\nContent-Length: 3\r\n\r\nok\n'
r c2000 'HTTP/1.1 2000 OK\r\nContent-Length: 3\r\n\r\nok\n'
r c600 'HTTP/1.1 600 High\r\nContent-Length: 3\r\n\r\nok\n'
canned_start "$D"
BOTH_FLAGS=-sS

# as DESC WANT ARGS...: both exit WANT with the same stdout
as() {
	_d=$1
	_w=$2
	shift 2
	both "$@"
	judge "$_d"
	is "... $_w as curl" "$src" "$_w"
}
as "HTTP/2 200 over HTTP/1.1" 0 -i "$U/h2"
as "HTTP/2 200 without a reason" 0 -i "$U/h2bare"
as "HTTP/2.0 200" 0 -i "$U/h20"
as "HTTP/2 chunked" 0 -i "$U/h2chunked"
as "HTTP/2 to the close" 0 -i "$U/h2close"
as "HTTP/2 404 with -f" 22 -f "$U/h2404"
as "HTTP/2: %{http_version}" 0 -o /dev/null -w '%{http_version} %{http_code}' \
    "$U/h2"
as "HTTP/2.1 refused" 1 -i "$U/h21"
as "HTTP/3 refused" 1 -i "$U/h3"
as "HTTP/0.9 refused" 1 -i "$U/h09"
as "blanks before the code" 0 -i "$U/blanks"
as "a code under 100 refused" 1 -i "$U/c099"
as "a code of four digits refused" 1 -i "$U/c2000"
as "600 taken" 0 -i "$U/c600"
done_testing
