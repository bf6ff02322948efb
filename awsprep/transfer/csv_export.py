"""The corpus as a CSV file for spreadsheets: one row per card or question.

Questions put their lettered options on the front and the answer with every option's
explanation on the back, so the two columns read like a flashcard in any tool. The file starts
with a byte-order mark so spreadsheet programs read it as UTF-8.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from awsprep.content.model import Question
from awsprep.transfer.items import ExportItem, answer_letters, replace_atomically

COLUMNS = ["id", "kind", "topic", "domain", "task", "front", "back", "pitfall", "tags", "refs"]


def front_back(entry: ExportItem) -> tuple[str, str]:
    """The two sides of an item as plain text."""
    item = entry.item
    if not isinstance(item, Question):
        return item.front, item.back
    options = "\n".join(f"{'ABCDEF'[i]}. {option.text}" for i, option in enumerate(item.options))
    choose = "" if item.choose == 1 else f" (choose {item.choose})"
    front = f"{item.stem.strip()}{choose}\n{options}"
    why = "\n".join(f"{'ABCDEF'[i]}. {'Correct' if option.correct else 'Wrong'}: {option.why}" for i, option in enumerate(item.options))
    return front, f"Answer: {answer_letters(item)}\n{why}"


def write(items: list[ExportItem], path: Path) -> int:
    """Write `items` to `path` (replacing it atomically); returns the number of rows."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for entry in items:
            front, back = front_back(entry)
            tags = getattr(entry.item, "tags", [])
            pitfall = getattr(entry.item, "pitfall", None) or ""
            writer.writerow([entry.id, entry.kind, entry.topic, entry.domain, entry.task, front, back, pitfall,
                             " ".join(tags), "\n".join(entry.item.refs)])
    replace_atomically(tmp, path)
    return len(items)
