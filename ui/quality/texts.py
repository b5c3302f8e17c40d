"""Words of the quality workspace for core values (strata, timeline events, rubric names)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui import i18n

translate = QCoreApplication.translate  # lupdate reads translate("QualityTexts", "...")


def strata() -> dict[str, str]:
    return {
        "sale": translate("QualityTexts", "Sale"),
        "dnc": translate("QualityTexts", "Do-not-call"),
        "reached": translate("QualityTexts", "Reached"),
        "not_reached": translate("QualityTexts", "Not reached"),
        "search": translate("QualityTexts", "Found by search"),
    }


def events() -> dict[str, str]:
    return {
        "start": translate("QualityTexts", "Call opened"),
        "step": translate("QualityTexts", "Script step"),
        "disclosure": translate("QualityTexts", "Disclosure ticked"),
        "offer": translate("QualityTexts", "Offer presented"),
        "answer": translate("QualityTexts", "Customer's answer"),
        "hang_up": translate("QualityTexts", "Hung up, wrap-up begins"),
        "missing": translate("QualityTexts", "Mandatory disclosure NOT ticked"),
        "disposition": translate("QualityTexts", "Outcome recorded"),
        "notes": translate("QualityTexts", "Notes"),
        "callback": translate("QualityTexts", "Call-back set"),
        "saved": translate("QualityTexts", "Saved and synced"),
    }


def playback_problem(code: str) -> str:
    """What the checker is told when a recording does not play (never the library's
    own words; those go to the log). The timeline replays either way."""
    texts = {
        "no_backend": translate(
            "QualityTexts", "Recordings cannot play on this computer: its sound system "
            "is not installed. Ask IT to install sound support. The timeline replays "
            "without sound."),
        "no_device": translate(
            "QualityTexts", "No speakers or headset found. Plug one in and open the call "
            "again. The timeline replays without sound."),
        "no_codec": translate(
            "QualityTexts", "This recording's format cannot be played on this computer "
            "(no decoder for it). The timeline replays without sound."),
        "missing": translate(
            "QualityTexts", "The recording file is missing on the server. The timeline "
            "replays without sound; tell the team lead if recordings should be kept."),
        "offline": translate(
            "QualityTexts", "The recording could not be fetched: the server cannot be "
            "reached. The timeline replays without sound."),
    }
    return texts.get(code, translate(
        "QualityTexts", "The recording cannot be played. The timeline replays without "
        "sound."))


def pick(en: str, zh: str) -> str:
    """The Chinese name the server sent when the interface is Chinese."""
    return zh if (i18n.is_chinese() and zh) else en


def mmss(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"
