/* SPDX-License-Identifier: GPL-2.0-or-later */
/* onfail.c - <rundir>/<name>.onfail: the recurring monitor's on-fail for the supervisor. */
#include "onfail.h"

#include "names.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int onfail_path(const char *dir, const char *name, char *buf, size_t n)
{
	char enc[SG_NAME_ENC_MAX];
	int rc = sg_name_encode(name, enc, sizeof(enc));

	if (rc < 0)
		return rc;
	if ((size_t)snprintf(buf, n, "%s/%s.onfail", dir, enc) >= n)
		return -ENAMETOOLONG;
	return 0;
}

static int valid_word(const char *v)
{
	size_t len = strlen(v);

	if (len == 0 || len > SG_ONFAIL_MAX)
		return 0;
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '-'))
			return 0;
	return 1;
}

int sg_onfail_read(const char *dir, const char *name, char *buf, size_t n)
{
	char path[512], line[SG_ONFAIL_MAX + 2];
	ssize_t len;
	int rc;

	if (n < SG_ONFAIL_MAX + 1)
		return -EINVAL;
	if ((rc = onfail_path(dir, name, path, sizeof(path))) < 0)
		return rc;
	len = sg_read_file(path, line, sizeof(line));
	if (len < 0)
		return (int)len;
	line[len] = '\0';
	line[strcspn(line, "\n")] = '\0';
	if (!valid_word(line))
		return -EINVAL;
	memcpy(buf, line, strlen(line) + 1);
	return 0;
}

int sg_onfail_record(const char *dir, const char *name, const char *on_fail)
{
	char path[512], cur[SG_ONFAIL_MAX + 1], line[SG_ONFAIL_MAX + 2];
	int rc, len;

	if (on_fail == NULL || !valid_word(on_fail))
		return -EINVAL;
	if (sg_onfail_read(dir, name, cur, sizeof(cur)) == 0 && strcmp(cur, on_fail) == 0)
		return 0;
	if ((rc = onfail_path(dir, name, path, sizeof(path))) < 0)
		return rc;
	len = snprintf(line, sizeof(line), "%s\n", on_fail);
	return sg_write_file_atomic(path, line, (size_t)len, 0640);
}

int sg_onfail_remove(const char *dir, const char *name)
{
	char path[512];
	int rc = onfail_path(dir, name, path, sizeof(path));

	if (rc < 0)
		return rc;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
}
