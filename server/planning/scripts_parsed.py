"""A script file read into one structure, whichever its form (YAML: scripts_io.py,
Markdown: scripts_md.py), with where each part stands in the file; both readers build it
and scripts_io.check judges it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Where:
    """Where one step's parts are in the source file (for the error lines).

    `fields` maps a field to its pieces [(line, source text)]: one piece for a YAML value,
    one per source line for Markdown text that wraps. `branches` holds each branch's
    field -> line."""

    line: int
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    branches: list[dict[str, int]] = field(default_factory=list)

    def at(self, name: str) -> int:
        pieces = self.fields.get(name)
        return pieces[0][0] if pieces else self.line

    def find(self, name: str, needle: str) -> int:
        """The line of the piece of `name` that holds `needle` (else the field's first)."""
        for ln, piece in self.fields.get(name, []):
            if needle in piece:
                return ln
        return self.at(name)

    def branch(self, i: int, name: str) -> int:
        return self.branches[i].get(name, self.line) if i < len(self.branches) else self.line


@dataclass
class ParsedVariant:
    """One variant by segment (issue 22) as read: its heading, its rule as written (field ->
    raw value) with each condition's line, and its own steps."""

    line: int  # of its heading (YAML: its `- key:` item)
    key: str
    title: str
    title_zh: str
    when: dict[str, Any]
    when_lines: dict[str, int]
    steps: list[Any]
    where: list[Where]


@dataclass
class Parsed:
    """A script file read into the YAML form's structure, before the common checks."""

    doc: dict[str, Any]  # campaign, title
    steps: list[Any]  # raw step mappings, as in the YAML form
    where: list[Where]
    errors: list[tuple[int, str]]
    variants: list[ParsedVariant] = field(default_factory=list)
