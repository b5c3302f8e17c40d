"""What a local operation or a sync changed, as one typed value (Anki's OpChanges).

Every write of the client core returns a `Changes`: `QueueService.record_outcome` and
`flag_dnc`, `PresenceService.set_state`, and the sync engine for what a push answer or
a pull page actually applied (`app/store/repo.apply_pull`, `apply_push_state`). The UI's
one hub (`ui/change_hub.py`) re-emits it, and each widget redraws only the part it
names: the queue panel re-reads the rows of `items`, drops `removed`, the day bar
recomputes its figures when `day` says so, and so on. Nothing is reloaded "to be sure".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields


def _ids(values: Iterable[object]) -> frozenset[str]:
    return frozenset(str(v) for v in values)


@dataclass(frozen=True)
class Changes:
    """Ids of what changed in the local store; empty sets and False: nothing of that kind.

    `items` are queue items whose row may look different now (new, changed, or hidden by a
    do-not-call flag: a re-read that finds nothing removes the row); `removed` left this
    desktop for good (closed, reassigned). `dnc` holds phone digests; `customers` the
    customers whose data changed. `scripts` and `reference` (campaigns, offers) change what
    a detail shows; `control` is the team lead's hold on the queue; `presence` the agent's
    own state; `outbox` the pending / rejected counts; `day` today's figures; `clock` the
    server's time as this desktop knows it (a pull measured it anew, far from before: every
    row's callability and every time shown is judged again).
    `action_id`: the outbox action the operation made, if it made one."""

    items: frozenset[str] = field(default_factory=frozenset)
    removed: frozenset[str] = field(default_factory=frozenset)
    customers: frozenset[str] = field(default_factory=frozenset)
    dnc: frozenset[str] = field(default_factory=frozenset)
    scripts: frozenset[str] = field(default_factory=frozenset)
    reference: bool = False
    control: bool = False
    presence: bool = False
    outbox: bool = False
    day: bool = False
    clock: bool = False
    action_id: str | None = None

    @staticmethod
    def of(*, items: Iterable[object] = (), removed: Iterable[object] = (),
           customers: Iterable[object] = (), dnc: Iterable[object] = (),
           scripts: Iterable[object] = (), reference: bool = False,
           control: bool = False, presence: bool = False, outbox: bool = False,
           day: bool = False, clock: bool = False, action_id: str | None = None
           ) -> Changes:
        """Built from any iterables of ids (lists, sets, generators)."""
        return Changes(items=_ids(items), removed=_ids(removed), customers=_ids(customers),
                       dnc=_ids(dnc), scripts=_ids(scripts), reference=reference,
                       control=control, presence=presence, outbox=outbox, day=day,
                       clock=clock, action_id=action_id)

    def __or__(self, other: Changes) -> Changes:
        """Both together; an item removed by one and changed by the later one is changed
        (it came back), one changed and then removed is removed."""
        removed = (self.removed - other.items) | other.removed
        items = (self.items | other.items) - other.removed
        return Changes(
            items=items, removed=removed, customers=self.customers | other.customers,
            dnc=self.dnc | other.dnc, scripts=self.scripts | other.scripts,
            reference=self.reference or other.reference, control=self.control or other.control,
            presence=self.presence or other.presence, outbox=self.outbox or other.outbox,
            day=self.day or other.day, clock=self.clock or other.clock,
            action_id=other.action_id or self.action_id)

    def without(self, shown: Changes) -> Changes:
        """What is left to redraw after `shown` was (ids in both are dropped; a flag set
        in both is dropped too, since a redraw reads the current state)."""
        return Changes(
            items=self.items - shown.items, removed=self.removed - shown.removed,
            customers=self.customers - shown.customers, dnc=self.dnc - shown.dnc,
            scripts=self.scripts - shown.scripts,
            reference=self.reference and not shown.reference,
            control=self.control and not shown.control,
            presence=self.presence and not shown.presence,
            outbox=self.outbox and not shown.outbox, day=self.day and not shown.day,
            clock=self.clock and not shown.clock, action_id=self.action_id)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "action_id")

    @property
    def queue(self) -> bool:
        """Whether any row of the queue may look different."""
        return bool(self.items or self.removed)


NOTHING = Changes()
