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

# seq_clients N PORT LINE WANT [PID]: N sequential connections, each
# sending LINE and expecting exactly WANT back, from one process
# (seq_clients.py); prints how many were right.  What the wrong answers
# were goes to $T/seq_clients.log (the first five in full: the client's
# number, the seconds since the first client, what it met), so a failure
# can say what the clients saw.  With PID, the server: a wrong answer
# once it is gone ends the run, for every later client would only be
# refused.  Without python3 it prints nothing, and seq_is skips.
seq_clients() {
	: >"$T/seq_clients.log"
	have python3 || return 0
	python3 "$(dirname "$0")/seq_clients.py" "$1" "$2" "$3" "$4" \
	    "$T/seq_clients.log" "${5:-}"
}

# seq_is DESC GOT WANT: is for the count seq_clients printed; a failure
# shows what the wrong clients saw, a pass notes the time they took
seq_is() {
	if ! have python3; then
		skip "$1" "no python3 (seq_clients.py)"
	elif [ "$2" = "$3" ]; then
		pass "$1"
		sed 's/^/# /' "$T/seq_clients.log"
	else
		fail "$1" "got:  $2" "want: $3" "$(cat "$T/seq_clients.log")"
	fi
}
