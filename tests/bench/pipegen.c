/*
 * pipegen.c: write N bytes to stdout, a pipe, at almost no cost (Linux
 * vmsplice of one constant buffer; plain write elsewhere), so a relay
 * benchmark fed by it measures the relay rather than the producer.
 * Usage: pipegen BYTES
 */
#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include <sys/types.h>
#include <sys/uio.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	static char buf[1 << 20];
	long long n;
	ssize_t w;
	size_t len;

	if (argc != 2 || (n = strtoll(argv[1], NULL, 10)) <= 0)
		return 2;
	memset(buf, 'x', sizeof(buf));
#if defined(__linux__)
	(void)fcntl(1, F_SETPIPE_SZ, 1 << 20);
#endif
	while (n > 0) {
		len = n > (long long)sizeof(buf) ? sizeof(buf) : (size_t)n;
#if defined(__linux__)
		{
			struct iovec iov;

			iov.iov_base = buf;
			iov.iov_len = len;
			w = vmsplice(1, &iov, 1, 0);
			if (w == -1)
				w = write(1, buf, len);
		}
#else
		w = write(1, buf, len);
#endif
		if (w <= 0)
			return 1;
		n -= w;
	}
	return 0;
}
