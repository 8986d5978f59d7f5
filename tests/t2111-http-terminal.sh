#!/bin/sh
# t2111: http-get at a curl user's terminal (issue 61 item 7), beside
# curl 7.88 on the same canned server:
# - -s silent as curl's: no line for a refused port, a name that does
#   not resolve (in a namespace with no route out), -f's 404, a body
#   cut short, -m run out, an -o file or stdout that cannot be written,
#   each exit status curl's; "-sf URL || echo down" prints "down" alone;
#   -sS and --no-progress-meter say the error, a usage error is said
#   under -s too;
# - binary output to a terminal (stdout on a pty, tests/tty_out.py)
#   refused with exit 23 and one line, silent under -s and -sS, written
#   with -o -; text written; -i's head before the refusal; a NUL past
#   the first 2,000 bytes let through;
# - an unfinished -o FILE keeps what came: a body cut short leaves FILE
#   as it was and FILE.sockt-part with the bytes, one line saying so;
#   SIGINT and SIGTERM sent once the file holds 1 MB of 8 MB (polled,
#   with a deadline) leave the bytes there, and -C - goes on with a
#   Range request and a 206 to the whole file byte for byte, as curl's
#   own Ctrl-C and -C - do with FILE itself.
# Each check fails on 9ccbbc9a (it said errors under -s, wrote binary to
# the terminal and removed an unfinished -o's bytes).  Skips without
# python3 or curl.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "http-get at a terminal beside curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r ok 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r bin 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\na\000b\000c\n'
r missing 'HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope\n'
r partclose 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some'
if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT

# --- -s: silent as curl's, errors too
BOTH_FLAGS=-s
# quiet DESC WANT ARGS...: sockt -s and curl -s: nothing on stderr, WANT
quiet() {
	_d=$1
	_w=$2
	shift 2
	both "$@"
	# curldiff's both gives curl -sS: curl -s itself here
	(cd "$T/c" && exec timeout -k 2 30 curl -s "$@") >"$T/c.out" \
	    2>"$T/c.err"
	crc=$?
	is "-s, $_d: exit $_w and no line, as curl -s" \
	    "$src:$crc:$(cat "$T/s.err")" "$_w:$_w:$(cat "$T/c.err")"
}
quiet "-f and a 404" 22 -f "$U/missing"
quiet "a body cut short" 18 "$U/partclose"
quiet "-m run out on a silent server" 28 -m 1 "$U/silent"
quiet "-o /dev/full" 23 -o /dev/full "$U/ok"
if closedport; then
	quiet "a refused port" 7 "http://127.0.0.1:$CPORT/"
	got=$("$SOCKT" http-get -sf "http://127.0.0.1:$CPORT/" 2>&1 ||
	    echo down)
	want=$(curl -sf "http://127.0.0.1:$CPORT/" 2>&1 || echo down)
	is "-sf URL || echo down: \"down\" alone, as curl" "$got" "$want"
	run 10 "$SOCKT" http-get -sS "http://127.0.0.1:$CPORT/"
	like "-sS: the refusal said" "$rc:$err" \
	    "7:sockt http-get: 127.0.0.1 port $CPORT: Connection refused*"
	run 10 "$SOCKT" http-get --no-progress-meter "http://127.0.0.1:$CPORT/"
	like "--no-progress-meter: the refusal said" "$rc:$err" \
	    "7:sockt http-get: 127.0.0.1 port $CPORT: Connection refused*"
else
	skip "-s, a refused port" "no port held closed"
fi
# a name that does not resolve, in a namespace with no route out
if [ "$(id -u)" = 0 ] && have unshare && unshare -n true >/dev/null 2>&1
then
	(cd "$T/s" && exec unshare -n timeout 20 "$SOCKT" http-get -s \
	    http://no-such-host.invalid/) >/dev/null 2>"$T/s.err"
	src=$?
	(cd "$T/c" && exec unshare -n timeout 20 curl -s \
	    http://no-such-host.invalid/) >/dev/null 2>"$T/c.err"
	crc=$?
	is "-s, a name that does not resolve: exit 6 and no line, as curl -s" \
	    "$src:$crc:$(cat "$T/s.err" "$T/c.err")" "6:6:"
else
	skip "-s, a name that does not resolve" "no unshare -n (needs root)"
fi
# stdout that cannot be written
(exec timeout 10 "$SOCKT" http-get -s "$U/ok") >/dev/full 2>"$T/s.err"
src=$?
(exec timeout 10 curl -s "$U/ok") >/dev/full 2>"$T/c.err"
is "-s, stdout on /dev/full: exit 23 and no line, as curl -s" \
    "$src:$?:$(cat "$T/s.err" "$T/c.err")" "23:23:"
got=$("$SOCKT" http-get -sf "$U/missing" 2>&1 || echo down)
is "-sf on a 404 || echo down: \"down\" alone" "$got" "down"
run 10 "$SOCKT" http-get -sSf "$U/missing"
like "-sSf on a 404: said, exit 22" "$rc:$err" "22:sockt http-get: *404*"
run 10 "$SOCKT" http-get -s --no-such-option "$U/ok"
like "-s: a usage error said still, exit 2 (curl says it too)" "$rc:$err" \
    "2:sockt http-get: *--no-such-option*"

# --- binary to a terminal
# tty DESC ARGS...: sockt and curl with stdout on a pty, in $T/s, $T/c
tty() {
	(cd "$T/s" && exec timeout -k 2 30 python3 "$TESTS/tty_out.py" \
	    "$T/s.tty" "$SOCKT" http-get "$@") 2>"$T/s.err"
	src=$?
	(cd "$T/c" && exec timeout -k 2 30 python3 "$TESTS/tty_out.py" \
	    "$T/c.tty" curl "$@") 2>"$T/c.err"
	crc=$?
}
TESTS=$(cd "$(dirname "$0")" && pwd)
tty "$U/bin"
is "binary to a terminal: exit 23 as curl, nothing written" \
    "$src:$crc:$(wc -c <"$T/s.tty"):$(wc -c <"$T/c.tty")" "23:23:0:0"
like "... curl's warning" "$(cat "$T/c.err")" \
    "Warning: Binary output can mess up your terminal*"
is "... ours, one line" "$(cat "$T/s.err")" \
    "sockt http-get: binary output can mess up your terminal: not written (-o - writes it anyway, -o FILE saves it)"
for f in -s -sS; do
	tty "$f" "$U/bin"
	is "$f: binary to a terminal: exit 23, silent, as curl $f" \
	    "$src:$crc:$(cat "$T/s.err" "$T/c.err")" "23:23:"
done
for f in "-o -" "--output -"; do
	tty $f "$U/bin"
	is "$f: binary written to the terminal, exit 0, as curl" \
	    "$src:$crc:$(od -An -c "$T/s.tty" | tr -d ' ')" \
	    "0:0:$(od -An -c "$T/c.tty" | tr -d ' ')"
done
tty "$U/ok"
is "text to a terminal: written, as curl" \
    "$src:$crc:$(tr -d '\r' <"$T/s.tty")" "0:0:ok"
tty -i "$U/bin"
like "-i: the head shown, then exit 23 as curl" \
    "$src:$crc:$(tr -d '\r' <"$T/s.tty")" "23:23:HTTP/1.1 200 OK*Length: 6"
tty "$U/ok" "$U/bin"
is "two URLs: the text written, the binary refused, as curl" \
    "$src:$crc:$(tr -d '\r' <"$T/s.tty")" "23:23:ok"

# --- an unfinished -o FILE keeps what came
echo old >"$T/s/f"
run 10 sh -c 'cd "$1" && exec "$2" http-get -o f "$3"' sh "$T/s" "$SOCKT" \
    "$U/partclose"
is "a body cut short: exit 18, FILE as it was" "$rc:$(cat "$T/s/f")" "18:old"
is "... its 9 bytes in FILE.sockt-part" "$(cat "$T/s/f.sockt-part" 2>&1)" \
    "only some"
like "... and one line says so" "$err" \
    "*sockt http-get: f: unfinished: 9 bytes kept in f.sockt-part (-C - goes on from there)"
run 10 sh -c 'cd "$1" && exec "$2" http-get -s -o g "$3"' sh "$T/s" \
    "$SOCKT" "$U/partclose"
is "-s: the bytes kept, no line" "$rc:$err:$(cat "$T/s/g.sockt-part")" \
    "18::only some"
mkdir "$T/s/ln"
echo old >"$T/s/ln/target"
ln -s target "$T/s/ln/link"
run 10 sh -c 'cd "$1" && exec "$2" http-get -s -o link "$3"' sh "$T/s/ln" \
    "$SOCKT" "$U/partclose"
is "-o LINK cut short: the link and its target as they were, the part beside the target" \
    "$rc:$(readlink "$T/s/ln/link"):$(cat "$T/s/ln/target"):$(
    cat "$T/s/ln/target.sockt-part")" "18:target:old:only some"
run 10 sh -c 'cd "$1" && exec "$2" http-get -o f "$3"' sh "$T/s" "$SOCKT" \
    "$U/ok"
is "a whole FILE: the earlier part gone" \
    "$rc:$(cat "$T/s/f"):$(ls "$T/s" | grep -c 'f\.sockt-part')" "0:ok:0"

# Ctrl-C and SIGTERM mid-transfer, then -C -, beside curl: each case a
# part with its range server (and log) of its own, as each waits on a
# paced body
big=$T/files/big
FILES=$T/files
mkdir "$FILES"
head -c 8388608 /dev/urandom >"$big"

# ranged: a range server of this part's own, 2 MB a second (the client's
# own --limit-rate is no bar: curl's takes the first megabytes at once
# and waits after); its log $RLOG, the file's URL $R
ranged() {
	RLOG=$T/ranges.log
	if ! server 90 python3 "$TESTS/pathemu_http.py" "$FILES" 127.0.0.1 \
	    --pace 2097152 --log "$RLOG"; then
		fail "range server started"
		return 1
	fi
	R=http://127.0.0.1:$SPORT/big
}

# size_over N FILE...: some FILE holds more than N bytes
size_over() {
	_n=$1
	shift
	for _f in "$@"; do
		[ -f "$_f" ] && [ "$(wc -c <"$_f")" -gt "$_n" ] && return 0
	done
	return 1
}

# cut_at SIG DIR PROG...: PROG -o big in DIR, SIG once its file
# (FILE or its temporary) passed 1 MB; $rc its status, $T/cut.err
cut_at() {
	_sig=$1
	_dir=$2
	shift 2
	mkdir -p "$_dir"
	BGERR=$T/cut.err bg 60 sh -c 'cd "$1" && shift && exec "$@"' sh \
	    "$_dir" env --default-signal=INT "$@" -o big "$R"
	if wait_until 30 sh -c 'for f in "$1"/big "$1"/.big.sockt-*; do
	    [ -f "$f" ] && [ "$(wc -c <"$f")" -gt 1048576 ] && exit 0
	    done; exit 1' sh "$_dir"; then
		kill "-$_sig" "$BGPID"
	else
		fail "$_sig: the file grew past 1 MB within 30 s"
	fi
	wait_status "$BGPID"
}

# cut_then_resume SIG: sockt cut by SIG at 1 MB, then -C -
cut_then_resume() {
	sig=$1
	ranged || return
	d=$T/cut$sig
	cut_at "$sig" "$d" "$SOCKT" http-get -s
	[ "$sig" = INT ] && want=130 || want=143
	n=$(wc -c <"$d/big.sockt-part" 2>/dev/null || echo 0)
	is "SIG$sig at 1 MB: ended by it, no FILE, the bytes in big.sockt-part" \
	    "$rc:$([ -e "$d/big" ] && echo FILE):$(
	    [ "$n" -gt 1048576 ] && [ "$n" -lt 8388608 ] && echo part)" \
	    "$want::part"
	check "... the bytes kept are the file's first $n" sh -c \
	    'head -c "$1" "$2" | cmp -s - "$3"' sh "$n" "$big" \
	    "$d/big.sockt-part"
	check "... none of its temporary files left" sh -c \
	    '! ls -a "$1" | grep -q "^\.big\.sockt-"' sh "$d"
	: >"$RLOG"
	run 60 sh -c 'cd "$1" && exec "$2" http-get -sS -C - -o big "$3"' sh \
	    "$d" "$SOCKT" "$R"
	is "-C - after SIG$sig: exit 0, the whole file byte for byte" \
	    "$rc:$(cmp "$d/big" "$big" 2>&1 && echo same)" "0:same"
	wait_lines 10 1 "$RLOG"	# the server logs after its last send
	is "... asked with Range: bytes=$n- and a 206" \
	    "$(cat "$RLOG")" "GET /big bytes=$n- 206 $((8388608 - n))"
	check "... the part taken up: no big.sockt-part left" \
	    test ! -e "$d/big.sockt-part"
}

# the line that says where, at a Ctrl-C (not -s)
cut_says() {
	ranged || return
	d=$T/cutsay
	cut_at INT "$d" "$SOCKT" http-get
	n=$(wc -c <"$d/big.sockt-part" 2>/dev/null || echo 0)
	like "SIGINT without -s: one line says where the $n bytes are" \
	    "$rc:$(cat "$T/cut.err")" \
	    "130:*sockt http-get: interrupted: $n bytes kept in big.sockt-part (-C - goes on from there)*"
}

# curl: Ctrl-C keeps FILE itself, -C - goes on from it: the same ends
cut_curl() {
	ranged || return
	d=$T/cutcurl
	cut_at INT "$d" curl -s
	n=$(wc -c <"$d/big" 2>/dev/null || echo 0)
	check "curl: SIGINT at 1 MB: FILE kept part-way ($n bytes)" \
	    test "$rc" = 130 -a "$n" -gt 1048576 -a "$n" -lt 8388608
	: >"$RLOG"
	run 60 sh -c 'cd "$1" && exec curl -sS -C - -o big "$2"' sh "$d" "$R"
	wait_lines 10 1 "$RLOG"
	is "curl: SIGINT, then -C -: a 206 from byte $n, the whole file" \
	    "$rc:$(cat "$RLOG"):$(cmp "$d/big" "$big" 2>&1 && echo same)" \
	    "0:GET /big bytes=$n- 206 $((8388608 - n)):same"
}

part cut_then_resume INT
part cut_then_resume TERM
part cut_says
part cut_curl
parts_done
done_testing
