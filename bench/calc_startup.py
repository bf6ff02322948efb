"""Wall time of `awsprep calc rcu ... --json` beside a bare `python -c "import typer, rich"`.

Target: the calculator within 1.5x of that baseline. Run: .venv/bin/python bench/calc_startup.py [RUNS]
"""

from __future__ import annotations

import sys

from common import SCRIPT, median_ms

COMMANDS = {
    "baseline: python -c 'import typer, rich'": [sys.executable, "-c", "import typer, rich"],
    "awsprep calc rcu --item-size 6KB --rate 10 --json": [str(SCRIPT), "calc", "rcu", "--item-size", "6KB", "--rate", "10", "--json"],
}



def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    results = {name: median_ms(cmd, runs) for name, cmd in COMMANDS.items()}
    for name, ms in results.items():
        print(f"{ms:8.1f} ms  {name}")
    baseline, calc = results.values()
    print(f"ratio: {calc / baseline:.2f}x (target <= 1.5x), median of {runs} runs")


if __name__ == "__main__":
    main()
