#!/bin/sh
# t4013: %{certs} as curl 7.88 writes it (issue 61), beside curl, against
# nginx (ssl): every certificate the server sent, field by field in
# curl's order and words, then its PEM.  A one-certificate EC chain; an
# RSA leaf under a DSA intermediate, both sent, with a negative serial,
# a multi-valued and UTF-8 subject, and extensions OpenSSL prints and one
# it does not know; verified or -k; %{num_certs} and %{json}'s "certs";
# a second URL on the same connection (no handshake: nothing, as curl),
# a redirect followed on it (the first hop's handshake kept), a refused
# certificate and plain http (nothing).  Fails on ed0c6cc8, where
# %{certs} was always empty.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/curldiff.sh"

pki_or_skip "%{certs} against nginx" nginx curl python3
W=$T/www
mkdir -p "$W" "$T/s" "$T/c"
echo "hello over TLS" >"$W/hello.txt"

# the chain: an RSA leaf signed by a DSA intermediate under ca
cat >>"$P/ext.cnf" <<'EOC'
[mid]
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
[odd]
basicConstraints=CA:FALSE
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,email:a@b.invalid
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
certificatePolicies=1.2.3.4.5
authorityInfoAccess=OCSP;URI:http://ocsp.invalid/
crlDistributionPoints=URI:http://crl.invalid/x.crl
1.3.6.1.4.1.99999.1=ASN1:UTF8String:sockt odd extension
EOC
mk_chain() {
	openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 \
	    -out "$P/dsa.param" 2>>"$P/log" &&
	openssl genpkey -paramfile "$P/dsa.param" -out "$P/mid.key" \
	    2>>"$P/log" &&
	openssl req -new -key "$P/mid.key" -subj "/CN=sockt DSA middle" \
	    -out "$P/mid.csr" 2>>"$P/log" &&
	openssl x509 -req -in "$P/mid.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" \
	    -set_serial 77 -days 3 -extfile "$P/ext.cnf" -extensions mid \
	    -out "$P/mid.pem" 2>>"$P/log" &&
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out "$P/chain.key" 2>>"$P/log" &&
	openssl req -new -utf8 -multivalue-rdn -key "$P/chain.key" \
	    -subj '/C=SE/O=Smörgås, "Test" AB/OU=one+OU=two/CN=localhost' \
	    -out "$P/chain.csr" 2>>"$P/log" &&
	openssl x509 -req -in "$P/chain.csr" -CA "$P/mid.pem" \
	    -CAkey "$P/mid.key" -set_serial -0x1234abcd -days 3 \
	    -extfile "$P/ext.cnf" -extensions odd -out "$P/leaf.pem" \
	    2>>"$P/log" &&
	cat "$P/leaf.pem" "$P/mid.pem" >"$P/chain.pem"
}
if ! mk_chain; then
	fail "an RSA leaf under a DSA intermediate" "$(cat "$P/log")"
	done_testing
	exit 0
fi
NGCONF_TLS='location = /r { return 302 /hello.txt; }'
if ! nginx_tls_start "$W" "" good chain self; then
	skip "%{certs} against nginx" "nginx with ssl did not start"
	done_testing
	exit 0
fi
G=https://localhost:$NGTLS_good
C=https://localhost:$NGTLS_chain

# cmp_out DESC: stdout and exit status of both sides the same, and
# not empty unless EMPTY is set
cmp_out() {
	if [ -z "${EMPTY:-}" ] && [ ! -s "$T/c.out" ]; then
		fail "$1" "curl wrote nothing" "$(cat "$T/c.err")"
	else
		verdict "$1"
	fi
}

both -k -o /dev/null -w '%{certs}' "$G/hello.txt"
cmp_out "one EC certificate, -k: curl's text"
is "... its fields, in curl's order" \
    "$(sed -n 's/^\([A-Za-z0-9 ]*\):.*/\1/p' "$T/s.out" | tr '\n' ,)" \
    "Subject,Issuer,Version,Serial Number,Signature Algorithm,Public Key Algorithm,X509v3 Basic Constraints,X509v3 Subject Alternative Name,X509v3 Subject Key Identifier,X509v3 Authority Key Identifier,Start date,Expire date,Signature,"
is "... then the certificate itself, as the server sent it" \
    "$(sed -n '/^-----BEGIN/,/^-----END/p' "$T/s.out")" "$(cat "$P/good.pem")"
both --cacert "$P/ca.pem" -o /dev/null -w '%{num_certs}|%{certs}' \
    "$G/hello.txt"
cmp_out "verified: the same text"

both -k -o /dev/null -w '%{num_certs}|%{certs}' "$C/hello.txt"
cmp_out "an RSA leaf and a DSA intermediate: curl's text"
check "... the leaf's RSA key, the intermediate's DSA numbers, both PEMs" \
    grep -q "RSA Public Key:2048" "$T/s.out"
for f in 'rsa(n)' 'rsa(e):10001' 'dsa(p)' 'dsa(q)' 'dsa(g)' 'dsa(pub_key)' \
    'Serial Number:-1234abcd' 'X509v3 Certificate Policies' \
    'Authority Information Access' '1.3.6.1.4.1.99999.1:' \
    'Subject:C = SE, O = "Sm'; do
	check "... $f" grep -qF "$f" "$T/s.out"
done
is "... two certificates" "$(grep -c '^-----BEGIN CERT' "$T/s.out")" 2

both -k -o /dev/null -w '%{json}' "$C/hello.txt"
check "%{json}: \"certs\" as curl's, escaped as curl's (\\n)" python3 -c '
import json, sys
s, c = (open(f).read() for f in sys.argv[1:])
k = "\"content_type\""
sys.exit(s.split(k)[0] != c.split(k)[0] or "\\n" not in s.split(k)[0] or
    json.loads(s)["num_certs"] != 2 or len(json.loads(s)["certs"]) < 1000)' \
    "$T/s.out" "$T/c.out"

both -k -o /dev/null -o /dev/null -w '[%{num_certs}:%{certs}]' \
    "$G/hello.txt" "$G/hello.txt"
cmp_out "two URLs on one connection: the second had no handshake, as curl"
check "... and it wrote nothing for it" grep -q '\[0:\]$' "$T/s.out"
both -k -L -o /dev/null -w '%{num_certs}|%{certs}' "$G/r"
cmp_out "a redirect followed on the connection: its first hop's chain"

EMPTY=1
both --cacert "$P/ca.pem" -o /dev/null -w '%{exitcode}|%{num_certs}|%{certs}' \
    "https://localhost:$NGTLS_self/hello.txt"
cmp_out "a certificate refused: nothing, as curl (exit 60)"
both -o /dev/null -w '%{num_certs}|%{certs}' "http://127.0.0.1:$NGPORT/hello.txt"
cmp_out "plain http: nothing"
done_testing
