/*
 * cmd/portscan/portscan_resume.c: --resume FILE, a -j scan that can be
 * stopped and taken up again by the same command.  FILE missing or
 * empty, the scan writes -j's lines to it: first the scan's line (its
 * command line, seed, shard and hosts: parse/resume.h), then its port
 * lines in the scan's order (scan/mark.c puts them back in it) with a
 * mark every tick saying how far they go, and at a stop a last mark
 * listing what was done after it.  FILE begun, the scan reads it back,
 * keeps it up to its last mark and goes on from there, appending to it,
 * with the seed it had.  So a Ctrl-C or a SIGTERM costs at most the
 * probes that were out, a window; a crash a tick's worth more.
 *
 * With -oX FILE, the same lines are comments of nmap's XML in FILE, and
 * the marks carry each place's result: a <host> element is written
 * once its host is done, so an interrupted file has the results of the
 * hosts in progress only there.  The hosts are counted in the scan's
 * order then, so that the elements above a mark are those its places
 * ended; a resume counts the file's results again, the hosts they end
 * unwritten, and goes on.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/portscan/portscan.h"
#include "parse/probe_bytes.h"
#include "parse/resume.h"
#include "scan/mark.h"
#include "scan/scan.h"
#include "util/file.h"
#include "util/grow.h"
#include "util/hash.h"

#define RESUME_FILE_MAX	((size_t)0xffffffffU)	/* a -j file read back */
#define RS_OLD		0x400	/* a tag's: the file had the place */
#define RS_HEAD		"<!-- sockt-resume "	/* -oX: a line of ours */
#define RS_TAIL		" -->"

/* A place's result, as a mark's tag holds it: state and reason. */
#define RS_CODE(state, reason)	(((state) & 31) << 5 | ((reason) & 31))

/*
 * The command line as a resume compares it: each word escaped for JSON,
 * but --resume FILE, -oX FILE (the same, or refused) and -v, which
 * change no probe.
 */
void
ps_resume_args(struct ps *ps, int argc, char *argv[])
{
	char *out = ps->rs.args;
	size_t cap = sizeof(ps->rs.args), n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--resume") == 0 ||
		    strcmp(argv[i], "-oX") == 0) {
			i++;
			continue;
		}
		/* -v, -vv ...: what is said, not what is probed */
		if (strncmp(argv[i], "--resume=", 9) == 0 ||
		    strncmp(argv[i], "-oX", 3) == 0 ||
		    (argv[i][0] == '-' && argv[i][1] == 'v' &&
		    strspn(argv[i] + 1, "v") == strlen(argv[i] + 1)))
			continue;
		if (n > 0 && n + 1 < cap)
			out[n++] = ' ';
		n += esc_json(argv[i], strlen(argv[i]), out + n, cap - n);
	}
}

/* The command line as the file has it: -oX's with each '-' as \u002d,
 * since a comment may hold no "--". */
static const char *
args_text(struct ps *ps)
{
	static char x[6 * sizeof(ps->rs.args)];
	const char *a = ps->rs.args;
	size_t n = 0;

	if (!ps->rs.xml)
		return a;
	for (; *a != '\0'; a++)
		if (*a == '-') {
			memcpy(x + n, "\\u002d", 6);
			n += 6;
		} else
			x[n++] = *a;
	x[n] = '\0';
	return x;
}

/*
 * FILE, cut to keep bytes when it had cut, as -j's standard output or
 * as -oX's file.  Returns 0, or -1 (said).
 */
static int
resume_output(struct ps *ps, const char *file, int cut, size_t keep)
{
	FILE *f = NULL;
	int fd;

	if ((fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0666)) == -1 || (cut && ftruncate(fd, (off_t)keep) == -1) ||
	    (ps->rs.xml ? (f = fdopen(fd, "a")) == NULL :
	    dup2(fd, STDOUT_FILENO) == -1)) {
		msg_warn("--resume %s", file);
		if (fd != -1)
			(void)close(fd);
		return -1;
	}
	if (f == NULL)
		(void)close(fd);
	ps->so.f[SO_X] = f;
	ps->so.cont = keep > 0;
	ps->rs.fp = f != NULL ? f : stdout;
	return 0;
}

/*
 * --resume FILE: missing or empty, a new scan's, -j's lines to it (or
 * -oX's XML); else read back, checked against this command line, cut
 * after its last mark and made standard output (or -oX's file), to go
 * on.  Returns CMD_GO_ON, or the status
 * (said).
 */
static int
resume_file(struct ps *ps, struct scan_config *cfg)
{
	const char *file = ps->rs.file, *why, *args = args_text(ps);
	struct resume_file rf;
	char *buf;
	size_t len;

	if (read_file(file, RESUME_FILE_MAX, &buf, &len) == -1 &&
	    errno != ENOENT) {
		msg_warn("--resume %s", file);
		return EXIT_FAIL;
	}
	if (buf != NULL && len > 0 && resume_read(buf, len, &rf, &why) ==
	    -1) {
		msg_warnx("--resume %s: %s", file, why);
		free(buf);
		return EXIT_FAIL;
	}
	/* an -oX file stopped before its ports: begun again, as -oX does
	 * (a -j file's command line is never -oX's: its '-' spelled) */
	if (buf == NULL || len == 0 || rf.keep == 0) {
		free(buf);
		ps->rs.fresh = 1;
		return resume_output(ps, file, len > 0, 0) == -1 ? EXIT_FAIL :
		    CMD_GO_ON;
	}
	if (rf.args_len != strlen(args) || memcmp(rf.args, args,
	    rf.args_len) != 0 || rf.shard_i != cfg->shard_i ||
	    rf.shard_n != cfg->shard_n) {
		msg_warnx("--resume %s: not this scan's file: it was \"%.*s\" "
		    "(shard %llu/%llu)", file, (int)rf.args_len, rf.args,
		    (unsigned long long)rf.shard_i + 1,
		    (unsigned long long)rf.shard_n);
		free(buf);
		return EXIT_USAGE;
	}
	/* the places done after the last mark: not sent again */
	if (rf.ndone > 0 && (ps->rs.skip = calloc(rf.ndone,
	    sizeof(*ps->rs.skip))) == NULL) {
		msg_warn("--resume %s", file);
		free(buf);
		return EXIT_FAIL;
	}
	ps->rs.nskip = resume_done(&rf, ps->rs.skip);
	/* -oX: its results counted once the hosts up are known */
	ps->rs.buf = buf;
	ps->rs.rf = rf;
	scan_seed(cfg, rf.seed);
	ps->rs.m.base = ps->rs.next = rf.next;
	ps->rs.hosts = rf.hosts;
	memcpy(ps->rs.was, rf.states, sizeof(ps->rs.was));
	memcpy(ps->rs.states, rf.states, sizeof(ps->rs.states));
	ps->rs.up = rf.up;
	/* what came after the last mark goes: its probes are sent again */
	return resume_output(ps, file, 1, rf.keep) == -1 ? EXIT_FAIL :
	    CMD_GO_ON;
}

/*
 * Before the scan: --resume's file begun or taken up.  Returns
 * CMD_GO_ON, or the status (said).
 */
int
ps_resume_open(struct ps *ps, struct scan_config *cfg)
{
	const char *x = ps->so.name[SO_X], *f = ps->rs.file;
	int rc;

	if (f == NULL)
		return CMD_GO_ON;
	/*
	 * Its own file's lines: -j's, or -oX's when -oX names it; nmap's
	 * other files would start again, what they had lost.
	 */
	if (ps->so.name[SO_G] != NULL || ps->so.name[SO_N] != NULL ||
	    (x != NULL ? strcmp(x, f) != 0 : !ps->json))
		return cmd_usage(ps_usage, "--resume FILE goes on with -j's "
		    "lines to FILE or with -oX FILE: -oG, -oN, -oA and -oX "
		    "to another file excluded");
	ps->rs.xml = x != NULL;
	if ((rc = resume_file(ps, cfg)) != CMD_GO_ON)
		return rc;
	/* every probe's result then, to know where the scan stands */
	ps->rs.on = 1;
	return CMD_GO_ON;
}

/* A host the file's results end: its element is in the file. */
static void
no_show(size_t a, struct scan_host *h, int up, void *arg)
{
	(void)a;
	(void)h;
	(void)up;
	(void)arg;
}

/*
 * -oX: a place's result counted against its host, in the scan's order;
 * read back from the file, one after its last mark is not sent again,
 * and written again in a mark (one handed back is below the ring's
 * base: no place of it).
 */
static void
replay(void *arg, uint64_t seq, int state, int reason)
{
	static struct scan_result r;
	struct ps *ps = arg;

	if ((r.probe = scan_seq_probe(&ps->cfg, seq)) == UINT64_MAX)
		return;
	r.state = state;
	r.reason = reason;
	ps_hstat_result(ps, &r);
	if (scan_mark_put(&ps->rs.m, seq, NULL, RS_CODE(state, reason) |
	    RS_OLD) == -1)
		ps->oom = 1;
}

/*
 * The ports about to be scanned (after host discovery): the scan's line
 * written, or a resumed one's hosts checked against the file's, its
 * results counted (-oX) and its start set.
 * Returns CMD_GO_ON, or the status (said).
 */
int
ps_resume_begin(struct ps *ps, struct scan_config *cfg)
{
	void (*show)(size_t, struct scan_host *, int, void *);
	uint64_t up = cfg->naddrs;
	size_t i;

	if (!ps->rs.on)
		return CMD_GO_ON;
	for (i = 0; cfg->targets.up != NULL && i < cfg->naddrs; i++)
		up = hash_mix64(up ^ cfg->targets.up[i]);
	if (!ps->rs.fresh && (ps->rs.hosts != cfg->naddrs ||
	    ps->rs.up != up)) {
		msg_warnx("--resume %s: the hosts up are not the stopped "
		    "scan's: %zu now, %llu then", ps->rs.file, cfg->naddrs,
		    (unsigned long long)ps->rs.hosts);
		return EXIT_FAIL;
	}
	if (ps->rs.fresh)
		fprintf(ps->rs.fp, "%s{\"type\":\"scan\",\"args\":\"%s\","
		    "\"seed\":%llu,\"shard\":\"%llu/%llu\",\"hosts\":%zu,"
		    "\"up\":%llu}%s\n", ps->rs.xml ? RS_HEAD : "", args_text(ps),
		    (unsigned long long)cfg->seed,
		    (unsigned long long)cfg->shard_i,
		    (unsigned long long)cfg->shard_n, cfg->naddrs,
		    (unsigned long long)up, ps->rs.xml ? RS_TAIL : "");
	/* after discovery, whose probes are all sent again */
	cfg->start = ps->rs.next;
	cfg->skip = ps->rs.skip;
	cfg->nskip = ps->rs.nskip;
	if (ps->rs.buf != NULL) {
		show = ps->hs.show;
		ps->hs.show = no_show;
		resume_results(ps->rs.buf, &ps->rs.rf, replay, ps);
		ps->hs.show = show;
		free(ps->rs.buf);
		ps->rs.buf = NULL;
	}
	for (i = 0; i < cfg->nskip; i++)
		if (scan_mark_put(&ps->rs.m, cfg->skip[i], NULL, RS_OLD) == -1)
			ps->oom = 1;
	ps->rs.written = ps->rs.m.base;
	return CMD_GO_ON;
}

/* A state as the summary counts it: its place in resume_file.states. */
static int
state_index(int state)
{
	switch (state) {
	case SCAN_OPEN:
		return 0;
	case SCAN_CLOSED:
		return 1;
	case SCAN_OPENFILTERED:
		return 3;
	case SCAN_SKIPPED:
		return 4;
	default:	/* closed|filtered too, as stats_count */
		return 2;
	}
}

/* -oX: the run going on, into the results since the last mark. */
static void
res_run(struct ps *ps)
{
	struct ps_resume *rs = &ps->rs;
	char t[32];
	int n;

	if (rs->rrun == 0)
		return;
	n = snprintf(t, sizeof(t), "%c%c%llu", 'a' + (rs->rcode >> 5),
	    'A' + (rs->rcode & 31), (unsigned long long)rs->rrun);
	rs->rrun = 0;
	/* lost, the marks from here do not add up: a resume goes on from
	 * the last that did */
	if (grow_to((void **)&rs->res, rs->rlen + sizeof(t), &rs->rcap,
	    1) == -1) {
		ps->oom = 1;
		return;
	}
	memcpy(rs->res + rs->rlen, t, (size_t)n);
	rs->rlen += (size_t)n;
}

/*
 * A place handed back: its line written, its state counted; -oX: its
 * result in the next mark, its host counted.  A place the file had is
 * written and counted already.
 */
static void
resume_write(struct ps *ps, uint64_t seq, char *line, int tag)
{
	int code = tag & (RS_OLD - 1);

	if (line != NULL)
		fputs(line, stdout);
	free(line);
	if (ps->rs.xml) {
		if (code != ps->rs.rcode)
			res_run(ps);
		ps->rs.rcode = code;
		ps->rs.rrun++;
	}
	if (tag & RS_OLD)
		return;
	ps->rs.states[state_index(code >> 5)]++;
	if (ps->rs.xml)
		replay(ps, seq, code >> 5, code & 31);
}

/*
 * A result of a marked scan put in its place, and the places now in
 * order handed back.  -j: its line (print_one's, caught) with it.
 * Returns 0, or 1 when the caller shows it (not marked, or -oX).
 */
int
ps_resume_result(struct ps *ps, const struct scan_result *r)
{
	unsigned int port;
	uint64_t seq;
	size_t a;
	char *line;
	int tag, pr;

	if (!ps->rs.on)
		return 1;
	ps->rs.held = NULL;
	ps->rs.catching = !ps->rs.xml;
	if (!ps->rs.xml && r->state != SCAN_SKIPPED)
		ps_port_result(ps, r);
	ps->rs.catching = 0;
	/* -oX: its reason too, for its host's element (-j's line has it) */
	tag = 0;
	if (ps->rs.xml) {
		scan_probe_at(&ps->cfg, r->probe, &pr, &a, &port);
		tag = scan_probe_reason(&ps->cfg, pr, r);
	}
	if (scan_mark_put(&ps->rs.m, scan_probe_seq(&ps->cfg, r->probe),
	    ps->rs.held, RS_CODE(r->state, tag)) == -1)
		ps->oom = 1;
	while (seq = ps->rs.m.base, scan_mark_pop(&ps->rs.m, &line, &tag) ==
	    1)
		resume_write(ps, seq, line, tag);
	return ps->rs.xml;
}

/* A mark's line but its end: where the lines above reach, their counts. */
static void
mark_put(struct ps *ps)
{
	const uint64_t *c = ps->rs.states;

	fprintf(ps->rs.fp, "%s{\"type\":\"resume\",\"next\":%llu,"
	    "\"states\":[%llu,%llu,"
	    "%llu,%llu,%llu]", ps->rs.xml ? RS_HEAD : "",
	    (unsigned long long)ps->rs.m.base,
	    (unsigned long long)c[0], (unsigned long long)c[1],
	    (unsigned long long)c[2], (unsigned long long)c[3],
	    (unsigned long long)c[4]);
}

/* A mark's end: -oX's results since the last, and the line flushed
 * (-j's standard output every tick). */
static void
mark_end(struct ps *ps)
{
	FILE *f = ps->rs.fp;

	if (ps->rs.xml) {
		res_run(ps);
		fputs(",\"res\":\"", f);
		(void)fwrite(ps->rs.res, 1, ps->rs.rlen, f);
		ps->rs.rlen = 0;
		fputs("\"}" RS_TAIL "\n", f);
		if (fflush(f) == EOF && ps->so.err[SO_X] == 0)
			ps->so.err[SO_X] = errno;
	} else
		fputs("}\n", f);
}

/* Every tick, and at the end: a mark. */
void
ps_resume_mark(struct ps *ps)
{
	if (!ps->rs.on || ps->rs.m.base == ps->rs.written)
		return;
	mark_put(ps);
	mark_end(ps);
	ps->rs.written = ps->rs.m.base;
}

/*
 * A stopped scan's last mark: the places done after it written above it
 * (-oX: in it), and listed in it, so that a resume sends none of them
 * again.
 */
static void
resume_last(struct ps *ps)
{
	uint64_t seq;
	size_t pos = 0, n = 0;
	char *line;
	int tag;

	while (scan_mark_held(&ps->rs.m, &pos, &seq, &line, &tag) == 1)
		resume_write(ps, seq, line, tag);
	mark_put(ps);
	fputs(",\"done\":[", ps->rs.fp);
	for (pos = 0; scan_mark_held(&ps->rs.m, &pos, &seq, &line, &tag) ==
	    1; )
		fprintf(ps->rs.fp, "%s%llu", n++ > 0 ? "," : "",
		    (unsigned long long)seq);
	fputc(']', ps->rs.fp);
	mark_end(ps);
}

/*
 * The scan's end, before the hosts left are shown (-oX: after its last
 * mark, which a resume cuts): its last mark (ps_summary's line says how
 * to go on from a stop); st, this run's, given the counts of the file it
 * went on with, for the summary and the exit status; the marks' memory
 * freed.
 */
void
ps_resume_end(struct ps *ps, struct scan_stats *st, int sig)
{
	st->open += ps->rs.was[0];
	st->closed += ps->rs.was[1];
	st->filtered += ps->rs.was[2];
	st->openfiltered += ps->rs.was[3];
	st->skipped += ps->rs.was[4];
	if (ps->rs.on && sig > 0)
		resume_last(ps);
	else
		ps_resume_mark(ps);
	scan_mark_free(&ps->rs.m);
	free(ps->rs.skip);
	free(ps->rs.res);
	free(ps->rs.buf);
}
