"""Placing calls: the `Dialer` seam and its adapters (no Qt here).

- `tel.TelDialer`: hands the number to the operating system's tel: handler (a softphone
  the agent runs); the call's life is then whatever the agent presses (F5 ... F6).
- `sip.SipDialer`: an embedded SIP user agent (PJSIP through pjsua2, the optional `sip`
  extra); it reports the call's progress as typed `CallEvent`s.
- `session.GatedCall`: every call through the dial gate (QueueService.start_call) first,
  then the dialer; call events end the live call and pre-fill no-contact outcomes; the
  campaign's ring timeout and transfer target; the presence each event puts the agent in.
- `pacing.Pacer`: the campaign's dialling mode (preview / progressive countdown) and
  wrap-up limit, on the server's clock.
- `backoff.Backoff`: when to register again after the registrar or the network was lost.

docs/telephony.md says why PJSIP and how a centre connects its PBX.
"""

from app.telephony.events import CallEvent, CallEventKind, Registration, no_contact_disposition
from app.telephony.port import Dialer

__all__ = ["CallEvent", "CallEventKind", "Dialer", "Registration", "no_contact_disposition"]
