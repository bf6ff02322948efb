"""`awsprep export --progress` and `import --progress` on a heavy user's data (100,000 review logs,
2,000 items): the export, the import into an empty data folder, and the same import again (every
row already there). No target: the figures show what moving a learner costs.

Run: .venv/bin/python bench/progress_transfer.py [LOGS]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import SCRIPT, heavy_learner, wall_ms

ITEMS = 2000


def main() -> None:
    logs = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with heavy_learner(ITEMS, logs) as (_, heavy, empty), tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.json"
        export_ms = wall_ms([str(SCRIPT), "export", "--progress", str(path)], heavy)
        first_ms = wall_ms([str(SCRIPT), "import", "--progress", str(path)], empty)
        again_ms = wall_ms([str(SCRIPT), "import", "--progress", str(path)], empty)
        size = path.stat().st_size
    print(f"{logs:,} review logs, {ITEMS:,} items; progress file {size / 1e6:.1f} MB")
    print(f"{export_ms:8.0f} ms  export --progress")
    print(f"{first_ms:8.0f} ms  import --progress into an empty data folder")
    print(f"{again_ms:8.0f} ms  import --progress again (every row already there)")


if __name__ == "__main__":
    main()
