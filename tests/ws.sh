# tests/ws.sh: for the WebSocket scripts (t50xx), sourced after lib.sh.
#
# The peers: ws_peer.py on Python's "websockets" library, which Debian's
# python3-websockets gives to /usr/bin/python3 only (a python3 earlier in
# PATH, a pyenv say, may lack it), so it runs as $WSPY; ws_node.js on
# node's "ws" package, found through NODE_PATH: $SOCKT_NODE_PATH, else
# the global root of npm (.ci/run installs it there); ws_raw.py (standard
# library only), peers that misbehave on purpose.
#
# ws_py_usable: $WSPY imports websockets
# ws_node_usable: node is here and finds ws (NODE_PATH exported)
# skips N DESC REASON: N skipped results, so a missing peer keeps the
#	count of results the same
# wsclient SECS ARGS...: ws_peer.py client ARGS as run does ($out, $err,
#	$rc), through pyrun where python3 is $WSPY
# wspy SECS ARGS...: ws_peer.py serve ARGS as a server (server of lib.sh):
#	SPID, SPORT, its reports in $SOUT ($T/wspy.out unless set)
# wsraw SECS ARGS...: ws_raw.py serve ARGS as a server, the same way
# wsnode SECS ARGS...: ws_node.js serve ARGS as a server, the same way
# feed FILE: a fifo that gives FILE and then never ends, as a stdin that
#	sends no Close at its end (a peer of websockets answers a Close at
#	once and sends nothing more, so an echo must come back first): its
#	path in $FEED, its writer $FEEDPID (kill it when done).  Needs the
#	fifo $T/hold held open by the script (exec 7<>"$T/hold").
# reports FILE PID: wait for the peer PID to end (its reports are then
#	whole in FILE; after 10 s it is ended) and set $rep to them

# every script of them: sockt's handshake takes SHA-1 from OpenSSL
# (libcrypto.so.3, as the loader that runs sockt finds it)
if ! tls_loadable; then
	skip "WebSocket" "no libssl.so.3: the handshake's SHA-1 is OpenSSL's"
	done_testing
	exit 0
fi
: "${WSPY:=/usr/bin/python3}"
WSDIR=$(cd "$(dirname "$0")" && pwd)
WSPEER=$WSDIR/ws_peer.py
WSRAW=$WSDIR/ws_raw.py
WSNODE=$WSDIR/ws_node.js

ws_py_usable() {
	[ -x "$WSPY" ] && "$WSPY" -c 'import websockets' 2>/dev/null
}

ws_node_usable() {
	have node || return 1
	if [ -z "${NODE_PATH:-}" ]; then
		NODE_PATH=${SOCKT_NODE_PATH:-$(timeout 30 npm root -g 2>/dev/null)}
	fi
	export NODE_PATH
	timeout 30 node -e 'require("ws")' >/dev/null 2>&1
}

skips() {
	_sk=$1
	shift
	while [ "$_sk" -gt 0 ]; do
		skip "$@"
		_sk=$((_sk - 1))
	done
}

# wsclient SECS ARGS...: "run SECS $WSPY ws_peer.py client ARGS...",
#	through pyrun (one python3 for a script's many, its start and
#	websockets' import ~0.15 s of CPU each) where python3 is $WSPY
wsclient() {
	_wc=$1
	shift
	if [ -z "$_wspyrun" ]; then
		_wspyrun=no
		[ "$(readlink -f "$(command -v python3)")" = \
		    "$(readlink -f "$WSPY")" ] && _wspyrun=yes
	fi
	if [ "$_wspyrun" = yes ]; then
		pyrun "$_wc" "$WSPEER" client "$@"
	else
		run "$_wc" "$WSPY" "$WSPEER" client "$@"
	fi
}

wspy() {
	_ws=$1
	shift
	SOUT=${SOUT:-$T/wspy.out} server "$_ws" "$WSPY" "$WSPEER" serve "$@"
}

wsraw() {
	_ws=$1
	shift
	SOUT=${SOUT:-$T/wsraw.out} server "$_ws" "$WSPY" "$WSRAW" serve "$@"
}

wsnode() {
	_ws=$1
	shift
	SOUT=${SOUT:-$T/wsnode.out} server "$_ws" node "$WSNODE" serve "$@"
}

_fdn=0
feed() {
	_fdn=$((_fdn + 1))
	FEED=$T/feed$_fdn
	mkfifo "$FEED"
	# the writer then reads the held fifo, which never ends
	BGOUT=$FEED bg 280 sh -c 'cat "$1"; exec cat "$2"' sh "$1" "$T/hold"
	FEEDPID=$BGPID
}

reports() {
	wait_gone "$2" 10 || kill "$2" 2>/dev/null
	wait "$2" 2>/dev/null
	rep=$(cat "$1" 2>/dev/null)
}
