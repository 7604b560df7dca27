/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samregistry.c - the common moments at which SAM children write
 * `running` (lib/samregistry.h: sg_sam_registry_phase). */
#include "sg_test.h"

#include <stdint.h>

#include "samregistry.h"

/* on a multiple: that moment; else the next one */
static void test_phase_is_the_next_multiple(void **state)
{
	(void)state;
	assert_int_equal(SG_SAM_PHASE_MS, 100);
	assert_int_equal(sg_sam_registry_phase(0), 0);
	assert_int_equal(sg_sam_registry_phase(1), 100);
	assert_int_equal(sg_sam_registry_phase(99), 100);
	assert_int_equal(sg_sam_registry_phase(100), 100);
	assert_int_equal(sg_sam_registry_phase(101), 200);
	assert_int_equal(sg_sam_registry_phase(123456789), 123456800);
}

/* never earlier than now, never a whole phase later: the delay of
 * SAM's `running` is below SG_SAM_PHASE_MS; and every child that asks
 * within one phase gets the same moment (what makes corosync's timers
 * coincide) */
static void test_phase_bounds_and_common_moment(void **state)
{
	uint64_t base = UINT64_C(1000000000000);  /* a multiple of the phase */

	(void)state;
	for (uint64_t now = base; now < base + 1000; now++) {
		uint64_t p = sg_sam_registry_phase(now);

		assert_true(p >= now);
		assert_true(p - now < SG_SAM_PHASE_MS);
		assert_int_equal(p % SG_SAM_PHASE_MS, 0);
	}
	assert_int_equal(sg_sam_registry_phase(base + 1), sg_sam_registry_phase(base + 99));
	assert_int_not_equal(sg_sam_registry_phase(base + 99), sg_sam_registry_phase(base + 101));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phase_is_the_next_multiple),
		cmocka_unit_test(test_phase_bounds_and_common_moment),
	};

	return sg_run_tests("samregistry", tests, NULL, NULL);
}
