"""The corpus as CSV: a spreadsheet file, or a file for Anki's own text importer.

`write` makes one row per card or question for spreadsheets: questions put their lettered options
on the front and the answer with every option's explanation on the back, so the two columns read
like a flashcard in any tool. The file starts with a byte-order mark so spreadsheet programs read
it as UTF-8.

`write_anki` makes the file Anki's File > Import reads without questions asked: header lines name
the separator, HTML, the note type (Basic, which every collection has), the deck and which
columns hold the guid and the tags. The guid is the one the .apkg uses, so the same item is never
two notes, and importing a newer file updates the notes.
"""

from __future__ import annotations

import csv
from pathlib import Path

from awsprep.content.model import Question
from awsprep.transfer import anki
from awsprep.transfer.items import LETTERS, ExportItem, answer_letters, atomic_file, choose_line

COLUMNS = ["id", "kind", "topic", "domain", "task", "skills", "front", "back", "pitfall", "tags", "refs"]
ANKI_COLUMNS = ["guid", "Front", "Back", "tags"]
ANKI_NOTETYPE = "Basic"
LEFT = '<div style="text-align: left">{}</div>'


def front_back(entry: ExportItem) -> tuple[str, str]:
    """The two sides of an item as plain text."""
    item = entry.item
    if not isinstance(item, Question):
        return item.front, item.back
    options = "\n".join(f"{letter}. {option.text}" for letter, option in zip(LETTERS, item.options))
    choose = "" if item.choose == 1 else f" ({choose_line(item).lower().rstrip('.')})"
    front = f"{item.stem.strip()}{choose}\n{options}"
    why = "\n".join(f"{letter}. {'Correct' if option.correct else 'Wrong'}: {option.why}"
                    for letter, option in zip(LETTERS, item.options))
    return front, f"Answer: {answer_letters(item)}\n{why}"


def write(items: list[ExportItem], path: Path) -> int:
    """Write `items` for spreadsheets to `path` (replacing it atomically); returns the number of rows."""
    with atomic_file(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for entry in items:
            front, back = front_back(entry)
            tags = getattr(entry.item, "tags", [])
            pitfall = getattr(entry.item, "pitfall", None) or ""
            writer.writerow([entry.id, entry.kind, entry.topic, entry.domain, entry.task, " ".join(entry.item.skills),
                             front, back, pitfall, " ".join(tags), "\n".join(entry.item.refs)])
    return len(items)


def anki_sides(entry: ExportItem) -> tuple[str, str]:
    """Front and Back of a Basic note, as HTML: the same text the .apkg shows (left-aligned, as
    Basic centres its text)."""
    front, back = _basic_sides(entry)
    return LEFT.format(front), LEFT.format(back)


def _basic_sides(entry: ExportItem) -> tuple[str, str]:
    item = entry.item
    meta = f'<div class="meta"><small>{anki.text(entry.topic_title)} · task {entry.task}</small></div>'
    refs = f'<div class="refs">{anki.refs(item.refs)}</div>' if item.refs else ""
    if not isinstance(item, Question):
        pitfall = f'<div class="pitfall"><b>Pitfall:</b> {anki.text(item.pitfall)}</div>' if item.pitfall else ""
        return meta + anki.text(item.front), anki.text(item.back) + pitfall + refs
    front = (f'{meta}<div class="stem">{anki.text(item.stem)}</div><div class="choose">{choose_line(item)}</div>'
             f'{anki.options(item)}<div class="fixed">{anki.FIXED_LETTERS}</div>')
    return front, f'<div class="key">Answer: {answer_letters(item)}</div>{anki.explanation(item)}{refs}'


def write_anki(items: list[ExportItem], path: Path) -> int:
    """Write `items` as a text file for Anki's importer to `path` (replacing it atomically); returns the note count."""
    with atomic_file(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.write("#separator:Comma\n#html:true\n")
        handle.write(f"#notetype:{ANKI_NOTETYPE}\n#deck:{anki.DECK_NAME}\n")
        handle.write(f"#columns:{','.join(ANKI_COLUMNS)}\n")
        handle.write(f"#guid column:{ANKI_COLUMNS.index('guid') + 1}\n#tags column:{ANKI_COLUMNS.index('tags') + 1}\n")
        writer = csv.writer(handle, lineterminator="\n")
        for entry in items:
            writer.writerow([anki.guid(entry), *anki_sides(entry), " ".join(anki.tags(entry))])
    return len(items)
