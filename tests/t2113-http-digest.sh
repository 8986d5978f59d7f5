#!/bin/sh
# t2113: http-get's --digest, --anyauth and --basic as curl 7.88's (issue
# 61, item 2).  The same command line to sockt http-get and to curl
# against digest_http.py, which challenges with fixed nonces, checks
# each answer itself (hashlib, not our code: only a right one gets
# 200 "ok") and records each request head byte for byte: the heads
# compared with the random cnonce and the response it makes blanked
# where a qop is asked (else byte for byte, response too), every
# other field, its order and value the same, the server's verdicts
# the same, stdout and the exit status the same.  Each algorithm
# (MD5, MD5-sess, SHA-256, SHA-256-sess; SHA-512-256 verified for
# sockt: curl 7.88 hashes it with SHA-256, which the server refuses),
# qop auth and auth-int, opaque, userhash, a realm with escapes,
# stale=true's second challenge, the nonce count on a redirect on the
# same connection, a second URL, a wrong password (401, exit 0; -f 22),
# -i's heads, several challenges in one field, --proxy-digest to a
# proxy forwarding the request (with --digest to the origin behind it
# too) and through CONNECT (on the connection the proxy kept, on a new
# one when it closed; a wrong password: exit 56, as curl), --anyauth each way
# (Digest before Basic, Basic alone; only Negotiate or NTLM: the 401 and
# curl's exit status), --digest refusing Basic, without libcrypto one
# line and curl's exit 4.  Fails
# on fbc4a641: --digest and --anyauth are refused there.
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "http-get's --digest" "python3 or curl not installed"
	done_testing
	exit
fi
# Digest hashes with libcrypto, as the loader that runs sockt finds it
if ! tls_loadable; then
	skip "http-get's --digest" "no libssl.so.3: Digest hashes with libcrypto"
	done_testing
	exit
fi
DH=$(cd "$(dirname "$0")" && pwd)/digest_http.py
mkdir "$T/s" "$T/c"
LOG=$T/heads
: >"$LOG"
server 120 python3 "$DH" "$LOG" || exit 1
U=http://127.0.0.1:$SPORT

# pair ARGS...: sockt http-get then curl -sS with ARGS, each against an
# empty log: heads in $T/s.req and $T/c.req (the User-Agent made one,
# with QOP set the cnonce and response blanked), stdout in $T/s.out
# and $T/c.out, stderr in $T/s.err, the exit status in $src and $crc;
# sockt's heads as sent in $T/s.raw
pair() {
	_n='s#^User-Agent: [a-z]*/[0-9.]*\r$#User-Agent: AGENT\r#'
	[ -n "${QOP:-}" ] && _n="$_n;s/cnonce=\"[^\"]*\"/cnonce=\"C\"/"
	[ -n "${QOP:-}" ] && _n="$_n;s/response=\"[^\"]*\"/response=\"R\"/"
	: >"$LOG"
	(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get "$@") \
	    >"$T/s.out" 2>"$T/s.err"
	src=$?
	cp "$LOG" "$T/s.raw"
	sed "$_n" "$LOG" >"$T/s.req"
	: >"$LOG"
	(cd "$T/c" && exec timeout -k 2 30 curl -sS "$@") \
	    >"$T/c.out" 2>"$T/c.err"
	crc=$?
	sed "$_n" "$LOG" >"$T/c.req"
}

# same DESC ARGS...: pair ARGS; the same heads, verdicts, stdout, status
same() {
	_d=$1
	shift
	pair "$@"
	if [ "$src" != "$crc" ]; then
		fail "$_d" "exit status: sockt $src, curl $crc" \
		    "$(cat "$T/s.err" "$T/c.err")"
	elif ! cmp -s "$T/s.out" "$T/c.out"; then
		fail "$_d" "stdout differs" "$(od -c "$T/s.out" | head -5)" \
		    "$(od -c "$T/c.out" | head -5)" "$(cat "$T/s.err")"
	elif ! cmp -s "$T/s.req" "$T/c.req"; then
		fail "$_d" "$(diff "$T/c.req" "$T/s.req" | tr '\r' ' ')"
	else
		pass "$_d"
	fi
}

# verdicts: the server's lines on what the last client sent, in one
verdicts() { grep '^== [rv]' "$1" | tr '\n' ' '; }

A="-u user:pass --digest"
same "--digest, no qop: the second request's head byte for byte" $A \
    "$U/a"
is "... the server verified it (hashlib)" "$(verdicts "$T/s.req")" \
    "== verified Digest "
is "... one connection: the 401's is kept" "$(grep -c '^== new' \
    "$T/s.req")" 1
QOP=1
same "qop=auth, opaque" $A "$U/a?qop=auth&opaque=1"
is "... verified" "$(verdicts "$T/s.req")" "== verified Digest "
like "... curl's fields and order" "$(grep '^Authorization' "$T/s.req")" \
    'Authorization: Digest username="user", realm="test \\"realm\\"@host", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/a?qop=auth&opaque=1", cnonce="C", nc=00000001, qop=auth, response="R", opaque="5ccc069c403ebaf9f0171e9517f40e41"*'
for q in "alg=MD5&qop=auth" "alg=MD5-sess&qop=auth" "alg=SHA-256&qop=auth" \
    "alg=SHA-256-sess&qop=auth" "alg=SHA-256" "qop=auth-int" \
    "alg=SHA-256&qop=auth,auth-int&userhash=1"; do
	same "$q" $A "$U/a?$q"
	is "... verified" "$(verdicts "$T/s.req")" "== verified Digest "
done
pair $A "$U/a?alg=SHA-512-256&qop=auth"
# curl 7.88 answers SHA-512-256 with SHA-256, which the server refuses
is "SHA-512-256: sockt's verified (RFC 7616's SHA-512/256), not curl's" \
    "$src:$(cat "$T/s.out"):$(verdicts "$T/s.req") $crc:$(cat \
    "$T/c.out"):$(verdicts "$T/c.req")" \
    "0:ok:== verified Digest  0:denied:== refused wrong response "
same "stale=true: the new nonce answered, nc 1 again" $A \
    "$U/a?alg=MD5-sess&qop=auth&stale=1"
is "... both answers verified" "$(verdicts "$T/s.req")" \
    "== verified Digest == verified Digest "
same "-L to the same host: nc 2, the same cnonce" -L $A \
    "$U/x/redir?qop=auth"
is "... nc" "$(grep -o 'nc=[0-9]*' "$T/s.req" | tr '\n' ' ')" \
    "nc=00000001 nc=00000002 "
is "... one cnonce, on both" "$(grep -o 'cnonce="[^"]*"' "$T/s.raw" | \
    uniq | wc -l):$(grep -c 'cnonce=' "$T/s.raw")" 1:2
same "a second URL starts without credentials, as curl's" $A \
    "$U/a?qop=auth" "$U/b?qop=auth"
same "-i: the 401's head, then the 200's" -i $A "$U/a?qop=auth"
same "a wrong password: the 401, exit 0" -u user:bad --digest \
    "$U/a?qop=auth"
is "... refused once, not asked again" "$(verdicts "$T/s.req")" \
    "== refused wrong response "
same "... with -f: exit 22" -f -u user:bad --digest "$U/a?qop=auth"
same "Basic and Digest in one field" $A "$U/a?qop=auth&offer=basic,digest&one=1"
same "--digest against Basic only: the 401" $A "$U/a?offer=basic"
same "--anyauth: Digest before Basic" -u user:pass --anyauth \
    "$U/a?qop=auth&offer=basic,digest"
is "... Digest" "$(verdicts "$T/s.req")" "== verified Digest "
same "--anyauth: Basic when that is all" -u user:pass --anyauth \
    "$U/a?offer=basic"
is "... Basic" "$(verdicts "$T/s.req")" "== verified Basic "
same "--digest --basic: either, as curl's bits" -u user:pass --digest \
    --basic "$U/a?offer=basic"
same "--basic alone: on the first request" -u user:pass --basic \
    "$U/a?offer=basic"
QOP=
# curl with GSS-API and NTLM tries them (a request more, NTLM two):
# sockt has neither; the 401 and the exit status are curl's
for o in negotiate ntlm; do
	pair -u user:pass --anyauth "$U/a?offer=$o"
	is "--anyauth, only $o offered: the 401's body, exit 0, as curl" \
	    "$src:$(cat "$T/s.out")" "$crc:$(cat "$T/c.out")"
	is "... sockt asked once" "$(grep -c '^GET' "$T/s.req")" 1
	pair -f -u user:pass --anyauth "$U/a?offer=$o"
	is "... -f: 22, nothing on stdout, as curl" "$src:$(cat "$T/s.out")" \
	    "$crc:$(cat "$T/c.out")"
done

# --- --proxy-digest: a forwarded request, then CONNECT (the proxy keeps
# the connection after its 407, or closes it)
X="-x http://127.0.0.1:$SPORT -U user:pass --proxy-digest"
QOP=1
same "--proxy-digest: a forwarded request answers the 407" $X \
    "$U/a?proxy=1&qop=auth&opaque=1"
is "... verified, on one connection" "$(verdicts "$T/s.req"):$(grep -c \
    '^== new' "$T/s.req")" "== verified Digest :1"
like "... Proxy-Authorization in curl's place" "$(tr -d '\r' <"$T/s.req")" \
    "*Host: 127.0.0.1:$SPORT
Proxy-Authorization: Digest username=\"user\"*, uri=\"/a?proxy=1&qop=auth&opaque=1\", cnonce=\"C\", nc=00000001, qop=auth, response=\"R\", opaque=*
User-Agent: AGENT
Accept: \*/\*
Proxy-Connection: Keep-Alive*"
same "... and -u --digest to the origin behind it" $X -u user:pass \
    --digest "$U/a?proxy=1&both=1&qop=auth"
is "... both verified" "$(verdicts "$T/s.req")" \
    "== verified Digest == verified Digest == verified Digest "
same "... a wrong password: the 407, exit 0" -x "http://127.0.0.1:$SPORT" \
    -U user:bad --proxy-digest "$U/a?proxy=1&qop=auth"
echo "proxy=1&qop=auth" >"$LOG.proxy"
same "CONNECT: again on the connection the proxy kept" -p $X \
    "$U/a?proxy=1"
is "... verified, one connection" "$(verdicts "$T/s.req"):$(grep -c \
    '^== new' "$T/s.req")" "== verified Digest :1"
like "... uri is the CONNECT's host:port" "$(grep '^Proxy-Auth' \
    "$T/s.req")" "*uri=\"127.0.0.1:$SPORT\"*"
same "... a wrong password: exit 56" -p -x "http://127.0.0.1:$SPORT" \
    -U user:bad --proxy-digest "$U/a?proxy=1"
is "... asked twice, as curl" "$(grep -c '^CONNECT' "$T/s.req")" 2
# the proxy's replies to CONNECT go to -i and -D as curl's (issue 61;
# curl's own cases 206, 217, 287, 1060, 1061)
same "CONNECT -i: the proxy's 407 and 200 heads, then the origin's" -i -p \
    $X "$U/a?proxy=1"
same "... -D -: the same heads" -D - -o /dev/null -p $X "$U/a?proxy=1"
same "... a wrong password: its 407 heads on stdout, exit 56" -i -p \
    -x "http://127.0.0.1:$SPORT" -U user:bad --proxy-digest "$U/a?proxy=1"
echo "proxy=1&qop=auth&close=1" >"$LOG.proxy"
same "CONNECT: on a new connection when the proxy closed" -p $X \
    "$U/a?proxy=1"
is "... verified, two connections" "$(verdicts "$T/s.req"):$(grep -c \
    '^== new' "$T/s.req")" "== verified Digest :2"
QOP=
echo "proxy=1" >"$LOG.proxy"
same "CONNECT, no qop: byte for byte" -p $X "$U/a?proxy=1"
# -v: each round's CONNECT and the reply to it, as curl's; its
# %{size_request} and %{size_header} count every round (curl's User-Agent
# and sockt's in three requests apart)
vlines() {
	tr -d '\r' <"$1" | grep '^[<>] .' | sed -e 's/^> User-Agent: .*/> UA/' \
	    -e 's/\(nonce\|response\)="[^"]*"/\1=X/g'
}
pair -v -o /dev/null -p $X "$U/a?proxy=1"
is "CONNECT -v: the 407 round's request and reply, then the 200's" \
    "$(vlines "$T/s.err" | grep -c '^> CONNECT'):$(vlines "$T/s.err")" \
    "2:$(vlines "$T/c.err")"
pair -o /dev/null -w '%{size_request} %{size_header} %{http_connect}' -p \
    $X "$U/a?proxy=1"
ua=$(tr -d '\r' <"$T/s.raw" | grep -m 1 '^User-Agent: ')
cua="User-Agent: curl/$(curl -V | sed -n '1s/^curl \([^ ]*\).*/\1/p')"
set -- $(cat "$T/c.out")
is "... %{size_request}, %{size_header}: every round's, as curl" \
    "$(cat "$T/s.out")" "$(($1 + 3 * (${#ua} - ${#cua}))) $2 $3"

run 10 env SOCKT_TLS_LIB=$T/no/libssl.so.3 "$SOCKT" http-get $A "$U/a"
like "no libcrypto: one line says what is missing" "$err" \
    "*--digest*libssl.so.3*"
is "... exit 4, curl's for a feature not built in" "$rc" 4
done_testing
