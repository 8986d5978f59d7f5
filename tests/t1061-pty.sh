#!/bin/sh
# t1061: --pty, the program on a pseudo-terminal of its own, for listen
# -e and -c (one connection, -k, --tls, -i) and connect -e and -c: a
# shell driven over the connection finds its terminal (tty, [ -t 0 ]),
# sets and reads the window (stty rows 40 cols 100, stty size), leads
# its session with the terminal as its controlling one, and runs jobs in
# groups of their own (set -m); the line discipline's settings are
# socat's EXEC:...,pty,setsid,ctty's, the window 24x80 where socat
# leaves 0x0; a client's end of file is the terminal's EOF character
# (cat ends, after an unfinished line too) and cat's output matches
# socat's; the program's exit ends the connection with all its output
# sent, even with a job of its left holding the terminal; the exit
# status is the program's; 100 connections of -k leave no child, no
# descriptor in the server and no program behind; no descriptor of
# ours (the master, the connection) in the program.
# watchdog: 200
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
. "$(dirname "$0")/pki.sh"
PEER=$(cd "$(dirname "$0")" && pwd)/exec_peer.py

[ -e /dev/ptmx ] || { skip "--pty" "no /dev/ptmx"; done_testing; exit; }

# marks FILE: the lines of FILE that say NAME=..., without CR and the
# shell's prompts ("# ", "$ ") before them (the shell's echoed commands
# start otherwise)
marks() {
	tr -d '\r' <"$1" | sed 's/^\([#$] \)*//' | grep '^[A-Z][A-Z]*='
}

# --- usage -----------------------------------------------------------------
run 10 "$SOCKT" listen --pty 127.0.0.1 0
is "listen --pty without a program: usage" "$rc:$(echo "$err" | head -n 1)" \
    "2:sockt listen: --pty needs a program (-c or -e)"
run 10 "$SOCKT" listen --pty --ws 127.0.0.1 0 -e cat
like "listen --pty --ws: usage" "$rc:$(echo "$err" | head -n 1)" \
    "2:sockt listen: --ws does not go with *--pty*"
run 10 "$SOCKT" listen --pty --broker 127.0.0.1 0
like "listen --pty --broker: usage" "$rc:$(echo "$err" | head -n 1)" \
    "2:sockt listen: --broker and --chat pass*"

# --- a shell on the terminal, driven over the connection --------------------
cat >"$T/cmds" <<'EOF'
tty
stty rows 40 cols 100
echo "SZ=$(stty size)"
[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo "TTY=$((6 * 7))"
echo "ID=$$ $(ps -o sid=,tty= -p $$)"
set -m
sleep 30 &
echo "BG=$! $(ps -o pgid= -p $!)"
jobs
kill %1
exit 7
EOF
server 60 "$SOCKT" listen -v --pty 127.0.0.1 0 -e /bin/sh || exit 1
spid=$SPID
run 30 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/cmds"
printf '%s\n' "$out" >"$T/sh.out"
wait_status "$spid"
pts=$(tr -d '\r' <"$T/sh.out" | grep -o '/dev/pts/[0-9]*' | head -n 1)
like "tty: the program's stdin is a /dev/pts terminal" "$pts" "/dev/pts/[0-9]*"
is "stty size reads back what stty rows 40 cols 100 set" \
    "$(marks "$T/sh.out" | grep '^SZ=')" "SZ=40 100"
is "[ -t 0 ], [ -t 1 ], [ -t 2 ]: all three on the terminal" \
    "$(marks "$T/sh.out" | grep '^TTY=')" "TTY=42"
id=$(marks "$T/sh.out" | sed -n 's/^ID=//p')
set -- $id
is "the shell leads its session, the terminal its controlling one" \
    "$#:$2:/dev/$3" "3:$1:$pts"
bg=$(marks "$T/sh.out" | sed -n 's/^BG=//p')
set -- $bg
is "set -m: a job runs in a process group of its own" "$#:$2" "2:$1"
kill "$1" 2>/dev/null
like "jobs lists it" "$(tr -d '\r' <"$T/sh.out")" "*\[1\]*Running*sleep 30*"
is "one connection: the exit status is the program's" "$rc" 7

# --- the line discipline as socat sets it up ------------------------------
if have socat; then
	mkfifo "$T/so.in"
	exec 7<>"$T/so.in"
	BGIN=$T/so.in BGOUT=$T/so.out bg 20 socat - \
	    "EXEC:stty -a,pty,setsid,ctty"
	sopid=$BGPID
	wait_until 10 grep -q extproc "$T/so.out"
	exec 7>&-
	wait_gone "$sopid" 10
	server 30 "$SOCKT" listen -v --pty 127.0.0.1 0 -c 'stty -a' || exit 1
	run 10 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
	printf '%s\n' "$out" >"$T/us.stty"
	is "stty -a: socat's settings but the window (no raw mode, echo on)" \
	    "$(tr -d '\r' <"$T/us.stty" | sed 1d)" \
	    "$(tr -d '\r' <"$T/so.out" | sed 1d)"
	like "the window starts at 24x80 (socat's 0x0)" \
	    "$(head -n 1 "$T/us.stty")" "*rows 24; columns 80;*"
else
	skip "stty -a beside socat's" "no socat"
	skip "the window beside socat's" "no socat"
fi

# --- the client's end of file, typed as ^D ---------------------------------
printf 'hello\n' >"$T/hello"
server 30 "$SOCKT" listen -v --pty 127.0.0.1 0 -e cat || exit 1
spid=$SPID
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/hello"
crc=$rc cat_od=$(od -An -c <"$T/out" | tr -s ' ')
wait_status "$spid"
is "-e cat: the line echoed, cat's copy, the end of file ends cat" \
    "$crc:$rc:$cat_od" \
    "0:0: h e l l o \r \n h e l l o \r \n"
printf 'abc' >"$T/abc"
server 30 "$SOCKT" listen -v --pty 127.0.0.1 0 -e cat || exit 1
spid=$SPID
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/abc"
crc=$rc cout=$out
wait_status "$spid"
is "an unfinished line: ^D twice, the line handed over, then the end" \
    "$crc:$rc:$cout" "0:0:abcabc"
if have socat; then
	# socat's cat on its pty, fed from a fifo held open until the
	# answer is there (socat ends its pty half a second after EOF)
	rm -f "$T/so.in"
	mkfifo "$T/so.in"
	exec 7<>"$T/so.in"
	BGIN=$T/so.in BGOUT=$T/so.cat bg 20 socat - \
	    "EXEC:cat,pty,setsid,ctty"
	sopid=$BGPID
	printf 'hello\n' >&7
	wait_lines 10 2 "$T/so.cat"
	exec 7>&-
	wait_gone "$sopid" 10
	is "-e cat on the terminal answers as socat's EXEC:cat,pty does" \
	    "$cat_od" "$(od -An -c <"$T/so.cat" | tr -s ' ')"
else
	skip "cat beside socat's" "no socat"
fi

# --- the program's exit ends the connection, all its output sent ---------
# a job of its own group holds the terminal open past the program
seq 1 20000 >"$T/seq"
echo LAST >>"$T/seq"
server 30 "$SOCKT" listen -v --pty 127.0.0.1 0 \
    -c 'set -m; sleep 30 & echo "BG=$!"; seq 1 20000; echo LAST' || exit 1
spid=$SPID
timed 25 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
printf '%s\n' "$out" | tr -d '\r' >"$T/seq.out"
crc=$rc
wait_status "$spid"
bgpid=$(sed -n 's/^BG=//p' "$T/seq.out")
case $bgpid in '' | *[!0-9]*) ;; *) kill "$bgpid" 2>/dev/null ;; esac
is "the program's output in full, its last line last" \
    "$(sed 1d "$T/seq.out" | cksum)" "$(cksum <"$T/seq")"
is "a job left on the terminal does not hold the connection" \
    "$crc:$rc" "0:0"
check "... which ends within moments of the program's exit" \
    within 0 10000 "$el"

# --- connect --pty -c ---------------------------------------------------------
if have python3; then
	server 30 python3 "$PEER" 127.0.0.1 "$T/cpty" || exit 1
	ppid=$SPID
	run 20 "$SOCKT" connect --pty 127.0.0.1 "$SPORT" -c 'tty
	    echo "SZ=$(stty size)"; [ -t 0 ] && [ -t 2 ] && echo "TTY=$((6 * 7))"
	    echo "ID=$$ $(ps -o sid=,tty= -p $$)"
	    ls -l /proc/$$/fd >'"$T/cfds"'; exit 4'
	wait_gone "$ppid" 10
	cpts=$(tr -d '\r' <"$T/cpty" | grep -o '/dev/pts/[0-9]*' | head -n 1)
	set -- $(marks "$T/cpty" | sed -n 's/^ID=//p')
	is "connect --pty -c: a terminal, 24x80, its session's leader, exit 4" \
	    "$rc:$(marks "$T/cpty" | grep '^SZ=\|^TTY=' | tr '\n' ' '):$2:/dev/$3" \
	    "4:SZ=24 80 TTY=42 :$1:$cpts"
	is "connect --pty: no master, socket or pipe in the program" \
	    "$(grep -c 'ptmx\|socket:\|pipe:' "$T/cfds")" 0
	# the server's line and end of file: cat's echo, cat's copy, its end
	server 30 python3 "$PEER" 127.0.0.1 "$T/ccat" "$T/hello" || exit 1
	ppid=$SPID
	run 20 "$SOCKT" connect --pty 127.0.0.1 "$SPORT" -e cat
	wait_gone "$ppid" 10
	is "connect --pty -e cat: the far side's end of file ends cat" \
	    "$rc:$(od -An -c <"$T/ccat" | tr -s ' ')" \
	    "0: h e l l o \r \n h e l l o \r \n"
	if pki_usable && pki_make good; then
		server 30 python3 "$PEER" --tls "$P/good.pem" "$P/good.key" \
		    127.0.0.1 "$T/tpty" || exit 1
		ppid=$SPID
		run 20 "$SOCKT" connect --tls --cacert "$P/ca.pem" --pty \
		    localhost "$SPORT" -c 'tty; exit 6'
		wait_gone "$ppid" 10
		like "connect --tls --pty: the terminal over TLS, exit 6" \
		    "$rc:$(tr -d '\r' <"$T/tpty")" "6:/dev/pts/[0-9]*"
	else
		skip "connect --tls --pty" "no openssl or libssl.so.3"
	fi
else
	skip "connect --pty" "no python3"
fi

# --- listen --tls --pty and -i --pty -----------------------------------------
# where the loader that runs sockt finds OpenSSL
if tls_loadable; then
	printf 'tty\nexit 3\n' >"$T/tty3"
	server 30 "$SOCKT" listen -v --tls --pty 127.0.0.1 0 -e /bin/sh || exit 1
	spid=$SPID
	run 20 "$SOCKT" connect --tls --insecure 127.0.0.1 "$SPORT" <"$T/tty3"
	wait_status "$spid"
	like "listen --tls --pty: a terminal behind TLS, the exit status 3" \
	    "$rc:$(printf '%s' "$out" | tr -d '\r')" "3:*/dev/pts/[0-9]*"
else
	skip "listen --tls --pty: a terminal behind TLS, the exit status 3" \
	    "no libssl.so.3"
fi
mkfifo "$T/idle.in"
exec 7<>"$T/idle.in"
server 30 "$SOCKT" listen -v --pty -i 1 127.0.0.1 0 -e cat || exit 1
spid=$SPID
timed 20 "$SOCKT" connect -Q 127.0.0.1 "$SPORT" <"$T/idle.in"
exec 7>&-
wait_status "$spid"
is "listen -i 1 --pty: a quiet client is closed, the program ended" \
    "$rc:$(children_of "$spid")" "1:"
check "... after the second of -i" within 900 8000 "$el"

# --- -k: a terminal each, 100 connections, nothing left behind --------------
# (30 but under long, make check LONG=yes: a connection is some six
# processes on both sides, 100 were 4 s of CPU; a descriptor, a child, a
# zombie or a program left by each connection shows after 30 as surely,
# and each program's descriptors are checked, every one)
NK=30
! long || NK=100
CR=$(printf '\r')
MARK=t1061-$$
mkdir "$T/kfd"
server 120 env "T1061_MARK=$MARK" "$SOCKT" listen -k -v --pty 127.0.0.1 0 \
    -c "tty; ls -l /proc/\$\$/fd >$T/kfd/\$\$; exit" || exit 1
kpid=$SPID kport=$SPORT
fds0=$(ls "/proc/$kpid/fd" | wc -l)
i=0 good=0
: >"$T/k.ttys"
while [ $i -lt $NK ]; do
	i=$((i + 1))
	timeout 10 "$SOCKT" connect -d 127.0.0.1 "$kport" >"$T/k.out" 2>&1
	# its first line, by the shell (a tr was two processes a connection)
	o=
	IFS= read -r o <"$T/k.out"
	o=${o%"$CR"}
	case $o in
	/dev/pts/[0-9]*) good=$((good + 1)); echo "$o" >>"$T/k.ttys" ;;
	esac
done
is "-k --pty: $NK connections, each program on a terminal" "$good" $NK
is "-k --pty: none with a master (its own, an earlier one's), socket or pipe" \
    "$(ls "$T/kfd" | wc -l):$(cat "$T/kfd"/* | grep -c 'ptmx\|socket:\|pipe:')" \
    "$NK:0"
# (asked at each poll: an argument of wait_until is read once)
no_children() { [ -z "$(children_of "$1")" ]; }
wait_until 10 no_children "$kpid"
is "-k --pty: no child left, no zombie" "$(children_of "$kpid")" ""
is "-k --pty: the server holds no more descriptors than before" \
    "$(ls "/proc/$kpid/fd" | wc -l)" "$fds0"
# the programs: every process with the mark in its environment but the
# server is one of them, or one they left
left=$(grep -l "T1061_MARK=$MARK" /proc/[0-9]*/environ 2>/dev/null |
    sed 's|/proc/\([0-9]*\)/environ|\1|' | grep -vx "$kpid" | tr '\n' ' ')
is "-k --pty: no program left running" "$left" ""
kill "$kpid"
wait_status "$kpid"
is "-k --pty: stops on SIGTERM" "$rc" 0

done_testing
