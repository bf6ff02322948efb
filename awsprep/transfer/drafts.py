"""Writing drafts into a content folder (topics/ and questions/) without losing anyone's edits.

Rules:

- An id already anywhere in the folder is never written again: re-importing the same notes adds
  nothing.
- A file that does not exist is created (`draft: true` at the top).
- New drafts for an existing *draft* file are appended to it; its existing text, comments and
  edits stay byte for byte (the append is checked by parsing the result).
- A file that is not a draft any more (a person reviewed it) or cannot be read is left alone and
  its new drafts are held back, unless `force` is given.
- With `force`, every file the import touches is rewritten: drafts from these notes replace
  cards with the same id (edits to them are lost), other cards in the file are kept, and the
  file is marked as a draft again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from awsprep.errors import UserError
from awsprep.transfer.notes import DraftCard, DraftQuestion, Drafts, DraftTopic

if TYPE_CHECKING:
    from awsprep.content.model import TopicFile

HEADER = (
    "# Drafts made by `awsprep import` from your notes; `source` says where each came from.\n"
    "# Check every card against the AWS documentation, reword it, add refs, then delete `draft: true`.\n"
)


@dataclass
class FileOutcome:
    path: str  # relative to the content folder, e.g. topics/sqs.yaml
    status: str  # created | added | unchanged | rewritten | held
    written: int = 0  # items newly written (or rewritten with force)
    held: int = 0  # new items not written
    reason: str = ""


@dataclass
class WriteReport:
    folder: Path
    files: list[FileOutcome] = field(default_factory=list)
    already: int = 0  # items whose id was already in the folder

    @property
    def written(self) -> int:
        return sum(outcome.written for outcome in self.files)

    @property
    def held(self) -> int:
        return sum(outcome.held for outcome in self.files)


@dataclass
class _Existing:
    path: Path
    text: str
    document: dict | None  # None: not readable YAML (or not a mapping)
    ids: list[str]

    @property
    def draft(self) -> bool:
        return bool(self.document and self.document.get("draft") is True)


def write(drafts: Drafts, folder: Path, force: bool = False, known: dict[str, TopicFile] | None = None) -> WriteReport:
    """Write `drafts` into `folder`; returns what happened to each file. A topic that `known` (topic id
    -> TopicFile, usually the built-in corpus) already has keeps its title, services and domain, so the
    file stays valid once the learner removes `draft: true`."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file; --out needs a folder")
    existing = _scan(folder)
    owner = {item_id: name for name, info in existing.items() for item_id in info.ids}
    report = WriteReport(folder)
    cards: dict[str, list[DraftCard]] = {}
    for card in drafts.cards:
        cards.setdefault(card.topic, []).append(card)
    questions: dict[str, list[DraftQuestion]] = {}
    for question in drafts.questions:
        questions.setdefault(question.topic, []).append(question)
    for topic_id in sorted(set(cards) | set(questions)):
        topic = drafts.topics[topic_id]
        name = f"topics/{topic_id}.yaml"
        items = [_card_data(card) for card in cards.get(topic_id, [])]
        needed = bool(questions.get(topic_id)) and name not in existing
        _write_file(folder, name, "cards", items, _topic_header((known or {}).get(topic_id) or topic), existing, owner, force,
                    report, needed)
    for topic_id in sorted(questions):
        name = f"questions/{topic_id}.yaml"
        items = [_question_data(question) for question in questions[topic_id]]
        _write_file(folder, name, "questions", items, {"topic": topic_id, "draft": True}, existing, owner, force, report, False)
    return report


def _write_file(folder: Path, name: str, key: str, items: list[dict], header: dict, existing: dict[str, _Existing],
                owner: dict[str, str], force: bool, report: WriteReport, needed: bool) -> None:
    path = folder / name
    info = existing.get(name)
    elsewhere = [item for item in items if owner.get(item["id"], name) != name]
    report.already += len(elsewhere)
    items = [item for item in items if owner.get(item["id"], name) == name]
    if info is None:
        if not items and not needed:
            return
        _save(path, HEADER + _dump({**header, key: items}))
        report.files.append(FileOutcome(name, "created", written=len(items)))
        return
    if force:
        ours = {item["id"] for item in items}
        document = dict(info.document) if info.document else dict(header)
        kept = [old for old in (document.get(key) or []) if not (isinstance(old, dict) and old.get("id") in ours)]
        document = {**header, **{k: v for k, v in document.items() if k not in (key, "draft")}, "draft": True}
        document = _ordered(document, header)
        document[key] = kept + items
        _save(path, HEADER + _dump(document))
        report.files.append(FileOutcome(name, "rewritten", written=len(items)))
        return
    new = [item for item in items if item["id"] not in info.ids]
    report.already += len(items) - len(new)
    if not new:
        report.files.append(FileOutcome(name, "unchanged"))
        return
    if info.document is None:
        report.files.append(FileOutcome(name, "held", held=len(new), reason="not readable YAML"))
        return
    if not info.draft:
        report.files.append(FileOutcome(name, "held", held=len(new), reason="reviewed (no `draft: true`)"))
        return
    _save(path, _appended(info, key, new))
    report.files.append(FileOutcome(name, "added", written=len(new)))


def _appended(info: _Existing, key: str, new: list[dict]) -> str:
    """The file's text with `new` items added at the end of its `key` list; when the text does not
    end in that list, the parsed document is written out again (comments are lost, data is not)."""
    import yaml

    old = info.document.get(key) or []
    text = info.text if info.text.endswith("\n") else info.text + "\n"
    candidate = text + _indent(_dump(new))
    try:
        parsed = yaml.safe_load(candidate)
    except yaml.YAMLError:
        parsed = None
    expected = {**info.document, key: list(old) + new}
    if parsed == expected:
        return candidate
    head = "".join(line for line in _leading_comments(text))
    return head + _dump(expected)


def _leading_comments(text: str) -> list[str]:
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def _scan(folder: Path) -> dict[str, _Existing]:
    import yaml

    found: dict[str, _Existing] = {}
    for sub, key in (("topics", "cards"), ("questions", "questions")):
        for path in sorted((folder / sub).glob("*.yaml")):
            try:
                text = path.read_text(encoding="utf-8")
                document = yaml.safe_load(text)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                found[f"{sub}/{path.name}"] = _Existing(path, "", None, [])
                continue
            if not isinstance(document, dict):
                found[f"{sub}/{path.name}"] = _Existing(path, text, None, [])
                continue
            items = document.get(key) or []
            ids = [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item] if isinstance(items, list) else []
            found[f"{sub}/{path.name}"] = _Existing(path, text, document, ids)
    return found


def _topic_header(topic: DraftTopic | TopicFile) -> dict:
    return {"id": topic.id, "title": topic.title, "services": list(topic.services), "domain": topic.domain, "draft": True}


def _ordered(document: dict, header: dict) -> dict:
    """Header keys first, in the usual order."""
    out = {key: document[key] for key in header if key in document}
    out.update({key: value for key, value in document.items() if key not in out})
    return out


def _card_data(card: DraftCard) -> dict:
    data: dict = {"id": card.id, "front": card.front, "back": card.back, "task": card.task}
    if card.tags:
        data["tags"] = list(card.tags)
    if card.refs:
        data["refs"] = list(card.refs)
    data["source"] = card.source
    if card.warning:
        data["warning"] = card.warning
    if card.same_as:
        data["same_as"] = card.same_as
    return data


def _question_data(question: DraftQuestion) -> dict:
    data: dict = {
        "id": question.id,
        "stem": question.stem,
        "choose": question.choose,
        "options": [{"text": text, "correct": correct, "why": why} for text, correct, why in question.options],
        "task": question.task,
    }
    if question.refs:
        data["refs"] = list(question.refs)
    data["source"] = question.source
    if question.warning:
        data["warning"] = question.warning
    return data


def _dump(data) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow=False, indentless=False):  # noqa: D102 - lists indented under their key
            return super().increase_indent(flow, False)

    def text(dumper, value: str):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=4096, indent=2)


def _indent(text: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in text.splitlines(keepends=True))


def _save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {error.strerror}") from None
