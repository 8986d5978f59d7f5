#!/bin/sh
# t2134: curl's spellings http-get refused on 8f9439ae, beside curl
# (issue 61): the --no-NAME of each switch (--no-fail, --no-location,
# --no-basic, --no-remote-name to stdout), --no-http0.9,
# --retry-all-errors (a body cut short tried again) and
# --proxy-anyauth (Basic or Digest, as the 407 asks).  The same command
# line to sockt http-get and to curl against one server: the exit
# status, stdout, the files and (through the proxy) the request heads
# compared.  Each is "unknown option" on 8f9439ae.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "curl's switches" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r nf 'HTTP/1.1 404 Nah\r\nContent-Length: 5\r\n\r\ngone\n'
r moved 'HTTP/1.1 301 Moved\r\nLocation: /ok\r\nContent-Length: 3\r\n\r\nOK\n'
r ok 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n'
r old_close 'no status line here\n'
canned_start "$D"
BOTH_FLAGS=-sS

# as DESC ARGS...: both exit the same, with the same stdout and files
as() {
	_d=$1
	shift
	rm -f "$T/s/"* "$T/c/"*
	both "$@"
	verdict "$_d" files
}
as "--no-fail after -f: a 404 is no failure" -f --no-fail "$U/nf"
is "... exit 0, as curl" "$src" 0
as "--no-location after -L: the 301 is the answer" -L --no-location \
    "$U/moved"
is "... its body printed" "$(cat "$T/s.out")" OK
as "--no-remote-name after --remote-name-all: to stdout" \
    --remote-name-all --no-remote-name "$U/ok"
is "... stdout, no file" "$(cat "$T/s.out"):$(ls "$T/s")" "hello:"
as "--remote-name-all alone: the file" --remote-name-all "$U/ok"
as "--no-http0.9: an answer with no status line, exit 1" --no-http0.9 \
    "$U/old_close"
is "... exit 1, as curl" "$src" 1
: >"$D/requests.log"
as "-u, --next --no-basic: the second group without credentials" \
    -u u:p "$U/ok" --next --no-basic "$U/ok"
is "... Authorization on the first request only, each side" \
    "$(grep -c '^Authorization: Basic' "$D/requests.log")" 2

# --retry-all-errors: the first answer cut short, the second whole
S=$T/seq
mkdir "$S"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nABCD' >"$S/cut.1"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nABCDEFGHIJ' >"$S/cut.2"
cp "$S/cut.1" "$S/cutc.1"
cp "$S/cut.2" "$S/cutc.2"
if server 60 python3 "$(dirname "$0")/seq_http.py" "$S"; then
	(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS --retry 1 \
	    --retry-delay 0.1 --retry-all-errors -o f \
	    "http://127.0.0.1:$SPORT/cut") 2>"$T/s.err"
	src=$?
	(cd "$T/c" && exec timeout -k 2 30 curl -sS --retry 1 \
	    --retry-delay 1 --retry-all-errors -o f \
	    "http://127.0.0.1:$SPORT/cutc") 2>"$T/c.err"
	is "--retry-all-errors: a cut body tried again, the file whole" \
	    "$src:$(cat "$T/s/f")" "$?:$(cat "$T/c/f")"
	is "... ABCDEFGHIJ" "$(cat "$T/s/f")" ABCDEFGHIJ
fi

# --proxy-anyauth: the proxy's 407 offers Basic, or Digest (hashed with
# libcrypto: where the loader that runs sockt finds it)
LOG=$T/heads
: >"$LOG"
if ! tls_loadable; then
	for o in basic digest; do
		skip "--proxy-anyauth to a 407 offering $o: curl's heads" \
		    "no libssl.so.3"
		skip "... verified" "no libssl.so.3"
	done
elif server 60 python3 "$(dirname "$0")/digest_http.py" "$LOG"; then
	U=http://127.0.0.1:$SPORT
	X="-x $U -U user:pass --proxy-anyauth"
	for o in basic digest; do
		heads $X "$U/a?proxy=1&offer=$o"
		verdict "--proxy-anyauth to a 407 offering $o: curl's heads"
		like "... verified" "$(cat "$T/s.req")" "*== verified*"
	done
fi
done_testing
