#!/bin/sh
# t2088: http-get --proto and --proto-redir in curl's syntax (=https,
# -all,+https, unknown names warned about and left out, a lone
# modifier a usage error), a redirect -L may not follow one line and
# exit 1 with nothing fetched from its target, in every mode; a
# redirect to a scheme sockt does not speak (ftp://, mailto:) one line
# and exit 1.  Beside curl: the same exit status where curl's is 1 or 2
# and the same requests at the server.
. "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")" && pwd)

if ! have python3; then
	skip "--proto" "python3 not installed"
	done_testing
	exit 0
fi
server 120 python3 "$D/misc_http.py" "$T/req.log" || exit 1
U=http://127.0.0.1:$SPORT
havecurl=0
have curl && havecurl=1
enc() {
	python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}
closedport
# a redirect to the same server, and one to https on a closed port
toh="$U/to/$(enc "$U/next")"
tos="$U/to/$(enc "https://127.0.0.1:$CPORT/")"

# case DESC RC ERR ARGS...: sockt exits RC and says ERR (a pattern, ""
# for nothing); curl with the same arguments exits RC too, and the
# server saw the same requests from each
case_() {
	_d=$1 _rc=$2 _e=$3
	shift 3
	: >"$T/req.log"
	run 30 "$SOCKT" http-get -sS "$@"
	is "$_d: exit $_rc" "$rc" "$_rc"
	if [ -n "$_e" ]; then
		like "... one line" "$err" "sockt http-get: $_e"
		is "... only one" "$(wc -l <"$T/err" | tr -d ' ')" 1
	else
		is "... nothing said" "$err" ""
	fi
	[ $havecurl = 1 ] || return 0
	cp "$T/req.log" "$T/req.s"
	: >"$T/req.log"
	run 30 curl -sS "$@"
	is "... curl exits $_rc too" "$rc" "$_rc"
	is "... the same requests" "$(cat "$T/req.log")" "$(cat "$T/req.s")"
}

case_ "--proto =https, an http URL" 1 "$U/a: http:// not allowed by --proto" \
    --proto =https "$U/a"
case_ "--proto -all,+https" 1 "*not allowed by --proto" \
    --proto -all,+https "$U/a"
case_ "--proto =http,https" 0 "" --proto =http,https "$U/a"
case_ "--proto -https: http stays" 0 "" --proto -https "$U/a"
case_ "--proto-redir =https: not to http" 1 \
    "redirect to $U/next: http:// not allowed by --proto-redir" \
    -L --proto-redir =https "$toh"
case_ "--proto-redir =http: to http" 0 "" -L --proto-redir =http "$toh"
case_ "--proto-redir -all" 1 "*not allowed by --proto-redir" \
    -L --proto-redir -all "$toh"
case_ "--proto-redir =ftp: none sockt speaks" 1 \
    "*not allowed by --proto-redir" -L --proto-redir =ftp "$toh"
case_ "--proto =http holds for redirects too" 1 \
    "redirect to https://127.0.0.1:$CPORT/: https:// not allowed by --proto" \
    -L --proto =http "$tos"
case_ "--proto-redir without -L: the 302 itself" 0 "" \
    --proto-redir =https "$toh"
case_ "the last --proto wins" 0 "" --proto =https --proto =http "$U/a"
# the allowed https hop is taken (and refused by the closed port)
# (where the loader that runs sockt finds OpenSSL: https needs it first)
if tls_loadable; then
	run 30 "$SOCKT" http-get -sS -L --proto-redir =https "$tos"
	like "--proto-redir =https: to https" "$rc:$err" \
	    "7:*Connection refused*"
else
	skip "--proto-redir =https: to https" "no libssl.so.3"
fi

# a scheme sockt does not speak: one line, exit 1
for l in ftp://127.0.0.1/f gopher://127.0.0.1/ mailto:a@b.c javascript:x; do
	run 30 "$SOCKT" http-get -sS -L "$U/to/$(enc "$l")"
	is "a redirect to $l: exit 1" "$rc" 1
	like "... one line" "$err" \
	    "sockt http-get: redirect: unsupported URL scheme '${l%%:*}' (only http:// and https:// are)"
	is "... only one" "$(wc -l <"$T/err" | tr -d ' ')" 1
done

# every mode
for m in -Z --pipeline; do
	run 30 "$SOCKT" http-get -sS $m -L --proto-redir =https "$U/a" "$toh"
	is "$m: the refused redirect fails its URL" "$rc:$out" "1:/a -"
	like "... saying so" "$err" "*not allowed by --proto-redir"
done

# unknown names and bad lists
run 30 "$SOCKT" http-get -sS --proto =http,bogus "$U/a"
is "an unknown name: warned about, left out" "$rc:$err" \
    "0:sockt http-get: --proto: unrecognized protocol 'bogus'"
if [ $havecurl = 1 ]; then
	# curl's -s silences its warnings; sockt's -s only the chatter
	run 30 curl --no-progress-meter --proto =http,bogus "$U/a"
	like "... as curl" "$rc:$err" "0:*unrecognized protocol 'bogus'"
fi
for l in "=http,-" "*http"; do
	run 30 "$SOCKT" http-get -sS --proto "$l" "$U/a"
	is "--proto $l: a usage error" "$rc" 2
	if [ $havecurl = 1 ]; then
		run 30 curl -sS --proto "$l" "$U/a"
		is "... as curl" "$rc" 2
	fi
done

done_testing
