# tests/proxies.sh: helpers for the scripts that go through proxies,
# sourced after lib.sh: tests/fake_proxy.py (the replies no real proxy
# gives on demand) and Debian's tinyproxy.  FAKE_ARGS, set before, is
# given to every fake (--http: its far end speaks HTTP).

FAKE="python3 $(cd "$(dirname "$0")" && pwd)/fake_proxy.py"
FAKE="$FAKE${FAKE_ARGS:+ $FAKE_ARGS}"

# fake MODE ARGS...: a fake proxy; its port in FP, its log in $T/fake.out
fake() {
	SOUT=$T/fake.out server 40 $FAKE "$@" || return 1
	FP=$SPORT
}

# far N: the far end for N clients (hello, then "got: LINE"); port in FAR
far() {
	# it lives as long as the scripts that use it, loaded machines too
	SOUT=/dev/null server 300 $FAKE far "$1" || return 1
	FAR=$SPORT
}

# up PORT: something listens on PORT (a proxy on 127.0.0.1), looked up
# without a connection or a python3 start (lib.sh's tcp_listens)
up() { tcp_listens "$1"; }

# tiny PORT [LINE]: tinyproxy on 127.0.0.1 PORT with LINE added to its
# configuration (BasicAuth USER PW); no ConnectPort line, so CONNECT goes
# to any port
tiny() {
	printf 'Port %s\nListen 127.0.0.1\nTimeout 20\nMaxClients 8\nAllow 127.0.0.1\nLogLevel Critical\n%s\n' \
	    "$1" "${2:-}" >"$T/tiny$1.conf"
	bg 120 tinyproxy -d -c "$T/tiny$1.conf"
	wait_until 10 up "$1"
}

# dante [RULE [METHOD]]: dante-server (SOCKS4 and 5, no authentication,
# or METHOD: username, RFC 1929 against the system's passwords) on
# 127.0.0.1, its port in DP, its pid in DPID; it runs as whoever runs the
# test (its unprivileged uid is ours by default), its pid file and
# configuration in $T; RULE in its socks pass rule's place of "protocol:
# tcp" ("command: udpassociate udpreply": SOCKS5 UDP)
dante() {
	DP=$(freeport)
	printf '%s\n' 'logoutput: stderr' "internal: 127.0.0.1 port = $DP" \
	    'external: 127.0.0.1' "socksmethod: ${2:-none}" \
	    'clientmethod: none' \
	    'client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }' \
	    "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 ${1:-protocol: tcp} }" \
	    >"$T/danted$DP.conf"
	bg 120 danted -f "$T/danted$DP.conf" -N 1 -p "$T/danted$DP.pid"
	DPID=$BGPID
	wait_until 10 up "$DP"
}
