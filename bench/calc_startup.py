"""Wall time of `awsprep calc rcu ... --json` beside a bare `python -c "import typer, rich"`.

Target: the calculator within 1.5x of that baseline. Run: .venv/bin/python bench/calc_startup.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("awsprep")
COMMANDS = {
    "baseline: python -c 'import typer, rich'": [sys.executable, "-c", "import typer, rich"],
    "awsprep calc rcu --item-size 6KB --rate 10 --json": [str(SCRIPT), "calc", "rcu", "--item-size", "6KB", "--rate", "10", "--json"],
}


def median_ms(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    results = {name: median_ms(cmd, runs) for name, cmd in COMMANDS.items()}
    for name, ms in results.items():
        print(f"{ms:8.1f} ms  {name}")
    baseline, calc = results.values()
    print(f"ratio: {calc / baseline:.2f}x (target <= 1.5x), median of {runs} runs")


if __name__ == "__main__":
    main()
