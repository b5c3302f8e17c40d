"""When a recording does not play, the checker reads what is wrong and what to do, in
their language, never the library's own words (those go to the log)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.errors import CallsheetError, ServerUnreachable
from tests.ui import lang
from ui.quality import player
from ui.quality.replay import ReplayPanel
from ui.quality.window import _fetch_problem

CODES = [player.NO_BACKEND, player.NO_DEVICE, player.NO_CODEC, player.MISSING, "offline",
         player.FAILED]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_each_playback_problem_reads_as_a_human_message(qtbot: QtBot, language: str) -> None:
    with lang.language(language):
        panel = ReplayPanel()
        qtbot.addWidget(panel)
        seen = set()
        for code in CODES:
            panel.set_audio(None, code)
            text = panel.audio_label.text()
            assert text and "Error" not in text and ".so" not in text, text
            assert "replay" in text or "回放" in text, text
            if language == "zh_CN":
                assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
            seen.add(text)
        assert len(seen) == len(CODES), "each problem has its own message"


def test_the_device_and_decoder_problems_are_told_apart(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(player, "audio_backend", lambda: (player.NO_DEVICE, "no output"))
    with caplog.at_level(logging.INFO, logger="ui.quality.player"):
        track = player.AudioTrack(b"RIFF....")
    assert not track.ok and track.problem == player.NO_DEVICE
    assert "no output" in caplog.text, "the detail goes to the log"

    class Err:  # QMediaPlayer.Error members by name
        def __init__(self, name: str) -> None:
            self.name = name

    told: list[str] = []
    track = player.AudioTrack.__new__(player.AudioTrack)
    track.error, track.problem, track._on_problem = "", "", lambda t: told.append(t.problem)
    track.player = object()
    for name, code in (("FormatError", player.NO_CODEC), ("ResourceError", player.MISSING),
                       ("NetworkError", player.FAILED)):
        track._player_error(Err(name), "ffmpeg said no")
        assert track.problem == code and not track.ok
    assert told == [player.NO_CODEC, player.MISSING, player.FAILED]


def test_a_recording_that_cannot_be_fetched_is_missing_or_offline() -> None:
    err: Any = CallsheetError("Not found", code="not_found")
    assert _fetch_problem(err) == player.MISSING
    assert _fetch_problem(ServerUnreachable("down")) == "offline"
    assert _fetch_problem(RuntimeError("x")) == player.FAILED
