# svcprobes.awk: portscan -sV's probes and patterns (svcprobes.txt, its
# format in parse/svcdb.h) written out as the C array svcdb_text, its
# comments and blank lines left out: as numbers, one a byte, since a
# string literal past 4095 bytes is beyond what C99 promises.  make runs
#	awk -f src/parse/svcprobes.awk src/parse/svcprobes.txt >svcprobes_data.c
# POSIX awk only; svcdb_load checks the lines (tests/unit/test_svcdb.c).

BEGIN {
	for (i = 1; i < 256; i++)
		code[sprintf("%c", i)] = i
	print "/* Made by make from src/parse/svcprobes.txt with " \
	    "src/parse/svcprobes.awk. */"
	print "#include \"parse/svcdb.h\""
	print ""
	print "const char svcdb_text[] = {"
}

/^#/ || /^[ \t]*$/ { next }

{
	out = ""
	s = $0 "\n"
	for (i = 1; i <= length(s); i++)
		out = out code[substr(s, i, 1)] ","
	print out
}

END { print "0 };" }
