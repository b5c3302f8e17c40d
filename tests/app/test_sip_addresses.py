"""Addresses the SIP dialer derives from its settings (no SIP stack needed)."""

from __future__ import annotations

from app.telephony.sip import SipAccount, _local_ip_towards, _resolve


def test_transfer_target_an_extension_goes_to_the_pbx_a_uri_as_it_is() -> None:
    acc = SipAccount(uri="sip:1001@pbx.example.com")
    assert acc.transfer_uri("8001") == "sip:8001@pbx.example.com"
    assert acc.transfer_uri("sip:verify@qa.example.com") == "sip:verify@qa.example.com"
    tests = SipAccount(uri="sip:a@127.0.0.1", dial_template="sip:{number}@127.0.0.1:5099")
    assert tests.transfer_uri("8001") == "sip:8001@127.0.0.1:5099"


def test_the_registrar_is_resolved_once_and_the_route_checked_without_dns() -> None:
    assert _resolve("sip:127.0.0.1:5099;transport=tcp") == ("127.0.0.1", 5099)
    assert _resolve("sip:localhost") == ("127.0.0.1", 5060)
    assert _resolve("sip:no-such-host.invalid") is None
    assert _local_ip_towards(("127.0.0.1", 5060)) == "127.0.0.1"
