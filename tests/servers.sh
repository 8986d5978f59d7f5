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
# sending LINE and expecting exactly WANT back; prints how many were
# right.  What the wrong answers were goes to $T/seq_clients.log (the
# first five in full: the client's number, the seconds since the first
# client, its exit status and output), so a failure can say what the
# clients saw.  With PID, the server: a wrong answer once it is gone
# ends the run, for every later client would only be refused.  With
# python3, one process makes them all (seq_clients.py), not three each.
seq_clients() {
	: >"$T/seq_clients.log"
	if have python3; then
		python3 "$(dirname "$0")/seq_clients.py" "$1" "$2" "$3" "$4" \
		    "$T/seq_clients.log" "${5:-}"
		return
	fi
	printf '%s\n' "$3" >"$T/seq_line"
	_i=0 _good=0 _bad=0 _t0=$(now_ms)
	while [ "$_i" -lt "$1" ]; do
		_i=$((_i + 1))
		# stdin from a file, not a pipe: a process less per client
		_got=$(timeout 5 "$SOCKT" connect 127.0.0.1 "$2" \
		    <"$T/seq_line" 2>&1)
		_rc=$?
		if [ "$_got" = "$4" ]; then
			_good=$((_good + 1))
			continue
		fi
		_bad=$((_bad + 1))
		[ "$_bad" -le 5 ] && _seq_note "client $_i of $1, after" \
		    "$_t0" "exit $_rc, got: $_got"
		if [ -n "${5:-}" ] && ! alive "$5"; then
			_seq_note "the server (pid $5) was gone at client $_i, after" \
			    "$_t0" "the rest were not run"
			break
		fi
	done
	_seq_note "$_good right and $_bad wrong in" "$_t0"
	echo "$_good"
}

# _seq_note WHAT T0_MS [REST]: a line of $T/seq_clients.log: WHAT, the
# seconds since T0, then ": REST" if given
_seq_note() {
	_ms=$(( $(now_ms) - $2 ))
	printf '%s %d.%03d s%s\n' "$1" $((_ms / 1000)) $((_ms % 1000)) \
	    "${3:+: $3}" >>"$T/seq_clients.log"
}

# seq_is DESC GOT WANT: is for the count seq_clients printed; a failure
# shows what the wrong clients saw, a pass notes the time they took
seq_is() {
	if [ "$2" = "$3" ]; then
		pass "$1"
		sed 's/^/# /' "$T/seq_clients.log"
	else
		fail "$1" "got:  $2" "want: $3" "$(cat "$T/seq_clients.log")"
	fi
}
