"""Fixed practice forms: disjoint, domain-weighted mock exams listed in the corpus's forms.yaml.

A form is a list of question ids written down once, so its membership never moves when questions
are added; `extend` only ever builds new forms from questions that are in no form yet.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from awsprep.content.exam import quotas
from awsprep.content.load import Corpus

FORM_SIZE = 65
SHIPPED_FORMS = 6  # the least the shipped corpus offers
FILE_NAME = "forms.yaml"
HEADER = """\
# Fixed practice forms for `awsprep exam --form N`: disjoint, 65 questions each, split by the
# exam's domain weights (21/17/15/12). Never edit or reorder a form: learners compare their
# attempts on it. New forms come from questions in no form: `awsprep content forms --add 1`.
"""


def path(root: Path) -> Path:
    return root / FILE_NAME


def read(file: Path) -> tuple[dict[int, list[str]], list[str]]:
    """(forms by number, problems); a missing file is no forms."""
    import yaml

    if not file.is_file():
        return {}, []
    try:
        document = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return {}, [f"{file}: cannot read the forms: {error}".splitlines()[0]]
    forms = (document or {}).get("forms") if isinstance(document, dict) else None
    if not isinstance(forms, dict) or not all(
        isinstance(number, int) and isinstance(ids, list) and all(isinstance(i, str) for i in ids)
        for number, ids in forms.items()
    ):
        return {}, [f"{file}: expected `forms:` mapping form numbers to lists of question ids"]
    return dict(sorted(forms.items())), []


def check(corpus: Corpus, forms: dict[int, list[str]], where: str, least: int = 0) -> list[str]:
    """Problems with the forms: size, domain split, unknown or repeated ids, too few forms."""
    problems = []
    if len(forms) < least:
        problems.append(f"{where}: {len(forms)} form(s); the shipped corpus needs at least {least}")
    want = quotas(FORM_SIZE)
    owner: dict[str, int] = {}
    for number, ids in forms.items():
        label = f"{where}: form {number}"
        unknown = [i for i in ids if not corpus.live(i) or i not in corpus.questions]
        if unknown:
            problems.append(f"{label}: not a reviewed question: {', '.join(unknown[:5])}")
        for item_id in ids:
            if item_id in owner:
                problems.append(f"{label}: {item_id} is also in form {owner[item_id]}")
            owner.setdefault(item_id, number)
        split = _split(corpus, ids)
        if len(ids) != FORM_SIZE or split != want:
            problems.append(f"{label}: has {len(ids)} questions split {_show(split)}; "
                            f"a form has {FORM_SIZE} split {_show(want)}")
    return problems


def extend(corpus: Corpus, forms: dict[int, list[str]], count: int) -> dict[int, list[str]]:
    """The forms plus `count` new ones from the shipped questions that are in no form yet.

    Each domain's pool is ordered by a hash of the id (so the pick does not follow file order),
    then dealt round robin by difficulty and response type, so each new form gets the same mix.
    """
    taken = {i for ids in forms.values() for i in ids}
    want = quotas(FORM_SIZE)
    new: list[list[str]] = [[] for _ in range(count)]
    for domain, quota in want.items():
        pool = sorted((i for i, q in corpus.questions.items()
                       if q.exam_domain == domain and i not in taken and corpus.live(i) and corpus.is_shipped(i)),
                      key=_hash)
        if len(pool) < quota * count:
            from awsprep.errors import UserError

            raise UserError(f"domain {domain} has {len(pool)} questions in no form; {count} new form(s) need {quota * count}")
        picked = sorted(pool[: quota * count], key=lambda i: (_mix(corpus, i), _hash(i)))
        for index, item_id in enumerate(picked):
            new[index % count].append(item_id)
    first = max(forms, default=0) + 1
    return {**forms, **{first + n: sorted(ids, key=_hash) for n, ids in enumerate(new)}}


def dump(forms: dict[int, list[str]]) -> str:
    lines = [HEADER.rstrip(), "forms:"]
    for number, ids in forms.items():
        lines.append(f"  {number}:")
        lines.extend(f"    - {item_id}" for item_id in ids)
    return "\n".join(lines) + "\n"


def _split(corpus: Corpus, ids: list[str]) -> dict[int, int]:
    split = {domain: 0 for domain in quotas(FORM_SIZE)}
    for item_id in ids:
        if item_id in corpus.questions:
            split[corpus.questions[item_id].exam_domain] += 1
    return split


def _show(split: dict[int, int]) -> str:
    return "/".join(str(n) for n in split.values())


def _hash(item_id: str) -> str:
    return hashlib.sha256(item_id.encode()).hexdigest()


def _mix(corpus: Corpus, item_id: str) -> tuple[str, bool]:
    question = corpus.questions[item_id]
    return question.difficulty, question.choose > 1

