# tests/lib.sh: helpers for the end-to-end TAP scripts (POSIX sh).
# Source it first: . "$(dirname "$0")/lib.sh"
#
# Rules it helps keep: servers bind port 0 and the test reads the real port
# from their "listening on ADDR port N" line (through a fifo, so no guessed
# sleep before the first connect); what can only be polled is polled with
# a deadline (wait_until); every process runs under a watchdog (tests/tmo)
# so a hang fails instead of wedging; cleanup kills only the PIDs this
# script started.  tests/README.md has the whole layout.

# the tests' directory, absolute, found once (each $( ) is a fork)
_td=$(cd "$(dirname "$0")" && pwd) || exit 1
: "${SOCKT:=${_td%/*}/sockt}"
# tests/holdport (built by make check): ports held closed, free ports
: "${HOLDPORT:=$_td/holdport}"
# run's time limit: tests/tmo (built by make check), else timeout(1)
if [ -x "$_td/tmo" ]; then _tmo="$_td/tmo"; else _tmo="timeout -k 2"; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sockt-t.XXXXXX") || exit 1
# python3: the system's own where there is one, ahead of a version
# manager's shim (pyenv's is a bash script that runs pyenv, then python:
# 0.19 s of CPU a start against 0.02 s).  The scripts start python over
# a thousand times: on this machine that was 180 s of make check's 600
# CPU seconds.  It is also the python .ci/run installs their modules for.
if [ -x /usr/bin/python3 ] &&
    [ "$(command -v python3)" != /usr/bin/python3 ] &&
    mkdir "$T/bin" && ln -s /usr/bin/python3 "$T/bin/python3"; then
	PATH=$T/bin:$PATH
	export PATH
fi
# curl 7.88 and http-get read ~/.curlrc without -q: an empty $T/.curlrc
# in $CURL_HOME, the first place both look, so that no script reads the
# developer's (t2172 sets its own)
: >"$T/.curlrc" || exit 1
CURL_HOME=$T
export CURL_HOME
# sockt help CMD shows the page where man(1) is; the scripts that read
# help's text read the --help text on any machine (t0036 the page)
SOCKT_MAN=no
export SOCKT_MAN
# portscan -sV's probe file, the tree's (make install puts it in DATADIR)
SOCKT_DATADIR=${_td%/*}/src/parse
export SOCKT_DATADIR
t_n=0
t_failed=0
_pids=""
_wpids=""
_copiers=""
_sn=0
_pyrun_t=

# pid_start PID: set _pstart to when process PID started (field 22 of
# /proc/PID/stat, read after the name's last ")": a name may hold
# spaces), or "-" where there is no /proc: it and a process's PID name
# one process for good, while PID alone may be reused once
# its process is reaped: with several suites at once, a script that kills
# a PID it started long ago may hit another script's process (t5003 and
# t1019 died of that under -j 2).
# Read by the shell itself, and into a variable, not printed for a $( ):
# it runs for every process a script starts and ends (own, watch, ours),
# and a sed each time, then a $( ) each time, was thousands of forks a
# suite.  The fields are split with IFS as the caller had it, or a space;
# its variables are named _ps*: it runs in the caller's shell now, where a
# script's own _s or _l must stay as they were (_slurp's are _sl*).
pid_start() {
	_pstart=-
	_pst=
	{ IFS= read -r _pst; } 2>/dev/null <"/proc/$1/stat"
	_pst=${_pst##*) }
	if [ -n "${IFS+x}" ]; then
		_psifs=$IFS
		IFS=' '
		# shellcheck disable=SC2086
		set -- $_pst
		IFS=$_psifs
	else
		IFS=' '
		# shellcheck disable=SC2086
		set -- $_pst
		unset IFS
	fi
	[ $# -lt 20 ] || { shift 19; _pstart=$1; }
}

# ours PID START: is PID still the process that started at START?
ours() {
	[ "$2" = - ] || { pid_start "$1"; [ "$_pstart" = "$2" ]; }
}

# own PID: PID is this script's, for cleanup to end (and only while it is
# the process that was started).
own() {
	pid_start "$1"
	_pids="$_pids $1:$_pstart"
}

t_cleanup() {
	# watchdogs first, so none outlives us to signal a reused PID
	for _p in $_wpids $_pids; do
		ours "${_p%%:*}" "${_p#*:}" && kill "${_p%%:*}" 2>/dev/null
	done
	rm -rf "$T"
}
trap 't_cleanup' EXIT
trap 'exit 1' INT TERM
# the script's one watchdog (tests/tmo -w, where make check built it),
# which watch tells of each process: a line into its fifo, no fork
_wdpid=
_wfifo=$T/watch
if [ -x "$_td/tmo" ] && "$_td/tmo" -w "$_wfifo" "$$" </dev/null \
    >"$T/watch.pid" 2>/dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; then
	read -r _wdpid <"$T/watch.pid"
	own "$_wdpid"
	_wpids="$_wpids ${_pids##* }"
	_pids=${_pids% *}
fi

# TAP results
pass() { t_n=$((t_n + 1)); echo "ok $t_n - $*"; }
fail() {
	t_n=$((t_n + 1))
	t_failed=$((t_failed + 1))
	echo "not ok $t_n - $1"
	shift
	for _l in "$@"; do
		printf '%s\n' "$_l" | sed 's/^/#   /'
	done
}
skip() { t_n=$((t_n + 1)); echo "ok $t_n - $1 # SKIP ${2:-}"; }
# check DESC CMD...: pass when CMD succeeds
check() {
	_d=$1
	shift
	if "$@"; then pass "$_d"; else fail "$_d" "command failed: $*"; fi
}
# is DESC GOT WANT
is() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "got:  $2" "want: $3"
	fi
}
# like DESC GOT PATTERN (a case pattern)
like() {
	case $2 in
	$3) pass "$1" ;;
	*) fail "$1" "got:  $2" "want: $3" ;;
	esac
}
done_testing() {
	echo "1..$t_n"
	[ "$t_failed" -eq 0 ]
}

# part FUNC ARGS...: run FUNC, a shell function of checks that stand on
# their own (their own servers, their own files), beside what the script
# does next: for checks whose time is a wait that must run out (a peer's
# silence, a protocol's bound), which in line cost the script their sum.
# It runs in a subshell whose $T is a directory of its own (files made
# before it are reached through variables that name them), its processes
# its own to end; its TAP lines are held in a file.  parts_done waits for
# every part and prints their lines in the order the parts started,
# numbered on from this script's count (a part that ended in error
# without a failed check is one).
_pn=0
_partpids=""
part() {
	_pn=$((_pn + 1))
	(
		T=$T/part$_pn
		mkdir "$T" || exit 1
		t_n=0 t_failed=0 _pids="" _wpids="" _copiers="" _sn=0
		trap 't_cleanup' EXIT
		"$@"
		exit 0
	) >"$T/part$_pn.tap" 2>&1 &
	_partpids="$_partpids $!:$_pn"
}
parts_done() {
	for _p in $_partpids; do
		_i=${_p#*:}
		wait "${_p%:*}"
		_st=$?
		_bad=0
		while IFS= read -r _l; do
			case $_l in
			"ok "[0-9]*)
				_r=${_l#ok }
				t_n=$((t_n + 1))
				printf 'ok %s%s\n' "$t_n" "${_r#"${_r%%[!0-9]*}"}"
				;;
			"not ok "[0-9]*)
				_r=${_l#not ok }
				t_n=$((t_n + 1))
				t_failed=$((t_failed + 1))
				_bad=1
				printf 'not ok %s%s\n' "$t_n" \
				    "${_r#"${_r%%[!0-9]*}"}"
				;;
			1..*) ;;
			*) printf '%s\n' "$_l" ;;
			esac
		done <"$T/part$_i.tap"
		[ "$_st" -eq 0 ] || [ "$_bad" -eq 1 ] ||
		    fail "part $_i of this script ended with status $_st"
	done
	_partpids=""
}

# run SECS CMD...: run in the foreground with a watchdog; stdout in $T/out,
# stderr in $T/err, status in $rc (124 means the watchdog fired).
# The files are opened on 8 and 9 around the command, which writes
# through them: their offsets, shared with it, are the bytes it wrote,
# read from /proc/self/fdinfo (no fork) for _outs (_ro_sz and _re_sz,
# empty where there is no /proc)
run() {
	_secs=$1
	shift
	{
		$_tmo "$_secs" "$@" >&8 2>&9 8>&- 9>&-
		rc=$?
		_ro_sz= _re_sz=
		{ IFS=' 	' read -r _rk _ro_sz; } 2>/dev/null </proc/self/fdinfo/8
		{ IFS=' 	' read -r _rk _re_sz; } 2>/dev/null </proc/self/fdinfo/9
	} 8>"$T/out" 9>"$T/err"
	# tmo's SIGALRM (142) is timeout's 124: the time ran out
	[ "$rc" -ne 142 ] || rc=124
	_outs
}
# _outs: $out and $err from $T/out and $T/err.  An empty file costs no
# cat (most stderrs are: thousands a suite), nor does a short one.  One
# known to be longer than 4 KiB (_ro_sz, _re_sz: its size, where known)
# is read by a cat: the shell's read takes a byte a system call, and a
# 16 MiB line was 8 s of CPU
_outs() {
	_out1 "$T/out" "$_ro_sz"
	out=$_sl
	_out1 "$T/err" "$_re_sz"
	err=$_sl
}
# _out1 FILE SIZE: $_sl from FILE (SIZE: its size, or empty)
_out1() {
	_sl=
	[ -s "$1" ] || return 0
	if [ "${2:-0}" -gt 4096 ] 2>/dev/null; then
		_sl=$(cat "$1")
	else
		_slurp "$1"
	fi
}
# _slurp FILE: $_sl set to FILE's text as $(cat FILE) gives it (every
# newline at the end dropped), read by the shell itself up to 64 lines
# and 4 KiB: a cat in a $( ) is a fork and an exec, some 8 ms of CPU on the
# test machine, while the shell's read takes a byte a system call and
# costs more than the cat only past some 5 KiB
_slurp() {
	_sl=
	_sl_n=0
	while IFS= read -r _sl_l; do
		_sl="$_sl$_sl_l
"
		_sl_n=$((_sl_n + 1))
		if [ "$_sl_n" -ge 64 ] || [ "${#_sl}" -gt 4096 ]; then
			_sl=$(cat "$1")
			return 0
		fi
	done <"$1"
	_sl="$_sl$_sl_l"
	while :; do
		case $_sl in
		*"
") _sl=${_sl%"
"} ;;
		*) return 0 ;;
		esac
	done
}

# pyrun SECS SCRIPT ARG...: as "run SECS python3 SCRIPT ARG..." ($out,
# $err, $rc, 124 when SECS passed), the script run by one python3 that
# serves every pyrun of the script (of its part: one each), started at
# the first (tests/pyrun.py): a python3 start is ~0.1 s of CPU on the CI
# machine, some 45 of them a script's 6 s.  For a client that ends,
# reads no stdin and leaves no state behind (a socket timeout set for
# all, a signal handler).  PYIN=FILE: sys.stdin is FILE for the run, not
# /dev/null (for a client that reads sys.stdin, not fd 0).  It holds
# descriptors 8 and 9 (bg and server close them).
pyrun() {
	if [ "$_pyrun_t" != "$T" ]; then
		_pyrun_t=$T
		mkfifo "$T/pyrun.in" "$T/pyrun.out" || return 1
		BGIN=$T/pyrun.in BGOUT=$T/pyrun.out bg 900 python3 \
		    "$(dirname "$0")/pyrun.py" "$T"
		exec 8>"$T/pyrun.in" 9<"$T/pyrun.out"
	fi
	: >"$T/out"
	: >"$T/err"
	_pys=$1
	shift
	printf '%s\0' "$(($# + 2))" "$_pys" "${PYIN:-/dev/null}" "$@" >&8
	read -r rc _ro_sz _re_sz <&9 || rc=127
	_outs
}

# watch SECS PID: a watchdog that ends PID (TERM, then KILL) after SECS.
# It holds none of the test's descriptors, so a pipe or fifo the process
# writes still reaches EOF when the process closes it (coreutils timeout,
# as the parent, would keep such a pipe open).
# The script's watchdog (tests/tmo -w) is told in a line; where there is
# none, a subshell and its sleep for each: two processes a watch, some
# 10 ms of CPU on the test machine, thousands of them a suite.  Ended by
# cleanup, it ends its sleep too: an orphaned sleep of 600 s was left
# behind by every script that ended first (184 at once on a busy
# machine).
watch() {
	pid_start "$2"
	if [ -n "$_wdpid" ]; then
		# read and write: never blocks, whatever became of the reader
		printf '%s %s %s\n' "$1" "$2" "$_pstart" 1<>"$_wfifo"
		return 0
	fi
	_ws=$_pstart
	( trap 'kill "$_wsl" 2>/dev/null; exit 0' TERM
	    sleep "$1" & _wsl=$!
	    wait "$_wsl"
	    ours "$2" "$_ws" && kill -TERM "$2" 2>/dev/null
	    sleep 2; ours "$2" "$_ws" && kill -KILL "$2" 2>/dev/null
	    ) </dev/null >/dev/null 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
	own "$!"
	_wpids="$_wpids ${_pids##* }"
	_pids=${_pids% *}
}

# bg SECS CMD...: start CMD in the background under a watchdog; its PID in
# $BGPID.  Redirect as needed with BGIN/BGOUT/BGERR (default /dev/null).
# Descriptors 3-9 of the test are not passed on.
bg() {
	_secs=$1
	shift
	"$@" <"${BGIN:-/dev/null}" >"${BGOUT:-/dev/null}" \
	    2>"${BGERR:-/dev/null}" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
	BGPID=$!
	own "$BGPID"
	watch "$_secs" "$BGPID"
}

# busy_start SECS: two busy loops (each ended by SECS at the latest), for
# checks whose bar is "beside two busy loops" (an end or a race that a
# loaded machine shows), their PIDs in $BUSY, the load in words in
# $BUSY_DESC; busy_stop ends them.  In a
# run of several scripts at once (tests/run -j N: SOCKT_TEST_JOBS above
# 1) the run's other scripts load both cores already, and two more loops
# only took CPU from them (some 60 s of a make check, three scripts'
# loops): none start then, and a comment says so.
busy_start() {
	BUSY=
	BUSY_DESC="two busy loops"
	if [ "${SOCKT_TEST_JOBS:-1}" -gt 1 ]; then
		BUSY_DESC="the run's other scripts (-j $SOCKT_TEST_JOBS)"
		echo "# load: $BUSY_DESC, not two busy loops"
		return 0
	fi
	bg "$1" sh -c 'while :; do :; done'
	BUSY=$BGPID
	bg "$1" sh -c 'while :; do :; done'
	BUSY="$BUSY $BGPID"
}
busy_stop() {
	# shellcheck disable=SC2086
	[ -z "$BUSY" ] || kill $BUSY 2>/dev/null
	BUSY=
}

# server SECS CMD...: start a server that prints "listening on ADDR port N"
# (or "listening on PATH") on stderr; wait for that line and set SPID,
# SPORT (the port, or the path) and SLOG (a file that collects the rest of
# its stderr).  stdin from $SIN (default /dev/null), stdout to $SOUT
# (default /dev/null).  If the server dies before listening, that is
# reported as a failed test and server returns 1.
server() {
	_secs=$1
	shift
	# names stay unique even when called from a subshell
	_sn=$((_sn + 1))
	while [ -e "$T/fifo$_sn" ]; do _sn=$((_sn + 1)); done
	SLOG=$T/server$_sn.log
	mkfifo "$T/fifo$_sn" || { fail "server: mkfifo failed"; return 1; }
	"$@" <"${SIN:-/dev/null}" >"${SOUT:-/dev/null}" 2>"$T/fifo$_sn" \
	    3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
	SPID=$!
	own "$SPID"
	watch "$_secs" "$SPID"
	SPORT=
	# a signal (a child ending) can interrupt the blocking open of the
	# fifo; "command" keeps that from ending the shell, and we retry
	_try=0
	until { command exec 3<"$T/fifo$_sn"; } 2>/dev/null; do
		_try=$((_try + 1))
		[ $_try -lt 100 ] || return 1
	done
	while IFS= read -r _l <&3; do
		printf '%s\n' "$_l" >>"$SLOG"
		case $_l in
		*"listening on "*" port "*) SPORT=${_l##* port }; break ;;
		*"listening on "*) SPORT=${_l##*listening on }; break ;;
		esac
	done
	cat <&3 >>"$SLOG" &
	_copiers="$_copiers $SPID:$!"
	exec 3<&-
	if [ -z "$SPORT" ]; then
		# a server that cannot start is a failure, never a silent skip
		fail "server did not start: $*" "$(cat "$SLOG" 2>/dev/null)"
		return 1
	fi
}

# freeport: print a port that is free now and lies outside the range the
# kernel hands out for port 0, for a peer that cannot bind port 0 itself
# (nginx, tinyproxy, git daemon): a port-0 bind of this or a concurrent
# script cannot take it before the peer binds it.  Only a peer needs it:
# a port that must stay closed comes from closedport.
freeport() {
	"$HOLDPORT" -f
}

# tcp_listens PORT: a TCP socket of this network namespace listens on
# PORT, by /proc/net/tcp and tcp6 (one grep, no connection: a server that
# counts or serves its connections sees none; a probe by python3 was 80
# ms of CPU), else by a connect -z.  For wait_until: "wait_until 10 run
# ..." does not wait, as run's own status is 0 whatever the command's
tcp_listens() {
	if [ -r /proc/net/tcp ]; then
		grep -qi ":$(printf '%04X' "$1") 0*:0000 0A" /proc/net/tcp \
		    /proc/net/tcp6 2>/dev/null
	else
		"$SOCKT" connect -z 127.0.0.1 "$1" >/dev/null 2>&1
	fi
}

# closedport [-6] [-u]: set CPORT to a loopback port that is bound for
# the rest of the script (or until its holder CPID is killed) and never
# listens, so a connection to it is
# refused and no other bind (a server's port 0, a concurrent script) can
# take it.  A port found free and let go could be handed to the next
# port-0 bind, and then "closed" answers.
closedport() {
	_sn=$((_sn + 1))
	while [ -e "$T/fifo$_sn" ]; do _sn=$((_sn + 1)); done
	mkfifo "$T/fifo$_sn" || return 1
	"$HOLDPORT" "$@" </dev/null >"$T/fifo$_sn" 2>&1 \
	    3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
	CPID=$!
	own "$CPID"
	watch 600 "$CPID"
	CPORT=
	read -r CPORT <"$T/fifo$_sn"
	case $CPORT in
	'' | *[!0-9]*) fail "closedport: $CPORT"; CPORT=; return 1 ;;
	esac
}

# wait_status PID: wait for a background process and set $rc (a server's: its
# $SLOG complete too).
wait_status() {
	wait "$1"
	rc=$?
	# a server's: the copier of its stderr to $SLOG may still hold its
	# last lines; it ends with the server's end (2 s at most, for a
	# process the server left that keeps its stderr)
	for _c in $_copiers; do
		[ "${_c%%:*}" != "$1" ] || wait_until 2 _not_alive "${_c#*:}"
	done
}

# Clocks, polling and processes.  The GNU-only tools the scripts need
# (date +%s%3N, ps --ppid) are used here and nowhere else, so a port to a
# BSD changes these few functions.

# now_ms: a clock in milliseconds, for the time between two readings:
# the machine's uptime, read by the shell from /proc/uptime (10 ms
# steps), else date's time since the epoch.  _ms sets $_ms to it with no
# fork at all: a date in a $( ) was a fork and an exec, two a timed run.
now_ms() { _ms; echo "$_ms"; }
_ms() {
	_ms=
	{ read -r _ms _msr; } 2>/dev/null </proc/uptime
	case $_ms in
	[1-9]*.[0-9][0-9]) _ms=${_ms%.*}${_ms#*.}0 ;;
	*) _ms=$(date +%s%3N) ;;
	esac
}

# within MIN_MS MAX_MS ELAPSED_MS: is ELAPSED in [MIN, MAX]?  Take MIN a
# little under the nominal time (a timer never fires early, but the clock
# may start after the program's); take MAX roughly nominal + 2 s, room
# for sanitizer builds on a loaded machine, well short of the watchdog.
within() {
	case $3 in '' | *[!0-9]*) return 1 ;; esac
	[ "$3" -ge "$1" ] && [ "$3" -le "$2" ]
}

# timed SECS CMD...: run (above) and set $el to its wall time in ms
timed() {
	_ms
	_tt0=$_ms
	run "$@"
	_ms
	el=$((_ms - _tt0))
}

# wait_until SECS CMD...: poll CMD until it succeeds; returns 1 if SECS
# (whole seconds) pass first.  The pause doubles from 10 ms to 160 ms: a
# look costs a sleep, a date and CMD, some 20 ms of CPU on a busy virtual
# machine (its page faults), so a look every 50 ms held a third of a core
# for as long as it waited, and 368 waits did, beside the scripts whose
# CPU they took.  A short wait is seen as soon as before; a long one
# costs a look every 160 ms.  What holds at the first look costs no
# clock (a date is a fork, and most waits are over at once).
wait_until() {
	_wu_s=$1
	shift
	"$@" && return 0
	_ms
	_wu_end=$((_ms + _wu_s * 1000))
	_wu_p=010
	until "$@"; do
		_ms
		[ "$_ms" -lt "$_wu_end" ] || return 1
		sleep "0.$_wu_p"	# polling, bounded by the deadline
		case $_wu_p in
		010) _wu_p=020 ;; 020) _wu_p=040 ;; 040) _wu_p=080 ;;
		*) _wu_p=160 ;;
		esac
	done
}

# wait_lines SECS N FILE: wait until FILE holds N lines at least (a
# server's log written after its client may already have gone on)
wait_lines() {
	wait_until "$1" _has_lines "$2" "$3"
}
# _has_lines N FILE: FILE holds N whole lines, counted by the shell (a
# look was an sh, a $( ) and a wc)
_has_lines() {
	[ -f "$2" ] || return 1
	_hl=0
	while [ "$_hl" -lt "$1" ] && IFS= read -r _hll; do
		_hl=$((_hl + 1))
	done <"$2"
	[ "$_hl" -ge "$1" ]
}

# children_of PID: PID's child processes, one PID a line, with "Z"
# appended to a zombie's
children_of() {
	ps -o pid=,stat= --ppid "$1" 2>/dev/null |
	    awk '{ print $1 ($2 ~ /^Z/ ? "Z" : "") }'
}

# alive PID: PID runs (exists and is no zombie); never for an empty PID.
# Its state read by the shell from /proc/PID/stat (after the name's last
# ")"): a ps each look was two forks and 15 ms of CPU, and wait_gone and
# wait_status look many times; ps where there is no /proc.
alive() {
	case $1 in '' | *[!0-9]*) return 1 ;; esac
	if [ -r /proc/self/stat ]; then
		_st=
		{ IFS= read -r _st; } 2>/dev/null <"/proc/$1/stat"
		_st=${_st##*) }
	else
		_st=$(ps -o stat= -p "$1" 2>/dev/null)
	fi
	case $_st in '' | Z*) return 1 ;; esac
}

# wait_gone PID SECS: wait until PID has ended (or is a zombie).  An
# empty or non-numeric PID is an error (2), never "gone": a check on a
# process that was never found must not pass.
wait_gone() {
	case $1 in '' | *[!0-9]*) return 2 ;; esac
	wait_until "$2" _not_alive "$1"
}
_not_alive() { ! alive "$1"; }

# have CMD: is an optional tool installed?
have() { command -v "$1" >/dev/null 2>&1; }

# long: whether this run takes the long forms of the checks whose cost is
# their volume by nature: a stream past 2 GiB, thousands of connections or
# associations one after another (make check LONG=yes, SOCKT_TEST_LONG=yes;
# CI's gcc stage).  Otherwise such a check runs a smaller form that fails
# as surely if the feature breaks (200 connections for a zombie, not
# 2,000), as git's suite keeps its 2 GiB cases for GIT_TEST_LONG.  Never a
# reason to skip a check whole.
long() { [ "${SOCKT_TEST_LONG:-no}" = yes ]; }

# sockt_loader: the loader that runs $SOCKT (its PT_INTERP), none for a
# static binary
sockt_loader() {
	dd if="$SOCKT" bs=4096 count=1 2>/dev/null |
	    tr -c '[:print:]' '\n' | grep '^/.*/ld-.*\.so' | head -n 1
}

# loader_has NAME: the loader that runs $SOCKT finds the library file
# NAME (libssl.so.3), asked as that loader searches, not of sockt: an old
# sockt must fail a test, not skip it.  glibc's searches its cache
# (ldconfig -p); musl's (ld-musl-ARCH.so.1) its own path, the lines of
# /etc/ld-musl-ARCH.path or else /lib:/usr/local/lib:/usr/lib, after
# LD_LIBRARY_PATH.  glibc's libraries under x86_64-linux-gnu/ are none
# of musl's: a musl build must skip there, not count them in.
loader_has() {
	_li=$(sockt_loader)
	case $_li in
	*/ld-musl-*) ;;
	*)	{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } |
		    grep -q "^[[:space:]]*$1 "
		return ;;
	esac
	_li=${_li##*/ld-musl-}
	_lp=$(cat "/etc/ld-musl-${_li%.so*}.path" 2>/dev/null |
	    tr ':\n' '  ') || _lp=
	for _ld in $(echo "${LD_LIBRARY_PATH:-}" | tr ':' ' ') \
	    ${_lp:-/lib /usr/local/lib /usr/lib}; do
		[ -e "$_ld/$1" ] && return 0
	done
	return 1
}

# tls_loadable: OpenSSL 3's two libraries are found (loader_has): TLS,
# and the WebSocket handshake's SHA-1 (libcrypto's, src/tls/tls_hash.c)
tls_loadable() { loader_has libssl.so.3 && loader_has libcrypto.so.3; }

# errtext NAME: strerror's words for errno NAME (EMFILE) in the C library
# that runs $SOCKT, for a test of a message that ends in them: glibc's,
# or musl's where they differ (musl 1.2.3).  Only the words the C library
# writes; sockt's own stay the same everywhere.
errtext() {
	case $(sockt_loader) in
	*/ld-musl-*)
		case $1 in
		EADDRINUSE) echo "Address in use" ;;
		EADDRNOTAVAIL) echo "Address not available" ;;
		EHOSTUNREACH) echo "Host is unreachable" ;;
		EMFILE) echo "No file descriptors available" ;;
		EMSGSIZE) echo "Message too large" ;;
		ENETUNREACH) echo "Network unreachable" ;;
		ETIMEDOUT) echo "Operation timed out" ;;
		*) return 1 ;;
		esac ;;
	*)
		case $1 in
		EADDRINUSE) echo "Address already in use" ;;
		EADDRNOTAVAIL) echo "Cannot assign requested address" ;;
		EHOSTUNREACH) echo "No route to host" ;;
		EMFILE) echo "Too many open files" ;;
		EMSGSIZE) echo "Message too long" ;;
		ENETUNREACH) echo "Network is unreachable" ;;
		ETIMEDOUT) echo "Connection timed out" ;;
		*) return 1 ;;
		esac ;;
	esac
}

# own_netns: is this shell in a network namespace of its own (one the
# script made with unshare -n: lo and no other device), where its routes,
# firewall rules and raw packets cannot reach a real network?  An
# inherited SK_T3_NS is no proof of that, so the scripts that send raw
# packets ask this too.  (/proc/1/ns/net, to compare with, may not be
# ours to read.)
own_netns() {
	have ip && [ "$(ip -o link show 2>/dev/null | grep -vc ': lo:')" = 0 ]
}

# skip_all WHY: each check the script's names function lists skipped
# for WHY, and the plan said (the caller exits)
skip_all() {
	while IFS= read -r _d; do
		skip "$_d" "$1"
	done <<-EOF
	$(names)
	EOF
	done_testing
}

# start_far SECS: a far network namespace for a script's veth pairs, a
# process of ours (a sleep of SECS under a watchdog) in a namespace of
# its own, its PID in $FAR; returns 1 if it is not up within 10 s.  far
# CMD... runs CMD in it (nsenter); proxies.sh, sourced after this file by
# the proxy scripts, replaces it with a far proxy of its own.
ns_of() { readlink "/proc/$1/ns/net" 2>/dev/null; }
far_up() { [ -n "$(ns_of "$FAR")" ] && [ "$(ns_of "$FAR")" != "$(ns_of $$)" ]; }
far() { nsenter -t "$FAR" -n "$@"; }
start_far() {
	bg "$1" unshare -n sleep "$1"
	FAR=$BGPID
	wait_until 10 far_up
}

# ipv6 loopback usable?
have_ipv6() {
	[ -f /proc/net/if_inet6 ] && grep -q '00000000000000000000000000000001' \
	    /proc/net/if_inet6 2>/dev/null
}

# file checksum, portable enough (cksum is POSIX)
sum_of() { cksum <"$1" | cut -d' ' -f1-2; }
