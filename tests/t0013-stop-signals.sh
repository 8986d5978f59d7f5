#!/bin/sh
# SIGTERM and SIGINT end every command within 1 s whatever it is doing
# (issue 55 item 2: udp-serve forwarding a datagram round a loop went on
# for ever after SIGTERM, its signals blocked but in a wait that a busy
# loop never made).  Each server mode and each client mode is made busy
# (a flood in, a reader that never reads its stdout or, with -v, its
# stderr, a loop of two forwarders), then sent the signal, and the time
# to its exit measured.
# netns: own (a scan of every port; without namespaces tests/run runs it
# alone)
# watchdog: 400
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! env --default-signal=INT true 2>/dev/null; then
	echo "1..0 # SKIP needs python3 and env --default-signal"
	exit 0
fi
# a background job of sh ignores SIGINT: give the commands it back
DFL="env --default-signal=INT"
LOAD="python3 $(dirname "$0")/stop_load.py"
loads="" nlate=0

# full: FULL, a new pipe nobody reads (a fifo a sleep holds open), which
# the first 64 KiB written to it fill for good
nfull=0
full() {
	nfull=$((nfull + 1))
	FULL=$T/full$nfull
	mkfifo "$FULL" || return 1
	BGIN=$FULL bg 60 sleep 100
	loads="$loads $BGPID"
	# "full fill": full already, before the command writes a byte;
	# "full page": all but its last page (4 KiB) full, which a few dozen
	# lines fill (a churn of clients, each a -v line: filling all 64 KiB
	# took some 1,300 connections a case, 2.5 s of CPU)
	case ${1-} in
	fill) dd if=/dev/zero of="$FULL" bs=65536 count=1 2>/dev/null ;;
	page) dd if=/dev/zero of="$FULL" bs=61440 count=1 2>/dev/null ;;
	esac
}

# pipe_full SECS FIFO: wait until FIFO holds 64 KiB (FIONREAD, nothing
# read), 1 if SECS pass first: a command that splices into it waits in
# poll, and its CPU and I/O counts stay low.  One python looks every
# 10 ms (a python start a look, under wait_until, was most of the wait)
pipe_full() {
	python3 -c 'import fcntl, os, struct, sys, termios, time
fd = os.open(sys.argv[2], os.O_RDONLY | os.O_NONBLOCK)
end = time.monotonic() + float(sys.argv[1])
while struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0] \
        < 65536:
    if time.monotonic() > end:
        sys.exit(1)
    time.sleep(0.01)' "$1" "$2"
}

# quiet: QUIET, a pipe that never ends and never gives a byte (stdin of a
# client that must not end its side)
quiet() {
	nfull=$((nfull + 1))
	QUIET=$T/quiet$nfull
	mkfifo "$QUIET" || return 1
	BGOUT=$QUIET bg 60 sleep 100
	loads="$loads $BGPID"
}

# load KIND PORT [PREFIX]: a flood (stop_load.py) into PORT; returns
# once it has the command under test busy, 1 if it never does (tcp2:
# two floods from one python, a start of it spared)
nload=0
load() {
	nload=$((nload + 1))
	_m=$T/mark.$nload
	bg 70 $LOAD "$1" 127.0.0.1 "$2" "$_m" ${3+"$3"}
	loads="$loads $BGPID"
	wait_until 10 test -e "$_m"
}

# unload: end the loads and helpers of the last case
unload() {
	for _p in $loads; do kill "$_p" 2>/dev/null; done
	loads=""
}

# busy PID: PID has used 50 ms of CPU, waits in a write to a full pipe,
# or has read and written 64 KiB
# through read(2) and write(2) (the pipes, stdin, stdout: a pipe holds
# 64 KiB)
busy() {
	# read by the shell, as lib.sh's alive: a sed each look was a fork
	_s=
	{ IFS= read -r _s; } 2>/dev/null <"/proc/$1/stat" || return 1
	_s=${_s##*) }
	# shellcheck disable=SC2086
	set -- "$1" $_s
	[ $(( ${13} + ${14} )) -ge 5 ] && return 0
	# blocked writing to a pipe that is full
	in_write "$1" && return 0
	# rchar and wchar, summed by the shell (an awk a look was a fork)
	_io=0
	while read -r _k _v; do
		case $_k in rchar: | wchar:) _io=$((_io + _v)) ;; esac
	done 2>/dev/null <"/proc/$1/io"
	[ "$_io" -ge 65536 ]
}

# want NAME, the case's commands, then met: a case whose command never
# got busy (or whose helpers did not start) is a failure too
want() { W=$1; Wmet=0; }
met() {
	[ "$Wmet" = 1 ] || fail "$W: SIG$sig: it was never busy"
	unload
}

# ends SIG PID: PID ends within 1 s of SIG
ends() {
	Wmet=1
	_t0=$(now_ms)
	kill -"$1" "$2" 2>/dev/null
	wait "$2" 2>/dev/null
	_el=$(( $(now_ms) - _t0 ))
	check "$W: SIG$1 ends it within 1 s ($_el ms)" within 0 1000 "$_el"
}

# churn PORT: new connections to PORT for at most 60 s, each a -v line
# of the server's; ended by unload
churn() {
	bg 70 python3 -c 'import socket, sys, time
end = time.monotonic() + 60
while time.monotonic() < end:
    try:
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])),
                                     timeout=1)
        s.close()
    except OSError:
        time.sleep(0.001)' "$1"
	loads="$loads $BGPID"
}

# in_write PID: PID waits in a write to a pipe that is full
# (read by the shell: it has no newline, so read says 1, but sets _w)
in_write() {
	_w=
	{ IFS= read -r _w || :; } 2>/dev/null <"/proc/$1/wchan"
	case $_w in
	*pipe_write*) return 0 ;;
	esac
	return 1
}

# bound PORT: a socket listens on PORT
bound() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# a sink for the forwarders and the proxies
server 390 "$SOCKT" listen -k -v 127.0.0.1 0 || exit 1
SINK=$SPORT
SOUT=$T/usink.log server 390 "$SOCKT" udp-serve -v --print 127.0.0.1 0 \
    || exit 1
USINK=$SPORT

for sig in TERM INT; do
	# servers: stdout a pipe nobody reads, a client that floods
	want "listen, stdout full"
	full && SOUT=$FULL server 20 $DFL "$SOCKT" listen -v 127.0.0.1 0 &&
	    load tcp "$SPORT" && ends $sig "$SPID"
	met
	want "listen -k, stdout full"
	full && SOUT=$FULL server 20 $DFL "$SOCKT" listen -k -v 127.0.0.1 0 &&
	    load tcp "$SPORT" && ends $sig "$SPID"
	met
	want "listen -k -e cat, a client that never reads"
	server 20 $DFL "$SOCKT" listen -k -v 127.0.0.1 0 -e /bin/cat &&
	    load tcp "$SPORT" && ends $sig "$SPID"
	met
	want "listen --to, two floods"
	server 20 $DFL "$SOCKT" listen -k -v 127.0.0.1 0 \
	    --to "127.0.0.1:$SINK" && load tcp2 "$SPORT" && ends $sig "$SPID"
	met
	for m in --broker --chat; do
		want "listen $m, two floods that never read"
		server 20 $DFL "$SOCKT" listen -v $m 127.0.0.1 0 &&
		    load tcp2 "$SPORT" && ends $sig "$SPID"
		met
	done
	want "listen --serve-proxy http, a tunnel's flood"
	server 20 $DFL "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy http &&
	    load tcp "$SPORT" "CONNECT 127.0.0.1:$SINK HTTP/1.1\r\nHost: \
127.0.0.1:$SINK\r\n\r\n" && ends $sig "$SPID"
	met
	want "listen --serve-proxy socks5, a tunnel's flood"
	p=$(printf '\\x%02x\\x%02x' $((SINK / 256)) $((SINK % 256)))
	server 20 $DFL "$SOCKT" listen -k -v 127.0.0.1 0 \
	    --serve-proxy socks5 && load tcp "$SPORT" \
	    "\x05\x01\x00\x05\x01\x00\x01\x7f\x00\x00\x01$p" &&
	    ends $sig "$SPID"
	met
	want "listen -u, stdout full"
	full && SOUT=$FULL server 20 $DFL "$SOCKT" listen -u -v 127.0.0.1 0 &&
	    load udp "$SPORT" && ends $sig "$SPID"
	met
	# stderr a pipe nobody reads, a -v line for each new client: a
	# server whose signals stay blocked but in its poll waits in that
	# write, and must not wait there for ever
	for m in -k --broker; do
		want "listen $m -v, stderr full, a churn of clients"
		F=$("$HOLDPORT" -f)
		full page && BGERR=$FULL bg 20 $DFL "$SOCKT" listen $m -v \
		    127.0.0.1 "$F" && S=$BGPID && wait_until 10 bound "$F" &&
		    churn "$F" && wait_until 20 in_write "$S" && ends $sig "$S"
		met
	done
	want "listen -k -e, a program that ignores the signal"
	server 20 $DFL "$SOCKT" listen -k -v 127.0.0.1 0 -c \
	    'trap "" INT TERM; exec cat' && S=$SPID &&
	    load tcp "$SPORT" && ends $sig "$S"
	met
	want "serve-hello, a flood"
	server 20 $DFL "$SOCKT" serve-hello -v 127.0.0.1 0 &&
	    load tcp "$SPORT" && ends $sig "$SPID"
	met
	want "udp-serve --echo, a flood"
	server 20 $DFL "$SOCKT" udp-serve -v --echo 127.0.0.1 0 &&
	    load udp "$SPORT" && ends $sig "$SPID"
	met
	want "udp-serve --to, a flood"
	server 20 $DFL "$SOCKT" udp-serve -v 127.0.0.1 0 \
	    --to "127.0.0.1:$USINK" && load udp "$SPORT" && ends $sig "$SPID"
	met
	# two forwarders, each the other's target: datagrams go round for
	# ever, and both are busy without a load
	want "udp-serve --to, a loop of two"
	a=$("$HOLDPORT" -f) b=$("$HOLDPORT" -f)
	if server 20 $DFL "$SOCKT" udp-serve -v -m 4 127.0.0.1 "$a" \
	    --to "127.0.0.1:$b" && A=$SPID &&
	    server 20 $DFL "$SOCKT" udp-serve -v -m 4 127.0.0.1 "$b" \
	    --to "127.0.0.1:$a" && B=$SPID; then
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
			"$SOCKT" udp-send -N 127.0.0.1 "$a" loop
		done
		wait_until 10 busy "$A" && ends $sig "$A"
		met
		want "udp-serve --to, the loop's other"
		ends $sig "$B"
	fi
	met
	# a datagram round one forwarder, for ever: its target an address
	# made its own after it started (the check at the start let it
	# through); only in a namespace of this script's own (no device but
	# lo), as root
	want "udp-serve --to an address of its own since, a loop"
	nlate=$((nlate + 1))
	if [ "$(ip -br link 2>/dev/null | grep -vc '^lo ')" != 0 ]; then
		skip "$W: SIG$sig" "needs a network namespace of its own"
		Wmet=1
	else
		f=$("$HOLDPORT" -f)
		server 20 $DFL "$SOCKT" udp-serve -v 0.0.0.0 "$f" \
		    --to "198.18.0.$nlate:$f" &&
		    ip addr add "198.18.0.$nlate/32" dev lo &&
		    "$SOCKT" udp-send -N "198.18.0.$nlate" "$f" loop &&
		    wait_until 10 busy "$SPID" && ends $sig "$SPID"
	fi
	met

	# clients: a flood in and stdout a pipe nobody reads, or stdin a
	# flood to a server that reads nothing
	want "connect, stdout full"
	SIN=/dev/zero server 20 "$SOCKT" listen -v 127.0.0.1 0 &&
	    full && BGOUT=$FULL bg 20 $DFL "$SOCKT" connect 127.0.0.1 "$SPORT" &&
	    pipe_full 10 "$FULL" && ends $sig "$BGPID"
	met
	want "connect, a peer that never reads"
	full && SOUT=$FULL server 20 "$SOCKT" listen -v 127.0.0.1 0 &&
	    BGIN=/dev/zero bg 20 $DFL "$SOCKT" connect 127.0.0.1 "$SPORT" &&
	    wait_until 10 busy "$BGPID" && ends $sig "$BGPID"
	met
	want "connect -u, a flood echoed, stdout full"
	server 20 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 &&
	    full && BGIN=/dev/zero BGOUT=$FULL bg 20 $DFL "$SOCKT" connect -u \
	    127.0.0.1 "$SPORT" && wait_until 10 busy "$BGPID" &&
	    ends $sig "$BGPID"
	met
	# (the WebSocket handshake's SHA-1 is OpenSSL's: lib.sh's tls_loadable)
	if tls_loadable; then
		want "connect ws://, stdout full"
		server 20 "$SOCKT" listen -k -v --ws 127.0.0.1 0 -e yes &&
		    full && quiet && BGIN=$QUIET BGOUT=$FULL bg 20 $DFL \
		    "$SOCKT" connect "ws://127.0.0.1:$SPORT/" &&
		    wait_until 10 busy "$BGPID" && ends $sig "$BGPID"
		met
	else
		skip "connect ws://, stdout full: SIG$sig" "no libssl.so.3"
	fi
	want "http-get, stdout full"
	server 20 "$SOCKT" listen -k -v 127.0.0.1 0 -c \
	    'printf "HTTP/1.1 200 OK\r\n\r\n"; exec cat /dev/zero' &&
	    full && BGOUT=$FULL bg 20 $DFL "$SOCKT" http-get -sS \
	    "http://127.0.0.1:$SPORT/" && pipe_full 10 "$FULL" &&
	    ends $sig "$BGPID"
	met
	want "portscan, a scan of every port, stdout full"
	full fill && BGOUT=$FULL bg 20 $DFL "$SOCKT" portscan --rate 2000 -p 1-65535 \
	    127.0.0.1 && wait_until 10 busy "$BGPID" && ends $sig "$BGPID"
	met
	want "udp-send, waiting for a reply"
	BGERR=$T/us.err bg 20 $DFL "$SOCKT" udp-send -w 30 127.0.0.1 \
	    "$USINK" hello && wait_until 10 grep -q hello "$T/usink.log" &&
	    ends $sig "$BGPID"
	met
done

done_testing
