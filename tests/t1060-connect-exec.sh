#!/bin/sh
# t1060: connect -e and -c, a program on the connection connect made
# (ncat's -e on the connecting side), against a server we did not write
# (exec_peer.py, Python's socket and ssl): a MiB of binary echoed by
# -e cat byte for byte, the program's exit status ours (a death by a
# signal 1, as listen's), its environment naming the connection as the
# server sees it, a UNIX-domain socket, TLS (the program behind the
# relay on a socketpair), -i, --stderr, a proxy, no descriptor of ours
# in the program, and the usage errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/proxies.sh"
PEER=$(cd "$(dirname "$0")" && pwd)/exec_peer.py

have python3 || { skip "connect -e" "no python3"; done_testing; exit; }

# peer OUT SEND WHERE...: exec_peer.py as a server (SPID, SPORT), WHERE
# [--tls CERT KEY] {127.0.0.1 | --unix PATH}, SEND a file or ""
peer() {
	_o=$1 _s=$2
	shift 2
	server 60 python3 "$PEER" "$@" "$_o" $_s
}

# done_peer: the peer has ended (it has written its files)
done_peer() { wait_gone "$SPID" 10; }

# --- usage -----------------------------------------------------------------
for bad in "-e sockt-no-such-prog%-e sockt-no-such-prog: program not found" \
    "-c true -e cat%-c and -e exclude each other and go once" \
    "-z -c true%-z only checks*" \
    "-d -c true%-C, -d, -Q, -q, -x and --no-shutdown shape the relay*" \
    "-q 1 -c true%-C, -d, -Q, -q, -x and --no-shutdown shape the relay*" \
    "--no-shutdown -e cat%-C, -d, -Q, -q, -x and --no-shutdown shape*" \
    "--pty%--pty needs a program (-c or -e)" \
    "--stderr%--stderr needs a program (-c or -e)"; do
	run 10 "$SOCKT" connect ${bad%%\%*} 127.0.0.1 1
	like "usage: ${bad%%\%*}" "$rc:$(echo "$err" | head -n 1)" \
	    "2:sockt connect: ${bad#*%}"
done
run 10 "$SOCKT" connect -c "" 127.0.0.1 1
is "usage: -c ''" "$rc:$(echo "$err" | head -n 1)" \
    "2:sockt connect: -c: empty command"
run 10 "$SOCKT" connect ws://127.0.0.1:1/ -c true
like "usage: a ws:// URL with -c" "$rc:$(echo "$err" | head -n 1)" \
    "2:sockt connect: -c does not go with a WebSocket URL"
# -e takes the rest of the line: the operands come before it
run 10 "$SOCKT" connect -e cat 127.0.0.1 1
is "usage: operands after -e are the program's, and the line says so" \
    "$rc:$(printf '%s\n' "$err" | head -n 1)" \
    "2:sockt connect: missing host and port: -e takes the rest of the line (the program and its arguments); give host and port before it: connect host port -e cat"
# closedport here, not in a $( ): a subshell's holdport and its 600 s
# watchdog were no PIDs of this script's, and outlived it
closedport || exit 1
run 10 "$SOCKT" connect -c "exit 0" 127.0.0.1 "$CPORT"
like "a refused connection: exit 1, no program" "$rc:$err" \
    "1:sockt connect: 127.0.0.1 port *: Connection refused"

# --- a MiB of binary echoed by -e cat -----------------------------------
head -c 1048576 /dev/urandom >"$T/mib"
peer "$T/echo" "$T/mib" 127.0.0.1 || exit 1
run 30 "$SOCKT" connect 127.0.0.1 "$SPORT" -e cat
done_peer
is "-e cat: exit 0" "$rc:$err" "0:"
is "-e cat: the MiB back byte for byte" "$(sum_of "$T/echo")" \
    "$(sum_of "$T/mib")"

# the same behind the relay (-i), in both directions at once
peer "$T/echo2" "$T/mib" 127.0.0.1 || exit 1
run 30 "$SOCKT" connect -i 20 127.0.0.1 "$SPORT" -e cat
done_peer
is "-i -e cat: the MiB back byte for byte through the relay" \
    "$rc:$(sum_of "$T/echo2")" "0:$(sum_of "$T/mib")"

# --- the exit status ------------------------------------------------------
peer "$T/st" "" 127.0.0.1 || exit 1
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" -c 'echo bye; exit 3'
done_peer
is "-c 'exit 3': exit 3, its output sent" "$rc:$(cat "$T/st")" "3:bye"
peer "$T/sig" "" 127.0.0.1 || exit 1
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" -c 'kill -9 $$'
done_peer
is "a program killed by a signal: exit 1, as listen -c" "$rc" 1

# --- the environment: the connection as the server sees it ---------------
ENVS='echo "$SOCKT_PEER_ADDR $SOCKT_PEER_PORT $SOCKT_LOCAL_ADDR $SOCKT_LOCAL_PORT"
echo "$PROTO $TCPREMOTEIP $TCPREMOTEPORT $TCPLOCALIP $TCPLOCALPORT"'
peer "$T/env" "" 127.0.0.1 || exit 1
run 10 env SOCKT_PEER_ADDR=stale PROTO=stale "$SOCKT" connect -n \
    127.0.0.1 "$SPORT" -c "$ENVS"
done_peer
read -r sph spp slh slp <"$T/env.addr"
is "SOCKT_PEER_* and SOCKT_LOCAL_* are the server's view, swapped" \
    "$rc:$(head -n 1 "$T/env")" "0:$slh $slp $sph $spp"
is "PROTO and the UCSPI names too, sockt's own environment replaced" \
    "$(sed -n 2p "$T/env")" "TCP $slh $slp $sph $spp"

# --- a UNIX-domain socket -------------------------------------------------
peer "$T/ux" "$T/mib" --unix "$T/sock" || exit 1
run 30 "$SOCKT" connect -U "$T/sock" -c 'cat; echo "$PROTO $SOCKT_PEER_ADDR" >&2'
done_peer
is "-U -c: the MiB echoed, PROTO UNIX, the peer its path" \
    "$rc:$(sum_of "$T/ux"):$err" "0:$(sum_of "$T/mib"):UNIX $T/sock"
rm -f "$T/sock"

# --- --stderr -------------------------------------------------------------
peer "$T/e1" "" 127.0.0.1 || exit 1
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" -c 'echo out; echo err >&2'
done_peer
is "without --stderr the program's stderr is ours" \
    "$(cat "$T/e1")|$err" "out|err"
peer "$T/e2" "" 127.0.0.1 || exit 1
run 10 "$SOCKT" connect --stderr 127.0.0.1 "$SPORT" \
    -c 'echo out; echo err >&2'
done_peer
is "--stderr: on the connection" "$(cat "$T/e2")|$err" "out
err|"

# --- no descriptor of ours in the program --------------------------------
# FDS counts the shell's descriptors above 2 that are a socket (the
# connection, a socketpair), a terminal's master or a pidfd: sockt's.
# What the test's harness passes on (pipes, files) is not.
FDS='ls -l /proc/$$/fd | awk "\$9 > 2 && \$11 ~ /socket:|ptmx|pidfd/" |
    wc -l | tr -d " "'
run 10 sh -c "exec 9<>$T/mib 8<>/dev/ptmx; $FDS"
is "FDS counts what it looks for" "$out" 1
peer "$T/fds" "" 127.0.0.1 || exit 1
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" -c "$FDS"
done_peer
is "the program holds no descriptor of sockt's" "$rc:$(cat "$T/fds")" "0:0"

# --- TLS: the program behind the relay -----------------------------------
if pki_usable && pki_make; then
	# the program reads exactly what the server sends and echoes it:
	# TLS has no half-close for Python to give
	head -c 300000 /dev/urandom >"$T/tls.in"
	peer "$T/tls" "$T/tls.in" --tls "$P/good.pem" "$P/good.key" \
	    127.0.0.1 || exit 1
	run 30 "$SOCKT" connect --tls --cacert "$P/ca.pem" localhost "$SPORT" \
	    -c 'head -c 300000; exit 5'
	done_peer
	is "--tls -c: the bytes echoed over TLS, exit 5" \
	    "$rc:$(sum_of "$T/tls")" "5:$(sum_of "$T/tls.in")"
	peer "$T/tlsenv" "" --tls "$P/good.pem" "$P/good.key" \
	    127.0.0.1 || exit 1
	run 30 "$SOCKT" connect --tls --cacert "$P/ca.pem" localhost "$SPORT" \
	    -c "$ENVS; $FDS"
	done_peer
	read -r sph spp slh slp <"$T/tlsenv.addr"
	is "--tls: the environment as the server sees it, no fd of ours" \
	    "$rc:$(cat "$T/tlsenv")" "0:$slh $slp $sph $spp
TCP $slh $slp $sph $spp
0"
	peer "$T/tlsbad" "" --tls "$P/other.pem" "$P/other.key" \
	    127.0.0.1 || exit 1
	run 30 "$SOCKT" connect --tls --cacert "$P/ca.pem" localhost "$SPORT" \
	    -c 'echo ran; exit 0'
	done_peer
	like "--tls: a certificate refused, no program run" \
	    "$rc:$(cat "$T/tlsbad" 2>/dev/null):$err" "1::*localhost*"
	# --starttls: the dialogue, then the program over TLS
	server 30 python3 "$(dirname "$0")/starttls_server.py" smtp \
	    --cert "$P/good.pem" --key "$P/good.key" --bind 127.0.0.1 \
	    --log "$T/stls" || exit 1
	run 20 "$SOCKT" connect --starttls smtp --cacert "$P/ca.pem" \
	    localhost "$SPORT" -c 'echo hello; read -r l; echo "$l" >&2'
	is "--starttls smtp -c: the program speaks over TLS" "$rc:$err" \
	    "0:echo: hello"
	wait_until 10 test -s "$T/stls.end"
	is "--starttls smtp -c: nothing of the program's in the clear" \
	    "$(grep -c hello "$T/stls.plain")" 0
else
	skip "connect --tls -c" "no openssl or libssl.so.3"
fi

# --- through a proxy -------------------------------------------------------
if have microsocks; then
	MP=$(freeport)
	bg 60 microsocks -i 127.0.0.1 -p "$MP"
	wait_until 10 up "$MP" || fail "microsocks starts"
	# microsocks ends the tunnel at the first end of file: the program
	# echoes what it expects, and its exit ends the connection
	peer "$T/px" "$T/mib" --keep 127.0.0.1 || exit 1
	run 30 "$SOCKT" connect --proxy "socks5://127.0.0.1:$MP" 127.0.0.1 \
	    "$SPORT" -e head -c 1048576
	done_peer
	is "--proxy socks5:// (microsocks) -e cat: the MiB echoed" \
	    "$rc:$(sum_of "$T/px")" "0:$(sum_of "$T/mib")"
else
	skip "connect --proxy -e through microsocks" "no microsocks"
fi
# the proxy's first bytes of the far side, with its reply: the program's
fake s5-early || exit 1
run 20 "$SOCKT" connect --proxy "socks5://127.0.0.1:$FP" 127.0.0.1 9 \
    -c "cat >'$T/early'"
is "--proxy: the far side's bytes sent with the reply reach the program" \
    "$rc:$(cat "$T/early")" "0:hello from far"

# --- UDP: the program's each write one datagram, each read one --------------
server 30 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 || exit 1
run 10 "$SOCKT" connect -u 127.0.0.1 "$SPORT" -c 'printf one; printf two
	a=$(dd bs=100 count=1 2>/dev/null); b=$(dd bs=100 count=1 2>/dev/null)
	printf "%s %s %s %s\n" "$a" "$b" "$PROTO" "$SOCKT_PEER_PORT" >&2
	exit 3'
is "-u -c: a datagram a write, one back a read, PROTO=UDP, its status" \
    "$rc:$err" "3:one two UDP $SPORT"
run 5 "$SOCKT" connect -u --pty -c true 127.0.0.1 "$SPORT"
is "-u --pty -c: a usage error (the program gets the socket itself)" \
    "$rc" 2

done_testing
