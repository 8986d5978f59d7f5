# tests/resumelab.sh: the lab of portscan --resume's tests (t3058 -j,
# t3059 -oX), sourced first by a script that defines names(), its
# checks' descriptions, one a line.  As root it runs the script again in
# a network namespace of its own (SK_T3_NS=1, unshare -n), then sources
# tests/lib.sh.
#
#   resume_lab [CMD]   lo up, 198.18.0.0/24 made local, iptables rule 1
#                      counting every SYN to it, 198.18.0.2's ports
#                      100-299 DROPped (filtered), 198.18.0.3's 300-399
#                      REJECTed (filtered, port unreachable), a listener
#                      on every address at $L, $dfl a prefix that runs a
#                      command with SIGINT at its default; without root,
#                      the namespace, iptables or CMD, every check of
#                      names() skipped and the script ended
#   syns               the SYNs rule 1 counted, then zeroed
#   last_mark FILE     the place of FILE's last mark (-j's or -oX's)
#   marked N FILE      FILE has a mark past N
#   stopped SIG N FILE ARGS...  portscan --resume FILE ARGS in the
#                      background, SIG once FILE has a mark past N probes;
#                      its status in $rc, stderr in $T/e

if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

resume_lab() {
	if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
	    { [ -n "${1:-}" ] && ! have "$1"; } ||
	    ! ip link set lo up 2>/dev/null || ! have iptables ||
	    ! ip route add local 198.18.0.0/24 dev lo 2>/dev/null ||
	    ! iptables -A INPUT -p tcp --syn -d 198.18.0.0/24 2>/dev/null; then
		while IFS= read -r _d; do
			skip "$_d" "needs root, unshare -n, iptables${1:+ and $1}"
		done <<-EOF
		$(names)
		EOF
		done_testing
		exit 0
	fi
	iptables -A INPUT -d 198.18.0.2 -p tcp --dport 100:299 -j DROP
	iptables -A INPUT -d 198.18.0.3 -p tcp --dport 300:399 -j REJECT
	server 200 "$SOCKT" listen -v -k 0.0.0.0 0 -c true || exit 1
	L=$SPORT
	if env --default-signal=INT true 2>/dev/null; then
		dfl="env --default-signal=INT"
	else
		dfl=
	fi
}

syns() {
	iptables -L INPUT -v -x -n | awk 'NR == 3 { print $1 }'
	iptables -Z INPUT
}

last_mark() {
	sed -n 's/^\(<!-- sockt-resume \)\{0,1\}{"type":"resume","next":/N/
	    s/^N\([0-9]*\).*/\1/p' "$1" 2>/dev/null | tail -n 1
}

marked() {
	_k=$(last_mark "$2")
	[ "${_k:-0}" -gt "$1" ]
}

stopped() {
	_sig=$1 _at=$2 _f=$3
	shift 3
	$dfl "$SOCKT" portscan --resume "$_f" "$@" >"$T/so" 2>"$T/e" \
	    </dev/null &
	_p=$!
	own "$_p"
	watch 60 "$_p"
	wait_until 30 marked "$_at" "$_f" || fail "the scan made no progress"
	kill -"$_sig" "$_p"
	wait "$_p"
	rc=$?
}
