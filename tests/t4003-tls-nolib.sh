#!/bin/sh
# t4003: sockt where OpenSSL 3 cannot be found.  As root, in a private
# mount namespace where libssl.so.3 (then libcrypto.so.3) is an empty
# file, as the loader finds it; anywhere, with SOCKT_TLS_LIB naming no
# file.  Every TLS command line this build has exits 1 with the one line
# "sockt CMD: TLS needs libssl.so.3 (OpenSSL 3), which was not found",
# sockt --version says none was found, and plain TCP and http:// work
# as before.  The TLS command lines are those of the commands whose help
# names their TLS option, so a command that gains TLS is checked here
# the day it does.
. "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")" && pwd)
notfound="TLS needs libssl.so.3 (OpenSSL 3), which was not found"

# the peers: an echo service and an HTTP server
server 120 "$SOCKT" listen -k -v 127.0.0.1 0 -c cat || exit 1
ECHO=$SPORT
mkdir "$T/www"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n' >"$T/www/index"
if have python3; then
	server 120 python3 "$D/canned_http.py" "$T/www" || exit 1
	HTTP=$SPORT
else
	HTTP=
fi

# The TLS command lines, "NAME|COMMAND LINE", for the commands that have
# TLS in this build: connect always; the others once their help names
# the option.
{
	echo "connect --tls|connect --tls 127.0.0.1 $ECHO"
	echo "connect --ssl|connect --ssl -z 127.0.0.1 $ECHO"
	if "$SOCKT" help http-get 2>&1 | grep -q -e '--insecure' &&
	    [ -n "$HTTP" ]; then
		echo "http-get https://|http-get -sS -o $T/body https://127.0.0.1:$HTTP/"
	fi
	if "$SOCKT" help listen 2>&1 | grep -q -e '--tls'; then
		echo "listen --tls|listen --tls 127.0.0.1 0"
		echo "listen --to-tls|listen 127.0.0.1 0 --to 127.0.0.1:$ECHO --to-tls"
	fi
	if "$SOCKT" help serve-hello 2>&1 | grep -q -e '--tls'; then
		echo "serve-hello --tls|serve-hello --tls 127.0.0.1 0"
	fi
	if "$SOCKT" help portscan 2>&1 | grep -q -e '--probe tls'; then
		echo "portscan --probe tls|portscan --probe tls -p $ECHO 127.0.0.1"
	fi
} >"$T/lines"
n=$(wc -l <"$T/lines" | tr -d ' ')
pass "TLS command lines in this build: $n ($(cut -d'|' -f1 "$T/lines" |
    tr '\n' ',' | sed 's/,$//'))"

# check.sh SOCKT LINES ECHO HTTP OUT: runs every line (and --version, and
# the plain ones) and writes "NAME|STATUS|STDERR" lines to OUT: the same
# script runs here and inside the namespace
cat >"$T/check.sh" <<'EOS'
S=$1 LINES=$2 ECHO=$3 HTTP=$4 OUT=$5 T=${5%/*}
: >"$OUT"
while IFS='|' read -r name line; do
	# a server that wrongly starts must not hang us: 10 s
	timeout -k 2 10 sh -c "exec \"\$0\" $line" "$S" </dev/null \
	    >/dev/null 2>"$T/e"
	printf '%s|%s|%s\n' "$name" "$?" "$(tr '\n' '~' <"$T/e")" >>"$OUT"
done <"$LINES"
printf 'version|0|%s\n' "$("$S" --version | sed -n '/^TLS/p')" >>"$OUT"
r=$(printf 'plain\n' | timeout -k 2 10 "$S" connect 127.0.0.1 "$ECHO" 2>&1)
printf 'plain|%s|%s\n' "$?" "$r" >>"$OUT"
if [ -n "$HTTP" ]; then
	r=$(timeout -k 2 10 "$S" http-get -sS "http://127.0.0.1:$HTTP/" 2>&1)
	printf 'http|%s|%s\n' "$?" "$r" >>"$OUT"
fi
EOS

# verdicts HOW: the results of one run of check.sh, in $T/res
verdicts() {
	while IFS='|' read -r name line; do
		cmd=${line%% *}
		is "$1: $name: the one line, exit 1" \
		    "$(grep -F "$name|" "$T/res" | cut -d'|' -f2-)" \
		    "1|sockt $cmd: $notfound~"
	done <"$T/lines"
	is "$1: --version says none was found" \
	    "$(sed -n 's/^version|0|//p' "$T/res")" "TLS: none ($notfound)"
	is "$1: plain TCP works" "$(sed -n 's/^plain|//p' "$T/res")" "0|plain"
	if [ -n "$HTTP" ]; then
		is "$1: http:// works" "$(sed -n 's/^http|//p' "$T/res")" "0|ok"
	else
		skip "$1: http:// works" "no python3 for the HTTP server"
	fi
}

SOCKT_TLS_LIB=$T/nowhere/libssl.so.3 sh "$T/check.sh" "$SOCKT" "$T/lines" \
    "$ECHO" "$HTTP" "$T/res"
verdicts "SOCKT_TLS_LIB names no file"

# the libraries as the loader finds them
for l in libssl.so.3 libcrypto.so.3; do
	p=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null |
	    awk -v l="$l" '$1 == l { print $NF; exit }')
	# (ldconfig's file is glibc's: a musl build's loader has none)
	if [ "$(id -u)" != 0 ] || [ -z "$p" ] || ! have unshare ||
	    ! unshare -m true 2>/dev/null || ! loader_has "$l"; then
		skip "$l hidden in a mount namespace" \
		    "not root, no unshare or no $l"
		continue
	fi
	: >"$T/empty"
	rm -f "$T/res"
	timeout -k 2 120 unshare -m --propagation private sh -c '
	    mount --bind "$1" "$2" && shift 2 && exec sh "$@"' sh \
	    "$T/empty" "$p" "$T/check.sh" "$SOCKT" "$T/lines" "$ECHO" \
	    "$HTTP" "$T/res" 2>"$T/ns.err"
	if [ ! -s "$T/res" ]; then
		fail "$l hidden in a mount namespace" "$(cat "$T/ns.err")"
		continue
	fi
	verdicts "$l hidden"
done
# and outside the namespace, nothing was hidden
if [ -n "$p" ] && tls_loadable; then
	like "the library is still there outside the namespace" \
	    "$("$SOCKT" --version)" "*TLS: OpenSSL 3*"
fi
done_testing
