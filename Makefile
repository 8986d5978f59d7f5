# sockt: build, test, install.  GNU make or any make with wildcard support.
# CFLAGS, CPPFLAGS and LDFLAGS may be overridden; the warning and standard
# flags the code is written for stay in SKFLAGS.

# A plain "make" runs a job a core (a -jN on the command line wins, -j1
# too): the build is mostly compiles that wait on nothing, and one at a
# time a clean tree took 69 s on 2 cores, 28 s of compiles before the
# 41 s LTO link.  Not beside clean or uninstall: "make clean all" would
# run both at once.
ifeq ($(filter clean uninstall,$(MAKECMDGOALS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || \
    getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
endif

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
# where each shell looks for completions (sockt --complete SHELL)
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
# portscan -sV's probe file (src/parse/svcprobes.txt), read at run time
DATADIR	?= $(PREFIX)/share/sockt
# CC and AR are make's own (cc, ar); set them on the command line or in
# the environment.  "CC ?= cc" would do nothing: make defines CC already.
CFLAGS	?= -O2 -g
# No unwind tables: C throws no exceptions, and a debugger unwinds from
# -g's .debug_frame, so .eh_frame was 51 KB (11%) of the stripped binary
# for nothing.  A variable of its own, not in CFLAGS, so that a CFLAGS
# given to make keeps it: CI's "make CFLAGS='-O2 -g -Werror'" built a
# binary 622,168 bytes stripped, over the size budget (below), where the
# default build is 552,536.  A sanitizer build keeps its unwind tables,
# which its stack traces walk; NOUNWIND= keeps them in any build.
NOUNWIND ?= $(if $(filter -fsanitize=%,$(CFLAGS)),,-fno-asynchronous-unwind-tables)
# Each function and datum in a section of its own, and the sections the
# binary never reaches dropped at link time (GCSECT, where the linker takes
# --gc-sections): the library's objects also serve the unit tests and
# fuzzers, and the helpers only they call (ws_head_parse, cidr_format,
# urllist_has, scan_rate_loss and 14 more) were 2,080 bytes of the
# binary's code.  SECTIONS= keeps one section an object.
SECTIONS ?= -ffunction-sections -fdata-sections
SKFLAGS	= -std=c99 -Wall -Wextra -Wpedantic -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
	  -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64

# The folders of src/ are the layers (src/README).  build/libsockt.a holds
# the engine (net, http, scan) and what it stands on (parse, util): what
# the unit tests, the fuzzers and the test probes link.  The commands
# (cmd/), the command-line helpers (cli/) and main (sockt.c) go into the
# binary alone.  Every object is built under build/.
B	= build
HDRS	= $(wildcard src/*.h src/*/*.h src/cmd/*/*.h)
# a command of several files has a folder of its own: src/cmd/portscan/
CMDSRCS	= src/sockt.c $(wildcard src/cmd/*.c src/cmd/*/*.c src/cli/*.c)
CMDOBJS	= $(CMDSRCS:src/%.c=$(B)/%.o)
LIBSRCS	= $(wildcard src/util/*.c src/parse/*.c src/tls/*.c src/net/*.c \
	    src/ws/*.c src/proxy/*.c src/serve/*.c src/http/*.c \
	    src/scan/*.c)
# --top-ports's rankings are data, kept as lists (src/parse/topports_*.txt)
# and written out as C by make (src/parse/topports.awk, POSIX awk) into an
# object of the library like any other.
TOPDATA	= src/parse/topports_tcp.txt src/parse/topports_udp.txt
TOPGEN	= $(B)/parse/topports_data.c
# -sV's probes and patterns too, for its unit test and fuzzer alone
# (src/parse/svcprobes.txt, svcprobes.awk; sockt reads the file: below)
SVCGEN	= $(B)/parse/svcprobes_data.c
LIBOBJS	= $(LIBSRCS:src/%.c=$(B)/%.o) $(B)/parse/topports_data.o \
	  $(B)/parse/svcprobes_data.o
LIB	= $(B)/libsockt.a
UNITS	= $(patsubst %.c,%,$(wildcard tests/unit/test_*.c))
FUZZERS	= $(patsubst %.c,%,$(wildcard tests/fuzz/fuzz_*.c))
# test programs that drive core I/O for the end-to-end scripts, and
# holdport, which holds ports closed for them (tests/lib.sh), and
# fakessl.so, the fake OpenSSL of t4001 (a test artifact: sockt links
# libc alone and opens the library named by SOCKT_TLS_LIB at run time),
# and pathemu, the emulated network path of tests/pathemu.sh (Linux: TUN
# and network namespaces; libc alone), and tmo, run's time limit
PROBES	= tests/proxy_probe tests/holdport tests/fakessl.so tests/pathemu \
	  tests/tmo
# make check JOBS=4: run four tests at once; by default tests/run's
# (three times the cores), JOBS=1 one at a time
JOBS	?=
# make check LONG=yes: the long forms of the checks whose cost is their
# volume (tests/lib.sh's long: a stream past 2 GiB, thousands of
# connections); CI's gcc stage runs them
LONG	?=

all: sockt

# Linux's headers (linux/filter.h, netlink, errqueue, if_tun) where the
# compiler's include path lacks them: Debian's musl-gcc searches musl's
# own headers alone.  Then $(B)/kinc holds links to the system's linux/,
# asm/ and asm-generic/ (under KHDRDIR), and to nothing else there:
# glibc's headers must not stand in for musl's.
KHDRDIR	?= /usr/include
KINC	:= $(shell printf '\043include <linux/filter.h>\n' | \
	    $(CC) -E -x c -o /dev/null - 2>/dev/null || echo $(B)/kinc)
KFLAGS	= $(if $(KINC),-isystem $(KINC))

# ld_runs FLAG,VAR: FLAG where the program in VAR linked with it runs and
# answers right (exit 0), else nothing.  Linking alone proves only that
# the linker takes the flag, not that the C library's loader reads what
# it wrote: musl 1.2.3 ignores DT_RELR, and with -z pack-relative-relocs
# every command died with SIGSEGV at start.  A cross build, whose
# programs do not run here, links without these flags.  Evaluated only
# when linking.
ld_runs	= $$(f=$(B)/ldprobe$$$$; printf '$($(2))\n' | $(CC) $(CFLAGS) \
	    $(LDFLAGS) -x c $(1) -o $$f - 2>/dev/null && $$f 2>/dev/null && \
	    echo $(1); rm -f $$f)
comma	:= ,
# Every symbol bound at start (-z now) where the linker knows the flag:
# a server forks a child per connection, and with lazy binding each child
# resolved anew every libc function its parent had not called (setpgid,
# signal, fcntl ...), a symbol lookup and a copied GOT page per function
# per connection: 6 of the 31 page faults of a serve-hello connection,
# with one setpgid fewer 14 % of its CPU (188 -> 160 us, perf stat).
LDMAIN	= int main(void){return 0;}
BINDNOW	= $(call ld_runs,-Wl$(comma)-z$(comma)now,LDMAIN)
GCSECT	= $(call ld_runs,-Wl$(comma)--gc-sections,LDMAIN)
# Relative relocations packed (DT_RELR, binutils 2.38 and glibc 2.36 on):
# the option, usage and help tables are arrays of pointers, each of which
# a position-independent binary relocates at start; as RELA entries of
# 24 bytes each they were 37 KB of the 585 KB stripped binary, as RELR
# bitmaps 560 bytes, the same tables, the same ASLR.  The probe reads
# through a table of pointers that only its relative relocations make
# right, at an index the compiler cannot know: a loader that skips
# DT_RELR leaves them unrelocated, and the probe crashes or says 1.
LDRELR	= static const char *const t[] = {"a","b","c","d","e","f","g","h"}; \
	    int main(void){volatile int i = 6; return t[i][0] != 103 || \
	    t[i - 5][0] != 98;}
RELR	= $(call ld_runs,-Wl$(comma)-z$(comma)pack-relative-relocs,LDRELR)

sockt: $(CMDOBJS) $(LIB)
	$(CC) $(SKFLAGS) $(CFLAGS) $(LDFLAGS) $(LTOLINK) $(BINDNOW) $(RELR) $(GCSECT) -o $@ $(CMDOBJS) $(LIB) $(LDLIBS)

$(LIB): $(LIBOBJS)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJS)

# Optimisation, inverted as toybox builds: every object is built for
# size (SIZEOPT) and a short list of hot objects for speed (HOTOPT).
# Most of sockt runs once an invocation, a connection or a request (the
# options, the help and the messages, a dial, a handshake, a fork, a
# scan's set-up), where a system call, a round trip or a handshake's
# crypto costs more than the code at either level; at -O2 all through,
# the stripped binary was 609,904 bytes (past the budget below), at -Os
# all through 556,720.  The objects below run for each byte, frame,
# datagram, request or probe; each line names the benchmark of
# tests/bench/ whose figure keeps it here and what it costs at -Os, in
# user instructions (tests/bench/insns.sh, callgrind: the same count on
# a busy machine as on an idle one), and t0007 holds the list to 25
# lines, each naming a benchmark that exists.  A new object is built for
# size until a benchmark shows it hot: measure, then add its line.
# Variables of their own, not CFLAGS, so that a CFLAGS given to make
# (CI's "-O2 -g -Werror", a sanitizer's "-O1") keeps them.
# -Oz where the compiler takes it (gcc 12, clang): smaller than -Os (no
# padding for alignment, short sequences called, constants built small),
# for code that runs once an invocation; -Os where it does not.  With
# -Os all through but the lists below the stripped binary was 597,720
# bytes, with -Oz 593,624 (text 6.1 KB less).
# cc_takes FLAG: FLAG where the compiler compiles with it, else nothing
cc_takes = $(shell printf 'int x;\n' | $(CC) -Werror $(1) -x c -c \
	    -o /dev/null - 2>/dev/null && echo $(1))
SIZEOPT	:= $(or $(call cc_takes,-Oz),-Os)
# -falign-jumps=1 where the compiler takes it: gcc's -O2 pads each place
# reached only by a jump (after a jump or a return: the padding is never
# run) to 16 bytes, 3,180 bytes of the hot objects' code in nops, with
# no instruction saved; clang neither pads them nor takes the flag.
JALIGN	:= $(call cc_takes,-falign-jumps=1)
# The same for the starts of functions and loops (-falign-functions=1,
# -falign-loops=1): -O2's 16-byte alignment padded them with 1,984
# bytes of code, a page of the text segment with the line below; the
# nops before a loop run once as the loop is entered, so the
# instruction counts of tests/bench/insns.sh can only fall.
FALIGN	:= $(call cc_takes,-falign-functions=1) $(call cc_takes,-falign-loops=1)
HOTOPT	?= -O2 $(JALIGN) $(FALIGN)
OBJOPT	= $(SIZEOPT)
# Data at the alignment the x86-64 psABI asks (16 bytes for an array of
# 16 bytes or more) where gcc takes -malign-data=abi, not gcc's own 32
# for any array of 32 bytes or more (the option, usage and rule tables
# among them): the read-only data and the relocated tables held 1,912
# bytes of padding, and the stripped binary's data is 1,192 bytes less.
# No code reads those arrays with aligned vector instructions.
ALIGNDATA := $(call cc_takes,-malign-data=abi)
# Each line: the object, the benchmark whose figure keeps it at -O2, and
# (above it) what the object's own code costs at -Os against -O2, from
# tests/bench/insns.sh's PERFILE=1 (user instructions, of one unit).
HOTOBJS =
# (serve-hello's and listen -k's accept loop, net/server_loop.o, built
# for size since -sV and -sU through SOCKS5 came: a serve-hello
# connection 96,530 instructions against 80,355, 2.7 KB of code less;
# a connection's fork costs far more)
# (the connection stack, net/conn.o, built for size since -sV came: +0.3 %
# a SOCKS5 session, 5,000 instructions more over 8 MiB relayed, for 1 KB
# of code)
# http-get's request (16,700 in all): the response head 6,149 against
# 4,405, the keep-alive order 1,183 against 150, the wait 1,252 against
# 993 (the request, parse/http_req.o, 430 against 325: 0.6 %, built for
# size, 1,120 bytes of code less)
HOTOBJS += $(B)/parse/http.o	# http_engine.sh
HOTOBJS += $(B)/http/ordered.o	# http_engine.sh
# (the wait, http/sched.o, and the request, http/request.o, built for
# size since -sV came: with LTO and -fipa-pta an http-get request is
# 12,098 instructions against 13,661 with both at -O2 and no -fipa-pta,
# for 3.6 KB of code less)
# the HTTP proxy's keep-alive request (18,760 in all): its head 12,470
# against 8,795 (and parse/http.o's 7,496 against 5,661); 0.82x the
# requests a second at -Os
HOTOBJS += $(B)/parse/http_proxy.o	# http_proxy.sh
# Built for size since the link optimises sockt whole (LTO, below), each
# path still cheaper than with its objects at -O2 before LTO (insns.sh:
# before LTO -> LTO, -O2 -> LTO, -Oz): udp-serve's datagrams, net/dgram.o
# and net/udpguard.o, 49,260 -> 43,980 -> 47,740 with --echo, 68,352 ->
# 58,022 -> 62,919 with --to; WebSocket messages, ws/ws_in.o, ws_out.o
# and parse/ws.o, 28,154 -> 23,510 -> 24,053; the scanner, scan/order.o,
# pace.o and syn.o, 23,088 -> 15,741 -> 16,086 by connect and 65,381 ->
# 55,153 -> 58,956 by -sS.  Text 7.7 KB less.  HTTP's objects and the
# accept loop's stay: with them at -Oz too, even with LTO, an http-get
# request cost 13 % more than before LTO, a proxied one 50 %, a
# serve-hello connection 2.3 %.
$(HOTOBJS): OBJOPT = $(HOTOPT)
# The warm list: objects a connection or a session runs once (its signals,
# its log line, its accept and end, the options of its client), at -Os
# rather than SIZEOPT's -Oz, which cost a hot path's benchmark more than
# 1 % through them: serve-hello's connection 92,753 -> 94,877 (+2.3 %;
# util/sig.c +456, cli/msg.c +601, net/server.c +350, net/linger.c
# +252, util/clock.c +154), a SOCKS5 session +1.4 % (parse/opt.c +203).
# With them at -Os every path of tests/bench/insns.sh is within 1.1 % of
# -Os all through (the relay's splice aside), for 301 bytes of the 6.4 KB.
WARMOPT	?= -Os
WARMOBJS = $(B)/util/sig.o $(B)/cli/msg.o $(B)/net/server.o \
	   $(B)/net/linger.o $(B)/util/clock.o $(B)/net/net.o \
	   $(B)/net/listener.o $(B)/parse/opt.o
$(WARMOBJS): OBJOPT = $(WARMOPT)
# Link-time optimisation where the compiler takes -flto with
# -ffat-lto-objects (gcc; clang 14 refuses the second): each object holds
# the compiler's intermediate code beside its ordinary code, and sockt is
# optimised whole when it is linked, while the unit tests, the fuzzers
# and the probes link build/libsockt.a's ordinary code as before.  Every
# function keeps the level its object was built at (the lists above:
# -O2, -Os; SIZEOPT the rest, the link's default); across objects gcc
# inlines a function called once, merges identical ones and drops what
# nothing calls.  One partition, so that all of that sees every object:
# text 5.1 KB less than without LTO (the default partitions 3.9 KB), a
# link of 23 s of CPU.  LTO= builds without it; a sanitizer build does.
LTO	?= $(if $(filter -fsanitize=%,$(CFLAGS)),,$(call cc_takes,-flto \
	    -ffat-lto-objects))
LTOFLAGS := $(LTO)
# -fipa-pta where gcc takes it: the link's analysis of what each pointer
# may point to, which lets it drop loads and stores it could not prove
# useless before: 728 bytes of code less, and fewer instructions (an
# http-get request, a SOCKS5 session 5 % fewer), for a second of link.
IPAPTA	:= $(call cc_takes,-fipa-pta)
LTOLINK	= $(if $(LTOFLAGS),$(LTOFLAGS) -flto-partition=one $(SIZEOPT) \
	    $(NOUNWIND) $(ALIGNDATA) $(IPAPTA))
# The size budget: stripped, sockt may be 600,000 bytes at most (gcc,
# x86-64: make && strip -o /tmp/x sockt && wc -c /tmp/x);
# tests/t0007-budget.sh fails make check past it.  Every later feature
# pays its way within that budget, by what it adds and by what it lets go.

# asm/ is the multiarch one (Debian: /usr/include/x86_64-linux-gnu/asm)
# where there is one
$(B)/kinc:
	@mkdir -p $@.tmp
	a=$(KHDRDIR)/$$($(CC) -print-multiarch 2>/dev/null)/asm; \
	    [ -d "$$a" ] || a=$(KHDRDIR)/asm; \
	    ln -sf "$$a" $@.tmp/asm && \
	    ln -sf $(KHDRDIR)/linux $(KHDRDIR)/asm-generic $@.tmp/ && \
	    mv $@.tmp $@

$(B)/%.o: src/%.c $(HDRS) | $(KINC)
	@mkdir -p $(@D)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(NOUNWIND) $(SECTIONS) $(ALIGNDATA) \
	    $(OBJOPT) $(LTOFLAGS) -Isrc $(KFLAGS) -c -o $@ $<

# written to a temporary file first, so a list the script refuses leaves
# no half-made source behind for the next make to take as up to date
$(TOPGEN): $(TOPDATA) src/parse/topports.awk
	@mkdir -p $(@D)
	awk -f src/parse/topports.awk $(TOPDATA) >$@.tmp
	mv $@.tmp $@

$(B)/parse/topports_data.o: $(TOPGEN) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(NOUNWIND) $(SECTIONS) $(ALIGNDATA) \
	    -Isrc -c -o $@ $(TOPGEN)

# The probe file is read at run time (scan/vscan_keep.c) from DATADIR,
# not built into sockt, whose size budget has no room for its 9 KB: the
# unit test and the fuzzer alone link it, to hold the tree's file to the
# parser.  The path is compiled into vscan_keep.o.
$(B)/scan/vscan_keep.o: CPPFLAGS += -DSK_DATADIR='"$(DATADIR)"'
$(SVCGEN): src/parse/svcprobes.txt src/parse/svcprobes.awk
	@mkdir -p $(@D)
	awk -f src/parse/svcprobes.awk src/parse/svcprobes.txt >$@.tmp
	mv $@.tmp $@

$(B)/parse/svcprobes_data.o: $(SVCGEN) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(SECTIONS) -Isrc -c -o $@ $(SVCGEN)

# The programs that link build/libsockt.a take its objects' ordinary code.
# Those objects hold LTO's intermediate code as well (-ffat-lto-objects,
# above), and unless told -fno-lto gcc hands the link to its LTO plugin,
# which read all of the 14 MB archive's intermediate code for each one:
# 0.6 s of CPU a program, 0.05 s without, for 146 programs (some 80 s of
# the 213 s a clean build took).
TESTLINK = $(if $(LTOFLAGS),-fno-lto)

tests/unit/test_%: tests/unit/test_%.c tests/unit/tap.h $(LIB) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) $(TESTLINK) -o $@ $< $(LIB) $(LDLIBS)

# the corpus replay's main, built once for every harness
$(B)/replay.o: tests/fuzz/replay.c
	@mkdir -p $(@D)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ tests/fuzz/replay.c

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(B)/replay.o $(LIB) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) $(TESTLINK) -o $@ $< $(B)/replay.o $(LIB) $(LDLIBS)

tests/proxy_probe: tests/proxy_probe.c $(LIB) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) $(TESTLINK) -o $@ $< $(LIB) $(LDLIBS)

tests/holdport: tests/holdport.c
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

# static where the C library has an archive (one exec a run, no loader:
# tests/tmo.c says why), and without CFLAGS: a sanitizer's runtime has no
# place in a program that only execs
tests/tmo: tests/tmo.c
	$(CC) -O2 -static -o $@ $< 2>/dev/null || $(CC) -O2 -o $@ $<

tests/pathemu: tests/pathemu.c | $(KINC)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(KFLAGS) $(LDFLAGS) -o $@ $< \
	    $(LDLIBS)

# the raw sendmmsg beside portscan -sS's sweep (tests/bench/syn_sweep.sh)
tests/bench/rawsend: tests/bench/rawsend.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

# every symbol of the TLS module's tables: those fakessl.c lacks as stubs.
# Without the sanitizers, as the real library is: its functions are
# called through sockt's pointer types, which -fsanitize=function would
# hold against a fake whose types are its own.
FAKEFLAGS = $(filter-out -fsanitize% -fno-sanitize%,$(CFLAGS))
tests/fakessl.so: tests/fakessl.c tests/tls_syms.sh $(wildcard src/tls/tls*.c)
	@mkdir -p $(B)
	sh tests/tls_syms.sh -s tests/fakessl.c src >$(B)/fakessl_stubs.c
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(FAKEFLAGS) -fPIC -shared -o $@ \
	    tests/fakessl.c $(B)/fakessl_stubs.c

check: sockt $(UNITS) $(FUZZERS) $(PROBES)
	@SOCKT="$(CURDIR)/sockt" $(LONG:%=SOCKT_TEST_LONG=%) sh tests/run $(JOBS:%=-j %)

# Coverage-guided fuzzing with clang's libFuzzer, FUZZTIME seconds per
# harness, FUZZJOBS of them at once (1; one a core is as long a turn each
# for less time): make fuzz FUZZTIME=60 FUZZJOBS=2.  New inputs land in
# tests/fuzz/new/NAME (ignored) and the committed corpus is only read;
# a crash, leak, hang or sanitizer report is saved as
# tests/fuzz/new/NAME-crash-* and fails the target after every harness
# has had its turn.  To grow a corpus: run long, then
# fuzz_NAME.libfuzzer -merge=1 DIR tests/fuzz/corpus/NAME tests/fuzz/new/NAME
# into a fresh DIR and commit that as tests/fuzz/corpus/NAME.
FUZZCC	?= clang
FUZZTIME ?= 30
FUZZJOBS ?= 1
FUZZLEN	?= 4096
FUZZSAN	= -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZOBJS = $(LIBSRCS:src/%.c=$(B)/fuzz/%.o) $(B)/fuzz/parse/topports_data.o \
	   $(B)/fuzz/parse/svcprobes_data.o

$(B)/fuzz/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZCC) $(SKFLAGS) $(FUZZSAN) -fsanitize=fuzzer-no-link -Isrc -c -o $@ $<

$(B)/fuzz/parse/topports_data.o: $(TOPGEN) $(HDRS)
	@mkdir -p $(@D)
	$(FUZZCC) $(SKFLAGS) $(FUZZSAN) -fsanitize=fuzzer-no-link -Isrc -c \
	    -o $@ $(TOPGEN)

$(B)/fuzz/parse/svcprobes_data.o: $(SVCGEN) $(HDRS)
	@mkdir -p $(@D)
	$(FUZZCC) $(SKFLAGS) -Isrc -c -o $@ $(SVCGEN)

# kept between runs, though make sees them as intermediate
.SECONDARY: $(FUZZOBJS)

tests/fuzz/%.libfuzzer: tests/fuzz/%.c $(FUZZOBJS) $(HDRS)
	$(FUZZCC) $(SKFLAGS) $(FUZZSAN) -fsanitize=fuzzer -Isrc -o $@ $< \
	    $(FUZZOBJS)

fuzz: $(FUZZERS:=.libfuzzer)
	@k=0; for f in $(FUZZERS); do \
		n=$${f##*/fuzz_}; \
		mkdir -p tests/fuzz/new/$$n; \
		rm -f tests/fuzz/new/$$n.ok; \
		( $$f.libfuzzer -max_total_time=$(FUZZTIME) \
		    -max_len=$(FUZZLEN) -timeout=10 \
		    -artifact_prefix=tests/fuzz/new/$$n- \
		    tests/fuzz/new/$$n tests/fuzz/corpus/$$n \
		    >tests/fuzz/new/$$n.log 2>&1 && \
		    : >tests/fuzz/new/$$n.ok ) & \
		k=$$((k + 1)); \
		[ $$k -lt $(FUZZJOBS) ] || { wait; k=0; }; \
	done; wait; \
	bad=0; for f in $(FUZZERS); do \
		n=$${f##*/fuzz_}; \
		if [ -f tests/fuzz/new/$$n.ok ]; then \
			echo "fuzz_$$n: $(FUZZTIME) s, $$(sed -n \
			    's/^#\([0-9]*\)[[:space:]]*DONE *\(cov: [0-9]* ft: [0-9]*\).*/\1 runs, \2/p' \
			    tests/fuzz/new/$$n.log)"; \
		else \
			tail -n 30 tests/fuzz/new/$$n.log; \
			echo "fuzz_$$n: FAILED (tests/fuzz/new/$$n.log)"; \
			bad=$$((bad + 1)); \
		fi; \
	done; \
	echo "fuzz: $$bad of $(words $(FUZZERS)) harnesses failed"; \
	[ $$bad -eq 0 ]

# every benchmark but versus.sh, which runs one of them with two binaries
# (tests/bench/versus.sh OLD NEW BENCH)
bench: sockt tests/pathemu tests/bench/rawsend
	@for b in tests/bench/*.sh; do \
		case $$b in */versus.sh) continue ;; esac; \
		SOCKT="$(CURDIR)/sockt" sh $$b || exit 1; \
	done

# the pages: sockt(1), a page per command, sockt-tls(7) and the like
MAN1	= $(wildcard man/*.1)
MAN7	= $(wildcard man/*.7)

install: sockt
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7
	cp sockt $(DESTDIR)$(BINDIR)/sockt
	chmod 755 $(DESTDIR)$(BINDIR)/sockt
	for p in $(MAN1); do \
		cp $$p $(DESTDIR)$(MANDIR)/man1/ && \
		chmod 644 $(DESTDIR)$(MANDIR)/man1/$${p#man/} || exit 1; \
	done
	for p in $(MAN7); do \
		cp $$p $(DESTDIR)$(MANDIR)/man7/ && \
		chmod 644 $(DESTDIR)$(MANDIR)/man7/$${p#man/} || exit 1; \
	done
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	./sockt --complete bash >$(DESTDIR)$(BASHCOMPDIR)/sockt
	./sockt --complete zsh >$(DESTDIR)$(ZSHCOMPDIR)/_sockt
	./sockt --complete fish >$(DESTDIR)$(FISHCOMPDIR)/sockt.fish
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/sockt \
	    $(DESTDIR)$(ZSHCOMPDIR)/_sockt $(DESTDIR)$(FISHCOMPDIR)/sockt.fish
	mkdir -p $(DESTDIR)$(DATADIR)
	cp src/parse/svcprobes.txt $(DESTDIR)$(DATADIR)/svcprobes.txt
	chmod 644 $(DESTDIR)$(DATADIR)/svcprobes.txt

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sockt
	for p in $(MAN1); do rm -f $(DESTDIR)$(MANDIR)/man1/$${p#man/}; done
	for p in $(MAN7); do rm -f $(DESTDIR)$(MANDIR)/man7/$${p#man/}; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/sockt $(DESTDIR)$(ZSHCOMPDIR)/_sockt \
	    $(DESTDIR)$(FISHCOMPDIR)/sockt.fish
	rm -f $(DESTDIR)$(DATADIR)/svcprobes.txt

clean:
	rm -f sockt $(UNITS) $(FUZZERS) tests/fuzz/*.libfuzzer
	rm -f $(PROBES) tests/bench/rawsend
	rm -rf $(B) tests/fuzz/obj

.PHONY: all check fuzz bench install uninstall clean
