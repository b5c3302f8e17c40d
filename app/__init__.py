"""The client core: no Qt; the desktop reaches it through app/services."""

import sys

# httpx imports its command-line client (click, rich, pygments: about a tenth of a second
# of a cold start) whenever they are installed. The desktop never runs it; a None entry
# makes that import fail, and httpx falls back to a stub `httpx.main`.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
