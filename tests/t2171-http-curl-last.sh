#!/bin/sh
# t2171: the last of curl's own cases held apart (issue 61), beside
# curl: a cookie's Domain kept as the server spelled it in the jar
# (compared in any case), Secure refused over http to 127.0.0.1 when
# -H Host names another host (curl asks that name), and a cookie whose
# attribute is 4095 bytes or more dropped as curl drops it; an HTTP
# proxy's user name and password longer than 255 bytes sent; a -b
# file's Set-Cookie line without Path or domain sent after the others
# (curl sorts them as empty); one URL at a time, the exit status the
# last transfer's; a --proxy that cannot be read curl's 5 (7: its
# scheme), not a usage error; -x HOST on port 1080; --no-verbose; -i
# and -D - to stdout writing each head line to both in turn; a request
# answered by nothing on a new connection not sent again (seq_http.py);
# a --next group's requests on the connection the group before left; a
# missing --output-dir failing each file after its request (23);
# issue 73's: --ignore-content-length reading to the close, --alt-svc
# "", --request-target (to a proxy too), --disallow-username-in-url's
# 67, --suppress-connect-headers (the CONNECT's reply not in -i and -D,
# counted in %{size_header}), --connect-to through an http:// proxy (a
# CONNECT to the place it names), --haproxy-protocol's line inside a -p
# tunnel (the ports of ours made one).
# The same command line and the same canned response (canned_http.py)
# (or heads_http.py) to sockt http-get and to curl: the exit status,
# stdout, the request heads and the jar (its third line, which names its
# writer, left out) compared.  Fails on d820d61c.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "curl's last cases" "python3 or curl not installed"
	done_testing
	exit
fi
heads_start || exit 1
HU=$U
D=$T/site
mkdir "$D"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r case 'HTTP/1.1 200 OK\r\nSet-Cookie: a=1; path=/; domain=.Example.TEST\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n'
r secure 'HTTP/1.1 200 OK\r\nSet-Cookie: s=1; path=/; secure\r\nSet-Cookie: p=2; path=/\r\nContent-Length: 0\r\n\r\n'
z=$(head -c 4095 /dev/zero | tr '\0' z)
r long "HTTP/1.1 200 OK\r\nSet-Cookie: n=1; path=/; ${z}\r\nSet-Cookie: m=1; path=/; ${z%z}\r\nContent-Length: 0\r\n\r\n"
r nf 'HTTP/1.1 404 No\r\nContent-Length: 3\r\n\r\nno\n'
r ok 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r clclose 'HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\nshort\n'
canned_start "$D"
BOTH_FLAGS=-sS

# jar DESC ARGS...: both ARGS with -c jar; verdict, then the jars alike
jar() {
	_d=$1
	shift
	rm -f "$T/s/jar" "$T/c/jar"
	both -c jar "$@"
	verdict "$_d"
	is "... the jar as curl's" "$(sed 3d "$T/s/jar")" \
	    "$(sed 3d "$T/c/jar")"
}
H=WWW.Example.test
jar "a Domain in capitals: kept as sent, the host's as named" \
    --resolve "$H:${U##*:}:127.0.0.1" "http://$H:${U##*:}/case"
jar "Secure over http to 127.0.0.1 with -H Host: another name: refused" \
    -H "Host: www.example.test" "$U/secure"
jar "Secure over http to 127.0.0.1: kept (loopback is secure)" "$U/secure"
jar "an attribute of 4095 bytes: the cookie dropped, one of 4094 kept" \
    "$U/long"
both -f "$U/nf" "$U/ok"
verdict "-f, a 404 then a 200: the last transfer's status, 0, as curl"
both -f "$U/ok" "$U/nf"
verdict "-f, a 200 then a 404: 22"
rm -f "$T/s/jar" "$T/c/jar"
both -f "$U/{nf,ok}" -o "#1"
verdict "-f, a glob whose first URL fails: 0, the files as curl's" files
: >"$D/requests.log"
both -f -O --output-dir nothere "$U/ok"
verdict "-O into a missing --output-dir: curl's 23" files
is "... the request sent first, as curl" \
    "$(grep -c '^GET ' "$D/requests.log")" 2
A=$(head -c 400 /dev/zero | tr '\0' A)
B=$(head -c 600 /dev/zero | tr '\0' B)
same "-U of 400 and 600 bytes to an HTTP proxy: sent, as curl" -s \
    -x "$HU" -U "$A:$B" http://remote.example/a
rm -f "$T/s.req" "$T/c.req"
# --next: the group after takes the connection the one before left (the
# heads' "== kept"), unless its --connect-to sends it elsewhere
same "--next: the next group's request on the same connection, as curl" \
    -s "$HU/a" --next "$HU/b" -u a:b --next "$HU/c"
same "--next with --connect-to elsewhere: a new connection, as curl" -s \
    "$HU/a" --next --connect-to "127.0.0.1:${HU##*:}:localhost:${HU##*:}" \
    "$HU/b"
rm -f "$T/s.req" "$T/c.req"
printf 'Set-Cookie: longname=1\nSet-Cookie: b=2; path=/\n' >"$T/s/in"
cp "$T/s/in" "$T/c/in"
same "-b FILE's Set-Cookie lines without Path: sent after those with one" \
    -s -b in "$HU/a"
rm -f "$T/s.req" "$T/c.req"
# a --proxy curl cannot read: its 5 (7 for a scheme it has not), no
# request; one without a port is on curl's 1080
for x in /server "http://a b" socks9://h; do
	both -x "$x" "$HU/a"
	verdict "-x '$x': curl's exit status ($crc), nothing sent"
done
port_said() { sed -n 's/.* port \([0-9]*\).*/\1/p' "$1"; }
both -x 127.0.0.1 http://x.example/a
is "-x HOST: on port 1080, as curl (refused: 7, the port said)" \
    "$src:$(port_said "$T/s.err")" "$crc:$(port_said "$T/c.err")"
both -i -D - "$U/ok" "$U/nf"
verdict "-i and -D - to stdout: each head line twice, in turn, as curl"
# a request alone on a new connection answered by nothing: curl's 52,
# not sent again (sockt sent it four times): seq_http.py answers the
# first with a 401 asking for Digest and closes (no "Connection: close"
# said), every later one with nothing
Q=$T/seq
mkdir "$Q"
printf 'HTTP/1.1 401 Who\r\nWWW-Authenticate: Digest realm="r", nonce="1053604145"\r\nContent-Length: 3\r\n\r\nno\n' \
    >"$Q/a.1"
: >"$Q/a.2"
for who in s c; do
	: >"$Q/hits.log"
	server 30 python3 "$(dirname "$0")/seq_http.py" "$Q" || break
	if [ $who = s ]; then
		(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -s \
		    --digest -u u:p "http://127.0.0.1:$SPORT/a")
	else
		(cd "$T/c" && exec timeout -k 2 30 curl -s --digest -u u:p \
		    "http://127.0.0.1:$SPORT/a")
	fi >/dev/null 2>&1
	eval "${who}rc=\$?"
	eval "${who}n=\$(grep -c . \"\$Q/hits.log\")"
done
if tls_loadable; then
	is "--digest, the second request answered by nothing: as curl" \
	    "$src:$sn" "$crc:$cn"
else
	skip "--digest, the second request answered by nothing: as curl" \
	    "no libssl.so.3: Digest hashes with libcrypto"
fi
# --- issue 73: curl's last request-side cases
both --ignore-content-length "$U/clclose"
verdict "--ignore-content-length: the body to the close, 0, as curl"
both --alt-svc "" "$U/ok"
verdict "--alt-svc \"\": no cache, taken as curl takes it"
same "--request-target: in the request line, as curl" -s \
    --request-target "x?y" "$HU/a"
same "--request-target through a proxy: as given, as curl" -s \
    --request-target "*" -x "$HU" http://remote.example/a
: >"$D/requests.log"
both --disallow-username-in-url "http://u:p@127.0.0.1:${U##*:}/ok"
verdict "--disallow-username-in-url and user@: curl's 67"
is "... nothing sent" "$(cat "$D/requests.log")" ""
same "--suppress-connect-headers: -i and -D - without the CONNECT's reply" \
    -s -p --suppress-connect-headers -i -D - \
    -w "%{http_connect} %{size_header}" -x "$HU" "$HU/a"
same "--connect-to through an http:// proxy: a CONNECT there, as curl" -s \
    -x "$HU" --connect-to "::127.0.0.1:${HU##*:}" http://remote.example/a
pair -s --haproxy-protocol -p -x "$HU" "$HU/a"
for f in "$T/s.req" "$T/c.req"; do
	sed 's/^\(PROXY TCP4 127.0.0.1 127.0.0.1\) [0-9]* /\1 N /' "$f" \
	    >"$f.pp" && mv "$f.pp" "$f"
done
verdict "--haproxy-protocol with -p: its line inside the tunnel, as curl"
rm -f "$T/s.req" "$T/c.req"
both -v --no-verbose "$HU/a"
verdict "--no-verbose after -v: taken, as curl's"
is "... nothing on stderr" "$(cat "$T/s.err" "$T/c.err")" ""
done_testing
