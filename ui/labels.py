"""Every label the UI shows for a core value, translated (one place for lupdate to find).

The core speaks English codes; this module turns them into the agent's language.
Each function builds its table when called, so the translator installed at start-up
is the one used; callers that redraw often cache the result (see QueueModel).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from app.errors import (
    AuthRequired,
    BadCredentials,
    BadServerResponse,
    CallsheetError,
    DialBlocked,
    Forbidden,
    LocalStoreError,
    OfflineUnlockRefused,
    ServerUnreachable,
    StorageUnavailable,
    TooManyAttempts,
    ValidationFailed,
)
from app.sync import SyncState
from ui import i18n
from wire.rejection import Rejection, code_of
from wire.schema import Disposition, Objection, PauseReasonOut, QueueStatus, Role


def dispositions() -> dict[Disposition, str]:
    return {
        Disposition.NO_ANSWER: QCoreApplication.translate("Labels", "No answer"),
        Disposition.BUSY: QCoreApplication.translate("Labels", "Busy"),
        Disposition.UNREACHABLE: QCoreApplication.translate("Labels", "Switched off / unreachable"),
        Disposition.WRONG_NUMBER: QCoreApplication.translate("Labels", "Wrong number"),
        Disposition.VOICEMAIL: QCoreApplication.translate("Labels", "Voicemail"),
        Disposition.ACCEPTED: QCoreApplication.translate("Labels", "Accepted (sale)"),
        Disposition.CALLBACK: QCoreApplication.translate("Labels", "Interested - call back"),
        Disposition.CONSIDERING: QCoreApplication.translate("Labels", "Considering - follow up"),
        Disposition.NOT_INTERESTED: QCoreApplication.translate("Labels", "Not interested"),
        Disposition.DO_NOT_CALL: QCoreApplication.translate("Labels", "Refuses marketing calls"),
        Disposition.COMPLAINT: QCoreApplication.translate("Labels", "Complaint"),
        Disposition.HUNG_UP: QCoreApplication.translate("Labels", "Hung up"),
        Disposition.ISSUE_RESOLVED: QCoreApplication.translate("Labels", "Issue resolved"),
        Disposition.STILL_UNHAPPY: QCoreApplication.translate("Labels", "Still unhappy - escalate"),
        Disposition.PROMISED_TO_PAY: QCoreApplication.translate("Labels", "Promised to pay"),
        Disposition.PAID_ALREADY: QCoreApplication.translate("Labels", "Paid already"),
        Disposition.DISPUTED: QCoreApplication.translate("Labels", "Disputes the bill"),
        Disposition.SURVEY_COMPLETED: QCoreApplication.translate("Labels", "Survey done"),
        Disposition.SURVEY_DECLINED: QCoreApplication.translate("Labels", "Survey declined"),
        Disposition.WON_BACK: QCoreApplication.translate("Labels", "Won back"),
    }


def disposition(d: Disposition) -> str:
    return dispositions().get(d, d.value)


def objections() -> dict[Objection, str]:
    return {
        Objection.PRICE: QCoreApplication.translate("Labels", "Price"),
        Objection.NO_NEED: QCoreApplication.translate("Labels", "No need"),
        Objection.ALREADY_HAS: QCoreApplication.translate("Labels", "Already has it"),
        Objection.COMPETITOR: QCoreApplication.translate("Labels", "Competitor"),
        Objection.BAD_TIMING: QCoreApplication.translate("Labels", "Bad timing"),
        Objection.OTHER: QCoreApplication.translate("Labels", "Other"),
    }


def objection(o: Objection | None) -> str:
    return "" if o is None else objections().get(o, o.value)


def statuses() -> dict[QueueStatus, str]:
    return {
        QueueStatus.OPEN: QCoreApplication.translate("Labels", "To call"),
        QueueStatus.CALLBACK: QCoreApplication.translate("Labels", "Call-back"),
        QueueStatus.CLOSED: QCoreApplication.translate("Labels", "Closed"),
    }


def roles() -> dict[str, str]:
    return {
        Role.AGENT.value: QCoreApplication.translate("Labels", "Agent"),
        Role.TEAM_LEAD.value: QCoreApplication.translate("Labels", "Team lead"),
        Role.QA.value: QCoreApplication.translate("Labels", "Quality checker"),
        Role.ADMIN.value: QCoreApplication.translate("Labels", "Administrator"),
        Role.VERIFIER.value: QCoreApplication.translate("Labels", "Verifier"),
    }


def order_states() -> dict[str, str]:
    """A sale's order after the call (wire.aftersale.OrderState values; issue 21)."""
    t = QCoreApplication.translate
    return {
        "awaiting_verification": t("Labels", "awaiting verification"),
        "confirmed": t("Labels", "confirmed"),
        "cancelled": t("Labels", "cancelled"),
        "activated": t("Labels", "activated"),
        "failed": t("Labels", "activation failed"),
    }


def notice_channels() -> dict[str, str]:
    """How a customer who could not be reached is told (a verification's fallback)."""
    t = QCoreApplication.translate
    return {"sms": t("Labels", "SMS"), "email": t("Labels", "email"),
            "letter": t("Labels", "letter")}


def sync_states() -> dict[SyncState, str]:
    return {
        SyncState.IDLE: QCoreApplication.translate("Labels", "Online"),
        SyncState.SYNCING: QCoreApplication.translate("Labels", "Syncing..."),
        SyncState.OFFLINE: QCoreApplication.translate("Labels", "Offline"),
        SyncState.AUTH_REQUIRED: QCoreApplication.translate("Labels", "Needs login"),
        SyncState.STOPPED: QCoreApplication.translate("Labels", "Stopped"),
    }


def pause_reasons() -> dict[str, str]:
    """The pause reason codes this desktop knows (the server sends its list: codes it does
    not know here show the server's label), with their mnemonics."""
    return {
        "break": QCoreApplication.translate("Labels", "&Break"),
        "lunch": QCoreApplication.translate("Labels", "&Lunch"),
        "personal": QCoreApplication.translate("Labels", "&Personal"),
        "technical": QCoreApplication.translate("Labels", "T&echnical problem"),
        "training": QCoreApplication.translate("Labels", "&Training"),
        "meeting": QCoreApplication.translate("Labels", "&Meeting"),
        "coaching": QCoreApplication.translate("Labels", "&Coaching"),
    }


def pause_reason_label(reason: PauseReasonOut) -> str:
    """A reason of the server's list as shown: translated when the code is known here,
    else the server's own label (its Chinese one in Chinese)."""
    known = pause_reasons().get(reason.code)
    if known:
        return known
    if i18n.is_chinese():
        return reason.label_zh or reason.label
    return reason.label


def pause_reason(code: str | None, server_label: str = "") -> str:
    """The reason without its mnemonic: "&Break" -> "Break", "休息(&B)" -> "休息"."""
    text = pause_reasons().get(code or "", server_label or code or "")
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


def agent_states() -> dict[str, str]:
    return {
        "available": QCoreApplication.translate("Labels", "Available"),
        "paused": QCoreApplication.translate("Labels", "Paused"),
        "on_call": QCoreApplication.translate("Labels", "On call"),
        "wrap_up": QCoreApplication.translate("Labels", "Wrap-up"),
    }


def action_kinds() -> dict[str, str]:
    return {
        "outcome": QCoreApplication.translate("Labels", "Call outcome"),
        "dnc": QCoreApplication.translate("Labels", "Do-not-call request"),
        "agent_state": QCoreApplication.translate("Labels", "Agent status"),
    }


def rejections() -> dict[Rejection, str]:
    """Why the server refused an action (wire.rejection), in the agent's language."""
    t = QCoreApplication.translate
    return {
        Rejection.NOT_YOUR_ITEM: t("Labels", "This queue item was never yours."),
        Rejection.ITEM_MISMATCH: t(
            "Labels", "The customer or campaign does not match the queue item."),
        Rejection.DISPOSITION_NOT_ALLOWED: t("Labels", "The campaign does not allow this outcome."),
        Rejection.DIAL_REQUIRED: t(
            "Labels", "The customer was recorded as reached, but nothing was dialled."),
        Rejection.UNKNOWN_OFFER: t("Labels", "The offer is not one of this campaign's."),
        Rejection.OFFER_REQUIRED: t("Labels", "A sale must name the offer accepted."),
        Rejection.DO_NOT_CALL: t(
            "Labels", "The customer was on the do-not-call list before this call began."),
        Rejection.FORBIDDEN: t("Labels", "Your role may not do this."),
        Rejection.UNKNOWN_CUSTOMER: t("Labels", "No such customer."),
        Rejection.NOT_YOUR_CUSTOMER: t("Labels", "This customer is not on your lists."),
        Rejection.PAUSE_REASON_REQUIRED: t(
            "Labels", "A pause needs one of the server's reasons."),
        Rejection.INVALID_ACTION: t(
            "Labels", "The record was not valid (a newer or damaged desktop?)."),
        Rejection.ACTION_ID_CONFLICT: t(
            "Labels", "Another account already sent a record with the same id."),
        Rejection.OUTCOME_NOT_FOR_TYPE: t(
            "Labels", "This outcome does not belong to this kind of campaign."),
        Rejection.PROMISE_DATE_REQUIRED: t(
            "Labels", "A promise to pay needs the date the customer will pay."),
        Rejection.SURVEY_ANSWERS_INVALID: t(
            "Labels", "The survey answers do not fit the survey's questions."),
    }


def rejection(code: str | None, message: str | None) -> str:
    """The reason shown for a rejected action: the translated label of a known code, else
    the server's own message (a code from a newer server), else the bare code."""
    known = code_of(code)
    if known is not None:
        return rejections()[known]
    return message or code or ""


def channels() -> dict[str, str]:
    return {
        "phone": QCoreApplication.translate("Labels", "Phone"),
        "sms": QCoreApplication.translate("Labels", "SMS"),
        "web": QCoreApplication.translate("Labels", "Web"),
        "store": QCoreApplication.translate("Labels", "Store"),
        "none": QCoreApplication.translate("Labels", "No clear preference"),
    }


def plan_fits() -> dict[str, str]:
    return {
        "A": QCoreApplication.translate("Labels", "A - far under plan (suggest cheaper)"),
        "B": QCoreApplication.translate("Labels", "B - slightly under plan (fits)"),
        "C": QCoreApplication.translate("Labels", "C - slightly over plan (add-on)"),
        "D": QCoreApplication.translate("Labels", "D - far over plan (upgrade)"),
        "": QCoreApplication.translate("Labels", "Unknown"),
    }


def step_kinds() -> dict[str, str]:
    return {
        "say": QCoreApplication.translate("Labels", "Say"),
        "question": QCoreApplication.translate("Labels", "Question"),
        "disclosure": QCoreApplication.translate("Labels", "Disclosure"),
        "pitch": QCoreApplication.translate("Labels", "Pitch"),
        "objection": QCoreApplication.translate("Labels", "Objection"),
        "close": QCoreApplication.translate("Labels", "Close"),
        "rating": QCoreApplication.translate("Labels", "Rating 1-5"),
        "free_text": QCoreApplication.translate("Labels", "Customer's words"),
    }


def dial_block_reasons() -> dict[str, str]:
    """DialVerdict.code -> why the number cannot be dialled now."""
    return {
        "do_not_call": QCoreApplication.translate(
            "Labels", "The customer is on the do-not-call list."),
        "stale_dnc": QCoreApplication.translate(
            "Labels", "The do-not-call list has not been refreshed recently; sync before "
            "dialling."),
        "no_campaign": QCoreApplication.translate(
            "Labels", "The campaign of this item is unknown."),
        "campaign_inactive": QCoreApplication.translate("Labels", "The campaign is not active."),
        "closed": QCoreApplication.translate("Labels", "This item is closed."),
        "attempts_exhausted": QCoreApplication.translate(
            "Labels", "The campaign's attempt limit is reached."),
        "outside_window": QCoreApplication.translate(
            "Labels", "Outside the calling window in the customer's local time."),
        "too_soon": QCoreApplication.translate(
            "Labels", "The campaign's retry spacing has not passed."),
        "cap_24h": QCoreApplication.translate(
            "Labels", "Contact cap reached: too many calls to this number in 24 hours."),
        "cap_30d": QCoreApplication.translate(
            "Labels", "Contact cap reached: too many calls to this number in 30 days."),
        "callback_not_due": QCoreApplication.translate(
            "Labels", "The call-back is not due yet."),
        "paused": QCoreApplication.translate(
            "Labels", "You are paused; resume before dialling."),
        "queue_paused": QCoreApplication.translate(
            "Labels", "Your team lead has paused your queue."),
        "clock_unmeasured": QCoreApplication.translate(
            "Labels", "This desktop has not measured the server's clock yet; sync before "
            "dialling."),
        "clock_jumped": QCoreApplication.translate(
            "Labels", "The computer's clock changed since the last sync; sync before "
            "dialling."),
        "on_call": QCoreApplication.translate(
            "Labels", "Hang up the current call before dialling another."),
    }


def validation_messages() -> dict[str, str]:
    """ValidationFailed.code -> the message shown beside the field."""
    return {
        "disposition_not_allowed": QCoreApplication.translate(
            "Labels", "This campaign does not allow that outcome."),
        "notes_too_long": QCoreApplication.translate("Labels", "The notes are too long."),
        "do_not_call": QCoreApplication.translate(
            "Labels", "The customer is on the do-not-call list; a sale cannot be recorded."),
        "offer_required": QCoreApplication.translate(
            "Labels", "Choose the offer the customer accepted."),
        "disclosures_missing": QCoreApplication.translate(
            "Labels", "Tick every mandatory disclosure before saving a sale."),
        "objection_required": QCoreApplication.translate(
            "Labels", "Choose the customer's objection."),
        "callback_required": QCoreApplication.translate("Labels", "Choose a call-back time."),
        "callback_past": QCoreApplication.translate("Labels", "The call-back time is in the past."),
        "callback_outside_window": QCoreApplication.translate(
            "Labels", "The call-back time is outside the calling window in the customer's "
            "local time."),
        "dial_required": QCoreApplication.translate(
            "Labels", "Nothing was dialled, so the customer was not reached: dial first (F5) "
            "or choose a not-reached outcome."),
        "not_on_call": QCoreApplication.translate(
            "Labels", "Disclosures are ticked while on the call (after F5, before hang-up)."),
        "not_answered": QCoreApplication.translate(
            "Labels", "The customer never answered this call; choose a not-reached outcome."),
        "outcome_not_for_type": QCoreApplication.translate(
            "Labels", "This outcome does not belong to this kind of campaign."),
        "promise_date_required": QCoreApplication.translate(
            "Labels", "Choose the date the customer promised to pay."),
        "survey_answers_invalid": QCoreApplication.translate(
            "Labels", "Survey answers go with a completed survey only."),
        "survey_incomplete": QCoreApplication.translate(
            "Labels", "Score every question of the survey (1-5) before saving it as "
            "completed."),
    }


def error_title(exc: CallsheetError) -> str:
    """The translated title of a core error, by its class (most specific first)."""
    titles: list[tuple[type[CallsheetError], str]] = [
        (ServerUnreachable, QCoreApplication.translate("Labels", "Server unreachable")),
        (BadServerResponse, QCoreApplication.translate(
            "Labels", "Unexpected answer from the server")),
        (BadCredentials, QCoreApplication.translate("Labels", "Login failed")),
        (AuthRequired, QCoreApplication.translate("Labels", "Please log in again")),
        (Forbidden, QCoreApplication.translate("Labels", "Not allowed")),
        (ValidationFailed, QCoreApplication.translate("Labels", "Please check the input")),
        (DialBlocked, QCoreApplication.translate("Labels", "Cannot dial")),
        (StorageUnavailable, QCoreApplication.translate(
            "Labels", "Cannot save on this computer")),
        (OfflineUnlockRefused, QCoreApplication.translate("Labels", "Wrong password")),
        (LocalStoreError, QCoreApplication.translate("Labels", "Local database problem")),
    ]
    for cls, title in titles:
        if isinstance(exc, cls):
            return title
    return QCoreApplication.translate("Labels", "Error")


def error_message(exc: CallsheetError) -> str:
    """The translated message where the code is known; the core's own text otherwise."""
    if isinstance(exc, DialBlocked):
        return dial_block_reasons().get(exc.code, exc.message)
    if isinstance(exc, ValidationFailed):
        return validation_messages().get(exc.code, exc.message)
    if isinstance(exc, TooManyAttempts):
        return too_many_attempts(exc)
    if isinstance(exc, BadCredentials):
        return QCoreApplication.translate("Labels", "Wrong username or password.")
    if isinstance(exc, ServerUnreachable):
        return QCoreApplication.translate(
            "Labels", "Cannot reach the server. Check the address and your network; "
            "work already saved stays on this computer.")
    if isinstance(exc, BadServerResponse):
        return QCoreApplication.translate(
            "Labels", "This address does not answer like a Callsheet server.")
    if isinstance(exc, AuthRequired):
        return QCoreApplication.translate(
            "Labels", "Your session has expired. Please log in again.")
    if isinstance(exc, LocalStoreError) and exc.code == "password_changed":
        return QCoreApplication.translate(
            "Labels", "Your password was changed since you last worked on this computer, and "
            "the work kept here is locked with the previous one. Enter the previous password "
            "as well, once, to carry it over.")
    if isinstance(exc, StorageUnavailable):
        return QCoreApplication.translate(
            "Labels", "Nothing was saved: the disk is full or the data folder %1 cannot be "
            "written. Free some disk space or ask IT to make the folder writable, then try "
            "again; everything saved before is still on this computer.").replace(
            "%1", exc.folder)
    if isinstance(exc, OfflineUnlockRefused):
        if exc.code == "wrong_previous_password":
            return QCoreApplication.translate(
                "Labels", "The previous password does not match the one last used on this "
                "computer. Each wrong try makes the next check wait longer (next: %1 s)."
            ).replace("%1", f"{exc.retry_after:.0f}")
        if exc.code == "no_local_account":
            return QCoreApplication.translate(
                "Labels", "This account has never logged in on this computer, so it cannot "
                "start without the server.")
        return QCoreApplication.translate(
            "Labels", "The server cannot be reached, so the password was checked against the "
            "one last used on this computer, and it does not match. Each wrong try makes the "
            "next check wait longer (next: %1 s).").replace("%1", f"{exc.retry_after:.0f}")
    return exc.message


def too_many_attempts(exc: TooManyAttempts) -> str:
    """The server's login brake said wait (or it is busy checking other logins)."""
    if exc.code == "busy":
        return QCoreApplication.translate(
            "Labels", "The server is checking many logins at once. Try again in a moment.")
    if exc.retry_after >= 120:
        text = QCoreApplication.translate(
            "Labels", "Too many failed logins. Try again in %1 minutes.")
        return text.replace("%1", str(-(-exc.retry_after // 60)))
    text = QCoreApplication.translate("Labels", "Too many failed logins. Try again in %1 seconds.")
    return text.replace("%1", str(exc.retry_after))


def generic_error() -> tuple[str, str]:
    return (
        QCoreApplication.translate("Labels", "Something went wrong"),
        QCoreApplication.translate(
            "Labels", "An unexpected error occurred. It has been written to the log file."),
    )


def keyring_notice(parent: QWidget | None = None) -> QLabel:
    """The status-bar note every workspace shows when the system has no keyring: short,
    with the whole story in its tooltip."""
    label = QLabel(QCoreApplication.translate(
        "Labels", "No keyring: password needed at each start"), parent)
    label.setToolTip(QCoreApplication.translate(
        "Labels", "No system keyring is available: you will be asked for your password at "
        "every start. The session token is kept in memory only."))
    return label
