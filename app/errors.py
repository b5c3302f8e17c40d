"""Errors a user can act on: each carries a short title and a message (Maestral's habit).

The UI shows `title` and `message`; it never shows a traceback. Lower layers raise
these (or subclasses) at the point where they know what went wrong.
"""

from __future__ import annotations


class CallsheetError(Exception):
    title = "Error"

    def __init__(self, message: str, *, title: str | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        if title is not None:
            self.title = title


class ServerUnreachable(CallsheetError):
    title = "Server unreachable"


class BadServerResponse(CallsheetError):
    title = "Unexpected answer from the server"


class BadCredentials(CallsheetError):
    title = "Login failed"


class TooManyAttempts(BadCredentials):
    """The server's login brake: too many failed logins (code "too_many_attempts"), or too
    many at once ("busy"); `retry_after` seconds to wait."""

    def __init__(self, message: str, *, retry_after: int, code: str = "") -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class AuthRequired(CallsheetError):
    """The token expired or was revoked: the password is needed again."""

    title = "Please log in again"


class Forbidden(CallsheetError):
    title = "Not allowed"


class ValidationFailed(CallsheetError):
    """Bad input from the user; `field` names the widget to show it beside."""

    title = "Please check the input"

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message, code=code)
        self.field = field


class DialBlocked(CallsheetError):
    title = "Cannot dial"


class LocalStoreError(CallsheetError):
    title = "Local database problem"


class StorageUnavailable(LocalStoreError):
    """The disk is full or the data folder cannot be written: nothing was saved."""

    title = "Cannot save on this computer"
    folder = ""  # the data folder that could not be written

    @staticmethod
    def at(folder: object, detail: str) -> StorageUnavailable:
        err = StorageUnavailable(
            f"Nothing was saved: the disk is full or the data folder {folder} cannot be "
            f"written ({detail}). Free some disk space or ask IT to make the folder "
            "writable, then try again; everything saved before is still on this computer.",
            code="storage",
        )
        err.folder = str(folder)
        return err


class OfflineUnlockRefused(CallsheetError):
    """The password typed for an offline start does not match the local verifier."""

    title = "Wrong password"

    def __init__(self, message: str, *, retry_after: float = 0.0, code: str = "") -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after
