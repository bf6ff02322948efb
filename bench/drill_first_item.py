"""Time to first item of `awsprep drill` with 2,000 items and 200,000 review logs.

Compared with the floor: a bare `python -c "import typer, rich, sqlmodel, fsrs, yaml"`.
Target: within 150 ms of that floor. Run: .venv/bin/python bench/drill_first_item.py [RUNS]
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pexpect

from awsprep import paths
from awsprep.content.load import load

SCRIPT = Path(sys.executable).with_name("awsprep")
ITEMS, LOGS = 2000, 200_000


def make_content(root: Path, count: int) -> None:
    """Synthetic cards that bring the corpus to ITEMS items."""
    (root / "topics").mkdir(parents=True)
    per_file = 100
    for f in range(0, count, per_file):
        lines = [f"id: bench{f}", "title: Bench", "domain: 1", "cards:"]
        for i in range(f, min(f + per_file, count)):
            lines += [f"  - id: bench-card-{i}", f"    front: Bench question {i}?", f"    back: Bench answer {i}.",
                      '    task: "1.1"', "    refs: [https://docs.aws.amazon.com/index.html]"]
        (root / "topics" / f"bench{f}.yaml").write_text("\n".join(lines) + "\n")


def fill_database(home: Path, item_ids: list[str]) -> None:
    """Run awsprep once to create the schema, then bulk-insert card states and review logs."""
    subprocess.run([str(SCRIPT), "config", "show"], env={**os.environ, "AWSPREP_HOME": str(home)}, check=True, stdout=subprocess.DEVNULL)
    rng = random.Random(1)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    card = '{"card_id": 1, "state": 2, "step": null, "stability": 10.0, "difficulty": 5.0, "due": "%s", "last_review": "%s"}'
    seen = item_ids[: int(len(item_ids) * 0.75)]
    with sqlite3.connect(home / "awsprep.db") as db:
        db.executemany(
            "INSERT INTO card_state (item_id, kind, card, state, due, reps, lapses, first_seen) VALUES (?, 'fact', ?, 2, ?, 10, 1, ?)",
            [(i, card % (now.isoformat(), now.isoformat()), str(now + timedelta(days=rng.randint(-3, 30))),
              str(now - timedelta(days=120))) for i in seen],
        )
        db.executemany(
            "INSERT INTO review_log (item_id, kind, rating, answer, reviewed_at, duration_ms, mode) VALUES (?, 'fact', ?, '', ?, 5000, 'drill')",
            [(rng.choice(seen), rng.randint(1, 4), str(now - timedelta(minutes=rng.randint(0, 200_000)))) for _ in range(LOGS)],
        )


def first_item_ms(env: dict) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(str(SCRIPT), ["drill"], env=env, timeout=60, encoding="utf-8")
    child.expect(["show answer", "Type"])
    elapsed = (time.perf_counter() - start) * 1000
    child.kill(9)
    child.wait()
    return elapsed


def floor_ms() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import typer, rich, sqlmodel, fsrs, yaml"], check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        builtin = load([paths.builtin_content()])
        extra = ITEMS - len(builtin.cards) - len(builtin.questions)
        make_content(tmp / "content", max(extra, 0))
        corpus = load([paths.builtin_content(), tmp / "content"])
        ids = [*corpus.cards, *corpus.questions]
        fill_database(tmp / "home", ids)
        env = {**os.environ, "AWSPREP_HOME": str(tmp / "home"), "AWSPREP_CONTENT": str(tmp / "content"), "NO_COLOR": "1"}
        first_item_ms(env)  # warm the content cache, as every run after the first finds it
        drill = statistics.median(first_item_ms(env) for _ in range(runs))
        floor = statistics.median(floor_ms() for _ in range(runs))
    print(f"items: {len(ids):,}  review logs: {LOGS:,}")
    print(f"{floor:8.1f} ms  floor: python -c 'import typer, rich, sqlmodel, fsrs, yaml'")
    print(f"{drill:8.1f} ms  awsprep drill, time to first item (warm content cache)")
    print(f"over the floor: {drill - floor:.1f} ms (target <= 150 ms), median of {runs} runs")


if __name__ == "__main__":
    main()
