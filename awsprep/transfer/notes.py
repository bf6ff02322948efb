"""Study notes to draft cards and questions, each with the file and line it came from.

The outline (`outline.read`) says what belongs together; this module decides what kind of card
each piece makes:

- a `term: definition` line (or `term - definition`, `term = definition`): "What is <term>?";
- a title with a few short notes under it: "What are the key points about <title>?", the notes as
  a list on the back (one note: a definition card);
- a sentence with a number in it: a gap to fill, the number left out;
- any other sentence: a gap where its key term or name was (a sentence with none is skipped);
- a lone everyday word as the term ("Users: ..."): asked about within its service, or the other way
  round (the definition shown, the term asked); a label ("Pros:", "Note:") is not a term at all;
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
from awsprep.transfer.outline import Node, Passage, Skip, read
from awsprep.transfer.topics import BY_ID, feature_spans, guess_task, guess_topic, keyword_spans

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
    passages: list[Passage] = field(default_factory=list)  # the notes it was made from, with their lines
    context: list[str] = field(default_factory=list)  # the titles of the sections it sits in
    headings: list[Passage] = field(default_factory=list)  # those titles as notes lines
    answer: str = ""  # what the card asks for: a gap's hidden words or the term; empty for lists and Q&A
    warning: str = ""  # the notes say something wrong: what is true and which card teaches it
    same_as: str = ""  # a built-in card that states the same fact


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
    passages: list[Passage] = field(default_factory=list)  # the stem and the correct options
    headings: list[Passage] = field(default_factory=list)
    warning: str = ""


@dataclass
class DraftTopic:
    id: str
    title: str
    services: list[str]
    domain: int


@dataclass
class Unasked:
    """A note that made no draft (too short, nothing to ask about); its facts are still checked."""

    source: str
    passages: list[Passage]
    headings: list[Passage]
    warning: str = ""


@dataclass
class NotesDraft:
    """What one notes file gave."""

    path: Path
    shape: str
    cards: list[DraftCard] = field(default_factory=list)
    questions: list[DraftQuestion] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    unasked: list[Unasked] = field(default_factory=list)


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
        self.titles: list[Passage] = []  # the notes lines of the titles in the chain

    # --- walking the outline ---------------------------------------------------------------

    def walk(self, node: Node, chain: list[str]) -> None:
        """Emit `node`'s children; `chain` ends with the title `node` gives them."""
        if node.kind != "root":
            self.titles.append(node.passage())
        for child in node.children:
            self.emit(child, chain)
        if node.kind != "root":
            self.titles.pop()

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
                self.unasked(node, node.passage())
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
        if any(grandchild.children for child in children for grandchild in child.children):
            return False  # three levels deep: a list card would drop the deepest notes
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
        passages = [node.passage()] + [part.passage() for child in node.children for part in [child, *child.children]]
        refs = [ref for child in [node, *node.children] for ref in child.refs]
        body = f"{title}\n" + "\n".join(items)
        if len(items) == 1:
            asked = _ask_term(title, items[0], chain)
            if asked is None:
                self.walk(node, [*chain, title.rstrip(":").strip()])
                return
            front, back, in_front = asked
            self.card(front, back, node, chain, key=title, body=body, refs=refs, passages=passages, context_in_front=in_front,
                      answer=title.strip().rstrip(":"))
            return
        label = tx.label_word(title) if tx.list_label(title) else ""
        if tx.label_word(title) and not (label and _context(chain)):
            self.walk(node, [*chain, title.rstrip(":").strip()])
            return
        front = f"What are the {label} of {_context(chain)}?" if label else _ask_points(title)
        back = "\n".join(f"- {item}" for item in items)
        self.card(front, back, node, chain, key=title, body=body, refs=refs, passages=passages, context_in_front=not label)

    def leaf(self, node: Node, chain: list[str]) -> None:
        if not node.paragraph:
            self.statement(node.text, node, chain, node.passage())
            return
        end = 0
        for part in tx.sentences(node.text):
            start = max(node.text.find(part, end), end)
            end = start + len(part)
            self.statement(part, node, chain, node.passage(start, end))

    def statement(self, text: str, node: Node, chain: list[str], passage: Passage) -> None:
        text = tx.strip_label(text)
        count = len(tx.words(text))
        reason = tx.junk_reason(text)
        if reason:
            self.skip(node, reason, text)
            return
        if count <= 1:
            self.skip(node, "lone word", text)
            self.unasked(node, passage)
            return
        found = tx.definition(text)
        if found and count >= 3:
            asked = _ask_term(found.term, found.definition, chain)
            if asked is not None:
                front, back, in_front = asked
                self.card(front, back, node, chain, key=found.term, body=text, refs=node.refs, passages=[passage],
                          context_in_front=in_front, answer=found.term.strip().rstrip(":"))
                return
            if not _bare_number(found.term):
                text = found.definition  # "Pros: ..." / "Note - ...": a label, the rest is the note
                count = len(tx.words(text))
        if count <= 2:
            self.skip(node, "too short to stand alone", text)
            self.unasked(node, passage)
            return
        gap = _number_gap(text) or _term_gap(text, chain)
        if not gap:
            self.skip(node, "no term, number or name to ask about", text)
            self.unasked(node, passage)
            return
        blanked, hidden = gap
        self.card(_in_context(f"fill the gap: {blanked}", chain), _sentence_case(text), node, chain, key=text, body=text,
                  refs=node.refs, passages=[passage], answer=hidden)

    def card(self, front: str, back: str, node: Node, chain: list[str], *, key: str, body: str, refs: list[str],
             passages: list[Passage], context_in_front: bool = False, answer: str = "") -> None:
        front, back = tx.unmark(front), tx.unmark(back)
        if context_in_front:
            front = _with_context(front, chain)
        item_id = _make_id(key, chain, body)
        if self.duplicate(item_id, node, body):
            return
        topic = self.topic(chain, f"{key} {body}")
        task = guess_task(f"{front} {back}", chain, BY_ID.get(topic))
        self.note_task(topic, task)
        self.notes.cards.append(DraftCard(item_id, _sentence_case(front), back, task, topic, self.source(node),
                                          refs=_doc_refs(refs), passages=passages, context=list(chain),
                                          headings=list(self.titles), answer=answer))

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
            passages = [node.passage()] + [Passage(((node.line, text),)) for text, correct, _ in options if correct]
            self.notes.questions.append(DraftQuestion(item_id, stem, options, len(letters), task, topic, self.source(node),
                                                      refs=_doc_refs(node.refs), passages=passages, headings=list(self.titles)))
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
                                          self.source(node), refs=_doc_refs(node.refs), tags=["scenario"],
                                          passages=[node.passage(), Passage(((node.line, answer),))], context=list(chain),
                                          headings=list(self.titles)))

    # --- bookkeeping -----------------------------------------------------------------------

    def source(self, node: Node) -> str:
        return f"{self.name}:{node.line}"

    def unasked(self, node: Node, passage: Passage) -> None:
        self.notes.unasked.append(Unasked(f"{self.name}:{passage.line or node.line}", [passage], list(self.titles)))

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
        titles = [title for title in chain if not tx.JUNK_SECTIONS.match(title)]
        title = _shorten(titles[0], 6).rstrip("…").strip() if titles else "General notes"
        topic_id = tx.slug(title, max_words=4, max_length=32) or "general"
        found = found or BY_ID.get(topic_id)  # a section named after a topic ("Data stores")
        if found is not None:
            self.topics.setdefault(found.id, DraftTopic(found.id, found.title, list(found.services), found.domain))
            return found.id
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


def _ask_term(term: str, definition: str, chain: list[str]) -> tuple[str, str, bool] | None:
    """(front, back, add the context to the front) for `term: definition`; None when the term is a
    label or a bare number, which are no terms to ask about."""
    t = term.strip().rstrip(":").strip()
    if tx.label_word(t) or _bare_number(t):
        return None
    back = _sentence_case(definition)
    if not tx.lone_word(t) or keyword_spans(t):
        return _ask_what(term), back, True
    service = _service_in(chain)
    if service:
        return f"What {'are' if _plural_word(t) else 'is'} {t} in {service}?", back, False
    return f"Which term is this: “{_shorten(definition, 30)}”?", t, True


def _bare_number(term: str) -> bool:
    """A number is no term ("100 - buckets per account"), but an HTTP error code such as 504 is a name."""
    t = term.strip().rstrip(":").strip()
    return bool(re.fullmatch(r"[\d.,%]+", t)) and not re.fullmatch(r"[45]\d\d", t)


def _service_in(chain: list[str]) -> str:
    """The service the nearest section title names, as written there ("IAM"), or ""."""
    for title in reversed(chain):
        spans = keyword_spans(title)
        if spans:
            start, end = min(spans, key=lambda span: (span[0], -span[1]))
            return title[start:end]
    return ""


def _plural_word(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.lower().endswith(("ss", "us", "is"))


def _term_gap(text: str, chain: list[str]) -> tuple[str, str] | None:
    """The sentence with its key term or name replaced by a gap, and the term: code and API names first,
    then names, then acronyms and AWS features, the longest first. Terms the section title already
    gives away, or that the sentence repeats, are not asked for."""
    avoid = " ".join(chain).lower()
    low = text.lower()
    spans = tx.term_spans(text) + [(start, end, 2) for start, end in keyword_spans(text)]
    spans += [(start, end, 2) for start, end in feature_spans(text) if not tx.everyday(low[start:end])]
    best = None
    for start, end, rank in spans:
        term = low[start:end]
        if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", avoid) or low.count(term) > 1:
            continue
        if len(tx.words(text)) - len(tx.words(term)) < 4:
            continue  # too little left to recall the term from
        if best is None or (rank, start - end, start) < (best[2], best[0] - best[1], best[0]):
            best = (start, end, rank)
    if best is None:
        return None
    start, end, _ = best
    return text[:start] + "____" + text[end:], text[start:end]


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
