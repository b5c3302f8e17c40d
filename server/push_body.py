"""The body of POST /sync/push, read so that one bad action never sinks its batch.

The envelope (`{"actions": [...]}`, at most MAX_PUSH_BATCH) is validated as a whole; each
action is then validated alone. An action that is not valid becomes an `InvalidAction`
in its position, and the push answers it `rejected` (`invalid_action`, with a message
naming the fields) while the others are judged and stored as usual.

Validation stays in pydantic's compiled validator, built once with the route: a wrap
validator around the discriminated union only catches its error. The OpenAPI description
still shows the union (the wrap keeps the inner schema).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, ValidationError, ValidatorFunctionWrapHandler, WrapValidator

from wire.rejection import Rejection
from wire.schema import MAX_PUSH_BATCH, Model, PushAction

KINDS = ("outcome", "dnc", "agent_state")
MAX_ERRORS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class InvalidAction:
    """A pushed element that is not a valid action. `action_id` is the one it carried when
    that could be read (a string of 8-64 characters without NUL), else "" (`readable`
    false: the rejection is answered in its position but cannot be stored)."""

    action_id: str
    kind: str  # the kind it claimed when known, else "invalid" (stored with the answer)
    message: str
    readable: bool

    code = Rejection.INVALID_ACTION


def _readable_id(raw: Any) -> str | None:
    value = raw.get("action_id") if isinstance(raw, dict) else None
    if isinstance(value, str) and 8 <= len(value) <= 64 and "\x00" not in value:
        return value
    return None


def _message(exc: ValidationError) -> str:
    parts = []
    errors = exc.errors(include_url=False, include_input=False)
    for err in errors[:MAX_ERRORS_SHOWN]:
        # The union's tag ("outcome", "dnc"...) is not a field the sender wrote.
        loc = [str(p) for p in err.get("loc", ()) if p not in KINDS]
        parts.append(f"{'.'.join(loc) or 'action'}: {err.get('msg', 'invalid')}")
    more = len(errors) - MAX_ERRORS_SHOWN
    return "This action is not valid: " + "; ".join(parts) + (
        f" (and {more} more)" if more > 0 else "")


def invalid(raw: Any, exc: ValidationError) -> InvalidAction:
    action_id = _readable_id(raw)
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if action_id is None:
        shown = raw.get("action_id") if isinstance(raw, dict) else None
        return InvalidAction(action_id=shown[:64] if isinstance(shown, str) else "",
                             kind="invalid", message=_message(exc), readable=False)
    return InvalidAction(action_id=action_id, kind=kind if kind in KINDS else "invalid",
                         message=_message(exc), readable=True)


def _each_alone(raw: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(raw)
    except ValidationError as exc:
        return invalid(raw, exc)


# Typed as the union for the schema; at run time an element may be an InvalidAction.
LenientAction = Annotated[PushAction, WrapValidator(_each_alone)]


class PushBatch(Model):
    """The server's reading of wire.schema.PushRequest (same JSON, same schema)."""

    actions: list[LenientAction] = Field(max_length=MAX_PUSH_BATCH)

    def read(self) -> list[PushAction | InvalidAction]:
        return list(self.actions)
