#!/bin/sh
# t4030: connect --starttls PROTO against tests/starttls_server.py, one
# server a dialogue (smtp, lmtp, imap, pop3, ftp, xmpp, postgres) with the
# PKI of pki.sh, and openssl s_client -starttls against the same servers
# as the control: both reach TLS and exchange a line.  -v shows the
# dialogue on stderr and none of it reaches stdout.  A server that does
# not offer the upgrade, refuses it, says garbage, sends bytes after its
# go-ahead or says nothing within -w, and a certificate that fails: exit
# 1 with one line, and the server's log of what came before TLS never
# holds a byte of stdin.  A real PostgreSQL with ssl=on where Debian's
# is installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
P=$T/pki
pki_or_skip "connect --starttls" python3
SRV=$(cd "$(dirname "$0")" && pwd)/starttls_server.py
PROTOS="smtp lmtp imap pop3 ftp xmpp postgres"

# st PROTO MODE [CERT] [ARGS...]: a server; its logs are $T/log.N.plain
# and $T/log.N.tls, N in $LOGN
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
tls_has() { grep -q "$2" "$1.tls" 2>/dev/null; }
lines() { printf '%s\n' "$1" | grep -c .; }

# --- each dialogue, and s_client against the same server ----------------
# whether s_client has -starttls, asked once (an openssl and a grep)
s_st=no
! openssl s_client -help 2>&1 | grep -q starttls || s_st=yes
for p in $PROTOS; do
	st "$p" ok || continue
	printf 'MARK-%s\n' "$p" >"$T/in"
	run 20 "$SOCKT" connect --starttls "$p" --cacert "$P/ca.pem" \
	    localhost "$SPORT" <"$T/in"
	is "$p: exit 0" "$rc" 0
	is "$p: the line over TLS, and nothing else on stdout" "$out" \
	    "echo: MARK-$p"
	is "$p: nothing on stderr without -v" "$err" ""
	check "$p: the server got the line over TLS" tls_has "$LOGN" "MARK-$p"
	check "$p: and not in plain text" eval '! plain_has "$LOGN" MARK'
	if [ "$s_st" = yes ]; then
		printf 'CTRL-%s\n' "$p" >"$T/in"
		run 20 openssl s_client -quiet -verify_return_error -CAfile \
		    "$P/ca.pem" -starttls "$p" -connect "localhost:$SPORT" \
		    <"$T/in"
		like "$p: s_client -starttls $p gets the line back too" "$out" \
		    "*echo: CTRL-$p*"
	else
		skip "$p: s_client -starttls $p" "no -starttls in s_client"
	fi
done

# the capabilities in IMAP's greeting: no CAPABILITY asked
st imap greetcaps || exit 1
echo MARK >"$T/in"
run 20 "$SOCKT" connect -v --starttls imap --cacert "$P/ca.pem" localhost \
    "$SPORT" <"$T/in"
is "imap, capabilities in the greeting: the line over TLS" "$out" "echo: MARK"
check "imap, capabilities in the greeting: no CAPABILITY sent" eval \
    '! plain_has "$LOGN" CAPABILITY'
like "imap, capabilities in the greeting: STARTTLS at once" "$err" \
    "*sockt connect: > a002 STARTTLS*"

# --- -v: the dialogue on stderr, each line prefixed ----------------------
st smtp ok || exit 1
echo MARK >"$T/in"
run 20 "$SOCKT" connect -v --starttls smtp --cacert "$P/ca.pem" localhost \
    "$SPORT" <"$T/in"
is "-v: exit 0" "$rc" 0
is "-v: stdout holds only what came over TLS" "$out" "echo: MARK"
for l in "< 220-test.invalid ESMTP" "< 220 ready" "> EHLO \\[127.0.0.1\\]" \
    "< 250-STARTTLS" "< 250 8BITMIME" "> STARTTLS" "< 220 2.0.0 go ahead"; do
	like "-v shows '$l'" "$err" "*sockt connect: $l*"
done
like "-v: the certificate after the dialogue" "$err" \
    "*go ahead*certificate subject /CN=localhost*"

# --- refusals: one line, exit 1, no stdin in plain text ------------------
# refused PROTO MODE WANT: the line must match "...: WANT"
refused() {
	st "$1" "$2" || return
	printf 'MARK-%s\n' "$1$2" >"$T/in"
	run 20 "$SOCKT" connect --starttls "$1" --cacert "$P/ca.pem" \
	    localhost "$SPORT" <"$T/in"
	is "$1 $2: exit 1" "$rc" 1
	is "$1 $2: one line" "$(lines "$err")" 1
	like "$1 $2: says why" "$err" \
	    "sockt connect: localhost port $SPORT: $3"
	is "$1 $2: nothing on stdout" "$out" ""
	# the client has closed: the server's log of it is whole
	# the server's log is whole once it has seen the client go
	check "$1 $2: the server saw the client go" wait_until 10 \
	    test -s "$LOGN.end"
	check "$1 $2: no stdin in plain text" eval '! plain_has "$LOGN" MARK'
	check "$1 $2: the server is still up" alive "$SPID"
}
refused smtp no-offer \
    "the server does not offer STARTTLS (EHLO: 250 PIPELINING)"
refused smtp refuse \
    "the server refused STARTTLS (STARTTLS: 454 4.7.0 TLS not available)"
refused smtp garbage "unexpected greeting (greeting: HELLO THERE \\\\x01\\\\xff)"
refused smtp inject "the server sent data after its last reply*"
refused lmtp no-offer "the server does not offer STARTTLS (LHLO: *"
refused imap no-offer \
    "the server does not offer STARTTLS (CAPABILITY: a001 OK CAPABILITY done)"
refused imap refuse "the server refused STARTTLS (STARTTLS: a002 NO not now)"
refused imap garbage "unexpected greeting (greeting: HTTP/1.1 400 Bad Request)"
refused pop3 no-offer "the server does not offer STLS (CAPA: UIDL)"
refused pop3 refuse "the server refused STLS (STLS: -ERR not now)"
refused ftp refuse "the server refused AUTH TLS (AUTH TLS: 534 TLS not available)"
refused ftp garbage "unexpected greeting (greeting: \\* OK this is IMAP)"
refused xmpp no-offer "the server does not offer STARTTLS (features: *"
refused xmpp refuse "the server refused STARTTLS (starttls: <failure*"
refused xmpp garbage "unexpected reply (features: HTTP/1.1 400 Bad Request)"
refused postgres refuse "the server refused SSL (SSLRequest: N)"
refused postgres garbage "unexpected reply (SSLRequest: EFATAL*"
refused postgres inject "the server sent data after its last reply*"

# --- a server that says nothing: -w bounds each step ---------------------
st smtp silent || exit 1
echo MARK >"$T/in"
timed 20 "$SOCKT" connect -w 1 --starttls smtp localhost "$SPORT" <"$T/in"
is "silent: exit 1" "$rc" 1
like "silent: says which step" "$err" \
    "sockt connect: localhost port $SPORT: no answer in time: sockt waited for the greeting"
check "silent: after -w 1 ($el ms)" within 900 3500 "$el"
check "silent: no stdin in plain text" eval '! plain_has "$LOGN" MARK'

# --- the certificate: verified as --tls verifies it ----------------------
st smtp ok exp || exit 1
echo MARK >"$T/in"
run 20 "$SOCKT" connect --starttls smtp --cacert "$P/ca.pem" localhost \
    "$SPORT" <"$T/in"
is "expired certificate: exit 1" "$rc" 1
like "expired certificate: says so" "$err" \
    "sockt connect: localhost port $SPORT: *certificate has expired*"
is "expired certificate: one line" "$(lines "$err")" 1
check "expired certificate: no stdin in plain text" eval \
    '! plain_has "$LOGN" MARK'
check "expired certificate: nor over TLS" eval '! tls_has "$LOGN" MARK'
run 20 "$SOCKT" connect --starttls smtp --insecure localhost "$SPORT" \
    <"$T/in"
is "expired certificate, --insecure: the line" "$out" "echo: MARK"
st smtp ok other || exit 1
run 20 "$SOCKT" connect --starttls smtp --cacert "$P/ca.pem" localhost \
    "$SPORT" <"$T/in"
like "another name's certificate: refused" "$rc:$err" \
    "1:*localhost port $SPORT: *"
run 20 "$SOCKT" connect --starttls smtp --cacert "$P/ca.pem" \
    --servername other.invalid localhost "$SPORT" <"$T/in"
is "--servername: the name checked" "$out" "echo: MARK"

# --- --xmpp-host: the stream's domain ------------------------------------
# (its certificate checked against it: t4031)
st xmpp ok other || exit 1
run 20 "$SOCKT" connect --starttls xmpp --xmpp-host other.invalid \
    --cacert "$P/ca.pem" localhost "$SPORT" <"$T/in"
is "--xmpp-host: the line" "$out" "echo: MARK"
check "--xmpp-host: the stream to it" plain_has "$LOGN" "to='other.invalid'"
run 20 "$SOCKT" connect --starttls xmpp --cacert "$P/ca.pem" localhost \
    "$SPORT" <"$T/in"
check "xmpp: the stream to host by default" plain_has "$LOGN" "to='localhost'"

# --- usage ---------------------------------------------------------------
run 5 "$SOCKT" connect --starttls http localhost 25
like "--starttls http: a usage error" "$rc:$err" "2:*http*"
run 5 "$SOCKT" connect --xmpp-host x --starttls smtp localhost 25
like "--xmpp-host needs xmpp" "$rc:$err" "2:*--xmpp-host needs --starttls xmpp*"
run 5 "$SOCKT" connect --tls --starttls smtp localhost 25
like "--tls and --starttls exclude each other" "$rc:$err" \
    "2:*--tls and --starttls*"
run 5 "$SOCKT" connect --starttls xmpp --xmpp-host "a'b" localhost 25
like "--xmpp-host with a quote" "$rc:$err" "2:*not a domain name*"
run 5 "$SOCKT" connect --starttls smtp ws://localhost:1/
like "a ws:// URL and --starttls" "$rc:$err" "2:*--starttls does not go with*"

# --- a real PostgreSQL, ssl=on, where Debian's is installed --------------
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
if [ -z "$pgbin" ] || [ "$(id -u)" != 0 ] || ! id postgres >/dev/null 2>&1 ||
    ! have runuser; then
	skip "a real PostgreSQL over --starttls postgres" \
	    "no Debian postgresql, or not root"
else
	pgd=$T/pg
	chmod 711 "$T"	# for the postgres user
	mkdir -p "$pgd" && cp "$P/good.pem" "$P/good.key" "$pgd/" &&
	    chown -R postgres "$pgd" && chmod 700 "$pgd" &&
	    chmod 600 "$pgd/good.key"
	pgport=$(freeport)
	# -N: no fsync of a cluster thrown away at the end (2 s of wall)
	if run 60 runuser -u postgres -- "$pgbin/initdb" -A trust -N \
	    -D "$pgd/data" && [ "$rc" = 0 ] &&
	    run 60 runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgd/data" \
	    -w -t 30 -l "$pgd/log" -o "-k $pgd -p $pgport \
	    -c listen_addresses=127.0.0.1 -c ssl=on \
	    -c ssl_cert_file=$pgd/good.pem -c ssl_key_file=$pgd/good.key" \
	    start && [ "$rc" = 0 ]; then
		run 20 "$SOCKT" connect -z -v --starttls postgres --cacert \
		    "$P/ca.pem" localhost "$pgport"
		like "PostgreSQL: TLS after SSLRequest" "$rc:$err" \
		    "0:*< S*certificate subject /CN=localhost*"
		run 60 runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgd/data" \
		    -m immediate -w stop
	else
		skip "a real PostgreSQL over --starttls postgres" \
		    "initdb or pg_ctl failed here"
	fi
fi

done_testing
