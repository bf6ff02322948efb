"""Shared by the benchmarks: wall-clock timing, synthetic content and review history."""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from awsprep import paths
from awsprep.content.load import load

SCRIPT = Path(sys.executable).with_name("awsprep")


def wall_ms(command: list[str], env: dict | None = None) -> float:
    """Wall time of one run of `command`, in milliseconds (output discarded)."""
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def environment(home: Path, content: Path, **extra: str) -> dict:
    """The environment of an awsprep run on data home `home` with the learner's folder `content`."""
    return {**os.environ, "AWSPREP_HOME": str(home), "AWSPREP_CONTENT": str(content), **extra}


def median_ms(command: list[str], runs: int, env: dict | None = None) -> float:
    return statistics.median(wall_ms(command, env) for _ in range(runs))


@contextmanager
def heavy_learner(items: int, logs: int, **extra: str) -> Iterator[tuple[list[str], dict, dict]]:
    """In a temporary folder: content of `items` items, a data home holding `logs` review logs of
    them, and an empty data home beside it. Yields (item ids, heavy environment, empty environment)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ids = make_corpus(tmp / "content", items)
        fill_database(tmp / "heavy", ids, logs)
        yield ids, *(environment(tmp / home, tmp / "content", **extra) for home in ("heavy", "empty"))


def make_corpus(root: Path, items: int) -> list[str]:
    """Add synthetic cards beside the shipped corpus until it holds `items` items; return all ids."""
    builtin = load([paths.builtin_content()])
    make_content(root, max(items - len(builtin.cards) - len(builtin.questions), 0))
    corpus = load([paths.builtin_content(), root])
    return [*corpus.cards, *corpus.questions]


def make_content(root: Path, count: int) -> None:
    """`count` synthetic cards in a content folder."""
    (root / "topics").mkdir(parents=True)
    per_file = 100
    for f in range(0, count, per_file):
        lines = [f"id: bench{f}", "title: Bench", "domain: 1", "cards:"]
        for i in range(f, min(f + per_file, count)):
            lines += [f"  - id: bench-card-{i}", f"    front: Bench question {i}?", f"    back: Bench answer {i}.",
                      '    task: "1.1"', "    refs: [https://docs.aws.amazon.com/index.html]"]
        (root / "topics" / f"bench{f}.yaml").write_text("\n".join(lines) + "\n")


def fill_database(home: Path, item_ids: list[str], logs: int) -> None:
    """Run awsprep once to create the schema, then bulk-insert card states and review logs."""
    subprocess.run([str(SCRIPT), "config", "show"], env={**os.environ, "AWSPREP_HOME": str(home)}, check=True, stdout=subprocess.DEVNULL)
    rng = random.Random(1)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    card = '{"card_id": 1, "state": 2, "step": null, "stability": 10.0, "difficulty": 5.0, "due": "%s", "last_review": "%s"}'
    seen = item_ids[: int(len(item_ids) * 0.75)]
    with sqlite3.connect(home / "awsprep.db") as db:
        db.executemany(
            "INSERT INTO card_state (item_id, kind, card, state, due, reps, lapses, first_seen) VALUES (?, 'fact', ?, 2, ?, 10, 1, ?)",
            [(i, card % ((aware := now.replace(tzinfo=timezone.utc).isoformat()), aware), str(now + timedelta(days=rng.randint(-3, 30))),
              str(now - timedelta(days=120))) for i in seen],
        )
        db.executemany(
            "INSERT INTO review_log (item_id, kind, rating, answer, reviewed_at, duration_ms, mode) VALUES (?, 'fact', ?, '', ?, 5000, 'drill')",
            [(rng.choice(seen), rng.randint(1, 4), str(now - timedelta(minutes=rng.randint(0, 200_000)))) for _ in range(logs)],
        )


