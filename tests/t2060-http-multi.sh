#!/bin/sh
# t2060: http-get with many URLs (issue 11, "many URLs, one connection"):
# one persistent connection while the responses allow it (RFC 9112
# section 9), a new one when the server says close, frames a body by
# close, answers HTTP/1.0, or closed the idle connection (reconnected
# transparently, the bytes right); where each body goes (stdout in turn,
# -o repeated, -O, --output-dir, --create-dirs, --urls FILE and -, -O
# with --urls every URL's); the
# exit status of the last URL (curl's); a real nginx proving the reuse in its
# own log; and curl given the same command lines.  A scripted server
# (keepalive_http.py) logs which connection carried each request.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nginx.sh"

if ! have python3; then
	skip "many URLs" "python3 not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/w" "$T/od" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r a 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\naaa\n'
r b 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nbb\r\n2\r\nb\n\r\n0\r\n\r\n'
r bye 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbye\n'
r old 'HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nold\n'
r oldka 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 4\r\n\r\noka\n'
r eof_close 'HTTP/1.1 200 OK\r\n\r\nuntil close\n'
r idle_close 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nidle\n'
r dropnext 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ndrop\n'
r resetnext 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nreset\n'
r redir 'HTTP/1.1 302 Found\r\nLocation: /a\r\nContent-Length: 5\r\n\r\nmoved'
r gone 'HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\ngone\n'
{
	printf 'HTTP/1.1 500 Oops\r\nContent-Length: 2097152\r\n\r\n'
	head -c 2097152 /dev/zero
} >"$D/bigerr"

if ! server 120 python3 "$(dirname "$0")/keepalive_http.py" "$D"; then
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT
LOG=$D/conns.log
: >"$LOG"

# get ARGS...: http-get in $T/w; then $conns is the connection numbers
# of the requests it made, in order ("1 1 2"), and $reqs the targets.
# The log is read by the shell on descriptor 6, each get going on where
# the last stopped (a tail, awks, trs and seds were 22 processes a get)
exec 6<"$LOG"
_lc=
get() {
	seen	# (lines of requests made before this get: passed over)
	(cd "$T/w" && exec timeout -k 2 20 "$SOCKT" http-get "$@") \
	    >"$T/out" 2>"$T/err"
	rc=$?
	out= err=
	[ ! -s "$T/out" ] || out=$(cat "$T/out")
	[ ! -s "$T/err" ] || err=$(cat "$T/err")
	seen
}
# seen: the log's new lines, "CONN METHOD TARGET", into $conns (the
# connections renumbered from 1, so "7 7 8" reads "1 1 2") and $reqs
seen() {
	conns= reqs= _m=' ' _k=0
	while :; do
		_l=
		if ! IFS= read -r _l <&6; then
			_lc=$_lc$_l	# a line not yet whole: the next look's
			break
		fi
		_l=$_lc$_l _lc=
		_c=${_l%% *} _r=${_l#* }
		_r=${_r#* } _r=${_r%% *}
		case $_m in
		*" $_c="*) ;;
		*) _k=$((_k + 1)) _m="$_m$_c=$_k " ;;
		esac
		_n=${_m#*" $_c="} _n=${_n%% *}
		conns=${conns:+$conns }$_n reqs=${reqs:+$reqs }$_r
	done
}

# One connection for several URLs, every framing
get "$U/a" "$U/b" "$U/a"
is "3 URLs: the bodies in turn on stdout, exit 0" "$rc:$out" "0:aaa
bbb
aaa"
is "3 URLs: one connection" "$conns" "1 1 1"
get -v "$U/a" "$U/b"
is "-v: no request says Connection: close, the last neither (as curl)" \
    "$(grep -c '^> Connection: close' "$T/err")" 0
like "-v: says it re-used the connection" "$err" \
    "*re-using the connection to 127.0.0.1 port $SPORT*"
get -I "$U/a" "$U/b" "$U/a"
is "-I: three heads, one connection" "$rc:$conns:$(grep -c '^HTTP/1.1 200' "$T/out")" \
    "0:1 1 1:3"

# What ends reuse
get "$U/bye" "$U/a"
is "server Connection: close: the next URL on a new connection" \
    "$rc:$out:$conns" "0:bye
aaa:1 2"
get "$U/eof_close" "$U/a"
is "a body framed by close: a new connection after it" \
    "$rc:$out:$conns" "0:until close
aaa:1 2"
get "$U/old" "$U/a"
is "HTTP/1.0 without keep-alive: a new connection after it" \
    "$rc:$out:$conns" "0:old
aaa:1 2"
get "$U/oldka" "$U/a"
is "HTTP/1.0 with Connection: keep-alive: kept" \
    "$rc:$out:$conns" "0:oka
aaa:1 1"
get -H 'Connection: close' "$U/a" "$U/a"
is "-H 'Connection: close': no reuse" "$rc:$out:$conns" "0:aaa
aaa:1 2"

# The server closes the idle connection: reconnect, no byte lost or doubled
get "$U/idle_close" "$U/a" "$U/b"
is "server closed the idle connection: transparent reconnect" \
    "$rc:$out:$err:$conns" "0:idle
aaa
bbb::1 2 2"
get "$U/dropnext" "$U/a" "$U/b"
is "closed as the next request came: sent again on a new connection" \
    "$rc:$out:$err" "0:drop
aaa
bbb:"
is "... the request seen twice, then on the new connection" \
    "$reqs:$conns" "/dropnext /a /a /b:1 1 2 2"
get "$U/resetnext" "$U/b" "$U/a"
is "reset as the next request came: sent again, bytes right" \
    "$rc:$out:$err:$reqs:$conns" "0:reset
bbb
aaa::/resetnext /b /b /a:1 1 2 2"

# Bodies left unread, redirects
get -f "$U/bigerr" "$U/a"
is "-f, a large error body: closed, the next URL on a new connection" \
    "$rc:$out:$conns" "0:aaa:1 2"
like "... saying which URL failed" "$err" "*$U/bigerr: server returned 500 Oops"
get -f "$U/gone" "$U/a"
is "-f, a small error body all read: the connection kept" \
    "$rc:$out:$conns" "0:aaa:1 1"
get -L "$U/redir" "$U/b"
is "-L: a redirect's small body passed over, the connection kept" \
    "$rc:$out:$reqs:$conns" "0:aaa
bbb:/redir /a /b:1 1 1"

# Exit status: the last URL's, as curl's; later URLs still fetched
closedport
CLOSED=$CPORT
get -f "http://127.0.0.1:$CLOSED/" "$U/gone" "$U/a"
is "refused, then 404 with -f, then good: exit 0, the good body out" \
    "$rc:$out:$reqs" "0:aaa:/gone /a"
get -f "$U/a" "$U/gone" "http://127.0.0.1:$CLOSED/"
is "good, 404 with -f, refused: exit 7" "$rc:$out" "7:aaa"
get -f "$U/a" "$U/gone"
is "good, then 404 with -f: exit 22" "$rc:$out" "22:aaa"
get -f --fail-early "$U/gone" "$U/a"
is "--fail-early: stops at the first failure" "$rc:$out:$reqs" "22::/gone"

# Where the bodies go
rm -f "$T/w"/*
get -o one -o two "$U/a" "$U/b" "$U/a"
is "-o twice, three URLs: the third to stdout" "$rc:$out" "0:aaa"
is "... one and two" "$(cat "$T/w/one"):$(cat "$T/w/two")" "aaa:bbb"
get -o one -o - -o three "$U/b" "$U/a" "$U/b"
is "-o - in the middle: that one to stdout" \
    "$rc:$out:$(cat "$T/w/one" "$T/w/three")" "0:aaa:bbb
bbb"
get -o x -o y "$U/a"
is "more -o than URLs: the first used, a warning" \
    "$rc:$(cat "$T/w/x"):$err" \
    "0:aaa:sockt http-get: more -o than URLs: y and after are not used"
rm -f "$T/w"/*
get --remote-name-all "$U/a" "$U/b"
is "--remote-name-all: each URL to its own file" "$rc:$out:$(cat "$T/w/a" "$T/w/b")" "0::aaa
bbb"
get --output-dir "$T/od" -O -O "$U/a" "$U/b"
is "--output-dir with -O" "$rc:$(cat "$T/od/a" "$T/od/b")" "0:aaa
bbb"
get --output-dir "$T/od" -o rel -o "$T/w/abs" "$U/b" "$U/a"
is "--output-dir: a relative -o in it, an absolute one where it says" \
    "$rc:$(cat "$T/od/rel"):$(cat "$T/w/abs")" "0:bbb:aaa"
# a name past PATH_MAX: said as given, no "(null)/" before it when there
# is no --output-dir (the message is cut at its buffer: its head
# compared); a file that cannot be opened at its turn, curl's 23 (curl
# 7.88 -o of 5,000 bytes: 23)
long=$(awk 'BEGIN { while (i++ < 5000) printf "a" }')
for od in "" "$T/od"; do
	want="sockt http-get: ${od:+$od/}aaaa"
	get ${od:+--output-dir "$od"} -o "$long" "$U/a"
	is "-o past PATH_MAX${od:+ in --output-dir}: named, curl's 23" \
	    "$rc:$(printf '%s' "$err" | cut -c1-${#want})" "23:$want"
done
rm -f "$T/w"/*
get -f -o ok1 -o bad -o ok2 "$U/a" "$U/gone" "$U/b"
is "-o per URL, atomic: the failed one not created, the others written" \
    "$rc:$(cat "$T/w/ok1" "$T/w/ok2"):$(ls "$T/w" | tr '\n' ' ')" \
    "0:aaa
bbb:ok1 ok2 "

# --create-dirs (issue 34): --output-dir and the directories of -o names
# made, mode 0750 less the umask as curl makes them, in every mode; the
# directories of a URL that fails before its body are not made.  Without
# it, a missing --output-dir fails each URL whose file goes there, after
# its request, as curl (23).
perm() { ls -ld "$1" | cut -c1-10; }
umask 022
for mode in "" -Z --pipeline; do
	m=${mode:-seq}
	# the exit status: one at a time the last URL's, else a failure's
	lastrc=0
	[ -z "$mode" ] || lastrc=22
	rm -rf "$T/w"/*
	get $mode --create-dirs --output-dir a/b/c -O -O "$U/a" "$U/b"
	is "$m: --create-dirs --output-dir a/b/c -O: the files" \
	    "$rc:$(cat "$T/w/a/b/c/a" "$T/w/a/b/c/b" 2>&1)" "0:aaa
bbb"
	is "$m: ... a, a/b, a/b/c made drwxr-x---" \
	    "$(perm "$T/w/a") $(perm "$T/w/a/b") $(perm "$T/w/a/b/c")" \
	    "drwxr-x--- drwxr-x--- drwxr-x---"
	get $mode --create-dirs -o x/y/z.txt -o x/y/w -o - "$U/a" "$U/b" "$U/a"
	is "$m: --create-dirs -o x/y/z.txt -o x/y/w -o -: the files, stdout" \
	    "$rc:$(cat "$T/w/x/y/z.txt" "$T/w/x/y/w" 2>&1):$out" "0:aaa
bbb:aaa"
	is "$m: ... x and x/y made drwxr-x---" \
	    "$(perm "$T/w/x") $(perm "$T/w/x/y")" "drwxr-x--- drwxr-x---"
	get $mode -f --create-dirs --output-dir od -o s1/f -o s2/f -o "$T/w/ab/s/f" \
	    "$U/a" "$U/gone" "$U/b"
	is "$m: --output-dir with -o dirs in it, an absolute one; a 404 makes none" \
	    "$rc:$(cat "$T/w/od/s1/f" "$T/w/ab/s/f" 2>&1):$(ls "$T/w/od" |
	    tr '\n' ' ')" "$lastrc:aaa
bbb:s1 "
	rm -rf "$T/w"/*
	# a missing --output-dir: curl's, the request sent and its file
	# failing to open (23), the other URLs on (-O: the first alone)
	orc=0
	[ -z "$mode" ] || orc=23
	get $mode -fsSO --output-dir mirror "$U/a" "$U/b" "$U/b"
	is "$m: a missing --output-dir: that URL fails (23), the others on" \
	    "$rc:$err:$out" "$orc:sockt http-get: mirror/a: No such file or directory:bbb
bbb"
	check "$m: ... and mirror not made" test ! -e "$T/w/mirror"
	printf '%s\n%s\n' "$U/a" "$U/b" >"$T/w/list"
	get $mode -fsS --output-dir mirror -o one -o two --urls list
	is "$m: the same with -o and --urls: each fails, 23" \
	    "$rc:$(printf '%s\n' "$err" | sort | tr '\n' ' ')" \
	    "23:sockt http-get: mirror/one: No such file or directory sockt http-get: mirror/two: No such file or directory "
done
rm -rf "$T/w"/*
: >"$T/w/afile"
get -O --output-dir afile "$U/a"
is "--output-dir naming a file: said once, exit 23, no request" \
    "$rc:$err:$reqs" "23:sockt http-get: afile: Not a directory:"
get --create-dirs -O --output-dir afile/sub "$U/a"
is "--create-dirs through a file: said once, exit 23, no request" \
    "$rc:$err:$reqs" "23:sockt http-get: afile/sub: Not a directory:"
get --create-dirs -o afile/sub/f "$U/a" "$U/b"
is "--create-dirs -o through a file: that URL fails, the next one runs (0)" \
    "$rc:$err:$out:$reqs" "0:sockt http-get: afile/sub/f: Not a directory:bbb:/a /b"
get --output-dir nowhere -o "$T/w/abs" "$U/a"
is "--output-dir that no file goes in: not checked, as curl" \
    "$rc:$err:$(cat "$T/w/abs" 2>&1)" "0::aaa"
(umask 077 && cd "$T/w" &&
    exec timeout -k 2 20 "$SOCKT" http-get --create-dirs -o p/q/f "$U/a")
is "--create-dirs under umask 077: drwx------" \
    "$(perm "$T/w/p") $(perm "$T/w/p/q") $(cat "$T/w/p/q/f")" \
    "drwx------ drwx------ aaa"
rm -rf "$T/w"/*

# --urls FILE and -
printf '# the list\n%s\n\n   %s  \r\n#%s\n%s' "$U/a" "$U/b" "$U/gone" "$U/a" \
    >"$T/list"
get --urls "$T/list"
is "--urls FILE: comments, blank lines, CRLF skipped" \
    "$rc:$out:$conns" "0:aaa
bbb
aaa:1 1 1"
get "$U/b" --urls - <"$T/list"
is "--urls -: the command line's URLs first, then stdin's" \
    "$rc:$out:$reqs" "0:bbb
aaa
bbb
aaa:/b /a /b /a"
# -O with --urls (ours: curl has no list) names every URL, before or
# after it, as --remote-name-all; an -o still names the URL it pairs with
printf '%s\n' "$U/a" "$U/b" "$U/bye" >"$T/olist"
get -O --urls "$T/olist"
is "-O --urls: each URL of the list in its file, nothing on stdout" \
    "$rc:$out:$(cat "$T/w/a" "$T/w/b" "$T/w/bye" 2>&1)" "0::aaa
bbb
bye"
rm -rf "$T/w"/*
get -o first "$U/old" "$U/oldka" --urls "$T/olist" -O
is "-o F URL URL --urls LIST -O: F, then every other URL in its file" \
    "$rc:$out:$(cd "$T/w" && cat first oldka a b bye 2>&1)" "0::old
oka
aaa
bbb
bye"
rm -rf "$T/w"/*
get -O "$U/old" "$U/oldka"
is "-O URL URL without --urls: the second to stdout, as curl's" \
    "$rc:$out:$(ls "$T/w")" "0:oka:old"
rm -rf "$T/w"/*
printf '%s\nhttp://bad url/\n' "$U/a" >"$T/badlist"
get --urls "$T/badlist"
is "a bad URL in the list: exit 3 (curl's) before fetching any" \
    "$rc:$out:$reqs:$err" "3:::sockt http-get: URL 2 of 2: URL contains a space"
printf '# nothing\n\n' >"$T/emptylist"
get --urls "$T/emptylist"
is "an empty list: exit 1, saying so" "$rc:$err" \
    "1:sockt http-get: no URL in $T/emptylist"

# -i and -D per response
get -i "$U/a" "$U/b"
is "-i: each head before its body" "$rc:$(printf '%s' "$out" | tr -d '\r')" \
    "0:HTTP/1.1 200 OK
Content-Length: 4

aaa
HTTP/1.1 200 OK
Transfer-Encoding: chunked

bbb"
get -D "$T/heads" "$U/a" "$U/a"
is "-D: both heads" "$rc:$(grep -c '^HTTP/1.1 200' "$T/heads")" "0:2"

# curl given the same command lines: the same bytes and exit status
if have curl; then
	both() {
		(cd "$T/s" && exec timeout -k 2 20 "$SOCKT" http-get "$@") \
		    >"$T/s.out" 2>"$T/s.err"
		src=$?
		(cd "$T/c" && exec timeout -k 2 20 curl -sS "$@") \
		    >"$T/c.out" 2>"$T/c.err"
		crc=$?
		if [ "$src:$(sum_of "$T/s.out")" = "$crc:$(sum_of "$T/c.out")" ]
		then
			pass "curl $*: same stdout and exit status ($src)"
		else
			fail "curl $*: same stdout and exit status" \
			    "sockt $src $(cat "$T/s.out")" \
			    "curl $crc $(cat "$T/c.out")"
		fi
	}
	# same FILE in both directories
	same_file() {
		if [ -f "$T/s/$1" ] && cmp -s "$T/s/$1" "$T/c/$1"; then
			pass "curl: the same $1"
		else
			fail "curl: the same $1"
		fi
	}
	both "$U/a" "$U/b" "$U/idle_close" "$U/a" "$U/dropnext" "$U/b"
	both -o f1 -o f2 "$U/a" "$U/b" "$U/a"
	same_file f1
	same_file f2
	both -O -O "$U/a" "$U/b"
	same_file a
	same_file b
	mkdir "$T/s/od" "$T/c/od"
	both --output-dir od -o g1 -o - "$U/b" "$U/a"
	same_file od/g1
	both -i "$U/a" "$U/bye" "$U/old" "$U/b"
	both -f "$U/a" "$U/gone"
	both -D h "$U/a" "$U/b"
	same_file h
	both -L "$U/redir" "$U/b"
	# --create-dirs: the same files in the same new directories, each
	# with the same mode
	both --create-dirs --output-dir cd/e -O -O "$U/a" "$U/b"
	same_file cd/e/a
	same_file cd/e/b
	both --create-dirs -o n1/n2/f -o n1/g "$U/b" "$U/a"
	same_file n1/n2/f
	same_file n1/g
	is "curl: the directories made with the same modes" \
	    "$(cd "$T/s" && for d in cd cd/e n1 n1/n2; do perm "$d"; done)" \
	    "$(cd "$T/c" && for d in cd cd/e n1 n1/n2; do perm "$d"; done)"
else
	skip "curl: the same multi-URL results" "curl not installed"
	skip "curl: --create-dirs, the same files and modes" \
	    "curl not installed"
fi
kill "$SPID"

# nginx: keep-alive across three URLs, proved by nginx's own log
if ! have nginx; then
	skip "nginx keep-alive" "nginx not installed"
	done_testing
	exit
fi
N=$T/nginx
mkdir "$T/nwww"
printf 'one\n' >"$T/nwww/1"
printf 'two\n' >"$T/nwww/2"
head -c 100000 /dev/urandom >"$T/nwww/3"
if ! nginx_start "$T/nwww" "log_format conn '\$connection \$connection_requests \$request';
	access_log $N/logs/access.log conn;
	keepalive_timeout 20;"; then
	skip "nginx keep-alive" "nginx did not start"
	done_testing
	exit
fi
: >"$N/logs/access.log"
NU=http://127.0.0.1:$NGPORT
run 20 "$SOCKT" http-get -o "$T/n1" -o "$T/n2" -o "$T/n3" "$NU/1" "$NU/2" \
    "$NU/3"
is "nginx: three URLs, exit 0" "$rc:$err" "0:"
check "nginx: the bytes of all three" sh -c 'cmp -s "$1/nwww/1" "$1/n1" &&
    cmp -s "$1/nwww/2" "$1/n2" && cmp -s "$1/nwww/3" "$1/n3"' sh "$T"
# nginx writes the line after the response: poll for the third
wait_until 5 sh -c '[ "$(grep -c GET "$1")" -ge 3 ]' sh "$N/logs/access.log"
is "nginx: one connection, its requests 1 2 3" \
    "$(awk '{ print $1 == c || NR == 1 ? "same" : "new", $2; c = $1 }' \
    "$N/logs/access.log" | tr '\n' ' ')" "same 1 same 2 same 3 "
kill "$NGPID" 2>/dev/null
done_testing
