"""Loading and validating the YAML corpus, with errors that name file and line.

Parsing uses PyYAML's C loader where available; the validated corpus is cached (pickle) under a
key made of every file's content hash, so an unchanged corpus is never parsed twice.

Loading is bounded: only regular files up to MAX_FILE_BYTES are read, YAML aliases are refused
(an alias bomb cannot grow), nesting stops at MAX_DEPTH, dates stay text and over-long numbers are
errors. Every problem is one "file:line: ..." error; nothing here raises on bad content.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from awsprep import __version__
from awsprep.content.model import Card, Question, QuestionFile, TopicFile

CACHE_FORMAT = 3
MAX_FILE_BYTES = 4 << 20  # the largest shipped file is about 50 KB
MAX_DEPTH = 32  # content nests about 6 levels deep
MAX_NUMBER_DIGITS = 30
# Every free-text field of the schema (content/model.py): topic, card, detector, question, option.
TEXT_KEYS = frozenset({"title", "front", "back", "pitfall", "warning", "source", "service", "claim", "unless", "fact",
                       "stem", "text", "why"})
_COMMENT = re.compile(r"[ \t]+#")


@dataclass
class Corpus:
    """Every card and question by id, with where each came from and what was wrong."""

    topics: dict[str, TopicFile] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    topic_of: dict[str, str] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)
    drafts: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    files: int = 0
    shipped: set[str] = field(default_factory=set)  # files under the first root (the built-in corpus)

    def item(self, item_id: str) -> Card | Question | None:
        return self.cards.get(item_id) or self.questions.get(item_id)

    def is_shipped(self, item_id: str) -> bool:
        """Loaded from the built-in corpus (the first root)."""
        return self.source[item_id].rsplit(":", 1)[0] in self.shipped

    def live(self, item_id: str) -> bool:
        """Known and reviewed (not a draft), and no copy of a built-in card (`same_as`): may be drilled."""
        item = self.item(item_id)
        return item is not None and item_id not in self.drafts and not item.same_as


def load_all(extra: list[Path] | None = None, use_cache: bool = True) -> Corpus:
    """The built-in corpus plus the learner's folders (AWSPREP_CONTENT and `extra`)."""
    from awsprep import paths
    from awsprep.errors import UserError

    roots = [paths.builtin_content(), *paths.user_content(extra)]
    for root in roots[1:]:
        if not root.exists():
            raise UserError(f"content folder {root} does not exist")
        if not root.is_dir():
            raise UserError(f"content folder {root} is not a folder: give a folder with topics/ and questions/")
    return load(roots, paths.cache_dir() / "corpus.pickle" if use_cache else None)


def content_files(roots: list[Path]) -> list[Path]:
    """YAML files under each root's topics/ and questions/ folders, in a stable order."""
    from awsprep.errors import UserError

    files: list[Path] = []
    for root in roots:
        for sub in ("topics", "questions"):
            folder = root / sub
            if not folder.is_dir():
                continue
            try:
                with os.scandir(folder) as entries:  # unlike glob, says when the folder cannot be read
                    names = [entry.name for entry in entries if entry.name.endswith(".yaml") and not entry.name.startswith(".")]
            except OSError as error:
                raise UserError(f"cannot read the content folder {folder}: {error.strerror}") from None
            files.extend(sorted(folder / name for name in names))
    return files


def load(roots: list[Path], cache: Path | None = None) -> Corpus:
    """Load every content file under `roots`; use the cache when no file changed."""
    files = content_files(roots)
    blobs = [(path, read(path)) for path in files]
    key = _key(blobs)
    if cache is not None:
        cached = _read_cache(cache, key)
        if cached is not None:
            return cached
    corpus = _build(blobs)
    corpus.shipped = {display(path) for path in content_files(roots[:1])}
    if cache is not None:
        _write_cache(cache, key, corpus)
    return corpus


def read(path: Path) -> bytes | str:
    """A content file's bytes, or why it cannot be read: only regular files up to MAX_FILE_BYTES
    (opened without blocking and checked before reading, so a FIFO or a device never hangs or fills memory)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return "a symlink to a missing file" if path.is_symlink() else "the file disappeared while loading"
    except OSError as error:
        return f"cannot read the file: {error.strerror or error}"
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe or device)"
            return f"{kind}; content files must be plain YAML files"
        if info.st_size > MAX_FILE_BYTES:
            return f"the file is {info.st_size:,} bytes; content files must be at most {MAX_FILE_BYTES:,}"
        data = os.read(descriptor, info.st_size + 1)
    except OSError as error:
        return f"cannot read the file: {error.strerror or error}"
    finally:
        os.close(descriptor)
    if len(data) > info.st_size:
        return "the file changed while loading; run again"
    return data


def _key(blobs: list[tuple[Path, bytes]]) -> str:
    """Every content file's bytes, plus the schema's own source: a changed model never meets an old pickle."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}".encode())
    digest.update(Path(__file__).with_name("model.py").read_bytes())
    for path, data in blobs:
        body = data if isinstance(data, bytes) else b"unreadable:" + data.encode()
        digest.update(str(_resolved(path)).encode() + b"\0" + hashlib.sha256(body).digest())
    return digest.hexdigest()


def _resolved(path: Path) -> Path:
    """The absolute path with symlinks resolved, or as given for a symlink loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _read_cache(cache: Path, key: str) -> Corpus | None:
    try:
        with open(cache, "rb") as handle:
            stored_key, corpus = pickle.load(handle)
    except Exception:  # noqa: BLE001 - any unreadable cache is rebuilt, whatever is in it
        return None
    return corpus if stored_key == key and isinstance(corpus, Corpus) else None


def _write_cache(cache: Path, key: str, corpus: Corpus) -> None:
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            pickle.dump((key, corpus), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)


def _build(blobs: list[tuple[Path, bytes]]) -> Corpus:
    from pydantic import ValidationError

    corpus = Corpus(files=len(blobs))
    seen: dict[str, str] = {}
    topics_at: dict[str, str] = {}
    question_files: list[tuple[str, QuestionFile, dict]] = []
    for path, data in blobs:
        where = display(path)
        if isinstance(data, str):
            corpus.errors.append(f"{where}:1: {data}")
            continue
        parsed = _parse(where, data, corpus.errors)
        if parsed is None:
            continue
        document, lines = parsed
        model = QuestionFile if path.parent.name == "questions" else TopicFile
        try:
            content = model.model_validate(document)
        except ValidationError as error:
            for problem in error.errors():
                loc = tuple(problem["loc"])
                field_path = ".".join(str(part) for part in loc) or "file"
                corpus.errors.append(f"{where}:{_line(lines, loc)}: {field_path}: {_message(problem)}")
            continue
        expected = content.id if isinstance(content, TopicFile) else content.topic
        if path.stem != expected:
            key = "id" if isinstance(content, TopicFile) else "topic"
            corpus.errors.append(f"{where}:{_line(lines, (key,))}: {key} {expected!r} does not match the file name {path.stem!r}")
        if isinstance(content, TopicFile):
            if not _new_topic(corpus, topics_at, where, lines, content):
                continue
            _add_items(corpus, seen, where, lines, "cards", content.cards, content.id, content.draft)
        else:
            question_files.append((where, content, lines))
    for where, content, lines in question_files:
        if content.topic not in corpus.topics:
            corpus.errors.append(f"{where}:{_line(lines, ('topic',))}: topic {content.topic!r} has no topic file")
        _add_items(corpus, seen, where, lines, "questions", content.questions, content.topic, content.draft)
    return corpus


def _new_topic(corpus: Corpus, topics_at: dict, where: str, lines: dict, topic: TopicFile) -> bool:
    """Record a topic; a second file with the same id may only add cards to it, under the same title and
    domain (a draft made by `awsprep import` keeps the first file's). False when the file is refused."""
    first = corpus.topics.get(topic.id)
    if first is None:
        corpus.topics[topic.id] = topic
        topics_at[topic.id] = where
        return True
    if not topic.draft and (topic.title, topic.domain) != (first.title, first.domain):
        corpus.errors.append(
            f"{where}:{_line(lines, ('id',))}: topic {topic.id!r} is already defined in {topics_at[topic.id]} "
            f"(title {first.title!r}, domain {first.domain}); use the same title and domain to add cards to it, or another id")
        return False
    return True


def _add_items(corpus: Corpus, seen: dict, where: str, lines: dict, key: str, items: list, topic: str, draft: bool) -> None:
    table = corpus.cards if key == "cards" else corpus.questions
    for index, item in enumerate(items):
        here = f"{where}:{_line(lines, (key, index, 'id'))}"
        if item.id in seen:
            corpus.errors.append(f"{here}: duplicate id {item.id!r} (first at {seen[item.id]})")
            continue
        if not item.refs and not draft:
            corpus.errors.append(f"{here}: {item.id}: needs at least one ref to the AWS documentation")
        seen[item.id] = here
        table[item.id] = item
        corpus.topic_of[item.id] = topic
        corpus.source[item.id] = here
        if draft:
            corpus.drafts.add(item.id)


def display(path: Path) -> str:
    """A path as error messages show it: relative to the working folder when inside it (a symlinked
    file keeps its own name)."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


@functools.cache
def _loader_class():
    """PyYAML's safe loader (the C one where built) without date resolution: a date stays text."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {first: [(tag, pattern) for tag, pattern in entries if tag != "tag:yaml.org,2002:timestamp"]
                 for first, entries in base.yaml_implicit_resolvers.items()}
    return type("ContentLoader", (base,), {"yaml_implicit_resolvers": resolvers})


def _parse(where: str, data: bytes, errors: list[str]) -> tuple[object, dict] | None:
    """YAML text to (document, {path tuple: line}); any problem becomes one error line."""
    import yaml

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        errors.append(f"{where}:1: not UTF-8 text ({error.reason})")
        return None
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            errors.append(f"{where}:1: expected a mapping at the top of the file")
            return None
        walker = _Walker(text.splitlines())
        walker.walk(node, (), 0)
        if walker.problems:
            errors.extend(f"{where}:{line}: {problem}" for line, problem in walker.problems)
            return None
        document = loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        errors.append(f"{where}:{line}: invalid YAML: {problem}")
        return None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        errors.append(f"{where}:1: invalid YAML: {error}")
        return None
    finally:
        loader.dispose()
    if not isinstance(document, dict):
        errors.append(f"{where}:1: expected a mapping at the top of the file")
        return None
    for path in walker.cut:
        errors.append(f"{where}:{walker.lines[path]}: {'.'.join(map(str, path))}: ' #' starts a YAML comment, "
                      "so the text after it is lost; quote the value or use a | block")
    return document, walker.lines


class _Walker:
    """One pass over the node tree before anything is built: records each path's line, collects
    unquoted text values that a ` #` comment cut short, and refuses what could not load safely
    (aliases, nesting deeper than MAX_DEPTH, keys that are not text, numbers too long to read)."""

    def __init__(self, source: list[str]):
        self.source = source
        self.lines: dict[tuple, int] = {}
        self.cut: list[tuple] = []
        self.problems: list[tuple[int, str]] = []
        self._seen: set[int] = set()

    def walk(self, node, path: tuple, depth: int) -> None:
        line = node.start_mark.line + 1
        if id(node) in self._seen:  # an alias: the node was met before (report the first only)
            if not self.problems or not self.problems[0][1].startswith("YAML aliases"):
                self.problems.insert(0, (self.lines.get(path[:-1], line),
                                         "YAML aliases (*name) and merge keys (<<) are not allowed in content; write the value out"))
            return
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problems.append((line, f"nested more than {MAX_DEPTH} levels deep"))
            return
        self.lines[path] = line
        if node.id == "mapping":  # PyYAML's node kinds: scalar, sequence, mapping
            for key, value in node.value:
                if key.id != "scalar":
                    self.problems.append((key.start_mark.line + 1, "a key must be plain text"))
                    continue
                self.walk(value, path + (key.value,), depth + 1)
                self.lines[path + (key.value,)] = key.start_mark.line + 1
                if key.value in TEXT_KEYS and value.id == "scalar" and not value.style and self._cut_short(value, key):
                    self.cut.append(path + (key.value,))
        elif node.id == "sequence":
            for index, value in enumerate(node.value):
                self.walk(value, path + (index,), depth + 1)
        elif node.tag.endswith(":int") and len(node.value) > MAX_NUMBER_DIGITS:
            self.problems.append((line, f"the number {node.value[:20]}... is {len(node.value):,} characters long; "
                                        f"numbers have at most {MAX_NUMBER_DIGITS}"))

    def _cut_short(self, value, key) -> bool:
        """A plain (unquoted) value followed by ` #` on its last line, or by a comment line indented
        under its key as a next line of the text would be (`#{name}` there is lost too)."""
        end = value.end_mark
        if end.line < len(self.source) and _COMMENT.match(self.source[end.line], end.column):
            return True
        for line in self.source[end.line + 1:]:
            text = line.lstrip()
            if text:
                return text.startswith("#") and len(line) - len(text) > key.start_mark.column
        return False


def _line(lines: dict, loc: tuple) -> int:
    """The line of the deepest known part of `loc` (pydantic adds names that YAML lacks)."""
    loc = tuple(loc)
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


def _message(problem: dict) -> str:
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden":
        return "unknown key (check the spelling against content/README.md)"
    if problem["type"] == "missing":
        return "required key is missing"
    return message
