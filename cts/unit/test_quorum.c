/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_quorum.c - unit tests for the pure part of lib/quorum.c: the facts
 * sbd's distrust rules need (two_node with a single vote, a quorum device
 * registered but not voting) and the observation monitor gets from a
 * reading. Reading votequorum itself is the live suites' (agents). */
#include "sg_test.h"

#include <string.h>

#include "quorum.h"

/* A healthy three-node cluster as votequorum reports it: quorate, every
 * vote present, no two_node, no quorum device. */
static struct sg_quorum_info three_nodes(void)
{
	struct sg_quorum_info qi;

	memset(&qi, 0, sizeof(qi));
	qi.quorate = 1;
	qi.total_votes = 3;
	qi.expected_votes = 3;
	return qi;
}

/* Both nodes of a two_node cluster present. */
static struct sg_quorum_info two_nodes(void)
{
	struct sg_quorum_info qi = three_nodes();

	qi.two_node = 1;
	qi.wait_for_all = 1;       /* two_node turns it on by default */
	qi.total_votes = 2;
	qi.expected_votes = 2;
	return qi;
}

static void test_two_node_alone_needs_two_node_and_one_vote(void **state)
{
	struct sg_quorum_info qi = two_nodes();

	(void)state;
	assert_false(sg_quorum_two_node_alone(&qi));
	/* the peer left: quorate by configuration only */
	qi.total_votes = 1;
	assert_true(sg_quorum_two_node_alone(&qi));
	/* no vote counted at all is not more trustworthy */
	qi.total_votes = 0;
	assert_true(sg_quorum_two_node_alone(&qi));
	/* one vote without two_node: not this rule (votequorum decides) */
	qi = three_nodes();
	qi.total_votes = 1;
	assert_false(sg_quorum_two_node_alone(&qi));
}

/* Only two_node and the votes count: quorate, wait_for_all and expected
 * votes do not change the verdict. */
static void test_two_node_alone_ignores_the_other_fields(void **state)
{
	struct sg_quorum_info qi = two_nodes();

	(void)state;
	qi.total_votes = 1;
	qi.quorate = 0;
	assert_true(sg_quorum_two_node_alone(&qi));
	qi.wait_for_all = 0;
	qi.expected_votes = 1;
	assert_true(sg_quorum_two_node_alone(&qi));
	qi.total_votes = 2;
	qi.quorate = 0;
	assert_false(sg_quorum_two_node_alone(&qi));
	/* more votes than nodes (votes per node > 1) are not alone either */
	qi.total_votes = 4;
	assert_false(sg_quorum_two_node_alone(&qi));
}

static void test_qdevice_unhealthy_when_registered_but_not_voting(void **state)
{
	struct sg_quorum_info qi = three_nodes();

	(void)state;
	/* none configured: nothing to distrust */
	assert_false(sg_quorum_qdevice_unhealthy(&qi));
	qi.qdevice_registered = 1;
	assert_true(sg_quorum_qdevice_unhealthy(&qi));
	qi.qdevice_alive = 1;
	assert_false(sg_quorum_qdevice_unhealthy(&qi));
	/* alive without registration (votequorum never says so) is no device */
	qi.qdevice_registered = 0;
	assert_false(sg_quorum_qdevice_unhealthy(&qi));
	/* quorate or not does not matter */
	qi.qdevice_registered = 1;
	qi.qdevice_alive = 0;
	qi.quorate = 0;
	assert_true(sg_quorum_qdevice_unhealthy(&qi));
}

/* Every field of the observation is written (the caller's struct may
 * hold anything), known is set, quorate is copied. */
static void test_observe_fills_every_field(void **state)
{
	struct sg_quorum_info qi = three_nodes();
	struct sg_quorum_obs q;

	(void)state;
	memset(&q, 0x5a, sizeof(q));
	sg_quorum_observe(&qi, &q);
	assert_int_equal(q.known, 1);
	assert_int_equal(q.quorate, 1);
	assert_int_equal(q.two_node_alone, 0);
	assert_int_equal(q.qdevice_unhealthy, 0);

	qi.quorate = 0;
	memset(&q, 0x5a, sizeof(q));
	sg_quorum_observe(&qi, &q);
	assert_int_equal(q.known, 1);
	assert_int_equal(q.quorate, 0);
	assert_int_equal(q.two_node_alone, 0);
	assert_int_equal(q.qdevice_unhealthy, 0);
}

/* The observation carries each distrust fact on its own. */
static void test_observe_carries_the_distrust_facts(void **state)
{
	struct sg_quorum_info qi = two_nodes();
	struct sg_quorum_obs q;

	(void)state;
	qi.total_votes = 1;
	sg_quorum_observe(&qi, &q);
	assert_int_equal(q.known, 1);
	assert_int_equal(q.quorate, 1);
	assert_int_equal(q.two_node_alone, 1);
	assert_int_equal(q.qdevice_unhealthy, 0);

	qi = three_nodes();
	qi.qdevice_registered = 1;
	sg_quorum_observe(&qi, &q);
	assert_int_equal(q.two_node_alone, 0);
	assert_int_equal(q.qdevice_unhealthy, 1);

	qi.qdevice_alive = 1;
	sg_quorum_observe(&qi, &q);
	assert_int_equal(q.two_node_alone, 0);
	assert_int_equal(q.qdevice_unhealthy, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_node_alone_needs_two_node_and_one_vote),
		cmocka_unit_test(test_two_node_alone_ignores_the_other_fields),
		cmocka_unit_test(test_qdevice_unhealthy_when_registered_but_not_voting),
		cmocka_unit_test(test_observe_fills_every_field),
		cmocka_unit_test(test_observe_carries_the_distrust_facts),
	};

	return sg_run_tests("quorum", tests, NULL, NULL);
}
