"""Time to first item of `awsprep drill` with 2,000 items and 200,000 review logs.

Compared with the floor: a bare `python -c "import typer, rich, sqlmodel, fsrs, yaml"`.
Target: within 150 ms of that floor. Run: .venv/bin/python bench/drill_first_item.py [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import time

import pexpect
from common import SCRIPT, heavy_learner, median_ms

ITEMS, LOGS = 2000, 200_000


def first_item_ms(env: dict) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(str(SCRIPT), ["drill"], env=env, timeout=60, encoding="utf-8")
    child.expect(["show answer", "Type"])
    elapsed = (time.perf_counter() - start) * 1000
    child.kill(9)
    child.wait()
    return elapsed


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with heavy_learner(ITEMS, LOGS, NO_COLOR="1") as (ids, env, _):
        first_item_ms(env)  # warm the content cache, as every run after the first finds it
        drill = statistics.median(first_item_ms(env) for _ in range(runs))
        floor = median_ms([sys.executable, "-c", "import typer, rich, sqlmodel, fsrs, yaml"], runs)
    print(f"items: {len(ids):,}  review logs: {LOGS:,}")
    print(f"{floor:8.1f} ms  floor: python -c 'import typer, rich, sqlmodel, fsrs, yaml'")
    print(f"{drill:8.1f} ms  awsprep drill, time to first item (warm content cache)")
    print(f"over the floor: {drill - floor:.1f} ms (target <= 150 ms), median of {runs} runs")


if __name__ == "__main__":
    main()
