"""Progress and cancel of a long admin request (the customer import, a plan), by an id
the caller chose. Kept in this server process only: a job is known from its first
progress report to a minute after it ended, which is what a desktop polling every half
second needs."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

KEEP_S = 60.0


class Cancelled(Exception):
    """The caller cancelled the job: its transaction rolls back, nothing is kept."""


@dataclass
class Job:
    rows: int = 0
    cancelled: bool = False
    done: bool = False
    ended_at: float | None = None
    extra: dict[str, int] = field(default_factory=dict)
    kind: str = "customers.import"  # what runs, for the audit of a cancel: or campaign.plan


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def _sweep(now: float) -> None:
    for k in [k for k, j in _jobs.items() if j.ended_at and now - j.ended_at > KEEP_S]:
        del _jobs[k]


def start(job_id: str, kind: str = "customers.import") -> Job:
    with _lock:
        _sweep(time.monotonic())
        job = _jobs.get(job_id)
        if job is None or job.done:  # a cancel sent before the upload arrived stays
            job = _jobs[job_id] = Job(cancelled=bool(job and job.cancelled and not job.done))
        job.kind = kind
        return job


def report(job_id: str, rows: int) -> None:
    """From the importing thread, after each chunk; raises Cancelled once cancelled."""
    with _lock:
        job = _jobs.setdefault(job_id, Job())
        job.rows = rows
        if job.cancelled:
            raise Cancelled(job_id)


def finish(job_id: str) -> None:
    with _lock:
        job = _jobs.setdefault(job_id, Job())
        job.done = True
        job.ended_at = time.monotonic()


def cancel(job_id: str) -> Job:
    """Marks the job cancelled (also one not started yet: it stops at its first chunk)."""
    with _lock:
        job = _jobs.setdefault(job_id, Job())
        if not job.done:
            job.cancelled = True
        return job


def get(job_id: str) -> Job | None:
    with _lock:
        return _jobs.get(job_id)
