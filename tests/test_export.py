"""`awsprep export`: a real Anki package, CSV for spreadsheets and for Anki's importer, and Markdown
pages. (The real Anki client's view of these is in test_anki_client.py, progress files in test_progress.py.)"""

from __future__ import annotations

import csv
import html
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from awsprep.content.load import load_all
from awsprep.transfer import anki, markdown
from awsprep.transfer.items import prose, ref_label
from helpers import run

SQS_CARD = "sqs-max-message-size"


def _ok(*args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def _collection(apkg: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(apkg) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        database = tmp_path / f"{apkg.stem}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(database)


def _notes(connection) -> dict[str, tuple[int, list[str], list[str]]]:
    """guid -> (model id, fields, tags)"""
    rows = connection.execute("SELECT guid, mid, flds, tags FROM notes").fetchall()
    return {guid: (mid, flds.split("\x1f"), tags.split()) for guid, mid, flds, tags in rows}


def test_anki_package_has_both_note_types_fields_and_tags(tmp_path):
    out = tmp_path / "dva.apkg"
    result = _ok("export", "--format", "anki", "--out", str(out))
    corpus = load_all()
    live_cards = [i for i in corpus.cards if corpus.live(i)]
    live_questions = [i for i in corpus.questions if corpus.live(i)]
    assert f"{len(live_cards)} fact cards and {len(live_questions)} questions" in result.output

    connection = _collection(out, tmp_path)
    notes = _notes(connection)
    assert len(notes) == len(live_cards) + len(live_questions)
    models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    assert {int(k): m["name"] for k, m in models.items()} == {anki.FACT_MODEL_ID: "awsprep fact", anki.QUESTION_MODEL_ID: "awsprep question"}
    assert [f["name"] for f in models[str(anki.FACT_MODEL_ID)]["flds"]] == anki.FACT_FIELDS
    decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    assert str(anki.DECK_ID) in decks and decks[str(anki.DECK_ID)]["name"] == anki.DECK_NAME
    assert connection.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == len(notes)

    card = corpus.cards[SQS_CARD]
    model, fields, tags = notes[genanki.guid_for("awsprep", SQS_CARD)]
    assert model == anki.FACT_MODEL_ID
    assert fields[0] == card.front and fields[-1] == SQS_CARD
    assert "1 MiB" in fields[1] and "256 KB" in fields[2], "back and pitfall"
    assert card.refs[0] in fields[3]
    assert {"topic::sqs", "domain::1", "task::1.1", *card.tags} <= set(tags)
    assert {tag for tag in tags if tag.startswith("skill::")} == {f"skill::{skill}" for skill in card.skills} != set()

    question_id = next(i for i in live_questions if corpus.topic_of[i] == "sqs")
    question = corpus.questions[question_id]
    model, fields, tags = notes[genanki.guid_for("awsprep", question_id)]
    assert model == anki.QUESTION_MODEL_ID
    by_name = dict(zip(anki.QUESTION_FIELDS, fields))
    assert by_name["Options"].count("<li>") == len(question.options)
    assert by_name["Answer"] == ", ".join("ABCDEF"[i] for i in sorted(question.answer))
    assert by_name["Explanation"].count('<li class="right">') == question.choose
    assert by_name["Explanation"].count('<li class="wrong">') == len(question.options) - question.choose
    for letter, option in zip("ABCDEF", question.options):
        assert f'<span class="letter">{letter}</span> <div class="option">{html.escape(option.text)}' in by_name["Explanation"]
        assert html.escape(option.why) in by_name["Explanation"]
    assert by_name["Id"] == question_id
    assert "topic::sqs" in tags and f"domain::{question.exam_domain}" in tags


def test_anki_ids_are_stable_between_exports(tmp_path):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    _ok("export", "--format", "anki", "--out", str(first), "--topic", "kms")
    _ok("export", "--format", "anki", "--out", str(second), "--topic", "kms")
    a, b = _notes(_collection(first, tmp_path)), _notes(_collection(second, tmp_path))
    assert a.keys() == b.keys() and a == b
    assert all("topic::kms" in tags for _, _, tags in a.values())


def test_drafts_stay_out_of_exports_and_reviewed_own_content_goes_in(tmp_path):
    mine = tmp_path / "mine"
    (mine / "topics").mkdir(parents=True)
    (mine / "topics" / "notes.yaml").write_text(
        "id: notes\ntitle: My notes\ndomain: 1\ncards:\n"
        "  - id: my-reviewed-card\n    front: Reviewed?\n    back: Yes.\n    task: '1.1'\n"
        "    refs: [https://docs.aws.amazon.com/sqs/]\n    source: notes.md:3\n"
    )
    (mine / "topics" / "drafts.yaml").write_text(
        "id: drafts\ntitle: Drafts\ndomain: 1\ndraft: true\ncards:\n"
        "  - id: my-draft-card\n    front: Draft?\n    back: Yes.\n    task: '1.1'\n"
    )
    out = tmp_path / "mine.csv"
    _ok("--content", str(mine), "export", "--format", "csv", "--out", str(out), "--topic", "notes")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == ["my-reviewed-card"]
    result = run("--content", str(mine), "export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--topic", "drafts")
    assert result.exit_code == 1 and "unknown topic" in result.stderr


def test_csv_has_a_row_per_item_with_both_sides(tmp_path):
    out = tmp_path / "sqs.csv"
    _ok("export", "--format", "csv", "--out", str(out), "--topic", "sqs")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "a BOM so spreadsheets read UTF-8"
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    corpus = load_all()
    expected = {i for i, topic in corpus.topic_of.items() if topic == "sqs" and corpus.live(i)}
    assert {row["id"] for row in rows} == expected
    assert list(rows[0]) == ["id", "kind", "topic", "domain", "task", "skills", "front", "back", "pitfall", "tags", "refs"]
    card = next(row for row in rows if row["id"] == SQS_CARD)
    assert card["kind"] == "fact" and card["front"] == corpus.cards[SQS_CARD].front
    assert card["domain"] == "1" and card["task"] == "1.1" and card["tags"] == "limits messaging"
    assert card["skills"].split() == corpus.cards[SQS_CARD].skills != []
    question = next(row for row in rows if row["kind"] == "question")
    assert "\nA. " in question["front"] and question["back"].startswith("Answer: ")


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf", "--out", "x.pdf"], "unknown format"),
    (["--format", "anki"], "needs --out FILE"),
    (["--format", "markdown"], "needs --out DIR"),
    (["--format", "anki", "--out", "deck.csv"], "should end in .apkg"),
    (["--format", "anki-csv", "--out", "deck.apkg"], "should end in .csv or .txt"),
    (["--format", "markdown", "--out", "notes.txt"], "is a file"),
    (["--format", "markdown", "--out", "no/such/folder"], "does not exist"),
    (["--format", "anki", "--out", "/proc/awsprep-deck.apkg"], "cannot write /proc/awsprep-deck.apkg"),
    (["--format", "anki-csv", "--out", "/proc/awsprep-deck.csv"], "cannot write /proc/awsprep-deck.csv"),
    (["--format", "markdown", "--out", "/proc/awsprep-pages"], "cannot make the folder"),
    ([], "say what to export"),
    (["--progress", "p.json", "--format", "csv"], "give it alone"),
    (["--format", "csv", "--out", "x.csv", "--domain", "7"], "unknown domain"),
])
def test_bad_export_requests_are_one_line_errors(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine")
    result = run("export", *args)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("mine")
    result = run("export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 1 and "--force" in result.stderr and out.read_text() == "mine"
    _ok("export", "--format", "csv", "--out", str(out), "--force")
    assert out.read_text(encoding="utf-8-sig").startswith("id,kind")


def test_the_anki_csv_starts_with_ankis_header_lines_and_keeps_html_fields(tmp_path):
    out = tmp_path / "sqs.csv"
    _ok("export", "--format", "anki-csv", "--out", str(out), "--topic", "sqs")
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark in front of Anki's #separator line"
    lines = raw.decode().splitlines()
    assert lines[:7] == ["#separator:Comma", "#html:true", "#notetype:Basic", f"#deck:{anki.DECK_NAME}",
                         "#columns:guid,Front,Back,tags", "#guid column:1", "#tags column:4"]
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(line for line in handle if not line.startswith("#")))
    corpus = load_all()
    expected = {i for i, topic in corpus.topic_of.items() if topic == "sqs" and corpus.live(i)}
    assert len(rows) == len(expected) and all(len(row) == 4 for row in rows)
    guids = {genanki.guid_for("awsprep", item_id): item_id for item_id in expected}
    assert {row[0] for row in rows} == set(guids), "the same guid as the .apkg: one note per item"
    question = next(row for row in rows if guids[row[0]] in corpus.questions)
    item = corpus.questions[guids[question[0]]]
    assert all(html.escape(option.text) in question[1] and html.escape(option.why) in question[2] for option in item.options)
    assert "topic::sqs" in question[3].split()


def test_the_spreadsheet_csv_is_unchanged_by_the_anki_format(tmp_path):
    out = tmp_path / "sqs.csv"
    _ok("export", "--format", "csv", "--out", str(out), "--topic", "sqs")
    assert out.read_text(encoding="utf-8-sig").startswith("id,kind,topic,domain,task,skills,front,back")


def test_markdown_is_one_readable_page_per_topic_with_an_index(tmp_path):
    out = tmp_path / "pages"
    result = _ok("export", "--format", "markdown", "--out", str(out), "--topic", "sqs", "--topic", "kms")
    assert "exported" in result.output
    assert sorted(path.name for path in out.iterdir()) == ["index.md", "kms.md", "sqs.md"]
    corpus = load_all()
    page = (out / "sqs.md").read_text(encoding="utf-8")
    assert page.startswith(f"# {corpus.topics['sqs'].title}\n")
    assert page.index("## Fact cards") < page.index("## Questions")
    card = corpus.cards[SQS_CARD]
    assert markdown.text(card.front) in page and markdown.text(card.back) in page
    assert f"> **Pitfall:** {markdown.text(card.pitfall)}" in page
    assert f"[{markdown.text(ref_label(card.refs[0]))}]({card.refs[0]})" in page, "refs are links"
    questions = [i for i in corpus.questions if corpus.topic_of[i] == "sqs" and corpus.live(i)]
    assert page.count("\n### Question ") == len(questions)
    for number, question_id in enumerate(questions, 1):
        question = corpus.questions[question_id]
        block = page.split(f"### Question {number} ")[1].split("\n---")[0]
        for letter, option in zip("ABCDEF", question.options):
            assert f"- **{letter}.** {markdown.text(option.text)}" in block
            assert f"**{letter}. {'Correct' if option.correct else 'Wrong'}.** {markdown.text(option.why)}" in block
        assert f"**Answer: {', '.join('ABCDEF'[i] for i in sorted(question.answer))}**" in block
    index = (out / "index.md").read_text(encoding="utf-8")
    assert f"[{corpus.topics['kms'].title}](kms.md)" in index and "(sqs.md)" in index

    again = run("export", "--format", "markdown", "--out", str(out))
    assert again.exit_code == 1 and "--force" in again.stderr
    _ok("export", "--format", "markdown", "--out", str(out), "--force", "--topic", "sqs")


def test_markdown_text_renders_as_written():
    """Prose that looks like Markdown syntax stays text: no emphasis, no list, no heading, no HTML."""
    python_markdown = pytest.importorskip("markdown", reason="Python-Markdown comes with the anki package of the test extra")

    source = "Use *every* MAX_RECEIVE_COUNT and _this_ <b>tag</b> &amp; [x](y) Q&A\n10. retries\n\n# not a heading\n\n- a dash"
    rendered = python_markdown.markdown(markdown.text(source))
    assert not re.search(r"<(em|strong|ol|ul|h1|b|a)\b", rendered), rendered
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).split() == prose(source).split()
