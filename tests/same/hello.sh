# tests/same/hello.sh: serve-hello's sessions, plain and over TLS, for
# same-sessions.sh (which says what a scenario is).
SCENARIOS="hello_plain hello_tls"

sc_hello_plain() {
	server 30 "$SOCKT" serve-hello -v 127.0.0.1 0 || return 1
	printf 'Ann\nBob\nexit\n' | timeout 10 "$SOCKT" connect 127.0.0.1 "$SPORT"
	echo "client: $?"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	# the server's log: each session's events, in order
	sed 's/from 127\.0\.0\.1 port [0-9]*/from A/' "$SLOG"
}

sc_hello_tls() {
	. "$TESTS/pki.sh"
	pki_usable || { echo "SKIP no openssl"; return 0; }
	pki_make || { echo "SKIP the PKI"; return 0; }
	server 30 "$SOCKT" serve-hello -v --tls --cert "$P/good.pem" \
	    --key "$P/good.key" 127.0.0.1 0 || return 1
	printf 'Ann\nexit\n' | timeout 10 openssl s_client -quiet \
	    -connect "127.0.0.1:$SPORT" -CAfile "$P/ca.pem" \
	    -verify_return_error 2>/dev/null
	echo "s_client: $?"
	printf 'Bob\n' | timeout 10 "$SOCKT" connect --tls --cacert "$P/ca.pem" \
	    localhost "$SPORT"
	echo "client: $?"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	sed 's/from 127\.0\.0\.1 port [0-9]*/from A/' "$SLOG"
}

# serve-hello --tls: --raw over TLS, a line too long, a client that
# speaks no TLS, one that never sends its hello (-i), each said with -v
SCENARIOS="$SCENARIOS hello_tls_ends"

sc_hello_tls_ends() {
	. "$TESTS/pki.sh"
	pki_usable || { echo "SKIP no openssl"; return 0; }
	pki_make || { echo "SKIP the PKI"; return 0; }
	server 30 "$SOCKT" serve-hello -v --tls --cert "$P/good.pem" \
	    --key "$P/good.key" -i 2 127.0.0.1 0 || return 1
	head -c 9000 /dev/zero | tr '\0' a | timeout 10 "$SOCKT" connect \
	    --tls --cacert "$P/ca.pem" localhost "$SPORT" | cut -c 1-60
	echo "too long: $?"
	printf 'no TLS here\n' | timeout 10 "$SOCKT" connect 127.0.0.1 \
	    "$SPORT" 2>&1
	echo "plain client: $?"
	timeout 10 python3 -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
print("silent client: %d bytes" % len(s.recv(100)))' "$SPORT"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	server 30 "$SOCKT" serve-hello -v --raw --tls --cert "$P/good.pem" \
	    --key "$P/good.key" 127.0.0.1 0 || return 1
	printf 'Ann' | timeout 10 "$SOCKT" connect --tls --cacert \
	    "$P/ca.pem" localhost "$SPORT"
	echo
	echo "raw: $?"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	sed 's/from 127\.0\.0\.1 port [0-9]*/from A/' "$T"/server*.log
}
