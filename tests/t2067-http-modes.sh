#!/bin/sh
# t2067: every option of http-get in every mode (issue 29).  http-get runs
# on one engine, so each option must mean the same one at a time, with -Z
# and with --pipeline 4: each cell of the matrix runs the same command
# line in the three modes, each in a directory of its own, and compares
# what each left (stdout, the exit status, every file it wrote) with the
# one-at-a-time run; where curl has the option, curl's run on the same
# command line must leave the same (its exit statuses other than 0 and
# 22 are sockt's 1: sockt has one status for a runtime failure).  The
# peers are real where one exists: nginx (http, https, mutual TLS, a
# UNIX socket, gzip, redirects), dante-server (SOCKS4, 4a, 5, 5h),
# microsocks (SOCKS5 with credentials), tinyproxy (an http:// proxy,
# absolute form and CONNECT); tests/seq_http.py answers 503 with
# Retry-After and stalls, tests/fake_proxy.py resolves SOCKS4a names.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/proxies.sh"

pki_or_skip "http-get in every mode" nginx python3
W=$T/www
mkdir -p "$W" "$T/m" "$T/seq"
head -c 1000 /dev/urandom >"$W/f1"
head -c 70000 /dev/urandom >"$W/f2"
head -c 300000 /dev/urandom >"$W/f3"
# text for gzip, in whole lines
i=0
while [ $i -lt 2000 ]; do
	echo "line $i of the text that nginx sends gzip-encoded"
	i=$((i + 1))
done >"$W/text.txt"
NGCONF_PLAIN="listen unix:$T/ng.sock;
gzip on; gzip_types text/plain; gzip_min_length 100;
location = /to2 { return 302 /f2; }"
NGCONF_TLS="ssl_protocols TLSv1.2 TLSv1.3;"
# mutual TLS on the good certificate's port: /mtls/ wants a client's
NGCONF_TLS_good="ssl_client_certificate $P/ca.pem; ssl_verify_client optional;
location /mtls/ { if (\$ssl_client_verify != SUCCESS) { return 403; }
alias $W/; }"
if ! nginx_tls_start "$W" "" good self; then
	skip "http-get in every mode" "nginx did not start"
	done_testing
	exit 0
fi
H=http://127.0.0.1:$NGPORT
HN=http://localhost:$NGPORT
S=https://localhost:$NGTLS_good
SS=https://localhost:$NGTLS_self
U3="$H/f1 $H/f2 $H/f3"

# the Retry-After and stalling servers (one each: a stall holds its
# server until the client goes)
D=$T/seq
printf 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 5\r\n\r\nbusy\n' >"$D/ra.1"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nready\n' >"$D/ra.2"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nten bytes!@STALL@' >"$D/stall"
server 170 python3 "$(dirname "$0")/seq_http.py" "$D" || exit 1
RA=http://127.0.0.1:$SPORT
server 170 python3 "$(dirname "$0")/seq_http.py" "$D" || exit 1
ST=http://127.0.0.1:$SPORT

# a black hole: a listener whose one-place queue is full drops SYNs, so
# a connect to it waits until the client gives up
BH=
if SOUT=$T/bh.out server 170 python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(0)
c = socket.create_connection(s.getsockname())
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
time.sleep(170)'; then
	BH=http://127.0.0.1:$SPORT
fi

pin=$(openssl x509 -in "$P/good.pem" -pubkey -noout |
    openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary |
    openssl base64)
mkdir -p "$T/capath"
cp "$P/ca.pem" "$T/capath/" && openssl rehash "$T/capath" 2>/dev/null
# the ETag nginx gives f2, for --etag-compare
etag=$(timeout 10 curl -sI "$H/f2" | tr -d '\r' | sed -n 's/^ETag: //Ip')

# prep_NAME: run in each run's directory first, when defined
prep_resume() {
	head -c 100 "$W/f1" >a
	head -c 1000 "$W/f2" >b
	head -c 5000 "$W/f3" >c
}
prep_etagcmp() { echo "$etag" >e; }
prep_etagcmp1() { prep_etagcmp; }
prep_outdir() { mkdir d; }

# runone DIR TOOL ARGS...: TOOL in DIR with ARGS (@RUN@ in one becomes
# the run's name, for the servers that count requests per URL); its
# stdout in DIR/.out (Date fields dropped, which change by the second),
# exit status in DIR/.rc, and every file it made stays in DIR; its
# stderr beside DIR.  By the shell where it can: a printf and a sed an
# argument, an rm, and a sed and an mv a file were most of this
# script's processes.
runone() {
	_rd=$1 _tool=$2
	shift 2
	[ -d "$_rd" ] || mkdir -p "$_rd"
	_run=${_rd##*/}
	for _a in "$@"; do
		shift
		while :; do
			case $_a in
			*@RUN@*) _a=${_a%%@RUN@*}$_run${_a#*@RUN@} ;;
			*) break ;;
			esac
		done
		set -- "$@" "$_a"
	done
	(
		cd "$_rd" || exit 1
		command -v "prep_$cell" >/dev/null 2>&1 && "prep_$cell"
		if [ "$_tool" = curl ]; then
			exec timeout -k 2 60 curl -sS "$@"
		else
			exec timeout -k 2 60 "$SOCKT" http-get -sS "$@"
		fi
	) >"$_rd/.out" 2>"$_rd.err"
	echo $? >"$_rd/.rc"
	# only the files that hold one (a head printed: -i, -I, -D)
	for _f in "$_rd/.out" "$_rd/h"; do
		[ -f "$_f" ] && grep -q '^[Dd]ate: ' "$_f" &&
		    sed '/^[Dd]ate: /d' "$_f" >"$_f.n" && mv "$_f.n" "$_f"
	done
}

# same A B: the runs in directories A and B left the same
same() { diff -r "$1" "$2" >"$T/diff" 2>&1; }

# at_once CMD...: CMD in the background, its PID added to $_cp (at once
# with the others), or at once where ONE_BY_ONE is set
at_once() {
	if [ -n "${ONE_BY_ONE:-}" ]; then
		"$@"
	else
		"$@" &
		_cp="$_cp $!"
	fi
}
# timed_run DIR TOOL ARGS...: runone, its wall time in ms in DIR/.ms
timed_run() {
	_t0=$(now_ms)
	runone "$@"
	echo $(($(now_ms) - _t0)) >"$1/.ms"
}

# cell NAME "SOCKT ARGS" "CURL ARGS" URL...: the three modes beside the
# one-at-a-time run, and curl beside it ("-": curl has no such option)
cell() {
	cell=$1 _sa=$2 _ca=$3
	shift 3
	_cd=$T/m/$cell
	mkdir -p "$_cd/seq" "$_cd/Z" "$_cd/P" "$_cd/curl"
	# the runs at once, each in its own directory (and its own URLs
	# where a server counts: @RUN@): one after another, the cells that
	# wait (-w 1, a Retry-After, a rate) waited four times.  One by one
	# (ONE_BY_ONE set) where a server serves one client at a time and
	# holds it (the stall)
	_cp=
	# shellcheck disable=SC2086
	at_once runone "$_cd/seq" sockt $_sa "$@"
	# shellcheck disable=SC2086
	at_once timed_run "$_cd/Z" sockt -Z $_sa "$@"
	# shellcheck disable=SC2086
	at_once runone "$_cd/P" sockt --pipeline 4 $_sa "$@"
	if [ "$_ca" != - ] && have curl; then
		# shellcheck disable=SC2086
		at_once runone "$_cd/curl" curl $_ca "$@"
	fi
	# shellcheck disable=SC2086
	[ -z "$_cp" ] || wait $_cp
	read -r el_Z <"$_cd/Z/.ms"
	rm -f "$_cd/Z/.ms"
	read -r _src <"$_cd/seq/.rc"
	for _m in Z P; do
		if same "$_cd/seq" "$_cd/$_m"; then
			pass "$cell: $_m as one at a time (exit $_src)"
		else
			fail "$cell: $_m as one at a time" "$(head -n 20 "$T/diff")"
		fi
	done
	if [ "$_ca" = - ] || ! have curl; then
		return
	fi
	# the exit status too: sockt's are curl's (issue 55)
	read -r _crc <"$_cd/curl/.rc"
	if same "$_cd/seq" "$_cd/curl"; then
		pass "$cell: as curl (curl exit $_crc)"
	else
		fail "$cell: as curl (curl exit $_crc)" "$(head -n 20 "$T/diff")"
	fi
}

# want NAME RC: the one-at-a-time run of cell NAME ended with RC, so the
# cell compared what it meant to
want() {
	read -r _wrc <"$T/m/$1/seq/.rc"
	is "$1: exit $2" "$_wrc" "$2"
}

WO='%{http_code}:%{size_download}:%{num_redirects}:%{exitcode}:%{url_effective}\n'
cell plain "" "" $U3
want plain 0
check "plain: the bodies in URL order" sh -c \
    "cat '$W/f1' '$W/f2' '$W/f3' | cmp -s - '$T/m/plain/seq/.out'"
cell files "-o a -o b -o c" "-o a -o b -o c" $U3
cell outdir "--remote-name-all --output-dir d" "--remote-name-all --output-dir d" $U3
cell create_dirs "--create-dirs --output-dir a/b -o x/y/1 -o 2 -o x/3" \
    "--create-dirs --output-dir a/b -o x/y/1 -o 2 -o x/3" $U3
want create_dirs 0
cell create_dirs_O "--create-dirs --remote-name-all --output-dir a/b/c" \
    "--create-dirs --remote-name-all --output-dir a/b/c" $U3
want create_dirs_O 0
cell include "-i" "-i" $U3
cell head "-I" "-I" $U3
cell dump_stdout "-D -" "-D -" $U3
cell dump_file "-D h -o a" "-D h -o a" "$H/f2"
check "dump_file: the head is in h" grep -q '^HTTP/1.1 200' "$T/m/dump_file/seq/h"
# (one at a time the exit status is the last transfer's, as curl's; with
# -Z a failure's: the failure goes last, where the modes agree; t2171
# holds the rest to curl)
cell fail "-f" "-f" "$H/f1" "$H/f3" "$H/nothere"
want fail 22
cell fail_body "--fail-with-body" "--fail-with-body" "$H/f1" "$H/nothere"
cell writeout "--write-out $WO" "-w $WO" $U3 "$H/nothere"
cell redirect "-L --write-out $WO" "-L -w $WO" "$H/to2" "$H/f1"
cell max_redirs "-L --max-redirs 0" "-L --max-redirs 0" "$H/f1" "$H/to2"
want max_redirs 47
cell resume "-C - -o a -o b -o c" "-C - -o a -o b -o c" $U3
want resume 0
check "resume: the files whole" sh -c "cmp -s '$W/f1' '$T/m/resume/Z/a' &&
    cmp -s '$W/f2' '$T/m/resume/Z/b' && cmp -s '$W/f3' '$T/m/resume/Z/c'"
cell range "-r 10-99" "-r 10-99" $U3
cell etagsave "--etag-save e -o a" "--etag-save e -o a" "$H/f2"
is "etagsave: the ETag saved" "$(cat "$T/m/etagsave/Z/e")" "$etag"
# curl 7.88 sends If-None-Match twice from its second URL on (nginx
# answers 400): curl compares on one URL only
cell etagcmp "--etag-compare e" - $U3
check "etagcmp: f2 was not sent again" sh -c \
    "cat '$W/f1' '$W/f3' | cmp -s - '$T/m/etagcmp/P/.out'"
cell etagcmp1 "--etag-compare e -o a" "--etag-compare e -o a" "$H/f2"
check "etagcmp1: no file made" test ! -e "$T/m/etagcmp1/Z/a"
cell timecond "-z 20200101 -o a -o b" "-z 20200101 -o a -o b" "$H/f1" "$H/f2"
cell maxsize "--max-filesize 100000" "--max-filesize 100000" $U3
cell compressed "--compressed" "--compressed" "$H/text.txt" "$H/f1" \
    "$H/text.txt"
check "compressed: decoded" sh -c "cat '$W/text.txt' '$W/f1' '$W/text.txt' |
    cmp -s - '$T/m/compressed/Z/.out'"
cell unix "--unix-socket $T/ng.sock" "--unix-socket $T/ng.sock" \
    "http://localhost/f1" "http://localhost/f2" "http://localhost/f3"

# --limit-rate: per transfer, as curl: no read before the bytes so far
# are due, a quarter second's worth a read, so f3's 300,000 bytes at 400
# KiB a second take 0.48 s at least whatever the mode (its last read,
# of 102,401 bytes at most, starts once 197,599 are due; a read is not
# waited for after it, as curl); f1 and f2 come in one read each
cell rate "--limit-rate 400k" "--limit-rate 400k" $U3
check "rate: -Z took 0.45 s at least ($el_Z ms)" test "$el_Z" -ge 450
_t0=$(now_ms)
runone "$T/m/rate/again" sockt --limit-rate 400k $U3
el=$(($(now_ms) - _t0))
check "rate: one at a time took 0.45 s at least ($el ms)" test "$el" -ge 450

# --retry with Retry-After: each URL answered 503 first, then 200
WR='%{http_code}:%{size_download}:%{exitcode}\n'
cell retry "--retry 2 -f --write-out $WR" "--retry 2 -f -w $WR" \
    "$RA/ra?1@RUN@" "$RA/ra?2@RUN@"
want retry 0
check "retry: waited the Retry-After second in -Z ($el_Z ms)" \
    test "$el_Z" -ge 900
printf 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 5\r\n\r\nbusy\n' >"$D/gone"
cell retry_out "--retry 1 -f" "--retry 1 -f" "$H/f1" "$RA/gone?@RUN@"
want retry_out 22

# -m: the whole try, -w: the connect
ONE_BY_ONE=1
cell maxtime "-m 1" "-m 1" "$H/f1" "$ST/stall"
ONE_BY_ONE=
want maxtime 28
if [ -n "$BH" ]; then
	cell connect_timeout "--connect-timeout 1" "--connect-timeout 1" "$H/f1" "$BH/"
	want connect_timeout 28
else
	skip "connect_timeout" "no black hole"
fi

# proxies
if have danted && dante; then
	cell socks4 "-x socks4://127.0.0.1:$DP" "-x socks4://127.0.0.1:$DP" $U3
	want socks4 0
	# (curl sends even an address as a name, which dante refuses)
	cell socks4a "-x socks4a://127.0.0.1:$DP" - $U3
	want socks4a 0
	cell socks5 "-x socks5://127.0.0.1:$DP" "-x socks5://127.0.0.1:$DP" \
	    "$HN/f1" "$HN/f2" "$HN/f3"
	want socks5 0
	cell socks5h_https "-x socks5h://127.0.0.1:$DP --cacert $P/ca.pem" \
	    "-x socks5h://127.0.0.1:$DP --cacert $P/ca.pem" \
	    "$S/f1" "$S/f2" "$S/f3"
	want socks5h_https 0
else
	for c in socks4 socks4a socks5 socks5h_https; do
		skip "$c" "dante-server not installed"
	done
fi
if have microsocks; then
	MP=$(freeport)
	bg 170 microsocks -i 127.0.0.1 -p "$MP" -u alice -P s3cret
	if wait_until 10 up "$MP"; then
		cell socks5h "-x socks5h://alice:s3cret@127.0.0.1:$MP" \
		    "-x socks5h://alice:s3cret@127.0.0.1:$MP" \
		    "$HN/f1" "$HN/f2" "$HN/f3"
		want socks5h 0
	else
		fail "microsocks started"
	fi
else
	skip "socks5h" "microsocks not installed"
fi
# SOCKS4a with names the proxy resolves (dante 1.4 refuses names)
if FAKE_THREADS=1 SOUT=$T/fake.out server 170 $FAKE pass 30; then
	cell socks4a_names "-x socks4a://127.0.0.1:$SPORT" - \
	    "$HN/f1" "$HN/f2" "$HN/f3"
	want socks4a_names 0
	check "socks4a_names: the proxy got the name" \
	    grep -q 'host=localhost' "$T/fake.out"
fi
if have tinyproxy; then
	TP=$(freeport)
	if tiny "$TP"; then
		cell http_proxy "-x http://127.0.0.1:$TP" \
		    "-x http://127.0.0.1:$TP" $U3
		want http_proxy 0
		cell http_tunnel "-p -x http://127.0.0.1:$TP" \
		    "-p -x http://127.0.0.1:$TP" $U3
		want http_tunnel 0
	else
		fail "tinyproxy started"
	fi
else
	skip "http_proxy" "tinyproxy not installed"
fi

# TLS: every option of a TLS client
cell cacert "--cacert $P/ca.pem" "--cacert $P/ca.pem" "$S/f1" "$S/f2" \
    "$S/f3"
want cacert 0
cell capath "--capath $T/capath" "--capath $T/capath" "$S/f1" "$S/f3"
want capath 0
cell insecure "-k" "-k" "$SS/f1" "$SS/f2"
want insecure 0
cell untrusted "" "" "$H/f2" "$SS/f1"
want untrusted 60
cell pinned "--cacert $P/ca.pem --pinnedpubkey sha256//$pin" \
    "--cacert $P/ca.pem --pinnedpubkey sha256//$pin" "$S/f1" "$S/f2"
want pinned 0
cell client_cert "--cacert $P/ca.pem --cert $P/client.pem --key $P/client.key -f" \
    "--cacert $P/ca.pem --cert $P/client.pem --key $P/client.key -f" \
    "$S/mtls/f1" "$S/mtls/f2"
want client_cert 0
cell no_client_cert "--cacert $P/ca.pem -f" "--cacert $P/ca.pem -f" \
    "$S/f2" "$S/mtls/f1"
want no_client_cert 22
cell servername "--cacert $P/ca.pem --servername localhost" - \
    "https://127.0.0.1:$NGTLS_good/f1" "https://127.0.0.1:$NGTLS_good/f2"
want servername 0
cell tls13 "--cacert $P/ca.pem --tls-min 1.3" "--cacert $P/ca.pem --tlsv1.3" \
    "$S/f1" "$S/f3"
want tls13 0

done_testing
