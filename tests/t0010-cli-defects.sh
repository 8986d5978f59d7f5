#!/bin/sh
# Command-line defects found from outside (issue 8, section 3): a closed
# stdout, whole-line diagnostics, -4 with -6, udp-send's HOST:PORT,
# malformed dotted quads, an unknown command in another case; the
# address rule for -s and IPv6 literals, UNIX paths too long (issue 19).
. "$(dirname "$0")/lib.sh"

# noout SECS CMD...: run CMD with stdout closed (as "cmd >&-" does).
noout() {
	_s=$1
	shift
	run "$_s" sh -c 'exec "$@" >&-' sh "$@"
}

# noout_fails NAME CMD...: CMD with stdout closed must exit 1 and say so.
noout_fails() {
	_name=$1
	shift
	noout 10 "$@"
	is "$_name >&- exits 1" "$rc" 1
	like "$_name >&- says stdout: Bad file descriptor" "$err" \
	    "*sockt $_name: stdout: Bad file descriptor*"
}

# log_has N REGEX: $SLOG has at least N lines that match
log_has() { [ "$(grep -c "$2" "$SLOG")" -ge "$1" ]; }

# stop_server: end the server started last and reap it.
stop_server() {
	kill "$SPID" 2>/dev/null
	wait_status "$SPID"
}

# --- A closed stdout that must receive data is an error, as for cat >&-.
noout 5 "$SOCKT" --version
is "--version >&- fails" "$rc" 1
is "--version >&- says why" "$err" "sockt: stdout: Bad file descriptor"
noout 5 "$SOCKT" help connect
is "help connect >&- fails with the reason" "$rc:$err" \
    "1:sockt connect: stdout: Bad file descriptor"

printf 'to the client\n' >"$T/data"
if SIN=$T/data server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	noout 10 "$SOCKT" connect 127.0.0.1 "$SPORT"
	crc=$rc
	wait_status "$SPID"
	is "connect >&- with data coming exits 1" "$crc" 1
	like "connect >&- says stdout: Bad file descriptor" "$err" \
	    "*sockt connect: stdout: Bad file descriptor*"
fi
if SOUT=/dev/null server 10 sh -c 'exec "$@" >&-' sh "$SOCKT" listen -v \
    127.0.0.1 0; then
	run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/data"
	wait_status "$SPID"	# the listener's status
	is "listen >&- with data coming exits 1" "$rc" 1
	# the listener has exited, but its last lines reach $SLOG through
	# the copier that server started, which a busy machine may not have
	# run yet (issue 19): wait for the line, do not read at once
	check "listen >&- says stdout: Bad file descriptor" \
	    wait_until 5 grep -q "sockt listen: stdout: Bad file descriptor" \
	    "$SLOG"
fi
if server 10 "$SOCKT" udp-serve -v --echo 127.0.0.1 0; then
	noout_fails udp-send "$SOCKT" udp-send 127.0.0.1 "$SPORT" ping
	stop_server
fi
if server 10 "$SOCKT" listen -kv 127.0.0.1 0; then
	noout_fails portscan "$SOCKT" portscan -p "$SPORT" 127.0.0.1
	stop_server
fi
# nothing meant for stdout: a closed one is no error
if server 10 "$SOCKT" listen -kv 127.0.0.1 0; then
	noout 10 "$SOCKT" connect -z 127.0.0.1 "$SPORT"
	is "connect -z >&- (no output) still exits 0" "$rc" 0
	stop_server
fi
# a closed stdin reads as empty, as before
if SOUT=$T/got server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	run 10 sh -c 'exec "$@" <&-' sh "$SOCKT" connect 127.0.0.1 "$SPORT"
	crc=$rc
	wait_status "$SPID"
	is "connect <&- sends nothing and exits 0" "$crc:$(wc -c <"$T/got")" \
	    "0:0"
fi

# --- Each diagnostic is one write(2) of the whole line: 60 children that
# time out together (-i) and the server reaping them share one stderr.
if have python3; then
	if server 20 "$SOCKT" serve-hello -v -i 0.3 127.0.0.1 0; then
		run 15 python3 -c '
import socket, sys, time
port = int(sys.argv[1])
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(60)]
time.sleep(1.5)' "$SPORT"
		stop_server
		# the copier into $SLOG may lag the server (issue 19)
		wait_until 5 log_has 60 'idle for 0.300 s, closing$'
		n=$(grep -c 'idle for 0.300 s, closing$' "$SLOG")
		is "60 children said they timed out" "$n" 60
		bad=$(grep -cvE '^sockt serve-hello: (listening on|connection from) 127\.0\.0\.1 port [0-9]+( closed|: idle for 0\.300 s, closing)?$' \
		    "$SLOG")
		is "no line of the server's stderr is mixed with another" \
		    "$bad" 0
	fi
else
	skip "60 children said they timed out" "python3 not installed"
	skip "no line of the server's stderr is mixed with another" \
	    "python3 not installed"
fi

# --- udp-send takes HOST:PORT and [IPV6]:PORT, as every command does.
if server 10 "$SOCKT" udp-serve -v --echo 127.0.0.1 0; then
	run 10 "$SOCKT" udp-send "127.0.0.1:$SPORT" one two
	is "udp-send HOST:PORT MESSAGE... sends each message" "$rc:$out" \
	    "0:one
two"
	run 10 sh -c 'printf "three\n" | "$@"' sh "$SOCKT" udp-send \
	    "127.0.0.1:$SPORT"
	is "udp-send HOST:PORT reads stdin" "$rc:$out" "0:three"
	run 10 "$SOCKT" udp-send 127.0.0.1 "$SPORT" four
	is "udp-send HOST PORT still works" "$rc:$out" "0:four"
	stop_server
fi
if have_ipv6 && server 10 "$SOCKT" udp-serve -v --echo ::1 0; then
	run 10 "$SOCKT" udp-send "[::1]:$SPORT" six
	is "udp-send [IPV6]:PORT" "$rc:$out" "0:six"
	run 10 "$SOCKT" udp-send ::1 "$SPORT" seven
	is "udp-send IPV6 PORT (a bare address is a host)" "$rc:$out" \
	    "0:seven"
	stop_server
else
	skip "udp-send [IPV6]:PORT" "no IPv6 loopback"
	skip "udp-send IPV6 PORT (a bare address is a host)" "no IPv6 loopback"
fi

# --- Digits and dots that are no dotted quad: one message, exit 2, for
# every command, never a resolver's guess (127.1 would be 127.0.0.1).
# A URL's host is not among them: RFC 3986 takes such a host for a name,
# and curl resolves it as one (issue 61; t2119).
for q in 1.2.3.4.5 256.1.1.1 127.1; do
	for args in "connect $q 9" "connect $q:9" "udp-send $q 9 x" \
	    "udp-send $q:9 x" "listen $q 0" "serve-hello $q 0" \
	    "udp-serve $q 0" "portscan -p 9 $q"; do
		# shellcheck disable=SC2086
		run 5 "$SOCKT" $args
		is "$args: usage error" "$rc:$(printf '%s\n' "$err" | head -n 1)" \
		    "2:sockt ${args%% *}: host $q: invalid IPv4 address"
	done
done

# --- The same rule for every address operand (issue 19): -s (connect,
# portscan, listen's forwarder) is read as a host is, not handed to the
# resolver ("Name or service not known", exit 1); a host with a ':' is an
# IPv6 address or a usage error, as portscan's targets already were.
for q in 999.1.1.1 1.2.3 1::zz 1:2:3 fe80::1%; do
	case $q in
	*:*)	why="invalid IPv6 address" ;;
	*)	why="invalid IPv4 address" ;;
	esac
	for args in "connect -s $q 127.0.0.1 9" \
	    "portscan -s $q -p 9 127.0.0.1" \
	    "listen -s $q --to 127.0.0.1:9 0"; do
		# shellcheck disable=SC2086
		run 5 "$SOCKT" $args
		is "$args: usage error" "$rc:$(printf '%s\n' "$err" | head -n 1)" \
		    "2:sockt ${args%% *}: source host $q: $why"
	done
	case $q in
	*:*)	;;
	*)	continue ;;
	esac
	for args in "connect $q 9" "connect [$q]:9" "udp-send $q 9 x" \
	    "listen $q 0" "listen --to [$q]:9 0" "udp-serve [$q]:0" \
	    "portscan -p 9 $q" "serve-hello [$q]:0"; do
		case $args in
		*--to*)	pre="--to [$q]:9: " ;;
		*)	pre= ;;
		esac
		# shellcheck disable=SC2086
		run 5 "$SOCKT" $args
		is "$args: usage error" "$rc:$(printf '%s\n' "$err" | head -n 1)" \
		    "2:sockt ${args%% *}: ${pre}host $q: $why"
	done
done
# a guard, not a fix: a valid IPv6 source is no usage error
if have_ipv6; then
	run 5 "$SOCKT" connect -w 1 -s ::1 ::1 9
	is "a good IPv6 source still goes to the network" "$rc" 1
	like "... and is refused there" "$err" "*Connection refused*"
else
	skip "a good IPv6 source still goes to the network" "no IPv6 loopback"
	skip "... and is refused there" "no IPv6 loopback"
fi

# --- A UNIX socket path too long for sun_path is a usage error, said
# before anything is opened (listen --to-unix used to wait for a client
# first), by every command that takes one.
long=$T/$(head -c 120 /dev/zero | tr '\0' s)
for args in "connect -U $long" "listen -U $long" "listen --to-unix $long 0" \
    "http-get --unix-socket $long http://x/"; do
	# shellcheck disable=SC2086
	run 5 "$SOCKT" $args
	like "${args%% $long*}: a long path is a usage error" \
	    "$rc:$(printf '%s\n' "$err" | head -n 1)" \
	    "2:sockt ${args%% *}: *unix socket path too long (${#long} bytes, at most 1[0-9][0-9])"
done

# --- An unknown command in another case gets a suggestion.
for pair in HTTP-GET:http-get Connect:connect PORTSCN:portscan \
    Udp-Sen:udp-send; do
	run 5 "$SOCKT" "${pair%%:*}"
	is "${pair%%:*} suggests ${pair#*:}" "$rc:$(printf '%s\n' "$err" |
	    head -n 1)" "2:sockt: unknown command '${pair%%:*}'; did you mean '${pair#*:}'?"
done

done_testing
