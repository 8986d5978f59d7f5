# tests/svclab.sh: a lab of real servers from Debian's packages for
# portscan -sV (issue 74), nmap -sV its oracle.  Sourced after lib.sh.
# As root, the script is first run again in a network namespace of its
# own (unshare -n, SVCLAB_NS=1), where lo is brought up and ports below
# 1024 are made bindable by anyone (a sysctl of that namespace alone), so
# that each server runs as the user it wants on whichever port; nothing
# it does can reach a real network.
#
#   svclab_start [SVC...]  start the servers that are installed (all, or
#                  those named as in the list's SVC), each with its data in
#                  $SVCLAB (a directory of $T), under a watchdog of
#                  $SVCLAB_SECS (default 600), and wait until each port
#                  listens (no sleep: ss polled, 30 s at most in all).
#                  $SVCLAB_LIST: a line "PROTO PORT NAME SVC" for each
#                  port that came up (NAME: the service as nmap names
#                  it, SVC: the server), $SVCLAB_DOWN the servers that
#                  did not; $SVCLAB_TCP and $SVCLAB_UDP its ports,
#                  comma-separated; $SVCLAB_ADDR the address to scan.
#                  $SVCLAB_UP_MS: how long all this took, $SVCLAB/upat
#                  when each port was first seen listening.  Returns 1
#                  outside a namespace of its own.
#   svclab_stop    each server ended by its PID, waited for
#
# Several servers are also on a port that is not theirs: sshd on 80,
# 2201 and 8022, nginx on 23 and 2222, redis on 443, postgres on 15432
# (haproxy's TCP relay), mariadb on 13306, rsync on 8873, and so on.
# The table is in svclab_start; the answers each gave, and nmap -sV's
# names for them, are in tests/svclab/captures.

if [ -z "${SVCLAB_NS:-}" ] && [ "$(id -u)" = 0 ] && ! own_netns &&
    unshare -n true 2>/dev/null; then
	rm -rf "$T"
	SVCLAB_NS=1 exec unshare -n sh "$0" "$@"
fi

SVCLAB_ADDR=127.0.0.1
SVCLAB=$T/lab
SVCLAB_LIST=$SVCLAB/list
SVCLAB_PIDS=
SVCLAB_DOWN=

# as USER CMD...: the shell replaced by CMD as USER (and USER's group),
# for the servers that do not change users themselves: bg's PID is then
# the server's own
as() {
	_u=$1
	shift
	exec setpriv --reuid="$_u" --regid="$(id -g "$_u")" --init-groups "$@"
}

# _dir SVC [USER]: a directory of the lab for SVC, owned by USER
_dir() {
	D=$SVCLAB/$1
	mkdir -p "$D" && { [ -z "${2:-}" ] || chown "$2:" "$D"; }
}

# _run SVC "PROTO/PORT NAME ..." CMD...: start CMD (its output to
# $SVCLAB/SVC.log) and count on its ports
_run() {
	_s=$1 _p=$2
	shift 2
	BGOUT=$SVCLAB/$_s.log BGERR=$SVCLAB/$_s.log bg "${SVCLAB_SECS:-600}" "$@"
	# for the shell that started the group (see svclab_start)
	echo "$BGPID ${_pids##* } ${_wpids##* }" >>"$SVCLAB/pids"
	# shellcheck disable=SC2086 # the list is words
	set -- $_p
	while [ $# -ge 2 ]; do
		echo "${1%/*} ${1#*/} $2 $_s" >>"$SVCLAB/want"
		shift 2
	done
}

# _want SVC: SVC was asked for (or all were) and CMD is installed
_want() {
	case " $SVCLAB_ONLY " in
	"  " | *" $1 "*) ;;
	*) return 1 ;;
	esac
	[ -x "$2" ] || have "$2" || { echo "# svclab: no $1 ($2)"; return 1; }
}

# _up: every port asked for listens (each port's first time so in
# $SVCLAB/upat: "SVC PROTO/PORT MS"); one ss and one awk a poll
_up() {
	{ ss -Hlnt && ss -Hlnu; } >"$SVCLAB/ss" 2>/dev/null || return 1
	awk -v ms=$(( $(now_ms) - _svclab_t0 )) -v up="$SVCLAB/upat" '
	    FILENAME == up { seen[$2] = 1; next }
	    FILENAME ~ /ss$/ {
		n = split($4, a, ":")
		l[($1 == "UNCONN" ? "udp" : "tcp") "/" a[n]] = 1
		next
	    }
	    !(($1 "/" $2) in l) { miss = 1; next }
	    !(($1 "/" $2) in seen) { print $4, $1 "/" $2, ms >>up }
	    END { exit miss }' "$SVCLAB/upat" "$SVCLAB/ss" "$SVCLAB/want"
}

svclab_start() {
	[ "$(id -u)" = 0 ] && own_netns || return 1
	ip link set lo up || return 1
	sysctl -qw net.ipv4.ip_unprivileged_port_start=0 || return 1
	SVCLAB_ONLY=$* _svclab_t0=$(now_ms)
	mkdir -p "$SVCLAB" && chmod 755 "$T" "$SVCLAB" || return 1
	: >"$SVCLAB/want"
	: >"$SVCLAB/upat"
	# one self-signed certificate for every TLS server (RSA, as
	# Debian's snakeoil: an EC one turned nmap's hellos away at dovecot)
	openssl req -x509 -newkey rsa:2048 -nodes \
	    -subj /CN=lab.sockt.test -days 2 -keyout "$SVCLAB/key.pem" \
	    -out "$SVCLAB/cert.pem" 2>/dev/null || return 1
	chmod 644 "$SVCLAB/key.pem"
	K=$SVCLAB/key.pem C=$SVCLAB/cert.pem
	# each group set up and started in a subshell of its own, all at
	# once (initdb, ssh-keygen and postfix's checks take seconds); what
	# each started is ours all the same: its PIDs (with their watchdogs)
	# are read back into lib.sh's lists for cleanup to end
	: >"$SVCLAB/pids"
	_g=
	for _f in sshd nginx pg mariadb redis small postfix dovecot prosody \
	    slapd unbound proxies udp; do
		( trap - EXIT; _pids="" _wpids=""; "_svclab_$_f" ) &
		_g="$_g $!"
	done
	# shellcheck disable=SC2086
	wait $_g
	while read -r _p _o _w; do
		SVCLAB_PIDS="$SVCLAB_PIDS $_p"
		_pids="$_pids $_o"
		_wpids="$_wpids $_w"
	done <"$SVCLAB/pids"
	wait_until 30 _up
	SVCLAB_UP_MS=$(( $(now_ms) - _svclab_t0 ))
	# what listens goes on the list; a server some of whose ports do
	# not is down (its log says why)
	: >"$SVCLAB_LIST"
	while read -r _pr _po _n _s; do
		if grep -q "^$_s $_pr/$_po " "$SVCLAB/upat"; then
			echo "$_pr $_po $_n $_s" >>"$SVCLAB_LIST"
		else
			case " $SVCLAB_DOWN " in
			*" $_s "*) ;;
			*) SVCLAB_DOWN="$SVCLAB_DOWN $_s" ;;
			esac
		fi
	done <"$SVCLAB/want"
	SVCLAB_TCP=$(awk '$1 == "tcp" { printf "%s%s", s, $2; s = "," }' "$SVCLAB_LIST")
	SVCLAB_UDP=$(awk '$1 == "udp" { printf "%s%s", s, $2; s = "," }' "$SVCLAB_LIST")
	SVCLAB_DOWN=${SVCLAB_DOWN# }
	return 0
}

svclab_stop() {
	# postfix start-fg's master goes on by itself once its wrapper (the
	# PID bg kept) is gone: ended by the PID its own file gives
	_mp=$(cat "$SVCLAB/postfix/spool/pid/master.pid" 2>/dev/null) &&
	    [ -n "$_mp" ] && kill $_mp 2>/dev/null
	for _p in $SVCLAB_PIDS; do
		kill "$_p" 2>/dev/null
	done
	for _p in $SVCLAB_PIDS; do
		wait_gone "$_p" 10 || kill -KILL "$_p" 2>/dev/null
	done
	SVCLAB_PIDS=
}

_svclab_sshd() {
	_want sshd /usr/sbin/sshd || return 0
	_dir sshd
	# sshd insists on its privilege separation directory
	mkdir -p /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$D/host" || return 0
	printf '%s\n' 'Port 22' 'Port 80' 'Port 2201' 'Port 8022' \
	    'ListenAddress 0.0.0.0' "HostKey $D/host" "PidFile $D/pid" \
	    'UsePAM no' 'PasswordAuthentication no' >"$D/conf"
	_run sshd "tcp/22 ssh tcp/80 ssh tcp/2201 ssh tcp/8022 ssh" \
	    /usr/sbin/sshd -D -e -f "$D/conf"
}

_svclab_nginx() {
	_want nginx nginx || return 0
	_dir nginx
	mkdir -p "$D/www" "$D/logs" && echo 'sockt lab' >"$D/www/index.html"
	{
		printf '%s\n' 'daemon off;' 'user www-data;' \
		    'worker_processes 1;' "pid $D/pid;" \
		    "error_log $D/logs/error.log;" \
		    'events { worker_connections 256; }' 'http {' \
		    'access_log off;' 'server {'
		for _p in 23 2222 8080 8081; do echo "listen $_p;"; done
		for _p in 8443 4443; do echo "listen $_p ssl;"; done
		printf '%s\n' "ssl_certificate $C;" "ssl_certificate_key $K;" \
		    "root $D/www;" '}'
		for _t in client_body proxy fastcgi uwsgi scgi; do
			echo "${_t}_temp_path $D/logs;"
		done
		echo '}'
	} >"$D/conf"
	_run nginx "tcp/23 http tcp/2222 http tcp/8080 http tcp/8081 http
	    tcp/8443 https tcp/4443 https" nginx -p "$D" -c "$D/conf"
}

_svclab_pg() {
	_b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1)
	_want pg "$_b/postgres" || return 0
	_dir pg postgres
	(as postgres "$_b/initdb" -D "$D/data" -A trust -U postgres --no-sync \
	    >"$SVCLAB/pg.log" 2>&1) || return 0
	cp "$C" "$D/data/server.crt" && cp "$K" "$D/data/server.key" &&
	    chown postgres: "$D/data/server.crt" "$D/data/server.key" &&
	    chmod 600 "$D/data/server.key" || return 0
	_run pg "tcp/5432 postgresql" as postgres "$_b/postgres" -D "$D/data" \
	    -p 5432 -c listen_addresses='*' -c unix_socket_directories="$D" \
	    -c ssl=on -c fsync=off -c shared_buffers=16MB
}

_svclab_mariadb() {
	_want mariadb mariadbd || return 0
	_dir mariadb mysql
	mkdir -p "$D/data" && chown mysql: "$D/data"
	_run mariadb "tcp/3306 mysql tcp/13306 mysql" mariadbd --no-defaults \
	    --user=mysql --datadir="$D/data" --socket="$D/sock" \
	    --pid-file="$D/pid" --bind-address=0.0.0.0 --port=3306 \
	    --extra-port=13306 --skip-grant-tables --skip-log-bin \
	    --innodb-buffer-pool-size=8M --innodb-log-file-size=4M \
	    --skip-name-resolve
}

_svclab_redis() {
	_want redis redis-server || return 0
	_dir redis redis
	for _p in 6379 443; do
		_run redis "tcp/$_p redis" as redis redis-server --port "$_p" \
		    --bind 0.0.0.0 --protected-mode no --daemonize no \
		    --dir "$D" --save '' --appendonly no
	done
}

# servers of one command line or a short file each
_svclab_small() {
	if _want memcached memcached; then
		_run memcached "tcp/11211 memcached udp/11211 memcached" \
		    memcached -u memcache -l 0.0.0.0 -p 11211 -U 11211 -m 16 -c 256
	fi
	if _want vsftpd vsftpd; then
		_dir vsftpd
		mkdir -p "$D/pub"
		for _p in 21 2121; do
			printf '%s\n' listen=YES listen_ipv6=NO background=NO \
			    "listen_port=$_p" anonymous_enable=YES local_enable=NO \
			    write_enable=NO "anon_root=$D/pub" \
			    secure_chroot_dir=/var/run/vsftpd/empty \
			    seccomp_sandbox=NO xferlog_enable=NO >"$D/$_p.conf"
			_run vsftpd "tcp/$_p ftp" vsftpd "$D/$_p.conf"
		done
	fi
	if _want mosquitto mosquitto; then
		_dir mosquitto
		printf '%s\n' 'listener 1883 0.0.0.0' 'allow_anonymous true' \
		    'user mosquitto' 'persistence false' 'log_dest stderr' \
		    >"$D/conf"
		_run mosquitto "tcp/1883 mqtt" mosquitto -c "$D/conf"
	fi
	if _want rsync rsync; then
		_dir rsync
		mkdir -p "$D/pub"
		printf '%s\n' 'use chroot = no' 'uid = nobody' 'gid = nogroup' \
		    '[pub]' "path = $D/pub" 'read only = yes' 'comment = sockt lab' \
		    >"$D/conf"
		for _p in 873 8873; do
			_run rsync "tcp/$_p rsync" rsync --daemon --no-detach \
			    --config="$D/conf" --address=0.0.0.0 --port="$_p"
		done
	fi
	if _want git git; then
		_dir git
		git init -q --bare "$D/lab.git" || return 0
		_run git "tcp/9418 git" as nobody git daemon --reuseaddr \
		    --listen=0.0.0.0 --port=9418 --base-path="$D" --export-all
	fi
	if _want ngircd ngircd; then
		_dir ngircd irc
		printf '%s\n' '[Global]' 'Name = irc.lab.sockt.test' \
		    'Info = sockt lab' 'Ports = 6667, 6668' 'Listen = 0.0.0.0' \
		    "PidFile = $D/pid" 'ServerUID = irc' 'ServerGID = irc' \
		    'MotdPhrase = "sockt lab"' '[Options]' 'Ident = no' \
		    'PAM = no' 'DNS = no' >"$D/conf"
		_run ngircd "tcp/6667 irc tcp/6668 irc" ngircd -n -f "$D/conf"
	fi
}

_svclab_postfix() {
	_want postfix /usr/sbin/postfix || return 0
	_dir postfix
	mkdir -p "$D/etc" "$D/spool" "$D/data" && chown postfix: "$D/data"
	printf '%s\n' "queue_directory = $D/spool" "data_directory = $D/data" \
	    'mail_owner = postfix' 'myhostname = mail.lab.sockt.test' \
	    'inet_interfaces = all' 'inet_protocols = ipv4' 'mydestination =' \
	    'compatibility_level = 3.6' "maillog_file = $D/maillog" "maillog_file_prefixes = $D" \
	    "smtpd_tls_cert_file = $C" "smtpd_tls_key_file = $K" \
	    'smtpd_tls_security_level = may' >"$D/etc/main.cf"
	# Debian's master.cf, nothing chrooted, smtpd on three ports
	awk '$2 == "inet" { next } NF >= 8 && $1 !~ /^#/ && $5 == "y" { $5 = "n" }
	    { print }
	    END { for (i = 1; i <= 3; i++) print p[i] " inet n - n - - smtpd" }
	    BEGIN { p[1] = 25; p[2] = 587; p[3] = 2525 }' \
	    /etc/postfix/master.cf >"$D/etc/master.cf"
	/usr/sbin/postfix -c "$D/etc" check >"$D/check.log" 2>&1 || return 0
	_run postfix "tcp/25 smtp tcp/587 smtp tcp/2525 smtp" \
	    /usr/sbin/postfix -c "$D/etc" start-fg
}

_svclab_dovecot() {
	_want dovecot dovecot || return 0
	_dir dovecot
	mkdir -p "$D/run" "$D/state"
	cat >"$D/conf" <<-EOF
	protocols = imap pop3
	listen = *
	base_dir = $D/run
	state_dir = $D/state
	log_path = /dev/stderr
	ssl = yes
	ssl_cert = <$C
	ssl_key = <$K
	mail_location = maildir:$D/mail/%u
	passdb {
	  driver = static
	  args = nopassword=y
	}
	userdb {
	  driver = static
	  args = uid=nobody gid=nogroup home=$D/mail/%u
	}
	service imap-login {
	  inet_listener imap {
	    port = 143
	  }
	  inet_listener imaps {
	    port = 993
	    ssl = yes
	  }
	}
	service pop3-login {
	  inet_listener pop3 {
	    port = 110
	  }
	  inet_listener pop3s {
	    port = 995
	    ssl = yes
	  }
	}
	EOF
	_run dovecot "tcp/143 imap tcp/993 imaps tcp/110 pop3 tcp/995 pop3s" \
	    dovecot -F -c "$D/conf"
}

_svclab_prosody() {
	_want prosody prosody || return 0
	_dir prosody prosody
	cat >"$D/prosody.cfg.lua" <<-EOF
	pidfile = "$D/pid"
	data_path = "$D"
	daemonize = false
	log = { { levels = { min = "error" }, to = "console" } }
	interfaces = { "*" }
	c2s_ports = { 5222 }
	s2s_ports = { 5269 }
	modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "version" }
	VirtualHost "lab.sockt.test"
	EOF
	_run prosody "tcp/5222 xmpp-client tcp/5269 xmpp-server" \
	    as prosody prosody -F --config "$D/prosody.cfg.lua"
}

_svclab_slapd() {
	_want slapd slapd || return 0
	_dir slapd openldap
	printf '%s\n' 'include /etc/ldap/schema/core.schema' "pidfile $D/pid" \
	    "argsfile $D/args" >"$D/conf"
	_run slapd "tcp/389 ldap tcp/10389 ldap" slapd -d 0 -f "$D/conf" \
	    -h 'ldap://0.0.0.0:389/ ldap://0.0.0.0:10389/' -u openldap -g openldap
}

_svclab_unbound() {
	_want unbound unbound || return 0
	_dir unbound
	# every answer from its own zones: it never asks another server
	cat >"$D/conf" <<-EOF
	server:
	  interface: 0.0.0.0
	  port: 53
	  do-daemonize: no
	  do-ip6: no
	  chroot: ""
	  username: "unbound"
	  directory: "$D"
	  pidfile: ""
	  use-syslog: no
	  access-control: 0.0.0.0/0 allow
	  hide-version: no
	  hide-identity: no
	  local-zone: "." static
	  local-zone: "lab.sockt.test." static
	  local-data: "lab.sockt.test. A 127.0.0.1"
	EOF
	_run unbound "tcp/53 domain udp/53 domain" unbound -d -c "$D/conf"
}

_svclab_proxies() {
	if _want dante danted; then
		_dir dante
		printf '%s\n' 'logoutput: stderr' 'internal: 0.0.0.0 port = 1080' \
		    'external: 127.0.0.1' 'socksmethod: none' 'clientmethod: none' \
		    'user.privileged: root' 'user.unprivileged: nobody' \
		    'client pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }' \
		    'socks pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }' >"$D/conf"
		_run dante "tcp/1080 socks5" danted -f "$D/conf" -N 1 -p "$D/pid"
	fi
	if _want squid squid; then
		_dir squid proxy
		printf '%s\n' 'http_port 3128' 'http_access allow all' \
		    'cache deny all' 'cache_mem 8 MB' 'cache_effective_user proxy' \
		    "pid_filename $D/pid" "cache_log $D/cache.log" 'access_log none' \
		    'cache_store_log none' "coredump_dir $D" \
		    'visible_hostname lab.sockt.test' 'shutdown_lifetime 1 seconds' \
		    >"$D/conf"
		_run squid "tcp/3128 http-proxy" squid -N -f "$D/conf"
	fi
	if _want tinyproxy tinyproxy; then
		_dir tinyproxy tinyproxy
		printf '%s\n' 'Port 8888' 'Listen 0.0.0.0' 'User tinyproxy' \
		    'Group tinyproxy' 'Timeout 20' 'MaxClients 64' \
		    'LogLevel Critical' >"$D/conf"
		_run tinyproxy "tcp/8888 http-proxy" tinyproxy -d -c "$D/conf"
	fi
	if _want haproxy haproxy; then
		_dir haproxy
		# an HTTP front to nginx, its own statistics page, and
		# postgres again on a port that is not its own
		cat >"$D/conf" <<-EOF
		global
		  user haproxy
		  group haproxy
		defaults
		  mode http
		  timeout connect 2s
		  timeout client 10s
		  timeout server 10s
		frontend web
		  bind 0.0.0.0:8000
		  default_backend nginx
		backend nginx
		  server n1 127.0.0.1:8080
		frontend stats
		  bind 0.0.0.0:8404
		  stats enable
		  stats uri /
		listen pg
		  mode tcp
		  bind 0.0.0.0:15432
		  server p1 127.0.0.1:5432
		EOF
		_run haproxy "tcp/8000 http tcp/8404 http tcp/15432 postgresql" \
		    haproxy -db -f "$D/conf"
	fi
}

_svclab_udp() {
	if _want snmpd snmpd; then
		_dir snmpd Debian-snmp
		printf '%s\n' 'agentaddress udp:0.0.0.0:161' \
		    'rocommunity public default' 'sysLocation sockt lab' \
		    'sysContact lab@sockt.test' >"$D/conf"
		_run snmpd "udp/161 snmp" env SNMP_PERSISTENT_DIR="$D" MIBS= \
		    snmpd -f -Lo -C -c "$D/conf" -p "$D/pid" -u Debian-snmp \
		    -g Debian-snmp
	fi
	if _want chrony chronyd; then
		_dir chrony _chrony
		# -x: it serves time and never sets this machine's clock
		printf '%s\n' 'local stratum 10' 'allow all' 'port 123' \
		    'cmdport 0' "pidfile $D/pid" "driftfile $D/drift" >"$D/conf"
		_run chrony "udp/123 ntp" chronyd -d -x -f "$D/conf" -u _chrony
	fi
}
