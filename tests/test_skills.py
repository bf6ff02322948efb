"""Exam skills: the 101-skill table, skills on every item, question-to-card links, per-skill floors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from awsprep import paths
from awsprep.content import skill_map
from awsprep.content.load import load
from awsprep.content.skills import SKILLS, task_of
from helpers import DOC_REF, run, write_folder

REF = DOC_REF
TOPIC = f"""\
id: demo
title: Demo
domain: 1
cards:
  - id: demo-one
    front: What is one?
    back: One.
    task: "1.2"
    skills: ["1.2.2"]
    refs: [{REF}]
"""
QUESTIONS = f"""\
topic: demo
questions:
  - id: demo-q-one
    stem: Pick the right one.
    choose: 1
    task: "1.2"
    skills: ["1.2.2"]
    cards: [demo-one]
    refs: [{REF}]
    options:
      - {{text: A, correct: true, why: Right.}}
      - {{text: B, why: Wrong.}}
      - {{text: C, why: Wrong.}}
      - {{text: D, why: Wrong.}}
"""


def write(root: Path, topic: str = TOPIC, questions: str = QUESTIONS) -> Path:
    return write_folder(root, topic, questions)


def test_the_table_has_the_guides_101_skills_per_task():
    per_task = Counter(task_of(skill) for skill in SKILLS)
    assert per_task == {"1.1": 13, "1.2": 7, "1.3": 9, "2.1": 8, "2.2": 7, "2.3": 6, "3.1": 5, "3.2": 5,
                        "3.3": 6, "3.4": 11, "4.1": 7, "4.2": 8, "4.3": 9}
    assert len(SKILLS) == 101 and all(title for title in SKILLS.values())


@pytest.mark.parametrize(("topic", "questions", "expected"), [
    (TOPIC.replace('["1.2.2"]', '["1.2.9"]'), QUESTIONS, "topics/demo.yaml:9: cards.0.skills: unknown skill '1.2.9'"),
    (TOPIC, QUESTIONS.replace('skills: ["1.2.2"]', 'skills: ["1.2.2", "1.2.2"]'), "questions/demo.yaml:7: questions.0.skills: a skill is listed twice"),
    (TOPIC, QUESTIONS.replace('skills: ["1.2.2"]', 'skills: ["1.2.1", "1.2.2", "1.2.3", "1.2.4"]'), "questions/demo.yaml:7: questions.0.skills"),
])
def test_bad_skills_are_errors_with_file_and_line(tmp_path, topic, questions, expected):
    corpus = load([write(tmp_path, topic, questions)])
    assert any(expected in error for error in corpus.errors), corpus.errors


def test_missing_skills_and_bad_links_are_named(tmp_path):
    topic = TOPIC.replace('    skills: ["1.2.2"]\n', "", 1)
    questions = QUESTIONS.replace("cards: [demo-one]", "cards: [demo-two]")
    corpus = load([write(tmp_path, topic, questions)])
    assert corpus.errors == []
    errors, _ = skill_map.problems(corpus)
    assert any(e.endswith("demo-one: needs `skills:` (1-3 exam guide skills, e.g. [\"1.2.3\"])") and "topics/demo.yaml:5" in e
               for e in errors), errors
    assert any("questions/demo.yaml:3: demo-q-one: cards: no card with id 'demo-two'" in e for e in errors)


def test_a_question_without_cards_is_an_error_when_shipped_and_a_warning_for_a_learner(tmp_path):
    unlinked = QUESTIONS.replace("    cards: [demo-one]\n", "")
    as_shipped = load([write(tmp_path / "a", questions=unlinked)])
    errors, warnings = skill_map.problems(as_shipped)
    assert any("demo-q-one: links no card" in e for e in errors) and not warnings
    builtin = write(tmp_path / "b", TOPIC.replace("demo", "base"), QUESTIONS.replace("demo", "base"))
    (builtin / "topics" / "demo.yaml").rename(builtin / "topics" / "base.yaml")
    (builtin / "questions" / "demo.yaml").rename(builtin / "questions" / "base.yaml")
    as_learner = load([builtin, write(tmp_path / "c", questions=unlinked)])
    errors, warnings = skill_map.problems(as_learner)
    assert any("demo-q-one: links no card" in w for w in warnings)
    assert not any("demo-q-one: links no card" in e for e in errors)


def test_floors_name_each_thin_skill(tmp_path):
    corpus = load([write(tmp_path)])
    errors, _ = skill_map.problems(corpus)
    assert any(e.startswith("skill 1.2.2 (") and "1 cards and 1 questions" in e for e in errors)
    assert sum(e.startswith("skill ") for e in errors) == 101  # one card and one question cover no skill's floor


def test_content_check_shows_skill_coverage(tmp_path):
    result = run("content", "check", str(write(tmp_path / "mine")))
    assert "Coverage by skill" in result.stdout and "1.2.2 Configure Lambda" in result.stdout


# The shipped corpus --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load([paths.builtin_content()])


def test_every_shipped_item_has_skills_and_every_question_links_cards(shipped):
    errors, _ = skill_map.problems(shipped)
    assert errors == []


def test_every_skill_meets_the_floor_and_the_corpus_has_1000_cards(shipped):
    rows = skill_map.coverage(shipped, shipped_only=True)
    thin = [row.skill for row in rows if row.under_floor]
    assert thin == []
    assert len(shipped.cards) >= 1000
