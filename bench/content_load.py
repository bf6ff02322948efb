"""Loading the shipped corpus: cold (parse and validate every YAML file) and warm (hash check + cache).

Run: .venv/bin/python bench/content_load.py [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from awsprep import paths
from awsprep.content.load import load


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    roots = [paths.builtin_content()]
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "corpus.pickle"
        cold = statistics.median(timed(lambda: load(roots)) for _ in range(runs))
        load(roots, cache)
        warm = statistics.median(timed(lambda: load(roots, cache)) for _ in range(runs))
    corpus = load(roots)
    print(f"corpus: {len(corpus.cards)} cards, {len(corpus.questions)} questions in {corpus.files} files")
    print(f"{cold:8.1f} ms  cold: parse (C loader) and validate")
    print(f"{warm:8.1f} ms  warm: hash the files, read the cache  ({cold / warm:.0f}x faster), median of {runs} runs")


if __name__ == "__main__":
    main()
