"""`awsprep export --progress` with a setting row written outside awsprep (by sqlite3): the export
still works, leaves the row out with a warning, and the file it writes imports."""

from __future__ import annotations

import json
import sqlite3

import pytest

from helpers import run


@pytest.mark.parametrize(("key", "raw"), [
    ("new_per_day", "oops"),  # not JSON
    ("new_per_day", '"oops"'),  # JSON, but not a number
    ("exam_date", '"2001-13-45"'),
    ("learning_steps", '"1m 99999999999d"'),
    ("desired_retention", "NaN"),
    ("fuzzing", "{}"),
    ("some_future_key", "NaN"),  # unknown to this awsprep, and not a value a progress file can hold
    ("some_future_key", '{"nested": [1]}'),
    ("some_future_key", '"\\ud800"'),  # a lone surrogate: no UTF-8 file can hold it
    ("Not A Key", "1"),
])
def test_an_invalid_setting_row_is_left_out_of_the_export_with_a_warning(key, raw, tmp_path, monkeypatch, isolated_home):
    assert run("config", "set", "new-per-day", "30").exit_code == 0
    assert run("config", "set", "leech-threshold", "5").exit_code == 0
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        db.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, raw))
    path = tmp_path / "progress.json"

    result = run("export", "--progress", str(path))

    assert result.exit_code == 0 and result.exception is None, result.output + result.stderr
    [warning] = result.stderr.splitlines()
    assert warning.startswith("awsprep: warning:") and repr(key) in warning
    settings = json.loads(path.read_text())["settings"]
    assert key not in settings and settings["leech_threshold"] == 5
    assert ("new_per_day" in settings) == (key != "new_per_day")

    monkeypatch.setenv("AWSPREP_HOME", str(tmp_path / "other"))
    imported = run("import", "--progress", str(path))
    assert imported.exit_code == 0, imported.output + imported.stderr
    assert "leech-threshold: 5" in run("config", "show").output
