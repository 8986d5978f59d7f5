#!/bin/sh
# t2089: http-get --netrc, --netrc-file, --netrc-optional beside curl
# --netrc-file, on a server that records each request's Authorization:
# machine, default, login and password (quoted, with escapes), macdef
# skipped, the URL's user name choosing the entry, -u and the URL's
# password first; each redirect hop gets its own host's entry, so a
# host's password never goes to another host a redirect leads to; in
# every mode.  A file group or others may read is not used, with a
# warning (curl uses it); a missing one is no error (as curl).
. "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")" && pwd)

if ! have python3; then
	skip "--netrc" "python3 not installed"
	done_testing
	exit 0
fi
server 120 python3 "$D/misc_http.py" "$T/req.log" || exit 1
P=$SPORT
U=http://127.0.0.1:$P
L=http://localhost:$P
havecurl=0
have curl && havecurl=1
enc() {
	python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}
b64() { printf '%s' "$1" | base64; }
N=$T/netrc
cat >"$N" <<'EOT'
# alice on 127.0.0.1
machine 127.0.0.1
	login alice
	password "a pw \"q\" \\ x"
macdef init
machine localhost login mallory password mpw

machine 127.0.0.1 login carl password c2
EOT
chmod 600 "$N"
NB=$T/netrc-both
printf 'machine 127.0.0.1 login alice password apw\nmachine localhost login bob password bpw\n' >"$NB"
ND=$T/netrc-default
printf 'machine other login x password y\ndefault login anon password guest\n' >"$ND"
chmod 600 "$NB" "$ND"

# case DESC WANT ARGS...: the server's log of sockt's requests is WANT
# (a line per request: "TARGET AUTH"), and of curl's the same
case_() {
	_d=$1 _w=$2
	shift 2
	: >"$T/req.log"
	run 30 "$SOCKT" http-get -sS "$@"
	is "$_d" "$rc:$(cat "$T/req.log")" "0:$_w"
	[ $havecurl = 1 ] && [ -z "${NOCURL:-}" ] || return 0
	: >"$T/req.log"
	run 30 curl -sS "$@"
	is "... as curl" "$rc:$(cat "$T/req.log")" "0:$_w"
}
nl='
'
A="Basic $(b64 'alice:a pw "q" \ x')"
case_ "a machine's login and quoted password" "/a $A" --netrc-file "$N" "$U/a"
case_ "macdef lines are no entries" "/m -" --netrc-file "$N" "$L/m"
case_ "the URL's user chooses the entry" "/c Basic $(b64 carl:c2)" \
    --netrc-file "$N" "http://carl@127.0.0.1:$P/c"
# curl 7.88 pairs the URL's user with the password of another login
# (the netrc leaks fixed in curl 8.11, CVE-2024-11053): judged alone
NOCURL=1
case_ "... a user with no entry: no password" "/u Basic $(b64 u:)" \
    --netrc-file "$N" "http://u@127.0.0.1:$P/u"
case_ "the URL's password first" "/p Basic $(b64 u:p)" \
    --netrc-file "$N" "http://u:p@127.0.0.1:$P/p"
NOCURL=
case_ "-u first" "/z Basic $(b64 z:z)" --netrc-file "$N" -u z:z "$U/z"
case_ "default" "/d Basic $(b64 anon:guest)" --netrc-file "$ND" "$U/d"
case_ "a redirect to the same host keeps it" "/to/%2Fs $A$nl/s $A" \
    -L --netrc-file "$N" "$U/to/$(enc /s)"
case_ "a redirect to another host: not sent there" \
    "/to/$(enc "$L/o") $A$nl/o -" -L --netrc-file "$N" "$U/to/$(enc "$L/o")"
case_ "... which gets its own entry" \
    "/to/$(enc "$L/o") Basic $(b64 alice:apw)$nl/o Basic $(b64 bob:bpw)" \
    -L --netrc-file "$NB" "$U/to/$(enc "$L/o")"

# every mode: each URL its host's entry
for m in -Z --pipeline; do
	: >"$T/req.log"
	run 30 "$SOCKT" http-get -sS $m --netrc-file "$NB" "$U/1" "$L/2" "$U/3"
	is "$m: each host its entry" "$rc:$(sort "$T/req.log")" \
	    "0:/1 Basic $(b64 alice:apw)$nl/2 Basic $(b64 bob:bpw)$nl/3 Basic $(b64 alice:apw)"
done

# --netrc reads ~/.netrc
mkdir "$T/home"
cp "$NB" "$T/home/.netrc"
: >"$T/req.log"
HOME=$T/home run 30 "$SOCKT" http-get -sS --netrc "$U/h"
is "--netrc: ~/.netrc" "$rc:$(cat "$T/req.log")" "0:/h Basic $(b64 alice:apw)"

# others may read it: not used, said once
chmod 640 "$T/home/.netrc"
: >"$T/req.log"
HOME=$T/home run 30 "$SOCKT" http-get -sS --netrc "$U/g" "$U/g2"
is "group may read it: not used" "$rc:$(cat "$T/req.log")" "0:/g -$nl/g2 -"
is "... one warning" "$err" \
    "sockt http-get: $T/home/.netrc: not used: group or others may read it (chmod 600 it)"
chmod 604 "$T/home/.netrc"
HOME=$T/home run 30 "$SOCKT" http-get -sS --netrc-optional "$U/g"
like "... others either" "$rc:$err" "0:*not used: group or others may read it*"
chmod 620 "$T/home/.netrc"
HOME=$T/home run 30 "$SOCKT" http-get -sS --netrc-optional "$U/g"
like "... group may write it: said so" "$rc:$err" \
    "0:*not used: group or others may write it*"
# a fifo in its place is refused at once, never waited on for a writer
mkfifo "$T/fifo.netrc"
run 10 "$SOCKT" http-get -sS --netrc-file "$T/fifo.netrc" "$U/g"
is "--netrc-file naming a fifo: refused, not waited on" "$rc:$err" \
    "1:sockt http-get: $T/fifo.netrc: not a regular file"

# missing files
HOME=$T/nohome run 30 "$SOCKT" http-get -sS --netrc "$U/n"
is "no ~/.netrc: no error" "$rc:$err" "0:"
run 30 "$SOCKT" http-get -sS --netrc-optional --netrc-file "$T/none" "$U/n"
is "--netrc-optional: quiet" "$rc:$err" "0:"
run 30 "$SOCKT" http-get -sS --netrc-file "$T/none" "$U/n"
is "--netrc-file missing: said, no error" "$rc:$err" \
    "0:sockt http-get: $T/none: No such file or directory"
if [ $havecurl = 1 ]; then
	run 30 curl -sS --netrc-file "$T/none" "$U/n"
	is "... curl goes on too" "$rc" 0
fi

done_testing
