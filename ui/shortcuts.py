"""The keyboard map: one table, used by the window, the F1 help and the README.

A whole call needs no mouse: Ctrl+N (next callable customer), F5 (call),
Ctrl+K for each disclosure as it is read, F6 (hang up), Alt+1 ... Alt+= (outcome),
Ctrl+Enter (save and go to the next customer).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui import labels
from wire.schema import Disposition

translate = QCoreApplication.translate  # lupdate reads translate("Keys", "...")


@dataclass(frozen=True)
class Shortcut:
    action: str  # id used by the window to bind the key
    keys: tuple[str, ...]  # QKeySequence portable text; the first is shown in menus
    description: str


# Fixed keys per outcome so muscle memory survives campaigns that allow fewer outcomes.
DISPOSITION_KEYS: dict[Disposition, str] = {
    Disposition.NO_ANSWER: "Alt+1",
    Disposition.BUSY: "Alt+2",
    Disposition.UNREACHABLE: "Alt+3",
    Disposition.WRONG_NUMBER: "Alt+4",
    Disposition.VOICEMAIL: "Alt+5",
    Disposition.ACCEPTED: "Alt+6",
    Disposition.CALLBACK: "Alt+7",
    Disposition.CONSIDERING: "Alt+8",
    Disposition.NOT_INTERESTED: "Alt+9",
    Disposition.DO_NOT_CALL: "Alt+0",
    Disposition.COMPLAINT: "Alt+-",
    Disposition.HUNG_UP: "Alt+=",
    # The outcomes of campaigns that are not sales (wire.calltypes): a call shows only its
    # campaign type's, so these keys never meet on one screen with the sales ones above.
    Disposition.ISSUE_RESOLVED: "Alt+Shift+1",
    Disposition.STILL_UNHAPPY: "Alt+Shift+2",
    Disposition.PROMISED_TO_PAY: "Alt+Shift+3",
    Disposition.PAID_ALREADY: "Alt+Shift+4",
    Disposition.DISPUTED: "Alt+Shift+5",
    Disposition.SURVEY_COMPLETED: "Alt+Shift+6",
    Disposition.SURVEY_DECLINED: "Alt+Shift+7",
    Disposition.WON_BACK: "Alt+Shift+8",
}


def outcome_shortcuts() -> list[Shortcut]:
    """One line per outcome key (Alt+1 ... Alt+=), named as on its button."""
    names = labels.dispositions()
    return [Shortcut(f"disposition:{d.value}", (key,),
                     translate("Keys", "Outcome: %1").replace("%1", names[d]))
            for d, key in DISPOSITION_KEYS.items()]


def table() -> list[Shortcut]:
    """All shortcuts with translated descriptions, in the order of a call."""
    return [
        Shortcut("next", ("Ctrl+N",), translate("Keys", "Select the next callable customer")),
        Shortcut(
            "focus_queue",
            ("Ctrl+L",),
            translate("Keys", "Go to the queue list (arrows move, Enter opens)"),
        ),
        Shortcut("search", ("Ctrl+F",),
                 translate("Keys", "Search by name or number (Enter or Down: the first match)")),
        Shortcut("call", ("F5", "Ctrl+Shift+C"), translate("Keys", "Call the selected customer")),
        Shortcut("hang_up", ("F6",), translate("Keys", "Hang up and start wrap-up")),
        Shortcut("hold", ("F7",), translate("Keys", "Hold / resume the call (SIP telephone)")),
        Shortcut("mute", ("F8",),
                 translate("Keys", "Mute / unmute your microphone (SIP telephone)")),
        Shortcut("dtmf", ("F9",),
                 translate("Keys", "Send key presses to the call: digits, * and # "
                                   "(SIP telephone)")),
        Shortcut("transfer", ("Ctrl+T",),
                 translate("Keys", "Transfer the call to the campaign's verifier or "
                                   "supervisor (SIP telephone)")),
        Shortcut("pause_dial", ("F4",),
                 translate("Keys", "Progressive dialling: pause / go on with the countdown")),
        Shortcut("cancel_dial", ("Esc",),
                 translate("Keys", "Progressive dialling: cancel the automatic call")),
        Shortcut("tick", ("Ctrl+K",), translate("Keys", "Tick the next mandatory disclosure")),
        Shortcut("tab_profile", ("Ctrl+1",), translate("Keys", "Show the profile")),
        Shortcut("tab_history", ("Ctrl+2",), translate("Keys", "Show the contact history")),
        Shortcut("tab_offers", ("Ctrl+3",), translate("Keys", "Go to the recommended offers")),
        Shortcut("tab_script", ("Ctrl+4",), translate("Keys", "Go to the script")),
        *outcome_shortcuts(),
        Shortcut("survey", ("Ctrl+U",),
                 translate("Keys", "Survey: go to the first question (digits 1-5 score it, "
                                   "Tab goes to the next)")),
        Shortcut("objection", ("Ctrl+O",), translate("Keys", "Choose the objection")),
        Shortcut("offer", ("Ctrl+P",), translate("Keys", "Choose the offer accepted")),
        Shortcut(
            "callback",
            ("Ctrl+B",),
            translate("Keys", "Set the call-back time (quick picks: arrow keys; last = custom)"),
        ),
        Shortcut("notes", ("Ctrl+E",), translate("Keys", "Write notes")),
        Shortcut(
            "save",
            ("Ctrl+Return", "Ctrl+Enter"),
            translate("Keys", "Save the outcome and go to the next"),
        ),
        Shortcut("dnc", ("Ctrl+D",), translate("Keys", "Put the customer on the do-not-call list")),
        Shortcut(
            "pause",
            ("Ctrl+Shift+P",),
            translate("Keys", "Pause with a reason (break, training, ...) / resume"),
        ),
        Shortcut("sync", ("Ctrl+R",), translate("Keys", "Sync now")),
        Shortcut(
            "rejected",
            ("Ctrl+Shift+R",),
            translate("Keys", "Show what the server did not accept, and why"),
        ),
        Shortcut("feedback", ("Ctrl+Shift+F",),
                 translate("Keys", "Show the quality feedback on my calls")),
        Shortcut("training", ("Ctrl+Shift+T",),
                 translate("Keys", "Take a campaign's training quiz (its queue opens after "
                                   "you pass)")),
        Shortcut("help", ("F1",), translate("Keys", "Show the keyboard shortcuts")),
        Shortcut("quit", ("Ctrl+Q",), translate("Keys", "Quit")),
    ]


def lead_table() -> list[Shortcut]:
    """The team lead's workspace (ui/lead/window.py)."""
    return [
        Shortcut("refresh", ("F5",), translate("Keys", "Refresh the monitor now")),
        Shortcut("tab_monitor", ("Ctrl+1",), translate("Keys", "Show agents, alerts and charts")),
        Shortcut("tab_campaigns", ("Ctrl+2",), translate("Keys", "Show the campaigns")),
        Shortcut("tab_queues", ("Ctrl+3",), translate("Keys", "Show the queues")),
        Shortcut("tab_churn_tasks", ("Ctrl+4",),
                 translate("Keys", "Show the cause-analysis tasks of the customers you "
                                   "manage (churn warnings)")),
        Shortcut("agent_queue", ("Return",),
                 translate("Keys", "On an agent: open that agent's queue")),
        Shortcut("reassign", ("Ctrl+R",),
                 translate("Keys", "Reassign the selected queue items to another agent")),
        Shortcut("priority", ("Ctrl+P",),
                 translate("Keys", "Raise the priority of the selected queue items")),
        Shortcut("rebalance", ("Ctrl+B",),
                 translate("Keys", "Rebalance a campaign evenly across chosen agents")),
        Shortcut("pause_queue", ("Ctrl+Shift+P",),
                 translate("Keys", "Pause or release the selected agent's queue")),
        Shortcut("export", ("Ctrl+E",),
                 translate("Keys", "Export the table shown as CSV or Excel")),
        Shortcut("wallboard", ("F11",),
                 translate("Keys", "Wallboard for a floor screen, full screen (F11 again or "
                                   "Esc: back)")),
        Shortcut("help", ("F1",), translate("Keys", "Show the keyboard shortcuts")),
        Shortcut("quit", ("Ctrl+Q",), translate("Keys", "Quit")),
    ]


def manager_table() -> list[Shortcut]:
    """The campaign manager's workspace (ui/manager/window.py): a key per page, then the
    actions, each done by the page shown (its check, its apply, its cancel)."""
    return [
        Shortcut("page_import", ("Ctrl+1",), translate("ManagerKeys", "Import customers (wizard)")),
        Shortcut("page_dnc", ("Ctrl+2",), translate("ManagerKeys", "Do-not-call lists")),
        Shortcut("page_segments", ("Ctrl+3",), translate("ManagerKeys", "Segments and charts")),
        Shortcut("page_plan", ("Ctrl+4",), translate("ManagerKeys", "Plan a campaign (funnel)")),
        Shortcut("page_script", ("Ctrl+5",), translate("ManagerKeys", "Script editor")),
        Shortcut("page_assign", ("Ctrl+6",), translate("ManagerKeys", "Assign and rebalance")),
        Shortcut("page_approval", ("Ctrl+7",), translate("ManagerKeys", "Approval of plans")),
        Shortcut("page_training", ("Ctrl+8",), translate("ManagerKeys", "Training quiz")),
        Shortcut("page_pilot", ("Ctrl+9",), translate("ManagerKeys", "Pilot and its decision")),
        Shortcut("page_targets", ("Ctrl+0",), translate("ManagerKeys", "Caps and targets")),
        Shortcut("page_churn_tasks", ("Ctrl+R",),
                 translate("ManagerKeys", "Cause-analysis tasks (churn warnings)")),
        Shortcut("open_file", ("Ctrl+O",), translate("ManagerKeys", "Choose a file to import")),
        Shortcut("check", ("Ctrl+Return", "Ctrl+Enter"),
                 translate("ManagerKeys", "Dry run / preview the funnel / check the script / "
                                          "search the number")),
        Shortcut("apply", ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
                 translate("ManagerKeys", "Import / save the plan / publish the script / assign")),
        Shortcut("cancel", ("Ctrl+Shift+X",),
                 translate("ManagerKeys", "Cancel the running import or preview")),
        Shortcut("save_mapping", ("Ctrl+S",),
                 translate("ManagerKeys", "Save the column mapping under a name")),
        Shortcut("search", ("Ctrl+F",),
                 translate("ManagerKeys", "Search a number on the do-not-call list")),
        Shortcut("export_masked", ("Ctrl+E",),
                 translate("ManagerKeys", "Export the do-not-call list, masked")),
        Shortcut("export_full", ("Ctrl+Shift+E",),
                 translate("ManagerKeys",
                           "Export the do-not-call list with full numbers (audited)")),
        Shortcut("rebalance", ("Ctrl+B",),
                 translate("ManagerKeys", "Rebalance a campaign across chosen agents")),
        Shortcut("refresh", ("F5",), translate("ManagerKeys", "Refresh the page shown")),
        Shortcut("help", ("F1",), translate("ManagerKeys", "Show the keyboard shortcuts")),
        Shortcut("quit", ("Ctrl+Q",), translate("ManagerKeys", "Quit")),
    ]


def loop_table() -> list[Shortcut]:
    """The campaign loop's pages of the manager's workspace (ui/manager/pages/approval.py,
    training.py, pilot.py, targets.py); active on the page shown. The window's own keys (its refresh
    calls the page's `refresh()`) are not repeated here; Alt+C goes to the campaign code."""
    return [
        Shortcut("submit_plan", ("Ctrl+Shift+S",),
                 translate("Keys", "Submit the selected plan for approval")),
        Shortcut("approve_plan", ("Ctrl+Shift+A",),
                 translate("Keys", "Approve the selected plan (with the comment)")),
        Shortcut("reject_plan", ("Ctrl+Shift+J",),
                 translate("Keys", "Reject the selected plan (the comment says why)")),
        Shortcut("publish_quiz", ("Ctrl+Shift+U",),
                 translate("Keys", "Publish the quiz as a new version")),
        Shortcut("start_pilot", ("Ctrl+Shift+L",),
                 translate("Keys", "Start the pilot on the chosen agents")),
        Shortcut("pilot_go", ("Ctrl+Shift+G",),
                 translate("Keys", "Pilot decision: go (the rest may be assigned)")),
        Shortcut("pilot_change", ("Ctrl+Shift+H",),
                 translate("Keys", "Pilot decision: change (plan again)")),
        Shortcut("pilot_stop", ("Ctrl+Shift+K",),
                 translate("Keys", "Pilot decision: stop")),
        Shortcut("save_targets", ("Ctrl+Shift+T",),
                 translate("Keys", "Save the team's caps and targets")),
    ]


def loop_keys(action: str) -> tuple[str, ...]:
    for s in loop_table():
        if s.action == action:
            return s.keys
    raise KeyError(action)


def keys_for(action: str) -> tuple[str, ...]:
    for s in table():
        if s.action == action:
            return s.keys
    raise KeyError(action)


def markdown_table(entries: list[Shortcut] | None = None) -> str:
    """The README's table (English): the agent's by default."""
    lines = ["| keys | action |", "|---|---|"]
    lines += [f"| {' / '.join(s.keys)} | {s.description} |" for s in entries or table()]
    return "\n".join(lines)


class ShortcutsDialog(QDialog):
    """F1: the shortcuts in two columns of a table wide enough not to wrap, so the whole
    map fits a 1366x768 screen. Non-blocking; Esc or Enter closes it."""

    def __init__(self, parent: QWidget, entries: list[Shortcut]) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsBox")
        self.setWindowTitle(translate("Keys", "Keyboard shortcuts"))

        def keys(s: Shortcut) -> str:
            fmt = QKeySequence.SequenceFormat.NativeText
            shown = [QKeySequence(k).toString(fmt) or k for k in s.keys]
            # Return and Enter read the same in some languages ("回车"): say it once
            return " / ".join(dict.fromkeys(shown))

        def cell(s: Shortcut) -> str:
            return (f"<td style='white-space:nowrap'><b>{html.escape(keys(s))}</b></td>"
                    f"<td style='white-space:nowrap'>{html.escape(s.description)}</td>")

        half = (len(entries) + 1) // 2
        left, right = entries[:half], entries[half:]
        rows = "".join(
            "<tr>" + cell(a) + "<td width='24'></td>"
            + (cell(right[i]) if i < len(right) else "<td></td><td></td>") + "</tr>"
            for i, a in enumerate(left))
        self.label = QLabel(f"<table cellpadding='2'>{rows}</table>", self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.label)
        lay.addWidget(buttons)

    def text(self) -> str:
        return self.label.text()


def show_table(parent: QWidget, entries: list[Shortcut]) -> ShortcutsDialog:
    """F1 of every workspace window: its shortcuts in a non-blocking box."""
    box = ShortcutsDialog(parent, entries)
    box.open()
    return box
