#!/bin/sh
# t4031: connect --starttls by the letter, against tests/starttls_server.py
# (Python's ssl, that is OpenSSL, for the TLS part) that logs every byte
# it receives.  A server that sends its replies before the commands they
# answer (greeting, EHLO's answer and the go-ahead in one write: the
# response injection of the 2021 "NO STARTTLS" study) is refused in every
# dialogue, with one line, exit 1, and the commands after it never go out;
# so are a server's first words that come with an HTTP proxy's 200 where
# the client speaks first (xmpp, postgres), and bytes after the go-ahead
# in every dialogue.  xmpp's certificate and SNI are the stream's domain
# (--xmpp-host), with openssl s_client as the control.  After TLS sockt
# sends only standard input (no new EHLO).  EHLO names the client by its
# address literal, an IPv6 one without its zone (a link-local address on
# a veth interface of a namespace of our own), or by --ehlo.
. "$(dirname "$0")/lib.sh"

# the whole script in a network namespace of its own: an interface for a
# link-local address
if [ -z "${T4031_INSIDE:-}" ]; then
	U="unshare -n"
	[ "$(id -u)" = 0 ] || U="unshare -rn"
	if have unshare && have ip && $U true 2>/dev/null; then
		rm -rf "$T"
		T4031_INSIDE=1 exec $U sh "$0"
	fi
	T4031_INSIDE=no
fi
[ "$T4031_INSIDE" = 1 ] && ip link set lo up

. "$(dirname "$0")/pki.sh"
P=$T/pki
pki_or_skip "connect --starttls by the letter" python3
SRV=$(cd "$(dirname "$0")" && pwd)/starttls_server.py

# st PROTO MODE [CERT [ARGS...]]: a server; its logs are $LOGN.plain,
# .tls, .sni, .end
st() {
	_sp=$1 _sm=$2 _sc=${3:-good}
	shift 2
	[ $# -gt 0 ] && shift
	_sn2=$((${_sn2:-0} + 1))
	LOGN=$T/log.$_sn2
	server 60 python3 "$SRV" "$_sp" --mode "$_sm" --cert "$P/$_sc.pem" \
	    --key "$P/$_sc.key" --log "$LOGN" "$@"
}
plain_has() { grep -q "$2" "$1.plain" 2>/dev/null; }
lines() { printf '%s\n' "$1" | grep -c .; }

# refused PROTO MODE WANT NOTSENT [ARGS...]: exit 1, one line matching
# "...: WANT", nothing on stdout, no stdin in plain text, no TLS, and
# NOTSENT (the command after the refusal) never sent
refused() {
	_rp=$1 _rm=$2 _rw=$3 _rn=$4
	shift 4
	st "$_rp" "$_rm" good "$@" || return
	printf 'MARK-%s\n' "$_rp$_rm" >"$T/in"
	run 20 "$SOCKT" connect  --starttls "$_rp" --cacert "$P/ca.pem" \
	    localhost "$SPORT" <"$T/in"
	is "$_rp $_rm: exit 1" "$rc" 1
	is "$_rp $_rm: one line" "$(lines "$err")" 1
	like "$_rp $_rm: says why" "$err" "sockt connect: localhost port *: $_rw"
	is "$_rp $_rm: nothing on stdout" "$out" ""
	check "$_rp $_rm: the server saw the client go" wait_until 10 \
	    test -s "$LOGN.end"
	check "$_rp $_rm: no stdin in plain text" eval \
	    '! plain_has "$LOGN" MARK'
	if [ -n "$_rn" ]; then
		check "$_rp $_rm: '$_rn' never sent" eval \
		    '! plain_has "$LOGN" "$_rn"'
	fi
	check "$_rp $_rm: no TLS" eval \
	    '! grep -qv "^handshake failed" "$LOGN.tls" 2>/dev/null'
}

# --- replies before their commands, in one write -------------------------
EARLY="the server answered before sockt sent"
refused smtp early "$EARLY EHLO (EHLO: 250-test.invalid)" STARTTLS
refused lmtp early "$EARLY LHLO (LHLO: 250-test.invalid)" STARTTLS
refused imap early "$EARLY CAPABILITY (CAPABILITY: \\* CAPABILITY*)" STARTTLS
refused pop3 early "$EARLY CAPA (CAPA: +OK caps)" STLS
refused ftp early "$EARLY AUTH TLS (AUTH TLS: 234 AUTH TLS ok)" ""
# before sockt's stream (it looked before it sent), or with the features
refused xmpp early "$EARLY *" "<starttls"
# -v: what came shows, and EHLO never went out
st smtp early || exit 1
run 20 "$SOCKT" connect -v --starttls smtp --cacert "$P/ca.pem" localhost \
    "$SPORT" <"$T/in"
like "smtp early, -v: the replies shown" "$rc:$err" \
    "1:*< 220 ready*< 250 STARTTLS*< 220 2.0.0 go ahead*"
case $err in
*"> EHLO"*) fail "smtp early, -v: nothing sent" "$err" ;;
*) pass "smtp early, -v: nothing sent" ;;
esac
# the same through an HTTP proxy whose 200 brings them: held before the
# client has said a word, where the client speaks first too
for p in smtp xmpp postgres; do
	case $p in
	smtp) w="$EARLY EHLO (EHLO: 250-test.invalid)" n=STARTTLS ;;
	xmpp) w="$EARLY its stream header (features: <?xml*" n="<stream" ;;
	postgres) w="$EARLY SSLRequest (SSLRequest: S)" n="" ;;
	esac
	# the proxy is the server itself, in front of its own dialogue
	st "$p" early good --front http || continue
	printf 'MARK-%s\n' "$p" >"$T/in"
	run 20 "$SOCKT" connect --proxy "http://127.0.0.1:$SPORT" \
	    --starttls "$p" --cacert "$P/ca.pem" localhost 1 <"$T/in"
	is "$p early through a proxy: exit 1" "$rc" 1
	is "$p early through a proxy: one line" "$(lines "$err")" 1
	like "$p early through a proxy: says why" "$err" \
	    "sockt connect: localhost port 1: $w"
	check "$p early through a proxy: the server saw the client go" \
	    wait_until 10 test -s "$LOGN.end"
	check "$p early through a proxy: nothing sent after the CONNECT" \
	    cmp -s "$LOGN.front" "$LOGN.plain"
	check "$p early through a proxy: no TLS" test ! -e "$LOGN.tls"
done

# --- bytes after the go-ahead, every dialogue (smtp, postgres: t4030) ----
LATE="the server sent data after its last reply, before TLS began"
refused lmtp inject "$LATE (250 injected)" ""
refused imap inject "$LATE (\\* injected)" ""
refused pop3 inject "$LATE (+OK injected)" ""
refused ftp inject "$LATE (200 injected)" ""
refused xmpp inject "$LATE (<injected/>)" ""

# --- after TLS: standard input only, no new EHLO -------------------------
st smtp ok || exit 1
echo MARK >"$T/in"
run 20 "$SOCKT" connect --starttls smtp --cacert "$P/ca.pem" localhost \
    "$SPORT" <"$T/in"
is "smtp: the line back over TLS" "$out" "echo: MARK"
check "smtp: the server saw the client go" wait_until 10 test -s "$LOGN.end"
is "after TLS sockt sent standard input alone, no EHLO" \
    "$(cat "$LOGN.tls")" "MARK"
check "EHLO names our address" plain_has "$LOGN" "^EHLO \\[127\\.0\\.0\\.1\\]"

# --- --ehlo: the name the user gives ------------------------------------
st lmtp ok || exit 1
run 20 "$SOCKT" connect --starttls lmtp --ehlo client.example --cacert \
    "$P/ca.pem" localhost "$SPORT" <"$T/in"
is "--ehlo: the line" "$out" "echo: MARK"
check "--ehlo: LHLO names it" plain_has "$LOGN" "^LHLO client\.example.$"
run 20 "$SOCKT" connect --starttls smtp --ehlo "[IPv6:::1]" --cacert \
    "$P/ca.pem" localhost "$SPORT" <"$T/in"
is "--ehlo, an address literal: the line" "$out" "echo: MARK"
check "--ehlo: taken as given" plain_has "$LOGN" "^EHLO \[IPv6:::1\]"
run 5 "$SOCKT" connect --starttls imap --ehlo x localhost 1
like "--ehlo with imap: a usage error" "$rc:$err" \
    "2:sockt connect: --ehlo needs --starttls smtp or lmtp*"
run 5 "$SOCKT" connect --ehlo x localhost 1
like "--ehlo without --starttls: a usage error" "$rc:$err" \
    "2:sockt connect: --ehlo needs --starttls smtp or lmtp*"
run 5 "$SOCKT" connect --starttls smtp --ehlo "a b" localhost 1
like "--ehlo of two words: a usage error" "$rc:$err" \
    "2:sockt connect: --ehlo a b: not a name*"
run 5 "$SOCKT" connect -u --ehlo x localhost 1
like "--ehlo with -u: a usage error" "$rc:$err" "2:*-u does not go with*"

# --- xmpp: the certificate and SNI are the stream's domain ---------------
st xmpp ok other || exit 1
run 20 "$SOCKT" connect --starttls xmpp --xmpp-host other.invalid \
    --cacert "$P/ca.pem" localhost "$SPORT" <"$T/in"
is "--xmpp-host other.invalid: its certificate accepted" "$rc:$out" \
    "0:echo: MARK"
check "--xmpp-host: the stream to it" plain_has "$LOGN" "to='other.invalid'"
is "--xmpp-host: SNI names it" "$(cat "$LOGN.sni" 2>/dev/null)" \
    "other.invalid"
run 20 "$SOCKT" connect --starttls xmpp --cacert "$P/ca.pem" localhost \
    "$SPORT" <"$T/in"
like "no --xmpp-host: checked against host, refused" "$rc:$err" \
    "1:sockt connect: localhost port $SPORT: *"
if openssl s_client -help 2>&1 | grep -q xmpphost; then
	run 20 openssl s_client -quiet -verify_return_error -CAfile \
	    "$P/ca.pem" -starttls xmpp -xmpphost other.invalid \
	    -servername other.invalid -verify_hostname other.invalid \
	    -connect "localhost:$SPORT" <"$T/in"
	like "s_client -xmpphost, the same name checked: the control" "$out" \
	    "*echo: MARK*"
else
	skip "s_client -xmpphost" "no -xmpphost in s_client"
fi
st xmpp ok || exit 1
run 20 "$SOCKT" connect --starttls xmpp --xmpp-host chat.example \
    --cacert "$P/ca.pem" localhost "$SPORT" <"$T/in"
like "a certificate for the host, not the domain: refused" "$rc:$err" \
    "1:sockt connect: localhost port $SPORT: *chat.example*"
is "refused: one line" "$(lines "$err")" 1
check "refused: nothing over TLS" eval '! grep -q MARK "$LOGN.tls" 2>/dev/null'
is "the domain's name in SNI" "$(cat "$LOGN.sni" 2>/dev/null)" \
    "chat.example"
run 20 "$SOCKT" connect --starttls xmpp --xmpp-host chat.example \
    --servername localhost --cacert "$P/ca.pem" localhost "$SPORT" <"$T/in"
is "--servername still names what is checked" "$rc:$out" "0:echo: MARK"

# --- EHLO's name ---------------------------------------------------------
if [ "$(python3 -c 'import socket; print(socket.has_ipv6)')" = True ] &&
    st smtp ok good --bind ::1 2>/dev/null; then
	run 20 "$SOCKT" connect --starttls smtp --cacert "$P/ca.pem" ::1 \
	    "$SPORT" <"$T/in"
	is "::1: the line" "$out" "echo: MARK"
	check "::1: EHLO [IPv6:::1]" plain_has "$LOGN" "^EHLO \\[IPv6:::1\\]"
else
	skip "EHLO over ::1" "no IPv6 loopback"
fi
# (a veth pair: the kernel here may have no dummy interfaces)
if [ "$T4031_INSIDE" = 1 ] &&
    ip link add v0 type veth peer name v1 2>/dev/null &&
    ip link set v0 up && ip link set v1 up &&
    ip addr add fe80::5/64 dev v0 nodad; then
	st smtp ok good --bind "fe80::5%v0" || exit 1
	run 20 "$SOCKT" connect --starttls smtp --insecure "fe80::5%v0" \
	    "$SPORT" <"$T/in"
	is "link-local with a zone: the line" "$out" "echo: MARK"
	check "link-local: EHLO [IPv6:fe80::5], no zone" plain_has "$LOGN" \
	    "^EHLO \\[IPv6:fe80::5\\]"
else
	skip "EHLO from a link-local address" "no namespace of our own"
fi

done_testing
