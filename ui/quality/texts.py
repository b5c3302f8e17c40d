"""Words of the quality workspace for core values (strata, timeline events, rubric names)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui import i18n

tr = QCoreApplication.translate


def strata() -> dict[str, str]:
    return {
        "sale": tr("QualityTexts", "Sale"),
        "dnc": tr("QualityTexts", "Do-not-call"),
        "reached": tr("QualityTexts", "Reached"),
        "not_reached": tr("QualityTexts", "Not reached"),
        "search": tr("QualityTexts", "Found by search"),
    }


def events() -> dict[str, str]:
    return {
        "start": tr("QualityTexts", "Call opened"),
        "step": tr("QualityTexts", "Script step"),
        "disclosure": tr("QualityTexts", "Disclosure ticked"),
        "offer": tr("QualityTexts", "Offer presented"),
        "answer": tr("QualityTexts", "Customer's answer"),
        "hang_up": tr("QualityTexts", "Hung up, wrap-up begins"),
        "missing": tr("QualityTexts", "Mandatory disclosure NOT ticked"),
        "disposition": tr("QualityTexts", "Outcome recorded"),
        "notes": tr("QualityTexts", "Notes"),
        "callback": tr("QualityTexts", "Call-back set"),
        "saved": tr("QualityTexts", "Saved and synced"),
    }


def pick(en: str, zh: str) -> str:
    """The Chinese name the server sent when the interface is Chinese."""
    return zh if (i18n.is_chinese() and zh) else en


def mmss(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"
