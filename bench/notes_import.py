"""How well `awsprep import` corrects five real notes files (../shared/notes), measured against the
errata an audit wrote for them (../shared/research/errata.yaml: file, line, what is wrong).

Prints:
- recall: the share of errata flagged at the right file and line (target >= 60%);
- precision: the share of flags that are on an erratum line or that a person judged a true
  correction (bench/notes_import_review.yaml; target >= 90%); flags nobody judged count as wrong
  and are listed so they can be reviewed;
- the share of drafts marked same_as;
- the share of junk fronts in a random sample of 50 drafts (markdown left in, a lone word or label
  as the term, a gap that hides a fragment rather than a term, number or name). `--before DIR`
  samples the drafts of an older checkout too, for comparison; `--show` prints the samples.

Usage: .venv/bin/python bench/notes_import.py [--before OLD_CHECKOUT] [--show]
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NOTES = SHARED / "notes"
ERRATA = SHARED / "research" / "errata.yaml"
REVIEW = Path(__file__).with_name("notes_import_review.yaml")
SAMPLE = 50
SEED = 15
RECALL_TARGET, PRECISION_TARGET = 0.60, 0.90
_LABELS = {"note", "notes", "pros", "cons", "yes", "no", "from", "to", "example", "tip", "important", "default", "other", "ex"}


def junk_front(front: str, back: str) -> str:
    """Why a draft's front is junk, or "" (the rules of the issue, applied to the text only)."""
    if re.search(r"\*\*|`|(?<!_)__(?!_)|^#", front):
        return "markdown left in"
    if "complete the note" in front:
        return "cloze of a sentence fragment"
    term = re.match(r"What (?:is|are) (.+?)\?(?: \(.*\))?$", front)
    if term:
        word = term.group(1).strip("*").strip()
        if word.lower() in _LABELS or re.fullmatch(r"[\d.,%]+", word):
            return "a label or a bare number as the term"
        if re.fullmatch(r"[A-Za-z][a-z]+", word) and " in " not in front:
            return "a lone word as the term"
    if "fill the gap: " in front:
        before, _, after = front.split("fill the gap: ", 1)[1].partition("____")
        hidden = back[len(before):len(back) - len(after)] if after else back[len(before):]
        if len(hidden.split()) > 4 or not re.search(r"[A-Za-z0-9]", hidden):
            return "the gap hides a fragment"
    return ""


def sample_fronts() -> list[tuple[str, str, str]]:
    """(source, front, back) of SAMPLE drafts chosen at random (fixed seed) from the five files."""
    from awsprep.transfer.notes import draft_notes

    cards = draft_notes(sorted(NOTES.iterdir())).cards
    return [(card.source.rsplit("/", 1)[-1], card.front, card.back) for card in random.Random(SEED).sample(cards, SAMPLE)]


def corrections() -> dict:
    import yaml

    from awsprep import paths
    from awsprep.content.load import load
    from awsprep.transfer.corrections import check
    from awsprep.transfer.links import link
    from awsprep.transfer.notes import draft_notes

    corpus = load([paths.builtin_content()])
    made = draft_notes(sorted(NOTES.iterdir()))
    flags = check(made, corpus)
    linked = link(made, corpus)
    errata = {(entry["notes_file"], entry["line"]) for entry in yaml.safe_load(ERRATA.read_text())}
    review = yaml.safe_load(REVIEW.read_text()) if REVIEW.exists() else []
    judged = {(entry["flag"], entry["card"]): entry for entry in review}
    placed = [(Path(flag.source.rsplit(":", 1)[0]).name, flag.line, flag) for flag in flags]
    found = {(name, line) for name, line, _ in placed}
    on_errata = [flag for name, line, flag in placed if (name, line) in errata]
    others = [(f"{name}:{line}", flag) for name, line, flag in placed if (name, line) not in errata]
    true_others = [flag for where, flag in others if judged.get((where, flag.card), {}).get("correct")]
    unjudged = [(where, flag) for where, flag in others if (where, flag.card) not in judged]
    return {
        "errata": len(errata), "recalled": len(errata & found), "flags": len(flags), "on_errata": len(on_errata),
        "true_others": len(true_others), "others": len(others), "unjudged": unjudged,
        "false": [(where, flag) for where, flag in others
                  if (where, flag.card) in judged and not judged[(where, flag.card)]["correct"]],
        "drafts": len(made.cards), "same_as": len(linked),
    }


def junk_share(samples: list[tuple[str, str, str]], show: bool, title: str) -> float:
    junk = [(source, front, junk_front(front, back)) for source, front, back in samples]
    if show:
        print(f"\n{title}: {SAMPLE} drafts")
        for source, front, reason in junk:
            print(f"  {'JUNK' if reason else 'ok  '} {source:32} {front[:110]!r} {reason}")
    return sum(1 for *_, reason in junk if reason) / len(junk)


def main() -> None:
    if "--sample-json" in sys.argv:  # run inside an older checkout by --before
        json.dump(sample_fronts(), sys.stdout)
        return
    if not NOTES.is_dir() or not ERRATA.exists():
        sys.exit(f"needs the notes test bed: {NOTES} and {ERRATA}")
    show = "--show" in sys.argv
    figures = corrections()
    recall = figures["recalled"] / figures["errata"]
    precision = (figures["on_errata"] + figures["true_others"]) / figures["flags"]
    print(f"recall      {figures['recalled']}/{figures['errata']} errata flagged at the right file and line = {recall:.1%}"
          f"  (target >= {RECALL_TARGET:.0%})")
    print(f"precision   ({figures['on_errata']} on erratum lines + {figures['true_others']} judged true corrections)"
          f" / {figures['flags']} flags = {precision:.1%}  (target >= {PRECISION_TARGET:.0%})")
    print(f"            {figures['others']} flags are on lines the errata do not list; {len(figures['false'])} judged wrong,"
          f" {len(figures['unjudged'])} not judged yet (counted as wrong)")
    for where, flag in figures["false"]:
        print(f"    judged wrong: {where} {flag.card} “{flag.said}”")
    for where, flag in figures["unjudged"]:
        print(f"    not judged:   {where} {flag.card} “{flag.said}”")
    print(f"same_as     {figures['same_as']}/{figures['drafts']} drafts = {figures['same_as'] / figures['drafts']:.1%}")
    after = junk_share(sample_fronts(), show, "after")
    line = f"junk fronts {after:.0%} of a random {SAMPLE} (seed {SEED})"
    if "--before" in sys.argv:
        old = Path(sys.argv[sys.argv.index("--before") + 1]).resolve()
        env = {**os.environ, "PYTHONPATH": str(old)}
        out = subprocess.run([sys.executable, __file__, "--sample-json"], env=env, cwd=old, capture_output=True, text=True,
                             check=True)
        before = junk_share([tuple(row) for row in json.loads(out.stdout)], show, f"before ({old})")
        line += f"; before {before:.0%}"
    print(line)


if __name__ == "__main__":
    main()
