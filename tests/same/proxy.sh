# tests/same/proxy.sh: the proxy servers' origin side (listen
# --serve-proxy http and socks5), for same-sessions.sh (which says what
# a scenario is): before tests/http_origin.py, a GET, two over one
# connection, CONNECT and SOCKS5, each straight and chained through
# --proxy to another of sockt's proxies; the refusals of a closed port
# and of a closed next proxy; a next proxy that sends the far end's
# first bytes with its reply (tests/fake_proxy.py http-early).  Each
# prints what its clients got and the proxies' -v lines and records,
# times and ports made alike and sorted (their order between processes
# is none).
SCENARIOS="proxy_http proxy_socks proxy_chained proxy_early"

# px NAME ARGS...: a proxy server of $SOCKT (-k -v) on 127.0.0.1, its
# port in NAME
px() {
	_v=$1
	shift
	server 60 "$SOCKT" listen -k -v 127.0.0.1 0 "$@" || return 1
	eval "$_v=\$SPORT"
	PXLOGS="${PXLOGS:-} $SLOG"
	PXPIDS="${PXPIDS:-} $SPID"
}

# origin: tests/http_origin.py, its port in O, a closed port in CL
origin() {
	mkdir -p "$T/o"
	server 60 python3 "$TESTS/http_origin.py" "$T/o" || return 1
	O=$SPORT
	# a port just free: bound, then closed, never listened on
	CL=$(python3 -c 'import socket; s = socket.socket(); \
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || return 1
}

# ask WHAT CMD...: a client, what it got (a body as its sum, a head's
# text) and said, its status
ask() {
	_w=$1
	shift
	echo "== $_w"
	timeout 10 "$@" >"$T/c.out" 2>"$T/c.err"
	echo "status $?"
	cksum <"$T/c.out"
	LC_ALL=C tr -d '\r' <"$T/c.out" | LC_ALL=C grep -a '^[ -~]*$' |
	    head -n 4 | sed 's/^/out /'
	sed 's/^/err /' "$T/c.err"
}

# logs: the proxies ended, their lines, each alike across runs
logs() {
	for p in $PXPIDS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	for l in $PXLOGS; do
		echo "== proxy"
		sed -e 's/^time=[^ ]* /time=T /' -e 's/ ms=[0-9]* / ms=T /' \
		    -e 's/port [0-9]*/port P/g' \
		    -e 's/127\.0\.0\.1:[0-9]*/127.0.0.1:P/g' "$l" | sort
	done
}

# via PROXY: GET, two GETs, a closed port, CONNECT through an HTTP proxy
http_asks() {
	ask "GET" "$SOCKT" http-get --proxy "http://127.0.0.1:$1" \
	    "http://127.0.0.1:$O/cl/100"
	ask "two GETs" "$SOCKT" http-get --proxy "http://127.0.0.1:$1" \
	    "http://127.0.0.1:$O/cl/10" "http://127.0.0.1:$O/chunked/1000"
	ask "GET a closed port" "$SOCKT" http-get --proxy \
	    "http://127.0.0.1:$1" "http://127.0.0.1:$CL/x"
	printf 'GET /cl/7 HTTP/1.0\r\n\r\n' >"$T/req"
	ask "CONNECT" sh -c '"$1" connect --proxy "$2" 127.0.0.1 "$3" <"$4"' \
	    - "$SOCKT" "http://127.0.0.1:$1" "$O" "$T/req"
}

socks_asks() {
	printf 'GET /cl/7 HTTP/1.0\r\n\r\n' >"$T/req"
	ask "SOCKS5" sh -c '"$1" connect --proxy "$2" 127.0.0.1 "$3" <"$4"' \
	    - "$SOCKT" "socks5h://127.0.0.1:$1" "$O" "$T/req"
	ask "SOCKS5 to a closed port" sh -c '"$1" connect --proxy "$2" \
	    127.0.0.1 "$3" </dev/null' - "$SOCKT" "socks5h://127.0.0.1:$1" "$CL"
}

sc_proxy_http() {
	have python3 || { echo "SKIP no python3"; return 0; }
	origin || return 1
	px H --serve-proxy http || return 1
	http_asks "$H"
	logs
}

sc_proxy_socks() {
	have python3 || { echo "SKIP no python3"; return 0; }
	origin || return 1
	px S --serve-proxy socks5 || return 1
	socks_asks "$S"
	logs
}

sc_proxy_chained() {
	have python3 || { echo "SKIP no python3"; return 0; }
	origin || return 1
	px H --serve-proxy http || return 1
	px S --serve-proxy socks5 || return 1
	px HS --serve-proxy http --proxy "socks5h://127.0.0.1:$S" || return 1
	px SH --serve-proxy socks5 --proxy "http://127.0.0.1:$H" || return 1
	px HX --serve-proxy http --proxy "socks5h://127.0.0.1:$CL" || return 1
	http_asks "$HS"
	socks_asks "$SH"
	ask "GET, the next proxy closed" "$SOCKT" http-get \
	    --proxy "http://127.0.0.1:$HX" "http://127.0.0.1:$O/cl/3"
	ask "CONNECT, the next proxy closed" sh -c '"$1" connect --proxy \
	    "$2" 127.0.0.1 "$3" </dev/null' - "$SOCKT" "http://127.0.0.1:$HX" "$O"
	logs
}

sc_proxy_early() {
	have python3 || { echo "SKIP no python3"; return 0; }
	server 30 python3 "$TESTS/fake_proxy.py" http-early || return 1
	px SE --serve-proxy socks5 --proxy "http://127.0.0.1:$SPORT" ||
	    return 1
	ask "SOCKS5, the next proxy's early bytes" sh -c 'echo ping |
	    "$1" connect --proxy "$2" 127.0.0.1 9' - "$SOCKT" \
	    "socks5h://127.0.0.1:$SE"
	logs
}
