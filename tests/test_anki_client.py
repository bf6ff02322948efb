"""Our exports in the real Anki client library (the `anki` package, as Anki 26 desktop uses it):
the .apkg and the Anki CSV imported into fresh collections, every card rendered, re-imports, and
the card styling in day and night mode in a real browser engine at phone width."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from awsprep.content.load import load, load_all
from awsprep.transfer import anki, csv_export
from awsprep.transfer.items import LETTERS, prose, select
from helpers import run

try:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest, ImportCsvRequest
except ImportError as error:  # the test extra installs it; a machine without a wheel for it skips, saying why
    pytest.skip(f"the real Anki client (pip package `anki`) is not installed: {error}", allow_module_level=True)

BASIC_FIELDS = ["Front", "Back"]


class _Text(HTMLParser):
    """The text of an HTML fragment, as a reader sees it (no tags, no style)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag, attrs):
        self.skip = tag == "style"
        if tag in ("br", "div", "li", "hr"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self.skip = False

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def plain(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    return " ".join("".join(parser.parts).split())


def words(value: str) -> str:
    return " ".join(prose(value).split())


def _import_package(collection, path: Path):
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return collection.import_anki_package(request).log


@pytest.fixture
def collection(tmp_path):
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


@pytest.fixture(scope="module")
def full_package(tmp_path_factory):
    path = tmp_path_factory.mktemp("apkg") / "dva.apkg"
    result = run("export", "--format", "anki", "--out", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def test_the_package_imports_and_every_card_renders_its_options_and_whys(collection, full_package):
    corpus = load_all()
    live = {item_id for item_id in [*corpus.cards, *corpus.questions] if corpus.live(item_id)}
    log = _import_package(collection, full_package)
    assert len(log.new) == len(live) and not log.updated and not log.conflicting
    assert collection.note_count() == len(live) and collection.card_count() == len(live)

    checked_questions = 0
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        note = card.note()
        item_id = note["Id"]
        front, back = plain(card.question()), plain(card.answer())
        assert front and back, item_id
        if item_id in corpus.cards:
            item = corpus.cards[item_id]
            assert words(item.front) in front and words(item.back) in back
            if item.pitfall:
                assert words(item.pitfall) in back
            continue
        question = corpus.questions[item_id]
        assert words(question.stem) in front
        assert "letters never change" in front, "the card says that Anki does not shuffle"
        for letter, option in zip(LETTERS, question.options):
            assert f"{letter} {words(option.text)}" in front, (item_id, letter)
            verdict = "✓ Correct." if option.correct else "✗ Wrong."
            assert f"{letter} {words(option.text)} {verdict} {words(option.why)}" in back, (item_id, letter)
        assert f"Answer: {', '.join(LETTERS[i] for i in sorted(question.answer))}" in back
        checked_questions += 1
    assert checked_questions == sum(1 for item_id in corpus.questions if item_id in live)
    for skill in ("1.3.4", "4.3.1"):  # Anki's own search finds a skill's notes by their tag
        tagged = {collection.get_note(n)["Id"] for n in collection.find_notes(f"tag:skill::{skill}")}
        assert tagged == {i for i in live if skill in (corpus.cards.get(i) or corpus.questions[i]).skills} and tagged


def test_importing_the_same_package_again_changes_nothing(collection, full_package):
    _import_package(collection, full_package)
    before = collection.db.all("SELECT id, guid, mod, flds, tags FROM notes ORDER BY id")
    cards = collection.db.all("SELECT id, nid, did, due, ivl, mod FROM cards ORDER BY id")
    log = _import_package(collection, full_package)
    assert not log.new and not log.updated and len(log.duplicate) == len(before)
    assert collection.db.all("SELECT id, guid, mod, flds, tags FROM notes ORDER BY id") == before
    assert collection.db.all("SELECT id, nid, did, due, ivl, mod FROM cards ORDER BY id") == cards


def _own_content(folder: Path, back: str) -> Path:
    (folder / "topics").mkdir(parents=True, exist_ok=True)
    (folder / "questions").mkdir(exist_ok=True)
    (folder / "topics" / "mine.yaml").write_text(
        "id: mine\ntitle: My topic\ndomain: 1\ncards:\n"
        + "".join(f"  - id: mine-card-{n}\n    front: Question {n}?\n    back: Answer {n}.\n    task: '1.1'\n"
                  f"    refs: [https://docs.aws.amazon.com/sqs/]\n" for n in (1, 2))
        + f"  - id: mine-card-edited\n    front: What changes?\n    back: {back}\n    task: '1.1'\n"
          "    refs: [https://docs.aws.amazon.com/sqs/]\n")
    (folder / "questions" / "mine.yaml").write_text(
        "topic: mine\nquestions:\n  - id: mine-q-one\n    stem: Which one?\n    choose: 1\n    task: '1.1'\n"
        "    refs: [https://docs.aws.amazon.com/sqs/]\n    options:\n"
        + "".join(f"      - text: Option {n} <b>&</b>\n        correct: {str(n == 2).lower()}\n        why: Because {n}.\n"
                  for n in range(1, 5)))
    return folder


def _export_own(folder: Path, out: Path, now: float) -> None:
    corpus = load([folder])
    assert corpus.errors == []
    anki.write(select(corpus, ["mine"]), out, now=now)


def test_a_newer_export_updates_edited_notes_and_keeps_their_review_history(collection, tmp_path):
    mine = _own_content(tmp_path / "mine", "The old answer.")
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    _export_own(mine, first, now=1_900_000_000)
    _import_package(collection, first)
    assert collection.note_count() == 4

    for card_id in collection.find_cards(""):  # study every card once in Anki
        card = collection.get_card(card_id)
        card.start_timer()
        collection.sched.answerCard(card, 3)
    history = collection.db.all("SELECT id, cid, ease, ivl, type FROM revlog ORDER BY id")
    schedule = collection.db.all("SELECT id, nid, type, queue, due, ivl, reps, lapses FROM cards ORDER BY id")
    assert len(history) == 4

    _own_content(mine, "The new answer.")
    _export_own(mine, second, now=1_900_000_060)
    log = _import_package(collection, second)
    assert not log.new and len(log.updated) == 4, "a newer export updates the notes in place"
    assert collection.note_count() == 4 and collection.card_count() == 4
    edited = collection.get_note(collection.find_notes("Id:mine-card-edited")[0])
    assert "The new answer." in edited["Back"]
    assert collection.db.all("SELECT id, cid, ease, ivl, type FROM revlog ORDER BY id") == history
    assert collection.db.all("SELECT id, nid, type, queue, due, ivl, reps, lapses FROM cards ORDER BY id") == schedule


def test_the_anki_csv_goes_through_ankis_own_csv_importer(collection, tmp_path):
    out = tmp_path / "sqs.csv"
    result = run("export", "--format", "anki-csv", "--out", str(out), "--topic", "sqs")
    assert result.exit_code == 0, result.stderr
    corpus = load_all()
    items = {entry.id: entry for entry in select(corpus, ["sqs"])}

    metadata = collection.get_csv_metadata(str(out), None)
    assert metadata.delimiter == metadata.COMMA and metadata.is_html
    assert list(metadata.column_labels) == csv_export.ANKI_COLUMNS
    assert metadata.deck_name == anki.DECK_NAME
    basic = collection.models.by_name(csv_export.ANKI_NOTETYPE)
    assert metadata.global_notetype.id == basic["id"]
    assert metadata.guid_column == 1 and metadata.tags_column == 4

    log = collection.import_csv(ImportCsvRequest(path=str(out), metadata=metadata)).log
    assert len(log.new) == len(items) and not log.conflicting and not log.empty_first_field
    assert collection.note_count() == len(items)
    deck = collection.decks.by_name(anki.DECK_NAME)
    assert deck is not None and len(collection.find_cards(f'"deck:{anki.DECK_NAME}"')) == len(items)
    by_guid = {anki.guid(entry): entry for entry in items.values()}
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        entry = by_guid[note.guid]
        assert note.keys() == BASIC_FIELDS
        assert set(note.tags) >= {"topic::sqs", f"domain::{entry.domain}", f"task::{entry.task}",
                                  *(f"skill::{skill}" for skill in entry.item.skills)}
        front, back = plain(note["Front"]), plain(note["Back"])
        if entry.kind == "fact":
            assert words(entry.item.front) in front and words(entry.item.back) in back
        else:
            for letter, option in zip(LETTERS, entry.item.options):
                assert f"{letter} {words(option.text)}" in front
                assert f"{letter} {words(option.text)} {'✓ Correct.' if option.correct else '✗ Wrong.'} {words(option.why)}" in back

    again = collection.import_csv(ImportCsvRequest(path=str(out), metadata=collection.get_csv_metadata(str(out), None))).log
    assert not again.new and collection.note_count() == len(items), "the guid column makes a re-import update, not add"


def test_a_csv_import_and_the_package_make_one_note_per_item(collection, tmp_path):
    csv_file, package = tmp_path / "kms.csv", tmp_path / "kms.apkg"
    for args in (["anki-csv", "--out", str(csv_file)], ["anki", "--out", str(package)]):
        assert run("export", "--format", *args, "--topic", "kms").exit_code == 0
    count = len(select(load_all(), ["kms"]))
    collection.import_csv(ImportCsvRequest(path=str(csv_file), metadata=collection.get_csv_metadata(str(csv_file), None)))
    _import_package(collection, package)
    assert collection.note_count() == count


# --- styling in a browser engine (AnkiDroid renders cards in Android's Chromium WebView) -----

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium to render the cards in (apt-get install chromium)")
PHONE_WIDTH = 360

PROBE = """
<script>
function rgb(value) { return (value.match(/[\\d.]+/g) || []).slice(0, 3).map(Number); }
function lum(c) { const l = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; }
function bg(el) { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
                  if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return rgb(c); } return [255, 255, 255]; }
function contrast(el) { const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
                        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }
const worst = {};
document.querySelectorAll('body *').forEach(el => {
  if (!el.childNodes.length || ![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) return;
  const name = el.className || el.tagName.toLowerCase();
  worst[name] = Math.min(worst[name] || 99, contrast(el));
});
parent.document.title = JSON.stringify({background: lum(bg(document.body)), width: innerWidth,
                                        overflow: document.documentElement.scrollWidth, worst: worst});
</script>
"""


def _render(fragment: str, body_class: str, tmp_path: Path) -> dict:
    """Lay the card out in a phone-wide frame (headless Chromium's own window is at least 500px wide)."""
    card = (f'<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f'</head><body class="{body_class}">{fragment}{PROBE}</body></html>')
    page = tmp_path / "card.html"
    page.write_text(f'<!doctype html><html><head><meta charset="utf-8"><title></title></head><body>'
                    f'<iframe style="width:{PHONE_WIDTH}px;height:800px;border:0" srcdoc="{html.escape(card, quote=True)}">'
                    "</iframe></body></html>", encoding="utf-8")
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=60)
    title = re.search(r"<title>(.*?)</title>", done.stdout, re.S)
    assert title, done.stderr[-500:]
    return json.loads(html.unescape(title.group(1)))


@needs_browser
@pytest.mark.parametrize("mode, body_class", [("day", "card card1"), ("night", "card card1 nightMode night_mode"),
                                               ("old AnkiDroid night", "card card1 night_mode")])
def test_cards_are_readable_in_day_and_night_mode_at_phone_width(mode, body_class, collection, tmp_path):
    mine = _own_content(tmp_path / "mine", "An answer with a long link https://docs.aws.amazon.com/" + "x" * 80)
    _export_own(mine, tmp_path / "mine.apkg", now=1_900_000_000)
    _import_package(collection, tmp_path / "mine.apkg")
    question = collection.get_card(collection.find_cards('"note:awsprep question"')[0])
    fact = collection.get_card(collection.find_cards("Id:mine-card-edited")[0])
    for side in (question.question(), question.answer(), fact.answer()):
        shown = _render(side, body_class, tmp_path)
        assert shown["width"] == PHONE_WIDTH
        assert (shown["background"] < 0.05) == (mode != "day"), f"{mode}: background luminance {shown['background']}"
        assert shown["overflow"] <= PHONE_WIDTH, f"{mode}: the card is {shown['overflow']}px wide on a {PHONE_WIDTH}px phone"
        poor = {name: round(ratio, 2) for name, ratio in shown["worst"].items() if ratio < 4.5}
        assert not poor, f"{mode}: text below WCAG AA contrast (4.5:1): {poor}"
