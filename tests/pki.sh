# tests/pki.sh: a private PKI made afresh by the openssl command, for the
# TLS scripts (t4xxx), sourced after lib.sh.  One copy, so every script
# trusts and refuses the same certificates.
#
# pki_usable: the openssl command is here and the loader finds
#	libssl.so.3 (lib.sh's loader_has: as the loader that runs sockt
#	does, not as sockt says: an old sockt must fail a test, not skip
#	it).  The caller skips without it.
# pki_make [NAME...]: builds the PKI in $P ($T/pki unless P is set);
#	returns 0, or 1 with openssl's messages in $P/log.  With NAMEs, ca
#	and those alone (stranger needs evil): the whole is 21 openssl
#	runs, some 0.9 s of CPU on the CI machine.  Under tests/run
#	($SOCKT_TEST_CACHE) a new $P is a copy of the whole, made once a
#	run.  Each certificate is
#	$P/NAME.pem with its key $P/NAME.key (EC P-256), valid 3 days:
#	ca	 the root the tests trust ("sockt test root")
#	evil	 a root nobody trusts ("sockt untrusted root")
#	good	 localhost, IP 127.0.0.1 and ::1 (subjectAltName), from ca
#	other	 other.invalid only, from ca
#	exp	 as good, but expired (notAfter 2020-02-01), from ca
#	stranger as good, from evil
#	self	 localhost, self-signed
#	client	 "sockt client", clientAuth, from ca
# pki_or_skip WHAT [TOOL...]: pki_make, or the script ends there: a skip
#	of WHAT without openssl, libssl.so.3 or a TOOL, a failed test when
#	openssl cannot make the PKI.
# pki_key NAME, pki_root NAME CN, pki_leaf NAME CN CA EXT [openssl ca
#	args...]: more of them, EXT a section of $P/ext.cnf (leaf, other,
#	client); with args (-startdate, -enddate) it is signed by
#	openssl ca, as openssl 3.0's x509 has no -not_after.

pki_usable() {
	have openssl && tls_loadable
}

pki_key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$P/$1.key" 2>>"$P/log"
}

pki_root() {
	pki_key "$1" && openssl req -x509 -new -key "$P/$1.key" -days 3 \
	    -subj "/CN=$2" -addext basicConstraints=critical,CA:TRUE \
	    -out "$P/$1.pem" 2>>"$P/log"
}

pki_leaf() {
	_pn=$1 _pcn=$2 _pca=$3 _pext=$4
	shift 4
	pki_key "$_pn" && openssl req -new -key "$P/$_pn.key" \
	    -subj "/CN=$_pcn" -out "$P/$_pn.csr" 2>>"$P/log" || return 1
	if [ $# -gt 0 ]; then
		P=$P openssl ca -batch -notext -config "$P/ca.cnf" \
		    -cert "$P/$_pca.pem" -keyfile "$P/$_pca.key" \
		    -in "$P/$_pn.csr" -out "$P/$_pn.pem" \
		    -extfile "$P/ext.cnf" -extensions "$_pext" "$@" \
		    2>>"$P/log"
	else
		openssl x509 -req -in "$P/$_pn.csr" -CA "$P/$_pca.pem" \
		    -CAkey "$P/$_pca.key" -CAcreateserial -days 3 \
		    -extfile "$P/ext.cnf" -extensions "$_pext" \
		    -out "$P/$_pn.pem" 2>>"$P/log"
	fi
}

pki_make() {
	: "${P:=$T/pki}"
	# under tests/run, the first script builds the whole set once into
	# the run's cache and each copies it: one cp, not 21 openssl runs
	# (some 20 CPU-s a suite).  A script that finds it still being made
	# makes its own.
	_pc=${SOCKT_TEST_CACHE:+$SOCKT_TEST_CACHE/pki}
	if [ -n "$_pc" ] && [ ! -d "$P" ]; then
		if [ ! -f "$_pc/done" ] && mkdir "$_pc.lock" 2>/dev/null; then
			_pp=$P
			P=$_pc
			_pki_make && : >"$_pc/done"
			P=$_pp
		fi
		[ ! -f "$_pc/done" ] || { cp -R "$_pc" "$P" && return 0; }
	fi
	_pki_make "$@"
}
_pki_make() {
	mkdir -p "$P/new" && : >"$P/index.txt" && echo 1000 >"$P/serial" &&
	    : >"$P/log" || return 1
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
	# $P from the environment, not written in: a copy works where it is
	cat >"$P/ca.cnf" <<'EOC'
[ca]
default_ca = dflt
[dflt]
database = $ENV::P/index.txt
new_certs_dir = $ENV::P/new
serial = $ENV::P/serial
default_md = sha256
policy = pol
unique_subject = no
[pol]
commonName = supplied
EOC
	pki_root ca "sockt test root" || return 1
	for _pm in ${*:-evil good other exp stranger client self}; do
		case $_pm in
		evil) pki_root evil "sockt untrusted root" ;;
		good) pki_leaf good localhost ca leaf ;;
		other) pki_leaf other other.invalid ca other ;;
		exp) pki_leaf exp localhost ca leaf -startdate 20200101000000Z \
		    -enddate 20200201000000Z ;;
		stranger) pki_leaf stranger localhost evil leaf ;;
		client) pki_leaf client "sockt client" ca client ;;
		self) pki_key self && openssl req -x509 -new \
		    -key "$P/self.key" -days 3 -subj /CN=localhost \
		    -addext subjectAltName=DNS:localhost -out "$P/self.pem" \
		    2>>"$P/log" ;;
		*) echo "pki_make: no certificate $_pm" >>"$P/log"; false ;;
		esac || return 1
	done
}

pki_or_skip() {
	_pw=$1
	shift
	_pmiss=
	pki_usable || _pmiss="openssl command or libssl.so.3"
	for _pt; do
		have "$_pt" || _pmiss="${_pmiss:+$_pmiss, }$_pt"
	done
	if [ -n "$_pmiss" ]; then
		skip "$_pw" "no $_pmiss"
		done_testing
		exit 0
	fi
	if ! pki_make; then
		fail "a PKI from the openssl command" "$(cat "$P/log")"
		done_testing
		exit 0
	fi
}

# s_server NAME ARGS...: openssl s_server ARGS on 127.0.0.1 (-rev, -WWW,
# the certificate ...) under a watchdog; it cannot bind port 0, so a
# free port and another try on a clash.  Sets P_NAME to its port and
# PID_NAME to its PID; returns 1 after a failed test when it never
# starts.  Its stdout and stderr are $T/NAME.out and $T/NAME.err.
# S_PORT, when set, is the port of the first try (and is then unset):
# a test's clash on purpose.
s_server() {
	_ts=$1
	shift
	for _try in 1 2 3; do
		_tp=${S_PORT:-$(freeport)} || return 1
		unset S_PORT
		BGOUT=$T/$_ts.out BGERR=$T/$_ts.err bg 170 openssl s_server \
		    -accept "127.0.0.1:$_tp" "$@"
		_tpid=$BGPID
		if wait_until 10 _s_server_up && alive "$_tpid" &&
		    _s_server_alone "$@"; then
			eval "P_$_ts=\$_tp PID_$_ts=\$_tpid"
			return 0
		fi
		kill "$_tpid" 2>/dev/null
		wait "$_tpid" 2>/dev/null
	done
	fail "s_server $_ts starts" "$(cat "$T/$_ts.err")"
	return 1
}
_s_server_up() {
	alive "$_tpid" || return 0
	grep -q '^ACCEPT' "$T/$_ts.out"
}
# _s_server_alone ARGS...: a DTLS server's UDP port is its own.  s_server
# binds with SO_REUSEADDR, so it shares a port held by another socket
# with it without a clash, and Linux gives the newer one the datagrams:
# a client sent to a server that requires a certificate got one that
# does not, and its refused handshake passed (issue 48).  The newer of
# two sees both and tries another port.
_s_server_alone() {
	case " $* " in
	*" -dtls "* | *" -dtls1 "* | *" -dtls1_2 "*) ;;
	*) return 0 ;;
	esac
	have ss || return 0
	[ "$(ss -Hanu "sport = :$_tp" | wc -l)" -eq 1 ]
}
