#!/bin/sh
# Interoperability: 16 MiB byte-exact between sockt and OpenBSD nc / socat,
# each way round.  Skipped where the peer tool is not installed.
. "$(dirname "$0")/lib.sh"

head -c 16777216 /dev/urandom >"$T/data" || exit 1
want=$(sum_of "$T/data")

if have nc && nc -h 2>&1 | grep -q -- '-N.*Shutdown'; then
	# sockt connect -> nc -l
	p=$(freeport)
	BGOUT=$T/nc_in bg 30 nc -l 127.0.0.1 "$p"
	ncpid=$BGPID
	if wait_until 4 tcp_listens "$p"; then
		run 30 "$SOCKT" connect 127.0.0.1 "$p" <"$T/data"
		wait "$ncpid"
		is "sockt connect -> nc -l: 16 MiB byte-exact" "$(sum_of "$T/nc_in")" "$want"
	else
		fail "sockt connect -> nc -l: nc did not listen"
	fi
	# nc -> sockt listen
	if SOUT=$T/sk_in server 30 "$SOCKT" listen -v 127.0.0.1 0; then
		run 30 nc -N 127.0.0.1 "$SPORT" <"$T/data"
		wait "$SPID"
		is "nc -> sockt listen: 16 MiB byte-exact" "$(sum_of "$T/sk_in")" "$want"
	fi
else
	skip "sockt connect -> nc -l" "OpenBSD nc not installed"
	skip "nc -> sockt listen" "OpenBSD nc not installed"
fi

if have socat; then
	p=$(freeport)
	BGOUT=$T/so_in bg 30 socat -u TCP-LISTEN:"$p",bind=127.0.0.1,reuseaddr -
	sopid=$BGPID
	if wait_until 4 tcp_listens "$p"; then
		run 30 "$SOCKT" connect 127.0.0.1 "$p" <"$T/data"
		wait "$sopid"
		is "sockt connect -> socat listener: 16 MiB byte-exact" "$(sum_of "$T/so_in")" "$want"
	else
		fail "sockt connect -> socat listener: socat did not listen"
	fi
	if SOUT=$T/sk_in2 server 30 "$SOCKT" listen -v 127.0.0.1 0; then
		run 30 socat -u - TCP:127.0.0.1:"$SPORT" <"$T/data"
		wait "$SPID"
		is "socat -> sockt listen: 16 MiB byte-exact" "$(sum_of "$T/sk_in2")" "$want"
	fi
	# and both directions at once through socat's bidirectional mode
	head -c 16777216 /dev/urandom >"$T/data2"
	if SIN=$T/data2 SOUT=$T/sk_in3 server 30 "$SOCKT" listen -v 127.0.0.1 0; then
		run 30 socat - TCP:127.0.0.1:"$SPORT" <"$T/data"
		wait "$SPID"
		is "socat <-> sockt listen: 16 MiB each way, to sockt" "$(sum_of "$T/sk_in3")" "$want"
		is "socat <-> sockt listen: 16 MiB each way, to socat" "$(sum_of "$T/out")" "$(sum_of "$T/data2")"
	fi
else
	skip "sockt connect -> socat listener" "socat not installed"
	skip "socat -> sockt listen" "socat not installed"
fi

done_testing
