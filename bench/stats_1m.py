"""`awsprep stats --json` on a heavy user's database (1,000,000 review logs, 2,000 items),
beside the same command on an empty database. Target: under 1 s on this machine.

Run: .venv/bin/python bench/stats_1m.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import SCRIPT, fill_database, make_corpus

ITEMS, LOGS = 2000, 1_000_000


def stats_ms(env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([str(SCRIPT), "stats", "--json"], env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ids = make_corpus(tmp / "content", ITEMS)
        fill_database(tmp / "heavy", ids, LOGS)
        heavy = {**os.environ, "AWSPREP_HOME": str(tmp / "heavy"), "AWSPREP_CONTENT": str(tmp / "content")}
        empty = {**os.environ, "AWSPREP_HOME": str(tmp / "empty"), "AWSPREP_CONTENT": str(tmp / "content")}
        stats_ms(heavy), stats_ms(empty)  # warm the content cache and the OS file cache
        heavy_ms = statistics.median(stats_ms(heavy) for _ in range(runs))
        empty_ms = statistics.median(stats_ms(empty) for _ in range(runs))
    print(f"items: {len(ids):,}")
    print(f"{empty_ms:8.1f} ms  awsprep stats --json, empty database")
    print(f"{heavy_ms:8.1f} ms  awsprep stats --json, {LOGS:,} review logs (target < 1000 ms)")
    print(f"median of {runs} runs")


if __name__ == "__main__":
    main()
