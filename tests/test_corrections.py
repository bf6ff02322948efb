"""Notes that are wrong: detectors on cards (validated with file:line), flagged drafts with what is
true and where we teach it, `--check` as a notes linter, `same_as` links, and better draft fronts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from awsprep import paths
from awsprep.content.load import load
from awsprep.content.model import normalise
from awsprep.transfer.notes import draft_notes
from helpers import run

REF = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html"
CARD = f"""\
id: demo
title: Demo
domain: 1
cards:
  - id: demo-size
    front: How large can a demo message be?
    back: Up to 1 MiB.
    task: "1.1"
    refs: [{REF}]
    pitfall: Old notes say 256 KB.
    detectors:
      - service: 'demo'
        claim: '{{claim}}'
"""

# Three wrong claims and three true ones, in words of our own (not the shipped notes').
NOTES = """\
# Amazon SQS

- A single message can carry at most 256 KB of data.
- Long polling waits up to 20 seconds for a message to arrive.

## AWS Lambda

- Functions get between 128 MB and 3,008 MB of memory.
- The longest a function can run is 15 minutes.

## Amazon CloudFront

- Keep the bucket private with an origin access identity (OAI).
- Origin access control lets only the distribution read the bucket.
"""
WRONG = {3: "sqs-max-message-size", 8: "lambda-memory-range", 13: "cloudfront-oac-vs-oai"}


def _topic(tmp_path: Path, claim: str) -> Path:
    (tmp_path / "topics").mkdir(parents=True)
    (tmp_path / "topics" / "demo.yaml").write_text(CARD.format(claim=claim))
    return tmp_path


@pytest.mark.parametrize("claim, message", [
    ("256 ?(kb", "topics/demo.yaml:13: cards.0.detectors.0.claim: not a valid regular expression"),
    ("256 KB", "topics/demo.yaml:13: cards.0.detectors.0.claim: patterns are matched on lower-case text"),
    ("(?:256)?", "topics/demo.yaml:13: cards.0.detectors.0.claim: matches empty text"),
    ("1 mib", "topics/demo.yaml:5: cards.0: detector 1 flags the card's own answer"),
])
def test_detector_errors_name_file_and_line(tmp_path, claim, message):
    corpus = load([_topic(tmp_path, claim)])
    assert any(message in error for error in corpus.errors), corpus.errors


def test_an_unknown_detector_key_is_an_error(tmp_path):
    root = _topic(tmp_path, "256 ?kb")
    path = root / "topics" / "demo.yaml"
    path.write_text(path.read_text().replace("        claim:", "        clam:"))
    assert any("topics/demo.yaml:13: cards.0.detectors.0.clam: unknown key" in error for error in load([root]).errors)


def test_a_valid_detector_loads(tmp_path):
    corpus = load([_topic(tmp_path, r"\b256 ?k(?:i)?b\b")])
    assert corpus.errors == []
    [detector] = corpus.cards["demo-size"].detectors
    assert detector.claimed(normalise("Max message: 256KB")) and not detector.claimed(normalise("Max message: 1 MiB"))


def test_normalise_makes_numbers_and_units_comparable():
    assert normalise("Up to **10,000** msgs; `256KB` – “max”") == 'up to 10000 msgs; 256 kb - "max"'


@pytest.fixture(scope="module")
def shipped():
    return load([paths.builtin_content()])


def test_every_shipped_pitfall_has_detectors(shipped):
    bare = [card_id for card_id, card in shipped.cards.items() if card.pitfall and not card.detectors]
    assert bare == [], "a card with a pitfall says how to find the mistake in notes (content/README.md, Detectors)"


def _notes(tmp_path: Path, text: str = NOTES) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(text)
    return path


def test_exactly_the_three_wrong_claims_are_flagged_with_the_card_that_teaches_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _notes(tmp_path)
    result = run("import", "notes.md", "--out", "drafts")
    assert result.exit_code == 0, result.output + result.stderr
    flagged = dict(re.findall(r"^  notes\.md:(\d+): .*see card ([a-z0-9-]+)$", result.output, re.MULTILINE))
    assert {int(line): card for line, card in flagged.items()} == WRONG
    cards = [card for path in sorted((tmp_path / "drafts" / "topics").glob("*.yaml"))
             for card in yaml.safe_load(path.read_text())["cards"]]
    warned = {int(line): warning for card in cards if "warning" in card
              for line, warning in re.findall(r"^Line (\d+) (says .*)$", card["warning"], re.MULTILINE)}
    assert set(warned) == set(WRONG)
    shipped = load([paths.builtin_content()])
    for line, card_id in WRONG.items():
        card = shipped.cards[card_id]
        assert f"card {card_id}" in warned[line] and card.refs[0] in warned[line] and card.back in warned[line]
    assert load([tmp_path / "drafts"]).errors == []


def test_check_prints_the_report_and_writes_nothing(tmp_path, monkeypatch, isolated_home):
    monkeypatch.chdir(tmp_path)
    _notes(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run("import", "--check", "notes.md")
    assert result.exit_code == 0, result.output + result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not isolated_home.exists(), "not even a cache in the data folder"
    assert [int(n) for n in re.findall(r"^notes\.md:(\d+): the notes say", result.output, re.MULTILINE)] == sorted(WRONG)
    assert "true today: Any value from 128 MB" in result.output
    assert result.output.rstrip().endswith("3 wrong or outdated facts in 1 notes file.")


def test_check_takes_no_out_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _notes(tmp_path)
    result = run("import", "--check", "notes.md", "--out", "d")
    assert result.exit_code == 1 and "--check only reports" in result.stderr and not (tmp_path / "d").exists()


def test_reimport_is_idempotent_and_the_warnings_stay_the_same(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _notes(tmp_path)
    first = run("import", "notes.md", "--out", "drafts")
    files = {p: p.read_bytes() for p in (tmp_path / "drafts").rglob("*.yaml")}
    second = run("import", "notes.md", "--out", "drafts")
    assert second.exit_code == 0 and "0 drafts written" in second.output
    assert {p: p.read_bytes() for p in (tmp_path / "drafts").rglob("*.yaml")} == files

    def report(output: str) -> list[str]:
        return [line for line in output.splitlines() if "see card" in line]
    assert report(first.output) == report(second.output) and len(report(first.output)) == 3


LAMBDA_NOTES = """\
## AWS Lambda

- Timeout: default 3 seconds, max is 900 seconds (15 minutes)
- Layers let several functions share libraries and runtimes
- Provisioned concurrency keeps execution environments warm ahead of traffic
- Reserved concurrency also caps how far one function can scale
- The execution role is what the function itself may do in AWS
- Environment variables are encrypted at rest with a KMS key
- SnapStart shortens cold starts for Java, Python and .NET functions
- Function URLs give a function its own HTTPS endpoint
- A function can run for at most 15 minutes, so longer jobs belong in Step Functions or Fargate
"""


def test_a_draft_that_repeats_a_built_in_card_is_marked_same_as(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _notes(tmp_path, LAMBDA_NOTES)
    result = run("import", "notes.md", "--out", "drafts")
    assert "notes.md:3 -> lambda-timeout-limit" in result.output
    cards = yaml.safe_load((tmp_path / "drafts" / "topics" / "lambda.yaml").read_text())["cards"]
    linked = {card["source"]: card["same_as"] for card in cards if "same_as" in card}
    assert linked["notes.md:3"] == "lambda-timeout-limit"
    assert "notes.md:11" not in linked, "a fact no built-in card states stays a card of its own"
    assert len(linked) < len(cards)


def test_a_reviewed_card_marked_same_as_is_not_drilled(tmp_path):
    topic = CARD.format(claim="256 ?kb").replace("id: demo-size", "id: demo-copy")
    copy = topic[topic.index("  - id: demo-copy"):].replace("demo-copy", "demo-own")
    topic += copy.replace("    detectors:", "    same_as: sqs-max-message-size\n    detectors:")
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "demo.yaml").write_text(topic)
    corpus = load([tmp_path])
    assert corpus.errors == []
    assert corpus.live("demo-copy") and not corpus.live("demo-own")


def _fronts(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "n.md"
    path.write_text(text)
    return [card.front for card in draft_notes([path]).cards]


def test_fronts_carry_no_markdown_and_no_lone_labels(tmp_path):
    fronts = _fronts(tmp_path, (
        "## Amazon S3\n\n"
        "- **Note: versioning** keeps every version of an object\n"
        "- Pros:\n  - durable\n  - cheap\n"
        "- YES - server-side encryption with SSE-KMS\n"
        "- 100 - maximum number of tags on an object\n"
    ))
    assert fronts and not any(re.search(r"\*\*|`|__(?!_)", front) for front in fronts)
    assert not any(re.match(r"What (?:is|are) (?:Note|Pros|YES|100)\b", front) for front in fronts), fronts


def test_a_lone_everyday_word_is_asked_within_its_service(tmp_path):
    fronts = _fronts(tmp_path, (
        "At a high level, IAM has:\n"
        "- Users: people or workloads that sign in with their own long-term credentials, such as a password for the console\n"
        "- Groups: sets of users that share the same permissions, so that access is managed in one place for a whole team\n"
    ))
    assert "What are Users in IAM?" in fronts


def test_gaps_hide_a_term_a_number_or_a_name(tmp_path):
    path = tmp_path / "n.md"
    path.write_text("## Amazon SQS\n\n"
                    "The default visibility timeout is 30 seconds and the maximum is 12 hours.\n\n"
                    "Use ChangeMessageVisibility to keep one slow message hidden longer than the others in the queue.\n\n"
                    "messages that keep failing should go somewhere else after a while, and not come back for ever.\n\n"
                    + "Long polling cuts the number of empty receives, and with it the bill, for a quiet queue.\n\n" * 0)
    made = draft_notes([path])
    gaps = {card.back: card.answer for card in made.cards if "fill the gap" in card.front}
    assert gaps == {"The default visibility timeout is 30 seconds and the maximum is 12 hours.": "30 seconds",
                    "Use ChangeMessageVisibility to keep one slow message hidden longer than the others in the queue.":
                        "ChangeMessageVisibility"}
    assert [skip.reason for skip in made.files[0].skipped] == ["no term, number or name to ask about"]
    assert all(card.source.startswith(str(path)) or card.source.startswith("n.md") for card in made.cards)


def test_a_reviewed_card_keeps_its_warning_on_the_drill_screen(tmp_path, isolated_home):
    topic = CARD.format(claim="256 ?kb").replace("    pitfall:", "    skills: [\"1.1.8\"]\n    warning: 'Line 3 says “256 KB”. True today: 1 MiB.'\n    pitfall:")
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "demo.yaml").write_text(topic)
    result = run("--content", str(tmp_path), "drill", "--topic", "demo", "-n", "1", input=" \n3\n")
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert "Your notes: Line 3 says “256 KB”. True today: 1 MiB." in shown
