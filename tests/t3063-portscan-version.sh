#!/bin/sh
# portscan -sV (issue 74): service and version detection against
# tests/svc_peer.py's stand-ins (the greetings and answers of Debian 12's
# OpenSSH, Postfix, vsftpd, Dovecot, MariaDB, Redis, memcached, nginx
# ...) and against real servers where installed (nginx, plain and over
# TLS), named as nmap names them in the table, -j, -oG,
# -oX and -oN; hostile services (a greeting that never ends, 1 MB to
# every probe, a handshake that stalls, a reset after the first byte, an
# echo) each bounded, nothing lost for the other ports; no probe sent to
# a port twice, none to 9100; STARTTLS on a port named smtp: the
# certificate's names after the dialogue, or why there were none; UDP
# (-sU -sV) turning open|filtered into open; through sockt's own SOCKS5
# proxy (--proxy); the usage errors; beside nmap -sV where installed.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
# watchdog: 240
. "$(dirname "$0")/lib.sh"
TD=$(cd "$(dirname "$0")" && pwd)
isolated=
if [ "${SK_T3_NS:-}" = 1 ]; then
	ip link set lo up 2>/dev/null && isolated=1
fi
if ! have python3; then
	skip_all "needs python3"
fi

# field FILE PORT KEY...: the -j object of PORT, its KEYs joined by |
field() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "port" and o.get("port") == int(sys.argv[2]):
        print("|".join(str(o.get(k)) for k in sys.argv[3:]))
' "$@"
}

ROLES="ssh smtp ftp imap pop3 mysql vnc rsync redis memcached mqtt http"
BAD="drip flood stall rst echo"
nine=
[ -n "$isolated" ] && nine=echo@9100
# a certificate for STARTTLS's stand-in and nginx's https, where the TLS
# library loads
stls=
if tls_loadable && have openssl && openssl req -x509 -newkey ec -pkeyopt \
    ec_paramgen_curve:P-256 -nodes -keyout "$T/k.pem" -out "$T/c.pem" \
    -days 2 -subj /CN=sv.test >/dev/null 2>&1; then
	stls=smtptls
fi
# shellcheck disable=SC2086
server 200 env SVC_CERT="$T/c.pem" SVC_KEY="$T/k.pem" python3 \
    "$TD/svc_peer.py" "$T/ports" "$T/plog" $ROLES $BAD $nine $stls ||
    fail "svc_peer"
port() { awk -v r="$1" '$1 == r { print $2; exit }' "$T/ports"; }
PORTS=$(awk '{ printf "%s%s", s, $2; s = "," }' "$T/ports")

### every stand-in at once, hostile ones among them: -j
t0=$(now_ms)
run 120 "$SOCKT" portscan -sV -j -p "$PORTS" 127.0.0.1
t1=$(now_ms)
printf '%s\n' "$out" >"$T/j"
is "-sV: exit 0" "$rc" 0
for r in $ROLES; do
	p=$(port "$r")
	got=$(field "$T/j" "$p" service product version extrainfo method conf)
	case $r in
	ssh) want="ssh|OpenSSH|9.2p1 Debian 2+deb12u3|protocol 2.0|probed|10" ;;
	smtp) want="smtp|Postfix smtpd|None|None|probed|10" ;;
	ftp) want="ftp|vsftpd|3.0.3|None|probed|10" ;;
	imap) want="imap|Dovecot imapd|None|None|probed|10" ;;
	pop3) want="pop3|Dovecot pop3d|None|None|probed|10" ;;
	mysql) want="mysql|MySQL|5.5.5-10.11.6-MariaDB-0+deb12u1|None|probed|10" ;;
	vnc) want="vnc|VNC|None|protocol 3.8|probed|10" ;;
	rsync) want="rsync|None|None|protocol version 31|probed|10" ;;
	redis) want="redis|Redis key-value store|7.0.15|None|probed|10" ;;
	memcached) want="memcached|Memcached|1.6.18|None|probed|10" ;;
	mqtt) want="mqtt|None|None|None|probed|10" ;;
	http) want="http|nginx|1.22.1|None|probed|10" ;;
	esac
	is "-sV: $r named as nmap names it" "$got" "$want"
done
is "-sV: the echo named" "$(field "$T/j" "$(port echo)" service method)" \
    "echo|probed"
is "-j: the CPE list" "$(field "$T/j" "$(port ssh)" cpe)" \
    "['cpe:/a:openbsd:openssh:9.2p1', 'cpe:/o:linux:linux_kernel']"
for r in drip flood stall rst; do
	is "-sV: $r open, named by the table (conf 3)" \
	    "$(field "$T/j" "$(port "$r")" state method conf)" "open|table|3"
done
ok=0
[ $((t1 - t0)) -lt 45000 ] && ok=1
is "-sV: hostile services bounded: all in $((t1 - t0)) ms (< 45 s)" "$ok" 1
dups=$(sort "$T/plog" | uniq -d)
is "no probe sent to a port twice" "$dups" ""

### STARTTLS: a port named smtp asked again through its dialogue (with
# the TLS library: without it there is no handshake to go to)
if tls_loadable; then
	p=$(port smtp)
	is "STARTTLS not offered: smtp still, why in starttls_error" \
	    "$(field "$T/j" "$p" service product tunnel cert starttls \
	    starttls_error)" "smtp|Postfix smtpd|None|None|smtp|the server does not offer STARTTLS (EHLO: 250 PIPELINING)"
	is "STARTTLS not offered: EHLO sent once" \
	    "$(grep -c "^smtp $p 45484c4f20" "$T/plog")" 1
	for r in ftp pop3 imap; do
		like "STARTTLS: $r asked too, refused" \
		    "$(field "$T/j" "$(port $r)" service starttls \
		    starttls_error)" \
		    "$r|$r|the server *"
	done
else
	skip "STARTTLS not offered" "no libssl here"
fi
if [ -n "$stls" ]; then
	p=$(port smtptls)
	like "STARTTLS offered: smtp, no tunnel, the certificate's names" \
	    "$(field "$T/j" "$p" service product tunnel starttls \
	    starttls_error cert)" \
	    "smtp|Postfix smtpd|None|smtp|None|tls=TLSv1.* subject=\"CN = sv.test\"*"
	is "STARTTLS offered: one dialogue, the null probe's connection aside" \
	    "$(grep -c "^smtptls $p " "$T/plog"):$(grep -c \
	    "^smtptls $p 45484c4f20" "$T/plog")" 1:1
	run 60 "$SOCKT" portscan -sV -v -p "$p,$(port smtp)" -oX "$T/xs" \
	    127.0.0.1
	like "-v: STARTTLS's certificate" "$err" \
	    "*port $p: smtp by probe null, STARTTLS smtp: tls=TLSv1.* subject=\"CN = sv.test\"*"
	like "-v: why STARTTLS gave none" "$err" \
	    "*port $(port smtp): smtp by probe null, STARTTLS smtp: the server does not offer STARTTLS (EHLO: 250 PIPELINING)*"
	like "-oX: nmap's service element, smtp, no tunnel" "$(cat "$T/xs")" \
	    "*portid=\"$p\">*<service name=\"smtp\" product=\"Postfix smtpd\" method=\"probed\" conf=\"10\">*"
else
	skip "STARTTLS offered" "no libssl or openssl here"
fi
if [ -n "$nine" ]; then
	run 60 "$SOCKT" portscan -sV -j -p 9100 127.0.0.1
	is "9100: open, no probe sent" \
	    "$(printf '%s\n' "$out" >"$T/j9"; field "$T/j9" 9100 state \
	    method):$(grep -c '^echo 9100 ' "$T/plog")" "open|table:0"
fi

### the table, -oG, -oX, -oN
p=$(port ssh) h=$(port http)
run 60 "$SOCKT" portscan -sV -p "$p,$h" -oG "$T/g" -oX "$T/x" -oN "$T/n" \
    127.0.0.1
like "table: SERVICE and VERSION" "$out" "*SERVICE*VERSION*"
like "table: the version column" "$out" \
    "*$p*open*ssh*OpenSSH 9.2p1 Debian 2+deb12u3 (protocol 2.0)*"
like "-oG: nmap's version field" "$(cat "$T/g")" \
    "*Ports: *$p/open/tcp//ssh//OpenSSH 9.2p1 Debian 2+deb12u3 (protocol 2.0)/*"
like "-oG: nginx's" "$(cat "$T/g")" "*Ports: *$h/open/tcp//http//nginx 1.22.1/*"
like "-oX: nmap's service element" "$(cat "$T/x")" \
    "*<service name=\"ssh\" product=\"OpenSSH\" version=\"9.2p1 Debian 2+deb12u3\" extrainfo=\"protocol 2.0\" method=\"probed\" conf=\"10\"><cpe>cpe:/a:openbsd:openssh:9.2p1</cpe><cpe>cpe:/o:linux:linux_kernel</cpe></service>*"
like "-oN: nmap's columns" "$(cat "$T/n")" \
    "*PORT      STATE SERVICE VERSION*$p/tcp open  ssh     OpenSSH 9.2p1*"
if have xmllint; then
	run 10 xmllint --noout "$T/x"
	is "-oX: well-formed" "$rc" 0
fi
if /usr/bin/python3 -c 'import nmap' 2>/dev/null; then
	is "python-nmap reads product and version" "$(/usr/bin/python3 -c '
import nmap, sys
n = nmap.PortScanner()
n.analyse_nmap_xml_scan(open(sys.argv[1]).read())
s = n["127.0.0.1"]["tcp"][int(sys.argv[2])]
print(s["name"], s["product"], s["version"], s["conf"], s["cpe"])
' "$T/x" "$p")" "ssh OpenSSH 9.2p1 Debian 2+deb12u3 10 cpe:/o:linux:linux_kernel"
else
	skip "python-nmap reads -oX" "no python3-nmap"
fi
run 60 "$SOCKT" portscan -sV -v -p "$p" 127.0.0.1
like "-v: which probe named it" "$err" "*port $p: ssh by probe null*"

### --resume: the -sV fields in its marked -j file; -s: from an address
run 60 "$SOCKT" portscan -sV -j --resume "$T/r.j" -s 127.0.0.1 -p "$p" \
    127.0.0.1
is "--resume -s: the -sV fields in its file" \
    "$rc:$(field "$T/r.j" "$p" service product)" "0:ssh|OpenSSH"

### --proxy: the probes through sockt's own SOCKS5 proxy
server 60 "$SOCKT" listen -v -k 127.0.0.1 0 --serve-proxy socks5 ||
    fail "socks5 proxy"
st=
[ -n "$stls" ] && st=,$(port smtptls)
run 60 "$SOCKT" portscan -sV -j --proxy "socks5://127.0.0.1:$SPORT" \
    -p "$p,$h$st" 127.0.0.1
printf '%s\n' "$out" >"$T/jp"
is "--proxy: ssh named through the proxy" \
    "$(field "$T/jp" "$p" service product)" "ssh|OpenSSH"
is "--proxy: nginx named through the proxy" \
    "$(field "$T/jp" "$h" service product)" "http|nginx"
if [ -n "$stls" ]; then
	like "--proxy: STARTTLS through the proxy" \
	    "$(field "$T/jp" "${st#,}" service starttls cert)" \
	    "smtp|smtp|tls=TLSv1.* subject=\"CN = sv.test\"*"
else
	skip "--proxy: STARTTLS through the proxy" "no libssl or openssl here"
fi

### nginx
if have nginx; then
	NP=$(freeport)
	mkdir -p "$T/ngx"
	# https on a port not its own, where a self-signed certificate can
	# be made and the TLS library loaded
	NS= ngtls=
	if [ -n "$stls" ]; then
		NS=$(freeport)
		ngtls="server { listen 127.0.0.1:$NS ssl; root $T/ngx; ssl_certificate $T/c.pem; ssl_certificate_key $T/k.pem; }"
	fi
	cat >"$T/ngx/nginx.conf" <<NGX
daemon off;
master_process off;
pid $T/ngx/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $T/ngx;
	proxy_temp_path $T/ngx;
	fastcgi_temp_path $T/ngx;
	uwsgi_temp_path $T/ngx;
	scgi_temp_path $T/ngx;
	server { listen 127.0.0.1:$NP; root $T/ngx; }
	$ngtls
}
NGX
	echo hi >"$T/ngx/index.html"
	bg 60 nginx -p "$T/ngx" -c "$T/ngx/nginx.conf"
	if wait_until 10 sh -c '"$0" connect -z 127.0.0.1 "$1" 2>/dev/null' \
	    "$SOCKT" "$NP"; then
		run 60 "$SOCKT" portscan -sV -j -p "$NP" 127.0.0.1
		printf '%s\n' "$out" >"$T/jn"
		like "nginx on a port not its own" \
		    "$(field "$T/jn" "$NP" service product version)" \
		    "http|nginx|1.*"
		if [ -n "$NS" ]; then
			run 60 "$SOCKT" portscan -sV -v -j -p "$NS" 127.0.0.1
			printf '%s\n' "$out" >"$T/jt"
			like "https on any port: tunnel ssl, nginx inside" \
			    "$(field "$T/jt" "$NS" service tunnel product)" \
			    "http|ssl|nginx"
			like "-v: the certificate's names" "$err" \
			    "*subject=\"CN = sv.test\"*"
		else
			skip "-sV over TLS" "no libssl or openssl here"
		fi
	else
		fail "nginx did not start"
	fi
else
	skip "-sV against nginx" "nginx not installed"
fi

### a host's share (issue 74 item 4): 30 silent ports on each of two
# hosts, a greeting's wait each (intensity 0): at most 20 of one host's
# at once (-T3), both hosts' together
if have_ipv6; then
	server 60 python3 "$TD/hold_peer.py" 30 "$T/hports" "$T/hlog" ||
	    fail "hold_peer"
	run 60 "$SOCKT" portscan -sV --version-intensity 0 -w 0.3 -p \
	    "$(paste -sd, "$T/hports")" 127.0.0.1 ::1
	# the most held at once: by 127.0.0.1, by ::1, by both; how many
	got=$(awk '{ print $2, 1, $1; print $3, 0, $1 }' "$T/hlog" |
	    sort -k1,1n -k2,2n | awk '{ d = $2 ? 1 : -1; c[$3] += d; a += d
		if (c[$3] > m[$3]) m[$3] = c[$3]; if (a > ma) ma = a }
	    END { print m[0] + 0, m[1] + 0, ma + 0, NR / 2 }')
	set -- $got
	is "-sV: each host's connections within 20, two hosts at once ($got)" \
	    "$rc:$(($1 <= 20 && $1 > 1)):$(($2 <= 20 && $2 > 1)):$(($3 > 20)):$(($4 >= 60))" \
	    "0:1:1:1:1"
else
	skip "-sV: each host's connections" "no IPv6 loopback"
fi

### UDP: an answer to -sV's DNS probe makes the port open
server 60 python3 "$TD/svc_peer.py" "$T/uports" "$T/ulog" udns ||
    fail "udns"
run 60 "$SOCKT" portscan -sU -sV -j -p "$SPORT" 127.0.0.1
printf '%s\n' "$out" >"$T/ju"
is "-sU -sV: DNS answered: open, dnsmasq named" \
    "$(field "$T/ju" "$SPORT" state service product version)" \
    "open|domain|dnsmasq|2.89"

### the option rules
run 10 "$SOCKT" portscan --version-intensity 3 -p 1 127.0.0.1
is "--version-intensity needs -sV" "$rc" 2
run 10 "$SOCKT" portscan -sV --version-intensity 10 -p 1 127.0.0.1
is "--version-intensity 10 refused" "$rc" 2
run 10 "$SOCKT" portscan -sV --version-light --version-all -p 1 127.0.0.1
is "--version-light and --version-all exclude each other" "$rc" 2

### the probe file: read at run time, before the scan
p=$(port redis)
run 10 env SOCKT_DATADIR="$T/none" "$SOCKT" portscan -sV -p "$p" 127.0.0.1
case $err in
*"-sV needs its probe file, svcprobes.txt, in "*) m=said ;;
*) m="$err" ;;
esac
is "no probe file: exit 1, what is missing and where, no port scanned" \
    "$rc:$m:$out" "1:said:"
# a file of the user's own: its pattern names the service, the built-in
# ones are not read
printf '# a probe of my own\nP mine tcp 1 1000 - - PING\\r\\n\nm\tkv-mine\t^-ERR (\\w+)\tMy KV\t$1\n' \
    >"$T/mine.txt"
printf 'P null tcp 1 1000 - -\nq\tbad line\n' >"$T/bad.txt"
run 60 "$SOCKT" portscan -sV -j --versiondb "$T/mine.txt" -p "$p" 127.0.0.1
printf '%s\n' "$out" >"$T/jm"
is "--versiondb: the user's file names the service" \
    "$(field "$T/jm" "$p" service product)" "kv-mine|My KV"
run 10 "$SOCKT" portscan -sV --versiondb "$T/bad.txt" -p "$p" 127.0.0.1
is "--versiondb: a bad line: exit 1, the file and its line named" \
    "$rc:$(printf '%s' "$err" | grep -c "bad.txt: service probes: line 2")" \
    "1:1"
run 10 "$SOCKT" portscan --versiondb "$T/mine.txt" -p 1 127.0.0.1
is "--versiondb needs -sV" "$rc" 2

### beside nmap -sV on the stand-ins that speak first or answer fast
if have nmap; then
	list=
	for r in ssh smtp ftp imap pop3 mysql http; do
		list="$list${list:+,}$(port "$r")"
	done
	run 200 nmap -sV -Pn -n -oX "$T/nx" -p "$list" 127.0.0.1
	run 60 "$SOCKT" portscan -sV -oX "$T/sx" -p "$list" 127.0.0.1
	is "the same names, products and major.minor versions as nmap's" \
	    "$(python3 -c '
import sys, xml.etree.ElementTree as ET
def rd(f):
    r = {}
    for p in ET.parse(f).iter("port"):
        s = p.find("service")
        v = s.get("version", "").replace("-", ".").split(".")
        r[p.get("portid")] = (s.get("name"), s.get("product"),
                              ".".join(v[:2]))
    return r
a, b = rd(sys.argv[1]), rd(sys.argv[2])
# where nmap names no product, its name alone (sockt may say more)
print(" ".join("%s:%s!=%s" % (k, a.get(k), b[k]) for k in sorted(b)
               if a.get(k, ())[:1 if b[k][1] is None else 3] !=
               b[k][:1 if b[k][1] is None else 3]))
' "$T/sx" "$T/nx")" ""
else
	skip "beside nmap -sV" "nmap not installed"
fi
done_testing
