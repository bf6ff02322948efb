"""Content loading and validation: errors name file and line; the shipped corpus meets the coverage rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from awsprep import paths
from awsprep.content.coverage import coverage
from awsprep.content.load import load
from helpers import run

REF = "https://docs.aws.amazon.com/lambda/latest/dg/welcome.html"
TOPIC = f"""\
id: demo
title: Demo
domain: 1
cards:
  - id: demo-one
    front: What is one?
    back: One.
    task: "1.2"
    refs: [{REF}]
"""
QUESTIONS = f"""\
topic: demo
questions:
  - id: demo-q-one
    stem: Pick the right one.
    choose: 1
    task: "1.2"
    refs: [{REF}]
    options:
      - {{text: A, correct: true, why: Right.}}
      - {{text: B, why: Wrong.}}
      - {{text: C, why: Wrong.}}
      - {{text: D, why: Wrong.}}
"""


def write(root: Path, topic: str = TOPIC, questions: str = QUESTIONS) -> Path:
    (root / "topics").mkdir(parents=True, exist_ok=True)
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "topics" / "demo.yaml").write_text(topic)
    (root / "questions" / "demo.yaml").write_text(questions)
    return root


def test_valid_folder_loads(tmp_path):
    corpus = load([write(tmp_path)])
    assert corpus.errors == []
    assert corpus.cards["demo-one"].exam_domain == 1
    assert corpus.questions["demo-q-one"].answer == frozenset({0})
    assert corpus.topic_of["demo-q-one"] == "demo"


@pytest.mark.parametrize(
    ("topic", "questions", "expected"),
    [
        (TOPIC.replace('task: "1.2"', 'task: "5.1"'), QUESTIONS, 'topics/demo.yaml:8: cards.0.task: unknown task statement'),
        (TOPIC.replace("front:", "frnt:"), QUESTIONS, "topics/demo.yaml:6: cards.0.frnt: unknown key"),
        (TOPIC.replace("cards:", "cards: [oops"), QUESTIONS, "topics/demo.yaml:"),
        (TOPIC, QUESTIONS.replace("choose: 1", "choose: 2"), "questions/demo.yaml:3: questions.0: choose is 2 but 1 option(s)"),
        (TOPIC, QUESTIONS.replace("{text: D, why: Wrong.}", "{text: D, why: ''}"), "questions/demo.yaml:12: questions.0.options.3.why"),
        (TOPIC.replace(REF, "http://example.com/x"), QUESTIONS, "topics/demo.yaml:9: cards.0.refs: ref 'http://example.com/x'"),
        (TOPIC, QUESTIONS.replace("id: demo-q-one", "id: demo-one"), "questions/demo.yaml:3: duplicate id 'demo-one'"),
        (TOPIC, QUESTIONS.replace("topic: demo", "topic: other"), "topic 'other' does not match the file name"),
        (TOPIC.replace("    domain: 1\n", "").replace('task: "1.2"', 'task: "1.2"\n    domain: 3'), QUESTIONS, "domain 3 does not match task 1.2"),
    ],
)
def test_errors_name_file_and_line(tmp_path, topic, questions, expected):
    corpus = load([write(tmp_path, topic, questions)])
    assert corpus.errors, "a broken file must produce an error"
    assert any(expected in error for error in corpus.errors), corpus.errors


def test_missing_why_is_an_error(tmp_path):
    broken = QUESTIONS.replace("{text: D, why: Wrong.}", "{text: D}")
    corpus = load([write(tmp_path, TOPIC, broken)])
    assert any("questions.0.options.3.why: required key is missing" in e for e in corpus.errors)


def test_drafts_need_no_refs_and_are_not_live(tmp_path):
    draft = "draft: true\n" + TOPIC.replace(f"    refs: [{REF}]\n", "")
    corpus = load([write(tmp_path, draft, QUESTIONS)])
    assert corpus.errors == []
    assert "demo-one" in corpus.drafts and not corpus.live("demo-one") and corpus.live("demo-q-one")


def test_cache_is_used_until_a_file_changes(tmp_path):
    root = write(tmp_path / "c")
    cache = tmp_path / "corpus.pickle"
    first = load([root], cache)
    assert cache.exists()
    assert load([root], cache).cards.keys() == first.cards.keys()
    (root / "topics" / "demo.yaml").write_text(TOPIC.replace("What is one?", "What is uno?"))
    assert load([root], cache).cards["demo-one"].front == "What is uno?"


def test_content_check_command_fails_on_bad_user_content(tmp_path):
    bad = write(tmp_path / "mine", TOPIC.replace("front:", "frnt:"))
    result = run("--content", str(bad), "content", "check")
    assert result.exit_code == 1
    assert "demo.yaml:6: cards.0.frnt: unknown key" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_content_folder_is_a_one_line_error(tmp_path):
    result = run("--content", str(tmp_path / "nope"), "content", "check")
    assert result.exit_code == 1 and "does not exist" in result.stderr


# The shipped corpus -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load([paths.builtin_content()])


def test_shipped_corpus_is_valid(shipped):
    assert shipped.errors == []


def test_shipped_corpus_size(shipped):
    assert len(shipped.cards) >= 400
    assert len(shipped.questions) >= 150
    assert sum(1 for card in shipped.cards.values() if card.pitfall) >= 40


def test_shipped_corpus_covers_every_task_and_the_weights(shipped):
    domains, tasks = coverage(shipped)
    for row in tasks:
        assert row.questions >= 8, f"task {row.key} has only {row.questions} questions"
        assert row.cards >= 1, f"task {row.key} has no cards"
    for row in domains:
        assert abs(row.share - row.weight) <= 5, f"domain {row.key}: {row.share:.1f}% vs {row.weight}%"


def test_shipped_questions_include_multiple_response(shipped):
    assert sum(1 for q in shipped.questions.values() if q.choose > 1) >= 15


NOTES = Path(__file__).resolve().parents[2] / "shared" / "notes"


@pytest.mark.skipif(not NOTES.is_dir(), reason="the study notes are not beside this checkout")
def test_no_run_of_ten_words_is_copied_from_the_notes(shipped):
    import re

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    grams = set()
    for path in NOTES.iterdir():
        w = words(path.read_text(errors="ignore"))
        grams.update(tuple(w[i : i + 10]) for i in range(len(w) - 9))
    texts = [(i, t) for i, c in shipped.cards.items() for t in (c.front, c.back, c.pitfall or "")]
    texts += [(i, t) for i, q in shipped.questions.items() for t in [q.stem, *(o.text for o in q.options), *(o.why for o in q.options)]]
    copied = [i for i, text in texts if any(tuple(w) in grams for w in (words(text)[j : j + 10] for j in range(len(words(text)) - 9)))]
    assert copied == []


def test_cache_is_ignored_when_it_is_corrupt(tmp_path):
    root = write(tmp_path / "c")
    cache = tmp_path / "corpus.pickle"
    cache.write_bytes(b"not a pickle")
    assert load([root], cache).cards["demo-one"].front == "What is one?"
