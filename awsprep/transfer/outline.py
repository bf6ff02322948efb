"""Notes to an outline: sections, titled groups and single notes, each with the line it came from.

Real notes come in a few shapes, each read by its own builder:

- `markdown`: `#` headings (and whole-line **bold** headings), nested bullets, paragraphs.
- `outline`: plain title lines each followed by `- bullets` (no `#`).
- `blocks`: plain lines grouped by dashed separator lines; a long or doubled separator starts a
  new section whose first line is its title.
- `prose`: a blog post: one line per paragraph, short title lines, `–` bullets.

Every line either ends up in a node or is recorded in `skipped` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from awsprep.transfer import text as tx

_QUESTION_START = re.compile(r"^(?:Q\s*\d*\s*[.:)]|Question\s*\d*\s*[.:)])\s*(?P<text>.*)$", re.IGNORECASE)
_ANSWER_START = re.compile(r"^(?:A\s*[.:)]|Answer\s*[.:)-]|Ans\s*[.:)])\s*(?P<text>.*)$", re.IGNORECASE)
_ANSWER_KEY = re.compile(
    r"^(?:answers?|correct(?: answers?)?|ans)\s*[:.)-]\s*(?P<letters>[A-F](?:\s*(?:,|and|&|/)?\s*[A-F])*)\b\.?\s*(?P<why>.*)$",
    re.IGNORECASE,
)
_GLUED_SEPARATOR = re.compile(r"\S\s+-{3,}\s*$")
_OPTION = re.compile(r"^\(?(?P<letter>[A-Fa-f])[.)]\s+(?P<text>\S.*)$")


@dataclass
class Node:
    text: str
    line: int
    kind: str = "item"  # root | section | item | qa
    level: int = 0  # sections: 1 (top) and deeper
    children: list[Node] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    paragraph: bool = False  # prose that may hold several sentences
    answer: str = ""  # qa: the answer text
    options: list[tuple[str, str]] = field(default_factory=list)  # qa: (letter, text)
    correct: str = ""  # qa: the letters of the correct options
    why: str = ""  # qa: the explanation given with the answer key
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, line) of lines joined after the first

    def add(self, node: Node) -> Node:
        self.children.append(node)
        return node

    def extend(self, text: str, line: int) -> None:
        """Join the next line of the same note (a hard-wrapped sentence), remembering where it starts."""
        if not self.text:
            self.text = text
            return
        self.starts.append((len(self.text) + 1, line))
        self.text = f"{self.text} {text}"

    def passage(self, start: int = 0, end: int | None = None) -> Passage:
        """`text[start:end]` with the line each piece of it came from."""
        end = len(self.text) if end is None else end
        bounds = [(0, self.line), *self.starts, (len(self.text) + 1, 0)]
        pieces = []
        for (offset, line), (following, _) in zip(bounds, bounds[1:]):
            piece = self.text[max(offset, start):min(following - 1, end)].strip()
            if piece:
                pieces.append((line, piece))
        return Passage(tuple(pieces))


@dataclass(frozen=True)
class Passage:
    """One note's words as (line, text) pieces: where in the notes each part of a draft came from."""

    pieces: tuple[tuple[int, str], ...]

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.pieces)

    @property
    def line(self) -> int:
        return self.pieces[0][0] if self.pieces else 0


@dataclass(frozen=True)
class Skip:
    line: int
    reason: str
    text: str


@dataclass
class Outline:
    shape: str
    root: Node
    skipped: list[Skip]


@dataclass
class _Line:
    number: int
    raw: str


def read(text: str) -> Outline:
    """Parse one notes file's text."""
    skipped: list[Skip] = []
    lines = _prepare(text, skipped)
    shape = _shape(lines)
    builder = {"markdown": _markdown, "outline": _markdown, "blocks": _blocks, "prose": _prose}[shape]
    root = Node("", 0, kind="root")
    builder(lines, root, skipped, shape)
    skipped.sort(key=lambda s: s.line)
    return Outline(shape, root, skipped)


# --- shared --------------------------------------------------------------------------------


def _prepare(text: str, skipped: list[Skip]) -> list[_Line]:
    """Lines with code blocks and a blog page's footer taken out (and recorded as skipped)."""
    out: list[_Line] = []
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    code_start: int | None = None
    closer: re.Pattern | None = None
    for index, raw in enumerate(raw_lines, start=1):
        raw = raw.expandtabs(4).rstrip()
        if code_start is not None:
            if closer.match(raw):
                skipped.append(Skip(code_start, f"code block (lines {code_start}-{index})", ""))
                code_start = None
            continue
        if tx.FENCE.match(raw):
            code_start, closer = index, re.compile(r"^\s*" + re.escape(tx.FENCE.match(raw).group(1)))
            continue
        if tx.LIQUID_OPEN.match(raw):
            code_start, closer = index, tx.LIQUID_CLOSE
            continue
        if tx.footer_start(tx.clean(raw)) and index > len(raw_lines) // 2:
            rest = [r for r in raw_lines[index - 1:] if r.strip()]
            skipped.append(Skip(index, f"page footer ({len(rest)} lines)", tx.clean(raw)))
            break
        out.append(_Line(index, raw))
    if code_start is not None:
        skipped.append(Skip(code_start, f"code block (lines {code_start}-{len(raw_lines)}, never closed)", ""))
    return out


def _shape(lines: list[_Line]) -> str:
    filled = [line for line in lines if line.raw.strip()]
    if not filled:
        return "outline"
    if any(tx.MD_HEADING.match(line.raw) for line in filled):
        return "markdown"
    separators = sum(1 for line in filled if tx.SEPARATOR.match(line.raw))
    if separators >= 3 and separators >= 0.05 * len(filled):
        return "blocks"
    numbers = {line.number for line in filled}
    spaced = sum(1 for line in filled if line.number + 1 not in numbers)
    dashes = sum(1 for line in filled if re.match(r"^\s*[-*+]\s", line.raw))
    if spaced >= 0.6 * len(filled) and dashes < 0.3 * len(filled):
        return "prose"
    return "outline"


def _junk(raw_text: str, cleaned: str, line: int, skipped: list[Skip]) -> bool:
    """Record and report True when a line can never be part of a card."""
    if tx.only_image(raw_text):
        skipped.append(Skip(line, "image", raw_text.strip()))
        return True
    if tx.only_links(raw_text):
        skipped.append(Skip(line, "link without a note", raw_text.strip()))
        return True
    reason = tx.junk_reason(cleaned)
    if reason:
        skipped.append(Skip(line, reason, cleaned or raw_text.strip()))
        return True
    return False


def _item(raw_text: str, line: int, **kwargs) -> Node:
    return Node(tx.clean(raw_text), line, refs=tx.links(raw_text), **kwargs)


def _question(lines: list[tuple[int, str]], start: int, follow: bool = True) -> tuple[Node, int] | None:
    """A `Q.` line and what follows it up to the answer (or answer key): a question node and the
    index after it. `lines` are (number, cleaned text) pairs of one block or paragraph run."""
    number, first = lines[start]
    match = _QUESTION_START.match(first)
    if not match:
        return None
    stem, options, answer, key, why = [match.group("text")], [], [], "", ""
    index = start + 1
    in_answer = False
    while index < len(lines):
        _, text = lines[index]
        if _QUESTION_START.match(text):
            break
        key_match = _ANSWER_KEY.match(text)
        option = _OPTION.match(text)
        expected = "ABCDEF"[len(options)] if len(options) < 6 else None
        if key_match and options:
            key, why = key_match.group("letters"), key_match.group("why")
            index += 1
            break
        if option and not in_answer and expected and option.group("letter").upper() == expected and (
                expected != "A" or _looks_like_options(lines, index)):
            options.append((expected, option.group("text")))
        elif not options and _ANSWER_START.match(text) and not in_answer:
            in_answer = True
            answer.append(_ANSWER_START.match(text).group("text"))
            if not follow:
                index += 1
                break
        elif in_answer:
            answer.append(text)
        elif options:
            letter, previous = options[-1]
            options[-1] = (letter, f"{previous} {text}")
        else:
            stem.append(text)
        index += 1
    node = Node(" ".join(stem).strip(), number, kind="qa", answer=" ".join(answer).strip(), options=options,
                correct="".join(re.findall(r"[A-F]", key.upper())), why=why.strip())
    return node, index


def _looks_like_options(lines: list[tuple[int, str]], index: int) -> bool:
    """`A.` starts a list of options (B. follows) rather than an answer."""
    following = [text for _, text in lines[index + 1:index + 3]]
    return any((m := _OPTION.match(text)) and m.group("letter").upper() == "B" for text in following)


# --- markdown and outline ------------------------------------------------------------------


def _run(lines: list[_Line], index: int) -> list[tuple[int, str]]:
    """The lines from `index` up to the next blank line, heading or separator."""
    out = []
    for line in lines[index:index + 40]:
        if not line.raw.strip() or tx.MD_HEADING.match(line.raw) or tx.SEPARATOR.match(line.raw):
            break
        out.append((line.number, tx.clean(line.raw)))
    return out


def _markdown(lines: list[_Line], root: Node, skipped: list[Skip], shape: str) -> None:
    outline_mode = shape == "outline"
    headings: list[Node] = [root]
    bullets: list[tuple[int, Node]] = []
    list_parent: Node | None = None
    paragraph: Node | None = None
    previous_blank = True
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        raw = line.raw
        if not raw.strip():
            previous_blank = True
            continue
        blank_before, previous_blank = previous_blank, False
        if tx.SEPARATOR.match(raw):
            skipped.append(Skip(line.number, "separator", raw.strip()))
            bullets, list_parent, paragraph = [], None, None
            continue
        heading = tx.MD_HEADING.match(raw)
        bold = None if heading or tx.BULLET.match(raw) else tx.BOLD_HEADING.match(raw)
        if heading or bold:
            level = len(heading.group(1)) if heading else 7
            title = tx.clean(heading.group(2) if heading else bold.group(1) or bold.group(2))
            bullets, list_parent, paragraph = [], None, None
            if not title or _junk(raw, title, line.number, skipped):
                continue
            while headings[-1] is not root and headings[-1].level >= level:
                headings.pop()
            headings.append(headings[-1].add(Node(title, line.number, kind="section", level=level)))
            continue
        bullet = tx.BULLET.match(raw)
        if bullet:
            indent = len(bullet.group("indent"))
            body = bullet.group("text")
            cleaned = tx.clean(body)
            if _junk(body, cleaned, line.number, skipped):
                continue
            node = _item(body, line.number)
            while bullets and bullets[-1][0] >= indent:
                bullets.pop()
            if bullets:
                parent = bullets[-1][1]
            else:
                if list_parent is None:
                    adjacent = paragraph is not None and not blank_before
                    if paragraph is not None and (paragraph.text.endswith(":") or (adjacent and (outline_mode or tx.title_like(paragraph.text, 8)))):
                        list_parent = paragraph
                        paragraph.paragraph = False
                    else:
                        list_parent = headings[-1]
                parent = list_parent
            parent.add(node)
            bullets.append((indent, node))
            paragraph = None
            continue
        cleaned = tx.clean(raw)
        indent = len(raw) - len(raw.lstrip())
        if bullets and not blank_before and (indent > bullets[-1][0] or tx.continues(bullets[-1][1].text, cleaned)):
            bullets[-1][1].extend(cleaned, line.number)
            continue
        if bullets and blank_before and indent > bullets[-1][0] and not outline_mode:
            bullets[-1][1].extend(cleaned, line.number)  # a bullet's second paragraph
            continue
        if _junk(raw, cleaned, line.number, skipped):
            continue
        qa = _question([(line.number, cleaned)] + _run(lines, index), 0)
        if qa and (qa[0].answer or qa[0].options):
            node, used = qa
            consumed = 0
            while consumed < used - 1 and index < len(lines):  # skip the lines the question took
                if lines[index].raw.strip():
                    consumed += 1
                index += 1
            headings[-1].add(node)
            bullets, list_parent, paragraph = [], None, None
            continue
        if paragraph is not None and not blank_before and (not outline_mode or tx.continues(paragraph.text, cleaned)):
            paragraph.extend(cleaned, line.number)
            paragraph.refs += tx.links(raw)
            continue
        bullets, list_parent = [], None
        paragraph = headings[-1].add(_item(raw, line.number, paragraph=not outline_mode))


# --- dashed-line blocks --------------------------------------------------------------------


def _blocks(lines: list[_Line], root: Node, skipped: list[Skip], shape: str) -> None:
    sections: list[list[list[tuple[int, str, str]]]] = [[[]]]  # sections > blocks > (line, raw, cleaned)
    joined: dict[int, list[tuple[int, int]]] = {}  # first line of a hard-wrapped note: where its later lines start
    last_was_separator = False
    for line in lines:
        raw = line.raw
        if not raw.strip():
            continue
        if tx.SEPARATOR.match(raw):
            skipped.append(Skip(line.number, "separator", raw.strip()))
            major = len(raw.strip()) >= tx.MAJOR_SEPARATOR_LENGTH or last_was_separator
            if major:
                if any(sections[-1]):
                    sections.append([[]])
            elif sections[-1][-1]:
                sections[-1].append([])
            last_was_separator = True
            continue
        last_was_separator = False
        bullet = tx.BULLET.match(raw)
        cleaned = tx.clean(bullet.group("text") if bullet else raw)
        if _junk(raw, cleaned, line.number, skipped):
            continue
        block = sections[-1][-1]
        if block and tx.continues(block[-1][2], cleaned):
            number, previous_raw, previous = block[-1]
            joined.setdefault(number, []).append((len(previous) + 1, line.number))
            block[-1] = (number, f"{previous_raw} {raw.strip()}", f"{previous} {cleaned}")
        else:
            block.append((line.number, raw, cleaned))
        if _GLUED_SEPARATOR.search(raw):  # "security credentials -----": the separator ends the block
            sections[-1].append([])
    for blocks in sections:
        blocks = [block for block in blocks if block]
        if not blocks:
            continue
        first = blocks[0]
        has_more = len(first) > 1 or len(blocks) > 1
        titled = has_more and tx.title_like(first[0][2], 8) and not _QUESTION_START.match(first[0][2])
        if titled:
            number, raw, title = first[0]
            section = root.add(Node(title.rstrip(":").strip() or title, number, kind="section", level=1, refs=tx.links(raw)))
            blocks[0] = first[1:]
        elif len(first) == 1 and len(blocks) == 1 and tx.title_like(first[0][2], 8):
            skipped.append(Skip(first[0][0], "heading without notes under it", first[0][2]))
            continue
        else:
            section = root
        if len(blocks) == 1:
            _group(blocks[0], section, joined)
            continue
        for position, block in enumerate(blocks):
            if not block:
                continue
            if position == 0 and titled:
                _group(block, section, joined)  # the section's own first notes, right under its title
            elif len(block) >= 2 and tx.group_title(block[0][2]) and not _QUESTION_START.match(block[0][2]):
                number, raw, title = block[0]
                group = section.add(Node(title, number, refs=tx.links(raw)))
                _group(block[1:], group, joined)
            elif len(block) == 1 and tx.title_like(block[0][2], 3) and len(tx.words(block[0][2])) <= 3:
                skipped.append(Skip(block[0][0], "heading without notes under it", block[0][2]))
            else:
                _group(block, section, joined)


def _group(block: list[tuple[int, str, str]], parent: Node, joined: dict[int, list[tuple[int, int]]]) -> None:
    """The lines of one block under `parent`; a short line ending in ':' heads the lines after it,
    and `Q.` ... `A.` runs become questions."""
    pairs = [(number, cleaned) for number, _, cleaned in block]
    heading: Node | None = None
    index = 0
    while index < len(block):
        number, raw, cleaned = block[index]
        qa = _question(pairs, index)
        if qa:
            parent.add(qa[0])
            index = qa[1]
            heading = None
            continue
        index += 1
        node = _item(raw.strip(), number)
        node.text, node.starts = cleaned, joined.get(number, [])
        if cleaned.endswith(":") and len(tx.words(cleaned)) <= 14 and index < len(block):
            heading = parent.add(node)
        elif heading is not None:
            heading.add(node)
        else:
            parent.add(node)


# --- blog prose ----------------------------------------------------------------------------


def _prose(lines: list[_Line], root: Node, skipped: list[Skip], shape: str) -> None:
    from awsprep.transfer.topics import match

    filled = [line for line in lines if line.raw.strip()]
    headings: list[Node] = [root]
    paragraph: Node | None = None
    index = 0
    while index < len(filled):
        line = filled[index]
        index += 1
        raw = line.raw
        if tx.SEPARATOR.match(raw):
            skipped.append(Skip(line.number, "separator", raw.strip()))
            paragraph = None
            continue
        bullet = tx.BULLET.match(raw)
        if bullet:
            cleaned = tx.clean(bullet.group("text"))
            if _junk(bullet.group("text"), cleaned, line.number, skipped):
                continue
            (paragraph or headings[-1]).add(_item(bullet.group("text"), line.number))
            continue
        cleaned = tx.clean(raw)
        if _junk(raw, cleaned, line.number, skipped):
            continue
        qa = _question([(l.number, tx.clean(l.raw)) for l in filled[index - 1:index + 10]], 0, follow=False)
        if qa and (qa[0].answer or qa[0].options):
            headings[-1].add(qa[0])
            index += qa[1] - 1
            paragraph = None
            continue
        following = filled[index].raw if index < len(filled) else ""
        if tx.title_like(cleaned, 6) and tx.title_case(cleaned) and not tx.definition(cleaned) and following and not tx.BULLET.match(following):
            level = 2 if cleaned.isupper() or not match(cleaned) else 1
            while headings[-1] is not root and headings[-1].level >= level:
                headings.pop()
            headings.append(headings[-1].add(Node(cleaned, line.number, kind="section", level=level)))
            paragraph = None
            continue
        paragraph = headings[-1].add(_item(raw, line.number, paragraph=True))
