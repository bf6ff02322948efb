"""Study notes to draft cards and questions, each with the file and line it came from.

The outline (`outline.read`) says what belongs together; this module decides what kind of card
each piece makes:

- a `term: definition` line (or `term - definition`, `term = definition`): "What is <term>?";
- a title with a few short notes under it: "What are the key points about <title>?", the notes as
  a list on the back (one note: a definition card);
- a sentence with a number in it: a gap to fill, the number left out;
- any other sentence: its first half as the prompt, the whole note on the back;
- `Q.` / `A.` pairs: the question on the front; with lettered options and an answer key, a
  question draft.

Ids come from the note's words and a hash of its text and section, so importing the same notes
again gives the same ids. Lines that cannot be a card are returned as `Skip`s with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from awsprep.transfer import text as tx
from awsprep.transfer.outline import Node, Skip, read
from awsprep.transfer.topics import BY_ID, guess_task, guess_topic

MAX_LIST_ITEMS = 8
MAX_LIST_ITEM_WORDS = 16
MAX_LIST_WORDS = 110
MAX_DEFINITION_WORDS = 90
_DOC_HOST = re.compile(r"^https://(?:docs\.aws\.amazon\.com|aws\.amazon\.com)/")
_NUMBER = re.compile(
    r"(?<![\w.$/-])(\d[\d,]*(?:\.\d+)?)(?:(\s?(?:%|[kmgt]i?b\b|ms\b|milliseconds?|seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|hr\b|"
    r"days?|weeks?|months?|years?|mb/s|gb/s|iops|requests?|rps|regions?|azs?|items?|messages?|replicas?|characters?|bytes?|"
    r"records?|shards?|partitions?|times|x\b|buckets?|versions?|retries|attempts|concurrent|instances?|levels?))|(?![\w.:]))",
    re.IGNORECASE,
)
_NOT_A_QUANTITY = re.compile(r"(?:route|step|layer|phase|version|v|ipv|http|type|tier|sigv|gen|option|section|chapter|part)\s*$", re.IGNORECASE)


@dataclass
class DraftCard:
    id: str
    front: str
    back: str
    task: str
    topic: str
    source: str
    refs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class DraftQuestion:
    id: str
    stem: str
    options: list[tuple[str, bool, str]]  # (text, correct, why)
    choose: int
    task: str
    topic: str
    source: str
    refs: list[str] = field(default_factory=list)


@dataclass
class DraftTopic:
    id: str
    title: str
    services: list[str]
    domain: int


@dataclass
class NotesDraft:
    """What one notes file gave."""

    path: Path
    shape: str
    cards: list[DraftCard] = field(default_factory=list)
    questions: list[DraftQuestion] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


@dataclass
class Drafts:
    """Everything an import produced, over all its notes files, with no id twice."""

    files: list[NotesDraft] = field(default_factory=list)
    topics: dict[str, DraftTopic] = field(default_factory=dict)

    @property
    def cards(self) -> list[DraftCard]:
        return [card for notes in self.files for card in notes.cards]

    @property
    def questions(self) -> list[DraftQuestion]:
        return [question for notes in self.files for question in notes.questions]


def draft_notes(paths: list[Path]) -> Drafts:
    """Read every notes file and turn it into drafts; duplicates (same id) are skipped."""
    from awsprep.errors import UserError

    drafts = Drafts()
    seen: dict[str, str] = {}
    fallback_tasks: dict[str, Counter] = {}
    for path in paths:
        if path.is_dir():
            raise UserError(f"{path} is a folder; give the notes files in it")
        if not path.is_file():
            raise UserError(f"{path}: no such notes file")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UserError(f"{path}: cannot read it ({error.strerror})") from None
        if b"\0" in data[:4096]:
            raise UserError(f"{path}: not a text file")
        text = data.decode("utf-8-sig", errors="replace")
        outline = read(text)
        notes = NotesDraft(path, outline.shape, skipped=list(outline.skipped))
        _Maker(_display(path), notes, seen, drafts.topics, fallback_tasks).walk(outline.root, [])
        notes.skipped.sort(key=lambda skip: skip.line)
        drafts.files.append(notes)
    for topic_id, tasks in fallback_tasks.items():
        topic = drafts.topics[topic_id]
        topic.domain = int(tasks.most_common(1)[0][0].split(".")[0])
    return drafts


def _display(path: Path) -> str:
    """The notes path as the learner gave it, or relative to here when that is shorter."""
    try:
        relative = path.resolve().relative_to(Path.cwd())
        return str(relative) if len(str(relative)) < len(str(path)) else str(path)
    except ValueError:
        return str(path)


class _Maker:
    def __init__(self, name: str, notes: NotesDraft, seen: dict[str, str], topics: dict[str, DraftTopic],
                 fallback_tasks: dict[str, Counter]):
        self.name = name
        self.notes = notes
        self.seen = seen
        self.topics = topics
        self.fallback_tasks = fallback_tasks

    # --- walking the outline ---------------------------------------------------------------

    def walk(self, node: Node, chain: list[str]) -> None:
        for child in node.children:
            self.emit(child, chain)

    def emit(self, node: Node, chain: list[str]) -> None:
        if node.kind == "qa":
            self.question(node, chain)
            return
        if node.kind == "section":
            if tx.JUNK_SECTIONS.match(node.text):
                for child in node.children:
                    if child.kind == "section":
                        self.emit(child, chain)
                    else:
                        self.skip(child, f"in the '{node.text}' section (a summary or list of links)")
                return
            if not node.children:
                self.skip(node, "heading without notes under it")
                return
            if self.listable(node):
                self.list_card(node, chain)
                return
            self.walk(node, [*chain, node.text])
            return
        if node.children:
            if self.listable(node):
                self.list_card(node, chain)
                return
            if tx.title_like(node.text, 8) or node.text.endswith(":") or tx.group_title(node.text) and not tx.definition(node.text):
                self.walk(node, [*chain, node.text.rstrip(":").strip()])
                return
            self.leaf(node, chain)
            self.walk(node, [*chain, _shorten(node.text)])
            return
        self.leaf(node, chain)

    def listable(self, node: Node) -> bool:
        """A title over a few short notes: one card listing them."""
        children = node.children
        if not children or any(child.kind != "item" for child in children) or len(tx.words(node.text)) > 14:
            return False
        if len(children) == 1 and not children[0].children:
            return len(tx.words(children[0].text)) <= MAX_DEFINITION_WORDS and not children[0].paragraph or \
                len(tx.sentences(children[0].text)) <= 3 and len(tx.words(children[0].text)) <= MAX_DEFINITION_WORDS
        items = _items(node)
        if len(items) > MAX_LIST_ITEMS or any(len(tx.words(item)) > MAX_LIST_ITEM_WORDS * 2 for item in items):
            return False
        if any(len(tx.words(child.text)) > MAX_LIST_ITEM_WORDS for child in children):
            return False
        return sum(len(tx.words(item)) for item in items) <= MAX_LIST_WORDS

    # --- making cards ----------------------------------------------------------------------

    def list_card(self, node: Node, chain: list[str]) -> None:
        title = node.text
        items = _items(node)
        found = tx.definition(title)
        if found and not title.endswith(":"):
            title, items = found.term, [found.definition, *items]
        if len(items) == 1:
            front = _ask_what(title)
            back = _sentence_case(items[0])
        else:
            front = _ask_points(title)
            back = "\n".join(f"- {item}" for item in items)
        refs = [ref for child in [node, *node.children] for ref in child.refs]
        self.card(front, back, node, chain, key=title, body=f"{title}\n" + "\n".join(items), refs=refs, context_in_front=True)

    def leaf(self, node: Node, chain: list[str]) -> None:
        parts = tx.sentences(node.text) if node.paragraph else [node.text]
        for part in parts:
            self.statement(part, node, chain)

    def statement(self, text: str, node: Node, chain: list[str]) -> None:
        text = tx.strip_label(text)
        count = len(tx.words(text))
        reason = tx.junk_reason(text)
        if reason:
            self.skip(node, reason, text)
            return
        if count <= 1:
            self.skip(node, "lone word", text)
            return
        found = tx.definition(text)
        if found and count >= 3:
            self.card(_ask_what(found.term), _sentence_case(found.definition), node, chain, key=found.term, body=text,
                      refs=node.refs, context_in_front=True)
            return
        if count <= 2:
            self.skip(node, "too short to stand alone", text)
            return
        gap = _number_gap(text)
        if gap:
            blanked, _ = gap
            self.card(_in_context(f"fill the gap: {blanked}", chain), _sentence_case(text), node, chain, key=text, body=text,
                      refs=node.refs)
            return
        shown = tx.words(text)[: max(1, min(8, count // 2))]
        prompt = f"complete the note: “{' '.join(shown)} …”"
        self.card(_in_context(prompt, chain), _sentence_case(text), node, chain, key=text, body=text, refs=node.refs)

    def card(self, front: str, back: str, node: Node, chain: list[str], *, key: str, body: str, refs: list[str],
             context_in_front: bool = False) -> None:
        if context_in_front:
            front = _with_context(front, chain)
        item_id = _make_id(key, chain, body)
        if self.duplicate(item_id, node, body):
            return
        topic = self.topic(chain, f"{key} {body}")
        task = guess_task(f"{front} {back}", chain, BY_ID.get(topic))
        self.note_task(topic, task)
        self.notes.cards.append(DraftCard(item_id, _sentence_case(front), back, task, topic, self.source(node),
                                          refs=_doc_refs(refs)))

    def question(self, node: Node, chain: list[str]) -> None:
        stem = node.text
        if not stem:
            self.skip(node, "question without text")
            return
        letters = set(node.correct)
        if 4 <= len(node.options) <= 6 and 1 <= len(letters) <= 3 and letters <= {letter for letter, _ in node.options}:
            body = stem + "\n" + "\n".join(text for _, text in node.options)
            item_id = _make_id(stem, chain, body, prefix="q")
            if self.duplicate(item_id, node, body):
                return
            options = []
            for letter, text in node.options:
                correct = letter in letters
                why = node.why if correct and node.why else (
                    "Draft: say why this option meets the requirement." if correct else "Draft: say why this option is wrong.")
                options.append((text, correct, why))
            topic = self.topic(chain, stem)
            task = guess_task(body, chain, BY_ID.get(topic))
            self.note_task(topic, task)
            self.notes.questions.append(DraftQuestion(item_id, stem, options, len(letters), task, topic, self.source(node),
                                                      refs=_doc_refs(node.refs)))
            return
        answer = node.answer
        if not answer and node.options and letters:
            answer = "; ".join(f"{letter}. {text}" for letter, text in node.options if letter in letters)
        if not answer:
            self.skip(node, "question without an answer", stem)
            return
        front = stem if not node.options else stem + "\n" + "\n".join(f"{letter}. {text}" for letter, text in node.options)
        item_id = _make_id(stem, chain, f"{front}\n{answer}")
        if self.duplicate(item_id, node, front):
            return
        topic = self.topic(chain, f"{stem} {answer}")
        task = guess_task(f"{stem} {answer}", chain, BY_ID.get(topic))
        self.note_task(topic, task)
        self.notes.cards.append(DraftCard(item_id, _sentence_case(front), _sentence_case(answer), task, topic,
                                          self.source(node), refs=_doc_refs(node.refs), tags=["scenario"]))

    # --- bookkeeping -----------------------------------------------------------------------

    def source(self, node: Node) -> str:
        return f"{self.name}:{node.line}"

    def skip(self, node: Node, reason: str, text: str | None = None) -> None:
        self.notes.skipped.append(Skip(node.line, reason, text if text is not None else node.text))

    def duplicate(self, item_id: str, node: Node, body: str) -> bool:
        first = self.seen.get(item_id)
        if first is not None:
            self.skip(node, f"duplicate of {first}", body.split("\n")[0])
            return True
        self.seen[item_id] = self.source(node)
        return False

    def topic(self, chain: list[str], text: str) -> str:
        found = guess_topic(chain, text)
        if found is not None:
            self.topics.setdefault(found.id, DraftTopic(found.id, found.title, list(found.services), found.domain))
            return found.id
        titles = [title for title in chain if not tx.JUNK_SECTIONS.match(title)]
        title = _shorten(titles[0], 6).rstrip("…").strip() if titles else "General notes"
        topic_id = tx.slug(title, max_words=4, max_length=32) or "general"
        if topic_id in BY_ID:
            return topic_id
        if topic_id not in self.topics:
            self.topics[topic_id] = DraftTopic(topic_id, title, [], 1)
            self.fallback_tasks[topic_id] = Counter()
        return topic_id

    def note_task(self, topic: str, task: str) -> None:
        if topic in self.fallback_tasks:
            self.fallback_tasks[topic][task] += 1


# --- wording -------------------------------------------------------------------------------


def _items(node: Node) -> list[str]:
    """A node's children as list items; a child's own children follow it after a colon."""
    items = []
    for child in node.children:
        text = child.text.rstrip(":") if child.children else child.text
        if child.children:
            text = f"{text}: " + "; ".join(grandchild.text for grandchild in child.children)
        items.append(text)
    return items


def _ask_what(term: str) -> str:
    t = term.strip().rstrip(":").strip()
    if t.endswith("?"):
        return t
    if tx.question_word(t):
        return f"{t}?"
    low = t.lower()
    if low.startswith("how to "):
        return f"How do you {t[7:]}?"
    if low.startswith("to "):
        return f"How do you {t[3:]}?"
    if term.rstrip().endswith(":") and len(tx.words(t)) >= 3 or t[:1].islower() and tx.words(low)[0] in _LEADING_NON_NOUNS or _has_verb(t):
        return f"{t} …?"
    plural = _plural(t)
    return f"What {'are' if plural else 'is'} {t}?"


def _ask_points(title: str) -> str:
    t = title.strip().rstrip(":").strip()
    low = t.lower()
    if t.endswith("?"):
        return t
    if tx.question_word(t):
        return f"{t}?"
    if low.startswith("how to "):
        return f"How do you {t[7:]}?"
    if low.startswith("to "):
        return f"How do you {t[3:]}?"
    if (title.rstrip().endswith(":") and len(tx.words(t)) >= 3 or t[:1].islower() and tx.words(low)[0] in _LEADING_NON_NOUNS
            or _has_verb(t)):
        return f"{t} …?"
    return f"What are the key points about {t}?"


_LEADING_NON_NOUNS = {
    "when", "if", "for", "in", "on", "with", "by", "from", "use", "using", "enable", "set", "create", "add", "avoid", "make",
    "run", "put", "keep", "check", "configure", "deploy", "store", "send", "allow", "after", "before", "while", "during",
    "once", "only", "always", "never", "don't", "do", "can", "cannot", "can't", "must", "should", "will", "may", "is", "are",
    "has", "have", "provides", "supports", "requires", "allows", "enables", "used", "helps", "lets", "gives", "returns",
    "ensure", "prevent", "reduce", "increase", "setup", "install", "get", "see", "view", "encrypt", "grant", "give", "not",
}


def _has_verb(text: str) -> bool:
    return any(word.lower().strip("(),") in tx.VERBS for word in tx.words(text))


def _plural(term: str) -> bool:
    last = tx.words(term)[-1].strip("()") if tx.words(term) else ""
    return (len(last) > 3 and last.endswith("s") and not last.isupper() and not last.lower().endswith(("ss", "us", "is", "ys"))
            and " " in term.strip())


def _in_context(prompt: str, chain: list[str]) -> str:
    context = _context(chain)
    return f"{context}: {prompt}" if context else prompt


def _with_context(front: str, chain: list[str]) -> str:
    context = _context(chain)
    if not context or _mentions(front, context):
        return front
    return f"{front} ({context})"


def _context(chain: list[str]) -> str:
    for title in reversed(chain):
        if not tx.JUNK_SECTIONS.match(title):
            return _shorten(title.rstrip(":"), 8)
    return ""


def _mentions(front: str, context: str) -> bool:
    """Every significant word of the context is already in the front."""
    significant = [w for w in re.findall(r"[a-z0-9]+", context.lower()) if len(w) > 2 and w not in {"aws", "amazon", "the", "and"}]
    have = set(re.findall(r"[a-z0-9]+", front.lower()))
    return all(word in have for word in significant)


def _shorten(text: str, max_words: int = 8) -> str:
    ws = tx.words(text)
    return text if len(ws) <= max_words else " ".join(ws[:max_words]).rstrip(",;:") + " …"


def _sentence_case(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _number_gap(text: str) -> tuple[str, str] | None:
    """The sentence with its first quantity replaced by a gap, and the quantity."""
    best = None
    for match in _NUMBER.finditer(text):
        if _NOT_A_QUANTITY.search(text[: match.start()]):
            continue
        number = match.group(1).replace(",", "")
        if re.fullmatch(r"(19|20)\d\d", number) and not match.group(2):
            continue  # a year
        if match.group(2):
            best = match
            break
        if best is None:
            best = match
    if best is None:
        return None
    return text[: best.start()] + "____" + text[best.end():], best.group(0)


def _make_id(key: str, chain: list[str], body: str, prefix: str = "") -> str:
    context = chain[-1] if chain else ""
    stem = tx.slug(key, max_words=5, max_length=40) or "note"
    return "-".join(part for part in (prefix, stem, tx.digest(context, body)) if part)


def _doc_refs(refs: list[str]) -> list[str]:
    out: list[str] = []
    for ref in refs:
        if _DOC_HOST.match(ref) and ref not in out:
            out.append(ref)
    return out
