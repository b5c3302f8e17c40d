"""The one phone normaliser (wire/phones.py): every way a data team writes a mainland
mobile number gives the same E.164 form, on the server and in the desktop's digest."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wire.phones import PhoneError, normalise_phone
from wire.schema import phone_hash

WIDE = {str(d): chr(0xFF10 + d) for d in range(10)}  # full-width digits
INVISIBLE = ["\u200b", "\u00a0", "\ufeff", "\u00ad", "\u2060", "\u200e", "\u3000", "\t"]
SEPARATORS = ["", " ", "-", "\u2013", "\uff0d", "\u00a0"]
PREFIXES = ["", "+86", "+86 ", "0086", "0086-", "86", "\uff0b86 ", "(+86) "]
# valid mainland mobile numbers: a valid prefix and any 6 digits
MOBILE = st.builds(lambda p, rest: p + rest,
                   st.sampled_from(["137", "138", "139", "150", "186", "199", "177"])
                   .flatmap(lambda p: st.just(p + "12")),
                   st.text("0123456789", min_size=6, max_size=6))


def _messy(number: str, draw: st.DrawFn) -> str:
    out = []
    for ch in number:
        out.append(WIDE[ch] if draw(st.booleans()) else ch)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(SEPARATORS + INVISIBLE)))
    body = "".join(out)
    if draw(st.booleans()):
        body = f"({body[:3]}){body[3:]}"
    return draw(st.sampled_from(PREFIXES)) + body + draw(st.sampled_from(["", " ", "\ufeff"]))


@st.composite
def written(draw: st.DrawFn) -> tuple[str, str]:
    number = draw(MOBILE)
    return number, _messy(number, draw)


@settings(max_examples=300, deadline=None)
@given(written())
def test_every_spelling_gives_one_e164(case: tuple[str, str]) -> None:
    number, text = case
    assert normalise_phone(text) == "+86" + number
    assert phone_hash(text) == phone_hash("+86" + number)


# Built, not filtered: a filter dropping 9 examples in 10 tripped Hypothesis's health
# checks on a loaded machine (a failure that said nothing about phones).
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text("0123456789", min_size=10, max_size=10).map(lambda s: "1" + s))
def test_the_prefix_shortcut_agrees_with_phonenumbers(number: str) -> None:
    try:
        num = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:  # e.g. 179xx00...: an IDD prefix
        want = None
    else:
        want = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164) \
            if phonenumbers.is_valid_number(num) else None
    try:
        got: str | None = normalise_phone(number)
    except PhoneError:
        got = None
    assert got == want


@pytest.mark.parametrize("text", ["137１２３４5002", "+86 137 1234 5002", "0086 137-1234-5002",
                                  "8613712345002", "１３７１２３４５００２", "\ufeff13712345002",
                                  "137\u200b1234\u00ad5002", "(137) 1234 5002"])
def test_the_issue_spellings(text: str) -> None:
    assert normalise_phone(text) == "+8613712345002"


@pytest.mark.parametrize("text", ["", "\u200b", "abc", "12345", "١٣٧١٢٣٤٥٠٠٢x", "137123450021234"])
def test_not_numbers_are_refused(text: str) -> None:
    with pytest.raises(PhoneError):
        normalise_phone(text)


def test_other_countries_and_landlines() -> None:
    assert normalise_phone("+1 650 253 0000") == "+16502530000"
    assert normalise_phone("010-1234 5678") == "+861012345678"
    assert normalise_phone("2025550123", "US") == "+12025550123"
