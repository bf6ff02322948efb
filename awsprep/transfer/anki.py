"""The corpus as an Anki package (.apkg) built with genanki, for Anki and AnkiDroid.

Two note types: "awsprep fact" (front, back, pitfall, refs) and "awsprep question" (stem, lettered
options, answer, and every option again with its letter, whether it is right, and why). Model and
deck ids are fixed numbers and each note's guid comes from the item id, so importing a newer export
updates the notes already in Anki (keeping their review history there) instead of adding copies.
The field lists never change for the same reason: a newer export only brings new templates and CSS.
Tags: `topic::<id>`, `domain::<n>`, `task::<n.n>`, `skill::<n.n.n>` (each exam skill) and the card's own tags.

The CSS is written for a phone first (AnkiDroid) and has a night palette: Anki and AnkiDroid put
`nightMode`/`night_mode` on the same element as `card`, so the selectors are `.card.nightMode`.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

from awsprep.content.model import Card, Question
from awsprep.transfer.items import LETTERS, ExportItem, answer_letters, atomic_file, choose_line, prose, ref_label

DECK_NAME = "AWS Developer Associate (DVA-C02) - awsprep"
FIXED_LETTERS = "Anki keeps the options in this order, so the letters never change: answer from the text, not the letter."


def stable_id(name: str) -> int:
    """A fixed id in the range Anki expects for models and decks, derived from a name."""
    return (1 << 30) + int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % (1 << 30)


FACT_MODEL_ID = stable_id("awsprep fact card v1")
QUESTION_MODEL_ID = stable_id("awsprep scenario question v1")
DECK_ID = stable_id("awsprep DVA-C02 deck v1")

CSS = """
.card {
  --fg: #1d1d1f; --bg: #ffffff; --muted: #5f6368; --line: #d5d5db; --panel: #f3f4f6;
  --ok: #176b32; --ok-bg: #e6f4ea; --bad: #a8271d; --accent: #b35900; --link: #0b57d0;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 18px; line-height: 1.45; text-align: left; color: var(--fg); background-color: var(--bg);
  overflow-wrap: break-word;
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --fg: #e8e8ea; --bg: #1c1c1e; --muted: #a1a1aa; --line: #3f3f46; --panel: #2a2a2e;
  --ok: #7ee2a0; --ok-bg: #17301f; --bad: #ff9b91; --accent: #f5a65b; --link: #8ab4f8;
}
.wrap { max-width: 40em; margin: 0 auto; }
.prompt { font-weight: 600; }
.meta { font-size: 13px; color: var(--muted); margin-bottom: .7em; }
hr#answer { border: 0; border-top: 1px solid var(--line); margin: 1em 0; }
.choose, .key { font-weight: 600; margin: .7em 0 .4em; }
.key { color: var(--ok); }
ul.options { list-style: none; padding: 0; margin: .4em 0; }
ul.options li { display: flex; gap: .6em; align-items: flex-start; margin: .45em 0; padding: .55em .65em;
                border: 1px solid var(--line); border-radius: 10px; background: var(--panel); }
.letter { flex: none; min-width: 1.6em; height: 1.6em; line-height: 1.6em; border-radius: 50%; text-align: center;
          font-weight: 700; font-size: 15px; border: 1px solid var(--line); background: var(--bg); }
.option { flex: 1; min-width: 0; }
ul.options li.right { border-color: var(--ok); background: var(--ok-bg); }
ul.options li.right .letter { background: var(--ok); border-color: var(--ok); color: var(--bg); }
.verdict { font-weight: 700; }
li.right .verdict { color: var(--ok); }
li.wrong .verdict { color: var(--bad); }
.why { margin-top: .3em; font-size: 16px; }
.fixed { margin-top: .8em; font-size: 13px; color: var(--muted); }
.pitfall { margin-top: .9em; padding: .5em .7em; border-left: 4px solid var(--accent); background: var(--panel); border-radius: 0 8px 8px 0; }
.pitfall b { color: var(--accent); }
.refs { margin-top: 1em; font-size: 13px; color: var(--muted); }
.refs a { color: var(--link); text-decoration: none; overflow-wrap: anywhere; }
"""

FACT_FIELDS = ["Front", "Back", "Pitfall", "Refs", "Topic", "Task", "Id"]
QUESTION_FIELDS = ["Stem", "Choose", "Options", "Answer", "Explanation", "Refs", "Topic", "Task", "Id"]

META = '<div class="meta">{{Topic}} · task {{Task}}</div>'
REFS = '{{#Refs}}<div class="refs">{{Refs}}</div>{{/Refs}}'
FACT_FRONT = f'<div class="wrap">{META}<div class="prompt">{{{{Front}}}}</div></div>'
FACT_BACK = (f'<div class="wrap">{META}<div class="prompt">{{{{Front}}}}</div><hr id="answer">{{{{Back}}}}'
             '{{#Pitfall}}<div class="pitfall"><b>Pitfall:</b> {{Pitfall}}</div>{{/Pitfall}}' + REFS + "</div>")
QUESTION_FRONT = (f'<div class="wrap">{META}<div class="stem">{{{{Stem}}}}</div><div class="choose">{{{{Choose}}}}</div>'
                  f'{{{{Options}}}}<div class="fixed">{FIXED_LETTERS}</div></div>')
QUESTION_BACK = (f'<div class="wrap">{META}<div class="stem">{{{{Stem}}}}</div><hr id="answer">'
                 '<div class="key">Answer: {{Answer}}</div>{{Explanation}}' + REFS + "</div>")


def _model(model_id: int, name: str, fields: list[str], qfmt: str, afmt: str):
    import genanki

    return genanki.Model(model_id, name, fields=[{"name": field} for field in fields],
                         templates=[{"name": "Card", "qfmt": qfmt, "afmt": afmt}], css=CSS, sort_field_index=0)


def _models():
    return (_model(FACT_MODEL_ID, "awsprep fact", FACT_FIELDS, FACT_FRONT, FACT_BACK),
            _model(QUESTION_MODEL_ID, "awsprep question", QUESTION_FIELDS, QUESTION_FRONT, QUESTION_BACK))


def text(value: str | None) -> str:
    """Plain text as Anki field HTML."""
    return html.escape(prose(value)).replace("\n", "<br>")


def refs(urls: list[str]) -> str:
    return "<br>".join(f'<a href="{html.escape(url, quote=True)}">{html.escape(ref_label(url))}</a>' for url in urls)


def options(question: Question) -> str:
    """The options as the front shows them: a letter and the text."""
    rows = "".join(f'<li><span class="letter">{letter}</span> <span class="option">{text(option.text)}</span></li>'
                   for letter, option in zip(LETTERS, question.options))
    return f'<ul class="options">{rows}</ul>'


def explanation(question: Question) -> str:
    """Every option again with its letter, marked right or wrong, and why."""
    rows = []
    for letter, option in zip(LETTERS, question.options):
        mark, verdict = ("right", "✓ Correct.") if option.correct else ("wrong", "✗ Wrong.")
        rows.append(f'<li class="{mark}"><span class="letter">{letter}</span> <div class="option">{text(option.text)}'
                    f'<div class="why"><span class="verdict">{verdict}</span> {text(option.why)}</div></div></li>')
    return f'<ul class="options">{"".join(rows)}</ul>'


def tags(entry: ExportItem) -> list[str]:
    own = [tag.replace(" ", "-") for tag in getattr(entry.item, "tags", [])]
    skills = [f"skill::{skill}" for skill in entry.item.skills]
    return [f"topic::{entry.topic}", f"domain::{entry.domain}", f"task::{entry.task}", *skills, *own]


def fields(entry: ExportItem) -> list[str]:
    item = entry.item
    if isinstance(item, Card):
        return [text(item.front), text(item.back), text(item.pitfall), refs(item.refs), text(entry.topic_title),
                entry.task, entry.id]
    assert isinstance(item, Question)
    return [text(item.stem), choose_line(item), options(item), answer_letters(item), explanation(item), refs(item.refs),
            text(entry.topic_title), entry.task, entry.id]


def guid(entry: ExportItem) -> str:
    import genanki

    return genanki.guid_for("awsprep", entry.id)


def write(items: list[ExportItem], path: Path, deck_name: str = DECK_NAME, *, now: float | None = None) -> int:
    """Write `items` as an Anki package at `path` (replacing it atomically); returns the note count.
    `now` stamps the notes' modification time (Anki updates a note when the stamp is newer)."""
    import genanki

    fact_model, question_model = _models()
    deck = genanki.Deck(DECK_ID, deck_name, description="Fact cards and scenario questions exported by awsprep.")
    for entry in items:
        model = fact_model if entry.kind == "fact" else question_model
        deck.add_note(genanki.Note(model=model, fields=fields(entry), tags=tags(entry), guid=guid(entry)))
    _write_package(genanki.Package(deck), path, time.time() if now is None else now)
    return len(items)


def _write_package(package, path: Path, now: float) -> None:
    """genanki's Package.write_to_file, with its temporary database removed and the file replaced atomically."""
    handle, database = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(connection.cursor(), now, itertools.count(int(now * 1000)))
            connection.commit()
        finally:
            connection.close()
        with atomic_file(path) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", json.dumps({}))
    finally:
        os.unlink(database)
