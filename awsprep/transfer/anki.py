"""The corpus as an Anki package (.apkg) built with genanki, for Anki and AnkiDroid.

Two note types: "awsprep fact" (front, back, pitfall, refs) and "awsprep question" (stem,
lettered options, answer, every option's explanation). Model and deck ids are fixed numbers and
each note's guid comes from the item id, so importing a newer export updates the notes already in
Anki (keeping their review history there) instead of adding copies. Tags: `topic::<id>`,
`domain::<n>`, `task::<n.n>` and the card's own tags.
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
from awsprep.transfer.items import ExportItem, answer_letters, replace_atomically

DECK_NAME = "AWS Developer Associate (DVA-C02) - awsprep"


def stable_id(name: str) -> int:
    """A fixed id in the range Anki expects for models and decks, derived from a name."""
    return (1 << 30) + int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % (1 << 30)


FACT_MODEL_ID = stable_id("awsprep fact card v1")
QUESTION_MODEL_ID = stable_id("awsprep scenario question v1")
DECK_ID = stable_id("awsprep DVA-C02 deck v1")

CSS = """
.card { font-family: -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 19px; text-align: left; color: #1d1d1f;
        background: #fff; max-width: 42em; margin: 0 auto; line-height: 1.4; }
.nightMode .card, .night_mode .card { color: #eee; background: #1e1e1e; }
.meta { font-size: 13px; color: #888; margin-bottom: .6em; }
.choose { font-weight: bold; margin: .4em 0; }
.pitfall { margin-top: .8em; padding: .4em .6em; border-left: 4px solid #e67e22; }
.refs { margin-top: .8em; font-size: 13px; word-break: break-all; }
ol.options li { margin: .25em 0; }
.correct { color: #1e8449; font-weight: bold; }
.wrong { color: #c0392b; font-weight: bold; }
"""

FACT_FIELDS = ["Front", "Back", "Pitfall", "Refs", "Topic", "Task", "Id"]
QUESTION_FIELDS = ["Stem", "Choose", "Options", "Answer", "Explanation", "Refs", "Topic", "Task", "Id"]


def _model(model_id: int, name: str, fields: list[str], qfmt: str, afmt: str):
    import genanki

    return genanki.Model(model_id, name, fields=[{"name": field} for field in fields],
                         templates=[{"name": "Card", "qfmt": qfmt, "afmt": afmt}], css=CSS, sort_field_index=0)


def _models():
    meta = '<div class="meta">{{Topic}} · task {{Task}}</div>'
    refs = '{{#Refs}}<div class="refs">{{Refs}}</div>{{/Refs}}'
    fact = _model(FACT_MODEL_ID, "awsprep fact", FACT_FIELDS, meta + "{{Front}}",
                  '{{FrontSide}}<hr id="answer">{{Back}}{{#Pitfall}}<div class="pitfall">Pitfall: {{Pitfall}}</div>{{/Pitfall}}' + refs)
    question = _model(QUESTION_MODEL_ID, "awsprep question", QUESTION_FIELDS,
                      meta + '{{Stem}}<div class="choose">{{Choose}}</div>{{Options}}',
                      meta + '{{Stem}}<hr id="answer"><div class="choose">Answer: {{Answer}}</div>{{Explanation}}' + refs)
    return fact, question


def _text(value: str | None) -> str:
    """Plain text as Anki field HTML."""
    return html.escape(value or "").strip().replace("\n", "<br>")


def _refs(refs: list[str]) -> str:
    return "<br>".join(f'<a href="{html.escape(ref, quote=True)}">{html.escape(ref)}</a>' for ref in refs)


def tags(entry: ExportItem) -> list[str]:
    own = [tag.replace(" ", "-") for tag in getattr(entry.item, "tags", [])]
    return [f"topic::{entry.topic}", f"domain::{entry.domain}", f"task::{entry.task}", *own]


def fields(entry: ExportItem) -> list[str]:
    item = entry.item
    if isinstance(item, Card):
        return [_text(item.front), _text(item.back), _text(item.pitfall), _refs(item.refs), _text(entry.topic_title),
                entry.task, entry.id]
    assert isinstance(item, Question)
    options = "".join(f"<li>{_text(option.text)}</li>" for option in item.options)
    explanation = "".join(
        f'<li><span class="{"correct" if option.correct else "wrong"}">{"Correct" if option.correct else "Wrong"}.</span> '
        f"{_text(option.why)}</li>"
        for option in item.options
    )
    choose = "Choose one." if item.choose == 1 else f"Choose {item.choose}."
    return [_text(item.stem), choose, f'<ol class="options" type="A">{options}</ol>', answer_letters(item),
            f'<ol class="options" type="A">{explanation}</ol>', _refs(item.refs), _text(entry.topic_title), entry.task, entry.id]


def write(items: list[ExportItem], path: Path, deck_name: str = DECK_NAME) -> int:
    """Write `items` as an Anki package at `path` (replacing it atomically); returns the note count."""
    import genanki

    fact_model, question_model = _models()
    deck = genanki.Deck(DECK_ID, deck_name, description="Fact cards and scenario questions exported by awsprep.")
    for entry in items:
        model = fact_model if entry.kind == "fact" else question_model
        deck.add_note(genanki.Note(model=model, fields=fields(entry), tags=tags(entry), guid=genanki.guid_for("awsprep", entry.id)))
    _write_package(genanki.Package(deck), path)
    return len(items)


def _write_package(package, path: Path) -> None:
    """genanki's Package.write_to_file, with its temporary database removed and the file replaced atomically."""
    handle, database = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        connection = sqlite3.connect(database)
        try:
            now = time.time()
            package.write_to_db(connection.cursor(), now, itertools.count(int(now * 1000)))
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", json.dumps({}))
        replace_atomically(tmp, path)
    finally:
        os.unlink(database)
        tmp.unlink(missing_ok=True)
