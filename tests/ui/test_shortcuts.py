"""The README's shortcut table is the one ui/shortcuts.py generates; no key is bound twice."""

from __future__ import annotations

from pathlib import Path

from ui.shortcuts import lead_table, manager_table, markdown_table, table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_table_is_generated_from_the_keyboard_map() -> None:
    assert markdown_table() in README.read_text(encoding="utf-8")
    assert markdown_table(lead_table()) in README.read_text(encoding="utf-8")
    assert markdown_table(manager_table()) in README.read_text(encoding="utf-8")


def test_no_key_is_bound_twice() -> None:
    for entries in (table(), lead_table(), manager_table()):
        keys = [k for s in entries for k in s.keys]
        assert len(keys) == len(set(keys))
    assert ("Ctrl+Shift+P",) in [s.keys for s in table() if s.action == "pause"]
