"""The one phone normaliser, shared by the server (customer import, DNC import, the API)
and the desktop (the do-not-call digest, `wire.schema.phone_hash`).

A number as a data team writes it becomes E.164 (`+8613712345002`) in three steps:

1. NFKC, so full-width digits, plus signs and brackets, and the no-break or ideographic
   space become their plain forms (`137１２３４5002` -> `13712345002`);
2. every invisible mark (Unicode category Cf: zero-width space, BOM, soft hyphen, word
   joiner, direction marks), all whitespace and dashes are dropped;
3. the `phonenumbers` library (libphonenumber) reads it, in `region` (CN unless the
   number says otherwise: `+86`, `0086` or a bare `86` before a mainland mobile).

The common case, an 11-digit mainland mobile number, is validated once per prefix:
libphonenumber's CN mobile patterns fix at most the first 5 digits (7 for 179), the rest
are free, so the answer for one number is its prefix's answer (a test compares this with
a full parse).
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

__all__ = ["PhoneError", "clean_text", "normalise_phone"]

# Dashes NFKC leaves alone: hyphen, non-breaking hyphen, figure/en/em dash, minus.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DROP = re.compile(r"[\s" + re.escape(_DASHES) + r"]+")
_PREFIX_OK: dict[str, bool] = {}


class PhoneError(ValueError):
    """The text is not a valid phone number (the message never holds the number)."""


def clean_text(text: str) -> str:
    """NFKC and no invisible marks (category Cf); whitespace is kept (callers decide)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _mobile_prefix_ok(number: str) -> bool:
    """Validity of an 11-digit CN mobile number (1[3-9]...), decided once per prefix: the
    first 5 digits, or 7 for 179 (179xx00 reads as an international dialling prefix)."""
    key = number[:7] if number.startswith("179") else number[:5]
    ok = _PREFIX_OK.get(key)
    if ok is None:
        try:
            ok = phonenumbers.is_valid_number(phonenumbers.parse(number, "CN"))
        except phonenumbers.NumberParseException:
            ok = False  # e.g. 179xx00...: read as an international dialling prefix
        _PREFIX_OK[key] = ok
    return ok


def normalise_phone(raw: str, region: str = "CN") -> str:
    """E.164 form of a phone number; PhoneError when it is not a valid number."""
    if raw.isascii():  # the common case: ASCII digits with spaces or dashes at most
        s = raw.replace(" ", "").replace("-", "")
        if not (s.isdigit() or (s[:1] == "+" and s[1:].isdigit())):
            s = _DROP.sub("", s)
    else:  # "１".isdigit() is true too: full-width digits must go through NFKC first
        s = _DROP.sub("", clean_text(raw))
    if not s:
        raise PhoneError("phone: empty")
    if not s.isascii():  # letters or digits of other scripts NFKC did not fold
        raise PhoneError("phone: cannot be read as a number")
    digits = s
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86") and region == "CN":
        digits = digits[2:]
    if len(digits) == 11 and digits.isdigit() and digits[0] == "1" and digits[1] in "3456789" \
            and (region == "CN" or s != digits):
        if not _mobile_prefix_ok(digits):
            raise PhoneError("phone: not a valid number")
        return "+86" + digits
    try:
        num = phonenumbers.parse(s, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError("phone: cannot be read as a number") from exc
    if not phonenumbers.is_valid_number(num):
        raise PhoneError("phone: not a valid number")
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def canonical(phone: str) -> str:
    """The E.164 form when the text is a valid number, else the text as given (a digest
    of an unreadable number still has to be stable)."""
    if phone[:1] == "+" and phone[1:].isdigit() and phone.isascii():
        return phone  # already E.164: the hot path of every digest
    try:
        return normalise_phone(phone)
    except PhoneError:
        return phone
