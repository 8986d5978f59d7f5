/*
 * resume.h: what portscan --resume reads back from a -j file (JSON
 * Lines) of a scan that was stopped: the scan's line, written before its
 * first port,
 *
 *	{"type":"scan","args":"ARGS","seed":S,"shard":"I/N","hosts":H,"up":U}
 *
 * (ARGS its command line as a JSON string's inside, as written: the
 * caller compares it escaped the same way), and the marks written as it
 * went, each saying every probe before place K in the scan's order is
 * done and its port lines are above it:
 *
 *	{"type":"resume","next":K,"states":[O,C,F,U,S]}
 *
 * with the counts of the probes above it: open, closed, filtered,
 * open|filtered and skipped, as the summary counts them.  A mark written
 * as the scan stopped adds the places after K done already, whose lines
 * are above it too (and in its counts), in order:
 *
 *	{"type":"resume","next":K,"states":[O,C,F,U,S],"done":[P,P,...]}
 *
 * and its list holds until the next stop's: its places a later K has
 * not passed are done still.
 *
 * An -oX file (it begins "<?xml") spells the same lines each as an XML
 * comment of its own line, "<!-- sockt-resume LINE -->", among nmap's
 * elements (ARGS with each '-' as \u002d, as a comment may hold no
 * "--"), and its marks carry the results, which nmap's <host> elements
 * only hold once a host is done: "res":"RUNS" last in each, the state
 * and reason of every place from the mark before's K to its own, then
 * of its places done, in order; a run is a state letter ('a' + state),
 * a reason letter ('A' + reason) and a count (none: 1).
 *
 * Only whole lines count: a file cut in the middle of one (a crash) is
 * read up to the last newline; a mark that does not add up is none.
 * Pure, no I/O: the unit test and the fuzzer link it alone.
 */
#ifndef RESUME_H
#define RESUME_H

#include <stddef.h>
#include <stdint.h>

#define RESUME_STATES	5	/* open, closed, filtered, open|filtered,
				 * skipped */

struct resume_file {
	int		 xml;		/* an -oX file's spelling */
	const char	*args;		/* in the buffer read, escaped */
	size_t		 args_len;
	uint64_t	 seed;
	uint64_t	 shard_i, shard_n;	/* as written: I and N */
	uint64_t	 hosts;		/* the hosts the ports were of */
	uint64_t	 up;		/* their hash (the caller's) */
	uint64_t	 next;		/* the last mark's K; 0: none */
	size_t		 keep;		/* bytes to keep: up to the last
					 * mark's line, or the scan line's;
					 * 0: an -oX file with neither */
	size_t		 marks;		/* mark lines read */
	const char	*done;		/* the last stop's list, in buf */
	size_t		 done_len;
	size_t		 ndone;		/* places in it */
	const char	*dres;		/* -oX: that mark's runs */
	size_t		 dres_len;
	uint64_t	 dskip;		/* ... its results before the list's */
	uint64_t	 states[RESUME_STATES];	/* the last mark's counts */
};

/* a place's result, read back from an -oX file's marks */
typedef void	resume_fn(void *arg, uint64_t place, int state, int reason);

int	resume_read(const char *buf, size_t len, struct resume_file *rf,
	    const char **why);
size_t	resume_done(const struct resume_file *rf, uint64_t *out);
void	resume_results(const char *buf, const struct resume_file *rf,
	    resume_fn *fn, void *arg);

#endif /* RESUME_H */
