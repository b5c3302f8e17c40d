"""The quality checker's client core: samples, replay, scores, over the sync API.

No Qt here: the window calls these through the TaskManager (network pool). Nothing is
stored locally: a checker works online, and the evidence stays on the server.
`build_timeline` turns a call record into the replay's timeline (pure, tested alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.api_client import ApiClient
from wire.quality import (
    AnnotationIn,
    AnnotationOut,
    CallSearchResult,
    DrawRequest,
    DrawResult,
    ReplayOut,
    RevealOut,
    RubricOut,
    SampleList,
    SampleOut,
    SampleScores,
    ScoreIn,
    ScoreOut,
)
from wire.schema import Disposition

Q = "/api/v1/quality"


class QualityService:
    def __init__(self, client: ApiClient) -> None:
        self.client = client
        self._rubric: RubricOut | None = None

    def rubric(self, *, fresh: bool = False) -> RubricOut:
        if self._rubric is None or fresh:
            self._rubric = self.client.get_model(Q + "/rubric", RubricOut)
        return self._rubric

    def draw(self, day: date | None = None, per_agent: int = 3) -> DrawResult:
        return self.client.post_model(Q + "/samples/draw",
                                      DrawRequest(day=day, per_agent=per_agent), DrawResult)

    def samples(self, scope: str = "mine", day: date | None = None) -> SampleList:
        return self.client.get_model(Q + "/samples", SampleList, scope=scope,
                                     day=day.isoformat() if day else None)

    def start_day(self) -> SampleList:
        """Top up today's draw (idempotent), then list the checker's samples."""
        self.draw()
        return self.samples("mine")

    def search(self, text: str = "", day: date | None = None) -> CallSearchResult:
        return self.client.get_model(Q + "/calls", CallSearchResult, q=text or None,
                                     day=day.isoformat() if day else None)

    def claim(self, sample_id: str) -> SampleOut:
        return self.client.post_model(f"{Q}/samples/{sample_id}/claim", None, SampleOut)

    def release(self, sample_id: str) -> SampleOut:
        return self.client.post_model(f"{Q}/samples/{sample_id}/release", None, SampleOut)

    def check_call(self, outcome_id: str) -> SampleOut:
        """A call found by search becomes a sample claimed by this checker."""
        return self.client.post_model(f"{Q}/calls/{outcome_id}/sample", None, SampleOut)

    def replay(self, outcome_id: str) -> ReplayOut:
        return self.client.get_model(f"{Q}/calls/{outcome_id}", ReplayOut)

    def recording(self, outcome_id: str) -> bytes:
        # The desktop's own recording (issue 20) or one uploaded in the quality workspace.
        return self.client.get_bytes(f"/api/v1/recordings/{outcome_id}")

    def reveal(self, outcome_id: str) -> RevealOut:
        return self.client.post_model(f"{Q}/calls/{outcome_id}/reveal", None, RevealOut)

    def annotate(self, outcome_id: str, text: str) -> AnnotationOut:
        return self.client.post_model(f"{Q}/calls/{outcome_id}/annotations",
                                      AnnotationIn(text=text), AnnotationOut)

    def submit(self, sample_id: str, score: ScoreIn) -> ScoreOut:
        return self.client.post_model(f"{Q}/samples/{sample_id}/scores", score, ScoreOut)

    def scores(self, sample_id: str) -> SampleScores:
        return self.client.get_model(f"{Q}/samples/{sample_id}/scores", SampleScores)


# ------------------------------------------------------------------ timeline


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the replay. `at`: seconds after the call began; `kind` one of start,
    step, disclosure, offer, answer, hang_up, missing, disposition, notes, callback, saved;
    `ref` a step id, offer code or disposition value; `estimated` when the desktop
    recorded the order but not the second."""

    at: float
    kind: str
    ref: str = ""
    text: str = ""
    estimated: bool = False


def build_timeline(r: ReplayOut) -> list[TimelineEvent]:
    c = r.call
    talk = float(c.talk_seconds)
    steps = {s.id: s for s in r.script_steps}
    taken = [s for s in c.steps_taken if s in steps] or list(c.steps_taken)
    ticked = set(c.disclosures_ticked)
    # Ticks the desktop timed (server time, like call_started_at) are placed exactly.
    timed = {t.step_id: max(0.0, round((t.at - c.call_started_at).total_seconds(), 1))
             for t in c.disclosure_ticks} if c.call_started_at is not None else {}
    events = [TimelineEvent(0.0, "start")]
    n = len(taken)
    for i, sid in enumerate(taken):
        at = round(talk * (i + 1) / (n + 1), 1) if talk else 0.0
        step = steps.get(sid)
        kind = "disclosure" if (step is not None and step.kind == "disclosure"
                                and sid in ticked) else "step"
        if kind == "disclosure" and sid in timed:
            events.append(TimelineEvent(timed[sid], kind, sid))
        else:
            events.append(TimelineEvent(at, kind, sid, estimated=True))
        if step is not None and step.kind == "pitch" and c.offer is not None:
            events.append(TimelineEvent(at, "offer", c.offer.code, estimated=True))
    for sid in sorted(ticked - set(taken)):
        events.append(TimelineEvent(timed.get(sid, talk), "disclosure", sid,
                                    estimated=sid not in timed))
    if c.disposition is Disposition.ACCEPTED or c.objection is not None:
        events.append(TimelineEvent(talk, "answer", c.disposition.value, estimated=True))
    events.append(TimelineEvent(talk, "hang_up"))
    events += [TimelineEvent(talk, "missing", sid) for sid in r.mandatory_missing]
    end = talk + c.wrap_seconds
    events.append(TimelineEvent(end, "disposition", c.disposition.value))
    if c.notes:
        events.append(TimelineEvent(end, "notes", text=c.notes))
    if c.callback_at is not None:
        events.append(TimelineEvent(end, "callback", text=c.callback_at.isoformat()))
    events.append(TimelineEvent(end, "saved"))
    return sorted(events, key=lambda e: e.at)


def duration(events: list[TimelineEvent]) -> float:
    return max((e.at for e in events), default=0.0)
