"""Every command's options, driven by Hypothesis (integers, floats, text, sizes with units, paths):
never a traceback, an exit code that matches the outcome, and nothing written when it fails."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

import click
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsprep.cli import app
from helpers import run

SKIP = {("content", "forms")}  # --add writes the shipped corpus's forms.yaml
REQUIRED = {
    ("calc", "rcu"): {"--item-size": "6KB", "--rate": "10"},
    ("calc", "wcu"): {"--item-size": "6KB", "--rate": "10"},
    ("calc", "partitions"): {"--rcu": "7500", "--wcu": "2000", "--storage-gb": "45"},
    ("calc", "kinesis"): {"--record-size": "2KB", "--records-per-second": "3000"},
    ("calc", "ebs"): {"--type": "gp3", "--size": "200"},
    ("calc", "lambda"): {"--rps": "100", "--duration-ms": "1100"},
}
PATHS = ["", "missing.json", "/dev/null", "folder", "notes.md", "out.csv", "out.apkg", "out.json", "/dev/null/x", "x" * 300]


def commands():
    def walk(group, prefix=()):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from walk(command, (*prefix, name))
            elif (*prefix, name) not in SKIP:
                yield (*prefix, name), command

    return list(walk(typer.main.get_command(app)))


COMMANDS = dict(commands())

numbers = st.one_of(st.integers(-5, 100), st.integers(), st.sampled_from([10**30, 10**400, 2**63])).map(str)
floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.sampled_from(["inf", "nan", "1e308", "-0", "1e-400"]))
units = st.builds(lambda n, u: f"{n}{u}", st.one_of(st.integers(-3, 5000), st.decimals(0, 10**6, places=2).map(str),
                                                    st.just("9" * 5000)), st.sampled_from(["", "B", "KB", "kb", "MB", " KB", "GB", "x"]))
text = st.one_of(st.text(max_size=16), units, numbers, floats)


def value(param: click.Parameter):
    kind = type(param.type).__name__
    if isinstance(param.type, click.Choice):
        return st.one_of(st.sampled_from(list(param.type.choices)), text)
    if "Int" in kind:
        return st.one_of(numbers, text)
    if "Float" in kind:
        return st.one_of(floats, numbers, text)
    if "Path" in kind:
        return st.sampled_from(PATHS)
    return text


@st.composite
def argv(draw, path: tuple[str, ...]):
    command = COMMANDS[path]
    args: list[str] = list(path)
    for param in command.params:
        if param.name == "help":
            continue
        if isinstance(param, click.Option) and param.is_flag:
            if draw(st.booleans()):
                args.append(param.opts[0])
            continue
        required = REQUIRED.get(path, {})
        if isinstance(param, click.Argument):
            count = 1 if param.required else draw(st.integers(0, 2))
            args += [draw(value(param)) for _ in range(count)]
        elif param.opts[0] in required and draw(st.booleans()):
            args += [param.opts[0], required[param.opts[0]]]
        elif param.required or draw(st.booleans()):
            args += [param.opts[0], draw(value(param))]
    return args


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A data home with a few answers, copied for every example."""
    home = tmp_path_factory.mktemp("template") / "home"
    with _inside(home, Path(tempfile.mkdtemp())):
        assert run("drill", "-n", "2", "--kind", "fact", input=" \n3\n" * 2).exit_code == 0
    return home


@contextmanager
def _inside(home: Path, folder: Path):
    """Run with AWSPREP_HOME=home and `folder` as the working folder (where relative paths land)."""
    saved_home, saved_cwd = os.environ.get("AWSPREP_HOME"), os.getcwd()
    os.environ["AWSPREP_HOME"] = str(home)
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        if saved_home is None:
            os.environ.pop("AWSPREP_HOME", None)
        else:
            os.environ["AWSPREP_HOME"] = saved_home


def _snapshot(home: Path, folder: Path) -> tuple:
    database = home / "awsprep.db"
    with sqlite3.connect(database) as raw:
        rows = tuple(raw.iterdump())
    files = tuple(sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if home not in p.parents))
    return rows, files  # the data home's own files (cache, daily backup) are bookkeeping: its rows are what counts


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_any_options_give_an_answer_or_one_line_error(template, path):
    @settings(max_examples=12 if path[0] == "calc" else 5, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(args=argv(path))
    def check(args):
        folder = Path(tempfile.mkdtemp())
        try:
            home = folder / "home"
            shutil.copytree(template, home)
            (folder / "folder").mkdir()
            (folder / "notes.md").write_text("# SQS\n\n- SQS messages are at most 256 KiB by default.\n")
            before = _snapshot(home, folder)
            with _inside(home, folder):
                result = run(*args, input="q\n")
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
            assert "Traceback" not in result.stdout + result.stderr
            if result.exit_code == 0:
                assert "awsprep: error" not in result.stderr, (args, result.stderr)
                return
            last = result.stderr.strip().splitlines()[-1]
            assert last.startswith("awsprep: error:"), (args, result.stderr)
            assert _snapshot(home, folder) == before, f"{args} failed but wrote something"
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    check()
