"""`awsprep calc ...` through typer's runner and through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import SCRIPT, run


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rcu", "--item-size", "6.5KB", "--rate", "10", "--consistency", "eventual"], {"units_per_read": 1, "rcu": 10}),
        (["rcu", "--item-size", "3500B", "--rate", "3", "--on-demand"], {"units_per_read": 1, "read_request_units_per_second": 3}),
        (["wcu", "--item-size", "2.5KB", "--rate", "100", "--transactional"], {"units_per_write": 6, "wcu": 600}),
        (["partitions", "--rcu", "7500", "--wcu", "2000", "--storage-gb", "45"],
         {"partitions": 5, "partitions_by_capacity": 5, "partitions_by_size": 5}),
        (["kinesis", "--record-size", "2KB", "--records-per-second", "3000", "--consumers", "3"],
         {"shards": 9, "shards_for_write_throughput": 6, "shards_for_record_rate": 3, "shards_for_read_throughput": 9}),
        (["lambda", "--rps", "100", "--duration-ms", "1100"],
         {"concurrency": 110, "concurrency_exact": 110, "rps_limit": 10000, "throttled": False}),
    ],
)
def test_json_output_is_one_object(args, expected):
    result = run("calc", *args, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_kinesis_consumers_zero_and_gp2_throughput():
    stream = run("calc", "kinesis", "--record-size", "2KB", "--records-per-second", "3000", "--consumers", "0", "--json")
    assert stream.exit_code == 0 and json.loads(stream.stdout)["shards"] == 6
    gp2 = run("calc", "ebs", "--type", "gp2", "--size", "100", "--json")
    assert json.loads(gp2.stdout)["baseline_throughput_mibps"] == 75


def test_ebs_json_keys():
    result = run("calc", "ebs", "--type", "gp3", "--size", "200", "--iops", "20000", "--throughput", "1000", "--json")
    values = json.loads(result.stdout)
    assert values["iops"] == 20000 and values["throughput_mibps"] == 1000 and values["max_iops"] == 80000


def test_panel_shows_the_working():
    result = run("calc", "wcu", "--item-size", "6.5KB", "--rate", "10")
    assert result.exit_code == 0
    assert "rounds up to the next 1 KB" in result.stdout
    assert "70" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rcu", "--item-size", "401KB", "--rate", "1"], "400 KB item limit"),
        (["rcu", "--item-size", "big", "--rate", "1"], "invalid size 'big'"),
        (["rcu", "--item-size", "4KB"], "Missing option '--rate'"),
        (["ebs", "--type", "gp9", "--size", "1"], "gp9"),
        (["ebs", "--type", "io2", "--size", "10", "--iops", "20000"], "1000 IOPS per GiB"),
        (["lambda", "--rps", "10", "--duration-ms", "0"], "duration"),
        (["partitions", "--rcu", str(10**400), "--wcu", "1", "--storage-gb", "1"], "too large"),
        (["rcu", "--item-size", "1KB", "--rate", "9" * 5000], "too large"),
        (["kinesis", "--record-size", "1KB", "--records-per-second", "1", "--consumers", "-1"], "between 0"),
        (["lambda", "--rps", "1", "--duration-ms", "1", "--account-limit", str(10**400)], "account limit"),
        (["ebs", "--type", "gp3", "--size", str(10**400)], "out of range"),
    ],
)
def test_errors_are_one_line_with_nonzero_exit(args, message):
    for extra in ([], ["--json"]):
        result = run("calc", *args, *extra)
        assert result.exit_code != 0
        assert result.stdout == ""
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_help_has_examples():
    for command in ("rcu", "wcu", "partitions", "kinesis", "ebs", "lambda"):
        result = run("calc", command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout


def test_installed_console_script_json_and_error():
    ok = subprocess.run([str(SCRIPT), "calc", "rcu", "--item-size", "8KB", "--rate", "5", "--json"], capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout) == {"units_per_read": 2, "rcu": 10}
    bad = subprocess.run([str(SCRIPT), "calc", "kinesis", "--record-size", "2MB", "--records-per-second", "1", "--json"],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and bad.stdout == ""
    assert bad.stderr.startswith("awsprep: error:") and "Traceback" not in bad.stderr


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "awsprep", "calc", "wcu", "--item-size", "1KB", "--rate", "1", "--json"],
                            capture_output=True, text=True)
    assert json.loads(result.stdout) == {"units_per_write": 1, "wcu": 1}


def test_calc_does_not_import_heavy_modules():
    code = (
        "import sys; from awsprep.cli import app; from typer.testing import CliRunner;"
        "CliRunner().invoke(app, ['calc','rcu','--item-size','4KB','--rate','1','--json']);"
        "print(sorted(m for m in ('sqlmodel','sqlalchemy','fsrs','yaml','platformdirs') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _commands(group, prefix=()):
    import click

    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


def test_every_command_has_help_with_an_example():
    import typer

    from awsprep.cli import app

    root = typer.main.get_command(app)
    paths = list(_commands(root))
    assert len(paths) >= 15
    for path in paths:
        result = run(*path, "--help")
        assert result.exit_code == 0, path
        assert "Example" in result.stdout, f"awsprep {' '.join(path)} --help has no example"
