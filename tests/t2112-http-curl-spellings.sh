#!/bin/sh
# t2112: curl's spellings in http-get mean curl's (issue 61, item 2).
# The same command line to sockt http-get and to curl 7.88 against
# heads_http.py, which records each request head byte for byte: the
# heads (the User-Agent's value made one), stdout, the files and the
# exit status compared.  -w is --write-out (a bare number too, as curl
# reads it, with one line on stderr that the connect timeout is
# --connect-timeout, none with -s), --connect-timeout is the timeout;
# --path-as-is, --oauth2-bearer, -H @file, -H 'X;', -r N (curl's "N-"),
# --no-include, -U, --location-trusted (-u, the token and -H's
# credentials to the host a redirect leads to, only with it), --stderr,
# --no-clobber (FILE.1 .. as curl's) and --remove-on-error (a failed
# resume's file removed, as curl's) with the files each left compared,
# --proxy-header (to the proxy only: after -H forwarded, alone on CONNECT).
# Fails on 9ad59dab (-w 5 was a timeout, -w '%{http_code}' refused,
# --path-as-is unknown, --oauth2-bearer and --location-trusted refused,
# -H @file a bad header, -r 4 a bad range, --no-include, -U and
# --stderr, --no-clobber, --remove-on-error and --proxy-header unknown).
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "http-get takes curl's spellings" "python3 or curl not installed"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
heads_start || exit 1
closedport
DEAD=$CPORT

# --- -w is --write-out, --connect-timeout the timeout
same "-w FORMAT is --write-out" -w '%{http_code} %{size_download}\n' "$U/a"
same "-w 5 prints 5 after the body, as curl" -w 5 "$U/a"
like "... and says on stderr that the timeout is --connect-timeout" \
    "$(cat "$T/s.err")" "*-w 5 is curl's --write-out*--connect-timeout 5*"
is "... in one line" "$(wc -l <"$T/s.err")" 1
same "-s -w 5: the same, and nothing on stderr" -s -w 5 "$U/a"
is "... nothing said" "$(cat "$T/s.err")" ""
same "--connect-timeout SECS as curl's" --connect-timeout 5 "$U/a"
is "... nothing said" "$(cat "$T/s.err")" ""
printf "%%{http_code}\\n" >"$T/fmt"
same "-w @FILE reads the format" -w @"$T/fmt" "$U/a"

# --- the spellings of curl's that were refused or unknown
same "--path-as-is sends /../ and /./ as given" --path-as-is "$U/a/../b/./c"
same "... and without it both are removed" "$U/a/../b/./c"
same "--oauth2-bearer: Authorization: Bearer in Basic's place" \
    --oauth2-bearer tok -r 0-1 "$U/a"
same "--oauth2-bearer wins over -u, as curl's" --oauth2-bearer tok \
    -u user:pw "$U/a"
printf 'X-A: 1\r\n\r\nno colon here\nX-B;\nAccept:\n  \nX-C:  3  ' \
    >"$T/hdrs"
same "-H @file: a field a line, blanks and colonless lines skipped" \
    -H "X-0: 0" -H @"$T/hdrs" -H "X-D: 4" "$U/a"
pair -H @"$T/nothere" "$U/a"
is "-H @missing: the transfer goes on, as curl's" "$src:$crc:$(cat \
    "$T/s.out")" "0:0:ok"
like "... and says which file" "$(cat "$T/s.err")" "*-H @$T/nothere: *"
same "-H 'X;' sends X empty" -H "X-E;" "$U/a"
same "-r 4 is -r 4-, as curl 7.88 reads it" -s -r 4 "$U/a"
is "... said nothing with -s" "$(cat "$T/s.err")" ""
same "-i --no-include: the body alone" -i --no-include "$U/a"
same "-U is --proxy-user" -x "$U" -U user:pw http://x.test/a
same "--proxy-user as curl's" -x "$U" --proxy-user user:pw http://x.test/a
pair --stderr err -v "$U/a"
like "--stderr FILE: -v's lines go to the file" "$src:$(cat "$T/s.out"):$(cat \
    "$T/s/err")" "0:ok:*> GET /a HTTP/1.1*"
is "... and none to stderr" "$(cat "$T/s.err")" ""
pair --stderr - -w 5 http://127.0.0.1:$DEAD/
like "--stderr -: the failure said on stdout, with -w's 5 after it" \
    "$src:$crc:$(cat "$T/s.out")" "7:7:*Connection refused*5"
# files DIR: each file of DIR and what it holds, a line each
files() { (cd "$1" && for f in *; do [ -f "$f" ] && echo "$f $(cat "$f")"; \
    done); }
# fresh: $T/s and $T/c emptied, then each given "NAME TEXT" pair made
fresh() {
	rm -rf "$T/s" "$T/c"
	mkdir "$T/s" "$T/c"
	while [ $# -ge 2 ]; do
		echo "$2" >"$T/s/$1"
		echo "$2" >"$T/c/$1"
		shift 2
	done
}
fresh f old f.1 old1
same "--no-clobber -o f: f and f.1 there, the body in f.2" --no-clobber \
    -o f "$U/a"
is "... the same files as curl's" "$(files "$T/s")" "$(files "$T/c")"
like "... f.2 the body" "$(files "$T/s")" "*f.2 ok*"
fresh f keep
same "... %{filename_effective} the name it went to, f.1 (curl's 1681)" \
    --no-clobber -o f -w '%{filename_effective}\n' "$U/a"
fresh
same "--no-clobber, no file there: the name itself" --no-clobber -o f "$U/a"
is "... the same files as curl's" "$(files "$T/s")" "f ok"
fresh f keep g 123 h 123456
pair --remove-on-error -o f http://127.0.0.1:$DEAD/
is "--remove-on-error, a failure before the body: f stays (as curl)" \
    "$src:$crc:$(files "$T/s")" "$crc:7:$(files "$T/c")"
pair -C - --remove-on-error -o g http://127.0.0.1:$DEAD/
is "--remove-on-error -C -: the file taken up goes (as curl)" \
    "$src:$crc:$(files "$T/s")" "$crc:7:$(files "$T/c")"
pair -C - --max-filesize 2 --remove-on-error -o h "$U/resume"
is "--remove-on-error -C -, a refused 206: h goes (as curl)" \
    "$src:$crc:$(files "$T/s")" "$crc:63:$(files "$T/c")"
check "... none of g and h left" test ! -e "$T/s/g" -a ! -e "$T/s/h"
fresh h 123456
pair -C - --max-filesize 2 -o h "$U/resume"
is "without it, h stays (as curl)" "$src:$crc:$(files "$T/s")" \
    "$crc:63:h 123456"
fresh
same "--proxy-header: after -H's on a request the proxy forwards" \
    -x "$U" --proxy-header "X-P: 1" -H "X-H: 2" http://x.test/a
same "... not sent without a proxy" --proxy-header "X-P: 1" "$U/a"
same "... alone on CONNECT, -H's inside the tunnel; its User-Agent in place" \
    -p -x "$U" --proxy-header "X-P: 1" --proxy-header "User-Agent: pua" \
    -H "X-H: 2" http://x.test/a
same "... its Host, 'Proxy-Connection:' and 'X;' on CONNECT as curl's" \
    -p -x "$U" --proxy-header "Host: hh" --proxy-header \
    "Proxy-Connection:" --proxy-header "X-E;" -U u:p http://x.test/a
printf 'X-P: 1\nX-Q: 2\n' >"$T/phdrs"
same "--proxy-header @file, a field a line" -p -x "$U" \
    --proxy-header @"$T/phdrs" http://x.test/a
R="--resolve other.test:$P:127.0.0.1"
O=other.test:$P
# shellcheck disable=SC2086
same "-L -u: the credentials stay with the host the user named" \
    $R -L -u user:pw "$U/redirto/$O"
# shellcheck disable=SC2086
same "--location-trusted: -u goes to the other host too (and is -L)" \
    $R --location-trusted -u user:pw "$U/redirto/$O"
# shellcheck disable=SC2086
same "--location-trusted: so does --oauth2-bearer" \
    $R --location-trusted --oauth2-bearer tok "$U/redirto/$O"
# shellcheck disable=SC2086
same "-L --oauth2-bearer: only to the host named" \
    $R -L --oauth2-bearer tok "$U/redirto/$O"
# shellcheck disable=SC2086
same "--location-trusted: -H Authorization and Cookie go on too" \
    $R --location-trusted -u a:b --oauth2-bearer tok \
    -H "Authorization: X" -H "Cookie: c=1" "$U/redirto/$O"
done_testing
