"""Content loading and validation: errors name file and line; the shipped corpus meets the coverage rules."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from awsprep import paths
from awsprep.content import load as load_module
from awsprep.content.coverage import coverage
from awsprep.content.load import load
from helpers import DEMO_QUESTIONS, DEMO_TOPIC, DOC_REF, SCRIPT, run, unprivileged, write_folder

REF = DOC_REF
TOPIC, QUESTIONS = DEMO_TOPIC, DEMO_QUESTIONS


def write(root: Path, topic: str = TOPIC, questions: str = QUESTIONS) -> Path:
    return write_folder(root, topic, questions)


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


# Bounded loading: every broken folder is a file:line error, never a traceback, a hang or a blow-up --


BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def _nested(depth: int) -> str:
    return TOPIC.replace("cards:", "services: " + "[" * depth + "]" * depth + "\ncards:")


def _symlink(target):
    return lambda path: path.symlink_to(target)


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("demo.yaml", BOMB, "topics/demo.yaml:2: YAML aliases"),
        ("demo.yaml", "base: &b {task: '1.2'}\n" + TOPIC.replace("    task: \"1.2\"\n", "    <<: *b\n"), "YAML aliases"),
        ("demo.yaml", _symlink("/dev/zero"), "topics/demo.yaml:1: not a regular file"),
        ("demo.yaml", lambda path: os.mkfifo(path), "topics/demo.yaml:1: not a regular file"),
        ("demo.yaml", _symlink("gone.yaml"), "topics/demo.yaml:1: a symlink to a missing file"),
        ("demo.yaml", _symlink("demo.yaml"), "topics/demo.yaml:1: cannot read the file"),
        ("d.yaml", lambda path: path.mkdir(), "topics/d.yaml:1: a folder"),
        ("demo.yaml", TOPIC.replace("domain: 1", "domain: 1\nservices: [2001-13-45]"), None),
        ("demo.yaml", TOPIC.replace("domain: 1", "domain: " + "9" * 10_000), "topics/demo.yaml:3: the number 9999"),
        ("demo.yaml", _nested(990), "nested more than"),
        ("demo.yaml", _nested(100_000), "topics/demo.yaml:4: invalid YAML"),
        ("demo.yaml", TOPIC.replace("title: Demo", "title: !!set {a, b}"), "topics/demo.yaml:2: title"),
        ("demo.yaml", "? [a, b]\n: c\n" + TOPIC, "topics/demo.yaml:1: a key must be plain text"),
        ("demo.yaml", TOPIC + "# " + "x" * (load_module.MAX_FILE_BYTES + 1) + "\n", "topics/demo.yaml:1: the file is"),
    ],
    ids=["alias bomb", "merge key", "symlink to /dev/zero", "fifo", "dangling symlink", "symlink loop", "folder d.yaml",
         "a YAML date", "10,000-digit integer", "990 levels", "100k levels", "set tag", "list as key", "over the size limit"],
)
def test_broken_content_is_a_file_and_line_error(tmp_path, monkeypatch, name, body, expected):
    import time

    monkeypatch.chdir(tmp_path)
    root = write(Path("mine"))
    (root / "topics" / "demo.yaml").unlink()
    path = root / "topics" / name
    if callable(body):
        body(path)
    else:
        path.write_text(body)
    started = time.monotonic()
    corpus = load([root])
    assert time.monotonic() - started < 5
    if expected is None:  # a date stays text, so this file is valid
        assert corpus.errors == [], corpus.errors
        return
    assert any(error.startswith(f"mine/{expected}") or expected in error for error in corpus.errors), corpus.errors
    assert all(re.match(r"^[\w./-]+:\d+: ", error) for error in corpus.errors), corpus.errors


def test_the_alias_bomb_stays_small(tmp_path):
    import resource
    import subprocess
    import sys

    root = write(tmp_path / "bomb")
    (root / "topics" / "demo.yaml").write_text(BOMB)
    code = ("import resource, sys; from awsprep.content.load import load; from pathlib import Path;"
            "errors = load([Path(sys.argv[1])]).errors;"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(errors))")
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=60,
                         preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)))
    assert out.returncode == 0, out.stderr
    peak_kb, errors = map(int, out.stdout.split())
    assert errors >= 1 and peak_kb < 300_000


def test_an_unreadable_file_is_an_error(tmp_path):
    import subprocess

    root = write(tmp_path / "mine")
    (root / "topics" / "demo.yaml").chmod(0)
    env = {**os.environ, "AWSPREP_HOME": str(tmp_path / "home")}
    result = subprocess.run([*unprivileged(), str(SCRIPT), "content", "check", str(root)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "demo.yaml:1: cannot read the file: Permission denied" in result.stderr


@pytest.mark.parametrize("target", ["/dev/null", "/etc/hostname"])
def test_content_check_of_something_that_is_not_a_folder_fails(target):
    result = run("content", "check", target)
    assert result.exit_code == 1 and "is not a folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_learner_topic_may_not_retitle_a_built_in_one(tmp_path):
    mine = TOPIC.replace("id: demo\ntitle: Demo", "id: sqs\ntitle: Mine").replace("demo-one", "mine-one")
    root = write(tmp_path / "mine", mine)
    (root / "topics" / "demo.yaml").rename(root / "topics" / "sqs.yaml")
    corpus = load([paths.builtin_content(), root])
    assert corpus.topics["sqs"].title != "Mine"
    assert any("topic 'sqs' is already defined in" in error and "use the same title" in error for error in corpus.errors)
    assert "mine-one" not in corpus.cards
    same = mine.replace("title: Mine", f"title: {corpus.topics['sqs'].title}").replace("domain: 1", f"domain: {corpus.topics['sqs'].domain}")
    (root / "topics" / "sqs.yaml").write_text(same)
    joined = load([paths.builtin_content(), root])
    assert "mine-one" in joined.cards and joined.topic_of["mine-one"] == "sqs"
    assert not [e for e in joined.errors if "sqs.yaml" in e and "already defined" in e]


@pytest.mark.parametrize("junk", [b"\x80\x04K\x05.", b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x01K\x02\x86\x94.", b""])
def test_a_cache_holding_something_else_is_rebuilt(tmp_path, junk):
    root = write(tmp_path / "c")
    cache = tmp_path / "corpus.pickle"
    cache.write_bytes(junk)
    assert load([root], cache).cards["demo-one"].front == "What is one?"
    assert load([root], cache).cards["demo-one"].front == "What is one?"


def test_an_unreadable_content_folder_is_one_line(tmp_path):
    import subprocess

    root = write(tmp_path / "mine")
    (root / "questions").chmod(0)
    env = {**os.environ, "AWSPREP_HOME": str(tmp_path / "home")}
    result = subprocess.run([*unprivileged(), str(SCRIPT), "content", "check", str(root)], capture_output=True, text=True,
                            env=env, timeout=120)
    (root / "questions").chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot read the content folder" in result.stderr and len(result.stderr.strip().splitlines()) == 1
