#!/bin/sh
# The layers of src/README hold in the code.  A folder of src/ is a layer,
# and src/README's table (one line a folder: "layer: FOLDER USES...")
# says which folders' headers it may include; this check reads that
# table, so the document and the check share one copy.  It fails when a
# file includes a header of a folder its own may not use, when the engine
# (net, http, scan) or what it stands on (parse, util) prints or exits,
# when a parser does I/O, when a file below cmd/ speaks of an exit
# status (cmd/cmd.h's: the layers below return 0 or -1, the command
# turns that into its status), when a file outside tls/ and the
# connection stack's (net/conn*.c, net/stack*.c) reads, writes or ends
# TLS itself (every byte goes through the stack: one TLS end), when a
# file of cmd/ reads, writes, polls or accepts itself (the engine runs
# every I/O loop), when a file makes a plain socket call (read, write,
# send, recv and their kin) that the list of socket I/O below does not
# give it, and when a file lies in no listed folder.  A folder within a
# layer's (a command's own, cmd/portscan/) is of that layer.
# main (src/sockt.c) is on top: its folder is in no other's list.  How
# long a file or a function may be is the budget's (t0007-budget.sh).
. "$(dirname "$0")/lib.sh"

SRC=$(cd "$(dirname "$0")/../src" && pwd)

# "FOLDER USES..." for every layer of the table
awk '$1 == "layer:" { $1 = ""; sub(/^ /, ""); print }' "$SRC/README" \
    >"$T/table"
check "src/README has a layer table" test -s "$T/table"

# folder_of PATH: the folder a file under src/ lies in, into $fo ("."
# for src/ itself: main and the base header); a variable, not output, so
# that asking forks no subshell
folder_of() {
	case $1 in
	*/*) fo=${1%%/*} ;;
	*) fo=. ;;
	esac
}
# the table as words the shell matches without a process a question:
# "|A:B|" for each folder B that A may use, "|A|" for each folder
pairs="|$(awk '{ for (i = 2; i <= NF; i++) printf "%s:%s|", $1, $i }' \
    "$T/table")"
folders="|$(awk '{ printf "%s|", $1 }' "$T/table")"
# may_use A B: may a file of folder A include a header of folder B?
may_use() {
	[ "$1" = "$2" ] && return 0
	case $pairs in *"|$1:$2|"*) return 0 ;; esac
	return 1
}
known() { case $folders in *"|$1|"*) return 0 ;; esac; return 1; }

# C text without comments, string and character literals, so a word in a
# message or a comment is not taken for a call.  The files of src/ are
# stripped once, by one awk, into $T/s/ (strip_all); strip_c reads that
# copy where there is one.
strip_prog='
	{
		s = $0; o = ""
		while (s != "") {
			if (incom) {
				i = index(s, "*/")
				if (i == 0) { s = ""; break }
				s = substr(s, i + 2); incom = 0; continue
			}
			c = substr(s, 1, 1)
			if (substr(s, 1, 2) == "/*") { incom = 1; s = substr(s, 3); o = o " "; continue }
			if (c == "\"" || c == "'\''") {
				q = c; s = substr(s, 2)
				while (s != "" && substr(s, 1, 1) != q)
					s = substr(s, (substr(s, 1, 1) == "\\") ? 3 : 2)
				s = substr(s, 2); o = o q q; continue
			}
			o = o c; s = substr(s, 2)
		}
		print o
	}'
strip_c() {
	if [ -f "$T/s/$1" ]; then
		cat "$T/s/$1"
	else
		awk "$strip_prog" "$1"
	fi
}
# strip_all FILE...: each FILE (a path below the current folder) stripped
# into $T/s/FILE, by one awk
strip_all() {
	# their folders by one mkdir (one a file was 400 processes); the
	# paths are the tree's, with no space in them
	# shellcheck disable=SC2046
	mkdir -p "$T/s" $(printf '%s\n' "$@" |
	    sed -n "s|^\(.*\)/[^/]*\$|$T/s/\1|p" | sort -u) || return 1
	awk -v dir="$T/s" 'FNR == 1 {
		if (out != "")
			close(out)
		out = dir "/" FILENAME
		incom = 0
	}
	'"$(printf '%s\n' "$strip_prog" | sed 's/print o$/print o >out/')" "$@"
}

# a call that begins, reads, writes or ends TLS: tls/ and the connection
# stack's own files (net/conn*.c, net/stack*.c) alone make one, a server's
# session (TCP's and DTLS's) and its handshake too (src/README)
tls_io='(^|[^_a-zA-Z0-9])tls_(read|write|write_timed|shutdown|server_new|handshake|handshake_step)[ 	]*\('

# a call that moves bytes or waits for them: src/cmd/ runs no I/O loop of
# its own (issue 63), the engine does; a command wires options onto it
# and puts its events in words
cmd_io='(^|[^_a-zA-Z0-9.>])(read|write|readv|writev|send|recv|sendto|recvfrom|sendmsg|recvmsg|sendmmsg|recvmmsg|poll|ppoll|select|pselect|epoll_wait|accept|accept4|splice|sendfile)[ 	]*\('

# hits RE FILE...: the first three lines of each FILE (of the stripped
# copies) that match RE, as " FILE: N:TEXT N:TEXT ..." on one line: one
# grep for all the files, not a pipeline a file (that was most of this
# script's time)
hits() {
	_re=$1
	shift
	[ "$#" -gt 0 ] || return 0
	(cd "$T/s" && grep -nE -m 3 -H -- "$_re" "$@") | awk '{
		f = $0; sub(/:.*/, "", f); l = substr($0, length(f) + 2)
		if (!(f in h)) order[++n] = f
		h[f] = h[f] l " "
	} END { for (i = 1; i <= n; i++) printf " %s: %s", order[i], h[order[i]] }'
}

unplaced= upward=
cd "$SRC" || exit 1
strip_all $(ls *.[ch] */*.[ch] */*/*.[ch] 2>/dev/null) || exit 1
# the files by the rules that apply to them
tls_files= cmd_files= status_files= print_files= parse_files=
for f in *.[ch] */*.[ch] */*/*.[ch]; do
	[ -f "$f" ] || continue
	folder_of "$f"
	d=$fo
	if ! known "$d"; then
		unplaced="$unplaced $f"
		continue
	fi
	case $f in
	tls/* | net/conn*.c | net/stack*.c | *.h) ;;
	*) tls_files="$tls_files $f" ;;
	esac
	[ "$d" = cmd ] && cmd_files="$cmd_files $f"
	case $d in .|cmd) continue ;; esac
	status_files="$status_files $f"
	case $d in cli) continue ;; esac
	print_files="$print_files $f"
	[ "$d" = parse ] && parse_files="$parse_files $f"
done
# every include, "FILE HEADER" a line, by one awk
awk '/^#include "/ { h = $0; sub(/^#include "/, "", h); sub(/".*/, "", h)
    print FILENAME, h }' *.[ch] */*.[ch] */*/*.[ch] 2>/dev/null >"$T/incs"
while read -r f h; do
	folder_of "$f"
	d=$fo
	known "$d" || continue
	if [ ! -f "$h" ]; then
		# every include names its folder, from src/
		upward="$upward $f->$h(no such file under src/)"
		continue
	fi
	folder_of "$h"
	may_use "$d" "$fo" || upward="$upward $f->$h"
done <"$T/incs"
# shellcheck disable=SC2086 # the lists are words
{
tls_calls=$(hits "$tls_io" $tls_files)
cmd_calls=$(hits "$cmd_io" $cmd_files)
statuses=$(hits '(^|[^_a-zA-Z0-9])(EXIT_OK|EXIT_FAIL|EXIT_USAGE|CMD_GO_ON|SK_CONTINUE)([^_a-zA-Z0-9]|$)' \
    $status_files)
# printing or exiting; _exit in a forked child is the documented
# exception (net/server.h), so only the bare names count
prints=$(hits '(^|[^_a-zA-Z0-9])(printf|fprintf|vfprintf|dprintf|puts|fputs|putchar|perror|exit|err|errx|warn|warnx|msg_[a-z_]+)[ 	]*\(' \
    $print_files)
parsers_io=$(hits '(^|[^_a-zA-Z0-9.>])(read|write|open|close|socket|connect|bind|listen|accept|send|recv|sendto|recvfrom|poll|select|fork|_exit|getaddrinfo|fopen|fwrite|fread|fgets|getenv)[ 	]*\(' \
    $parse_files)
}
cd - >/dev/null || exit 1

is "every file in src/ is in a folder of src/README's table" "$unplaced" ""
is "no file includes a header its folder may not use" "$upward" ""
is "the engine, the parsers and util neither print nor exit" "$prints" ""
is "the parsers do no I/O" "$parsers_io" ""
is "no file below cmd/ speaks of an exit status" "$statuses" ""
is "TLS is begun, read, written and ended through the connection stack alone" \
    "$tls_calls" ""
is "src/cmd/ reads, writes, waits and accepts through the engine alone" \
    "$cmd_calls" ""
is "src/ itself holds main alone" "$(cd "$SRC" && echo *.[ch])" "sockt.c"

# --- Plain socket I/O: the stack, the datagram core, the raw scanner -------
# Every stream byte goes through the connection stack (net/conn.h): a
# file reads or writes a socket itself only where it is the stack, the
# datagram core or the raw scanner.  A call cannot say whether its
# descriptor is a socket, so the list names, file by file, the calls each
# may make, and why; read and write on descriptors that are no
# connection's (a file, a pipe, a terminal) are listed as such.  A file
# not listed may make none of them; a listed file that no longer makes a
# listed call fails too, so the list says what the code does.
sock_re='(^|[^_a-zA-Z0-9.>])(read|write|send|recv|sendto|recvfrom|sendmsg|recvmsg|sendmmsg|recvmmsg)[ 	]*\('
cat >"$T/sockio" <<'LIST'
# the stack: an endpoint's bytes
net/conn.c read write	# the bottom of every endpoint: its descriptor, under its layers
net/linger.c read	# an endpoint's lingering close: what the peer still sends, discarded
net/relay_dir.c read recv write	# the relay of bare endpoints: splice, its peeks (MSG_PEEK, MSG_TRUNC) and its fallback
net/proxyhdr_io.c read recv	# the PROXY header off an accepted socket before it is an endpoint: peeked, then exactly its bytes taken
# the datagram core
net/dgram.c recvfrom recvmmsg send sendmmsg sendto	# udp-serve's batches of datagrams (GSO, GRO)
net/udpserve.c sendto	# udp-serve's echo, each reply to its sender
net/udpdtls.c recv recvfrom send	# udp-serve --tls: the datagrams before and beside each peer's DTLS
XX
net/proxy_udp.c recv sendmsg	# SOCKS5 UDP ASSOCIATE: the relay's answers, a datagram with its header
net/udpsess.c read recvfrom	# a session's screen of strays, -z's probe, listen -u's first datagram; read: the input
# the raw scanner
net/route4.c recv send	# rtnetlink: the routing tables' dumps and the notices of their changes, for -sS's checksums
scan/icmperr.c recvmsg	# a probe's ICMP error, off its error queue
scan/probe.c read send	# a probe's payload and banner on its non-blocking socket, by the thousand
scan/proxied.c read	# a proxied probe's reply
scan/syn.c read recvmmsg sendmmsg	# raw SYNs and their answers; read: the key from /dev/urandom
scan/udp.c recvfrom send	# UDP probes and their replies, by whom they came from
scan/udp_proxy.c recv	# UDP replies through a SOCKS5 relay, by the header (sent by net/proxy_udp.c's layer)
# descriptors that are no connection's: read and write alone
cli/msg.c write	# stdout and stderr
cli/progress.c write	# the progress line on stderr
http/ordered.c read	# a body spilled to a temporary file
net/exec.c write	# the child's pipe: exec failed
net/io.c write	# io_write_all's descriptor: stdout, a file, a pipe
net/prefork.c read write	# the workers' token pipe
net/pty.c read write	# the child's error pipe
net/relay.c read	# the stop pipe
net/server_late.c read write	# the socketpair up to the server: one record, one answer
net/server_loop.c read write	# that socketpair's other end; the hold pipe
scan/record.c read	# a worker's pipe of records
util/file.c read	# files
util/sig.c write	# the self-pipe
ws/ws_hs.c read	# /dev/urandom
LIST
# the socket calls each file makes, "FILE CALL" a line, sorted; the calls
# the list gives each file, the same way (one grep and one sort for all
# the files)
# sock_pairs: grep -o's "FILE:MATCH" lines as "FILE CALL", sorted
sock_pairs() { sed -E 's/:[^a-z]*/ /; s/[ 	]*[(]$//' | sort -u; }
(cd "$T/s" && grep -oE -H -- "$sock_re" *.c */*.c */*/*.c 2>/dev/null) |
    sock_pairs >"$T/made"
sed 's/#.*//' "$T/sockio" | awk 'NF > 0 { for (i = 2; i <= NF; i++)
    print $1, $i }' | sort -u >"$T/may"
# by_file: "FILE CALL" lines as " FILE: CALL CALL ..." on one line
by_file() {
	awk '{ if (!($1 in c)) order[++n] = $1; c[$1] = c[$1] $2 " " }
	    END { for (i = 1; i <= n; i++) printf " %s: %s", order[i], c[order[i]] }'
}
# for the planted calls below, the same steps on one file: sock_calls
# FILE, the calls it makes, one a line; sock_over FILE PATH, those the
# list does not give PATH, as "PATH: CALL... " (nothing when none)
sock_calls() {
	strip_c "$1" | grep -oE "$sock_re" | sed 's|^|f:|' | sock_pairs |
	    cut -d' ' -f2
}
sock_over() {
	_w=$(strip_c "$1" | grep -oE "$sock_re" | sed "s|^|$2:|" |
	    sock_pairs | comm -23 - "$T/may" | by_file)
	echo "${_w# }"
}
sock_calls_over=$(comm -23 "$T/made" "$T/may" | by_file)
sock_stale=
cd "$SRC" || exit 1
for f in $(awk '{ print $1 }' "$T/may" | uniq); do
	[ -f "$f" ] || sock_stale="$sock_stale $f(gone)"
done
cd - >/dev/null || exit 1
sock_stale=$sock_stale$(comm -13 "$T/made" "$T/may" | (cd "$SRC" &&
    while read -r f c; do [ -f "$f" ] && echo "$f $c"; done) | by_file)
is "plain socket I/O only where the list of socket I/O gives it" \
    "$sock_calls_over" ""
is "the list of socket I/O names no call a file no longer makes" \
    "$sock_stale" ""

# The checks must be able to fail: a planted call is found, and a planted
# upward include is refused by the table.
printf 'int\nf(void)\n{\n\t/* printf("no") */\n\treturn printf("yes");\n}\n' \
    >"$T/plant.c"
strip_c "$T/plant.c" >"$T/code"
is "a planted printf is seen, one in a comment is not" \
    "$(grep -cE '(^|[^_a-zA-Z0-9])printf[ 	]*\(' "$T/code")" 1
printf 'int\nf(void)\n{\n\t/* tls_read(t) */\n\treturn tls_shutdown(t);\n}\n' \
    >"$T/plant.c"
is "a planted tls_shutdown is seen, a tls_read in a comment is not" \
    "$(strip_c "$T/plant.c" | grep -cE "$tls_io")" 1
printf 'int\nf(void)\n{\n\tt = tls_server_new(s, sc, e);\n\treturn tls_handshake(t, 0, e) +\n\t    tls_handshake_step(t, e) + tls_server_ctx_new(o, e);\n}\n' \
    >"$T/plant.c"
is "a planted tls_server_new and handshakes are seen, tls_server_ctx_new is not" \
    "$(strip_c "$T/plant.c" | grep -oE "$tls_io" | wc -l | tr -d ' ')" 3
printf 'int\nf(void)\n{\n\t/* poll(p, 1, 0) */\n\tn = cmd_read(fd);\n\treturn recv(fd, b, 1, 0) + poll(p, 1, -1) +\n\t    c->read(c);\n}\n' \
    >"$T/plant.c"
is "a planted recv and poll are seen, cmd_read, c->read and a poll in a comment are not" \
    "$(strip_c "$T/plant.c" | grep -oE "$cmd_io" | wc -l | tr -d ' ')" 2
printf 'int\nf(int s)\n{\n\t/* recv(s, b, 1, 0) */\n\tc->ops->write(x, b, 1);\n\treturn send(s, "write(s)", 8, 0) + read(s, b, 1);\n}\n' \
    >"$T/plant.c"
is "a planted send and read are seen, not a recv in a comment, a write in a string or ops->write" \
    "$(sock_calls "$T/plant.c" | tr '\n' ' ')" "read send "
is "a planted send and read in cmd/ are refused" \
    "$(sock_over "$T/plant.c" cmd/x.c)" "cmd/x.c: read send "
is "a planted send where the list gives read but no send is refused, the read is not" \
    "$(sock_over "$T/plant.c" net/udpsess.c)" "net/udpsess.c: send "
is "a planted send and read where the list gives both pass" \
    "$(sock_over "$T/plant.c" scan/probe.c)" ""
check "the table lets cmd use net" may_use cmd net
check "the table refuses net using cmd" eval '! may_use net cmd'
check "the table refuses parse using net" eval '! may_use parse net'
check "the table refuses cli using cmd" eval '! may_use cli cmd'
check "the table refuses util using main's folder" eval '! may_use util .'

done_testing
