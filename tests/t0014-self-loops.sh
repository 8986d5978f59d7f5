#!/bin/sh
# A forwarder or proxy sent to itself (issue 55 items 2 and 3): udp-serve
# --to, listen --to and a CONNECT through listen --serve-proxy that would
# reach the listener itself are refused, at every address of this host's
# (an interface's, 127/8, ::1, IPv4-mapped), for a wildcard bind at all of
# them; and one bound to an address is not taken for another address's
# listener of the same port (an HTTPS proxy on 198.18.0.9 443 refused a
# CONNECT to 127.0.0.1:443 as "this proxy itself").  A refusal is exit 1
# and one line, as the listener must be bound to know it.
# netns: own (198.18.0.2 and 198.18.0.9 on lo, inside this namespace only)
. "$(dirname "$0")/lib.sh"

if [ "$(ip -br link 2>/dev/null | grep -vc '^lo ')" != 0 ] ||
    ! ip addr add 198.18.0.2/32 dev lo 2>/dev/null ||
    ! ip addr add 198.18.0.9/32 dev lo 2>/dev/null; then
	echo "1..0 # SKIP needs a network namespace of its own, as root"
	exit 0
fi

# refused CMD...: a loop refused at start, exit 1, one line
refused() {
	run 5 "$SOCKT" "$@"
	n=$(printf '%s\n' "$err" | wc -l | tr -d ' ')
	case $rc:$n:$err in
	"1:1:sockt "*": --to "*": the listening socket itself")
		pass "$*: refused" ;;
	*)	fail "$*: refused" "rc $rc, $n lines" "$err" ;;
	esac
}

F=$("$HOLDPORT" -f)
for to in "198.18.0.2:$F" "198.18.0.9:$F" "127.0.0.5:$F" "0.0.0.0:$F"; do
	refused udp-serve "$F" --to "$to"
	refused listen -k "$F" --to "$to"
done
for to in "[::1]:$F" "[::ffff:198.18.0.2]:$F" "[::ffff:127.0.0.1]:$F"; do
	refused udp-serve :: "$F" --to "$to"
	refused listen -k :: "$F" --to "$to"
done
refused udp-serve 198.18.0.9 "$F" --to "198.18.0.9:$F"
refused listen -k 198.18.0.9 "$F" --to "[::ffff:198.18.0.9]:$F"
refused listen 127.0.0.1 "$F" --to "localhost:$F"

# Another address's listener on the same port is no loop: forwarded.
SOUT=$T/sink server 20 "$SOCKT" listen -v 127.0.0.1 "$F" || exit 1
if server 20 "$SOCKT" listen -v 198.18.0.9 "$F" --to "127.0.0.1:$F"; then
	run 5 sh -c 'echo through | "$1" connect 198.18.0.9 "$2"' sh \
	    "$SOCKT" "$F"
	wait_until 5 grep -q through "$T/sink"
	is "listen 198.18.0.9 --to 127.0.0.1, the same port: forwarded" \
	    "$rc:$(cat "$T/sink")" "0:through"
fi
G=$("$HOLDPORT" -f)
server 20 "$SOCKT" udp-serve -v --echo 127.0.0.1 "$G" || exit 1
if server 20 "$SOCKT" udp-serve -v 198.18.0.9 "$G" --to "127.0.0.1:$G"; then
	run 5 "$SOCKT" udp-send -w 2 198.18.0.9 "$G" echoed
	is "udp-serve 198.18.0.9 --to 127.0.0.1, the same port: forwarded" \
	    "$rc:$out" "0:echoed"
fi

# A group the listener joined, on its own port: our copy loops back to
# it (IP_MULTICAST_LOOP), so refused too; another group is forwarded.
if ip link set lo multicast on 2>/dev/null &&
    ip route add 239.0.0.0/8 dev lo src 127.0.0.1 2>/dev/null; then
	run 5 "$SOCKT" udp-serve --join 239.1.2.3 "$G" --to "239.1.2.3:$G"
	case $rc:$err in
	"1:sockt udp-serve: --to 239.1.2.3 port $G: a group this listener joined"*)
		pass "udp-serve --join G --to G, its port: refused" ;;
	*)	fail "udp-serve --join G --to G, its port: refused" "rc $rc" \
		    "$err" ;;
	esac
	M=$("$HOLDPORT" -f)
	if server 20 "$SOCKT" udp-serve -v --join 239.1.2.3 "$M" \
	    --to "239.1.2.4:$M"; then
		pass "udp-serve --join G --to another group: started"
		kill "$SPID"
		wait "$SPID" 2>/dev/null
	else
		fail "udp-serve --join G --to another group: started"
	fi
else
	skip "udp-serve --join G --to G, its port: refused" "no multicast on lo"
	skip "udp-serve --join G --to another group: started" \
	    "no multicast on lo"
fi

# The proxies: a CONNECT to the address and port the proxy listens on is
# refused (403, a SOCKS5 "not allowed"), one to another address's server
# on that port goes through; over TLS too (an HTTPS proxy).  The client
# comes from 127.0.0.1: one from 198.18.0.9 would be a stranger to a
# proxy's defaults (issue 60), which keep it from the host's addresses.
H=$("$HOLDPORT" -f)
server 60 "$SOCKT" listen -k -v 127.0.0.1 "$H" -c 'echo origin' || exit 1
# connect_via TLS PROXYADDR TARGET: the proxy's status line for a CONNECT
connect_via() {
	printf 'CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n' "$3" "$3" |
	    timeout 5 "$SOCKT" connect $1 -s 127.0.0.1 -q 1 "$2" "$H" \
	    2>/dev/null |
	    head -n 1 | tr -d '\r'
}
for tls in "" "--tls"; do
	ctls=${tls:+--tls --insecure}
	# over TLS where the loader that runs sockt finds OpenSSL
	if [ -n "$tls" ] && ! tls_loadable; then
		skip "https proxy on 198.18.0.9: CONNECT 127.0.0.1, its port" \
		    "no libssl.so.3"
		skip "proxy over TLS on 198.18.0.9: CONNECT to itself" \
		    "no libssl.so.3"
	elif server 20 "$SOCKT" listen -k -v $tls 198.18.0.9 "$H" \
	    --serve-proxy http; then
		is "https${tls:+s} proxy on 198.18.0.9: CONNECT 127.0.0.1, its \
port" "$(connect_via "$ctls" 198.18.0.9 "127.0.0.1:$H")" \
		    "HTTP/1.1 200 Connection established"
		like "proxy${tls:+ over TLS} on 198.18.0.9: CONNECT to itself" \
		    "$(connect_via "$ctls" 198.18.0.9 "198.18.0.9:$H")" \
		    "HTTP/1.1 403*"
		kill "$SPID"
		wait "$SPID" 2>/dev/null
	fi
done
J=$("$HOLDPORT" -f)
# '*': every address, as a proxy with none given listened before issue 60
if server 20 "$SOCKT" listen -k -v '*' "$J" --serve-proxy http; then
	for t in 198.18.0.2 127.0.0.1 127.0.0.9 '[::1]'; do
		printf 'CONNECT %s:%s HTTP/1.1\r\nHost: x\r\n\r\n' "$t" "$J" |
		    timeout 5 "$SOCKT" connect -q 1 127.0.0.1 "$J" \
		    >"$T/px" 2>/dev/null
		like "proxy on a wildcard: CONNECT $t, its port: a loop" \
		    "$(head -n 1 "$T/px" | tr -d '\r')" "HTTP/1.1 403*"
	done
fi
if server 20 "$SOCKT" listen -k -v 198.18.0.9 "$H" --serve-proxy socks5
then
	run 5 "$SOCKT" connect -d -s 127.0.0.1 --proxy \
	    "socks5://198.18.0.9:$H" 127.0.0.1 "$H"
	is "socks5 proxy on 198.18.0.9: to 127.0.0.1, its port" "$rc:$out" \
	    "0:origin"
	run 5 "$SOCKT" connect -d -s 127.0.0.1 --proxy \
	    "socks5://198.18.0.9:$H" 198.18.0.9 "$H"
	is "socks5 proxy on 198.18.0.9: to itself refused" "$rc:$out" "1:"
fi

done_testing
