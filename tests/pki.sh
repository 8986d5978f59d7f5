# tests/pki.sh: a local PKI made afresh by the openssl command on each run,
# for the TLS scripts; sourced after lib.sh.
#
# pki_usable: the openssl command and libssl.so.3 (as the loader finds
# it, not as sockt says: an old sockt must fail, not skip) are there.
# pki_make DIR: builds in DIR (P is set to it) a root CA ("sockt test
# root": ca.pem, ca.key), another root nobody trusts (evil), and leaves
# with their keys, NAME.pem and NAME.key: good (localhost with the IP
# SANs 127.0.0.1 and ::1), other (other.invalid), exp (localhost,
# expired in 2020), stranger (localhost, from the untrusted root),
# client (CN "sockt client", clientAuth) and self (self-signed,
# localhost).  Returns 1 with what openssl said in $P/log.
# tls_server NAME ARGS...: openssl s_server -rev on 127.0.0.1, its port in
# P_NAME; srv NAME CERT ARGS...: the same with CERT's certificate.

pki_usable() {
	have openssl && { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } |
	    grep -q 'libssl\.so\.3 '
}

_pki_key() {		# _pki_key NAME
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$P/$1.key" 2>>"$P/log"
}
_pki_root() {		# _pki_root NAME CN
	_pki_key "$1" && openssl req -x509 -new -key "$P/$1.key" -days 3 \
	    -subj "/CN=$2" -addext basicConstraints=critical,CA:TRUE \
	    -out "$P/$1.pem" 2>>"$P/log"
}
_pki_leaf() {		# _pki_leaf NAME CN CA EXT [openssl ca args...]
	_n=$1 _cn=$2 _ca=$3 _ext=$4
	shift 4
	_pki_key "$_n" && openssl req -new -key "$P/$_n.key" -subj "/CN=$_cn" \
	    -out "$P/$_n.csr" 2>>"$P/log" || return 1
	if [ $# -gt 0 ]; then
		openssl ca -batch -notext -config "$P/ca.cnf" \
		    -cert "$P/$_ca.pem" -keyfile "$P/$_ca.key" \
		    -in "$P/$_n.csr" -out "$P/$_n.pem" -extfile "$P/ext.cnf" \
		    -extensions "$_ext" "$@" 2>>"$P/log"
	else
		openssl x509 -req -in "$P/$_n.csr" -CA "$P/$_ca.pem" \
		    -CAkey "$P/$_ca.key" -CAcreateserial -days 3 \
		    -extfile "$P/ext.cnf" -extensions "$_ext" \
		    -out "$P/$_n.pem" 2>>"$P/log"
	fi
}

pki_make() {
	P=$1
	mkdir -p "$P/new" && : >"$P/index.txt" && echo 1000 >"$P/serial" ||
	    return 1
	cat >"$P/ext.cnf" <<EOC
[leaf]
basicConstraints=CA:FALSE
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
[other]
basicConstraints=CA:FALSE
subjectAltName=DNS:other.invalid
[client]
basicConstraints=CA:FALSE
extendedKeyUsage=clientAuth
EOC
	# openssl 3.0's x509 has no -not_after: an expired leaf needs openssl ca
	cat >"$P/ca.cnf" <<EOC
[ca]
default_ca = dflt
[dflt]
database = $P/index.txt
new_certs_dir = $P/new
serial = $P/serial
default_md = sha256
policy = pol
unique_subject = no
[pol]
commonName = supplied
EOC
	_pki_root ca "sockt test root" && _pki_root evil "sockt untrusted root" &&
	    _pki_leaf good localhost ca leaf &&
	    _pki_leaf other other.invalid ca other &&
	    _pki_leaf exp localhost ca leaf -startdate 20200101000000Z \
	    -enddate 20200201000000Z && _pki_leaf stranger localhost evil leaf &&
	    _pki_leaf client "sockt client" ca client &&
	    _pki_key self && openssl req -x509 -new -key "$P/self.key" -days 3 \
	    -subj /CN=localhost -addext subjectAltName=DNS:localhost \
	    -out "$P/self.pem" 2>>"$P/log"
}

# tls_server NAME ARGS...: openssl s_server -rev (each line back
# reversed) on 127.0.0.1; it cannot bind port 0, so a free port and
# another try on a clash.  Sets P_NAME.
tls_server() {
	_ts=$1
	shift
	for _try in 1 2 3; do
		_tp=$(freeport) || return 1
		BGOUT=$T/$_ts.out BGERR=$T/$_ts.err bg 140 openssl s_server \
		    -accept "127.0.0.1:$_tp" -rev "$@"
		_tpid=$BGPID
		if wait_until 10 _ts_up && alive "$_tpid"; then
			eval "P_$_ts=\$_tp"
			return 0
		fi
		kill "$_tpid" 2>/dev/null
		wait "$_tpid" 2>/dev/null
	done
	fail "s_server $_ts starts" "$(cat "$T/$_ts.err")"
	return 1
}
_ts_up() {
	alive "$_tpid" || return 0
	grep -q '^ACCEPT' "$T/$_ts.out"
}
srv() {		# srv NAME CERT ARGS...: a server with CERT's certificate
	_s=$1 _c=$2
	shift 2
	tls_server "$_s" -cert "$P/$_c.pem" -key "$P/$_c.key" "$@"
}
