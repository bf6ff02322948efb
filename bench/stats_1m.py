"""`awsprep stats --json` on a heavy user's database (1,000,000 review logs, 2,000 items),
beside the same command on an empty database. Target: under 1 s on this machine.

Run: .venv/bin/python bench/stats_1m.py [RUNS]
"""

from __future__ import annotations

import sys

from common import SCRIPT, heavy_learner, median_ms, wall_ms

ITEMS, LOGS = 2000, 1_000_000
STATS = [str(SCRIPT), "stats", "--json"]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with heavy_learner(ITEMS, LOGS) as (ids, heavy, empty):
        wall_ms(STATS, heavy), wall_ms(STATS, empty)  # warm the content cache and the OS file cache
        heavy_ms = median_ms(STATS, runs, heavy)
        empty_ms = median_ms(STATS, runs, empty)
    print(f"items: {len(ids):,}")
    print(f"{empty_ms:8.1f} ms  awsprep stats --json, empty database")
    print(f"{heavy_ms:8.1f} ms  awsprep stats --json, {LOGS:,} review logs (target < 1000 ms)")
    print(f"median of {runs} runs")


if __name__ == "__main__":
    main()
