#!/bin/sh
# t2069: http-get --resolve and --connect-to (issue 31), against nginx and
# beside curl: the URL's host stays the request's name (nginx's $http_host
# and $ssl_server_name say what arrived), only where the connection goes
# changes; one at a time, -Z and --pipeline; a redirect back to the same
# host and port keeps the mapping; * for any host; empty parts of
# --connect-to; a later --resolve for the same host and port wins, the
# first matching --connect-to does; and each malformed value names the
# part and exits 49, curl's CURLE_SETOPT_OPTION_SYNTAX (issue 61: curl
# reads them at the transfer), before any connection.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/curldiff.sh"

# --- the part that is wrong, exit 49, before any connection ------------
for bad in "--resolve h%host: a ':' must follow it" \
    "--resolve h:80%missing the addresses (HOST:PORT:ADDR*" \
    "--resolve h:99999:127.0.0.1%port 99999: not a port*" \
    "--resolve h:80:300.1.1.1%address 300.1.1.1: not an IPv4 or IPv6*" \
    "--resolve h:80:127.0.0.1,%an empty address after ','" \
    "--resolve :80:127.0.0.1%host: missing (* for any)" \
    "--resolve h*:80:127.0.0.1%host h*: * stands alone, for any" \
    "--resolve [::1:80:127.0.0.1%host: missing ']'" \
    "--connect-to a:1:b%the second host: a ':' must follow it" \
    "--connect-to a:1:b:2:3%expected HOST1:PORT1:HOST2:PORT2, not more" \
    "--connect-to a:x:b:2%the first port x: not a port*" \
    "--connect-to a:1:b:0%the second port 0: not a port*" \
    "--connect-to a!b:1:c:2%the first host a!b: not a host*"; do
	# shellcheck disable=SC2086
	run 10 "$SOCKT" http-get ${bad%%\%*} http://127.0.0.1:9/
	like "exit 49: ${bad%%\%*}" "$rc:$(echo "$err" | head -n 1)" \
	    "49:sockt http-get: ${bad%% *} *: ${bad#*%}"
done

pki_or_skip "--resolve and --connect-to against nginx" nginx curl
W=$T/www
mkdir -p "$W" "$T/s" "$T/c"
echo "a body" >"$W/file"
NGCONF_PLAIN='absolute_redirect off;
location = /who { return 200 "host=$http_host\n"; }
location = /go { return 302 /who; }
location = /away { return 302 http://elsewhere.invalid:@PORT@/who; }'
NGCONF_TLS='absolute_redirect off;
location = /who { return 200 "host=$http_host sni=$ssl_server_name\n"; }
location = /go { return 302 /who; }'
export NGCONF_PLAIN NGCONF_TLS
if ! nginx_tls_start "$W" "" other; then
	skip "--resolve and --connect-to against nginx" "nginx did not start"
	done_testing
	exit 0
fi
TP=$NGTLS_other
H=app.invalid		# a name no resolver knows: only the mapping reaches it

# --- --resolve: Host and SNI keep the name, in every mode, as curl -----
for mode in "" "-Z" "--pipeline 4"; do
	# shellcheck disable=SC2086
	run 10 "$SOCKT" http-get -sS $mode --resolve "$H:$NGPORT:127.0.0.1" \
	    "http://$H:$NGPORT/who" "http://$H:$NGPORT/who"
	is "--resolve ${mode:-one at a time}: Host is the name, twice" \
	    "$rc:$out" "0:host=$H:$NGPORT
host=$H:$NGPORT"
	# shellcheck disable=SC2086
	run 10 "$SOCKT" http-get -sS $mode --cacert "$P/ca.pem" \
	    --resolve "other.invalid:$TP:127.0.0.1" \
	    "https://other.invalid:$TP/who"
	is "--resolve ${mode:-one at a time} https: Host and SNI the name, the certificate checked against it" \
	    "$rc:$out" "0:host=other.invalid:$TP sni=other.invalid"
done
both --resolve "$H:$NGPORT:127.0.0.1" "http://$H:$NGPORT/who"
is "--resolve: the body and status curl gets" "$src:$(cat "$T/s.out")" \
    "$crc:$(cat "$T/c.out")"
both --cacert "$P/ca.pem" --resolve "other.invalid:$TP:127.0.0.1" \
    "https://other.invalid:$TP/who"
is "--resolve https: what curl gets" "$src:$(cat "$T/s.out")" \
    "$crc:$(cat "$T/c.out")"
# an address that the certificate does not name still checks the name
run 10 "$SOCKT" http-get -sS --cacert "$P/ca.pem" \
    --resolve "localhost:$TP:127.0.0.1" "https://localhost:$TP/who"
like "--resolve keeps the check: other.invalid's certificate is not localhost's" \
    "$rc:$err" "60:*"
# a redirect back to the same host and port keeps the mapping
run 10 "$SOCKT" http-get -sSL --resolve "$H:$NGPORT:127.0.0.1" \
    "http://$H:$NGPORT/go"
is "--resolve -L: the redirect to the same host and port is mapped too" \
    "$rc:$out" "0:host=$H:$NGPORT"
# one to another host is not: it is resolved, and fails
run 10 "$SOCKT" http-get -sSL --resolve "$H:$NGPORT:127.0.0.1" \
    "http://$H:$NGPORT/away"
like "--resolve -L: a redirect to another host is not mapped" \
    "$rc:$err" "6:*elsewhere.invalid*"
# * for any host, several addresses (the first refuses), the last wins
closedport
run 10 "$SOCKT" http-get -sS --resolve "*:$NGPORT:127.0.0.1" \
    "http://$H:$NGPORT/who"
is "--resolve *: any host" "$rc:$out" "0:host=$H:$NGPORT"
if [ -n "$CPORT" ]; then
	run 10 "$SOCKT" http-get -sS --resolve "$H:$CPORT:127.0.0.2" \
	    --resolve "$H:$CPORT:127.0.0.1" \
	    --connect-to "::127.0.0.1:$NGPORT" "http://$H:$CPORT/who"
	is "--resolve again for the same host and port: the last stands" \
	    "$rc:$out" "0:host=$H:$CPORT"
fi
run 10 "$SOCKT" http-get -sS --resolve "+$H:$NGPORT:[::2],127.0.0.1" \
    "http://$H:$NGPORT/who"
is "--resolve +HOST and an address that cannot answer before one that does" \
    "$rc:$out" "0:host=$H:$NGPORT"
run 10 "$SOCKT" http-get -sS -6 --resolve "$H:$NGPORT:127.0.0.1" \
    "http://$H:$NGPORT/who"
like "--resolve -6 with IPv4 addresses only: said, exit 7" "$rc:$err" \
    "7:*no IPv6 address to dial of --resolve's*"

# --- --connect-to -------------------------------------------------------
for mode in "" "-Z" "--pipeline 4"; do
	# shellcheck disable=SC2086
	run 10 "$SOCKT" http-get -sS $mode \
	    --connect-to "$H:80:127.0.0.1:$NGPORT" "http://$H/who" \
	    "http://$H/who"
	is "--connect-to ${mode:-one at a time}: Host is the URL's, port and all" \
	    "$rc:$out" "0:host=$H
host=$H"
done
both --connect-to "$H:80:127.0.0.1:$NGPORT" "http://$H/who"
is "--connect-to: what curl gets" "$src:$(cat "$T/s.out")" \
    "$crc:$(cat "$T/c.out")"
both --cacert "$P/ca.pem" --connect-to "other.invalid:443:localhost:$TP" \
    "https://other.invalid/who"
is "--connect-to https: SNI and the check are the URL's, as curl's" \
    "$src:$(cat "$T/s.out")" "$crc:host=other.invalid sni=other.invalid"
run 10 "$SOCKT" http-get -sS --connect-to "::127.0.0.1:$NGPORT" \
    "http://$H:1234/who"
is "--connect-to ::HOST:PORT: any host and port" "$rc:$out" \
    "0:host=$H:1234"
run 10 "$SOCKT" http-get -sS --connect-to "$H::127.0.0.1:" \
    "http://$H:$NGPORT/who"
is "--connect-to HOST::ADDR: : the URL's port kept" "$rc:$out" \
    "0:host=$H:$NGPORT"
run 10 "$SOCKT" http-get -sS --connect-to "nomatch:1:127.0.0.9:9" \
    --connect-to "$H:$NGPORT:127.0.0.1:$NGPORT" \
    --connect-to "$H:$NGPORT:127.0.0.9:9" "http://$H:$NGPORT/who"
is "--connect-to: the first that matches" "$rc:$out" "0:host=$H:$NGPORT"
run 10 "$SOCKT" http-get -sS --connect-to "$H:80:other.invalid:$NGPORT" \
    --resolve "other.invalid:$NGPORT:127.0.0.1" "http://$H/who"
is "--connect-to then --resolve on where it leads" "$rc:$out" "0:host=$H"
run 10 "$SOCKT" http-get -sSL --connect-to "$H:80:127.0.0.1:$NGPORT" \
    "http://$H/go"
is "--connect-to -L: the redirect to the same host keeps going there" \
    "$rc:$out" "0:host=$H"
done_testing
