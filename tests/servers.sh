# tests/servers.sh: helpers for the t1xxx server scripts, sourced after
# lib.sh.

export SOCKT

# server_pid: the sockt server process started by the server helper
server_pid() {
	echo "$SPID"
}

# kids PID: the child PIDs of PID, one a line, "Z" appended for zombies
kids() {
	ps -o pid=,stat= --ppid "$1" 2>/dev/null |
	    awk '{ print $1 ($2 ~ /^Z/ ? "Z" : "") }'
}

nkids() { kids "$1" | grep -c .; }

# wait_nkids PID MAX SECS: poll until PID has at most MAX children
wait_nkids() {
	_end=$(( $(date +%s) + $3 ))
	while [ "$(nkids "$1")" -gt "$2" ]; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.05
	done
	return 0
}

# wait_gone PID SECS: poll until PID no longer exists
wait_gone() {
	_end=$(( $(date +%s) + $2 ))
	while kill -0 "$1" 2>/dev/null; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.05
	done
	return 0
}

# seq_clients N PORT LINE WANT: N sequential connections, each sending
# LINE and expecting exactly WANT back; prints how many were right
seq_clients() {
	_i=0 _good=0
	while [ "$_i" -lt "$1" ]; do
		_got=$(printf '%s\n' "$3" | timeout 5 "$SOCKT" connect \
		    127.0.0.1 "$2" 2>&1)
		[ "$_got" = "$4" ] && _good=$((_good + 1))
		_i=$((_i + 1))
	done
	echo "$_good"
}
