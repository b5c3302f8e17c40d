"""Fixtures of the telephony tests: a far end (SIPp) per test; sipp and pjsua2 required
(skipped locally with the install line, failed with CI=true)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.sipp import FarEnd, require_sip_tools


@pytest.fixture(autouse=True)
def _sip_tools() -> None:
    require_sip_tools()


@pytest.fixture
def far_end(tmp_path: Path) -> Iterator[Callable[..., FarEnd]]:
    started: list[FarEnd] = []

    def start(scenario: str, calls: int = 1) -> FarEnd:
        fe = FarEnd(scenario, tmp_path, calls=calls)
        started.append(fe)
        return fe

    yield start
    for fe in started:
        fe.stop()
