"""Reading one line of notes: markup removed, its shape (heading, bullet, separator ...) and junk.

Everything here is pure string work on single lines, so the shapes real notes come in can be
tested one line at a time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# --- line shapes ---------------------------------------------------------------------------

SEPARATOR = re.compile(r"^\s*(?:([-=_*~#+.•])\1{2,}|(?:[-*_] ){2,}[-*_])\s*$")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BOLD_HEADING = re.compile(r"^\s*(?:\*\*([^*]+)\*\*|__([^_]+)__)\s*:?\s*$")
BULLET = re.compile(r"^(?P<indent>\s*)(?P<marker>--|[-*+•◦▪‣–—]|\d{1,2}[.)])\s+(?P<text>\S.*)$")
FENCE = re.compile(r"^\s*(```|~~~)")
LIQUID_OPEN = re.compile(r"^\s*\{%\s*(highlight|raw|codeblock)\b")
LIQUID_CLOSE = re.compile(r"^\s*\{%\s*end(highlight|raw|codeblock)\s*%\}")
MAJOR_SEPARATOR_LENGTH = 30

# --- inline markup -------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_BARE_URL = re.compile(r"https?://\S+")
_BOLD = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")
_ITALIC = re.compile(r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])")
_CODE = re.compile(r"`([^`]*)`")
_TAG = re.compile(r"</?(?:br|b|i|em|strong|code|span|p|u|sup|sub)\b[^>]*>", re.IGNORECASE)
_MOJIBAKE = re.compile(r"^[âÂ\ufffd]+(?=\S)")
_TRAILING_SEPARATOR = re.compile(r"\s+[-=]{3,}\s*$")


def clean(text: str) -> str:
    """Markdown and HTML markup removed, whitespace collapsed; the words are kept as written."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _CODE.sub(lambda m: m.group(1), text)
    text = _BOLD.sub(lambda m: m.group(2), text)
    text = _ITALIC.sub(lambda m: m.group(1), text)
    text = _TAG.sub(" ", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    text = _MOJIBAKE.sub("", text.strip())
    text = _TRAILING_SEPARATOR.sub("", text)
    return " ".join(text.split())


def links(text: str) -> list[str]:
    """URLs in a line, markdown links first."""
    found = [m.group(2) for m in _LINK.finditer(text)]
    found += [u for u in _BARE_URL.findall(_LINK.sub("", text))]
    return [u.rstrip(").,;") for u in found]


def only_links(text: str) -> bool:
    """The line is nothing but links or images (a reading list, not a note)."""
    rest = _BARE_URL.sub("", _LINK.sub("", _IMAGE.sub("", text)))
    return bool(links(text) or _IMAGE.search(text)) and not re.search(r"[A-Za-z0-9]", rest)


def only_image(text: str) -> bool:
    return bool(_IMAGE.search(text)) and not re.search(r"[A-Za-z0-9]", _IMAGE.sub("", text))


def words(text: str) -> list[str]:
    return text.split()


def slug(text: str, max_words: int = 6, max_length: int = 48) -> str:
    """A kebab-case id fragment: lower case letters and digits only."""
    parts = re.findall(r"[a-z0-9]+", text.lower().replace("@", " at ").replace("&", " and "))
    out: list[str] = []
    for part in parts:
        if len(out) >= max_words or len("-".join([*out, part])) > max_length:
            break
        out.append(part)
    return "-".join(out)


def digest(*parts: str, length: int = 6) -> str:
    """A short stable hash of normalised text (case and spacing do not matter)."""
    normal = "\n".join(" ".join(p.lower().split()) for p in parts)
    return hashlib.sha1(normal.encode()).hexdigest()[:length]


# --- junk ----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"^(?:x{2,}|(?:todo|tbd|tba|fixme|wip|n/?a|none|nil|null|lorem ipsum\b.*|placeholder|coming soon)\.?|\?+|\.{2,}|…+|-+)$",
    re.IGNORECASE,
)
_UNSURE = re.compile(r"\?\?")
_DATE = re.compile(
    r"\b(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:last updated|updated on|posted on|published on|written by|posted by|by [A-Z][a-z]+ [A-Z][a-z]+$)", re.IGNORECASE)
_ABOUT_NOTES = re.compile(
    r"\b(?:my notes|these notes|this (?:study )?guide|study guide|study course|cloud studies|this file|this post|this blog|"
    r"this article|in this video)\b",
    re.IGNORECASE,
)
_WEB_CHROME = re.compile(
    r"(?:leave a (?:reply|comment)|fill in your details|you are commenting using|\blog out\b|connecting to %s|"
    r"bloggers like this|wordpress\.com|twitter picture|facebook photo|google photo|share this:?|like this:?$|"
    r"click to (?:share|print|email)|subscribe\b|sign up for|all rights reserved|copyright ©|\bcookie policy\b|"
    r"%[sd]\b|^related(?: posts)?:?$|^tags?:|^categories:|^advertisements?$|^report this ad$|^loading\.\.\.$)",
    re.IGNORECASE,
)
_FOOTER_START = re.compile(r"^(?:published by\b|leave a (?:reply|comment)\b|share this:?$|like this:?$|related posts?:?$)", re.IGNORECASE)
JUNK_SECTIONS = re.compile(
    r"^(?:tl;?dr|links?|useful links|references?|resources|further reading|table of contents|contents|toc|index|"
    r"sources?|credits|acknowledg(?:e)?ments|about(?: me)?|changelog)$",
    re.IGNORECASE,
)


def placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text.strip(" -*:")))


def footer_start(text: str) -> bool:
    """Where a blog post's article ends and its page furniture begins."""
    return bool(_FOOTER_START.match(text))


def junk_reason(text: str) -> str | None:
    """Why a cleaned line can never be a card, or None."""
    if not text:
        return "empty after removing markup"
    if placeholder(text):
        return "placeholder"
    if _WEB_CHROME.search(text):
        return "web page furniture"
    if _BYLINE.match(text) or (_DATE.search(text) and len(words(text)) <= 14):
        return "date or byline"
    if _ABOUT_NOTES.search(text):
        return "about the notes, not about AWS"
    if _UNSURE.search(text):
        return "unfinished note (contains ??)"
    if not re.search(r"[A-Za-z]", text):
        return "no words"
    return None


# --- sentence shapes -----------------------------------------------------------------------

LABEL = re.compile(
    r"^(?:note|notes|important(?: distinction)?|tip|exam tip|pro tip|summary|example|for example|e\.g\.?|i\.e\.?|"
    r"step \d+|reference|side ?note|remember|warning|caution|fyi|bonus|update|takeaway|key point|nb|n\.b\.|"
    r"best practice|gotcha|answer|solution)\s*:\s*",
    re.IGNORECASE,
)
_DEFINITION = re.compile(r"^(?P<term>[^:]{1,70}?)\s*(?::\s|\s[-–—]\s|\s?=>?\s|\s->\s)\s*(?P<definition>\S.*)$")
_TERM_STOP = re.compile(r"\b(?:is|are|was|were|if|then|because|but|so|which|that)$", re.IGNORECASE)
VERBS = {
    "is", "are", "was", "were", "be", "can", "cannot", "can't", "will", "won't", "must", "should", "does", "do",
    "doesn't", "don't", "did", "has", "have", "had", "uses", "allows", "provides", "supports", "requires", "enables",
    "runs", "gives", "helps", "lets", "means", "needs", "returns", "sends", "creates", "stores", "keeps", "makes",
    "may", "might", "would", "could", "isn't", "aren't",
}
_QUESTION_WORD = re.compile(r"^(?:how|what|why|when|which|who|where|can|does|do|is|are|should|will)\b", re.IGNORECASE)
_FUNCTION_END = {"a", "an", "the", "to", "of", "and", "or", "with", "for", "in", "on", "by", "from", "that", "which", "is",
                 "are", "as", "into", "than", "at", "your", "its", "their", "both", "either", "between"}
_CONTINUES = {"and", "or", "but", "so", "which", "that", "of", "as", "including", "such", "where", "while", "than", "because",
              "then", "into", "via", "whereas", "thanks"}


@dataclass(frozen=True)
class Definition:
    term: str
    definition: str


def definition(text: str) -> Definition | None:
    """`term: definition`, `term - definition`, `term = definition` with a short term, or None."""
    match = _DEFINITION.match(text)
    if not match:
        return None
    term, body = match.group("term").strip(), match.group("definition").strip()
    term_words = words(term)
    if not 1 <= len(term_words) <= 7 or _TERM_STOP.search(term) or "http" in term.lower() or term.endswith(","):
        return None
    if any(w.lower() in VERBS for w in term_words[1:]) and len(term_words) > 3:
        return None
    if not re.search(r"[A-Za-z0-9]", term) or not re.search(r"[A-Za-z0-9]", body):
        return None
    separator = text[len(match.group("term")):].lstrip()[:1]
    if separator == ":" and len(words(body)) == 1 and body[:1].isupper() and not re.search(r"\d", body):
        return None  # "API Gateway: Errors" is a title, not a definition
    if separator == ":" and re.match(r"^\d", body) and re.search(r"\d$", term):
        return None  # a time such as 10: 30
    return Definition(term, body)


_LIST_LABELS = {
    "pros", "cons", "advantages", "disadvantages", "benefits", "limitations", "limits", "features", "steps", "examples",
    "use cases", "notes", "types", "options", "requirements", "best practices", "characteristics", "considerations",
    "drawbacks", "key points", "properties", "details", "facts", "gotchas", "caveats", "tips", "pitfalls", "things to note",
}
_NOTE_LABELS = {
    "yes", "no", "note", "nb", "tip", "example", "e.g", "e.g.", "eg", "important", "warning", "default", "from", "to", "other",
    "misc", "more", "also", "see", "update", "remember", "summary", "answer", "result", "why", "how", "when", "where", "what",
    "who", "which", "true", "false", "maybe", "ok", "good", "bad", "and", "or", "but", "then", "so", "info", "fyi", "question",
    "use case", "usage", "idea", "reason", "purpose",
}


def label_word(text: str) -> str:
    """The label a note is filed under ("Pros", "Note", "YES") in lower case, or "": a label is not a term."""
    low = " ".join(text.lower().strip(" :*-").split())
    return low if low in _LIST_LABELS or low in _NOTE_LABELS else ""


def list_label(text: str) -> bool:
    """A label that heads a list ("Pros", "Steps"): "What are the pros of ...?" reads well."""
    return label_word(text) in _LIST_LABELS


_EVERYDAY = frozenset(
    "message messages queue queues item items table tables error errors log logs logging metric metrics alarm alarms role roles "
    "policy policies permission permissions secret secrets credential credentials password passwords template templates stack "
    "stacks artifact artifacts dependency dependencies hook hooks release releases pipeline pipelines deploy deployment "
    "deployments exception exceptions timeout timeouts failure failures trace traces segment segments dashboard dashboards "
    "monitoring memory performance cost costs latency throughput scale scaling edge cache caches caching package zip query "
    "scan local locally sandbox principal principals sensitive rotation consistency envelope certificate certificates linear "
    "rolling immutable debug debugging instrument observability optimize optimise fail failed failing root cause".split()
)


def everyday(text: str) -> bool:
    """One plain word ("messages", "logs") or a verb form ("encrypted"): too general to be the term a gap asks for."""
    word = text.strip().lower()
    return " " not in word and (word in _EVERYDAY or word.endswith(("ed", "ing")))


def lone_word(text: str) -> bool:
    """One everyday word ("Users", "choice"): no capitals inside, no digits, not an acronym."""
    return bool(re.fullmatch(r"[A-Za-z][a-z]+", text.strip()))


_STRAY_MARKS = re.compile(
    r"\*\*+|(?<![\w/_])__(?!_)|(?<!_)__(?![\w/_])|`+|^#{1,6}\s+|^>\s+"  # bold marks, backticks, heading and quote marks
    r"|(?<![\w*/.:])\*(?=[A-Za-z])|(?<=[A-Za-z])\*(?![\w*/.])"  # a lone * against a word (not a wildcard such as s3:*)
)


def unmark(text: str) -> str:
    """Markdown marks `clean` could not pair (a lone `**`, a stray backtick, a leading `#`) taken out."""
    return "\n".join(" ".join(_STRAY_MARKS.sub("", line).split()) for line in text.split("\n"))


# Words that hold a term: the kind a gap can ask for. Ranked: code and API names first, then names,
# then acronyms.
_TERM_SHAPES = (
    (0, re.compile(r"(?<![\w$/.-])(?:--[a-z][\w-]+|/[a-z][\w/.-]*\w|[A-Za-z][\w-]*(?:\.[a-z]{2,4}|_[A-Z0-9_]+)|"
                   r"[a-z]+[A-Z]\w*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)(?![\w$-])")),
    (1, re.compile(r"(?<![\w$/.-])(?:[A-Za-z]+[0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|[A-Z]{2,}-[A-Z0-9]{2,})(?![\w$-])")),
    (1, re.compile(r"(?<![\w$/.-])[A-Z][a-z]+(?: (?:[A-Z][a-z]+|[A-Z]{2,}))+(?![\w$-])")),
    (2, re.compile(r"(?<![\w$/.-])[A-Z]{2,5}s?(?![\w$-])")),
)
_NOT_ACRONYMS = {
    "ONLY", "NOT", "MUST", "NO", "YES", "ALL", "ANY", "AND", "OR", "IS", "ARE", "THE", "FOR", "NEVER", "CAN", "WILL", "MAX",
    "MIN", "NOTE", "ONE", "TWO", "BAD", "GOOD", "OK", "IF", "THEN", "NEW", "OLD", "SAME", "EACH", "PER", "UP", "IN", "OUT", "ON",
    "OFF", "AFTER", "FIRST", "LAST", "TRUE", "FALSE", "NONE", "BOTH", "LOW", "HIGH", "ONCE", "SLOW", "FAST", "FREE", "WHY",
    "HOW", "WHAT", "WHEN", "DO", "DOES", "BUT", "NOR", "SO", "AS", "AT", "BY", "OF", "TO", "BE", "IT", "ITS", "YOU", "WE",
    "AN", "FULL", "LESS", "MORE", "MOST", "VERY", "ZERO", "NEXT", "ELSE", "LEFT", "RIGHT", "NOW", "ALSO", "EVEN", "JUST",
    "SOME", "WITH", "FROM", "INTO", "OVER", "UNDER", "THAN", "THAT", "THIS", "THEY", "THEM", "YOUR", "OUR", "BEST", "HARD",
    "EASY", "TIME", "TIMES", "DATA", "CODE", "USE", "USED", "USER", "USERS", "SIZE", "TYPE", "TYPES", "NEED", "WAY", "TWICE",
    "THREE", "FOUR", "FIVE", "LONG", "SHORT", "BIG", "SMALL", "CHEAP", "SAFE",
}
_NAME_STARTERS = {"The", "A", "An", "To", "In", "If", "For", "When", "Use", "This", "It", "You", "We", "With", "By", "On", "At",
                  "From", "And", "Or", "But", "So", "Each", "All", "Any", "Some", "No", "Not", "Only", "Can", "Is", "Are", "Then",
                  "Once", "After", "Before", "Your", "Our", "My", "Its", "Their", "Every", "One", "Two", "Three"}


def term_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, rank) of each word or name in `text` that a gap could ask for; lower rank is better."""
    spans = []
    for rank, shape in _TERM_SHAPES:
        for match in shape.finditer(text):
            start, term = match.start(), match.group(0)
            if rank == 2 and term.rstrip("s") in _NOT_ACRONYMS or term.isupper() and len(term) > 5 and not re.search(r"\d", term):
                continue
            if rank == 1 and " " in term:
                first, _, rest = term.partition(" ")
                while first in _NAME_STARTERS and " " in rest:
                    start += len(first) + 1
                    first, _, rest = rest.partition(" ")
                if first in _NAME_STARTERS:
                    continue
            spans.append((start, match.end(), rank))
    return spans


def strip_label(text: str) -> str:
    """"Note: regions end with a number" -> "regions end with a number"."""
    return LABEL.sub("", text, count=1).strip()


def title_like(text: str, max_words: int = 6) -> bool:
    """Short, no sentence punctuation and no verb: a heading for what follows."""
    if text.endswith(":") and len(words(text)) <= 14:
        return True
    ws = words(text)
    if not 1 <= len(ws) <= max_words or text[-1:] in ".!?;," or definition(text) and not title_case(text):
        return False
    if any(w.lower().strip("(),") in VERBS for w in ws):
        return False
    return bool(re.match(r"[A-Z0-9(\"'“]", text)) or text.isupper()


_MINOR = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "vs", "vs.", "via", "from", "as"}


def title_case(text: str) -> bool:
    """Every significant word starts with a capital (or is not a word): "Succeed and Fail", "ENDPOINT TYPES"."""
    return all(not w[:1].isalpha() or w[:1].isupper() or w.lower() in _MINOR for w in words(text))


def continues(previous: str, line: str) -> bool:
    """A hard-wrapped sentence: `line` carries on the sentence `previous` started."""
    if not previous or not line or previous[-1] in ".:;!?" or BULLET.match(line):
        return False
    first = words(line)[0].lower()
    last = words(previous)[-1].lower()
    if last in _FUNCTION_END or previous.endswith(","):
        return True
    if title_like(previous) and title_case(previous):
        return False  # a title: what follows is its first note
    if first in _CONTINUES and line[0].islower():
        return True
    return len(previous) >= 68 and line[0].islower() and first not in VERBS


def group_title(text: str) -> bool:
    """The first line of a group of lines that names what the rest are about: a title, or a short
    `term - definition` line such as "Short Polling - default"."""
    if title_like(text, 8):
        return True
    found = definition(text)
    return bool(found) and len(words(text)) <= 6 and not text.endswith(".")


def question_word(text: str) -> bool:
    return bool(_QUESTION_WORD.match(text))


def sentences(paragraph: str) -> list[str]:
    """A paragraph split at sentence ends (not at e.g., i.e., etc., vs. or inside numbers)."""
    protected = re.sub(r"\b(e\.g|i\.e|etc|vs|approx|incl|min|max|No|Fig|ex)\.", lambda m: m.group(0).replace(".", "\0"), paragraph,
                       flags=re.IGNORECASE)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", protected)
    return [p.replace("\0", ".").strip() for p in parts if p.strip()]
