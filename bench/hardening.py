"""Bad input, broken content and database faults against the real command: counts tracebacks and hangs.

Every case runs `python -m awsprep ...` in a fresh AWSPREP_HOME. It counts a traceback (in stdout or
stderr), a hang (no exit within the time limit), a crash (killed by a signal) and, for a value that
was accepted, a later `stats`/`drill` run that then failed. It also prints the peak memory of
`content check` on a 1 KB YAML alias bomb.

Run: .venv/bin/python bench/hardening.py [--tree DIR] [--only cli,content,db] [--jobs N] [-v]
(--tree runs another checkout, e.g. an unchanged copy, to compare before and after.)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 8 << 30
# Root may write anything; without these capabilities it meets file permissions like anyone else.
UNPRIVILEGED = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


@dataclass
class Case:
    group: str
    name: str
    argv: list
    stdin: bytes = b"q\n"
    setup: Callable[[Path], None] | None = None
    timeout: float = 20
    then: list[list[str]] = field(default_factory=list)  # follow-up runs when the case exits 0
    unprivileged: bool = False


@dataclass
class Outcome:
    case: Case
    code: int | None
    stderr: str
    traceback: bool
    hang: bool
    crash: bool
    broke_later: str = ""
    rss_kb: int = 0
    setup_failed: bool = False


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_once(tree: Path, work: Path, argv: list, stdin: bytes, timeout: float, unprivileged: bool):
    env = {**os.environ, "AWSPREP_HOME": str(work / "home"), "PYTHONPATH": str(tree), "COLUMNS": "100"}
    env.pop("AWSPREP_CONTENT", None)
    rss = work / "rss"
    prefix = UNPRIVILEGED if unprivileged and os.geteuid() == 0 else []
    command = [*prefix, "/usr/bin/time", "-f", "%M", "-o", str(rss), sys.executable, "-m", "awsprep", *argv]
    process = subprocess.Popen(command, cwd=work, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True, preexec_fn=_limit_memory)
    try:
        out, err = process.communicate(stdin, timeout=timeout)
        hang = False
    except subprocess.TimeoutExpired:
        peak = _peak_kb(process.pid)
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        hang = True
    text = (out + err).decode(errors="replace")
    try:
        kb = peak if hang else int(rss.read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        kb = 0
    code = None if hang else process.returncode
    crash = not hang and (code < 0 or "Command terminated by signal" in text)
    return code, err.decode(errors="replace"), "Traceback (most recent call last)" in text, hang, crash, kb


def _peak_kb(pid: int) -> int:
    """The memory high-water mark of the command under /usr/bin/time (its child), in KB."""
    try:
        child = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0]
        status = Path(f"/proc/{child}/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1])
    except (OSError, IndexError, StopIteration, ValueError):
        return 0


def execute(tree: Path, case: Case) -> Outcome:
    work = Path(tempfile.mkdtemp(prefix="awsprep-hard-"))
    try:
        (work / "home").mkdir()
        if case.setup:
            try:
                case.setup(work)
            except Exception as error:  # noqa: BLE001 - a fault this tree cannot be put into
                return Outcome(case, None, f"setup failed: {error}", False, False, False, setup_failed=True)
        code, err, tb, hang, crash, kb = run_once(tree, work, case.argv, case.stdin, case.timeout, case.unprivileged)
        outcome = Outcome(case, code, err, tb, hang, crash, rss_kb=kb)
        if code == 0:
            for later in case.then:
                lcode, lerr, ltb, lhang, lcrash, _ = run_once(tree, work, later, b"q\n", 30, case.unprivileged)
                if lcode != 0 or ltb or lhang:
                    outcome.broke_later = f"{' '.join(later)}: {lerr.strip().splitlines()[-1] if lerr.strip() else lcode}"
                    break
        return outcome
    finally:
        if os.path.ismount(work / "home"):
            subprocess.run(["umount", "-l", str(work / "home")])
        subprocess.run(["chmod", "-R", "u+rwx", str(work)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


# Command-line values ------------------------------------------------------------------------

BIG = str(10**400)
HUGE = "9" * 5000
INTS = ["-1", "-5", "0", "1.5", "1e3", "abc", "", "nan", "0x10", str(10**30), BIG, HUGE, str(2**63), str(-(2**63) - 1)]
FLOATS = ["inf", "-inf", "nan", "1e308", "1e309", "-1", "0", "1e-320", "abc", "", BIG, HUGE, "10**30"]
STRINGS = ["", "-1", "0", "abc", BIG, HUGE, "0." + "0" * 4999 + "1", "1e3", "inf", "nan", "6.5 KB", "-6KB", "401KB",
           "1.5.5", "x" * 100_000, b"\xff\xfe", "\U0001f4a5", "1,000", " 7 ", "10**30"]
CHOICES = ["", "GP3", "x", "\U0001f4a5", b"\xff"]
PATHS = ["", "/nonexistent/x", "/dev/null", "/", "/proc/self/status", "x" * 5000, b"\xff", "dir-is-here", "ro/x.json"]

VALID = {
    ("calc", "rcu"): ["--item-size", "6KB", "--rate", "10"],
    ("calc", "wcu"): ["--item-size", "6KB", "--rate", "10"],
    ("calc", "partitions"): ["--rcu", "7500", "--wcu", "2000", "--storage-gb", "45"],
    ("calc", "kinesis"): ["--record-size", "2KB", "--records-per-second", "3000"],
    ("calc", "ebs"): ["--type", "gp3", "--size", "200"],
    ("calc", "lambda"): ["--rps", "100", "--duration-ms", "1100"],
    ("export",): ["--format", "csv", "--out", "out.csv"],
}
SKIP = {("content", "forms")}  # --add writes the shipped corpus's forms.yaml
LATER = [["stats", "--json"], ["drill"]]


def _setting_values(key: str) -> list:
    today = date.today()
    common = ["", "-1", "-5", "0", BIG, HUGE, "abc", "nan", "inf", "x" * 100_000, b"\xff"]
    special = {
        "desired-retention": ["0.5", "1", "1.5", "1e-400", "0.9.1"],
        "learning-steps": ["99999999999d", "1m 10m 1000000d", "0m", "1x", "1m,,10m", "-1m", "1m " * 5000, f"{HUGE}s"],
        "relearning-steps": ["99999999999d", "1000000d", "0s", "10 m"],
        "maximum-interval": ["36501", "99999999999"],
        "fuzzing": ["maybe", "2"],
        "new-per-day": ["10000", "-0"],
        "reviews-per-day": ["100000"],
        "leech-threshold": ["100"],
        "exam-date": ["0001-01-05", "9999-12-31", (today - timedelta(days=3)).isoformat(), "2027-02-30", "2027-13-01", "tomorrow"],
    }
    return common + special.get(key, [])


def _ready(work: Path) -> None:
    (work / "dir-is-here").mkdir()
    (work / "ro").mkdir()
    (work / "notes.md").write_text("# SQS\n\n- SQS messages are at most 256 KiB by default.\n")
    os.chmod(work / "ro", 0o555)


def cli_cases(tree: Path) -> list[Case]:
    sys.path.insert(0, str(tree))
    import click
    import typer

    from awsprep.cli import app

    cases: list[Case] = []
    root = typer.main.get_command(app)

    def leaves(group, prefix=()):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from leaves(command, (*prefix, name))
            else:
                yield (*prefix, name), command

    for path, command in leaves(root):
        if path in SKIP:
            continue
        base = VALID.get(path, [])
        for param in command.params:
            if isinstance(param, click.Option) and (param.is_flag or param.name in ("help",)):
                continue
            if isinstance(param, click.Argument):
                if path == ("config", "set"):
                    continue
                values = PATHS if "path" in repr(param.type).lower() else STRINGS
                for value in values:
                    cases.append(Case("cli", f"{' '.join(path)} {param.name}={value!r:.40}", [*path, *base, value], setup=_ready))
                continue
            kind = type(param.type).__name__
            values = (INTS if "Int" in kind else FLOATS if "Float" in kind else CHOICES if "Choice" in kind
                      else PATHS if "Path" in kind else STRINGS)
            flag = param.opts[0]
            rest = [a for i, a in enumerate(base) if not (a == flag or (i and base[i - 1] == flag))]
            for value in values:
                cases.append(Case("cli", f"{' '.join(path)} {flag} {value!r:.40}", [*path, *rest, flag, value], setup=_ready))
    from awsprep.srs.settings import Settings

    for key in (f.replace("_", "-") for f in Settings().to_dict()):
        for value in _setting_values(key):
            cases.append(Case("cli", f"config set {key} {value!r:.40}", ["config", "set", key, value], then=LATER))
    for key in ["", "nope", "x" * 100_000, b"\xff", "--", "-1"]:
        cases.append(Case("cli", f"config set {key!r:.30}", ["config", "set", key, "1"]))
        cases.append(Case("cli", f"config unset {key!r:.30}", ["config", "unset", key]))
    for argv in (["--content", "/dev/null", "stats"], ["--content", "", "stats"], ["--content", "/nonexistent", "drill"],
                 ["nope"], ["calc"], ["calc", "rcu"], ["exam", "--resume"], ["import"], ["export"]):
        cases.append(Case("cli", " ".join(argv), argv))
    return cases


# Content folders ----------------------------------------------------------------------------

TOPIC = """id: demo
title: Demo
domain: 1
cards:
  - id: demo-one
    front: What is one?
    back: One.
    task: "1.2"
    refs: [https://docs.aws.amazon.com/lambda/latest/dg/welcome.html]
"""
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def _folder(files: dict[str, object]) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        root = work / "mine"
        (root / "topics").mkdir(parents=True)
        (root / "questions").mkdir()
        for name, body in files.items():
            path = root / name
            if callable(body):
                body(path)
            else:
                path.write_bytes(body if isinstance(body, bytes) else str(body).encode())
    return setup


def _nest(depth: int, kind: str) -> str:
    return "id: demo\ntitle: Demo\ndomain: 1\ncards: " + ("[" * depth + "]" * depth if kind == "seq" else "{a: " * depth + "1" + "}" * depth) + "\n"


def content_cases() -> list[Case]:
    bodies: dict[str, dict[str, object]] = {
        "alias bomb": {"topics/demo.yaml": BOMB},
        "merge key": {"topics/demo.yaml": "base: &b {task: '1.2'}\n" + TOPIC},
        "symlink to /dev/zero": {"topics/demo.yaml": lambda p: p.symlink_to("/dev/zero")},
        "symlink to /dev/urandom": {"topics/demo.yaml": lambda p: p.symlink_to("/dev/urandom")},
        "fifo": {"topics/f.yaml": lambda p: os.mkfifo(p)},
        "dangling symlink": {"topics/demo.yaml": lambda p: p.symlink_to(p.parent / "gone.yaml")},
        "symlink loop": {"topics/demo.yaml": lambda p: p.symlink_to(p)},
        "folder named d.yaml": {"topics/d.yaml": lambda p: p.mkdir()},
        "unreadable file": {"topics/demo.yaml": lambda p: (p.write_text(TOPIC), os.chmod(p, 0))},
        "yaml date": {"topics/demo.yaml": TOPIC.replace("domain: 1", "domain: 1\nservices: [2001-13-45]")},
        "valid yaml date": {"topics/demo.yaml": TOPIC.replace("domain: 1", "domain: 1\nservices: [2001-01-05]")},
        "10,000-digit integer": {"topics/demo.yaml": TOPIC.replace("domain: 1", "domain: " + "9" * 10_000)},
        "10,000-digit tag": {"topics/demo.yaml": TOPIC.replace("refs:", "tags: [" + "7" * 10_000 + "]\n    refs:")},
        "huge float": {"topics/demo.yaml": TOPIC.replace("domain: 1", "domain: 1e999")},
        "990 levels of lists": {"topics/demo.yaml": _nest(990, "seq")},
        "990 levels of maps": {"topics/demo.yaml": _nest(990, "map")},
        "100k levels of lists": {"topics/demo.yaml": _nest(100_000, "seq")},
        "5 MB file": {"topics/demo.yaml": TOPIC + "# " + "x" * (5 << 20) + "\n"},
        "binary junk": {"topics/demo.yaml": bytes(range(256)) * 40},
        "not utf-8": {"topics/demo.yaml": TOPIC.encode() + b"\xff\xfe"},
        "utf-16": {"topics/demo.yaml": TOPIC.encode("utf-16")},
        "empty file": {"topics/demo.yaml": ""},
        "only a comment": {"topics/demo.yaml": "# nothing\n"},
        "a list at the top": {"topics/demo.yaml": "- a\n- b\n"},
        "a scalar at the top": {"topics/demo.yaml": "hello\n"},
        "two documents": {"topics/demo.yaml": TOPIC + "---\n" + TOPIC},
        "python tag": {"topics/demo.yaml": "!!python/object/apply:os.system ['true']\n"},
        "binary tag": {"topics/demo.yaml": TOPIC.replace("title: Demo", "title: !!binary 'not base64!'")},
        "set tag": {"topics/demo.yaml": TOPIC.replace("title: Demo", "title: !!set {a, b}")},
        "unknown tag": {"topics/demo.yaml": TOPIC.replace("title: Demo", "title: !wat x")},
        "null bytes": {"topics/demo.yaml": TOPIC.replace("Demo", "De\0mo")},
        "tab indentation": {"topics/demo.yaml": TOPIC.replace("    front", "\tfront")},
        "duplicate keys": {"topics/demo.yaml": TOPIC.replace("title: Demo", "title: Demo\ntitle: Again")},
        "cards is a mapping": {"topics/demo.yaml": "id: demo\ntitle: Demo\ndomain: 1\ncards: {a: 1}\n"},
        "card is a list": {"topics/demo.yaml": "id: demo\ntitle: Demo\ndomain: 1\ncards: [[1, 2]]\n"},
        "id is a number": {"topics/demo.yaml": TOPIC.replace("id: demo-one", "id: 12")},
        "id is a list": {"topics/demo.yaml": TOPIC.replace("id: demo-one", "id: [a]")},
        "title is a mapping": {"topics/demo.yaml": TOPIC.replace("title: Demo", "title: {a: b}")},
        "domain is text": {"topics/demo.yaml": TOPIC.replace("domain: 1", "domain: one")},
        "refs is text": {"topics/demo.yaml": TOPIC.replace("refs: [", "refs: x #[")},
        "refs contains null": {"topics/demo.yaml": TOPIC.replace("refs: [", "refs: [null, ")},
        "tags is a number": {"topics/demo.yaml": TOPIC.replace("refs:", "tags: 5\n    refs:")},
        "built-in topic id": {"topics/sqs.yaml": TOPIC.replace("id: demo\ntitle: Demo", "id: sqs\ntitle: Mine").replace("demo-one", "mine-one")},
        "built-in card id": {"topics/demo.yaml": TOPIC.replace("demo-one", "sqs-max-message-size")},
        "file name does not match": {"topics/other.yaml": TOPIC},
        "question file without a topic": {"questions/ghost.yaml": "topic: ghost\nquestions: []\n"},
        "question with 100 options": {"topics/demo.yaml": TOPIC, "questions/demo.yaml": "topic: demo\nquestions:\n  - id: demo-q\n"
                                      "    stem: S?\n    choose: 1\n    task: '1.2'\n    options:\n" + "      - {text: A, why: W}\n" * 100},
        "choose is huge": {"topics/demo.yaml": TOPIC, "questions/demo.yaml": "topic: demo\nquestions:\n  - id: demo-q\n    stem: S?\n"
                           f"    choose: {BIG}\n    task: '1.2'\n    options: []\n"},
        "a 1 MB line": {"topics/demo.yaml": TOPIC.replace("back: One.", "back: " + "y" * (1 << 20))},
        "no topics or questions": {},
    }
    cases: list[Case] = []
    for name, files in bodies.items():
        setup = _folder(files)
        cases.append(Case("content", f"content check: {name}", ["content", "check", "mine"], setup=setup))
        cases.append(Case("content", f"--content stats: {name}", ["--content", "mine", "stats", "--json"], setup=setup))
    for target in ("/dev/null", "/etc/hostname", "/"):
        cases.append(Case("content", f"content check {target}", ["content", "check", target]))
    cases.append(Case("content", "content check unprivileged: unreadable", ["content", "check", "mine"], unprivileged=True,
                      setup=_folder({"topics/demo.yaml": lambda p: (p.write_text(TOPIC), os.chmod(p, 0))})))
    cases.append(Case("content", "content check unprivileged: unreadable folder", ["content", "check", "mine"], unprivileged=True,
                      setup=_folder({"topics/demo.yaml": TOPIC, "questions/x.yaml": lambda p: os.chmod(p.parent, 0)})))
    return cases


# Database faults -----------------------------------------------------------------------------

COMMANDS = [["stats", "--json"], ["config", "show"], ["config", "set", "new-per-day", "10"], ["exam", "--abandon"],
            ["drill", "-n", "2", "--kind", "fact"], ["export", "--progress", "out.json"], ["suspend", "sqs-max-message-size"],
            ["exam", "--questions", "2"]]
_TEMPLATE: dict[str, Path] = {}


def _template(tree: Path) -> Path:
    """A data home with some answers, an exam and settings, made once by the tree under test."""
    if "db" not in _TEMPLATE:
        work = Path(tempfile.mkdtemp(prefix="awsprep-tpl-"))
        (work / "home").mkdir()
        for argv, stdin in ((["drill", "-n", "30"], b" \n3\n" * 30), (["config", "set", "new-per-day", "15"], b""),
                            (["exam", "--questions", "3"], b"a\n")):
            run_once(tree, work, argv, stdin, 60, False)
        _TEMPLATE["db"] = work / "home"
    return _TEMPLATE["db"]


def _with_db(tree: Path, damage: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        home = work / "home"
        shutil.rmtree(home)
        shutil.copytree(_template(tree), home)
        with sqlite3.connect(home / "awsprep.db") as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        damage(home / "awsprep.db")
    return setup


def _page(number: int, data: bytes = b"\xa5" * 4096) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with open(path, "r+b") as handle:
            handle.seek((number - 1) * 4096)
            handle.write(data)
    return damage


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as db:
            for statement in statements:
                db.execute(statement)
            db.commit()
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return damage


def _pages(path: Path) -> int:
    return path.stat().st_size // 4096


def db_cases(tree: Path) -> list[Case]:
    faults: dict[str, Callable[[Path], None]] = {
        "damaged page 2": _page(2),
        "damaged page 3": _page(3),
        "damaged page 5": _page(5),
        "damaged last page": lambda p: _page(_pages(p))(p),
        "zeroed page 4": _page(4, bytes(4096)),
        "damaged header": _page(1, b"\x00" * 100),
        "truncated to half": lambda p: os.truncate(p, p.stat().st_size // 2),
        "truncated to 100 bytes": lambda p: os.truncate(p, 100),
        "not a database": lambda p: p.write_bytes(b"hello, this is not sqlite\n" * 200),
        "garbage WAL": lambda p: Path(f"{p}-wal").write_bytes(b"\x37\x7f\x06\x82" + os.urandom(8192)),
        "missing table card_state": _sql("DROP TABLE card_state"),
        "missing table review_log": _sql("DROP TABLE review_log"),
        "missing table setting": _sql("DROP TABLE setting"),
        "missing table exam_session": _sql("DROP TABLE exam_answer", "DROP TABLE exam_session"),
        "missing column": _sql("ALTER TABLE review_log DROP COLUMN answer"),
        "bad card json": _sql("UPDATE card_state SET card = 'not json'"),
        "card json {}": _sql("UPDATE card_state SET card = '{}'"),
        "bad setting json": _sql("INSERT OR REPLACE INTO setting VALUES ('new_per_day', 'oops')"),
        "bad setting value": _sql("INSERT OR REPLACE INTO setting VALUES ('learning_steps', '\"99999999999d\"')"),
        "newer schema": _sql("PRAGMA user_version = 999"),
        "read-only file": lambda p: os.chmod(p, 0o444),
        "database is a folder": lambda p: (p.unlink(), p.mkdir()),
    }
    cases = []
    for name, damage in faults.items():
        for argv in COMMANDS:
            cases.append(Case("db", f"{name}: {' '.join(argv)}", argv, stdin=b" \n3\n q\n", setup=_with_db(tree, damage),
                              unprivileged=name == "read-only file"))
    homes: dict[str, Callable[[Path], None]] = {
        "AWSPREP_HOME is a file": lambda w: (shutil.rmtree(w / "home"), (w / "home").write_text("x")),
        "cache is a file": lambda w: (w / "home" / "cache").write_text("x"),
        "corrupt cache (a pickled int)": lambda w: ((w / "home" / "cache").mkdir(), (w / "home" / "cache" / "corpus.pickle").write_bytes(b"\x80\x04K\x05.")),
        "corrupt cache (garbage)": lambda w: ((w / "home" / "cache").mkdir(), (w / "home" / "cache" / "corpus.pickle").write_bytes(os.urandom(999))),
    }
    for name, setup in homes.items():
        for argv in (["stats", "--json"], ["drill", "-n", "1"], ["config", "show"]):
            cases.append(Case("db", f"{name}: {' '.join(argv)}", argv, setup=setup))
    for argv in (["stats", "--json"], ["config", "show"], ["drill", "-n", "1"]):
        cases.append(Case("db", f"AWSPREP_HOME unwritable: {' '.join(argv)}", argv, unprivileged=True,
                          setup=lambda w: os.chmod(w / "home", 0o555)))
    return cases


ROOM = 48 << 10


def _full_disk_cases(tree: Path) -> list[Case]:
    """A 3 MB tmpfs holding the database, filled up to the last 48 KB (needs root to mount)."""
    probe = Path(tempfile.mkdtemp())
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)], capture_output=True).returncode:
        return []
    subprocess.run(["umount", str(probe)])

    def setup(work: Path) -> None:
        home = work / "home"
        shutil.rmtree(home)
        home.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(home)], check=True)
        for item in _template(tree).iterdir():
            if item.is_file():
                shutil.copy(item, home / item.name)
        try:
            with open(home / "filler", "wb") as handle:
                while True:
                    handle.write(b"\0" * 4096)
                    handle.flush()
        except OSError:
            pass  # the disk is full: leave room to start, so that it fills up during the run
        filler = home / "filler"
        os.truncate(filler, max(filler.stat().st_size - ROOM, 0))

    cases = []
    for argv in COMMANDS + [["drill", "-n", "30", "--kind", "fact"]]:
        cases.append(Case("db", f"disk full: {' '.join(argv)}", argv, stdin=b" \n3\n" * 30, setup=setup))
    return cases


def _lock_cases(tree: Path) -> list[Case]:
    """Another process holds the write lock for 45 s (past the 30 s busy timeout)."""
    def setup(work: Path) -> None:
        home = work / "home"
        run_once(tree, work, ["config", "show"], b"", 60, False)
        holder = ("import sqlite3, time, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                  "c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT OR REPLACE INTO setting VALUES ('x', '1')\"); "
                  "print('held', flush=True); time.sleep(45)")
        process = subprocess.Popen([sys.executable, "-c", holder, str(home / "awsprep.db")], stdout=subprocess.PIPE,
                                   start_new_session=True)
        process.stdout.readline()

    return [Case("db", f"lock held 45 s: {' '.join(argv)}", argv, setup=setup, timeout=50)
            for argv in (["config", "set", "new-per-day", "10"], ["stats", "--json"], ["config", "show"])]


# Report -------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--only", default="cli,content,db")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--match", default="", help="only the cases whose name contains this")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    tree = args.tree.resolve()
    groups = args.only.split(",")
    cases: list[Case] = []
    if "cli" in groups:
        cases += cli_cases(tree)
    if "content" in groups:
        cases += content_cases()
    if "db" in groups:
        cases += db_cases(tree) + _full_disk_cases(tree) + _lock_cases(tree)
    cases = [case for case in cases if args.match in case.name]
    started = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(lambda case: execute(tree, case), cases))
    for home in _TEMPLATE.values():
        shutil.rmtree(home.parent, ignore_errors=True)
    print(f"tree: {tree}  ({time.perf_counter() - started:.0f} s)")
    print(f"{'group':8} {'inputs':>6} {'tracebacks':>10} {'hangs':>5} {'crashes':>7} {'broke later':>11}")
    for group in groups:
        mine = [o for o in outcomes if o.case.group == group and not o.setup_failed]
        print(f"{group:8} {len(mine):6} {sum(o.traceback for o in mine):10} {sum(o.hang for o in mine):5} "
              f"{sum(o.crash for o in mine):7} {sum(bool(o.broke_later) for o in mine):11}")
    bombs = [o for o in outcomes if o.case.name == "content check: alias bomb"]
    if bombs:
        bomb = bombs[0]
        ending = f"killed after {bomb.case.timeout:.0f} s" if bomb.hang else f"exit {bomb.code}"
        print(f"alias bomb ({len(BOMB)} bytes): peak memory {bomb.rss_kb / 1024:.0f} MB, {ending} (memory limit {MEMORY_LIMIT >> 30} GB)")
    failed = [o for o in outcomes if o.setup_failed]
    if failed:
        print(f"{len(failed)} case(s) could not be set up (not counted): " + "; ".join(o.case.name for o in failed[:5]))
    for outcome in outcomes:
        bad = outcome.traceback or outcome.hang or outcome.crash or outcome.broke_later
        if bad or args.verbose:
            what = ("HANG" if outcome.hang else "TRACEBACK" if outcome.traceback else "CRASH" if outcome.crash
                    else "BROKE LATER" if outcome.broke_later else f"exit {outcome.code}")
            last = outcome.broke_later or (outcome.stderr.strip().splitlines() or [""])[-1]
            print(f"  {what:11} {outcome.case.group}: {outcome.case.name[:70]}  | {last[:150]}")


if __name__ == "__main__":
    main()
