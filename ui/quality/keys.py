"""The quality workspace's keyboard map: the window binds it and lists it (F1, README)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.shortcuts import Shortcut

translate = QCoreApplication.translate  # lupdate reads translate("QualityKeys", "...")


def table() -> list[Shortcut]:
    return [
        Shortcut("next", ("Ctrl+N",), translate("QualityKeys", "Next sample")),
        Shortcut("prev", ("Ctrl+Shift+N",), translate("QualityKeys", "Previous sample")),
        Shortcut("play", ("Ctrl+Space",), translate("QualityKeys", "Play / pause the replay")),
        Shortcut("step", ("Ctrl+Right",), translate("QualityKeys", "Step to the next event")),
        Shortcut("back", ("Ctrl+Left",), translate("QualityKeys", "Step back one event")),
        Shortcut("speed", ("Ctrl+]",),
                 translate("QualityKeys", "Replay speed: 1x, 2x, 4x, 8x")),
        Shortcut("score", ("Ctrl+E",), translate("QualityKeys", "Go to the scoring form")),
        Shortcut("submit", ("Ctrl+Return", "Ctrl+Enter"),
                 translate("QualityKeys", "Submit the score (final)")),
        Shortcut("claim", ("Ctrl+T",),
                 translate("QualityKeys", "Take the selected call to score it")),
        Shortcut("release", ("Ctrl+Shift+T",),
                 translate("QualityKeys", "Give the sample back to the pool")),
        Shortcut("search", ("Ctrl+F",),
                 translate("QualityKeys", "Search calls of your teams")),
        Shortcut("annotate", ("Ctrl+M",),
                 translate("QualityKeys", "Add an annotation to the call record")),
        Shortcut("reveal", ("Ctrl+U",),
                 translate("QualityKeys", "Show the full number (if allowed; audited)")),
        Shortcut("refresh", ("F5",), translate("QualityKeys", "Refresh and draw today's samples")),
        Shortcut("help", ("F1",), translate("QualityKeys", "Show the keyboard shortcuts")),
        Shortcut("quit", ("Ctrl+Q",), translate("QualityKeys", "Quit")),
    ]


def markdown_table() -> str:
    lines = ["| keys | action |", "|---|---|"]
    lines += [f"| {' / '.join(s.keys)} | {s.description} |" for s in table()]
    return "\n".join(lines)
