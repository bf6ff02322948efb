"""`awsprep config`, `suspend`, `unsuspend`, `bury`, and content problems during a drill."""

from __future__ import annotations

import sqlite3

from helpers import run


def test_config_set_show_unset(isolated_home):
    assert run("config", "set", "exam-date", "2027-01-15").exit_code == 0
    assert run("config", "set", "new-per-day", "35").exit_code == 0
    shown = run("config", "show").stdout
    assert "exam-date: 2027-01-15" in shown and "new-per-day: 35" in shown and "desired-retention: 0.9" in shown
    run("config", "unset", "new-per-day")
    assert "new-per-day: 20" in run("config", "show").stdout


def test_config_errors_are_one_line(isolated_home):
    result = run("config", "set", "desired-retention", "2")
    assert result.exit_code == 1 and "between 0.70 and 0.99" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_suspend_bury_unsuspend(isolated_home):
    assert run("suspend", "sqs-max-message-size").exit_code == 0
    assert "sqs-max-message-size" in run("unsuspend", "--list").stdout
    assert "buried 2" in run("bury", "kms-envelope-encryption", "sqs-max-message-size").stdout
    assert run("unsuspend", "sqs-max-message-size").exit_code == 0
    assert "nothing is suspended" in run("unsuspend", "--list").stdout
    result = run("suspend", "no-such-item")
    assert result.exit_code == 1 and "unknown item id(s): no-such-item" in result.stderr


def test_drill_skips_broken_user_content_with_a_warning(isolated_home, tmp_path):
    (tmp_path / "mine" / "topics").mkdir(parents=True)
    (tmp_path / "mine" / "topics" / "bad.yaml").write_text("id: bad\ntitle: [unclosed\n")
    result = run("--content", str(tmp_path / "mine"), "drill", "--kind", "fact", input="q\n")
    assert result.exit_code == 0
    assert "warning: 1 content problem(s)" in result.stderr and "bad.yaml:" in result.stderr


def test_orphaned_history_is_kept(isolated_home):
    run("drill", "--kind", "fact", "--seed", "1", input=" \n3\nq\n")
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        db.execute("UPDATE card_state SET item_id = 'removed-from-content'")
    assert run("drill", "--kind", "fact", input="q\n").exit_code == 0
    assert "removed-from-content" in run("stats").stdout
    with sqlite3.connect(isolated_home / "awsprep.db") as db:
        assert db.execute("SELECT COUNT(*) FROM card_state WHERE item_id = 'removed-from-content'").fetchone()[0] == 1


def test_flagged_lists_and_clears(isolated_home):
    assert "nothing is flagged" in run("flagged").stdout
    run("drill", "--kind", "fact", "--seed", "1", input="m\nq\n")  # m flags the item on screen
    listed = run("flagged").stdout
    item = listed.split()[0]
    assert "flagged 20" in listed and len(listed.splitlines()) == 2  # the id and date, then the question
    assert "took the flag off 1" in run("flagged", "--clear", item).stdout
    assert "nothing is flagged" in run("flagged").stdout


def test_version_and_one_suggestion_for_a_typo():
    from awsprep import __version__

    assert run("--version").stdout.strip() == f"awsprep {__version__}"
    result = run("dril")
    assert result.exit_code == 2 and result.stderr.count("Did you mean 'drill'?") == 1
    assert run("calc", "rc").stderr.count("Did you mean") == 1
