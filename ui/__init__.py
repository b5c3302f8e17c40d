"""The desktop's widgets (PySide6); they reach the client core through app/services.

Import order matters for a cold start: once PySide6 is loaded, its `__feature__` import
hook reads the source of every module imported after it, looking for "PySide6"
(PYSIDE-2029). For SQLAlchemy, pydantic, httpx and the client core that was a sixth of
the start-up's imports, so the core is loaded here, before any widget module imports Qt.
"""

# Imported for their cost only: nothing here uses `app`.
import app.services.auth
import app.services.feedback
import app.services.workspace
import app.telephony.account
import app.tokens  # noqa: F401
