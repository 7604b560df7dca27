/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sg-enc.c - prints lib/names.c's encoding of each argument, one a line
 * ("error <rc>" for a name it refuses), so that cts/suites/harness can
 * compare the shell's enc (cts/lib/testlib.sh) with it. A test tool. */
#include <stdio.h>

#include "names.h"

int main(int argc, char **argv)
{
	char out[SG_NAME_ENC_MAX];

	for (int i = 1; i < argc; i++) {
		int rc = sg_name_encode(argv[i], out, sizeof(out));

		if (rc < 0)
			printf("error %d\n", rc);
		else
			printf("%s\n", out);
	}
	return 0;
}
