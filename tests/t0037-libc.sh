#!/bin/sh
# t0037: sockt on the C library it was built with (glibc, or musl:
# make CC=musl-gcc, issue 73).  The binary runs; each library it opens at
# run time is found where the loader that runs sockt finds it (lib.sh's
# loader_has: musl's searches its own path, where glibc's libssl.so.3
# and the like are not) and --version names its version, or it is not
# and --version says so in one line naming its file, as does a command
# that needs it; and sockt names no library path of a multiarch
# directory of its own, which a musl build would open and crash on.
. "$(dirname "$0")/lib.sh"

run 10 "$SOCKT" --version
like "--version runs" "$rc:$out" "0:sockt [0-9]*.[0-9]*"
printf '%s\n' "$out" >"$T/version"
interp=$(sockt_loader)
pass "the loader: ${interp:-none (static)}"

# NAME|FILE|MORE: --version's line NAME for FILE, found with MORE too
while IFS='|' read -r name file more; do
	line=$(grep "^$name: " "$T/version")
	if loader_has "$file" && { [ -z "$more" ] || loader_has "$more"; }; then
		like "$name: $file found, its version named" "$line" \
		    "$name: *[0-9]*($file)"
	else
		like "$name: $file not found, said in one line" \
		    "$(grep -c "^$name: " "$T/version"):$line" \
		    "1:$name: none (*$file (*), which was not found)"
	fi
done <<'EOF'
TLS|libssl.so.3|libcrypto.so.3
zlib|libz.so.1|
brotli|libbrotlidec.so.1|
zstd|libzstd.so.1|
IDN|libidn2.so.0|
PSL|libpsl.so.5|
EOF
# a command that needs the library: its one line names it
run 10 env SOCKT_ZLIB_LIB="$T/no/libz.so.1" "$SOCKT" http-get --compressed \
    http://127.0.0.1:1/
is "http-get --compressed without zlib: one line naming it" "$rc:$err" \
    "1:sockt http-get: --compressed: gzip decoding needs libz.so.1 (zlib), which was not found"

# no library named by a path of a multiarch directory (/usr/lib/x86_64-
# linux-gnu/...): the loader finds each by its bare name
n=$(tr -c '[:print:]' '\n' <"$SOCKT" | grep -c 'lib/[a-z0-9_]*-linux-[a-z]*/')
is "no multiarch library path in the binary" "$n" 0

done_testing
