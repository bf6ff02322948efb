"""Practice forms: disjoint, 65 questions each, split by domain weight, stable when questions are added."""

from __future__ import annotations

import io
import random
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from awsprep import paths
from awsprep.content import forms
from awsprep.content.exam import quotas
from awsprep.content.load import load
from awsprep.srs import review
from awsprep.srs.exam import Exam, draw, form_ids
from awsprep.srs.settings import Settings
from awsprep.store.db import Store, utcnow
from awsprep.ui.exam import show_result
from awsprep.ui.keys import Keys
from helpers import run

REF = "https://docs.aws.amazon.com/lambda/latest/dg/welcome.html"
TASK = {1: "1.1", 2: "2.1", 3: "3.1", 4: "4.1"}


def bank(root: Path, per_domain: dict[int, int], prefix: str = "q") -> Path:
    """A folder with `per_domain[d]` valid questions in each domain."""
    (root / "topics").mkdir(parents=True, exist_ok=True)
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "topics" / f"{prefix}bank.yaml").write_text(
        f"id: {prefix}bank\ntitle: Bank\ndomain: 1\ncards:\n  - {{id: {prefix}bank-card, front: F?, back: B., "
        f"task: '1.1', refs: [{REF}]}}\n")
    lines = [f"topic: {prefix}bank", "questions:"]
    for domain, count in per_domain.items():
        for n in range(count):
            difficulty = ("easy", "medium", "hard")[n % 3]
            lines += [f"  - id: {prefix}-d{domain}-{n}", "    stem: Which one?", "    choose: 1",
                      f"    task: '{TASK[domain]}'", f"    difficulty: {difficulty}", f"    refs: [{REF}]", "    options:",
                      "      - {text: Alpha, correct: true, why: Right.}", "      - {text: Bravo, why: Wrong.}",
                      "      - {text: Delta, why: Wrong.}", "      - {text: Gamma, why: Wrong.}"]
    (root / "questions" / f"{prefix}bank.yaml").write_text("\n".join(lines) + "\n")
    return root


def test_new_forms_are_disjoint_full_and_weighted(tmp_path):
    corpus = load([bank(tmp_path, {1: 50, 2: 40, 3: 35, 4: 30})])
    made = forms.extend(corpus, {}, 2)
    assert list(made) == [1, 2]
    assert all(len(ids) == forms.FORM_SIZE for ids in made.values())
    assert not set(made[1]) & set(made[2])
    for ids in made.values():
        split = {d: sum(corpus.questions[i].exam_domain == d for i in ids) for d in (1, 2, 3, 4)}
        assert split == quotas(65) == {1: 21, 2: 17, 3: 15, 4: 12}
        hard = sum(corpus.questions[i].difficulty == "hard" for i in ids)
        assert 18 <= hard <= 26  # each form gets the same mix of difficulties (a third of the pool is hard)
    assert forms.check(corpus, made, "forms.yaml", least=2) == []


def test_forms_are_stable_when_questions_are_added(tmp_path):
    root = bank(tmp_path / "c", {1: 50, 2: 40, 3: 35, 4: 30})
    before = forms.extend(load([root]), {}, 2)
    (tmp_path / "forms.yaml").write_text(forms.dump(before))
    bank(root, {1: 30, 2: 25, 3: 20, 4: 15}, prefix="extra")  # a second batch of questions lands
    grown = load([root])
    read, problems = forms.read(tmp_path / "forms.yaml")
    assert problems == [] and read == before
    assert forms.check(grown, read, "forms.yaml") == []
    extended = forms.extend(grown, read, 1)
    assert {n: extended[n] for n in (1, 2)} == before
    assert not set(extended[3]) & (set(before[1]) | set(before[2]))


def test_check_names_what_is_wrong(tmp_path):
    corpus = load([bank(tmp_path, {1: 50, 2: 40, 3: 35, 4: 30})])
    made = forms.extend(corpus, {}, 2)
    broken = {1: made[1][:-1] + [made[2][0]], 2: made[2], 3: ["no-such-question"]}
    problems = forms.check(corpus, broken, "forms.yaml", least=6)
    assert "forms.yaml: 3 form(s); the shipped corpus needs at least 6" in problems
    assert any(f"form 1: {made[2][0]} is also in form" in p or f"form 2: {made[2][0]} is also in form" in p for p in problems)
    assert any("form 3: not a reviewed question: no-such-question" in p for p in problems)
    assert any("form 1: has 65 questions split" in p and "a form has 65 split 21/17/15/12" in p for p in problems)


def test_extend_refuses_when_a_domain_runs_short(tmp_path):
    corpus = load([bank(tmp_path, {1: 21, 2: 17, 3: 15, 4: 11})])
    with pytest.raises(Exception, match="domain 4 has 11 questions in no form"):
        forms.extend(corpus, {}, 1)


# The shipped forms ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load([paths.builtin_content()])


def test_the_shipped_corpus_has_six_valid_forms(shipped):
    listed, problems = forms.read(forms.path(paths.builtin_content()))
    assert problems == []
    assert len(listed) >= forms.SHIPPED_FORMS
    assert forms.check(shipped, listed, "forms.yaml", least=forms.SHIPPED_FORMS) == []


def test_an_exam_on_a_form_uses_exactly_its_questions_and_compares_attempts(shipped, tmp_path):
    store = Store(tmp_path / "forms.db")
    first = Exam.start(store, shipped, total=65, minutes=130, seed=1, domains=None, now=utcnow(), form=2)
    assert sorted(a.item_id for a in first.answers) == sorted(form_ids(shipped, 2))
    assert first.session.form == 2
    result = first.submit(Settings(fuzzing=False), utcnow(), elapsed_s=60)
    second = Exam.start(store, shipped, total=65, minutes=130, seed=2, domains=None, now=utcnow(), form=2)
    assert [a.correct for a in second.earlier_attempts()] == [result.correct]
    assert second.fresh() == 0  # every question of the form was answered in the first attempt


def test_exam_form_command_errors(isolated_home):
    result = run("exam", "--form", "99")
    assert result.exit_code == 1 and "there is no form 99" in result.stderr
    result = run("exam", "--form", "1", "--questions", "10")
    assert result.exit_code == 1 and "drop --questions and --domain" in result.stderr


# Fresh-first draws -----------------------------------------------------------------------------


def test_draw_takes_never_answered_questions_first_then_the_oldest(tmp_path):
    corpus = load([bank(tmp_path, {1: 30, 2: 25, 3: 20, 4: 20})])
    now = utcnow()
    domain4 = sorted(i for i, q in corpus.questions.items() if q.exam_domain == 4)
    answered = {item_id: now - timedelta(days=n) for n, item_id in enumerate(domain4[5:])}  # 15 answered
    ids = draw(corpus, 65, random.Random(4), answered=answered)
    drawn4 = {i for i in ids if corpus.questions[i].exam_domain == 4}
    assert set(domain4[:5]) <= drawn4  # all 5 fresh ones
    oldest = sorted(answered, key=answered.get)[:7]
    assert drawn4 == set(domain4[:5]) | set(oldest)


def test_an_exam_draws_fresh_questions_and_reports_how_many(shipped, tmp_path):
    store = Store(tmp_path / "fresh.db")
    domain4 = sorted(i for i, q in shipped.questions.items() if q.exam_domain == 4 and shipped.live(i))
    seen = domain4[:3]
    with store.session() as db:
        for item_id in seen:
            review.record(db, Settings(fuzzing=False), item_id, "question", review.GOOD, now=utcnow() - timedelta(days=2))
    exam = Exam.start(store, shipped, total=len(domain4) - 3, minutes=60, seed=3, domains=[4], now=utcnow())
    assert not {a.item_id for a in exam.answers} & set(seen)
    assert exam.fresh() == len(domain4) - 3
    Exam.abandon(store)  # a draw of the whole domain must include the answered ones
    exam = Exam.start(store, shipped, total=len(domain4), minutes=60, seed=3, domains=[4], now=utcnow())
    assert exam.fresh() == len(domain4) - 3
    result = exam.submit(Settings(fuzzing=False), utcnow(), elapsed_s=5)
    console = Console(file=io.StringIO(), width=100)
    show_result(exam, result, console, Keys(console, interactive=False), timed_out=False)
    assert f"Fresh questions: {len(domain4) - 3} of {len(domain4)}" in console.file.getvalue()


def test_content_forms_command_adds_and_lists_forms(tmp_path, monkeypatch):
    root = bank(tmp_path / "c", {1: 50, 2: 40, 3: 35, 4: 30})
    monkeypatch.setattr(paths, "builtin_content", lambda: root)
    result = run("content", "forms", "--add", "2")
    assert result.exit_code == 0, result.output
    assert "form 1: 65 questions" in result.stdout and "form 2: 65 questions" in result.stdout
    assert "25 questions are in no form" in result.stdout
    written, problems = forms.read(root / "forms.yaml")
    assert problems == [] and list(written) == [1, 2]
    again = run("content", "forms")
    assert again.exit_code == 0 and "form 2: 65 questions" in again.stdout and (root / "forms.yaml").read_text() == forms.dump(written)
    short = run("content", "forms", "--add", "1")
    assert short.exit_code == 1 and "questions in no form" in short.stderr
