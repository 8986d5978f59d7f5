# tests/nginx.sh: a real nginx on loopback for the t2xxx scripts, sourced
# after lib.sh.  nginx_start ROOT: serve ROOT on 127.0.0.1 at a free port
# (nginx cannot bind port 0: freeport, and another try on a clash), under
# a watchdog; sets NGPORT and NGPID and returns 0 once it answers, 1 when
# nginx is missing or does not start (the caller skips).  ETags, Last-Modified,
# ranges and If-Modified-Since are nginx's defaults for static files.
# nginx_start ROOT LINES: the same with LINES in the http block instead
# of "access_log off;" (a log format and its access log, say).

nginx_start() {
	nginx_tls_start "$1" "${2:-}"
}

# nginx listens, or has died: then stop waiting
_nginx_up() {
	alive "$_ngpid" || return 0
	tcp_listens "$NGPORT"
}

# nginx_tls_start ROOT HTTPLINES CERT...: nginx serving ROOT over http on
# 127.0.0.1 NGPORT and over https with each certificate CERT of the PKI
# (tests/pki.sh: $P/CERT.pem and .key) on a port of its own, NGTLS_CERT,
# on 127.0.0.1 and, with IPv6, on ::1 too.  HTTPLINES go in the http
# block ("" for "access_log off;").  NGCONF_PLAIN and NGCONF_TLS, when
# set, are lines for the plain server block and for each https one
# (NGCONF_TLS_CERT for CERT's alone), in which @PORT@ and @TLS_CERT@
# stand for the ports chosen.  NGLISTEN, when set, ends every listen
# line (" proxy_protocol").  Returns 0 once
# it answers (NGPID), 1 when it does not start (the caller skips).
# nginx_start is this with no certificate.
nginx_tls_start() {
	have nginx || return 1
	_ngroot=$1 _nglines=${2:-access_log off;}
	shift 2
	_ngd=$T/nginx
	mkdir -p "$_ngd/logs" || return 1
	for _ngtry in 1 2 3; do
		NGPORT=$(freeport) || return 1
		_ngsed="s/@PORT@/$NGPORT/g"
		for _ngc in "$@"; do
			_ngp=$(freeport) || return 1
			eval "NGTLS_$_ngc=\$_ngp"
			_ngsed="$_ngsed;s/@TLS_$_ngc@/$_ngp/g"
		done
		{
			printf '%s\n' 'daemon off;' 'master_process off;' \
			    'worker_processes 1;' "pid $_ngd/nginx.pid;" \
			    "error_log $_ngd/logs/error.log;" \
			    'events { worker_connections 64; }' 'http {' \
			    "$_nglines"
			for _ngt in client_body proxy fastcgi uwsgi scgi; do
				echo "${_ngt}_temp_path $_ngd/logs;"
			done
			printf 'server {\nlisten 127.0.0.1:%s%s;\nroot %s;\n%s\n}\n' \
			    "$NGPORT" "${NGLISTEN:-}" "$_ngroot" \
			    "${NGCONF_PLAIN:-}"
			for _ngc in "$@"; do
				eval "_ngp=\$NGTLS_$_ngc"
				printf 'server {\nlisten 127.0.0.1:%s ssl%s;\n' \
				    "$_ngp" "${NGLISTEN:-}"
				have_ipv6 && printf 'listen [::1]:%s ssl%s;\n' \
				    "$_ngp" "${NGLISTEN:-}"
				printf 'ssl_certificate %s;\nssl_certificate_key %s;\n' \
				    "$P/$_ngc.pem" "$P/$_ngc.key"
				eval "_ngx=\${NGCONF_TLS_$_ngc:-}"
				printf 'root %s;\n%s\n%s\n}\n' "$_ngroot" \
				    "${NGCONF_TLS:-}" "$_ngx"
			done
			echo '}'
		} | sed "$_ngsed" >"$_ngd/nginx.conf"
		bg 170 nginx -p "$_ngd" -c "$_ngd/nginx.conf"
		_ngpid=$BGPID
		if wait_until 10 _nginx_up && alive "$_ngpid"; then
			NGPID=$_ngpid
			return 0
		fi
		kill "$_ngpid" 2>/dev/null
		wait "$_ngpid" 2>/dev/null
	done
	return 1
}
