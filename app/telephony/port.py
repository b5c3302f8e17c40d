"""The `Dialer` seam: what the agent screen needs from whatever places the call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from app.telephony.events import CallEvent


@runtime_checkable
class Dialer(Protocol):
    """Places one call at a time. The dial gate is asked before `dial`, never by it.

    A dialer that `reports_progress` calls back with `CallEvent`s (given when it was
    made) and ends the call itself; one that does not (the tel: hand-off) leaves the
    call's life to the agent's keys, and its controls do nothing (the softphone has them).
    """

    reports_progress: bool

    def set_listener(self, on_event: Callable[[CallEvent], None]) -> None:
        """Where call events go (called on the dialer's own thread)."""
        ...

    def dial(self, number: str) -> bool:
        """Start calling `number` (E.164); False if nothing took it."""
        ...

    def hang_up(self) -> None: ...

    def hold(self, on: bool) -> None: ...

    def mute(self, on: bool) -> None: ...

    def send_dtmf(self, digits: str) -> None: ...

    def transfer(self, target: str) -> None:
        """Blind transfer (REFER) of the answered call to an extension or SIP URI."""
        ...


@runtime_checkable
class RecordsCalls(Protocol):
    """A dialer that can record a call (the SIP user agent; the tel: hand-off cannot)."""

    def record_next_call(self, wav: Path) -> None:
        """Record the next call placed into `wav` (both directions mixed)."""
        ...
