#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/stats.sh - sourced by the benchmarks that repeat rounds.

# stats: "MEDIAN (MIN-MAX) xN" of the whole numbers on stdin (N: how many);
# "-" when there are none. The median of an even count is the lower middle
# value (a measured one, never an average of two).
stats() {
	sort -n | awk '/^[0-9]+$/ { a[++n] = $1 }
		END { if (n == 0) { print "-"; exit }
		      m = a[int((n + 1) / 2)]
		      if (n == 1) print m " x1"; else printf "%d (%d-%d) x%d\n", m, a[1], a[n], n }'
}
