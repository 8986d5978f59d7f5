#!/bin/sh
# tests/cross.sh TARGET: sockt on another word size or byte order, under
# qemu-user (issue 73).  TARGET is i686 (32-bit, little-endian) or s390x
# (64-bit, big-endian).  Builds sockt, the unit tests and the fuzz
# harnesses with the cross compiler in a copy of the tree of its own
# (build/cross-TARGET, or $CROSS_DIR: the native build is left alone),
# then runs through tests/run, each under the emulator and a watchdog:
# every unit test, every fuzz replay, and a smoke set of end-to-end
# scripts with $SOCKT a wrapper that runs the cross-built sockt under
# qemu: scans (connect and UDP), UDP, the SOCKS5 and HTTP proxy with curl
# as client, http-get byte for byte, and t2190 (a stream and a download
# past 2 GiB, -C past 2^31, -R in 2041).  tests/run prints the results
# and, last, "N passed, N failed, N skipped"; the exit status is 0 when
# none failed, 2 for a usage error or a failed build.
#
#   sh tests/cross.sh i686             # what CI runs
#   CROSS_SMOKE='t1020 t2190' sh tests/cross.sh s390x
#   CROSS_JOBS=2                       # make's and tests/run's jobs
#   SOCKT_BIG_MB=2100                  # t2190's size, MiB
#   CROSS_CFLAGS='-O2 -g'              # -O2 unless told: without -g the
#                                      # 140 static links take half as long
#
# Here (2 cores, a load average of 19 from other work), from a fresh
# build dir: i686 built in 515 s (-g then), ran in 5m14s, 5097 passed;
# s390x built in 795 s, ran in 6m19s, 5087 passed and 1 skipped
# (test_dgram's UDP_GRO, which qemu does not carry).  A build dir kept
# between runs rebuilds only what changed: i686 again, 4m18s to 4m40s
# and a few seconds of copy and make.  Under qemu the scripts take
# two to five times as long: their watchdog is 600 s unless told.
#
# i686 is linked static (CROSS_STATIC=no: dynamic): under qemu-i386 7.2
# a dynamically linked glibc 2.36 program's fork() never returns in the
# child, which spins at 100 % of a core (a raw fork system call, and the
# same program linked static, do not), so every test that forks hung or
# failed (test_scan's workers, test_urlrun's server).
# Needs the cross compiler (gcc-i686-linux-gnu, gcc-s390x-linux-gnu), its
# libc (libc6-dev-i386-cross, libc6-dev-s390x-cross) and qemu-user; says
# so and exits 2 without them.  python3 and curl are optional: the smoke
# scripts that need them skip.

cd "$(dirname "$0")/.." || exit 2
case ${1:-} in
i686)
	cc=i686-linux-gnu-gcc qemu=qemu-i386 root=/usr/i686-linux-gnu
	static=${CROSS_STATIC:-yes}
	;;
s390x)
	cc=s390x-linux-gnu-gcc qemu=qemu-s390x root=/usr/s390x-linux-gnu
	static=${CROSS_STATIC:-no}
	;;
*)
	echo "usage: sh tests/cross.sh i686 | s390x" >&2
	exit 2
	;;
esac
for t in "$cc" "$qemu"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "tests/cross.sh: $t not installed" >&2
		exit 2
	fi
done
if [ ! -d "$root" ]; then
	echo "tests/cross.sh: no C library for $1 at $root" >&2
	exit 2
fi
jobs=${CROSS_JOBS:-2}
dir=${CROSS_DIR:-build/cross-$1}
# the default: connect scan, UDP scan, udp-send and udp-serve, the proxy
# server (SOCKS5 and HTTP, curl its client), http-get, past 2 GiB and 2038
smoke=${CROSS_SMOKE:-t3001 t3020 t1020 t1045 t2000 t2190}
start=$(date +%s)

# The tree's files as they are (tracked and new, not ignored: no native
# object or test binary), each copied only when it differs from the
# copy's (diff -rq), with the time of the copy: a second run rebuilds
# what changed, a file edited during the last build too.
mkdir -p "$dir" || exit 2
rm -rf "$dir.new" && mkdir -p "$dir.new" || exit 2
git ls-files -co --exclude-standard -- Makefile src tests man |
    tar cf - -T - | tar xf - -C "$dir.new" || exit 2
LC_ALL=C diff -rq "$dir.new" "$dir" | while IFS= read -r l; do
	case $l in
	"Files $dir.new/"*" differ")
		f=${l#"Files $dir.new/"}
		f=${f%% and *}
		;;
	"Only in $dir.new"*": "*)
		# "Only in DIR.new/SUB: NAME", a file or a whole folder
		f=${l#"Only in $dir.new"}
		f=${f#/}
		f=${f%%: *}/${l##*: }
		;;
	*) continue ;;
	esac
	mkdir -p "$(dirname "$dir/$f")" && cp -R "$dir.new/$f" "$dir/$f" ||
	    exit 2
done || exit 2
rm -rf "$dir.new"
cd "$dir" || exit 2
ld=
[ "$static" = no ] || ld=-static
units=$(ls tests/unit/test_*.c tests/fuzz/fuzz_*.c | sed 's/\.c$//')
# shellcheck disable=SC2086
if ! make -j "$jobs" CC="$cc" CFLAGS="${CROSS_CFLAGS:--O2}" LDFLAGS="$ld" \
    sockt $units \
    >build.log 2>&1; then
	tail -n 30 build.log
	echo "tests/cross.sh: the $1 build failed ($dir/build.log)" >&2
	exit 2
fi
# holdport runs on the host, for lib.sh's closedport
if ! make CC="${HOSTCC:-cc}" LDFLAGS= tests/holdport >>build.log 2>&1; then
	echo "tests/cross.sh: tests/holdport failed ($dir/build.log)" >&2
	exit 2
fi
built=$(( $(date +%s) - start ))
echo "# $1: built in ${built}s with $cc${ld:+ $ld} ($dir)"

# sockt under the emulator, as the scripts run $SOCKT
cat >sockt-qemu <<EOF
#!/bin/sh
exec $qemu -L $root "$(pwd)/sockt" "\$@"
EOF
chmod +x sockt-qemu
QEMU_LD_PREFIX=$root
export QEMU_LD_PREFIX
# shellcheck disable=SC2086
SOCKT_TEST_TIMEOUT=${SOCKT_TEST_TIMEOUT:-600} \
    SOCKT=$(pwd)/sockt-qemu SOCKT_TEST_EXEC="$qemu -L $root" \
    SOCKT_TEST_TIMES=build/test-times sh tests/run -u -j "$jobs" $smoke
