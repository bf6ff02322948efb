"""Broken files and failing disks through the real command: one line on stderr, a non-zero exit,
nothing lost. A full disk is a real small filesystem where the machine allows mounting one; file
permissions are tested as an unprivileged user (root reads and writes everything)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from helpers import SCRIPT, run
from helpers import unprivileged as as_user

def cli(home: Path, *args: str, input: str = "", unprivileged: bool = False, cwd: Path | None = None):
    """The installed console script in its own process, on data home `home`."""
    env = {**os.environ, "AWSPREP_HOME": str(home)}
    env.pop("AWSPREP_CONTENT", None)
    prefix = as_user() if unprivileged else []
    return subprocess.run([*prefix, str(SCRIPT), *args], input=input, capture_output=True, text=True, env=env,
                          cwd=cwd or home.parent, timeout=120)


def one_line_error(result, *words: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("awsprep: error:"), result.stderr
    for word in words:
        assert word in last, last


def answers(home: Path) -> int:
    with sqlite3.connect(home / "awsprep.db") as raw:
        return raw.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]


@pytest.fixture
def studied(tmp_path) -> Path:
    """A data home with three answers."""
    home = tmp_path / "home"
    result = cli(home, "drill", "-n", "3", "--kind", "fact", input=" \n3\n" * 3)
    assert result.returncode == 0, result.stderr
    assert answers(home) == 3
    assert cli(home, "config", "show").returncode == 0  # the day's backup, now that there is data
    return home


def damage(home: Path) -> None:
    path = home / "awsprep.db"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xa5" * 4096)


@pytest.mark.parametrize("args", [("stats", "--json"), ("config", "set", "new-per-day", "10"), ("exam", "--questions", "2"),
                                  ("config", "show"), ("drill", "-n", "1")])
def test_a_damaged_database_is_reported_before_anything_runs(studied, args):
    damage(studied)
    result = cli(studied, *args, input="q\n")
    one_line_error(result, "damaged", "awsprep backup restore")


def test_backup_list_and_restore_bring_a_damaged_database_back(studied):
    damage(studied)
    listed = cli(studied, "backup", "list")
    assert listed.returncode == 0
    daily = [line.split()[0] for line in listed.stdout.splitlines() if "/backups/awsprep-" in line]
    assert daily, listed.stdout
    restored = cli(studied, "backup", "restore", daily[0])
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout
    stats = cli(studied, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert answers(studied) == 3


def test_restore_of_a_file_that_is_no_backup_changes_nothing(studied):
    junk = studied.parent / "junk.db"
    junk.write_text("nope" * 1000)
    one_line_error(cli(studied, "backup", "restore", str(junk)), "not a readable awsprep database")
    assert answers(studied) == 3


@pytest.fixture
def small_disk(tmp_path):
    """An 8 MB filesystem of its own (tmpfs), or skip where mounting is not allowed. (The content
    cache alone is about 2 MB; the test fills whatever is left.)"""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                                           capture_output=True).returncode:
        pytest.skip("cannot mount a small filesystem here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_keeps_every_saved_answer(small_disk):
    home = small_disk / "home"
    assert cli(home, "drill", "-n", "2", "--kind", "fact", input=" \n3\n" * 2).returncode == 0
    filler = small_disk / "filler"
    try:
        with open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
    except OSError:
        pass  # the disk is full: leave room to start, so that it fills up during the drill
    os.truncate(filler, filler.stat().st_size - (48 << 10))
    result = cli(home, "drill", "-n", "40", "--kind", "fact", input=" \n3\n" * 40)
    one_line_error(result, "full")
    filler.unlink()
    kept = answers(home)
    assert kept >= 2
    again = cli(home, "stats", "--json")
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(home / "awsprep.db") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert answers(home) == kept


def test_a_read_only_database_is_one_line(studied):
    (studied / "awsprep.db").chmod(0o444)
    result = cli(studied, "config", "set", "new-per-day", "10", unprivileged=True)
    one_line_error(result, "read-only")
    shown = cli(studied, "drill", "-n", "1", "--kind", "fact", input=" \n3\n", unprivileged=True)
    one_line_error(shown, "read-only")
    assert answers(studied) == 3


def test_an_unwritable_data_folder_is_one_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o555)
    one_line_error(cli(home, "stats", "--json", unprivileged=True), "not writable")


def test_data_folder_or_cache_that_is_a_file_is_one_line(tmp_path):
    home = tmp_path / "home"
    home.write_text("x")
    one_line_error(cli(home, "config", "show"), "is a file")
    home.unlink()
    home.mkdir()
    (home / "cache").write_text("x")
    one_line_error(cli(home, "stats", "--json"), "cache", "is a file")


@pytest.mark.parametrize("cache", [b"\x80\x04K\x05.", b"garbage" * 50, b""])
def test_a_corrupt_content_cache_is_rebuilt(tmp_path, cache):
    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True)
    (home / "cache" / "corpus.pickle").write_bytes(cache)
    result = cli(home, "stats", "--json")
    assert result.returncode == 0, result.stderr
    assert cli(home, "stats", "--json").returncode == 0


@pytest.mark.parametrize("args", [
    ("export", "--format", "csv", "--out", "/dev/null/x.csv"),
    ("export", "--progress", "/dev/null/p.json"),
    ("import", "NOTES", "--out", "/dev/null/drafts"),
])
def test_writing_where_no_file_can_go_is_one_line(tmp_path, args):
    notes = tmp_path / "notes.md"
    notes.write_text("# SQS\n\n- SQS messages are at most 256 KiB by default.\n")
    args = tuple(str(notes) if a == "NOTES" else a for a in args)
    result = run(*args)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("awsprep: error:"), result.stderr


def test_an_unwritable_export_folder_is_one_line(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    result = cli(tmp_path / "home", "export", "--format", "csv", "--out", str(folder / "x.csv"), unprivileged=True)
    one_line_error(result)
    assert not list(folder.iterdir())


def test_an_open_exam_with_bad_minutes_or_seed_is_never_started(isolated_home):
    for args in (["--minutes", "inf"], ["--minutes", "nan"], ["--minutes", "1e308"], ["--seed", str(10**30)],
                 ["--domain", "5"]):
        result = run("exam", "--questions", "2", *args, input="q\n")
        assert result.exit_code != 0 and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "unknown domain 5" in result.stderr
    resumed = run("exam", "--resume", input="q\n")
    assert "no unfinished exam" in resumed.stderr



@pytest.mark.parametrize("card", ["not json", "{}", "[]", "null", '{"card_id": 1, "state": 9}'])
def test_a_card_row_damaged_outside_awsprep_is_rebuilt_from_its_answers(studied, card):
    with sqlite3.connect(studied / "awsprep.db") as raw:
        item_id = raw.execute("SELECT item_id FROM card_state LIMIT 1").fetchone()[0]
        raw.execute("UPDATE card_state SET card = ?, due = '2000-01-01 00:00:00' WHERE item_id = ?", (card, item_id))
    result = cli(studied, "stats", "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout)["items"]["learning"] + json.loads(result.stdout)["items"]["review"] == 3
    drilled = cli(studied, "drill", "-n", "1", "--kind", "fact", input=" \n3\n")  # the damaged card is due first
    assert drilled.returncode == 0 and "Traceback" not in drilled.stderr, drilled.stderr
    assert answers(studied) == 4
    with sqlite3.connect(studied / "awsprep.db") as raw:
        rebuilt = raw.execute("SELECT card, reps FROM card_state WHERE item_id = ?", (item_id,)).fetchone()
    assert json.loads(rebuilt[0])["stability"] > 0 and rebuilt[1] == 2, "answered again from the rebuilt card"
    assert cli(studied, "plan").returncode in (0, 1)  # no exam date: a one-line refusal, never a traceback
