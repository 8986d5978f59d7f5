# tests/nginx.sh: a real nginx on loopback for the t2xxx scripts, sourced
# after lib.sh.  nginx_start ROOT: serve ROOT on 127.0.0.1 at a free port
# (nginx cannot bind port 0: freeport, and another try on a clash), under
# a watchdog; sets NGPORT and NGPID and returns 0 once it answers, 1 when
# nginx is missing or does not start (the caller skips).  ETags, Last-Modified,
# ranges and If-Modified-Since are nginx's defaults for static files.
# nginx_start ROOT LINES: the same with LINES in the http block instead
# of "access_log off;" (a log format and its access log, say).

nginx_start() {
	have nginx || return 1
	_ngd=$T/nginx
	mkdir -p "$_ngd/logs" || return 1
	for _ngtry in 1 2 3; do
		NGPORT=$(freeport) || return 1
		cat >"$_ngd/nginx.conf" <<EOC
daemon off;
master_process off;
worker_processes 1;
pid $_ngd/nginx.pid;
error_log $_ngd/logs/error.log;
events { worker_connections 64; }
http {
	${2:-access_log off;}
	client_body_temp_path $_ngd/logs;
	proxy_temp_path $_ngd/logs;
	fastcgi_temp_path $_ngd/logs;
	uwsgi_temp_path $_ngd/logs;
	scgi_temp_path $_ngd/logs;
	server {
		listen 127.0.0.1:$NGPORT;
		root $1;
	}
}
EOC
		bg 120 nginx -p "$_ngd" -c "$_ngd/nginx.conf"
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

# nginx answers (any status), or has died: then stop waiting
_nginx_up() {
	alive "$_ngpid" || return 0
	python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
	    "$NGPORT" 2>/dev/null
}
