#!/bin/sh
# t2172: curl's own words beside curl (issue 61): ~/.curlrc read without
# -K, found where curl 7.88 looks ($CURL_HOME, $XDG_CONFIG_HOME, $HOME,
# then .config/curlrc when XDG_CONFIG_HOME is unset), skipped by a first
# -q or --disable, its options before the command line's; %{errormsg}
# in curl's words for a body cut short (18, by length and chunked), a
# bad chunk (56), a header without colon (8), --max-redirs (47), an
# unknown or a corrupt coding (61), a proxy not resolved (5); a TLS
# connection carried to the next --next group when its TLS options are
# the same (%{num_connects} 0 there, against nginx), not when they differ.
# The same command line to sockt http-get and to curl against
# heads_http.py (canned_http.py): the exit status, stdout and the
# request heads compared.
# Fails on 07da4563.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "curl's own words" "python3 or curl not installed"
	done_testing
	exit
fi
heads_start || exit 1
BOTH_FLAGS=-sS
R=$T/rc
mkdir -p "$R/ch" "$R/xdg" "$R/home/.config"
printf 'user-agent = "rc-curl-home"\n-H "X-Rc: 1"\n' >"$R/ch/.curlrc"
printf 'user-agent = "rc-xdg"\n' >"$R/xdg/.curlrc"
printf -- '--user-agent rc-home\n' >"$R/home/.curlrc"
printf 'header = "X-Config: 1"\n' >"$R/home/.config/curlrc"

CURL_HOME=$R/ch same "\$CURL_HOME/.curlrc read, as curl" "$U/a"
is "... its User-Agent sent" "$(grep -c 'rc-curl-home' "$T/s.req")" 1
CURL_HOME=$R/ch same "-q first: no .curlrc, as curl" -q "$U/a"
CURL_HOME=$R/ch same "--disable first: no .curlrc, as curl" --disable "$U/a"
CURL_HOME=$R/ch same "-A on the command line over the .curlrc's" \
    -A cmdline "$U/a"
CURL_HOME= XDG_CONFIG_HOME=$R/xdg same "\$XDG_CONFIG_HOME/.curlrc" "$U/a"
CURL_HOME= HOME=$R/home same "\$HOME/.curlrc" "$U/a"
rm "$R/home/.curlrc"
unset XDG_CONFIG_HOME
CURL_HOME= HOME=$R/home same "\$HOME/.config/curlrc without XDG_CONFIG_HOME" \
    "$U/a"
is "... its header sent" "$(grep -c 'X-Config' "$T/s.req")" 1
CURL_HOME= HOME=$R/home XDG_CONFIG_HOME= same \
    "... with XDG_CONFIG_HOME empty (unset to curl)" "$U/a"
is "... its header sent" "$(grep -c 'X-Config' "$T/s.req")" 1
CURL_HOME= HOME=$R/home XDG_CONFIG_HOME=$R/ch/.. same \
    "... not with XDG_CONFIG_HOME set" "$U/a"
is "... no header" "$(grep -c 'X-Config' "$T/s.req")" 0

D=$T/site
mkdir "$D"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r short_close 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'
r chunk_close 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n'
r badchunk 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'
r nocolon 'HTTP/1.1 200 OK\r\nBogus\r\nContent-Length: 0\r\n\r\n'
r loop 'HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n'
r enc 'HTTP/1.1 200 OK\r\nContent-Encoding: xyz\r\nContent-Length: 3\r\n\r\nabc'
r badgz 'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc'
r ok 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
canned_start "$D"
rm -f "$T/s.req" "$T/c.req"
E='%{exitcode} %{errormsg}\n'
for c in short_close chunk_close badchunk nocolon; do
	both -o /dev/null -w "$E" "$U/$c"
	verdict "%{errormsg} of /$c: curl's, $(cat "$T/c.out")"
done
both -o /dev/null -w "$E" -L --max-redirs 2 "$U/loop"
verdict "%{errormsg} of --max-redirs 2: curl's"
# where the loader that runs sockt finds zlib (--compressed needs it)
for c in enc badgz; do
	if ! loader_has libz.so.1; then
		skip "%{errormsg} of /$c --compressed: curl's" "no libz.so.1"
		continue
	fi
	both -o /dev/null -w "$E" --compressed "$U/$c"
	verdict "%{errormsg} of /$c --compressed: curl's"
done
both -o /dev/null -w "$E" -x http://nosuch.invalid:8080 "$U/ok"
verdict "%{errormsg} of a proxy not resolved: curl's"

P=$T/pki	# heads_start's port no more
pki_or_skip "TLS connections across --next" nginx
W=$T/www
mkdir -p "$W"
echo "a body" >"$W/f"
if ! nginx_tls_start "$W" "" good; then
	skip "TLS connections across --next" "nginx did not start"
	done_testing
	exit 0
fi
G=https://localhost:$NGTLS_good/f
N='%{num_connects}'
both -o /dev/null -w "$N" --cacert "$P/ca.pem" "$G" --next -o /dev/null \
    -w "$N" --cacert "$P/ca.pem" "$G"
verdict "--next, the same --cacert: the TLS connection reused, as curl"
is "... no connection made for the second" "$(cat "$T/s.out")" 10
both -o /dev/null -w "$N" -k "$G" --next -o /dev/null -w "$N" \
    --cacert "$P/ca.pem" "$G"
verdict "--next, -k then --cacert: a new connection, as curl"
is "... two made" "$(cat "$T/s.out")" 11
done_testing
