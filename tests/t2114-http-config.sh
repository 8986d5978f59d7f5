#!/bin/sh
# t2114: http-get reads curl's -K config files and takes --next as curl
# does (issue 61, item 2).  The same config file or --next command line
# to sockt http-get and to curl 7.88 against heads_http.py, which
# records each request head byte for byte: the heads (the User-Agent's
# value made one), stdout, the files each left and the exit status
# compared.  -K: each syntax form (opt = v, opt: v, opt=v, opt v, --opt
# v, -o v, a cluster), quoting and curl's escapes, comments and blank
# and CRLF lines, url lines with an output each, -K - (stdin), a line
# curl warns of (unknown, no parameter, one too many) said with its
# file and line and left out as curl leaves it, a -K in a file, a file
# that cannot be read (26), and one that reads itself; --next: each
# group's own -H and -o, the status the last group's with a failing
# first group and with a failing last one, a global -s after it, -:, a
# --next before any URL, one with none after it, --next in a file; -q
# and -K ~/.curlrc.  Fails on fbc4a641 (-K, --next and -q refused
# or unknown there).
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "http-get reads curl's config files" "python3 or curl not installed"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
heads_start || exit 1
closedport
DEAD=http://127.0.0.1:$CPORT

# same DESC ARGS...: curldiff.sh's heads, and both sent the same heads,
# wrote the same stdout and ended with the same status (curl's)
same() {
	_d=$1
	shift
	heads "$@"
	kverdict "$_d"
}
# kverdict DESC: a request seen, then heads_same, with NOCONN which
# connection carried a head set aside (each group its own)
kverdict() {
	# each group its own connections: which one carried a head aside
	if [ -n "${NOCONN:-}" ]; then
		for _f in "$T/s.req" "$T/c.req"; do
			sed 's/^== new$/== conn/; s/^== kept$/== conn/' "$_f" \
			    >"$_f.n" && mv "$_f.n" "$_f"
		done
	fi
	if ! [ -s "$T/c.req" ]; then
		fail "$1" "no request at all" "$(cat "$T/s.err" "$T/c.err")"
	else
		heads_same "$1"
	fi
}
# cfg TEXT: the config file c.cfg, the same in $T/s and $T/c
cfg() {
	printf '%b' "$1" >"$T/s/c.cfg"
	cp "$T/s/c.cfg" "$T/c/c.cfg"
}
# files DIR: each file of DIR but c.cfg and what it holds, a line each
files() { (cd "$1" && for f in *; do [ -f "$f" ] && [ "$f" != c.cfg ] &&
    echo "$f $(cat "$f")"; done; rm -f ./*); }

# --- -K FILE: each of curl's forms
cfg "header = \"X-A: 1\"\nheader: X-B:2\nheader=X-C:3\nheader X-D:4\n"\
"--header X-E:5\n-H X-F:6\n-sH X-G:7\nurl = $U/a\n"
same "-K: opt = \"v\", opt: v, opt=v, opt v, --opt v, -o v, -sH v" -K c.cfg
like "... every one sent" "$(tr -d '\r' <"$T/s.req")" \
    "*X-A: 1*X-B:2*X-C:3*X-D:4*X-E:5*X-F:6*X-G:7*"
cfg "--config c2.cfg\n"
printf 'url %s/b\n' "$U" >"$T/s/c2.cfg"
cp "$T/s/c2.cfg" "$T/c/c2.cfg"
same "--config FILE as -K, and --config in a file" -K c.cfg
cfg "header = \"X-Q: a\\\\tb\\\\\\\\c\\\\\"d\\\\qe\"\nurl \"$U/q\"\n"
same "quoted: curl's escapes \\\\t \\\\\\\\ \\\\\", another letter as itself" \
    -K c.cfg
like "... the value unquoted" "$(tr -d '\r' <"$T/s.req")" \
    "*X-Q: a	b\\\\c\"dqe*"
cfg "# a comment\n   # indented\n/ slash\n* star\n\n  \t\n"\
"header X-R:1 # after\r\nurl $U/r\r\n"
same "comments (# / *), blank lines, CRLF, a comment after a value" -K c.cfg
cfg "url = $U/1\noutput = one\nurl = $U/2\n-o two\n"
same "url lines with an output each" -K c.cfg
is "... the same files" "$(files "$T/s")" "$(files "$T/c")"
cfg "url = $U/3\n"
same "URLs of the file and of the command line" -K c.cfg "$U/4"

# --- -K -: stdin, both fed the same file
printf 'header X-S:1\nurl %s/stdin\n' "$U" >"$T/in.cfg"
: >"$LOG"
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -K - <"$T/in.cfg") \
    >"$T/s.out" 2>"$T/s.err"
src=$?
sed 's#^User-Agent: sockt/[0-9.]*\r$#User-Agent: AGENT\r#' "$LOG" >"$T/s.req"
: >"$LOG"
(cd "$T/c" && exec timeout -k 2 30 curl -sS -K - <"$T/in.cfg") \
    >"$T/c.out" 2>"$T/c.err"
crc=$?
sed 's#^User-Agent: curl/[0-9.]*\r$#User-Agent: AGENT\r#' "$LOG" >"$T/c.req"
kverdict "-K - reads stdin"

# --- lines curl warns of: said with the file and line, left out
cfg "bogus-opt 1\nheader\ninclude yes\nheader X-W: 1\nurl $U/w\n"
same "warned-of lines: unknown, no parameter, one too many, unquoted space" \
    -K c.cfg
like "... each said with the file and the line, as curl" "$(cat "$T/s.err")" \
    "*c.cfg:1: warning: 'bogus-opt' is unknown*c.cfg:2: warning: 'header' \
requires parameter*c.cfg:3: warning: 'include' had unsupported trailing \
garbage*c.cfg:4: warning: 'header' uses unquoted whitespace*"
BOTH_FLAGS=-s same "... not said with -s, as curl" -K c.cfg
is "... nothing on stderr" "$(cat "$T/s.err")" ""
BOTH_FLAGS=
cfg "data = x\nurl $U/d\n"
heads -K c.cfg
is "an option of curl's that http-get refuses: the usage error it is" \
    "$src $(head -1 "$T/s.err")" "2 sockt http-get: --data: http-get sends \
no body"
heads -K nothere "$U/a"
is "a file that cannot be read: curl's 26, and no request" \
    "$src:$crc:$(wc -c <"$T/s.req")" "26:26:0"
like "... saying which" "$(cat "$T/s.err")" "*cannot read config from \
'nothere'*"
cfg "url $U/loop\n-K c.cfg\n"
run 30 sh -c "cd '$T/s' && exec '$SOCKT' http-get -K c.cfg"
like "a file that reads itself: 26 at 64 files, no request" \
    "$rc $(wc -c <"$LOG") $err" "26 0 *more than 64 config files*"

# --- --next: each group its own options, in turn (and connections:
# curl keeps one across groups, which the heads' "== kept" would show)
NOCONN=1
same "--next: -H and -o of each group alone" -H "X-1: 1" -o f1 "$U/n1" \
    --next -H "X-2: 2" "$U/n2" --next -o f3 "$U/n3"
is "... the same files" "$(files "$T/s")" "$(files "$T/c")"
same "-: as --next" -H "X-1: 1" "$U/n1" -: "$U/n2"
heads "$DEAD/" --next "$U/ok"
is "a failing first group, a good last one: 0 as curl" \
    "$src:$crc:$(cat "$T/s.out")" "0:0:ok"
heads "$U/ok" --next "$DEAD/"
is "a good first group, a failing last one: 7 as curl" \
    "$src:$crc:$(cat "$T/s.out")" "7:7:ok"
heads --fail-early "$DEAD/" --next "$U/ok"
is "--fail-early: the first failure stops them, as curl" \
    "$src:$crc:$(wc -c <"$T/s.req")" "7:7:0"
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get "$DEAD/" --next -s \
    "$U/ok") >"$T/s.out" 2>"$T/s.err"
is "-s after --next is global, as curl's: the first group's error unsaid" \
    "$?:$(cat "$T/s.err")" "0:"
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get "$U/v1" --next -v \
    "$U/v2") >"$T/s.out" 2>"$T/s.err"
like "-v after --next is global too: both requests shown" \
    "$?:$(grep '^> GET' "$T/s.err" | tr -d '\r' | tr '\n' ' ')" \
    "0:> GET /v1 HTTP/1.1 > GET /v2 HTTP/1.1 "
same "--next before any URL: ignored, its options kept, as curl" \
    -H "X-K: 1" --next "$U/k"
heads "$U/ok" --next
is "--next with no URL after it: 2 once the group before has run, as curl" \
    "$src:$crc:$(cat "$T/s.out")" "2:2:ok"
same "one cookie engine for the groups that turn one on, as curl's" \
    -c j1 "$U/cookie1" --next "$U/b" --next -b "" "$U/c"
like "... the cookie of the first sent by the third alone" \
    "$(tr -d '\r' <"$T/s.req")" "*GET /b HTTP/1.1
Host*GET /c HTTP/1.1
Host*Cookie: a=1*"
cfg "url $U/c1\nnext\nheader X-N:1\nurl $U/c2\n"
same "next in a config file" -K c.cfg
NOCONN=

# --- -q, and -K ~/.curlrc (t2172: ~/.curlrc read without -K)
mkdir "$T/home"
printf 'header X-RC:1\n' >"$T/home/.curlrc"
: >"$LOG"
HOME=$T/home run 30 "$SOCKT" http-get -q "$U/rc"
like "-q taken, as curl's first option" "$rc $out" "0 ok"
HOME=$T/home run 30 "$SOCKT" http-get --disable "$U/rc"
like "--disable too" "$rc $out" "0 ok"
HOME=$T/home run 30 "$SOCKT" http-get -K "$T/home/.curlrc" "$U/rc"
like "... -K ~/.curlrc reads it" "$rc $(tr -d '\r' <"$LOG")" \
    "0 *GET /rc*GET /rc*GET /rc*X-RC:1*"
# lib.sh's empty $CURL_HOME/.curlrc comes first: $HOME's is not read too
is "... once: \$CURL_HOME's .curlrc found first" "$(grep -c 'X-RC' "$LOG")" 1

done_testing
