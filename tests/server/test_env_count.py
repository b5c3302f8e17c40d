"""Whole numbers from the environment (server.db.env_count): the default when unset, the
lowest when below, and a start that stops with the setting's name on anything else."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from server.db import env_count


def test_a_setting_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALLSHEET_TEST_COUNT", raising=False)
    assert env_count("CALLSHEET_TEST_COUNT", 7, lowest=1, what="things") == 7
    for given, read in ((" 12 ", 12), ("0", 1), ("-5", 1), ("", 7)):
        monkeypatch.setenv("CALLSHEET_TEST_COUNT", given)
        assert env_count("CALLSHEET_TEST_COUNT", 7, lowest=1, what="things") == read
    monkeypatch.setenv("CALLSHEET_TEST_COUNT", "2x")
    with pytest.raises(SystemExit, match=r"CALLSHEET_TEST_COUNT='2x': a whole number of "
                                         r"things is needed"):
        env_count("CALLSHEET_TEST_COUNT", 7, lowest=1, what="things")


@pytest.mark.parametrize("name, module", [("CALLSHEET_LOOP_CONNECTIONS", "server.quick_pull"),
                                          ("CALLSHEET_PLAN_PARALLEL_FROM",
                                           "server.planning.plan_parts")])
def test_a_server_with_a_setting_that_is_not_a_number_does_not_start(
        name: str, module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"],
                          env={**os.environ, name: "two"}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    assert f"{name}='two': a whole number of" in done.stderr
