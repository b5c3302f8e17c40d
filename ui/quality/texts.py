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


def pick(en: str, zh: str) -> str:
    """The Chinese name the server sent when the interface is Chinese."""
    return zh if (i18n.is_chinese() and zh) else en


def mmss(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"
