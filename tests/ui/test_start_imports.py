"""An agent's cold start imports only what shows the queue: the lead's and the quality
checker's windows (pages, charts, replay; a tenth of the desktop's imports) load when such
a user logs in. Checked in a fresh interpreter (this one has them loaded already)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_desktop_starts_without_the_lead_and_quality_windows() -> None:
    code = ("import sys; import ui.main; print(sorted(m for m in sys.modules "
            "if m.startswith(('ui.lead', 'ui.quality', 'app.services.lead'))))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env=env).stdout
    assert out.strip().splitlines()[-1] == "[]"
