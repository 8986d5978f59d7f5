# tests/servers.sh: helpers for the t1xxx server scripts, sourced after
# lib.sh.

export SOCKT

# server_pid: the sockt server process started by the server helper
server_pid() {
	echo "$SPID"
}

# nkids PID: how many children PID has (zombies too)
nkids() { children_of "$1" | grep -c .; }

# has_nkids PID N / at_most_nkids PID N: PID has at least / at most N
has_nkids() { [ "$(nkids "$1")" -ge "$2" ]; }
at_most_nkids() { [ "$(nkids "$1")" -le "$2" ]; }

# wait_nkids PID MAX SECS: poll until PID has at most MAX children
wait_nkids() { wait_until "$3" at_most_nkids "$1" "$2"; }

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
