"""Wire models of sessions: logout, "log out everywhere", password change, admin revocation.

POST   /api/v1/auth/logout                          -> SessionsEnded (the token sent)
POST   /api/v1/auth/logout-all                      -> SessionsEnded (every token of the user)
POST   /api/v1/auth/password  PasswordChange        -> LoginResponse (a new token; all old
                                                       ones are revoked)
DELETE /api/v1/admin/users/{user_id}/sessions       -> SessionsEnded (admin)

A failed login or a wrong current password counts against the login brake: too many and
the server answers 429 `too_many_attempts` with a Retry-After header (seconds).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

MIN_PASSWORD_LENGTH = 8


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="ignore")

    current_password: Annotated[str, Field(min_length=1, max_length=256)]
    new_password: Annotated[str, Field(min_length=MIN_PASSWORD_LENGTH, max_length=256)]


class SessionsEnded(BaseModel):
    model_config = ConfigDict(extra="ignore")

    revoked: Annotated[int, Field(ge=0)]
