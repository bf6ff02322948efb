"""Exam skills: the 101-skill table, skills on every item, question-to-card links, per-skill floors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from awsprep import paths
from awsprep.content import skill_map
from awsprep.content.load import load
from awsprep.content.skills import SKILLS, task_of
from helpers import DEMO_QUESTIONS, DEMO_TOPIC, DOC_REF, run, write_folder

REF = DOC_REF
SKILLED = '    task: "1.2"\n    skills: ["1.2.2"]\n'
TOPIC = DEMO_TOPIC.replace('    task: "1.2"\n', SKILLED)
QUESTIONS = DEMO_QUESTIONS.replace('    task: "1.2"\n', SKILLED + "    cards: [demo-one]\n")


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


# Skills in the study loop -------------------------------------------------------------------------


def test_the_skill_filter_picks_every_item_of_those_skills_and_nothing_else(shipped):
    from awsprep.srs import catalog

    one = catalog.entries(shipped, skills=["1.3.4"])
    expected = {i for table in (shipped.cards, shipped.questions) for i, item in table.items() if "1.3.4" in item.skills}
    assert {e.id for e in one} == expected and expected
    both = catalog.entries(shipped, skills=["1.3.4", "4.3.1"])
    assert {e.id for e in both} == expected | {e.id for e in catalog.entries(shipped, skills=["4.3.1"])}
    assert "calc-lambda" in {e.id for e in both}, "calculator problems carry skills too"
    assert {e.kind for e in catalog.entries(shipped, kinds=["question"], skills=["1.3.4"])} == {"question"}


def test_drill_skill_drills_only_that_skill(isolated_home, shipped):
    result = run("drill", "--skill", "2.1.5", "--kind", "fact", "--limit", "4", input=" \n3\n" * 4)
    assert result.exit_code == 0, result.stderr
    shown = [line.split(" · ")[0].strip("─ ") for line in result.stdout.splitlines() if " · fact · " in line]
    assert len(shown) == 4
    assert all("2.1.5" in shipped.cards[item_id].skills for item_id in shown), shown


@pytest.mark.parametrize("skill", ["9.9.9", "1.2", "one"])
def test_an_unknown_skill_is_a_one_line_error(isolated_home, skill):
    result = run("drill", "--skill", skill)
    assert result.exit_code != 0 and "unknown skill" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missed_question_names_the_facts_behind_it(tmp_path, monkeypatch, shipped):
    """A scripted drill answers `a` to its first question, in a fresh home per seed: where that is
    wrong, the feedback names the linked cards by their fronts, and the next drill starts with them."""
    wrong = 0
    for seed in range(8):
        monkeypatch.setenv("AWSPREP_HOME", str(tmp_path / str(seed)))
        result = run("drill", "--kind", "question", "--limit", "1", "--seed", str(seed), input="a\nab\nabc\n\n")
        shown = next(line.split(" · ")[0].strip("─ ") for line in result.stdout.splitlines() if " · question · " in line)
        question = shipped.questions[shown]
        flat = " ".join(result.stdout.split())
        if "Not quite" not in result.stdout:
            assert "The facts behind it" not in flat
            continue
        wrong += 1
        assert "The facts behind it come first in your next drill" in flat
        assert all(f"({card})" in flat for card in question.cards)
        assert " ".join(shipped.cards[question.cards[0]].front.split())[:30] in flat
        after = run("drill", "--kind", "fact", "--limit", "1", input=" \n3\n")
        first = next(line.split(" · ")[0].strip("─ ") for line in after.stdout.splitlines() if " · fact · " in line)
        assert first in question.cards
    assert wrong, "no seed brought a wrong answer: the test checked nothing"


def test_a_miss_while_cramming_is_not_promised_a_place_in_the_queue(isolated_home, shipped):
    for seed in range(8):
        result = run("drill", "--kind", "question", "--cram", "--limit", "1", "--seed", str(seed), input="a\nab\nabc\n\n")
        if "Not quite" in result.stdout:
            flat = " ".join(result.stdout.split())
            assert "The facts behind it:" in flat and "come first" not in flat
            return
    pytest.fail("no seed brought a wrong answer")
