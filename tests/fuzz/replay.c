/*
 * replay.c: a main for the fuzz harnesses when libFuzzer is not linked in.
 * It feeds every file named on the command line, or every file of the
 * directories named, through LLVMFuzzerTestOneInput once, so make check
 * replays the corpus with any compiler, under the sanitizers in CI.
 * Output is TAP: one line per corpus.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
replay_file(const char *path)
{
	FILE *f;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("# %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 4096;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	char path[4096];
	int i, files = 0, bad = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			printf("# %s: %s\n", argv[i], strerror(errno));
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += replay_file(argv[i]) != 0;
			files++;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL) {
			bad++;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			    de->d_name);
			bad += replay_file(path) != 0;
			files++;
		}
		closedir(d);
	}
	/* an empty corpus would make this a test that cannot fail */
	printf("%s 1 - replayed %d corpus inputs through %s\n",
	    bad == 0 && files > 0 ? "ok" : "not ok", files, argv[0]);
	printf("1..1\n");
	return bad != 0 || files == 0;
}
