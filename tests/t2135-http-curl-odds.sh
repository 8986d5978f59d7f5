#!/bin/sh
# t2135: single cases of curl's own tests where http-get went its own
# way on 8f9439ae, beside curl (issue 61): an -H curl drops (no colon but
# "Name;" exactly: "X;  ", "X;y", "no-colon") is dropped, not a usage
# error, from the command line and from -H @file; --etag-save to a file
# that cannot be made skips that URL, exit 0, the next --next group
# still run; a Location that is no URL is curl's 3 (CURLE_URL_MALFORMAT);
# a --resolve or --connect-to curl cannot read its 49; a proxy URL's path
# ignored; --next groups with their own --connect-to, and the --resolve
# entries of those before (curl's DNS cache), "-HOST:PORT" dropping one.
# The same command line to sockt http-get and to curl against
# heads_http.py (the request heads compared) or the canned server.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "curl's odd cases" "python3 or curl not installed"
	done_testing
	exit
fi
heads_start || exit 1
BOTH_FLAGS=-s
printf 'One: 1\nno-colon\nX-Semi;  \nX-Empty;\nX-Junk;ignored\n' >"$T/hf"
same "-H 'X;  ', -H 'X;y', -H no-colon: dropped as curl drops them" -s \
    -H "X-A;  " -H "X-B;y" -H "no-colon" -H "X-C;" -H "X-D: a;" "$U/a"
same "-H @file with such lines: the same" -s -H "@$T/hf" "$U/a"
: >"$LOG"
pair -s --etag-save "$T/nowhere/e" "$U/a" --next "$U/b"
heads_same "--etag-save into no directory: that URL skipped, the next run"
is "... exit 0, one request, as curl" "$src:$(grep -c '^GET ' "$T/s.req")" \
    "0:1"
# every URL skipped so: curl's "no transfer performed", 26 (its case
# 370); with -Z, 0
: >"$LOG"
same "--etag-save into no directory, the only URL: 26, nothing sent" \
    --etag-save "$T/nowhere/e" "$U/a" "$U/b"
is "... exit 26" "$src:$(grep -c '^GET ' "$T/s.req")" "26:0"
same "... -Z: 0" -Z --etag-save "$T/nowhere/e" "$U/a"
# a -b file's lines whose name prefix's demands they miss: not sent, as
# curl's (__Secure- needs Secure, __Host- Secure, path / and no domain)
{
	for l in "FALSE	/	FALSE	0	__Secure-a	1" "FALSE	/	TRUE	0	__secure-b	2" \
	    "TRUE	/	TRUE	0	__Host-c	3" "FALSE	/	TRUE	0	__Host-f	6" \
	    "FALSE	/x	TRUE	0	__Host-d	4" "FALSE	/	FALSE	0	__HOST-e	5"; do
		printf '127.0.0.1\t%s\n' "$l"
	done
} >"$T/jar"
same "-b FILE: lines with a name prefix, as curl sends them" -s -b "$T/jar" \
    "$U/a"
like "... two of them" "$(cat "$T/s.req")" "*Cookie: __secure-b=2; __Host-f=6*"
same "-x http://HOST:PORT/p?q: the proxy URL's path ignored, as curl" -s \
    -x "$U/p?q" http://remote.example/a
# --next groups: each its own --connect-to; --resolve's entries last
# (curl's DNS cache) until "-HOST:PORT" drops them
closedport
DEAD=$CPORT
same "--next: a group's --connect-to is not the group's before" -s \
    --connect-to "x.example::127.0.0.1:$P" "http://127.0.0.1:$DEAD/a" \
    --next --connect-to "::127.0.0.1:$P" "http://127.0.0.1:$DEAD/b"
# (the connection kept from group to group, as curl's: t2171)
pair -s --resolve "r.example:$P:127.0.0.1" "http://r.example:$P/a" --next \
    "http://r.example:$P/b" --next --resolve "-r.example:$P" \
    --connect-to "::127.0.0.1:$P" "http://r.example:$P/c"
is "--next: --resolve lasts, -HOST:PORT drops it: the requests as curl's" \
    "$src:$(grep -v '^== ' "$T/s.req")" "$crc:$(grep -v '^== ' "$T/c.req")"
is "... all three fetched" "$src:$(grep -c '^GET ' "$T/s.req")" "0:3"
rm -f "$T/s.req" "$T/c.req"

D=$T/site
mkdir "$D"
printf 'HTTP/1.1 302 Weird\r\nLocation: http:////foo.example/x\r\nContent-Length: 0\r\n\r\n' \
    >"$D/slashes"
canned_start "$D"
both -L -i "$U/slashes"
verdict "a Location with four slashes, -L: curl's 3, the head written"
is "... exit 3" "$src" 3
# -J -O: a Content-Disposition name as curl reads it (its cases
# 1311-1313): no disposition type, parameters after a token, quotes
# left open, single quotes
cd_reply() {
	printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n%s\r\n\r\nab\n' \
	    "Content-Disposition: $2" >"$D/$1"
}
cd_reply cd1 "filename=n1311; charset=funny; option=strange"
cd_reply cd2 'inline; filename="n1312;weird"'
cd_reply cd3 "inline; filename='n1313"
cd_reply cd4 "attachment; filename='a b'; size=3"
for f in cd1 cd2 cd3 cd4; do
	both -J -O "$U/$f"
	verdict "-J -O, $(sed -n 's/^Content-Disposition: //p' "$D/$f" |
	    tr -d '\r'): curl's file" files
done
rm -f "$T"/s/* "$T"/c/*
# -# to a --stderr file, no terminal: curl's bar all the same, its last
# line 100 % (its case 1148), as wide as COLUMNS says, else 79
printf 'HTTP/1.1 200 OK\r\nContent-Length: 60\r\n\r\n%060d' 0 >"$D/bar"
for cols in "" 50; do
	(cd "$T/s" && COLUMNS=$cols exec timeout -k 2 30 "$SOCKT" http-get \
	    -# --stderr e "$U/bar") >/dev/null 2>&1
	(cd "$T/c" && COLUMNS=$cols exec timeout -k 2 30 curl -# --stderr e \
	    "$U/bar") >/dev/null 2>&1
	is "-# --stderr FILE, COLUMNS=$cols: the bar's last line is curl's" \
	    "$(tr '\r' '\n' <"$T/s/e" | tail -n 1)" \
	    "$(tr '\r' '\n' <"$T/c/e" | tail -n 1)"
done
# a file name that looks like a flag: taken, with curl's warning (its
# case 1268); none under an earlier -s, none for -b's "-x"
for w in s c; do
	(cd "$T/$w" && if [ $w = s ]; then exec timeout -k 2 30 "$SOCKT" \
	    http-get --no-progress-meter -o -x -b -y "$U/bar" -D -k; else
	    exec timeout -k 2 30 curl --no-progress-meter -o -x -b -y "$U/bar" \
	    -D -k; fi) >"$T/$w.out" 2>"$T/$w.err"
	echo "$?:$(grep -c "argument '-[xk]' looks like a flag" "$T/$w.err")" \
	    >"$T/$w.rc"
done
is "-o -x -b -y -D -k: two warnings, the files written, as curl" \
    "$(cat "$T/s.rc"):$(cat "$T/s/-x")" "$(cat "$T/c.rc"):$(cat "$T/c/-x")"
is "... -x and -k made" "$(cd "$T/s" && ls -- -x -k)" "$(printf -- '-k\n-x')"
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -s -o -x "$U/bar") \
    2>"$T/s.err"
is "... -s first: no warning" "$(cat "$T/s.err")" ""
is "... 43 '#'s, 100 %" "$(tr '\r' '\n' <"$T/s/e" | tail -n 1)" \
    "$(printf '%043d' 0 | tr 0 '#') 100.0%"
for v in "--resolve 80:example.com:127.0.0.1" "--resolve h:80:300.1.1.1" \
    "--connect-to ::example.com:example.com"; do
	# shellcheck disable=SC2086
	both $v "$U/slashes"
	verdict "$v: curl's 49, nothing sent"
done
done_testing
