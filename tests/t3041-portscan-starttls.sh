#!/bin/sh
# t3041: portscan --probe tls through STARTTLS, against
# tests/starttls_server.py with pki.sh's certificates.  In a network
# namespace of its own (as root), where the well-known ports are free:
# ftp on 21, lmtp on 24, smtp on 25 and 587, pop3 on 110, imap on 143,
# xmpp on 5222, postgres on 5432, each port's dialogue chosen by its
# number as nmap's ssl-cert does; the certificate's fields after it in
# the table, -g, -j and -oG; a server that does not offer or refuses the
# upgrade, or answers before it is asked, in a field of its own
# (starttls-error), not as a TLS error.
# Anywhere: --starttls PROTO forces one dialogue on a port-0 server,
# --starttls none none at all, -w bounds a silent one, and a handshake
# that never comes after a granted upgrade.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"
TD=$(cd "$(dirname "$0")" && pwd)
[ "${SK_T3_NS:-}" = 1 ] && ip link set lo up 2>/dev/null
. "$TD/pki.sh"
P=$T/pki
pki_or_skip "portscan --probe tls through STARTTLS" python3
SRV=$TD/starttls_server.py

# st PROTO MODE [ARGS...]: a server of ours with the good certificate
st() {
	_sp=$1 _sm=$2
	shift 2
	server 60 python3 "$SRV" "$_sp" --mode "$_sm" --cert "$P/good.pem" \
	    --key "$P/good.key" "$@"
}
CERT='subject="CN = localhost" issuer="CN = sockt test root" san="DNS:localhost, IP:127.0.0.1, IP:::1"'

# --- --starttls PROTO on any port ----------------------------------------
st smtp ok || exit 1
run 30 "$SOCKT" portscan --probe tls --starttls smtp -p "$SPORT" 127.0.0.1
is "--starttls smtp: exit 0" "$rc" 0
like "--starttls smtp: the certificate after the dialogue" "$out" \
    "*127.0.0.1*$SPORT*open*starttls=smtp tls=TLSv1.* $CERT notAfter=*"
run 30 "$SOCKT" portscan --probe tls -p "$SPORT" 127.0.0.1
like "no --starttls on an unlisted port: a handshake at once" "$out" \
    "*$SPORT*open*tls-error=*"
case $out in
*starttls*) fail "no --starttls on an unlisted port: no dialogue" "$out" ;;
*) pass "no --starttls on an unlisted port: no dialogue" ;;
esac
st smtp silent || exit 1
timed 30 "$SOCKT" portscan -w 1 --probe tls --starttls smtp -p "$SPORT" \
    127.0.0.1
like "a silent server: the step in starttls-error" "$out" \
    "*starttls=smtp starttls-error=\"no answer in time: sockt waited for the greeting\"*"
check "a silent server: within -w 1 ($el ms)" within 900 4000 "$el"
# the upgrade granted, then no TLS: the stack's TLS layer above the done
# dialogue runs out of time, in the probe's words, its own -w
st smtp stall || exit 1
timed 30 "$SOCKT" portscan -g -w 1 --probe tls --starttls smtp \
    -p "$SPORT" 127.0.0.1
is "granted, then silent: the handshake timed out after the dialogue" \
    "$out" "127.0.0.1 $SPORT open - starttls=smtp tls-error=TLS\\x20handshake\\x20timed\\x20out"
check "granted, then silent: within -w 1 ($el ms)" within 900 4000 "$el"
# replies before their commands: the dialogue's own refusal (t4031)
st imap early || exit 1
run 30 "$SOCKT" portscan --probe tls --starttls imap -p "$SPORT" 127.0.0.1
like "replies before their commands: starttls-error says so" "$out" \
    "*starttls=imap starttls-error=\"the server answered before sockt sent CAPABILITY (CAPABILITY: \\* CAPABILITY IMAP4rev1 STARTTLS)\"*"
run 5 "$SOCKT" portscan --starttls smtp -p 25 127.0.0.1
like "--starttls needs --probe tls" "$rc:$err" "2:*--starttls needs --probe tls*"
run 5 "$SOCKT" portscan --probe tls --starttls http -p 25 127.0.0.1
is "--starttls http: a usage error" "$rc" 2

# --- the well-known ports, in a namespace of our own ---------------------
WK="ftp:21:refuse lmtp:24:ok smtp:25:ok pop3:110:no-offer imap:143:ok
    smtp:587:refuse xmpp:5222:ok postgres:5432:ok"
if [ "${SK_T3_NS:-}" != 1 ]; then
	# as many as the checks below, so the count stays the same
	n=0
	while [ $n -lt 19 ]; do
		skip "the well-known ports ($n)" "needs root and unshare -n"
		n=$((n + 1))
	done
	done_testing
	exit 0
fi
for w in $WK; do
	p=${w%%:*} r=${w#*:} port=${r%%:*} mode=${r#*:}
	st "$p" "$mode" --port "$port" || exit 1
done
ports=21,24,25,110,143,587,5222,5432
run 60 "$SOCKT" portscan --probe tls -p "$ports" -oG "$T/og" localhost
table=$out
is "table: exit 0" "$rc" 0
for w in $WK; do
	p=${w%%:*} r=${w#*:} port=${r%%:*} mode=${r#*:}
	line=$(printf '%s\n' "$table" | awk -v p="$port" '$3 == p')
	case $mode in
	ok) like "table: $port $p: the certificate through STARTTLS" "$line" \
	    "*open*starttls=$p tls=TLSv1.* $CERT notAfter=*" ;;
	*) like "table: $port $p $mode: its own field, no TLS error" "$line" \
	    "*open*starttls=$p starttls-error=\"the server *\"" ;;
	esac
done
like "table: pop3 not offered, in words" "$table" \
    "*starttls=pop3 starttls-error=\"the server does not offer STLS (CAPA: UIDL)\"*"
like "table: smtp refused, in words" "$table" \
    "*starttls=smtp starttls-error=\"the server refused STARTTLS (STARTTLS: 454 4.7.0 TLS not available)\"*"
case $table in
*" tls-error="*) fail "table: no tls-error anywhere" "$table" ;;
*) pass "table: no tls-error anywhere" ;;
esac

run 60 "$SOCKT" portscan -g --probe tls -p "$ports" 127.0.0.1
like "-g: the certificate through STARTTLS, one word a field" "$out" \
    "*127.0.0.1 25 open smtp starttls=smtp tls=TLSv1.* subject=CN\\\\x20=\\\\x20localhost *"
like "-g: the refusal, one word" "$out" \
    "*127.0.0.1 110 open pop3 starttls=pop3 starttls-error=the\\\\x20server\\\\x20does\\\\x20not\\\\x20offer\\\\x20STLS*"

run 60 "$SOCKT" portscan -j --probe tls -p "$ports" 127.0.0.1
printf '%s\n' "$out" >"$T/j"
run 10 python3 -c '
import json, sys
ports = {}
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "port":
        ports[o["port"]] = o
ok = []
for p, proto in ((25, "smtp"), (143, "imap"), (5222, "xmpp"),
                 (5432, "postgres"), (24, "lmtp")):
    o = ports[p]
    ok.append(o["starttls"] == proto and o["starttls_error"] is None and
              o["tls"]["subject"] == "CN = localhost" and
              o["tls_error"] is None)
for p, proto in ((21, "ftp"), (110, "pop3"), (587, "smtp")):
    o = ports[p]
    ok.append(o["starttls"] == proto and
              o["starttls_error"].startswith("the server ") and
              o["tls"] is None and o["tls_error"] is None)
print(" ".join("1" if x else "0" for x in ok))
' "$T/j"
is "-j: JSON, starttls and starttls_error beside tls and tls_error" "$out" \
    "1 1 1 1 1 1 1 1"

og=$(cat "$T/og" 2>/dev/null)
like "-oG: the certificate in the version field" "$og" \
    "*25/open/tcp//smtp//starttls=smtp tls=TLSv1.*"
like "-oG: the refusal in the version field" "$og" \
    "*110/open/tcp//pop3//starttls=pop3 starttls-error=*"

run 60 "$SOCKT" portscan --probe tls --starttls none -p 25 127.0.0.1
like "--starttls none: a handshake at once, and its error" "$out" \
    "*25*open*smtp*tls-error=*"
case $out in
*starttls=*) fail "--starttls none: no dialogue" "$out" ;;
*) pass "--starttls none: no dialogue" ;;
esac

done_testing
