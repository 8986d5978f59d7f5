#!/bin/sh
# tests/tls_syms.sh: the OpenSSL symbols sockt's TLS module resolves at
# load time, read from its tables in src/tls/tls*.c, one a line, sorted.
# A table entry is TLS_SYM(fns, NAME), or NAME in a macro of one
# argument that the file defines over TLS_SYM (tls.c's SYM(NAME)), so a
# table added to the module is listed without a word here.
#
#   sh tests/tls_syms.sh [SRCDIR]              the names
#   sh tests/tls_syms.sh -s FAKE.c [SRCDIR]    C stubs for the names that
#                                              FAKE.c does not define
#
# The stubs (for tests/fakessl.so) return 0 and log their name through
# fakessl_stub: a new symbol loads, and the log says it was called.
stubs=
if [ "${1:-}" = -s ]; then
	stubs=$2
	shift 2
fi
src=${1:-$(dirname "$0")/../src}

names() {
	for f in "$src"/tls/tls*.c; do
		awk '
		# the macros over TLS_SYM: "#define SYM(name) TLS_SYM(ossl, name)"
		/^#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*\([A-Za-z_]+\)[ \t]+TLS_SYM\(/ {
			m = $0
			sub(/^#[ \t]*define[ \t]+/, "", m)
			sub(/\(.*/, "", m)
			mac[m] = 1
			next
		}
		/^#/ { next }
		{
			s = $0
			while (match(s, /[A-Za-z_][A-Za-z0-9_]*\([ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*(,[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*)?\)/)) {
				e = substr(s, RSTART, RLENGTH)
				s = substr(s, RSTART + RLENGTH)
				m = e
				sub(/\(.*/, "", m)
				a = e
				sub(/^[^(]*\(/, "", a)
				sub(/\)$/, "", a)
				gsub(/[ \t]/, "", a)
				if (m == "TLS_SYM" && a ~ /,/) {
					sub(/.*,/, "", a)
					print a
				} else if ((m in mac) && a !~ /,/)
					print a
			}
		}' "$f"
	done | sort -u
}

if [ -z "$stubs" ]; then
	names
	exit
fi
echo "/* made by tests/tls_syms.sh: the symbols $stubs does not define */"
echo "void	fakessl_stub(const char *);"
names | while read -r n; do
	# a definition in KNF: the name at the start of a line
	grep -q "^$n(" "$stubs" && continue
	printf '\nlong	%s(void);\n\nlong\n%s(void)\n{\n\tfakessl_stub("%s");\n\treturn 0;\n}\n' \
	    "$n" "$n" "$n"
done
