# topports.awk: the --top-ports rankings, kept as data in
# topports_tcp.txt and topports_udp.txt (one port a line, most frequent
# first, "#" comments), written out as the C arrays topports.c reads
# (topports_tcp and topports_udp, declared in topports.h).  make runs it:
#	awk -f src/parse/topports.awk src/parse/topports_*.txt >topports_data.c
# POSIX awk only.  A line that is not one port 1-65535, a port listed
# twice in one ranking, or a ranking that is not TOPPORTS_MAX long fails
# the build: the count is checked by the compiler too (a typedef of an
# array of -1 elements), so the data and the header cannot drift apart.

function fail(what) {
	print FILENAME ":" FNR ": " what | "cat 1>&2"
	bad = 1
	exit 1
}

function close_list() {
	if (name == "")
		return
	print "};"
	print "typedef char " name "_count[" n " == TOPPORTS_MAX ? 1 : -1];"
}

BEGIN {
	print "/* Made by make from src/parse/topports_*.txt with " \
	    "src/parse/topports.awk. */"
	print "#include <stdint.h>"
	print ""
	print "#include \"parse/topports.h\""
}

FNR == 1 {
	close_list()
	name = FILENAME
	sub(/.*\//, "", name)
	sub(/\.txt$/, "", name)
	if (name !~ /^topports_[a-z]+$/)
		fail("not a ranking's file name (topports_PROTO.txt)")
	print ""
	print "const uint16_t " name "[TOPPORTS_MAX] = {"
	n = 0
	split("", seen)
}

{
	sub(/#.*/, "")
}

NF == 0 {
	next
}

NF != 1 || $1 !~ /^[0-9]+$/ || $1 + 0 < 1 || $1 + 0 > 65535 {
	fail("not a port number 1-65535")
}

($1 + 0) in seen {
	fail("port " $1 " listed twice")
}

{
	seen[$1 + 0] = 1
	n++
	print "\t" ($1 + 0) ","
}

END {
	if (!bad)
		close_list()
}
