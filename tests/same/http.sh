# tests/same/http.sh: http-get's sessions over https and http, for
# same-sessions.sh (which says what a scenario is): nginx with TLS
# (tests/nginx.sh, tests/pki.sh), -v's lines, refused certificates,
# proxies of every kind (sockt's own HTTP proxy plain and over TLS,
# stunnel in front of it, SOCKS5), TLS inside a proxy's TLS, -Z and
# --pipeline over https, a redirect from http to https, --compressed,
# the files -o writes and their sums.
SCENARIOS="http_https_get http_https_refused http_https_many
http_https_redirect http_https_compressed http_proxy_plain
http_proxy_tls http_proxy_stunnel http_proxy_socks"

# what a run printed (a long output by its sum) and its status; -v's
# lines that change from run to run (dates, validators, a certificate's
# days) left out
_hg_show() {
	if [ "$(wc -l <"$T/out")" -gt 20 ]; then
		echo "stdout: $(sum_of "$T/out")"
		: >"$T/out"
	fi
	sed -E -e '/^(< )?(Date|Last-Modified|ETag|Expires):/d' \
	    -e '/certificate valid from/d' \
	    -e 's/^(\* connected to) .*/\1 A/' "$T/out" "$T/err"
	echo "exit $rc"
}

# _hg DESC ARGS...: sockt http-get ARGS, said
_hg() {
	echo "--- $1"
	shift
	run 60 "$SOCKT" http-get "$@"
	_hg_show
}

# files F...: each file's name and sum, "none" where it is not
_hg_sums() {
	for _f in "$@"; do
		if [ -f "$_f" ]; then
			echo "$(basename "$_f"): $(sum_of "$_f")"
		else
			echo "$(basename "$_f"): none"
		fi
	done
}

# the PKI and a tree of files for nginx; SKIP when either cannot be
_hg_setup() {
	. "$TESTS/pki.sh"
	. "$TESTS/nginx.sh"
	pki_usable || { echo "SKIP no openssl"; return 1; }
	pki_make || { echo "SKIP the PKI"; return 1; }
	have nginx || { echo "SKIP no nginx"; return 1; }
	W=$T/www
	mkdir -p "$W/d" || return 1
	printf 'hello\n' >"$W/a.txt"
	python3 -c 'import sys
sys.stdout.buffer.write(bytes((i * 7 + i // 251) & 0xFF for i in range(3000000)))' \
	    >"$W/big"
	i=1
	while [ $i -le 24 ]; do
		printf 'file %d\n' $i >"$W/d/$i.txt"
		seq 1 $((i * 500)) >>"$W/d/$i.txt"
		i=$((i + 1))
	done
	seq 1 40000 >"$W/words.txt"
}

# nginx on http and https (the good certificate), then the stranger's
_hg_nginx() {
	nginx_tls_start "$W" "${1:-}" good stranger ||
	    { echo "SKIP nginx does not start"; return 1; }
	TP=$NGTLS_good
	S=https://localhost:$TP
	U=http://127.0.0.1:$NGPORT
}

# nginx's error log: a failed handshake or a cut connection shows there
_hg_nglog() {
	echo "--- nginx's error log"
	sed -E 's/^[0-9\/: ]+\[/[/; s/[0-9]+#[0-9]+: \*[0-9]+ /N#N: *N /; s/client: [0-9.]+, server: [^,]*, //' \
	    "$T/nginx/logs/error.log" | grep -v 'signal process started' ||
	    true
}

sc_http_https_get() {
	_hg_setup || return 0
	_hg_nginx || return 0
	cd "$T" || return 1
	_hg "-v over https" -v --cacert "$P/ca.pem" "$S/a.txt"
	_hg "-o, and a 3 MB body" -s --cacert "$P/ca.pem" -o "$T/one" \
	    "$S/big" -o "$T/two" "$S/a.txt"
	_hg "-O in a directory" -s --cacert "$P/ca.pem" --output-dir \
	    "$T/dl" --create-dirs -O "$S/a.txt" -O "$S/d/7.txt"
	_hg_sums "$T/one" "$T/two" "$T/dl/a.txt" "$T/dl/7.txt"
	_hg "-I: the head alone" -s -I --cacert "$P/ca.pem" "$S/a.txt"
	_hg "-w's TLS values" -s -o /dev/null -o /dev/null --cacert \
	    "$P/ca.pem" --write-out '%{http_code} %{ssl_verify_result} %{size_download} %{remote_ip} %{scheme} %{size_header}\n' \
	    "$S/big" "$S/a.txt"
	_hg "to ::1 and by address" -s --cacert "$P/ca.pem" \
	    "https://127.0.0.1:$TP/a.txt" "https://[::1]:$TP/a.txt"
	_hg "404 with -f" -sS -f --cacert "$P/ca.pem" "$S/none"
	_hg "--tls-min 1.3, --pinnedpubkey of another key" -sS --cacert \
	    "$P/ca.pem" --pinnedpubkey "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
	    "$S/a.txt"
	_hg "a client certificate sent" -s --cacert "$P/ca.pem" \
	    --cert "$P/client.pem" --key "$P/client.key" "$S/a.txt"
	_hg_nglog
}

sc_http_https_refused() {
	_hg_setup || return 0
	_hg_nginx || return 0
	ST=https://localhost:$NGTLS_stranger
	_hg "no --cacert: the system's roots refuse it" "$S/a.txt"
	_hg "an untrusted root" -sS --cacert "$P/ca.pem" "$ST/a.txt"
	_hg "-k takes it" -sS -k "$ST/a.txt"
	_hg "a name not in the certificate" -sS --cacert "$P/ca.pem" \
	    --resolve "other.invalid:$TP:127.0.0.1" "https://other.invalid:$TP/a.txt"
	_hg "-v of a refusal" -v --cacert "$P/ca.pem" "$ST/a.txt"
	_hg "-w of a refusal" -s --cacert "$P/ca.pem" \
	    --write-out '%{http_code} %{ssl_verify_result} %{exitcode}\n' "$ST/a.txt"
	_hg "a refusal among -Z's URLs" -sS -Z --cacert "$P/ca.pem" \
	    "$S/a.txt" "$ST/a.txt" "$S/d/1.txt"
	_hg "https to the plain port" -sS --cacert "$P/ca.pem" \
	    "https://localhost:$NGPORT/a.txt"
	_hg_nglog
}

sc_http_https_many() {
	_hg_setup || return 0
	_hg_nginx "keepalive_requests 1000; access_log off;" || return 0
	_hg "-Z over https into -o files" -s -Z --parallel-max 4 \
	    --cacert "$P/ca.pem" "$S/d/[1-24].txt" -o "$T/z#1"
	_hg_sums "$T"/z1 "$T"/z12 "$T"/z24
	cat "$T"/z* | cksum
	_hg "-Z to stdout, in URL order" -s -Z --cacert "$P/ca.pem" \
	    "$S/d/[1-24].txt"
	_hg "--pipeline 6 over https" -s --pipeline 6 --cacert "$P/ca.pem" \
	    "$S/d/[1-24].txt" "$S/big" -o "$T/p#1" -o "$T/pipebig"
	cat "$T"/p[0-9]* | cksum
	_hg_sums "$T/pipebig"
	_hg "one connection, in turn" -s --cacert "$P/ca.pem" \
	    --write-out '%{urlnum} %{http_code} %{size_download}\n' \
	    "$S/d/[1-5].txt"
	_hg "-Z, http and https mixed" -s -Z --cacert "$P/ca.pem" \
	    "$S/d/[1-6].txt" "$U/d/[7-12].txt"
	_hg_nglog
}

sc_http_https_redirect() {
	_hg_setup || return 0
	NGCONF_PLAIN="location = /r { return 301 https://localhost:@TLS_good@/a.txt; }
location = /r2 { return 302 https://localhost:@TLS_good@/r3; }"
	NGCONF_TLS_good="location = /r3 { return 302 http://127.0.0.1:@PORT@/d/2.txt; }"
	export NGCONF_PLAIN NGCONF_TLS_good
	_hg_nginx || return 0
	_hg "http to https" -s -L --cacert "$P/ca.pem" "$U/r"
	_hg "-v of it" -v -L --cacert "$P/ca.pem" "$U/r"
	_hg "http to https to http" -s -L --cacert "$P/ca.pem" \
	    --write-out '%{num_redirects} %{url_effective}\n' "$U/r2"
	_hg "not followed" -s --write-out '%{http_code} %{num_redirects}\n' \
	    -o /dev/null "$U/r"
	_hg "to https, refused there" -sS -L "$U/r"
	_hg_nglog
}

sc_http_https_compressed() {
	_hg_setup || return 0
	_hg_nginx "access_log off; gzip on; gzip_min_length 0; gzip_types text/plain;" ||
	    return 0
	_hg "--compressed over https" -s --compressed --cacert "$P/ca.pem" \
	    -o "$T/w" "$S/words.txt"
	_hg_sums "$T/w"
	_hg "-v of it" -v --compressed --cacert "$P/ca.pem" -o "$T/w2" \
	    "$S/d/3.txt"
	_hg_sums "$T/w2"
	_hg "-Z --compressed, several" -s -Z --compressed --cacert \
	    "$P/ca.pem" "$S/d/[20-24].txt" -o "$T/c#1"
	cat "$T"/c2* | cksum
	_hg "--compressed over http" -s --compressed -o "$T/w3" \
	    "$U/words.txt"
	_hg_sums "$T/w3"
	_hg_nglog
}

# sockt's HTTP proxy (with --tls over TLS): PX, PXLOG
_hg_proxy() {
	server 60 "$SOCKT" listen -k -v "$@" --serve-proxy http 127.0.0.1 0 ||
	    return 1
	PX=$SPORT PXLOG=$SLOG PXPID=$SPID
}

# _hg_log FILE: a proxy's log, what it was asked and how its handshakes
# went, sorted (the ends of its connections are left out: their words
# depend on which side ends first, which is the kernel's race)
_hg_log() {
	sed -E 's/port [0-9]+/port P/g' "$1" |
	    grep -E '\((HTTP|SOCKS)|handshake failed|TLSv|: [A-Z]' | sort
}

_hg_pxlog() {
	kill "$PXPID"
	wait "$PXPID" 2>/dev/null
	echo "--- the proxy's log"
	_hg_log "$PXLOG"
}

sc_http_proxy_plain() {
	_hg_setup || return 0
	_hg_nginx || return 0
	_hg_proxy || return 1
	X=http://127.0.0.1:$PX
	_hg "an http URL, forwarded" -s -x "$X" "$U/a.txt"
	_hg "-p: through CONNECT" -s -p -x "$X" "$U/a.txt"
	_hg "an https URL through CONNECT" -s -x "$X" --cacert "$P/ca.pem" \
	    -o "$T/b" "$S/big"
	_hg_sums "$T/b"
	_hg "-v of it" -v -x "$X" --cacert "$P/ca.pem" "$S/a.txt"
	_hg "-Z through it, both kinds" -s -Z -x "$X" --cacert "$P/ca.pem" \
	    "$S/d/[1-6].txt" "$U/d/[7-9].txt"
	_hg "refused in the tunnel" -sS -x "$X" "$S/a.txt"
	_hg_pxlog
}

sc_http_proxy_tls() {
	_hg_setup || return 0
	_hg_nginx || return 0
	_hg_proxy --tls --cert "$P/good.pem" --key "$P/good.key" || return 1
	X=https://localhost:$PX
	_hg "an http URL, forwarded over the proxy's TLS" -s -x "$X" \
	    --proxy-cacert "$P/ca.pem" "$U/a.txt"
	_hg "-p: CONNECT inside the proxy's TLS" -s -p -x "$X" \
	    --proxy-cacert "$P/ca.pem" "$U/a.txt"
	_hg "TLS inside the proxy's TLS" -s -x "$X" --proxy-cacert \
	    "$P/ca.pem" --cacert "$P/ca.pem" -o "$T/b" "$S/big"
	_hg_sums "$T/b"
	_hg "-v of it" -v -x "$X" --proxy-cacert "$P/ca.pem" --cacert \
	    "$P/ca.pem" "$S/a.txt"
	_hg "-Z and --pipeline inside it" -s -Z --pipeline 3 -x "$X" \
	    --proxy-cacert "$P/ca.pem" --cacert "$P/ca.pem" \
	    "$S/d/[1-12].txt" "$U/d/[13-15].txt"
	_hg "the origin refused inside the proxy's TLS" -sS -x "$X" \
	    --proxy-cacert "$P/ca.pem" "$S/a.txt"
	_hg "the proxy's certificate refused" -sS -x "$X" --cacert \
	    "$P/ca.pem" "$S/a.txt"
	_hg "-w inside it" -s -o /dev/null -x "$X" --proxy-cacert \
	    "$P/ca.pem" --cacert "$P/ca.pem" \
	    --write-out '%{http_code} %{ssl_verify_result} %{size_download}\n' "$S/big"
	_hg_pxlog
}

sc_http_proxy_stunnel() {
	_hg_setup || return 0
	have stunnel4 || have stunnel || { echo "SKIP no stunnel"; return 0; }
	_hg_nginx || return 0
	_hg_proxy || return 1
	ST=$(command -v stunnel4 || command -v stunnel)
	SP=$(freeport)
	printf '%s\n' 'foreground = yes' 'pid =' "output = $T/stunnel.log" \
	    '[proxy]' "accept = 127.0.0.1:$SP" "connect = 127.0.0.1:$PX" \
	    "cert = $P/good.pem" "key = $P/good.key" >"$T/stunnel.conf"
	bg 60 "$ST" "$T/stunnel.conf"
	wait_until 10 python3 -c 'import socket,sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$SP" \
	    2>/dev/null || { echo "stunnel does not listen"; return 1; }
	X=https://localhost:$SP
	_hg "an http URL through stunnel" -s -x "$X" --proxy-cacert \
	    "$P/ca.pem" "$U/a.txt"
	_hg "TLS inside stunnel's" -s -x "$X" --proxy-cacert "$P/ca.pem" \
	    --cacert "$P/ca.pem" -o "$T/b" "$S/big"
	_hg_sums "$T/b"
	_hg "-Z inside stunnel's" -s -Z -x "$X" --proxy-cacert "$P/ca.pem" \
	    --cacert "$P/ca.pem" "$S/d/[1-8].txt"
	_hg_pxlog
}

sc_http_proxy_socks() {
	_hg_setup || return 0
	_hg_nginx || return 0
	server 60 "$SOCKT" listen -k -v --serve-proxy socks5 127.0.0.1 0 ||
	    return 1
	SX=$SPORT SXPID=$SPID SXLOG=$SLOG
	server 60 "$SOCKT" listen -k -v -U "$T/s5.sock" --serve-proxy socks5 ||
	    return 1
	_hg "socks5h://, an http URL" -s -x "socks5h://127.0.0.1:$SX" \
	    "$U/a.txt"
	_hg "socks5h://, an https URL" -s -x "socks5h://127.0.0.1:$SX" \
	    --cacert "$P/ca.pem" -o "$T/b" "$S/big"
	_hg_sums "$T/b"
	_hg "socks5://, -v" -v -x "socks5://127.0.0.1:$SX" \
	    --cacert "$P/ca.pem" "$S/a.txt"
	_hg "socks4a://" -s -x "socks4a://127.0.0.1:$SX" "$U/a.txt"
	_hg "socks5h://localhost/PATH, -Z over https" -s -Z \
	    -x "socks5h://localhost$T/s5.sock" --cacert "$P/ca.pem" \
	    "$S/d/[1-6].txt"
	_hg "a SOCKS proxy that is not there" -sS \
	    -x "socks5h://localhost$T/none.sock" "$S/a.txt"
	kill "$SXPID"
	wait "$SXPID" 2>/dev/null
	echo "--- the SOCKS proxy's log"
	_hg_log "$SXLOG"
}
