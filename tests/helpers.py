"""Helpers for driving the real CLI in tests."""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from awsprep.cli import app

SCRIPT = Path(sys.executable).with_name("awsprep")


def run(*args: str, input: str | None = None):
    """Invoke `awsprep ARGS` in-process and return the result (stdout and stderr apart)."""
    return CliRunner().invoke(app, list(args), input=input)


def unprivileged() -> list[str]:
    """A command prefix under which file permissions apply: root without the capabilities that
    override them (empty when not root, where they apply anyway)."""
    import os

    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"] if os.geteuid() == 0 else []


DOC_REF = "https://docs.aws.amazon.com/lambda/latest/dg/welcome.html"
# A valid one-topic folder: one card, one question (no skills: as a learner might write it).
DEMO_TOPIC = f"""\
id: demo
title: Demo
domain: 1
cards:
  - id: demo-one
    front: What is one?
    back: One.
    task: "1.2"
    refs: [{DOC_REF}]
"""
DEMO_QUESTIONS = f"""\
topic: demo
questions:
  - id: demo-q-one
    stem: Pick the right one.
    choose: 1
    task: "1.2"
    refs: [{DOC_REF}]
    options:
      - {{text: A, correct: true, why: Right.}}
      - {{text: B, why: Wrong.}}
      - {{text: C, why: Wrong.}}
      - {{text: D, why: Wrong.}}
"""


def write_folder(root: Path, topic: str, questions: str, name: str = "demo") -> Path:
    """A content folder holding one topic file and its questions file."""
    (root / "topics").mkdir(parents=True, exist_ok=True)
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "topics" / f"{name}.yaml").write_text(topic)
    (root / "questions" / f"{name}.yaml").write_text(questions)
    return root
