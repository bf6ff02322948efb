"""The answer-cue linter: long keys are errors with file:line; bank figures fail the shipped corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from awsprep import paths
from awsprep.content.lint import LONGEST_MAX, RANK_MAX, RATIO_BAND, cue, lint
from awsprep.content.load import load
from helpers import DEMO_TOPIC, DOC_REF, run, write_folder

REF = DOC_REF
TOPIC = DEMO_TOPIC


def question(qid: str, key: str, others: list[str], stem: str = "A function fails under load. What should the developer do?") -> str:
    options = [f"      - {{text: '{key}', correct: true, why: Right.}}"]
    options += [f"      - {{text: '{text}', why: Wrong.}}" for text in others]
    return "\n".join([f"  - id: {qid}", f"    stem: {stem}", "    choose: 1", '    task: "1.2"',
                      f"    refs: [{REF}]", "    options:", *options]) + "\n"


BALANCED = question("demo-q-balanced", "Raise the timeout to 60 seconds now.",
                    ["Raise the memory setting to 1,024 MB.", "Add reserved concurrency of 10 units.",
                     "Move the code into a Lambda layer now."])
LONG_KEY = question("demo-q-long-key", "Configure a dead-letter queue for the asynchronous invocations and alarm on its depth.",
                    ["Add a layer.", "Use SnapStart.", "Raise memory."])


def write(root: Path, *questions: str) -> Path:
    return write_folder(root, TOPIC, "topic: demo\nquestions:\n" + "".join(questions))


def test_a_long_key_is_an_error_with_file_and_line(tmp_path):
    root = write(tmp_path, BALANCED, LONG_KEY)
    report = lint(load([root]))
    text = (root / "questions" / "demo.yaml").read_text().splitlines()
    line = text.index("  - id: demo-q-long-key") + 1
    per_question = [e for e in report.errors if not e.startswith("answer cues")]
    assert per_question == [f"{root}/questions/demo.yaml:{line}: demo-q-long-key: the key is 6.62x the mean "
                            "distractor length (limit 1.5x): balance the options' length and detail"]


def test_a_balanced_question_has_no_cue(tmp_path):
    corpus = load([write(tmp_path, BALANCED)])
    one = cue(corpus.questions["demo-q-balanced"], "x")
    assert 0.85 <= one.ratio <= 1.15
    assert not one.echo
    assert [e for e in lint(corpus).errors if not e.startswith("answer cues")] == []  # a one-question bank has bank cues


def test_a_bank_of_second_longest_keys_fails(tmp_path):
    """Avoiding the longest key is not enough: a key that is always the second longest is a cue too."""
    second = [question(f"demo-q-s{n}", "Raise the timeout to 60 seconds.", ["Raise the memory setting to 1,024 MB.",
              "Add a Lambda layer now.", "Turn on SnapStart."]) for n in range(4)]
    report = lint(load([write(tmp_path, *second)]))
    assert all(cue(q, "x").rank == 1 for q in load([tmp_path]).questions.values())
    assert any("the key is the 2nd option by length in 100% of single-answer questions" in e for e in report.errors)
    assert not any("longest option in" in e for e in report.errors)


def test_stem_echo_is_measured(tmp_path):
    echo = question("demo-q-echo", "Write the log level as JSON output.", ["Add a Lambda layer now.",
                    "Raise the memory size.", "Turn on SnapStart here."], stem="The logs must be JSON with a log level.")
    corpus = load([write(tmp_path, echo)])
    one = cue(corpus.questions["demo-q-echo"], "x")
    assert one.echo and one.key_echo == 3 and one.distractor_echo == 0


def test_bank_figures_fail_the_first_root_and_warn_for_a_learner_folder(tmp_path):
    longest = [question(f"demo-q-k{n}", "Use provisioned concurrency of 50.", ["Use SnapStart on it.",
               "Raise the memory cap.", "Add reserved units."]) for n in range(3)]
    mine = write(tmp_path / "mine", *longest)
    as_shipped = lint(load([mine]))
    assert any("answer cues (shipped questions): the key is the longest option in 100%" in e for e in as_shipped.errors)
    as_learner = lint(load([write(tmp_path / "builtin", BALANCED), mine]))
    assert any("answer cues (yours" in w for w in as_learner.warnings)
    assert not any("answer cues (yours" in e for e in as_learner.errors)


def test_a_comment_that_cuts_text_short_is_an_error(tmp_path):
    root = write(tmp_path, BALANCED)
    topic = TOPIC.replace("back: One.", "back: Comments start with # in Logs Insights.")
    (root / "topics" / "demo.yaml").write_text(topic)
    corpus = load([root])
    assert any("topics/demo.yaml:7: cards.0.back: ' #' starts a YAML comment" in e for e in corpus.errors), corpus.errors
    (root / "topics" / "demo.yaml").write_text(topic.replace("back: Comments start with # in Logs Insights.",
                                                             'back: "Comments start with # in Logs Insights."'))
    assert load([root]).errors == []


def test_content_check_prints_cue_figures_for_a_learner_folder(tmp_path):
    result = run("content", "check", str(write(tmp_path / "mine", LONG_KEY)))
    assert result.exit_code == 1
    assert "demo-q-long-key: the key is" in result.stderr
    assert "Answer cues" in result.stdout


@pytest.fixture(scope="module")
def shipped():
    return load([paths.builtin_content()])


def test_the_shipped_bank_passes_the_linter(shipped):
    report = lint(shipped)
    assert report.errors == []
    bank = report.banks[0]
    assert bank.name == "shipped" and bank.longest_share <= LONGEST_MAX
    assert max(bank.rank_shares) <= RANK_MAX
    assert RATIO_BAND[0] <= bank.median_ratio <= RATIO_BAND[1]
