#!/bin/sh
# t2120: every --write-out variable curl 7.88 has (issue 61, item 6),
# beside curl against heads_http.py:
# - the deterministic ones byte for byte as curl's (names, versions,
#   counts, codes, sizes, addresses; %{scheme} upper case as 7.88's);
# - local_port a port of our end that is not the server's, the times a
#   number with 6 decimals in curl's order (namelookup <= connect <=
#   pretransfer <= starttransfer <= total, appconnect 0 over http);
# - %{json}: python's json reads it, its keys curl's in curl's order;
# - %{onerror} on a failing and a succeeding transfer;
# - %{header_json} of a head with five Set-Cookie fields;
# - %{http_connect} through heads_http.py's CONNECT, and without one;
# - -L: the redirect's connection reused, the request bytes of both.
# Fails on 34f9873e (21 variables: the rest unknown, scheme lower case).
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "--write-out beside curl" "python3 or curl not installed"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
heads_start || exit 1

# same_out DESC ARGS: both, and stdout and the exit status as curl's
same_out() {
	_d=$1
	shift
	both "$@"
	if [ "$src:$(cat "$T/s.out")" = "$crc:$(cat "$T/c.out")" ]; then
		pass "$_d"
	else
		fail "$_d" "sockt $src: $(cat "$T/s.out" "$T/s.err")" \
		    "curl $crc: $(cat "$T/c.out")"
	fi
}

F='%{certs}|%{content_type}|%{errormsg}|%{exitcode}|%{filename_effective}|%{ftp_entry_path}|%{http_code}|%{http_connect}|%{http_version}|%{local_ip}|%{method}|%{num_certs}|%{num_connects}|%{num_headers}|%{num_redirects}|%{proxy_ssl_verify_result}|%{redirect_url}|%{referer}|%{remote_ip}|%{remote_port}|%{response_code}|%{scheme}|%{size_download}|%{size_header}|%{size_request}|%{size_upload}|%{speed_upload}|%{ssl_verify_result}|%{time_appconnect}|%{url}|%{url_effective}|%{urlnum}\n'
same_out "a 302 not followed: every deterministic variable as curl's" \
    -o f -w "$F" "$U/redir"
like "... redirect_url where it points, scheme HTTP" "$(cat "$T/s.out")" \
    "*|$U/a|*|HTTP|*"
same_out "-L: one connection, both requests' bytes, the last head's" \
    -L -o f -e http://ref.example/ -w "$F" "$U/redir"
same_out "%{referer} of -e ';auto' after -L: the URL it came from (curl's 2081)" \
    -L -e ';auto' -o f -w '%{referer}\n' "$U/redir"
same_out "-I of an HTTP/1.0 response: HEAD, version 1" -I -o f -w "$F" \
    "$U/http10"
same_out "stdout: no filename_effective, as curl's" \
    -w "%{filename_effective}|%{size_request}" "$U/a"
same_out "%{header_json}: repeated fields in one array, names lower case" \
    -o f -w '%{header_json}' "$U/cookie"
same_out "%{http_connect} of a CONNECT, its request bytes counted" \
    -p -x "$U" -o f -w '%{http_connect} %{num_connects} %{size_request}' \
    "http://tunnel.example/a"
same_out "... 000 through a proxy that forwards" \
    -x "$U" -o f -w '%{http_connect} %{num_connects} %{size_request}' \
    "http://tunnel.example/a"
same_out "%{onerror}: the rest not written after a success" \
    -o f -w 'a%{onerror}b%{exitcode}' "$U/a"
closedport || exit 1
same_out "... written after a failure" \
    -o f -w 'a%{onerror}b%{exitcode}|%{num_connects}|%{local_port}' \
    "http://127.0.0.1:$CPORT/"
both -o f -w '%{errormsg}' "http://127.0.0.1:$CPORT/"
# curl's words, its milliseconds aside (t2129 has the rest)
is "%{errormsg}: a refused connection in curl's words" \
    "$(sed 's/after [0-9]* ms/after N ms/' "$T/s.out")" \
    "$(sed 's/after [0-9]* ms/after N ms/' "$T/c.out")"
both -o nodir/f -w '%{errormsg}|%{exitcode}' "$U/a"
is "... of a file that cannot be made: curl's words, curl's 23" \
    "$(cat "$T/s.out")" "$(cat "$T/c.out")"

# local_port: our end, a number, not the server's
both -o f -w '%{local_ip} %{local_port} %{remote_port}' "$U/a"
set -- $(cat "$T/s.out")
if [ "$1" = 127.0.0.1 ] && [ "$2" -gt 0 ] && [ "$2" -lt 65536 ] &&
    [ "$2" != "$3" ] && [ "$3" = "$P" ]; then
	pass "%{local_ip} %{local_port}: our end of the connection"
else
	fail "%{local_ip} %{local_port}: our end of the connection" \
	    "$(cat "$T/s.out" "$T/s.err")"
fi

# the times: their shape, their order
TF='%{time_namelookup} %{time_connect} %{time_appconnect} %{time_pretransfer} %{time_starttransfer} %{time_total} %{time_redirect}'
for a in "" -L; do
	both $a -o f -w "$TF" "$U/redir"
	# through run: a failure says whose times and which (it passed and
	# failed once in a make check, times -L, with nothing to show why)
	run 30 python3 -c '
import re, sys
for f in sys.argv[1:]:
    t = open(f).read().split()
    if len(t) != 7 or not all(re.fullmatch(r"[0-9]+\.[0-9]{6}", x) for x in t):
        sys.exit("%s: %r" % (f, t))
    n, c, a, p, s, tot, r = map(float, t)
    if a != 0 or not (n <= c <= p <= s <= tot) or r > tot:
        sys.exit("%s: %r" % (f, t))
' "$T/s.out" "$T/c.out"
	is "times ${a:-without -L}: 6 decimals, curl's order, as curl's" \
	    "$rc $err" "0 "
done
both -L -o f -w '%{time_redirect}' "$U/redir"
check "-L: time_redirect above 0 as curl's" python3 -c '
import sys
sys.exit(not all(float(open(f).read()) > 0 for f in sys.argv[1:]))' \
    "$T/s.out" "$T/c.out"

# %{json}: JSON, curl's keys in curl's order
for a in "$U/redir" "-L $U/redir" "http://127.0.0.1:$CPORT/"; do
	both -o f -w '%{json}' $a
	check "%{json} ($a): python reads it, curl's keys in its order" \
	    python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
c = json.load(open(sys.argv[2]))
if list(s) != list(c):
    sys.exit("keys: %r\ncurl: %r" % (list(s), list(c)))
skip = ("curl_version", "local_port", "errormsg") + tuple(
    k for k in c if k.startswith(("time_", "speed_")))
d = [k for k in c if k not in skip and s[k] != c[k]]
sys.exit("differ: %r" % [(k, s[k], c[k]) for k in d] if d else 0)' \
	    "$T/s.out" "$T/c.out"
done
both -o f -w '%{json}' "$U/a"
check "... its curl_version names sockt" python3 -c '
import json, sys
sys.exit(not json.load(open(sys.argv[1]))["curl_version"].startswith("sockt/"))' \
    "$T/s.out"
done_testing
