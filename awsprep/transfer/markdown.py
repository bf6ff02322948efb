"""The corpus as Markdown (`awsprep export --format markdown --out DIR`), to print or read on a tablet.

One file per topic (`<topic>.md`): its fact cards, then its questions with the options lettered,
the answer and every option's explanation; references are links. `index.md` lists the topics.
"""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from awsprep.content.model import Card, Question
from awsprep.errors import UserError
from awsprep.transfer.items import LETTERS, ExportItem, answer_letters, atomic_file, choose_line, prose, ref_label

INDEX = "index.md"
_SPECIAL = re.compile(r"([\\`*\[\]])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_HTML = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_HTML_LIKE = re.compile(r"[<>]|&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)(#|[-+]|\d+[.)])", re.MULTILINE)
_LINE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")


def text(value: str | None) -> str:
    """Plain text as Markdown that renders as written (no accidental emphasis, lists or headings)."""
    escaped = _SPECIAL.sub(lambda match: "\\" + match.group(0), prose(value))
    escaped = _HTML_LIKE.sub(lambda match: _HTML[match.group(0)[0]], escaped)
    escaped = _BLOCK_START.sub(lambda match: match.group(1) + _escape_start(match.group(2)), escaped)
    return _LINE_BREAK.sub("  \n", escaped)


def _escape_start(start: str) -> str:
    return start[:-1] + "\\" + start[-1] if start[0].isdigit() else "\\" + start


def link(url: str) -> str:
    return f"[{text(ref_label(url))}]({url.replace('(', '%28').replace(')', '%29').replace(' ', '%20')})"


def _refs(urls: list[str]) -> str:
    return "References: " + " · ".join(link(url) for url in urls) if urls else ""


def card(number: int, item: Card, task: str) -> str:
    parts = [f"**{number}. {text(item.front)}**", text(item.back)]
    if item.pitfall:
        parts.append(f"> **Pitfall:** {text(item.pitfall)}")
    tags = "".join(f" `{tag}`" for tag in item.tags)
    parts.append(f"*Task {task}*{tags}" + (f" · {_refs(item.refs)}" if item.refs else ""))
    return "\n\n".join(parts)


def question(number: int, item: Question, task: str) -> str:
    options = "\n".join(f"- **{letter}.** {text(option.text)}" for letter, option in zip(LETTERS, item.options))
    whys = "\n".join(f"- {'✓' if option.correct else '✗'} **{letter}. {'Correct' if option.correct else 'Wrong'}.** "
                     f"{text(option.why)}" for letter, option in zip(LETTERS, item.options))
    parts = [f"### Question {number} · task {task} · {item.difficulty}", text(item.stem), f"*{choose_line(item)}*",
             options, f"**Answer: {answer_letters(item)}**", whys]
    if item.refs:
        parts.append(_refs(item.refs))
    return "\n\n".join(parts)


def topic_page(title: str, entries: list[ExportItem]) -> str:
    cards = [entry for entry in entries if entry.kind == "fact"]
    questions = [entry for entry in entries if entry.kind != "fact"]
    domains = sorted({entry.domain for entry in entries})
    summary = (f"Domain {', '.join(map(str, domains))} · {len(cards)} fact card{'s' * (len(cards) != 1)} · "
               f"{len(questions)} question{'s' * (len(questions) != 1)} · [all topics]({INDEX})")
    parts = [f"# {text(title)}", summary]
    if cards:
        parts += ["## Fact cards", *(card(n, entry.item, entry.task) for n, entry in enumerate(cards, 1))]
    if questions:
        parts += ["## Questions", *(question(n, entry.item, entry.task) + "\n\n---" for n, entry in enumerate(questions, 1))]
    return "\n\n".join(parts) + "\n"


def index_page(topics: list[tuple[str, str, list[ExportItem]]]) -> str:
    lines = ["# AWS Developer Associate (DVA-C02): study notes from awsprep", "",
             "| topic | fact cards | questions |", "|---|---:|---:|"]
    for topic, title, entries in topics:
        facts = sum(1 for entry in entries if entry.kind == "fact")
        lines.append(f"| [{text(title)}]({topic}.md) | {facts} | {len(entries) - facts} |")
    return "\n".join(lines) + "\n"


def check_folder(out: Path, force: bool) -> None:
    """The folder the pages go to: a new one, an empty one, or (with --force) one to write over."""
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file; --format markdown writes a folder of pages")
    if not out.parent.exists():
        raise UserError(f"folder {out.parent} does not exist")
    if out.is_dir() and any(out.glob("*.md")) and not force:
        raise UserError(f"{out} already holds Markdown files; use --force to replace them")


def write(items: list[ExportItem], out: Path) -> int:
    """One page per topic and an index in the folder `out`; returns the number of items."""
    try:
        out.mkdir(exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot make the folder {out}: {error.strerror or error}") from None
    topics = [(topic, list(group)) for topic, group in groupby(items, key=lambda entry: entry.topic)]
    listed = []
    for topic, entries in topics:
        title = entries[0].topic_title
        with atomic_file(out / f"{topic}.md") as tmp:
            tmp.write_text(topic_page(title, entries), encoding="utf-8")
        listed.append((topic, title, entries))
    with atomic_file(out / INDEX) as tmp:
        tmp.write_text(index_page(listed), encoding="utf-8")
    return len(items)
