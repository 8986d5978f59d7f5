#!/bin/sh
# t2172: curl's own words beside curl (issue 61): ~/.curlrc read without
# -K, found where curl 7.88 looks ($CURL_HOME, $XDG_CONFIG_HOME, $HOME,
# then .config/curlrc when XDG_CONFIG_HOME is unset), skipped by a first
# -q or --disable, its options before the command line's.
# The same command line to sockt http-get and to curl against
# heads_http.py: the exit status, stdout and the request heads compared.
# Fails on 07da4563.
. "$(dirname "$0")/lib.sh"
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
done_testing
