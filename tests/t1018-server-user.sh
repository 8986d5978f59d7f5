#!/bin/sh
# t1018: --user NAME for servers started as root (issue 60): bound as
# root, then dropped to NAME for good before a client is served.  Each
# server mode started as root with --user nobody (listen -k -e, -k -c,
# the relay mode, -U, the forwarder, --serve-proxy, --broker, -u,
# serve-hello, udp-serve --echo, a TLS server whose key only root may
# read) is read in /proc/PID/status, and so is a connection's child or
# program: the Uid, Gid and Groups lines are all nobody's, and since
# nobody's groups share none of root's (checked first), none of root's.
# The program sees nobody's HOME, USER, LOGNAME and SHELL.  An unknown
# user is a usage error before anything is bound; a user other than
# root may name only itself; a program nobody may not run, and a
# udp-serve --tls whose sessions would bind a port below 1024 again,
# end the server with status 1 before it serves; -U's socket is
# nobody's, so the server removes it at its end from a sticky
# directory; as root without --user, -v says that the program runs as
# root.  Root only: it skips in one line otherwise.
# watchdog: 120
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

if [ "$(id -u)" != 0 ] || ! id nobody >/dev/null 2>&1 || ! have setpriv
then
	echo "1..0 # SKIP needs root, a user nobody and setpriv"
	exit 0
fi

# programs and sockets nobody reaches: $T is root's alone
chmod 711 "$T"
PUB=$T/pub
mkdir "$PUB" && chmod 755 "$PUB"
# a sticky directory, as /tmp, for -U's sockets
mkdir "$T/s" && chmod 1777 "$T/s"
cat >"$PUB/ids" <<'EOF'
#!/bin/sh
grep -E '^(Uid|Gid|Groups):' /proc/$$/status
echo "env HOME=$HOME USER=$USER LOGNAME=$LOGNAME SHELL=$SHELL"
EOF
chmod 755 "$PUB/ids"

# norm: status lines on stdin as "uid U U U U gid G G G G groups G..."
# (real, effective, saved, filesystem; the groups sorted)
norm() {
	_s=$(cat)
	_u=$(printf '%s\n' "$_s" | awk '$1 == "Uid:" { print $2, $3, $4, $5 }')
	_g=$(printf '%s\n' "$_s" | awk '$1 == "Gid:" { print $2, $3, $4, $5 }')
	_gr=$(printf '%s\n' "$_s" | awk '$1 == "Groups:" {
	    for (i = 2; i <= NF; i++) print $i }' | sort -n | tr '\n' ' ')
	echo "uid $_u gid $_g groups ${_gr% }"
}
# ids PID: PID's, as norm says
ids() { norm <"/proc/$1/status" 2>/dev/null; }
# prog_ids ARG...: connect ARG... and the ids the program printed
prog_ids() {
	run 10 "$SOCKT" connect "$@" </dev/null
	printf '%s\n' "$out" | norm
}

NU=$(id -u nobody) NG=$(id -g nobody)
NGS=$(id -G nobody | tr ' ' '\n' | sort -n | tr '\n' ' ')
WANT="uid $NU $NU $NU $NU gid $NG $NG $NG $NG groups ${NGS% }"
NENV="env HOME=$(getent passwd nobody | cut -d: -f6) USER=nobody"
NENV="$NENV LOGNAME=nobody SHELL=$(getent passwd nobody | cut -d: -f7)"
shared=
for g in $(id -G root); do
	case " $NGS" in *" $g "*) shared="$shared $g" ;; esac
done
is "nobody's groups share none of root's" "${shared:-none}" none

# kid PID: PID's first child, once it has one
kid() {
	wait_until 10 has_nkids "$1" 1 && children_of "$1" | head -n 1 |
	    tr -d Z
}

# hold [OPTION...] PORT: a client that keeps a connection to 127.0.0.1
# PORT open (its stdin a fifo we hold the other end of) until unhold
hold() {
	rm -f "$T/hold"
	mkfifo "$T/hold"
	exec 8<>"$T/hold"
	BGIN=$T/hold BGOUT=$T/hold.out bg 30 "$SOCKT" connect "$@"
	HPID=$BGPID
}
unhold() {
	exec 8>&-
	wait_gone "$HPID" 10
}

# stop PID: SIGTERM, then its exit status in $rc
stop() {
	kill -TERM "$1" 2>/dev/null
	wait_status "$1"
}

# --- the command line
closedport
run 10 "$SOCKT" listen --user sockt-no-such-user 127.0.0.1 "$CPORT"
like "an unknown user: a usage error before binding (a held port)" \
    "$rc $err" "2 sockt listen: --user sockt-no-such-user: no such user*"
run 10 "$SOCKT" listen -U --user sockt-no-such-user "$T/s/none.sock"
is "an unknown user: -U's socket is never made" "$rc$(ls "$T/s")" 2
run 10 "$SOCKT" serve-hello --user sockt-no-such-user 127.0.0.1 0
like "serve-hello: an unknown user" "$rc $err" "2 *no such user*"
run 10 "$SOCKT" udp-serve --user sockt-no-such-user 127.0.0.1 0
like "udp-serve: an unknown user" "$rc $err" "2 *no such user*"
run 10 setpriv --reuid="$NU" --regid="$NG" --clear-groups "$SOCKT" \
    listen --user root 127.0.0.1 0
is "not root: another user refused in one line, exit 2" "$rc $err" \
    "2 sockt listen: --user root: only root may change user"

# nobody naming itself: nothing to drop, accepted
if server 20 setpriv --reuid="$NU" --regid="$NG" --clear-groups \
    "$SOCKT" listen -v -k --user nobody 127.0.0.1 0 -e "$PUB/ids"; then
	run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
	like "not root: --user naming ourselves is taken" "$out" \
	    "*Uid:*$NU*$NENV"
	stop "$SPID"
else
	fail "not root: --user naming ourselves is taken"
fi

# --- listen -k -e: the server and the program
if server 20 "$SOCKT" listen -v -k --user nobody 127.0.0.1 0 \
    -e "$PUB/ids"; then
	is "listen -k -e: the server is nobody" "$(ids "$SPID")" "$WANT"
	like "listen -k -e: -v says so" "$(cat "$SLOG")" \
	    "*running as nobody: uid $NU, gid $NG*"
	run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
	is "listen -k -e: the program is nobody" \
	    "$(printf '%s\n' "$out" | norm)" "$WANT"
	like "listen -k -e: the program's HOME, USER, LOGNAME, SHELL" \
	    "$out" "*$NENV"
	stop "$SPID"
	is "listen -k -e: SIGTERM ends it, exit 0" "$rc" 0
else
	for d in "the server is nobody" "-v says so" "the program is nobody" \
	    "the program's HOME, USER, LOGNAME, SHELL" "SIGTERM ends it"; do
		fail "listen -k -e: $d"
	done
fi

# --- listen -k -c
if server 20 "$SOCKT" listen -v -k --user nobody 127.0.0.1 0 \
    -c 'grep -E "^(Uid|Gid|Groups):" /proc/$$/status'; then
	is "listen -k -c: the server is nobody" "$(ids "$SPID")" "$WANT"
	is "listen -k -c: the shell is nobody" \
	    "$(prog_ids 127.0.0.1 "$SPORT")" "$WANT"
	stop "$SPID"
else
	fail "listen -k -c: the server is nobody"
	fail "listen -k -c: the shell is nobody"
fi

# --- the relay mode: one connection, the server relays it
if SOUT=$T/relay.out server 20 "$SOCKT" listen -v --user nobody \
    127.0.0.1 0; then
	is "listen (relay): the server is nobody" "$(ids "$SPID")" "$WANT"
	echo relayed | run 10 "$SOCKT" connect 127.0.0.1 "$SPORT"
	wait_status "$SPID"
	is "listen (relay): it relays, exit 0" "$rc $(cat "$T/relay.out")" \
	    "0 relayed"
else
	fail "listen (relay): the server is nobody"
	fail "listen (relay): it relays, exit 0"
fi

# --- -U in a sticky directory: the socket is nobody's, and removed
sock=$T/s/u.sock
if server 20 "$SOCKT" listen -v -k -U --user nobody "$sock" \
    -e "$PUB/ids"; then
	is "listen -U: the socket file is nobody's" \
	    "$(stat -c %U "$sock" 2>&1)" nobody
	is "listen -U: the program is nobody" "$(prog_ids -U "$sock")" \
	    "$WANT"
	stop "$SPID"
	check "listen -U: the server removed its socket at its end" \
	    test ! -e "$sock"
else
	fail "listen -U: the socket file is nobody's"
	fail "listen -U: the program is nobody"
	fail "listen -U: the server removed its socket at its end"
fi

# with_child WHAT PID ARG...: server PID, and the child that serves a
# client connected with ARG... (held open), are nobody's; the client,
# of serve-hello at the end, was welcomed
with_child() {
	_w=$1 _p=$2
	shift 2
	is "$_w: the server is nobody" "$(ids "$_p")" "$WANT"
	hold "$@"
	is "$_w: a connection's child is nobody" "$(ids "$(kid "$_p")")" \
	    "$WANT"
	unhold
	like "$_w: it served" "$(cat "$T/hold.out")" "Welcome!*"
}
# no_child WHAT: with_child's checks, failed (the server did not start)
no_child() {
	for _d in "the server is nobody" "a connection's child is nobody" \
	    "it served"; do
		fail "$1: $_d"
	done
}

# --- serve-hello (the far end of the forwarder and the proxy below)
if server 40 "$SOCKT" serve-hello -v --user nobody 127.0.0.1 0; then
	HPORT=$SPORT HSPID=$SPID
	with_child serve-hello "$HSPID" 127.0.0.1 "$HPORT"
else
	HPORT= HSPID=
	no_child serve-hello
fi

# --- the forwarder: a connection's child relays
if [ -n "$HPORT" ] && server 20 "$SOCKT" listen -v -k --user nobody \
    127.0.0.1 0 --to "127.0.0.1:$HPORT"; then
	with_child "listen --to" "$SPID" 127.0.0.1 "$SPORT"
	stop "$SPID"
else
	no_child "listen --to"
fi

# --- --serve-proxy: a tunnel's child
if [ -n "$HPORT" ] && server 20 "$SOCKT" listen -v -k --user nobody \
    127.0.0.1 0 --serve-proxy socks5; then
	with_child "listen --serve-proxy" "$SPID" \
	    --proxy "socks5://127.0.0.1:$SPORT" 127.0.0.1 "$HPORT"
	stop "$SPID"
else
	no_child "listen --serve-proxy"
fi
[ -n "$HSPID" ] && stop "$HSPID"

# --- --broker: one process for all
if server 20 "$SOCKT" listen -v --broker --user nobody 127.0.0.1 0; then
	is "listen --broker: the server is nobody" "$(ids "$SPID")" "$WANT"
	stop "$SPID"
else
	fail "listen --broker: the server is nobody"
fi

# --- UDP: listen -u and udp-serve --echo
if server 20 "$SOCKT" listen -u -v --user nobody 127.0.0.1 0; then
	is "listen -u: the server is nobody" "$(ids "$SPID")" "$WANT"
	stop "$SPID"
else
	fail "listen -u: the server is nobody"
fi
if server 20 "$SOCKT" udp-serve -v --echo --user nobody 127.0.0.1 0; then
	is "udp-serve --echo: the server is nobody" "$(ids "$SPID")" "$WANT"
	run 10 "$SOCKT" udp-send -w 5 127.0.0.1 "$SPORT" ping
	like "udp-serve --echo: it answers" "$out" "*ping*"
	stop "$SPID"
else
	fail "udp-serve --echo: the server is nobody"
	fail "udp-serve --echo: it answers"
fi

# --- what nobody cannot do ends the server before it serves
cp /bin/cat "$T/rootonly" && chmod 700 "$T/rootonly"
run 10 "$SOCKT" listen -k --user nobody 127.0.0.1 0 -e "$T/rootonly"
is "a program nobody may not run: exit 1, one line" "$rc $err" \
    "1 sockt listen: --user nobody: $T/rootonly: not found or not executable as nobody"
low=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null)
if own_netns && [ "${low:-1024}" -gt 999 ] && tls_loadable; then
	run 10 "$SOCKT" udp-serve --tls --user nobody 127.0.0.1 999
	like "udp-serve --tls: sessions that would bind port 999 again" \
	    "$rc $err" "1 *127.0.0.1 port 999: *Permission denied"
elif tls_loadable; then
	skip "udp-serve --tls: sessions that would bind port 999 again" \
	    "needs a network namespace of its own"
else
	skip "udp-serve --tls: sessions that would bind port 999 again" \
	    "no libssl.so.3"
fi

# --- as root without --user: -v says the program runs as root
if server 20 "$SOCKT" listen -v -k 127.0.0.1 0 -e "$PUB/ids"; then
	like "as root without --user: -v names --user" "$(cat "$SLOG")" \
	    "*the program runs as root: --user NAME runs it as NAME*"
	like "as root without --user: the program is root, as before" \
	    "$(prog_ids 127.0.0.1 "$SPORT")" "uid 0 0 0 0 gid 0 0 0 0 *"
	stop "$SPID"
else
	fail "as root without --user: -v names --user"
	fail "as root without --user: the program is root, as before"
fi
if server 20 "$SOCKT" listen -v 127.0.0.1 0; then
	run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
	wait_status "$SPID"
	case $(cat "$SLOG") in
	*"runs as root"*) fail "no program: no such line" "$(cat "$SLOG")" ;;
	*) pass "no program: no such line" ;;
	esac
else
	fail "no program: no such line"
fi

# --- TLS: the key is root's alone, read before the drop
. "$(dirname "$0")/pki.sh"
pki_or_skip "a TLS server with --user"
chmod 600 "$P/good.key"
run 10 setpriv --reuid="$NU" --regid="$NG" --clear-groups cat "$P/good.key"
check "the key is root's alone (nobody cannot read it)" test "$rc" != 0
if server 20 "$SOCKT" listen -v -k --tls --cert "$P/good.pem" \
    --key "$P/good.key" --user nobody 127.0.0.1 0 -e "$PUB/ids"; then
	is "listen --tls: the server is nobody" "$(ids "$SPID")" "$WANT"
	is "listen --tls: it serves, the program nobody" \
	    "$(prog_ids --tls --cacert "$P/ca.pem" localhost "$SPORT")" \
	    "$WANT"
	stop "$SPID"
else
	fail "listen --tls: the server is nobody"
	fail "listen --tls: it serves, the program nobody"
fi
if server 20 "$SOCKT" serve-hello -v --tls --cert "$P/good.pem" \
    --key "$P/good.key" --user nobody 127.0.0.1 0; then
	run 10 "$SOCKT" connect --tls --cacert "$P/ca.pem" localhost \
	    "$SPORT" </dev/null
	like "serve-hello --tls: it serves" "$rc $out" "0 Welcome!*"
	stop "$SPID"
else
	fail "serve-hello --tls: it serves"
fi

done_testing
