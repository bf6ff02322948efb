"""Shared fixtures: every test gets its own AWSPREP_HOME, so no test touches a real user's data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("AWSPREP_HOME", str(home))
    monkeypatch.delenv("AWSPREP_CONTENT", raising=False)
    return home
