# tests/same/broker.sh: listen --broker and --chat, plain and over TLS,
# for same-sessions.sh (which says what a scenario is): a client that
# stays, one that sends a line and leaves with its end, what each got,
# the broker's -v lines; over TLS a client that speaks no TLS too.
SCENARIOS="broker_plain broker_tls broker_chat broker_chat_tls"

# _br_log: the server's log, each client's port made alike
_br_log() {
	sed -E 's/(from|to) 127\.0\.0\.1 port [0-9]*/\1 A/' "$SLOG"
}

# _br_joined N: the server's log says N clients have joined
_br_joined() {
	[ "$(grep -c 'connection from 127\.0\.0\.1 port [0-9]*\( as <user[0-9]*>\)*$' \
	    "$SLOG")" -ge "$1" ]
}

# _br_has FILE TEXT: FILE holds TEXT
_br_has() { grep -q -- "$2" "$1" 2>/dev/null; }

# _br_session CLIENT...: a broker on $SPORT, a first client (CLIENT...,
# fed by a fifo) that stays, a second that sends a line and leaves, the
# first's end; what each printed, the broker's log
_br_session() {
	mkfifo "$T/in1"
	BGIN=$T/in1 BGOUT=$T/o1 BGERR=$T/e1 bg 60 "$@"
	c1=$BGPID
	exec 4>"$T/in1"
	wait_until 20 _br_joined 1 || echo "the first client did not join"
	printf 'from the second\n' | timeout 10 "$@" >"$T/o2" 2>"$T/e2"
	echo "second client: $?"
	wait_until 20 _br_has "$T/o1" "from the second" ||
	    echo "the first client did not get the line"
	printf 'from the first\n' >&4
	exec 4>&-
	wait "$c1"
	echo "first client: $?"
	wait_until 20 _br_has "$SLOG" "closed" || true
	for f in o1 e1 o2 e2; do
		echo "--- $f"
		# the certificate's days change from run to run
		grep -v 'certificate valid from' "$T/$f"
	done
}

# _br_end: the broker stopped, its log
_br_end() {
	# the last leave said before the log is read
	wait_until 20 sh -c "[ \$(grep -c 'closed' '$SLOG') -ge 2 ]" || true
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	echo "--- broker"
	_br_log
}

sc_broker_plain() {
	server 60 "$SOCKT" listen -v --broker 127.0.0.1 0 || return 1
	_br_session "$SOCKT" connect 127.0.0.1 "$SPORT"
	_br_end
}

# _br_pki: the PKI, or SKIP
_br_pki() {
	. "$TESTS/pki.sh"
	pki_usable || { echo "SKIP no openssl"; return 1; }
	pki_make || { echo "SKIP the PKI"; return 1; }
}

sc_broker_tls() {
	_br_pki || return 0
	server 60 "$SOCKT" listen -v --broker --tls --cert "$P/good.pem" \
	    --key "$P/good.key" 127.0.0.1 0 || return 1
	_br_session "$SOCKT" connect -v --tls --cacert "$P/ca.pem" localhost \
	    "$SPORT"
	# a client that speaks no TLS: its handshake fails, said always
	printf 'no TLS here\n' | timeout 10 "$SOCKT" connect 127.0.0.1 \
	    "$SPORT" >"$T/o3" 2>"$T/e3"
	echo "plain client: $?"
	cat "$T/o3" "$T/e3"
	wait_until 20 _br_has "$SLOG" "connection from 127.0.0.1 port [0-9]*: " ||
	    true
	_br_end
}

sc_broker_chat() {
	server 60 "$SOCKT" listen -v --chat 127.0.0.1 0 || return 1
	_br_session "$SOCKT" connect 127.0.0.1 "$SPORT"
	_br_end
}

sc_broker_chat_tls() {
	_br_pki || return 0
	server 60 "$SOCKT" listen -v --chat --tls --cert "$P/good.pem" \
	    --key "$P/good.key" 127.0.0.1 0 || return 1
	_br_session "$SOCKT" connect --tls --cacert "$P/ca.pem" localhost \
	    "$SPORT"
	_br_end
}
