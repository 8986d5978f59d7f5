#!/bin/sh
# t2173: %{errormsg} in curl 7.88's words where http-get said its own
# line (issue 61): a failed handshake (35) as curl's ossl_strerror says
# OpenSSL's first error ("OpenSSL/3.0.19: error:0A00010B:..."), a peer
# that closes in it (SSL_ERROR_SYSCALL) or resets it (Recv failure),
# through an https:// proxy too; a refused certificate (60) expired,
# self-signed, of an unknown root, of another name (curl's own check,
# for a name, 127.0.0.1, ::1 and --connect-to), a proxy's; a CA file or
# path not loaded (77, --proxy-cacert too); a client certificate or key
# not loaded (58) and a TLS 1.3 server's "certificate required" (56, as
# curl reads it after its handshake); a connection that fails
# other than refused (7: an unreachable, prohibited and blackholed
# route in the script's own network namespace), naming the proxy or the
# --connect-to host as curl does; --connect-timeout (28) in the connect
# and in the handshake, -m before the request went, -m in a body of a
# known length ("3 out of 100 bytes"); %{json}'s "errormsg".  The same
# command line to sockt http-get and to curl, -w '%{exitcode}
# %{errormsg}', the milliseconds masked, against nginx (pki.sh's
# certificates), canned_http.py and a peer that closes or resets.
# %{ssl_verify_result} 1 where curl's TLS began but OpenSSL gave no
# verdict, or curl's own name check refused; -k reads no CA, as curl.
# Fails on ed0c6cc8.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "curl's words for %{errormsg}" "python3 or curl not installed"
	done_testing
	exit
fi
P=$T/pki
pki_or_skip "curl's words for %{errormsg}" nginx
mkdir "$T/s" "$T/c" "$T/www"
echo "a body" >"$T/www/f"
# req: good's certificate on a server that asks for the client's
cp "$P/good.pem" "$P/req.pem" && cp "$P/good.key" "$P/req.key" || exit 1
NGCONF_TLS_req="ssl_verify_client on; ssl_client_certificate $P/ca.pem;"
if ! nginx_tls_start "$T/www" "" good exp other self stranger req; then
	skip "curl's words for %{errormsg}" "nginx did not start"
	done_testing
	exit 0
fi
E='%{exitcode} %{errormsg}\n'
# errs DESC ARGS...: both with -o /dev/null -w "$E" ARGS, the
# milliseconds masked on each side, judged
# (each side read by the shell, and a sed and an mv only where it says
# "after ": two of each a check, and a cat, were most of its processes)
nl='
'
errs() {
	_d=$1
	shift
	both -o /dev/null -w "$E" "$@"
	for _f in "$T/s.out" "$T/c.out"; do
		slurp "$_f"
		case $_all in
		*"after "*)
			sed 's/after [0-9]* m/after N m/' "$_f" >"$_f.m" &&
			    mv "$_f.m" "$_f"
			slurp "$_f" ;;
		esac
	done
	verdict "$_d: curl's, $_all"
}
# slurp FILE: FILE as $(cat FILE) has it, in $_all
slurp() {
	_all='' _sep=''
	while IFS= read -r _l || [ -n "$_l" ]; do
		_all=$_all$_sep$_l _sep=$nl
	done <"$1"
	while :; do
		case $_all in *"$nl") _all=${_all%"$nl"} ;; *) break ;; esac
	done
}

# --- 35: the handshake ------------------------------------------------------
errs "https:// to a plain port" "https://127.0.0.1:$NGPORT/f"
errs "an https:// proxy on a plain port" -x "https://127.0.0.1:$NGPORT" \
    http://example.invalid/
# probe_peer.py's peers: one takes the ClientHello's first bytes and
# closes (record, no reply), the other resets
PP="python3 $(dirname "$0")/probe_peer.py"
server 60 $PP record 1 "$T/hello.rec" "" && errs \
    "a server that closes in the handshake" "https://localhost:$SPORT/"
server 60 $PP reset && errs \
    "a server that resets the handshake" "https://127.0.0.1:$SPORT/"

# --- 60: the certificate -----------------------------------------------------
CA="--cacert $P/ca.pem"
errs "an expired certificate" $CA "https://localhost:$NGTLS_exp/f"
errs "a self-signed certificate" $CA "https://localhost:$NGTLS_self/f"
errs "a certificate of an unknown root" $CA \
    "https://localhost:$NGTLS_stranger/f"
errs "a certificate of another name" $CA "https://localhost:$NGTLS_other/f"
errs "... for 127.0.0.1" $CA "https://127.0.0.1:$NGTLS_other/f"
if have_ipv6; then
	errs "... for [::1]" $CA "https://[::1]:$NGTLS_other/f"
else
	skip "... for [::1]" "no IPv6 loopback"
fi
errs "... with --connect-to: the URL's name" $CA --connect-to \
    "localhost:$NGTLS_good:127.0.0.1:$NGTLS_other" \
    "https://localhost:$NGTLS_good/f"
errs "an https:// proxy's certificate of another name" --proxy-cacert \
    "$P/ca.pem" -x "https://localhost:$NGTLS_other" http://example.invalid/
errs "an https:// proxy's expired certificate" --proxy-cacert \
    "$P/ca.pem" -x "https://localhost:$NGTLS_exp" http://example.invalid/

# --- 77: the CA store --------------------------------------------------------
errs "--cacert of a missing file" --cacert "$P/missing.pem" \
    "https://localhost:$NGTLS_good/f"
errs "--cacert of a file with no certificate" --cacert "$P/ca.key" \
    "https://localhost:$NGTLS_good/f"
errs "--capath ''" --capath "" "https://localhost:$NGTLS_good/f"
errs "--proxy-cacert of a missing file" --proxy-cacert "$P/missing.pem" \
    -x "https://localhost:$NGTLS_good" http://example.invalid/

# --- 58 and 56: the client's certificate -------------------------------------
# curl's cert_stuff: 58, OpenSSL's first error; a key not set; a TLS
# 1.3 server's alert "certificate required", which curl reads after its
# handshake: 56 (ossl_recv's words)
U=https://localhost:$NGTLS_req/f
errs "--cert of a missing file" $CA --cert "$P/missing.pem" "$U"
errs "--cert of a file with no certificate" $CA --cert "$P/ca.key" "$U"
errs "--cert with another's key" $CA --cert "$P/client.pem" \
    --key "$P/good.key" "$U"
errs "--key of a missing file" $CA --cert "$P/client.pem" \
    --key "$P/missing.key" "$U"
# nginx answers a missing certificate with a 400; s_server -Verify
# fails the handshake, TLS 1.3's alert coming after the client's end
if s_server need -cert "$P/good.pem" -key "$P/good.key" -Verify 1 \
    -CAfile "$P/ca.pem" -tls1_3 -www; then
	errs "a TLS 1.3 server asks for a certificate, none given" $CA \
	    "https://localhost:$P_need/"
	check "... refused: curl's 56" grep -q '^56 OpenSSL SSL_read: ' \
	    "$T/s.out"
fi
errs "... given: fetched" $CA --cert "$P/client.pem" --key "$P/client.key" \
    "$U"
is "... as curl, exit 0" "$(cat "$T/s.out")" "0 "

# --- 7 and 28: the connection ------------------------------------------------
closedport
errs "a proxy that refuses: its name" -x "http://localhost:$CPORT" \
    http://example.invalid/
errs "an https:// proxy that refuses" -x "https://127.0.0.1:$CPORT" \
    http://example.invalid/
errs "--connect-to a port that refuses: its host" --connect-to \
    "example.invalid:80:127.0.0.1:$CPORT" http://example.invalid/
# routes that exist only in this namespace: nothing leaves it
if own_netns && ip route add unreachable 198.51.100.0/24 &&
    ip route add prohibit 198.51.101.0/24 &&
    ip route add blackhole 198.51.102.0/24 &&
    ip route add 192.0.2.0/24 dev lo; then
	errs "an unreachable network" http://198.51.100.1:8080/
	errs "a prohibited one" http://198.51.101.1:8080/
	errs "a blackholed one" http://198.51.102.1:8080/
	errs "an unreachable proxy" -x http://198.51.100.1:3128 \
	    http://example.invalid/
	errs "... by its name (--resolve)" --resolve \
	    px.test:3128:198.51.100.1 -x http://px.test:3128 \
	    http://example.invalid/
	errs "an unreachable SOCKS proxy" -x socks5://198.51.100.1:1080 \
	    http://example.invalid/
	errs "an unreachable --connect-to" --connect-to \
	    example.invalid:80:198.51.100.1:8080 http://example.invalid/
	# 192.0.2.0/24 into lo, not local: a SYN no one answers
	errs "--connect-timeout in the connect" --connect-timeout 1 \
	    http://192.0.2.1:8080/
	errs "-m in the connect" -m 1 http://192.0.2.1:8080/
else
	for _d in "an unreachable network" "a prohibited one" \
	    "a blackholed one" "an unreachable proxy" "... by its name" \
	    "an unreachable SOCKS proxy" "an unreachable --connect-to" \
	    "--connect-timeout in the connect" "-m in the connect"; do
		skip "$_d" "not in a network namespace of its own"
	done
fi
D=$T/site
mkdir "$D"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc' >"$D/part"
canned_start "$D"
# canned_http.py's "silent": a connection taken, nothing said
errs "-m in the handshake" -m 1 "https://127.0.0.1:$SPORT/silent"
errs "--connect-timeout in the handshake" --connect-timeout 1 \
    "https://127.0.0.1:$SPORT/silent"
errs "-m in a body of a known length" -m 1 "$U/part"

# --- %{json} says the same ---------------------------------------------------
both -o /dev/null -w '%{json}' "https://127.0.0.1:$NGPORT/f"
is "%{json}'s errormsg: curl's" \
    "$(grep -o '"errormsg":"[^"]*"' "$T/s.out")" \
    "$(grep -o '"errormsg":"[^"]*"' "$T/c.out")"

# --- %{ssl_verify_result} and -k ---------------------------------------------
# curl's: 1 from its TLS setup until OpenSSL's verdict (a handshake
# that failed, a name its own check refused); -k loads no CA at all, so
# an unreadable --cacert is no failure and the verdict is against no root
E='%{exitcode} %{ssl_verify_result}\n'
errs "%{ssl_verify_result} of a failed handshake" \
    "https://127.0.0.1:$NGPORT/f"
check "... 1, as curl's" grep -qx '35 1' "$T/s.out"
errs "%{ssl_verify_result} of a name refused" $CA \
    "https://localhost:$NGTLS_other/f"
errs "... of an IP refused" $CA "https://127.0.0.1:$NGTLS_other/f"
errs "-k: a good certificate against no root" -k $CA \
    "https://localhost:$NGTLS_good/f"
check "... 20, as curl's" grep -qx '0 20' "$T/s.out"
errs "-k: --cacert of a missing file is not read" -k \
    --cacert "$P/missing.pem" "https://localhost:$NGTLS_good/f"
done_testing
