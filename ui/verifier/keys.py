"""The verifier's keyboard map: the window binds it and lists it (F1, README)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.shortcuts import Shortcut
from wire.aftersale import VerificationOutcome

translate = QCoreApplication.translate  # lupdate reads translate("VerifierKeys", "...")

# Fixed keys per outcome, in the order of the buttons.
OUTCOME_KEYS: dict[VerificationOutcome, str] = {
    VerificationOutcome.CONFIRMED: "Alt+1",
    VerificationOutcome.DENIED: "Alt+2",
    VerificationOutcome.WANTS_TO_CANCEL: "Alt+3",
    VerificationOutcome.WRONG_DETAILS: "Alt+4",
    VerificationOutcome.UNREACHABLE: "Alt+5",
}


def outcome_names() -> dict[VerificationOutcome, str]:
    return {
        VerificationOutcome.CONFIRMED: translate("VerifierKeys", "Confirmed"),
        VerificationOutcome.DENIED: translate("VerifierKeys", "Denied: did not agree"),
        VerificationOutcome.WANTS_TO_CANCEL: translate("VerifierKeys", "Wants to cancel"),
        VerificationOutcome.WRONG_DETAILS: translate("VerifierKeys", "Wrong details"),
        VerificationOutcome.UNREACHABLE: translate("VerifierKeys", "Not reached"),
    }


def table() -> list[Shortcut]:
    names = outcome_names()
    return [
        Shortcut("next", ("Ctrl+N",), translate("VerifierKeys", "Next item")),
        Shortcut("prev", ("Ctrl+Shift+N",), translate("VerifierKeys", "Previous item")),
        *[Shortcut(f"outcome:{o.value}", (key,),
                   translate("VerifierKeys", "Outcome: %1").replace("%1", names[o]))
          for o, key in OUTCOME_KEYS.items()],
        Shortcut("notes", ("Ctrl+E",), translate("VerifierKeys", "Write a note")),
        Shortcut("save", ("Ctrl+Return", "Ctrl+Enter"),
                 translate("VerifierKeys", "Save the outcome and go to the next item")),
        Shortcut("refresh", ("F5",), translate("VerifierKeys", "Refresh the list")),
        Shortcut("help", ("F1",), translate("VerifierKeys", "Show the keyboard shortcuts")),
        Shortcut("quit", ("Ctrl+Q",), translate("VerifierKeys", "Quit")),
    ]


def markdown_table() -> str:
    lines = ["| keys | action |", "|---|---|"]
    lines += [f"| {' / '.join(s.keys)} | {s.description} |" for s in table()]
    return "\n".join(lines)
