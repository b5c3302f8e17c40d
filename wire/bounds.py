"""Bounded types for everything a client sends: text without NUL, dates in a sane range,
counts that fit a 32-bit column, finite floats.

The request models of wire/ (and the server's query parameters) use these, so a value no
database column or date arithmetic can hold is refused at the door with a 422 (or, inside
a push, a `rejected` answer for that one action) instead of failing deep in a query with a
500. PostgreSQL refuses NUL in text outright, SQLite would store it: refusing it in the
wire keeps both databases alike.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import AfterValidator, Field, WithJsonSchema

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 1, 1)  # exclusive
MAX_INT32 = 2**31 - 1  # an Integer column on PostgreSQL
MAX_CURSOR = 2**53  # a change-feed cursor (BigInteger; and exact in a JSON number)
MAX_CALL_SECONDS = 24 * 3600
MAX_CLOCK_OFFSET_SECONDS = 10 * 366 * 24 * 3600  # a desktop clock ten years off
MAX_DAYS_BACK = 3660  # ten years of history
MAX_WEIGHT = 1000.0


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def no_nul(value: str) -> str:
    """Text a database can store: no NUL, and no lone surrogate (JSON's "\\ud800" parses
    to one, and no UTF-8 encoder takes it)."""
    bad = _UNSTORABLE.search(value)
    if bad is not None:
        raise ValueError("must not contain a NUL character" if bad.group() == "\x00"
                         else "must be valid Unicode text (a lone surrogate was sent)")
    return value


def no_nul_deep(value: Any) -> Any:
    """NUL refused in every string of a JSON value (keys included), e.g. a rule table."""
    if isinstance(value, str):
        no_nul(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            no_nul_deep(k)
            no_nul_deep(v)
    elif isinstance(value, list):
        for v in value:
            no_nul_deep(v)
    return value


def _day_in_range(value: date) -> date:
    if not FIRST_DAY <= value < LAST_DAY:
        raise ValueError(f"must be from {FIRST_DAY.isoformat()} to before {LAST_DAY.isoformat()}")
    return value


def _time_in_range(value: datetime) -> datetime:
    _day_in_range(value.date())
    return value


def text_codec(name: str) -> str:
    """A codec name Python knows that decodes bytes to text (not rot13, base64, zlib...)."""
    no_nul(name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{name!r} is not a text encoding")
    return name


# Text of any length without NUL; add Field(max_length=...) where a column limits it.
Text = Annotated[str, AfterValidator(no_nul)]
NoNulDeep = AfterValidator(no_nul_deep)  # Annotated[dict[str, Any], NoNulDeep]
Day = Annotated[date, AfterValidator(_day_in_range)]
Timestamp = Annotated[datetime, AfterValidator(_time_in_range)]
Count = Annotated[int, Field(ge=0, le=MAX_INT32)]
CallSeconds = Annotated[int, Field(ge=0, le=MAX_CALL_SECONDS)]
Cursor = Annotated[int, Field(ge=0, le=MAX_CURSOR)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0, le=MAX_WEIGHT, allow_inf_nan=False)]
Encoding = Annotated[str, AfterValidator(text_codec)]

# A wall-clock time without a zone (a calling window in the customer's local time).
# JSON Schema's "time" format demands an offset; this pattern says what is really sent.
LocalTime = Annotated[time, WithJsonSchema({
    "type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
    "description": "HH:MM[:SS], local time without a zone"})]
