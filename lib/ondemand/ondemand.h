/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ondemand.h - load a shared library the first time one of its functions
 * is called. Short-lived agents (monitor runs every few seconds) link these
 * trampolines instead of libcmap and libxml2, whose dependency chains
 * (libqb, libsystemd, ICU, libstdc++ ...) cost milliseconds to map at every
 * start. The supervisor and the tools link the real libraries. */
#ifndef SG_ONDEMAND_H
#define SG_ONDEMAND_H

#include <dlfcn.h>
#include <stdio.h>

/* Resolve name in soname; NULL (and one message on stderr) on failure. */
static inline void *sg_ondemand_sym(void **handle, const char *soname, const char *name)
{
	void *sym;

	if (*handle == NULL) {
		*handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
		if (*handle == NULL) {
			fprintf(stderr, "samguard: cannot load %s: %s\n", soname, dlerror());
			return NULL;
		}
	}
	sym = dlsym(*handle, name);
	if (sym == NULL)
		fprintf(stderr, "samguard: %s has no %s\n", soname, name);
	return sym;
}

/* Define function NAME(PARAMS) that forwards ARGS to the library's NAME,
 * or returns FAIL when the library or symbol cannot be loaded. */
#define SG_ONDEMAND(handle, soname, ret, fail, name, params, args)               \
	ret name params                                                          \
	{                                                                        \
		static ret (*fn) params;                                         \
		if (fn == NULL)                                                  \
			*(void **)(&fn) = sg_ondemand_sym(&handle, soname, #name); \
		return fn ? fn args : (fail);                                    \
	}

#endif
