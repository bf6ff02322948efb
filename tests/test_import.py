"""`awsprep import`: real notes files to draft content that passes the loader, with sources, no
junk, stable ids and nothing overwritten without --force."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from awsprep.content.load import load
from awsprep.transfer import text as tx
from awsprep.transfer.notes import draft_notes
from helpers import run

NOTES = Path(__file__).resolve().parents[2] / "shared" / "notes"
needs_notes = pytest.mark.skipif(not NOTES.is_dir(), reason="the shared notes test bed is not here")

# Each notes file of the test bed, the topics it is about, and lines that are junk.
BED = {
    "000_b54634b11ce767f5.txt": {
        "topics": {"step-functions", "cdk", "sam", "cloudformation", "sqs", "sns", "kinesis", "api-gateway", "cloudfront", "sts",
                   "containers"},
        "junk": {48: "placeholder", 49: "placeholder", 50: "placeholder", 51: "separator"},
    },
    "001_e6505189f4ae02c7.txt": {
        "topics": {"ec2", "cli-sdk", "containers", "elb-asg", "cloudwatch", "data-stores", "elasticache", "networking", "s3",
                   "cloudfront", "kms", "secrets", "elastic-beanstalk", "cloudformation", "sqs", "kinesis", "xray", "lambda",
                   "dynamodb", "step-functions", "codebuild", "codecommit", "codedeploy", "codepipeline", "iam", "sts"},
        "junk": {1: "date or byline", 2: "separator", 14: "separator", 15: "separator", 190: "unfinished note (contains ??)"},
    },
    "002_fad36c4ef26630e4.txt": {
        "topics": {"iam", "ec2", "elb-asg", "data-stores", "elasticache", "networking", "s3", "cli-sdk", "cloudfront", "containers",
                   "elastic-beanstalk", "codecommit", "codebuild", "codedeploy", "codepipeline", "cloudformation", "cloudwatch",
                   "xray", "sqs", "sns", "kinesis", "lambda", "dynamodb", "api-gateway", "sam", "cognito"},
        "junk": {1: "about the notes, not about AWS", 106: "code block", 136: "image"},
    },
    "003_a2ff19b7c00e37e9.txt": {
        "topics": {"step-functions", "api-gateway"},
        "junk": {1: "date or byline", 3: "about the notes, not about AWS", 173: "page footer"},
    },
    "004_20999820418bd651.txt": {
        "topics": {"lambda", "step-functions", "sqs", "sns", "kinesis", "containers", "ses"},
        "junk": {9: "link without a note", 181: "code block", 281: "code block"},
    },
}
FOOTER_003 = range(173, 196)


def _items(folder: Path) -> list[dict]:
    items = []
    for path in sorted(folder.glob("*/*.yaml")):
        document = yaml.safe_load(path.read_text())
        assert document["draft"] is True, path
        items += document.get("cards") or document.get("questions") or []
    return items


def _import(*args: str):
    result = run("import", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


@needs_notes
@pytest.mark.parametrize("name", sorted(BED))
def test_each_notes_file_becomes_valid_drafts_with_sources(name, tmp_path):
    notes = NOTES / name
    out = tmp_path / "drafts"
    _import(str(notes), "--out", str(out))

    corpus = load([out])
    assert corpus.errors == []
    ids = set(corpus.cards) | set(corpus.questions)
    assert len(ids) >= 10
    assert corpus.drafts == ids, "every imported item is a draft"

    lines = notes.read_text(encoding="utf-8").splitlines()
    sources = {}
    for item in [*corpus.cards.values(), *corpus.questions.values()]:
        file, _, line = item.source.rpartition(":")
        assert Path(file).name == name
        number = int(line)
        assert 1 <= number <= len(lines) and lines[number - 1].strip(), f"{item.id}: source {item.source} is a blank line"
        sources[number] = item
        assert not item.refs or all(ref.startswith("https://") for ref in item.refs)
    topics = set(corpus.topic_of.values())
    assert BED[name]["topics"] <= topics, f"missing topics: {BED[name]['topics'] - topics}"

    for number in BED[name]["junk"]:
        assert number not in sources, f"junk line {number} made {sources.get(number)}"
    if name.startswith("003"):
        assert not set(FOOTER_003) & set(sources), "the blog footer made cards"
    everything = " ".join(f"{c.front} {c.back}" for c in corpus.cards.values())
    assert not re.search(r"x{4,}|WordPress|bloggers like this|Leave a Reply|Published by", everything)


@needs_notes
@pytest.mark.parametrize("name", sorted(BED))
def test_junk_lines_are_reported_with_their_reason(name):
    [notes] = draft_notes([NOTES / name]).files
    reasons = {skip.line: skip.reason for skip in notes.skipped}
    for number, reason in BED[name]["junk"].items():
        assert reasons.get(number, "").startswith(reason), f"line {number}: {reasons.get(number)!r}"


@needs_notes
def test_the_import_reports_what_it_skipped(tmp_path):
    result = _import(str(NOTES / "000_b54634b11ce767f5.txt"), "--out", str(tmp_path / "d"))
    assert "placeholder: 3" in result.output
    assert "000_b54634b11ce767f5.txt:48 'xxxxxx'" in result.output
    assert "separator: 1" in result.output
    assert "drafts written to" in result.output


@needs_notes
def test_cards_take_the_shape_of_the_note(tmp_path):
    out = tmp_path / "d"
    _import(*(str(NOTES / name) for name in sorted(BED)), "--out", str(out))
    cards = load([out]).cards.values()

    def find(pattern: str, source: str):
        matches = [c for c in cards if c.source.endswith(source) and re.search(pattern, f"{c.front}\n{c.back}")]
        assert matches, f"no card like {pattern!r} from {source}"
        return matches[0]

    term = find(r"Security Groups", "001_e6505189f4ae02c7.txt:84")  # `term - definition`
    assert term.front == "What are Security Groups?" and term.back == "Stateful"
    code = find(r"504", "003_a2ff19b7c00e37e9.txt:155")  # `term – definition` in blog prose
    assert code.front.startswith("What is 504?") and "29s" in code.back
    gap = find(r"256kb", "000_b54634b11ce767f5.txt:77")  # a number becomes the gap
    assert "____" in gap.front and "256kb" not in gap.front and "256kb" in gap.back
    group = find(r"Long Polling", "001_e6505189f4ae02c7.txt:1024")  # a block: title and its notes
    assert group.front.startswith("What are the key points about Long Polling?")
    assert "- maximum long polling wait time is 20 seconds" in group.back
    scenario = find(r"InvalidAccessKeyId", "001_e6505189f4ae02c7.txt:1762")  # Q. / A.
    assert "scenario" in scenario.tags and scenario.back.startswith("(SDKs) require an access key ID")
    nested = find(r"message groups all different channels", "004_20999820418bd651.txt:363")  # nested markdown bullets
    assert nested.task in {"1.1", "1.3"} and load([out]).topic_of[nested.id] == "sqs"


@needs_notes
def test_reimport_adds_nothing_and_changes_no_byte(tmp_path):
    out = tmp_path / "d"
    notes = [str(NOTES / "000_b54634b11ce767f5.txt"), str(NOTES / "003_a2ff19b7c00e37e9.txt")]
    _import(*notes, "--out", str(out))
    before = {p: p.read_bytes() for p in out.rglob("*.yaml")}
    result = _import(*notes, "--out", str(out))
    assert "0 drafts written" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*.yaml")} == before


@needs_notes
def test_a_second_notes_file_is_appended_keeping_the_first_files_edits(tmp_path):
    out = tmp_path / "d"
    _import(str(NOTES / "000_b54634b11ce767f5.txt"), "--out", str(out))
    topic = out / "topics" / "step-functions.yaml"
    edited = topic.read_text().replace("# Drafts made", "# my own remark\n# Drafts made", 1)
    topic.write_text(edited)
    count = len(_items(out))
    result = _import(str(NOTES / "003_a2ff19b7c00e37e9.txt"), "--out", str(out))
    assert "step-functions.yaml: added" in result.output
    assert topic.read_text().startswith(edited), "appending keeps the file's own text as it was"
    assert len(_items(out)) > count
    assert load([out]).errors == []


def _edit_first_card(folder: Path, topic: str) -> tuple[Path, str]:
    path = folder / "topics" / f"{topic}.yaml"
    document = yaml.safe_load(path.read_text())
    first = document["cards"][0]
    text = path.read_text().replace(f"back: {first['back']}", "back: My own wording.", 1)
    assert text != path.read_text()
    path.write_text(text)
    return path, first["id"]


@needs_notes
def test_nothing_is_overwritten_without_force(tmp_path):
    out = tmp_path / "d"
    notes = str(NOTES / "000_b54634b11ce767f5.txt")
    _import(notes, "--out", str(out))
    path, card_id = _edit_first_card(out, "sqs")
    _import(notes, "--out", str(out))
    assert "back: My own wording." in path.read_text()
    assert len(_items(out)) == len({item["id"] for item in _items(out)}), "no duplicates"

    # a reviewed file (no draft flag) with new drafts waiting: held back, an error, no change
    path.write_text(path.read_text().replace("draft: true\n", ""))
    document = yaml.safe_load(path.read_text())
    document["cards"] = document["cards"][:3]
    reviewed = yaml.safe_dump(document, sort_keys=False)
    path.write_text(reviewed)
    result = run("import", notes, "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "use --force" in result.stderr
    assert path.read_text() == reviewed


@needs_notes
def test_force_rewrites_drafts_from_the_notes_and_keeps_other_cards(tmp_path):
    out = tmp_path / "d"
    notes = str(NOTES / "000_b54634b11ce767f5.txt")
    _import(notes, "--out", str(out))
    path, card_id = _edit_first_card(out, "sqs")
    path.write_text(path.read_text() + "  - id: my-own-sqs-card\n    front: Mine?\n    back: Yes.\n    task: '1.1'\n")
    result = _import(notes, "--out", str(out), "--force")
    assert "sqs.yaml: rewritten" in result.output
    document = yaml.safe_load(path.read_text())
    cards = {card["id"]: card for card in document["cards"]}
    assert cards[card_id]["back"] != "My own wording."
    assert "my-own-sqs-card" in cards, "cards that did not come from these notes stay"
    assert document["draft"] is True
    assert load([out]).errors == []


def test_questions_with_options_become_question_drafts(tmp_path):
    notes = tmp_path / "quiz.md"
    notes.write_text(
        "# Amazon SQS\n\n"
        "Q: A worker takes longer than the visibility timeout and messages are processed twice. What fixes it?\n"
        "A. Increase the visibility timeout\n"
        "B. Use long polling\n"
        "C. Enable a dead-letter queue\n"
        "D. Switch to SNS\n"
        "Answer: A. The message stays hidden while the worker runs.\n\n"
        "Q. What is the default visibility timeout?\n"
        "A. 30 seconds\n"
    )
    out = tmp_path / "d"
    _import(str(notes), "--out", str(out))
    corpus = load([out])
    assert corpus.errors == []
    [question] = corpus.questions.values()
    assert question.choose == 1 and question.answer == frozenset({0})
    assert question.options[0].why == "The message stays hidden while the worker runs."
    assert question.source.endswith("quiz.md:3")
    assert corpus.topic_of[question.id] == "sqs"
    [card] = corpus.cards.values()
    assert card.front == "What is the default visibility timeout?" and card.back == "30 seconds"


def test_default_folder_is_the_content_folder(tmp_path, monkeypatch):
    notes = tmp_path / "n.txt"
    notes.write_text("Amazon SQS\n- Long polling waits up to 20 seconds for a message to arrive\n")
    folder = tmp_path / "mine"
    monkeypatch.setenv("AWSPREP_CONTENT", str(folder))
    _import(str(notes))
    assert (folder / "topics" / "sqs.yaml").exists()
    monkeypatch.delenv("AWSPREP_CONTENT")
    result = run("import", str(notes))
    assert result.exit_code == 1 and "--out DIR" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["missing.md", "--out", "d"], "no such notes file"),
    ([], "give notes files"),
    (["x.md", "--progress", "p.json"], "give it alone"),
])
def test_bad_input_is_one_line_and_no_traceback(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("import", *args)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("line, expected", [
    ("Security Groups - stateful", ("Security Groups", "stateful")),
    ("Wait: certain period of time", ("Wait", "certain period of time")),
    ("Backup and restore = lowest cost, just create backups", ("Backup and restore", "lowest cost, just create backups")),
    ("API Gateway: Errors", None),
    ("the message stays in the queue but is invisible", None),
])
def test_definition_lines(line, expected):
    found = tx.definition(line)
    assert (found and (found.term, found.definition)) == (expected or None)


@pytest.mark.parametrize("line, reason", [
    ("xxxx", "placeholder"), ("TODO", "placeholder"), ("Leave a Reply", "web page furniture"),
    ("Last Updated on March 16, 2025", "date or byline"), ("IOPS ???", "unfinished note (contains ??)"),
    ("Long polling reduces empty responses", None),
])
def test_junk_lines(line, reason):
    assert tx.junk_reason(line) == reason


def test_ids_are_stable_and_valid(tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text("## Lambda\n\n- Timeout: default 3 seconds, up to 900 seconds\n- Memory goes from 128 MB to 10,240 MB\n")
    first = [card.id for card in draft_notes([notes]).cards]
    notes.write_text("\n\n" + notes.read_text())  # lines move, words do not
    assert [card.id for card in draft_notes([notes]).cards] == first
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", card_id) for card_id in first)
