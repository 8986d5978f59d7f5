#!/bin/sh
# t0035: README.md's migration table, its socat rows (issue 55), run row
# by row.  Every row whose first column names socat is read from
# README.md (a socat row this script has no runner for fails, so the
# table cannot drift), and each of its two spellings runs as written,
# the socat one with the real socat and the sockt one with $SOCKT, with
# only the stand-ins put in: 127.0.0.1 for host and backend, free ports
# (the listener's from holdport -f, waited for with ss), a path in $T
# for /tmp/s.sock, tests/pki.sh's leaf (key and certificate in one file)
# for server.pem and its root for ca.pem.  A client then sees through
# each what socat gave it and what sockt gave it, and the two must agree
# (the bytes echoed, the exit status), socat's with what the row means.
# The stand-in backends answer in capitals, so a forwarder's answer is
# told from an echo of its own; a fork (-k) row takes two clients; the
# pty row wants the terminal's echo of "echo hi; exit" and hi; the TLS
# and DTLS client rows are run again with the untrusted root for ca.pem
# (the default store), where both must refuse.
# The peers: tests/socat_rows_peer.py (echo servers, TCP, TLS and UDP
# clients), openssl s_server and s_client for the TLS and DTLS rows; the
# multicast row runs in a namespace of its own with a route for
# 239.0.0.0/8 on lo, or is skipped when the kernel will not.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
TOP=$(cd "$(dirname "$0")" && pwd)/..
README=$TOP/README.md
PEER=$TOP/tests/socat_rows_peer.py

# the socat rows: "SOCAT-SPELLING<TAB>SOCKT-SPELLING" (the first code
# span of the second column)
awk '
/^## / { on = ($0 ~ /^## Coming from nc/); next }
!on || !/^\| `/ { next }
{
	n = split($0, c, "|")
	col = c[2]; s = ""
	while (match(col, /`[^`]*`/)) {
		w = substr(col, RSTART + 1, RLENGTH - 2)
		if (w ~ /^socat /) s = w
		col = substr(col, RSTART + RLENGTH)
	}
	if (s == "" || !match(c[3], /`[^`]*`/)) next
	printf "%s\t%s\n", s, substr(c[3], RSTART + 1, RLENGTH - 2)
}' "$README" >"$T/rows"
check "README.md's migration table has its socat rows, 9 or more" \
    [ "$(wc -l <"$T/rows")" -ge 9 ]

miss=
for t in socat python3 ss; do have "$t" || miss="${miss:+$miss, }$t"; done
if [ -n "$miss" ]; then
	skip "socat's rows beside socat" "no $miss"
	done_testing
	exit
fi
tls=
if pki_usable; then
	if pki_make; then
		cat "$P/good.pem" "$P/good.key" >"$P/server.pem"
		tls=yes
	else
		fail "a PKI from the openssl command" "$(cat "$P/log")"
	fi
fi

# listening PROTO PORT: something listens on 127.0.0.1 PORT (t: TCP,
# u: UDP)
listening() {
	[ -n "$(ss -Hl"$1"n "sport = :$2")" ]
}

# argv LINE: LINE as a command, its first word socat or sockt ($SOCKT)
# (no spelling quotes a word, and $T and $P hold no space)
argv() {
	case $1 in
	"sockt "*) ARGV="$SOCKT ${1#sockt }" ;;
	*) ARGV=$1 ;;
	esac
}

# launch SPELLING SED PROTO: start SPELLING with the row's stand-ins put
# in by the sed script SED, @LP@ a free port LP, and wait for its
# listener on LP (PROTO t: TCP, u: UDP); its PID in SIDE, the line run
# in LINE.  Returns 1, after a failed test, when it never listens.
launch() {
	LP=$(freeport) || return 1
	LINE=$(printf '%s\n' "$1" | sed -e "$2" -e "s|@LP@|$LP|g")
	argv "$LINE"
	set -f
	# shellcheck disable=SC2086
	BGOUT=$T/side.out BGERR=$T/side.err bg 60 $ARGV
	set +f
	SIDE=$BGPID
	if ! wait_until 10 listening "$3" "$LP"; then
		fail "$LINE: listens" "$(cat "$T/side.err")"
		stop
		return 1
	fi
}
# stop: end SIDE, and first the children socat's fork made, which a
# UDP one (no end of file) would outlive it
stop() {
	for _c in $(children_of "$SIDE"); do
		case $_c in *Z) ;; *) kill "$_c" 2>/dev/null ;; esac
	done
	kill "$SIDE" 2>/dev/null
	wait "$SIDE" 2>/dev/null
}

# oneshot SPELLING SED INPUT: run SPELLING (a client) with the stand-ins
# put in, INPUT on its stdin, the environment's NAME=VALUE words in ENVS
# added; run's rc, out and err, the line in LINE
oneshot() {
	LINE=$(printf '%s\n' "$1" | sed -e "$2")
	argv "$LINE"
	printf '%s' "$3" >"$T/in"
	set -f
	# shellcheck disable=SC2086
	run 15 env ${ENVS:-} $ARGV <"$T/in"
	set +f
}

# both SOCAT SOCKT WANT DESC: the results of the two spellings (set by
# the row in R_socat and R_sockt): socat's is WANT (the row means
# that, and the stand-ins work), sockt's is socat's
both() {
	is "$4: socat does what the row says" "$R_socat" "$3"
	is "$4: sockt as socat" "$R_sockt" "$R_socat"
}

# served SED PROTO FN: launch each spelling of the row ($so, $sk) in
# turn and call FN, which sets R to what its client saw through it
# (LP the listener's port); R_socat and R_sockt are what they saw
served() {
	for tool in socat sockt; do
		case $tool in socat) sp=$so ;; *) sp=$sk ;; esac
		R=
		if launch "$sp" "$1" "$2"; then
			"$3"
			stop
		fi
		eval "R_$tool=\$R"
	done
}

# the clients: TCP and UDP ones twice, to see fork (-k) take a second
tcp2() {
	for i in 1 2; do
		pyrun 10 "$PEER" "${1:-tcp}" "$LP" "hello $i
"
		R="$R$rc:$out;"
	done
}
tls2() { tcp2 tls; }
udp2() { tcp2 udp; }

# shell: "echo hi; exit" to a shell on a terminal: its exit status, the
# line echoed back by the terminal, and hi said
shell() {
	pyrun 10 "$PEER" pty "$LP"
	R=$rc
	printf '%s\n' "$out" | tr -d '\r' >"$T/pty"
	grep -Eq '(^|[#$>] ?)echo hi; exit$' "$T/pty" && R="$R echoed"
	grep -Eq '(^|[#$>] ?)hi$' "$T/pty" && R="$R says-hi"
	[ "$R" = "0 echoed says-hi" ] || R="$R: $(cat "$T/pty")"
}

# dtls2: two openssl s_client -dtls, each a line sent; each says what
# came back (s_client -quiet waits on after its stdin ends: ended when
# the line is back, or after 10 s)
dtls2() {
	for i in 1 2; do
		printf 'hello %s\n' "$i" >"$T/dcli.in"
		: >"$T/dcli.out"
		BGIN=$T/dcli.in BGOUT=$T/dcli.out BGERR=$T/dcli.err bg 20 \
		    openssl s_client -dtls -quiet -connect "127.0.0.1:$LP"
		wait_until 10 grep -q "^HELLO $i\$" "$T/dcli.out"
		kill "$BGPID" 2>/dev/null
		wait "$BGPID" 2>/dev/null
		R="$R$(grep -i "^hello" "$T/dcli.out");"
	done
}

# the multicast row: lo with a route for the groups, and in that
# namespace mc.sh PORT OUT CMD...: start CMD, wait for its UDP port,
# send a line to 239.1.2.3 PORT until CMD printed something (a join may
# follow the bind), and print CMD's first line
MCNET='ip link set lo up multicast on && ip route add 239.0.0.0/8 dev lo src 127.0.0.1'
cat >"$T/mc.sh" <<'EOS'
port=$1 out=$2
shift 2
"$@" >"$out" 2>"$out.err" </dev/null &
pid=$!
i=0
until [ -n "$(ss -Hlun "sport = :$port")" ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || { kill $pid; cat "$out.err"; exit 8; }
	sleep 0.05	# polling, bounded
done
i=0
until [ -s "$out" ]; do
	printf 'hello, group\n' |
	    timeout 5 socat -u - "UDP4-DATAGRAM:239.1.2.3:$port"
	i=$((i + 1))
	[ $i -lt 50 ] || break
	sleep 0.1	# polling, bounded
done
kill $pid
wait $pid
head -n 1 "$out"
EOS

# refused: R is "refused" when the client failed (a status not 0) and
# printed nothing, else what it did
refused() {
	if [ "$rc" -ne 0 ] && [ -z "$out" ]; then
		R=refused
	else
		R="$rc:$out"
	fi
}

# dtlsclient SPELLING STORE: an openssl s_server -dtls (it takes no
# -rev: it sends what its stdin, the fifo on fd 6, gives and prints
# what it got) and SPELLING, the default store of both being STORE's
# root, run against it; R what it saw, "refused" when it failed
dtlsclient() {
	BGIN=$T/dtls.fifo s_server dtls -dtls -cert "$P/good.pem" \
	    -key "$P/good.key" || return
	[ "$2" = ca ] && echo "from the server" >&6
	ENVS="SSL_CERT_FILE=$P/$2.pem"
	# socat -t 5: its wait for the server after our input ends, 0.5 s
	# by default, is no bound for a busy machine
	oneshot "$1" \
	    "s/host:4433/127.0.0.1:$P_dtls/;s/host 4433/127.0.0.1 $P_dtls/;s/^socat - /socat -t 5 - /" \
	    "hello, dtls
"
	ENVS=
	R="$rc:$out"
	if [ "$2" = ca ]; then
		wait_until 5 grep -q '^hello, dtls$' "$T/dtls.out" &&
		    R="$R; the server got it"
	else
		refused
	fi
	kill "$PID_dtls" 2>/dev/null
	wait "$PID_dtls" 2>/dev/null
}

BACK=
UBACK=
backend() {
	[ -n "$BACK" ] && return
	server 200 python3 "$PEER" tcpup || return 1
	BACK=$SPORT
}
ubackend() {
	[ -n "$UBACK" ] && return
	server 200 python3 "$PEER" udpup || return 1
	UBACK=$SPORT
}
want2="0:HELLO 1;0:HELLO 2;"

n=0
while IFS='	' read -r so sk <&5; do
	n=$((n + 1))
	row="row $n, $so"
	case $so in
	"socat TCP-LISTEN:8080,fork TCP:backend:80")
		backend || continue
		served "s/8080/@LP@/;s/backend:80/127.0.0.1:$BACK/" t tcp2
		both "$so" "$sk" "$want2" "$row (two connections)"
		;;
	"socat TCP-LISTEN:2375,fork UNIX-CONNECT:/tmp/s.sock")
		server 200 python3 "$PEER" unixup "$T/s.sock" || continue
		served "s/2375/@LP@/;s|/tmp/s.sock|$T/s.sock|" t tcp2
		both "$so" "$sk" "$want2" "$row (two connections)"
		;;
	"socat OPENSSL-LISTEN:443,fork,cert=server.pem,verify=0 TCP:backend:80")
		if [ -z "$tls" ]; then
			skip "$row" "no openssl command or libssl.so.3"
			continue
		fi
		backend || continue
		served "s/443/@LP@/;s|server\.pem|$P/server.pem|;s/backend:80/127.0.0.1:$BACK/" t tls2
		both "$so" "$sk" "$want2" "$row (two connections)"
		;;
	"socat UDP-LISTEN:5353,fork,reuseaddr UDP:host:53")
		ubackend || continue
		served "s/5353/@LP@/;s/host:53/127.0.0.1:$UBACK/" u udp2
		both "$so" "$sk" "$want2" "$row (two clients)"
		;;
	"socat -u UDP4-RECV:5000,ip-add-membership=239.1.2.3:0.0.0.0 -")
		# in a namespace of our own, where lo may carry 239.0.0.0/8
		if ! have unshare || ! have ip ||
		    ! unshare -n sh -c "$MCNET" >/dev/null 2>&1; then
			skip "$row" "no namespace of our own with a multicast route on lo (root, unshare and ip)"
			continue
		fi
		for tool in socat sockt; do
			case $tool in socat) sp=$so ;; *) sp=$sk ;; esac
			LP=$(freeport) || continue 2
			LINE=$(printf '%s\n' "$sp" | sed "s/5000/$LP/")
			argv "$LINE"
			set -f
			# shellcheck disable=SC2086
			run 30 unshare -n sh -c "$MCNET && . \"\$0\"" "$T/mc.sh" \
			    "$LP" "$T/mc.out" $ARGV
			set +f
			eval "R_$tool=\$rc:\$out"
		done
		both "$so" "$sk" "0:hello, group" "$row (socat UDP4-DATAGRAM to the group)"
		;;
	"socat TCP-LISTEN:2222,bind=127.0.0.1,fork EXEC:/bin/sh,pty,setsid,ctty,stderr")
		served "s/2222/@LP@/" t shell
		both "$so" "$sk" "0 echoed says-hi" "$row"
		;;
	"socat - OPENSSL:host:443,cafile=ca.pem")
		if [ -z "$tls" ]; then
			skip "$row" "no openssl command or libssl.so.3"
			continue
		fi
		s_server tls -cert "$P/good.pem" -key "$P/good.key" -rev ||
		    continue
		# socat -t 5: its wait for the answer after our input ends,
		# 0.5 s by default, is no bound for a busy machine
		sed="s/host:443/127.0.0.1:$P_tls/;s/host 443/127.0.0.1 $P_tls/;s|ca\.pem|$P/ca.pem|;s/^socat - /socat -t 5 - /"
		oneshot "$so" "$sed" "hello, tls
"
		R_socat="$rc:$out"
		oneshot "$sk" "$sed" "hello, tls
"
		R_sockt="$rc:$out"
		both "$so" "$sk" "0:slt ,olleh" "$row (openssl s_server -rev)"
		# the untrusted root's file for ca.pem: both refuse
		sed="s/host:443/127.0.0.1:$P_tls/;s/host 443/127.0.0.1 $P_tls/;s|ca\.pem|$P/evil.pem|"
		for tool in socat sockt; do
			case $tool in socat) sp=$so ;; *) sp=$sk ;; esac
			oneshot "$sp" "$sed" "hello, tls
"
			refused
			eval "R_$tool=\$R"
		done
		both "$so" "$sk" "refused" "$row, ca.pem the untrusted root"
		kill "$PID_tls" 2>/dev/null
		;;
	"socat - OPENSSL-DTLS-CLIENT:host:4433")
		if [ -z "$tls" ]; then
			skip "$row" "no openssl command or libssl.so.3"
			continue
		fi
		# both verify against the default store, our root
		mkfifo "$T/dtls.fifo"
		exec 6<>"$T/dtls.fifo"	# 6: pyrun holds 8 and 9
		for store in ca evil; do
			for tool in socat sockt; do
				case $tool in socat) sp=$so ;; *) sp=$sk ;; esac
				R=
				dtlsclient "$sp" "$store"
				eval "R_$tool=\$R"
			done
			if [ $store = ca ]; then
				both "$so" "$sk" \
				    "0:from the server; the server got it" \
				    "$row (openssl s_server -dtls)"
			else
				both "$so" "$sk" "refused" \
				    "$row, the untrusted root for the store"
			fi
		done
		exec 6>&-
		;;
	"socat OPENSSL-DTLS-SERVER:4433,fork,cert=server.pem,verify=0 UDP:host:53")
		if [ -z "$tls" ]; then
			skip "$row" "no openssl command or libssl.so.3"
			continue
		fi
		ubackend || continue
		served "s/4433/@LP@/;s|server\.pem|$P/server.pem|;s/host:53/127.0.0.1:$UBACK/" u dtls2
		both "$so" "$sk" "HELLO 1;HELLO 2;" "$row (two openssl s_client -dtls)"
		;;
	*)
		fail "$row: a runner for this socat row" "$so | $sk"
		;;
	esac
done 5<"$T/rows"	# 5: pyrun holds 8 and 9
done_testing
