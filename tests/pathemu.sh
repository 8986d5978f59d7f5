# tests/pathemu.sh: an emulated network path for tests and benchmarks
# (issue 47, item 7), sourced after tests/lib.sh.  tests/pathemu (built by
# make check from tests/pathemu.c) joins two network namespaces of its own,
# a client and a server, by a delay line over TUN: delay, jitter, loss,
# reordering and a rate per direction.
#
#   pathemu_usable [CMD...]   root, /dev/net/tun, nsenter, tests/pathemu
#                             and each CMD; else returns 1 with the
#                             reason in PE_WHY
#   pathemu_start [-t SECS] PROFILE [PATHEMU-OPTION...]
#                             a path, up when it returns (0; 1 and a failed
#                             test if it did not come up).  PROFILE is a
#                             name below or a spec "delay=20,loss=1" for
#                             both directions; options go to pathemu
#                             (-c SPEC, -s SPEC for one direction, -S SEED,
#                             -m MTU).  Ends by itself after SECS (default
#                             120, the watchdog a little later).  Sets:
#       PE_C, PE_S            command prefixes (use unquoted) that run a
#                             command in the client or server namespace:
#                             run 10 $PE_C "$SOCKT" portscan $PE_S4 ...;
#                             server 30 $PE_S python3 ...  (nsenter execs,
#                             so $SPID/$BGPID is the command itself)
#       PE_C4 PE_S4 PE_C6 PE_S6  the client's and server's addresses:
#                             198.18.0.1, 198.18.0.2, 2001:db8::1, 2001:db8::2
#                             (more server addresses: $PE_S ip addr add
#                             198.18.0.N/32 dev lo, 2001:db8::N/128)
#       PE_PID PE_CPID PE_SPID  pathemu and the holders of the namespaces
#       PE_STATS              the counters file, written when it stops
#   pathemu_stop              ends the path and waits for pathemu and both
#                             holders to be gone (1 if one stays)
#   pe_stat DIR FIELD         a counter after pathemu_stop: DIR c2s or s2c,
#                             FIELD in out lost qdrop reordered bytes werr
#                             lossruns
#   pe_ipt ARGS...            iptables ARGS in the server namespace (and
#   pe_ipt6 ARGS...           ip6tables); 1 when it fails
#   pathemu_http DIR [ADDR] [OPTION...]  tests/pathemu_http.py serving DIR
#                             on ADDR (default $PE_S4), port 0, in the
#                             server namespace; sets HPORT, HPID (options:
#                             --cut-bytes N, --cut-secs S, see that file)
#
# Profiles (each direction; the bench's are those of issue 47's table):
#   lossless      nothing added (the TUN hop alone)
#   20ms          delay=20,loss=0.1
#   100ms         delay=100,loss=1
#   jitter        delay=30,jitter=10,loss=3,reorder=1  (30 ms +- 10, 3 %, 1 %)
#   badwifi       delay=15,jitter=15,loss=2,burst=3,reorder=0.5,rate=2M
#                 (losses in bursts of 3, a 16 Mbit/s link with its queue)
#   short         delay=5                  (for make check: fast)
#   short-lossy   delay=10,jitter=3,loss=3,reorder=1
#   short-slow    delay=5,rate=1M
# A script outside tests/ (where "$0" does not find them) sets PATHEMU to
# tests/pathemu, and the peers are looked for beside it.
# Several paths can run at once (each has its own namespaces, the same
# addresses): save PE_C, PE_S, PE_PID, PE_CPID, PE_SPID and PE_STATS of one
# before starting the next.

: "${PATHEMU:=$(cd "$(dirname "$0")" && pwd)/pathemu}"
: "${PATHEMU_PEER:=$(cd "$(dirname "$PATHEMU")" && pwd)/pathemu_peer.py}"
: "${PATHEMU_HTTP:=$(cd "$(dirname "$PATHEMU")" && pwd)/pathemu_http.py}"
PE_C4=198.18.0.1
PE_S4=198.18.0.2
PE_C6=2001:db8::1
PE_S6=2001:db8::2
_pe_n=0

pathemu_usable() {
	PE_WHY=
	if [ "$(id -u)" != 0 ]; then
		PE_WHY="not root"
	elif [ ! -c /dev/net/tun ]; then
		PE_WHY="no /dev/net/tun"
	elif ! have nsenter || ! have unshare; then
		PE_WHY="no nsenter"
	elif [ ! -x "$PATHEMU" ]; then
		PE_WHY="no $PATHEMU (make check builds it)"
	elif ! unshare -n true 2>/dev/null; then
		PE_WHY="cannot make a network namespace"
	fi
	# and the commands the caller also needs
	for _pe_c in "$@"; do
		[ -z "$PE_WHY" ] && ! have "$_pe_c" && PE_WHY="no $_pe_c"
	done
	[ -z "$PE_WHY" ]
}

# pathemu_spec PROFILE: the -p spec of a profile name (or the spec itself)
pathemu_spec() {
	case $1 in
	lossless) echo "" ;;
	20ms) echo "delay=20,loss=0.1" ;;
	100ms) echo "delay=100,loss=1" ;;
	jitter) echo "delay=30,jitter=10,loss=3,reorder=1" ;;
	badwifi) echo "delay=15,jitter=15,loss=2,burst=3,reorder=0.5,rate=2M" ;;
	short) echo "delay=5" ;;
	short-lossy) echo "delay=10,jitter=3,loss=3,reorder=1" ;;
	short-slow) echo "delay=5,rate=1M" ;;
	*=*) echo "$1" ;;
	*) return 1 ;;
	esac
}

pathemu_start() {
	_pe_life=120
	if [ "$1" = -t ]; then
		_pe_life=$2
		shift 2
	fi
	if ! _pe_spec=$(pathemu_spec "$1"); then
		fail "pathemu_start: no profile '$1'"
		return 1
	fi
	shift
	_pe_n=$((_pe_n + 1))
	while [ -e "$T/pathemu$_pe_n.fifo" ]; do _pe_n=$((_pe_n + 1)); done
	PE_STATS=$T/pathemu$_pe_n.stats
	PE_LOG=$T/pathemu$_pe_n.log
	mkfifo "$T/pathemu$_pe_n.fifo" || return 1
	set -- -q -t "$_pe_life" -o "$PE_STATS" "$@"
	[ -n "$_pe_spec" ] && set -- -p "$_pe_spec" "$@"
	"$PATHEMU" "$@" </dev/null >"$T/pathemu$_pe_n.fifo" 2>"$PE_LOG" \
	    3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
	PE_PID=$!
	own "$PE_PID"
	watch "$((_pe_life + 10))" "$PE_PID"
	_pe_l=
	read -r _pe_l <"$T/pathemu$_pe_n.fifo"
	# "pathemu ready client PID server PID"
	set -- $_pe_l
	if [ "$2" != ready ]; then
		fail "pathemu did not start" "$(cat "$PE_LOG")"
		return 1
	fi
	PE_CPID=$4
	PE_SPID=$6
	PE_C="nsenter -t $PE_CPID -n"
	PE_S="nsenter -t $PE_SPID -n"
}

pathemu_stop() {
	kill "$PE_PID" 2>/dev/null
	wait "$PE_PID" 2>/dev/null
	wait_gone "$PE_PID" 10 && wait_gone "$PE_CPID" 10 &&
	    wait_gone "$PE_SPID" 10
}

pe_stat() {
	awk -v d="$1" -v f="$2" '$1 == d { for (i = 2; i < NF; i += 2)
	    if ($i == f) print $(i + 1) }' "$PE_STATS" 2>/dev/null
}

pe_ipt() { $PE_S iptables -w 10 "$@"; }
pe_ipt6() { $PE_S ip6tables -w 10 "$@"; }

pathemu_http() {
	_pe_dir=$1
	shift
	_pe_addr=$PE_S4
	case ${1:-} in
	'' | -*) ;;
	*) _pe_addr=$1; shift ;;
	esac
	server "$_pe_life" $PE_S python3 "$PATHEMU_HTTP" "$_pe_dir" \
	    "$_pe_addr" "$@" || return 1
	HPORT=$SPORT
	HPID=$SPID
}
