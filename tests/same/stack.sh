# tests/same/stack.sh: the bytes the connection stack moves (issue 63):
# portscan's STARTTLS probes, connect --starttls's dialogue, the PROXY
# header a forwarder sends, udp-serve --to's forwarding, connect -u and
# listen -u's sessions; for
# same-sessions.sh (which says what a scenario is).
SCENARIOS="stack_scan_starttls stack_connect_starttls stack_pp_send stack_udp_fwd"

# stack_st PROTO MODE: tests/starttls_server.py with the good certificate
stack_st() {
	server 60 python3 "$TESTS/starttls_server.py" "$1" --mode "$2" \
	    --cert "$P/good.pem" --key "$P/good.key" || return 1
}

sc_stack_scan_starttls() {
	. "$TESTS/pki.sh"
	pki_usable || { echo "SKIP no openssl"; return 0; }
	pki_make || { echo "SKIP the PKI"; return 0; }
	for pm in smtp:ok smtp:no-offer smtp:refuse smtp:inject smtp:early \
	    imap:early imap:garbage pop3:refuse ftp:ok smtp:silent; do
		stack_st "${pm%%:*}" "${pm#*:}" || return 1
		echo "--- $pm"
		timeout 20 "$SOCKT" portscan -w 1 --probe tls --starttls \
		    "${pm%%:*}" -p "$SPORT" 127.0.0.1 2>&1 |
		    sed -E -e 's/notAfter=[^ ]* days=[0-9]*/notAfter=D/' \
		    -e 's/ in [0-9.]* s/ in T s/' -e 's/^(127\.0\.0\.1 +)[0-9]+/\1P/'
		echo "portscan: $?"
		kill "$SPID"
		wait "$SPID" 2>/dev/null
	done
}

sc_stack_connect_starttls() {
	. "$TESTS/pki.sh"
	pki_usable || { echo "SKIP no openssl"; return 0; }
	pki_make || { echo "SKIP the PKI"; return 0; }
	for pm in smtp:ok smtp:no-offer smtp:inject imap:early pop3:ok \
	    ftp:refuse; do
		stack_st "${pm%%:*}" "${pm#*:}" || return 1
		echo "--- $pm"
		printf 'hi\n' | timeout 20 "$SOCKT" connect -v -w 3 --starttls \
		    "${pm%%:*}" --tls --cacert "$P/ca.pem" localhost \
		    "$SPORT" 2>&1 | grep -v '^sockt connect: TLS'
		echo "connect: $?"
		kill "$SPID"
		wait "$SPID" 2>/dev/null
	done
}

# listen --to --proxy-protocol v1 and v2: what the origin received
sc_stack_pp_send() {
	for v in v1 v2; do
		SOUT=$T/origin.$v server 30 "$SOCKT" listen -v 127.0.0.1 0 ||
		    return 1
		OPID=$SPID OPORT=$SPORT
		server 30 "$SOCKT" listen -v 127.0.0.1 0 --to \
		    "127.0.0.1:$OPORT" --proxy-protocol "$v" || return 1
		printf 'hello\n' | timeout 10 "$SOCKT" connect -q 1 127.0.0.1 \
		    "$SPORT"
		echo "client $v: $?"
		wait "$OPID" 2>/dev/null
		kill "$SPID" 2>/dev/null
		wait "$SPID" 2>/dev/null
		# the ports differ run to run: v1's two words, v2's bytes
		# 25 to 28
		if [ "$v" = v1 ]; then
			sed -E 's/ [0-9]+ [0-9]+\r$/ P P/' "$T/origin.$v" | od -c
		else
			od -An -tx1 -v -w1 "$T/origin.$v" |
			    sed -e '25,28s/.*/ PP/' | tr -d '\n'
			echo
		fi
	done
}

# udp-serve --to: datagrams forwarded to an echo and back, with -v
sc_stack_udp_fwd() {
	server 60 python3 "$TESTS/udp_fwd_peer.py" echo 127.0.0.1 || return 1
	EPID=$SPID ECHO=$SPORT
	server 60 "$SOCKT" udp-serve -v 0 --to "127.0.0.1:$ECHO" || return 1
	timeout 10 "$SOCKT" udp-send 127.0.0.1 "$SPORT" one two three
	echo "udp-send: $?"
	timeout 30 python3 "$TESTS/udp_fwd_client.py" sizes 127.0.0.1 "$SPORT"
	echo "sizes: $?"
	timeout 30 python3 "$TESTS/udp_fwd_client.py" own 127.0.0.1 "$SPORT" \
	    4 20
	echo "own: $?"
	kill "$SPID" "$EPID"
	wait "$SPID" 2>/dev/null
	sed -E 's/port [0-9]+/port P/g' "$SLOG" | sort
}

# connect -u and listen -u: a session each way (net/udpsess.c), --lines
SCENARIOS="$SCENARIOS stack_udp_sess"

sc_stack_udp_sess() {
	printf 'from listen\n' >"$T/lin"
	SIN=$T/lin SOUT=$T/lout server 30 "$SOCKT" listen -u -v -q 1 \
	    127.0.0.1 0 || return 1
	printf 'one\ntwo\n\nthree' | timeout 10 "$SOCKT" connect -u -v \
	    --lines -q 1 127.0.0.1 "$SPORT" 2>&1 |
	    sed -E 's/port [0-9]+/port P/g'
	echo "connect: $?"
	wait "$SPID"
	echo "listen: $?"
	od -c "$T/lout"
	sed -E 's/port [0-9]+/port P/g' "$SLOG"
}
