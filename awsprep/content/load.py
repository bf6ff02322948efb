"""Loading and validating the YAML corpus, with errors that name file and line.

Parsing uses PyYAML's C loader where available; the validated corpus is cached (pickle) under a
key made of every file's content hash, so an unchanged corpus is never parsed twice.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from awsprep import __version__
from awsprep.content.model import Card, Question, QuestionFile, TopicFile

CACHE_FORMAT = 2
TEXT_KEYS = frozenset({"front", "back", "pitfall", "stem", "text", "why", "title"})
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
        """Known and reviewed (not a draft): may be drilled."""
        return (item_id in self.cards or item_id in self.questions) and item_id not in self.drafts


def load_all(extra: list[Path] | None = None, use_cache: bool = True) -> Corpus:
    """The built-in corpus plus the learner's folders (AWSPREP_CONTENT and `extra`)."""
    from awsprep import paths

    roots = [paths.builtin_content(), *paths.user_content(extra)]
    for root in roots[1:]:
        if not root.exists():
            from awsprep.errors import UserError

            raise UserError(f"content folder {root} does not exist")
    return load(roots, paths.cache_dir() / "corpus.pickle" if use_cache else None)


def content_files(roots: list[Path]) -> list[Path]:
    """YAML files under each root's topics/ and questions/ folders, in a stable order."""
    files: list[Path] = []
    for root in roots:
        if root.is_file():
            files.append(root)
            continue
        for sub in ("topics", "questions"):
            files.extend(sorted((root / sub).glob("*.yaml")))
    return files


def load(roots: list[Path], cache: Path | None = None) -> Corpus:
    """Load every content file under `roots`; use the cache when no file changed."""
    files = content_files(roots)
    blobs = [(path, path.read_bytes()) for path in files]
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


def _key(blobs: list[tuple[Path, bytes]]) -> str:
    """Every content file's bytes, plus the schema's own source: a changed model never meets an old pickle."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}".encode())
    digest.update(Path(__file__).with_name("model.py").read_bytes())
    for path, data in blobs:
        digest.update(str(path.resolve()).encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _read_cache(cache: Path, key: str) -> Corpus | None:
    try:
        with open(cache, "rb") as handle:
            stored_key, corpus = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError, ImportError):
        return None
    return corpus if stored_key == key else None


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
    question_files: list[tuple[str, QuestionFile, dict]] = []
    for path, data in blobs:
        where = display(path)
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
            corpus.topics[content.id] = content
            _add_items(corpus, seen, where, lines, "cards", content.cards, content.id, content.draft)
        else:
            question_files.append((where, content, lines))
    for where, content, lines in question_files:
        if content.topic not in corpus.topics:
            corpus.errors.append(f"{where}:{_line(lines, ('topic',))}: topic {content.topic!r} has no topic file")
        _add_items(corpus, seen, where, lines, "questions", content.questions, content.topic, content.draft)
    return corpus


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
    """A path as error messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _parse(where: str, data: bytes, errors: list[str]) -> tuple[object, dict] | None:
    """YAML text to (document, {path tuple: line}); a syntax error becomes one error line."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        errors.append(f"{where}:1: not UTF-8 text ({error.reason})")
        return None
    try:
        node = loader.get_single_node()
        document = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        errors.append(f"{where}:{line}: invalid YAML: {problem}")
        return None
    finally:
        loader.dispose()
    if not isinstance(document, dict):
        errors.append(f"{where}:1: expected a mapping at the top of the file")
        return None
    lines: dict[tuple, int] = {}
    cut: list[tuple] = []
    _walk(node, (), lines, cut, data.decode("utf-8").splitlines())
    for path in cut:
        errors.append(f"{where}:{lines[path]}: {'.'.join(map(str, path))}: ' #' starts a YAML comment, "
                      "so the text after it is lost; quote the value or use a | block")
    return document, lines


def _walk(node, path: tuple, lines: dict, cut: list, source: list[str]) -> None:
    """Record each path's line; collect unquoted text values that a ` #` comment cut short."""
    lines[path] = node.start_mark.line + 1
    if node.tag.endswith(":map"):
        for key, value in node.value:
            _walk(value, path + (key.value,), lines, cut, source)
            lines[path + (key.value,)] = key.start_mark.line + 1
    elif node.tag.endswith(":seq"):
        for index, value in enumerate(node.value):
            _walk(value, path + (index,), lines, cut, source)
    elif not node.style and path and path[-1] in TEXT_KEYS:  # a plain (unquoted) scalar
        end = node.end_mark
        if end.line < len(source) and _COMMENT.match(source[end.line], end.column):
            cut.append(path)


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
