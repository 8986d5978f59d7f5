#!/bin/sh
# t3060: portscan --proxy (issue 62 item 1): a connect scan through a
# proxy, each port's state from what the proxy replies, never from the
# connect to the proxy (a SOCKS5 server accepts its client before it
# tries the far end).  In a network namespace of the script's own: an
# open port (a listener on 127.0.0.1 and ::1), a closed one (nothing
# listens), one whose SYNs iptables drops, one it rejects with ICMP host
# unreachable and one it rejects with a TCP reset, scanned through
# sockt's own SOCKS5 and HTTP proxies, microsocks, dante (SOCKS5 and
# SOCKS4) and tinyproxy, over IPv4 and IPv6, each against that truth;
# socks5h:// sending the target's name; -sS and HTTP's -u refused in one line;
# a proxy that is not there ending the scan in one line; --probe tls
# through SOCKS5 and CONNECT, the certificate as a direct scan shows it.
# A peer that is
# not installed is skipped in one line.
# netns: own (its listeners, firewall and proxies are the namespace's)
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null || ! have iptables || ! have ip6tables ||
    ! have python3 || ! have_ipv6; then
	echo "1..0 # SKIP needs root, unshare -n, iptables, ip6tables, python3 and IPv6"
	exit 0
fi

# the truth: O open, C closed, D dropped, U host unreachable, R reset
python3 -c '
import socket, sys, time
a = socket.socket(); a.bind(("127.0.0.1", 0)); a.listen(64)
p = a.getsockname()[1]
b = socket.socket(socket.AF_INET6); b.bind(("::1", p)); b.listen(64)
sys.stderr.write("listening on 127.0.0.1 port %d\n" % p); sys.stderr.flush()
time.sleep(170)
' 2>"$T/listen.err" &
own $!
watch 175 $!
wait_until 10 grep -q "port" "$T/listen.err" || { fail "listener"; done_testing; exit; }
O=$(sed -n 's/.* port //p' "$T/listen.err")
closedport; C=$CPORT
closedport; D=$CPORT
closedport; U=$CPORT
closedport; R=$CPORT
iptables -A INPUT -p tcp --dport "$D" -j DROP
ip6tables -A INPUT -p tcp --dport "$D" -j DROP
iptables -A INPUT -p tcp --dport "$U" -j REJECT --reject-with icmp-host-unreachable
ip6tables -A INPUT -p tcp --dport "$U" -j REJECT --reject-with icmp6-addr-unreachable
iptables -A INPUT -p tcp --dport "$R" -j REJECT --reject-with tcp-reset
ip6tables -A INPUT -p tcp --dport "$R" -j REJECT --reject-with tcp-reset
PORTS=$O,$C,$D,$U,$R

# scan URL TARGETS...: -g -a --reason through URL; $got the lines
# "host port state reason", sorted, the port named by its letter
scan() {
	_u=$1
	shift
	run 30 "$SOCKT" portscan -g -a --reason -Pn -w 2 --proxy "$_u" \
	    -p "$PORTS" "$@"
	got=$(printf '%s\n' "$out" | awk -v o="$O" -v c="$C" -v d="$D" \
	    -v u="$U" -v r="$R" 'NF >= 4 {
		n = $2
		if (n == o) n = "O"; else if (n == c) n = "C"
		else if (n == d) n = "D"; else if (n == u) n = "U"
		else if (n == r) n = "R"
		print $1, n, $3, $NF }' | sort | tr '\n' ';')
}

# expect WHAT URL "TARGETS" STATES...: each state line per target
expect() {
	_what=$1 _url=$2 _tg=$3
	shift 3
	_want=
	for _h in $_tg; do
		for _s in "$@"; do
			_want="$_want$_h $_s
"
		done
	done
	_want=$(printf '%s' "$_want" | sort | tr '\n' ';')
	# shellcheck disable=SC2086
	scan "$_url" $_tg
	is "$_what" "$rc $got" "0 $_want"
}

SOCKS5_TRUTH="O open syn-ack|C closed conn-refused|D filtered no-response|U filtered host-unreach|R closed conn-refused"
# expect5 WHAT URL TARGETS: the SOCKS5 truth, every port told apart
expect5() {
	_IFS=$IFS
	IFS='|'
	# shellcheck disable=SC2086
	set -- "$1" "$2" "$3" $SOCKS5_TRUTH
	IFS=$_IFS
	expect "$@"
}

# sockt's own SOCKS5 proxy: its far connects wait 30 s, past our 2 s
server 150 "$SOCKT" listen -k -v -w 30 127.0.0.1 0 --serve-proxy socks5 &&
    SP=$SPORT
expect5 "sockt's SOCKS5 proxy: each port as the truth has it, IPv4 and IPv6" \
    "socks5://127.0.0.1:$SP" "127.0.0.1 ::1"

# the proxy's silence is filtered once, in the proxy's time, no retry
timed 30 "$SOCKT" portscan -g -a -v -Pn -w 1 --proxy "socks5://127.0.0.1:$SP" \
    -p "$D" 127.0.0.1
like "a dropped port: filtered after -w once, no retry, no loss counted" \
    "$rc $(within 900 1900 "$el" && echo in-time) $err" \
    "1 in-time *0 sent again, 0 lost*window *, 1 worker, 0 probes retried*0 open, 0 closed, 1 filtered*"

# socks5h: the target's name goes to the proxy
run 30 "$SOCKT" portscan -g -a -Pn -w 2 --proxy "socks5h://127.0.0.1:$SP" \
    -p "$O" localhost
like "socks5h:// reaches the open port by name" "$out" "*$O open*"
like "... and the proxy was asked for the name" "$(cat "$SLOG")" \
    "*localhost*port $O*"

# nmap's spelling, and what cannot go through a proxy
run 30 "$SOCKT" portscan -g -a -Pn -w 2 --proxies "socks5://127.0.0.1:$SP" \
    -p "$C" 127.0.0.1
like "--proxies, nmap's spelling, is --proxy" "$rc $out" "1 127.0.0.1 $C closed*"
run 10 "$SOCKT" portscan -sS --proxy "socks5://127.0.0.1:$SP" 127.0.0.1
like "-sS with --proxy: a usage error, exit 2, naming both" \
    "$rc $(printf '%s\n' "$err" | head -n 1)" "2 sockt portscan: *--proxy*-sS*"
run 10 "$SOCKT" portscan -u --proxy "http://127.0.0.1:$SP" 127.0.0.1
like "-u with an HTTP --proxy: a usage error, exit 2 (t3064: SOCKS5's)" \
    "$rc $(printf '%s\n' "$err" | head -n 1)" "2 sockt portscan: --proxy: only SOCKS5 carries UDP*"
run 10 "$SOCKT" portscan -Pn -p "$O" --proxy "socks5://127.0.0.1:$C" 127.0.0.1
is "a proxy not there: exit 1, one line" \
    "$rc $(printf '%s\n' "$err" | grep -c .)" "1 1"
like "... naming the proxy" "$err" "*proxy 127.0.0.1 port $C: Connection refused*"

# host discovery through the proxy: a host up when the proxy says so
iptables -A INPUT -d 127.0.0.2 -p tcp -j DROP
run 30 "$SOCKT" portscan -g -a -w 2 --proxy "socks5://127.0.0.1:$SP" \
    -p "$O" 127.0.0.1 127.0.0.2
like "discovery through the proxy: the silent host down, the other scanned" \
    "$rc $out $err" "0 127.0.0.1 $O open*1 host up, 1 down*"

# sockt's own HTTP proxy: 502 whether refused or unreachable
server 150 "$SOCKT" listen -k -w 30 127.0.0.1 0 --serve-proxy http -v &&
    HP=$SPORT
expect "sockt's HTTP proxy: open, 502 closed|filtered, silence filtered" \
    "http://127.0.0.1:$HP" "127.0.0.1 ::1" "O open syn-ack" \
    "C closed|filtered proxy-rejected" "D filtered no-response" \
    "U closed|filtered proxy-rejected" "R closed|filtered proxy-rejected"

if have microsocks; then
	MP=$(freeport)
	bg 150 microsocks -i 127.0.0.1 -p "$MP"
	wait_until 10 python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$MP" 2>/dev/null
	expect5 "microsocks: each port as the truth has it, IPv4 and IPv6" \
	    "socks5://127.0.0.1:$MP" "127.0.0.1 ::1"
else
	skip "microsocks: each port as the truth has it" "no microsocks"
fi

if have danted; then
	DP=$(freeport)
	printf '%s\n' 'logoutput: stderr' "internal: 127.0.0.1 port = $DP" \
	    'external: lo' 'socksmethod: none' 'clientmethod: none' \
	    'client pass { from: 127.0.0.0/8 to: 0/0 }' \
	    'socks pass { from: 127.0.0.0/8 to: 0/0 protocol: tcp }' \
	    >"$T/danted.conf"
	bg 150 danted -f "$T/danted.conf" -N 1 -p "$T/danted.pid"
	wait_until 10 python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$DP" 2>/dev/null
	expect5 "dante SOCKS5: each port as the truth has it, IPv4 and IPv6" \
	    "socks5://127.0.0.1:$DP" "127.0.0.1 ::1"
	expect "dante SOCKS4: open, 91 closed|filtered, silence filtered" \
	    "socks4://127.0.0.1:$DP" "127.0.0.1" "O open syn-ack" \
	    "C closed|filtered proxy-rejected" "D filtered no-response" \
	    "U closed|filtered proxy-rejected" \
	    "R closed|filtered proxy-rejected"
else
	skip "dante SOCKS5: each port as the truth has it" "no danted"
	skip "dante SOCKS4: open, 91 closed|filtered" "no danted"
fi

if have tinyproxy; then
	TP=$(freeport)
	printf 'Port %s\nListen 127.0.0.1\nTimeout 20\nMaxClients 64\nAllow 127.0.0.1\nLogLevel Critical\n' \
	    "$TP" >"$T/tiny.conf"
	bg 150 tinyproxy -d -c "$T/tiny.conf"
	wait_until 10 python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$TP" 2>/dev/null
	expect "tinyproxy: open, 500 closed|filtered, silence filtered" \
	    "http://127.0.0.1:$TP" "127.0.0.1 ::1" "O open syn-ack" \
	    "C closed|filtered proxy-rejected" "D filtered no-response" \
	    "U closed|filtered proxy-rejected" \
	    "R closed|filtered proxy-rejected"
else
	skip "tinyproxy: open, 500 closed|filtered" "no tinyproxy"
fi

# every SOCKS5 reply code and the HTTP statuses that tell, from the fake
FAKE="python3 $(cd "$(dirname "$0")" && pwd)/fake_proxy.py"
for r in "s5-rep 1:filtered proxy-error" "s5-rep 2:filtered admin-prohibited" \
    "s5-rep 3:filtered net-unreach" "s5-rep 6:filtered time-exceeded" \
    "s5-rep 8:filtered proxy-error" "s4-rep 92:" \
    "http-status 403 Forbidden:filtered admin-prohibited" \
    "http-status 504 Gateway Timeout:filtered no-response" \
    "http-status 503 Connection refused:closed conn-refused" \
    "http-status 502 No route to host:filtered host-unreach"; do
	mode=${r%%:*} want=${r#*:} url=socks5
	case $mode in s4*) url=socks4 ;; http*) url=http ;; esac
	# shellcheck disable=SC2086
	server 30 $FAKE $mode || continue
	run 30 "$SOCKT" portscan -g -a --reason -Pn -w 2 \
	    --proxy "$url://127.0.0.1:$SPORT" -p "$O" 127.0.0.1
	if [ -n "$want" ]; then
		is "$mode: $want" "$(printf '%s\n' "$out" | awk '{ print $3, $NF }')" "$want"
	else	# identd's no: the proxy's own, not the port's
		like "$mode: the proxy's own no ends the scan" "$rc $err" \
		    "1 sockt portscan: proxy 127.0.0.1 port $SPORT: *"
	fi
done

# a proxy's own failure (its first session closed before its reply) is
# tried again and counted so; the port's state is the next session's
cat >"$T/flaky.py" <<'PY'
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
for n in range(2):
    c, _ = s.accept()
    c.recv(64)
    if n == 0:
        c.close()
        continue
    c.sendall(b"\x05\x00")
    c.recv(512)
    c.sendall(b"\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00")
    c.close()
PY
server 30 python3 "$T/flaky.py" &&
    run 30 "$SOCKT" portscan -g -a -v -Pn -w 2 \
    --proxy "socks5://127.0.0.1:$SPORT" -p "$O" 127.0.0.1
like "the proxy's own failure: tried again, the port as the retry found it" \
    "$out $err" "127.0.0.1 $O closed*0 lost*1 probe retried*"

# -oX and -j carry the state and the reason
run 30 "$SOCKT" portscan -j -a --reason -Pn -w 2 \
    --proxy "http://127.0.0.1:$HP" -p "$C" 127.0.0.1
like "-j: closed|filtered, proxy-rejected" "$out" \
    "*\"state\":\"closed|filtered\"*\"reason\":\"proxy-rejected\"*"
run 30 "$SOCKT" portscan -a -Pn -w 2 --proxy "socks5://127.0.0.1:$SP" \
    -p "$O,$U" -oX - 127.0.0.1
like "-oX: filtered, host-unreach" "$out" \
    "*<state state=\"filtered\" reason=\"host-unreach\"*"

# --probe tls through the proxy: the handshake goes over the tunnel (the
# stack's TLS layer above the proxy's), the certificate as a direct scan
# reports it
. "$(dirname "$0")/pki.sh"
P=$T/pki
# (-rev: a plain s_server would end at its stdin's end, /dev/null)
if pki_usable && pki_make && s_server good -cert "$P/good.pem" \
    -key "$P/good.key" -rev; then
	# tlsline DESC: the port's -g line has the fields of the good
	# certificate; a failure shows the scan's output
	tlsline() {
		if [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -qF \
		    "127.0.0.1 $P_good open - tls=TLSv1.3 " &&
		    printf '%s\n' "$out" | grep -qF \
		    'subject=CN\x20=\x20localhost issuer=CN\x20=\x20sockt\x20test\x20root san=DNS:localhost,IP:127.0.0.1,IP:::1 '; then
			pass "$1"
		else
			fail "$1" "exit $rc" "$out" "$err"
		fi
	}
	# -w 20: the handshake's limit (a bound, not a wait), over a tunnel
	# through a proxy's fork.  At -w 3 both failed once in a CI run's
	# gcc stage, with nothing to show why, and 24 runs here (six at
	# once, beside eight busy loops too) did not fail again: a loaded
	# machine's handshake may not meet a 3 s guess, and tlsline now
	# says what the scan printed
	run 60 "$SOCKT" portscan -g -a -Pn -w 20 --probe tls \
	    --proxy "socks5://127.0.0.1:$SP" -p "$P_good" 127.0.0.1
	tlsline "--probe tls through SOCKS5: the certificate's subject and names"
	run 60 "$SOCKT" portscan -g -a -Pn -w 20 --probe tls \
	    --proxy "http://127.0.0.1:$HP" -p "$P_good" 127.0.0.1
	tlsline "... and through HTTP CONNECT"
else
	skip "--probe tls through SOCKS5" "no openssl or libssl.so.3"
	skip "--probe tls through HTTP CONNECT" "no openssl or libssl.so.3"
fi

done_testing
