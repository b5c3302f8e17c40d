"""A desktop clock for tests: wall and monotonic time move together when time passes
(`advance`); only the wall clock moves when someone sets it (`jump`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.at = start or datetime.now(UTC)
        self.mono = 10_000.0

    def __call__(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.mono

    def advance(self, delta: timedelta) -> None:
        self.at += delta
        self.mono += delta.total_seconds()

    def jump(self, delta: timedelta) -> None:
        self.at += delta
