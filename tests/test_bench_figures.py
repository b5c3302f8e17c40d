"""A run of one bench rewrites only its own rows of the generated docs block."""

from __future__ import annotations

from pathlib import Path

from bench import figures
from bench.figures import Figure


def test_one_bench_replaces_its_rows_and_keeps_the_others(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nProse stays.\n", encoding="utf-8")
    figures.write_docs([Figure("Sync server", "empty pull", "2.0 ms", "<= 1 ms", "", False),
                        Figure("Desktop", "save-and-next p99", "90 ms", "< 16 ms", "", False)],
                       doc)
    figures.write_docs([Figure("Desktop", "save-and-next p99", "12 ms | fast", "< 16 ms", "",
                               True),
                        Figure("Desktop", "UI thread CPU", "5 ms")], doc, keep_others=True)
    text = doc.read_text(encoding="utf-8")
    assert "Prose stays." in text
    assert text.count(figures.BEGIN) == 1 and text.count(figures.END) == 1
    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]
    assert rows == [
        "| Sync server | empty pull | 2.0 ms | <= 1 ms |  | **no** |",
        "| Desktop | save-and-next p99 | 12 ms \\| fast | < 16 ms |  | yes |",
        "| Desktop | UI thread CPU | 5 ms |  |  |  |",
    ]
    runs = [line for line in text.splitlines() if line.startswith("Run ")]
    assert len(runs) == 2 and runs[1].endswith("(this run: 2 figures of Desktop)")
