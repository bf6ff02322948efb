"""An unquoted ` #` starts a YAML comment: in any text field of a topic, card, detector, question or
option, the loader reports the text it would lose (file and line), and a quoted value loads."""

from __future__ import annotations

import pytest

from awsprep.content.load import load
from helpers import DOC_REF, write_folder

TOPIC = f"""\
id: demo
title: Demo topic
domain: 1
cards:
  - id: demo-one
    front: What is one?
    back: One.
    pitfall: Not two.
    warning: Your notes say two.
    source: notes.md:3
    task: "1.2"
    refs: [{DOC_REF}]
    detectors:
      - service: demo
        claim: two
        unless: one
        fact: One it is.
"""
QUESTIONS = f"""\
topic: demo
questions:
  - id: demo-q-one
    stem: Pick the right one.
    warning: Your notes say B.
    source: notes.md:9
    choose: 1
    task: "1.2"
    refs: [{DOC_REF}]
    options:
      - text: A
        correct: true
        why: Right.
      - {{text: B, why: Wrong.}}
      - {{text: C, why: Wrong.}}
      - {{text: D, why: Wrong.}}
"""

# (file, the line as written, the field's path, its line number)
FIELDS = [
    ("topics", "title: Demo topic", "title", 2),
    ("topics", "front: What is one?", "cards.0.front", 6),
    ("topics", "back: One.", "cards.0.back", 7),
    ("topics", "pitfall: Not two.", "cards.0.pitfall", 8),
    ("topics", "warning: Your notes say two.", "cards.0.warning", 9),
    ("topics", "source: notes.md:3", "cards.0.source", 10),
    ("topics", "service: demo", "cards.0.detectors.0.service", 14),
    ("topics", "claim: two", "cards.0.detectors.0.claim", 15),
    ("topics", "unless: one", "cards.0.detectors.0.unless", 16),
    ("topics", "fact: One it is.", "cards.0.detectors.0.fact", 17),
    ("questions", "stem: Pick the right one.", "questions.0.stem", 4),
    ("questions", "warning: Your notes say B.", "questions.0.warning", 5),
    ("questions", "source: notes.md:9", "questions.0.source", 6),
    ("questions", "text: A", "questions.0.options.0.text", 11),
    ("questions", "why: Right.", "questions.0.options.0.why", 13),
]


def _load(tmp_path, folder: str, old: str, new: str):
    topic, questions = TOPIC, QUESTIONS
    if folder == "topics":
        topic = topic.replace(old, new)
    else:
        questions = questions.replace(old, new)
    return load([write_folder(tmp_path, topic, questions)]).errors


def test_the_fields_load_as_written(tmp_path):
    assert load([write_folder(tmp_path, TOPIC, QUESTIONS)]).errors == []


@pytest.mark.parametrize(("folder", "line", "field", "number"), FIELDS, ids=[field for _, _, field, _ in FIELDS])
def test_a_comment_that_cuts_a_text_field_short_is_an_error(folder, line, field, number, tmp_path):
    errors = _load(tmp_path, folder, line, f"{line} #2 of them")
    assert f"{folder}/demo.yaml:{number}: {field}: ' #' starts a YAML comment" in "\n".join(errors), errors
    key, value = line.split(": ", 1)
    assert _load(tmp_path, folder, line, f'{key}: "{value} #2 of them"') == []


@pytest.mark.parametrize(("folder", "line", "field", "number"), FIELDS[:3] + FIELDS[-2:], ids=lambda v: str(v))
def test_a_comment_line_that_continues_a_plain_value_is_an_error(folder, line, field, number, tmp_path):
    """A plain value's next line `#{x}` is a comment, not more text: YAML drops it silently."""
    errors = _load(tmp_path, folder, line, f"{line}\n{' ' * 10}#{{variables.name}} is lost")
    assert f"{folder}/demo.yaml:{number}: {field}: ' #' starts a YAML comment" in "\n".join(errors), errors


def test_a_comment_line_at_the_level_of_the_items_is_fine(tmp_path):
    topic = TOPIC.replace("  - id: demo-one", "  # ---------- the first group ----------\n  - id: demo-one")
    topic = topic.replace("    task: \"1.2\"", "    # a note to the writers\n    task: \"1.2\"")
    assert load([write_folder(tmp_path, topic, QUESTIONS)]).errors == []
