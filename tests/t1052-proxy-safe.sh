#!/bin/sh
# t1052: listen --serve-proxy closed until opened, and its record (issue
# 60), in tests/hostsns.sh's namespace, where 198.18.0.9 ($HOST_A) and
# 198.18.0.10 ($HOST_B) are other hosts, not loopback:
#  - with no address the proxy listens on 127.0.0.1 (::1 with -6), -v
#    says so, and a connection to 198.18.0.10 is refused by the kernel;
#  - on a wildcard, a client from 198.18.0.9 (curl --interface,
#    socks5_client.py --source, sockt connect -s) is refused: SOCKS5 reply
#    2 after its greeting is answered (curl says so), HTTP 403, a -v line
#    naming --allow and --serve-proxy-auth; --allow 198.18.0.9 admits it,
#    and so do --serve-proxy-auth (407 without its credentials) and an
#    HTTPS proxy's --tls-verify-client (curl --proxy-cert);
#  - such a client reaches none of this host's ways in, each spelling
#    through each proxy (127.0.0.1, 127.1, 2130706433, 127.255.255.254,
#    localhost, [::1], [::ffff:127.0.0.1], 0.0.0.0, [::], 169.254.169.254
#    (on lo here: the metadata service's stand-in), [fe80::1], the proxy's
#    own 198.18.0.10; SOCKS5's names as names and its addresses as
#    addresses), until --allow-to names it (0.0.0.0/0 and ::/0 do not);
#    one from 127.0.0.1 goes there as before;
#  - --deny-to refuses, a name or an address, and wins over --allow-to;
#  - the record: a line per request and tunnel as it ends, its fields,
#    the bytes each way against what the origin and the client saw, a
#    refusal's, to stderr, to a file (--serve-proxy-log, mode 0600) and
#    none (--serve-proxy-log none);
#  - across tests/pathemu.sh's two namespaces (lossless), a stranger that
#    --allow admits reaches the other namespace's server, truly another
#    host, and still not its proxy's own address.
# watchdog: 150
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostsns.sh"
. "$(dirname "$0")/pathemu.sh"
. "$(dirname "$0")/pki.sh"
hosts_ns "$0" "$@"

D=$(cd "$(dirname "$0")" && pwd)
NCHECKS=116
if [ "$HOSTS_NS" != 1 ] || ! have python3; then
	why=${HOSTS_WHY:-python3 missing}
	i=0
	while [ $i -lt $NCHECKS ]; do
		skip "the proxies' defaults with other hosts ($i)" "$why"
		i=$((i + 1))
	done
	done_testing
	exit
fi
# (pyrun: one python3 for the script's 20 runs of it, 2.5 s of CPU less)
S5=$D/socks5_client.py
A=$HOST_A
B=$HOST_B
# the cloud metadata address, here as one of this host's own
ip addr add 169.254.169.254/32 dev lo

# the origin: every address of this namespace (::, both families), its
# answer a whole response that closes; what it was asked, in requests.log
mkdir "$T/www"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello\n' \
    >"$T/www/close"
server 120 python3 "$D/canned_http.py" "$T/www" :: || exit 1
O=$SPORT
# SOCKS5's data: a request of the origin's (the newline kept)
REQ=$(printf 'GET /close HTTP/1.0\r\n\r\n.')
REQ=${REQ%.}

# px ARGS...: a proxy server (-k -v) and its PX, PXPID, PXLOG
px() {
	server 60 "$SOCKT" listen -k -v "$@" || return 1
	PX=$SPORT PXPID=$SPID PXLOG=$SLOG
}
# s5 SRC HOST [ARG...]: a SOCKS5 CONNECT to HOST port $O through the proxy
# on $B port $PX from SRC; REP its reply code ("-": none), METHOD the
# method the proxy chose
s5() {
	_src=$1 _h=$2
	shift 2
	pyrun 10 "$S5" "$PX" "$_h" "$O" --at "$B" --source "$_src" --data "$REQ" \
	    "$@"
	rep_of
	METHOD=$NL$out
	case $METHOD in
	*"${NL}method "*) METHOD=${METHOD#*"${NL}method "}
		METHOD=${METHOD%%"$NL"*} ;;
	*) METHOD= ;;
	esac
}
NL='
'
# rep_of: REP, the code of $out's "rep N ..." line ("-": none), read by
# the shell (a sed each was 2 forks a session)
rep_of() {
	REP=${NL}${out}
	case $REP in
	*"${NL}rep "*) REP=${REP#*"${NL}rep "} ;;
	*) REP= ;;
	esac
	num_before_space
}
# num_before_space: REP's leading digits where a space follows them, else
# "-" (sed's s/^\([0-9]*\) .*/\1/p, then ${REP:--})
num_before_space() {
	case $REP in
	*" "*) REP=${REP%%" "*} ;;
	*) REP= ;;
	esac
	case $REP in *[!0-9]*) REP= ;; esac
	REP=${REP:--}
}
# hget SRC HOST [AT]: a GET of http://HOST:$O/close through the HTTP proxy
# on AT (default $B) port $PX from SRC; ST the status code ("-": none)
hget() {
	printf 'GET http://%s:%s/close HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
	    "$2" "$O" >"$T/req"
	run 10 "$SOCKT" connect -s "$1" "${3:-$B}" "$PX" <"$T/req"
	case $out in
	"HTTP/1.1 "*) REP=${out%%"$NL"*} REP=${REP#"HTTP/1.1 "} ;;
	*) REP= ;;
	esac
	num_before_space
	ST=$REP
}
# logged FILE PATTERN: a line of FILE matches (grep -e), within 10 s: a
# child writes it as its request ends, after the client had its answer
logged() { wait_until 10 grep -q -e "$2" "$1"; }

# ------------------------------------------- the default address
px 0 --serve-proxy socks5 || :
like "no address: listens on 127.0.0.1" "$(cat "$PXLOG")" \
    "*listening on 127.0.0.1 port $PX*"
like "no address: -v says what opens it" "$(cat "$PXLOG")" \
    "*loopback alone: give an address (0.0.0.0, ::) and --allow or --serve-proxy-auth*"
run 5 "$SOCKT" connect -d "$B" "$PX"
like "no address: a connection to $B refused by the kernel" "$rc $err" \
    "1 *Connection refused*"
run 5 "$SOCKT" connect -z 127.0.0.1 "$PX"
is "no address: 127.0.0.1 takes it" "$rc" 0
kill "$PXPID"
if have_ipv6; then
	px -6 0 --serve-proxy http || :
	like "no address, -6: listens on ::1" "$(cat "$PXLOG")" \
	    "*listening on ::1 port $PX*"
	kill "$PXPID"
else
	skip "no address, -6: listens on ::1" "no IPv6 loopback"
fi

# ------------------------------------------- a stranger: refused, admitted
px '*' 0 --serve-proxy socks5 || :
s5 "$A" "$B"
is "socks5 on a wildcard: a stranger's greeting answered" "$METHOD" 0
is "socks5: the stranger refused with reply 2" "$REP" 2
logged "$PXLOG" "from $A port .* refused (SOCKS5 reply 2)"
like "socks5: -v names --allow and --serve-proxy-auth" "$(cat "$PXLOG")" \
    "*connection from $A port * to $B port $O refused (SOCKS5 reply 2): a client not on loopback (--allow or --serve-proxy-auth serves other hosts)*"
like "socks5: the refusal recorded" "$(grep "^time=" "$PXLOG")" \
    "*proxy=socks5 client=$A:* user=- method=CONNECT dst=$B:$O status=2 up=0 down=0 ms=* reason=\"a client not on loopback*"
run 10 curl -sS --interface "$A" -x "socks5h://$B:$PX" "http://x:$O/close"
like "socks5: curl reads the reply code" "$rc $err" "97 *(2)*"
run 10 "$SOCKT" connect -s "$A" --proxy "socks5://$B:$PX" 127.0.0.1 "$O"
like "socks5: sockt connect says not allowed" "$rc $err" \
    "1 *not allowed by ruleset (SOCKS5 reply 2)*"
s5 127.0.0.1 "$B"
is "socks5: a client from 127.0.0.1 served" "$REP" 0
kill "$PXPID"
px 0.0.0.0 0 --serve-proxy http || :
run 10 curl -s -o /dev/null -w '%{http_code}' --interface "$A" \
    -x "http://$B:$PX" "http://$B:$O/close"
is "http on 0.0.0.0: a stranger refused with 403 (curl)" "$out" 403
hget "$A" "$B"
is "http: the stranger refused with 403 (sockt connect -s)" "$ST" 403
logged "$PXLOG" "from $A port .* refused (HTTP 403)"
like "http: -v names --allow and --serve-proxy-auth" "$(cat "$PXLOG")" \
    "*connection from $A port * to $B port $O refused (HTTP 403): a client not on loopback (--allow or --serve-proxy-auth serves other hosts)*"
hget 127.0.0.1 "$B"
is "http: a client from 127.0.0.1 served" "$ST" 200
kill "$PXPID"
# without -v the pool's children take their connections themselves
PX=$(freeport)
BGERR=$T/pool.err bg 60 "$SOCKT" listen -k 0.0.0.0 "$PX" --serve-proxy http
wait_until 10 "$SOCKT" connect -z 127.0.0.1 "$PX"
hget "$A" "$B"
is "http without -v (the pool): the stranger refused with 403" "$ST" 403
logged "$T/pool.err" "^time=.* status=403 "
like "http without -v: the record alone, no line of -v's" \
    "$(grep -c . "$T/pool.err") $(cat "$T/pool.err")" \
    "1 time=* client=$A:* status=403 *"
kill "$BGPID"
# --allow, and the proxy's own address named: served
px 0.0.0.0 0 --serve-proxy http --allow "$A" --allow 127.0.0.1 \
    --allow-to "$B" || :
run 10 curl -s --interface "$A" -x "http://$B:$PX" "http://$B:$O/close"
is "http --allow $A: the stranger served (curl)" "$rc $out" "0 hello"
kill "$PXPID"
px 0.0.0.0 0 --serve-proxy socks5 --allow "$A" --allow-to "$B" || :
s5 "$A" "$B"
is "socks5 --allow $A: the stranger served" "$REP" 0
like "socks5 --allow: the origin's answer through it" "$out" \
    "*data HTTP/1.1 200 OK*hello*"
kill "$PXPID"
# --serve-proxy-auth: credentials asked, then served
px 0.0.0.0 0 --serve-proxy http --serve-proxy-auth u:pw --allow-to "$B" || :
hget "$A" "$B"
is "http --serve-proxy-auth: a stranger asked for credentials (407)" "$ST" 407
run 10 curl -s --interface "$A" -U u:pw -x "http://$B:$PX" \
    "http://$B:$O/close"
is "http --serve-proxy-auth: the stranger with them served" "$rc $out" \
    "0 hello"
logged "$PXLOG" "user=u method=GET"
like "http --serve-proxy-auth: the record names the user" \
    "$(grep "^time=" "$PXLOG")" \
    "*client=$A:* user=u method=GET dst=$B:$O status=200 *"
kill "$PXPID"
px 0.0.0.0 0 --serve-proxy socks5 --serve-proxy-auth u:pw --allow-to "$B" || :
s5 "$A" "$B"
is "socks5 --serve-proxy-auth: no method for a stranger without them" \
    "$METHOD" 255
s5 "$A" "$B" --auth u:pw
is "socks5 --serve-proxy-auth: the stranger with them served" "$REP" 0
kill "$PXPID"
# --tls --tls-verify-client: a certificate of --cacert's is consent too
if pki_usable && pki_make good client; then
	px 0.0.0.0 0 --serve-proxy http --tls --cert "$P/good.pem" \
	    --key "$P/good.key" --tls-verify-client --cacert "$P/ca.pem" \
	    --allow-to "$B" || :
	run 10 curl -s --interface "$A" --proxy-cacert "$P/ca.pem" \
	    --proxy-cert "$P/client.pem" --proxy-key "$P/client.key" \
	    -x "https://localhost:$PX" --connect-to "localhost:$PX:$B:$PX" \
	    "http://$B:$O/close"
	is "https --tls-verify-client: a stranger with a certificate served" \
	    "$rc $out" "0 hello"
	run 10 curl -s --interface "$A" --proxy-cacert "$P/ca.pem" \
	    -x "https://localhost:$PX" --connect-to "localhost:$PX:$B:$PX" \
	    "http://$B:$O/close"
	like "... and one without none (the handshake refused)" "$rc" "[1-9]*"
	kill "$PXPID"
else
	skip "https --tls-verify-client: a stranger served" "no openssl"
	skip "... and one without none" "no openssl"
fi

# ------------------------------------------- the ways into this host
HSPELL="127.0.0.1 127.1 2130706433 127.255.255.254 localhost [::1] \
[::ffff:127.0.0.1] 0.0.0.0 [::] 169.254.169.254 [fe80::1] $B"
# SOCKS5: each as a name (atyp 3, the proxy's resolver), and the
# addresses as addresses too (atyp 1 and 4)
SSPELL="127.0.0.1/3 127.1/3 2130706433/3 127.255.255.254/3 localhost/3 \
::1/3 ::ffff:127.0.0.1/3 0.0.0.0/3 ::/3 169.254.169.254/3 fe80::1/3 $B/3 \
127.0.0.1/1 ::1/4 ::ffff:127.0.0.1/4 169.254.169.254/1"
# ways HOWS WANT: each spelling through the proxy on $PX from $A
ways_http() {
	for h in $HSPELL; do
		hget "$A" "$h"
		case $1 in
		refused) is "http: $h refused to a stranger" "$ST" 403 ;;
		*)	# fe80::1 is no address here: a dial tried, not refused
			if [ "$h" = "[fe80::1]" ]; then
				like "http --allow-to: $h tried" "$ST" 50?
			else
				is "http --allow-to: $h reached" "$ST" 200
			fi ;;
		esac
	done
}
ways_socks() {
	# one process for them all: a Python's start is most of a session
	pyrun 60 "$S5" "$PX" - "$O" --at "$B" --source "$A" --data "$REQ" \
	    --each "$SSPELL"
	for hs in $SSPELL; do
		h=${hs%/*}
		REP=$NL$out
		case $REP in
		*"$NL$hs: rep "*) REP=${REP#*"$NL$hs: rep "}
			REP=${REP%%"$NL"*} REP=${REP%%" "*} ;;
		*) REP= ;;
		esac
		case $1 in
		refused) is "socks5: $h (type ${hs##*/}) refused to a stranger" \
		    "$REP" 2 ;;
		*)	if [ "$h" = fe80::1 ]; then
				like "socks5 --allow-to: $h tried" "$REP" [1346]
			else
				is "socks5 --allow-to: $h (type ${hs##*/}) reached" \
				    "$REP" 0
			fi ;;
		esac
	done
}
px 0.0.0.0 0 --serve-proxy http --allow "$A" || :
ways_http refused
logged "$PXLOG" \
    "to 169.254.169.254 port $O refused (HTTP 403): this host or its link"
kill "$PXPID"
px 0.0.0.0 0 --serve-proxy socks5 --allow "$A" || :
ways_socks refused
kill "$PXPID"
# a whole family names none of them
px 0.0.0.0 0 --serve-proxy http --allow "$A" --allow-to 0.0.0.0/0 \
    --allow-to ::/0 || :
hget "$A" 127.0.0.1
is "http --allow-to 0.0.0.0/0: 127.0.0.1 still refused" "$ST" 403
hget "$A" "[::1]"
is "http --allow-to ::/0: [::1] still refused" "$ST" 403
kill "$PXPID"
# named: through
TO="--allow-to 127.0.0.0/8 --allow-to ::1 --allow-to 0.0.0.0/8 --allow-to ::
--allow-to 169.254.169.254 --allow-to fe80::1 --allow-to $B:$O"
px 0.0.0.0 0 --serve-proxy http --allow "$A" $TO || :
ways_http reached
kill "$PXPID"
px 0.0.0.0 0 --serve-proxy socks5 --allow "$A" $TO || :
ways_socks reached
kill "$PXPID"
# a name named, port and all
px 0.0.0.0 0 --serve-proxy http --allow "$A" --allow-to "localhost:$O" || :
hget "$A" localhost
is "http --allow-to localhost:PORT: localhost reached" "$ST" 200
hget "$A" 127.0.0.1
is "http --allow-to localhost:PORT: not 127.0.0.1 by address" "$ST" 403
kill "$PXPID"

# ------------------------------------------- --deny-to
px 0.0.0.0 0 --serve-proxy http --deny-to "127.0.0.2" --deny-to \
    "localhost:$O" --allow-to 127.0.0.0/8 --allow-to localhost:* || :
hget 127.0.0.1 127.0.0.2
is "--deny-to an address: refused, --allow-to's block or not" "$ST" 403
logged "$PXLOG" "refused (HTTP 403): denied by --deny-to"
hget 127.0.0.1 localhost
is "--deny-to a name: refused" "$ST" 403
hget 127.0.0.1 127.0.0.1
is "--deny-to: the rest as --allow-to says" "$ST" 200
kill "$PXPID"
px 0.0.0.0 0 --serve-proxy socks5 --deny-to "::1" || :
s5 127.0.0.1 ::1 --atyp 4
is "--deny-to: socks5 reply 2, for a client on loopback too" "$REP" 2
s5 127.0.0.1 localhost
is "--deny-to ::1: localhost's other address reached" "$REP" 0
kill "$PXPID"

# ------------------------------------------- the record
TS='time=[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'
px 127.0.0.1 0 --serve-proxy http || :
: >"$T/www/requests.log"
run 10 curl -s -o /dev/null -w '%{size_header} %{size_download}' \
    -x "http://127.0.0.1:$PX" "http://127.0.0.1:$O/close"
down=$(( ${out% *} + ${out#* } ))
up=$(wc -c <"$T/www/requests.log" | tr -d ' ')
logged "$PXLOG" "^time=.* method=GET "
rec=$(grep "^time=" "$PXLOG")
like "record: an HTTP GET's line" "$rec" \
    "$TS proxy=http client=127.0.0.1:* user=- method=GET dst=127.0.0.1:$O status=200 up=* down=* ms=* reason=-"
like "record: up, the request as the origin got it ($up bytes)" "$rec" \
    "* up=$up *"
like "record: down, the response as curl got it ($down bytes)" "$rec" \
    "* down=$down *"
is "record: one line for the one request" "$(grep -c "^time=" "$PXLOG")" 1
kill "$PXPID"
# a tunnel: 1,000 bytes up, 5 back, the data sent apart and with the request
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'cat >/dev/null; printf hello' ||
    exit 1
SINK=$SPORT
K=$(head -c 1000 /dev/zero | tr '\0' x)
px 127.0.0.1 0 --serve-proxy socks5 --serve-proxy-log "$T/px.log" || :
for mode in whole coalesce; do
	pyrun 10 "$S5" "$PX" 127.0.0.1 "$SINK" --data "$K" --mode $mode
	is "record: the tunnel's data through ($mode)" "$out" \
	    "method 0
rep 0 atyp 1
data hello"
done
lines() { [ "$(grep -c "^time=" "$1")" = "$2" ]; }
wait_until 10 lines "$T/px.log" 2
like "record: a SOCKS5 tunnel's line, bytes from the relay" \
    "$(head -n 1 "$T/px.log")" \
    "$TS proxy=socks5 client=127.0.0.1:* user=- method=CONNECT dst=127.0.0.1:$SINK status=0 up=1000 down=5 ms=* reason=-"
like "record: the bytes sent with the request counted once" \
    "$(sed -n 2p "$T/px.log")" "* up=1000 down=5 *"
is "record: --serve-proxy-log, nothing on stderr" \
    "$(grep -c "^time=" "$PXLOG")" 0
is "record: the file is the owner's alone" \
    "$(ls -l "$T/px.log" | cut -c1-10)" "-rw-------"
kill "$PXPID"
# a user with a quote, a space and a control byte: quoted, escaped, masked
U=$(printf 'a "b\001c')
px 127.0.0.1 0 --serve-proxy socks5 --serve-proxy-auth "$U:pw" || :
pyrun 10 "$S5" "$PX" 127.0.0.1 "$SINK" --auth "$U:pw" --data x
logged "$PXLOG" "^time=.* method=CONNECT "
like "record: a value quoted and escaped, a control byte masked" \
    "$(grep "^time=" "$PXLOG")" '* user="a \\"b?c" method=CONNECT *'
kill "$PXPID"
px 127.0.0.1 0 --serve-proxy socks5 --serve-proxy-log none || :
pyrun 10 "$S5" "$PX" 127.0.0.1 "$SINK" --data "$K"
logged "$PXLOG" "both sides done"
is "record: --serve-proxy-log none, no line" "$(grep -c "^time=" "$PXLOG")" 0
kill "$PXPID"

# ------------------------------------------- through a next proxy, -4
# -4 (or -6) narrows the dials, not what an address is: ::1 asked of a
# -4 proxy is still this host, judged as an address, never as a name
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy socks5 || :
NEXT=$SPORT NEXTPID=$SPID
px -4 0.0.0.0 0 --serve-proxy socks5 --allow "$A" --allow-to "$B:$O" \
    --proxy "socks5h://127.0.0.1:$NEXT" || :
s5 "$A" ::1 --atyp 4
is "-4 --proxy: ::1 (atyp 4) refused to a stranger" "$REP" 2
s5 "$A" ::ffff:127.0.0.1 --atyp 4
is "-4 --proxy: ::ffff:127.0.0.1 refused to a stranger" "$REP" 2
s5 "$A" ::1 --atyp 3
is "-4 --proxy: ::1 as a name refused to a stranger" "$REP" 2
s5 "$A" "$B"
is "-4 --proxy: --allow-to's place reached through the next proxy" \
    "$REP" 0
kill "$PXPID" "$NEXTPID"
# -6, a next proxy on ::1, a stranger from $HOST_A6 asking for 127.0.0.1
server 60 "$SOCKT" listen -k -v ::1 0 --serve-proxy socks5 || :
NEXT=$SPORT NEXTPID=$SPID
px -6 :: 0 --serve-proxy socks5 --allow ::/0 --proxy "socks5h://[::1]:$NEXT" ||
    :
for h in 127.0.0.1/1 127.1/3; do
	pyrun 10 "$S5" "$PX" "${h%/*}" "$O" --atyp "${h#*/}" --at "$HOST_B6" \
	    --source "$HOST_A6" --data "$REQ"
	rep_of
	is "-6 --proxy: ${h%/*} (type ${h#*/}) refused to a stranger" \
	    "$REP" 2
done
kill "$PXPID" "$NEXTPID"

# ------------------------------------------- a PROXY header from anyone
# without --proxy-from anyone may send one, so it cannot make a
# stranger a local client; from a sender --proxy-from trusts, it does
PPHDR='PROXY TCP4 127.0.0.1 127.0.0.1 40000 1080\r\n'
px 0.0.0.0 0 --serve-proxy socks5 --accept-proxy-protocol || :
s5 "$A" 127.0.0.1 --prefix "$PPHDR"
is "a stranger's header naming 127.0.0.1: still a stranger (reply 2)" \
    "$REP" 2
s5 127.0.0.1 127.0.0.1 --prefix "$PPHDR"
is "a local sender's header naming 127.0.0.1: served" "$REP" 0
kill "$PXPID"
px 0.0.0.0 0 --serve-proxy socks5 --accept-proxy-protocol \
    --proxy-from "$A" || :
s5 "$A" 127.0.0.1 --prefix "$PPHDR"
is "--proxy-from: the trusted sender's local client served" "$REP" 0
kill "$PXPID"

# ------------------------------------------- another host, truly
if pathemu_usable curl; then
	pathemu_start lossless || exit 1
	$PE_C ip addr add "$A/32" dev lo
	printf 'far\n' >"$T/www/far"
	pathemu_http "$T/www" || exit 1
	server 60 $PE_C "$SOCKT" listen -k -v 0.0.0.0 0 --serve-proxy http \
	    --allow "$A" || exit 1
	run 10 $PE_C curl -s --interface "$A" -x "http://$PE_C4:$SPORT" \
	    "http://$PE_S4:$HPORT/far"
	is "pathemu: a stranger admitted reaches another host" "$rc $out" \
	    "0 far"
	run 10 $PE_C curl -s -o /dev/null -w '%{http_code}' --interface "$A" \
	    -x "http://$PE_C4:$SPORT" "http://$PE_C4:$HPORT/far"
	is "pathemu: but not its proxy's own address" "$out" 403
	kill "$SPID"
	pathemu_stop
else
	skip "pathemu: a stranger admitted reaches another host" "$PE_WHY"
	skip "pathemu: but not its proxy's own address" "$PE_WHY"
fi

done_testing
