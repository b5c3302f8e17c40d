"""Read-only customer views rendered as HTML: profile, contact history, ranked offers.

Pure functions of a CustomerDetail (plus the language), every value escaped, so the
panels stay simple QTextBrowsers and the rendering is tested without a window.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication

from app.views import CustomerDetail
from ui import i18n, labels

translate = QCoreApplication.translate  # lupdate reads translate("Customer", "...")


def stars(level: int) -> str:
    level = max(0, min(5, level))
    return "★" * level + "☆" * (5 - level)


def tenure(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return (
            translate("Customer", "%n year(s)", "", years)
            + " "
            + translate("Customer", "%n month(s)", "", rest)
        )
    if years:
        return translate("Customer", "%n year(s)", "", years)
    return translate("Customer", "%n month(s)", "", rest)


def data_size(mb: float) -> str:
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def yuan(amount: float) -> str:
    return f"¥{amount:,.2f}"


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "".join(
        f"<tr><td class='k' valign='top'>{escape(k)}</td><td class='v' valign='top'>{v}</td></tr>"
        for k, v in pairs
    )


def _section(title: str, pairs: list[tuple[str, str]]) -> str:
    return f"<h3>{escape(title)}</h3><table class='kv' cellspacing='0'>{_rows(pairs)}</table>"


CSS = """
<style>
body { font-size: 10pt; color: #1f2430; }
h3 { color: #1d4e89; font-size: 10.5pt; margin-top: 8px; margin-bottom: 3px; }
td.k { color: #5a6272; padding: 2px 14px 2px 0; white-space: nowrap; }
td.v { color: #1f2430; padding: 2px 0; }
table.usage td, table.usage th { padding: 3px 10px; border-bottom: 1px solid #e3e6eb; }
table.usage th { background: #eef2f7; color: #3a4354; text-align: right; }
table.usage td { text-align: right; }
.over { color: #b3261e; font-weight: bold; }
.muted { color: #6b7280; }
.when { color: #1d4e89; font-weight: bold; }
.outcome { font-weight: bold; }
.reason { color: #1f2430; }
.rank { color: #ffffff; background: #1d4e89; padding: 1px 6px; }
.badge { color: #7a4b00; background: #ffe8a3; padding: 1px 6px; }
</style>
"""


def profile_html(d: CustomerDetail, now: datetime | None = None) -> str:
    c = d.customer
    v = escape
    fits = labels.plan_fits()
    chans = labels.channels()
    local = d.local_time.strftime("%H:%M")
    contact = [
        (translate("Customer", "Phone"), v(c.phone)),
        (translate("Customer", "Region"), v(c.region)),
        (
            translate("Customer", "Customer's local time"),
            f"{v(local)} <span class='muted'>({v(c.timezone)})</span>",
        ),
        (
            translate("Customer", "Preferred channel"),
            v(chans.get(c.preferred_channel, c.preferred_channel)),
        ),
        (translate("Customer", "Consent basis"), v(c.consent_basis or "-")),
    ]
    vip = translate("Customer", "VIP")
    value = [
        (
            translate("Customer", "Star level"),
            f"<span style='color:#c98a00'>{stars(c.star_level)}</span> ({c.star_level})",
        ),
        (vip, f"<span class='badge'>{v(vip)}</span>" if c.vip else v(translate("Customer", "No"))),
        (translate("Customer", "Value score / tier"), f"{c.value_score} / {v(c.value_tier.value)}"),
        (translate("Customer", "Tenure in network"), v(tenure(c.tenure_months))),
        (translate("Customer", "ARPU (3 months)"), v(yuan(c.arpu_yuan))),
        (translate("Customer", "Lifecycle stage"), v(c.lifecycle_stage or "-")),
        (
            translate("Customer", "Arrears / credit"),
            f"{v(yuan(c.arrears_yuan))} / {v(c.credit_class or '-')}",
        ),
        (translate("Customer", "Complaints"), str(c.complaints)),
    ]
    plan = [
        (translate("Customer", "Plan"), f"<b>{v(c.plan_name)}</b>"),
        (
            translate("Customer", "Included"),
            v(
                translate("Customer", "%1 min, %2 data")
                .replace("%1", str(c.plan_minutes))
                .replace("%2", data_size(c.plan_data_mb))
            ),
        ),
        (translate("Customer", "Plan fit"), v(fits.get(c.plan_fit, c.plan_fit))),
        (
            translate("Customer", "Contract end"),
            v(c.contract_end.isoformat() if c.contract_end else "-"),
        ),
        (translate("Customer", "Handset"), v(c.handset or "-")),
        (translate("Customer", "Network"), v(c.network_gen or "-")),
        (
            translate("Customer", "Value-added services"),
            v(", ".join(c.value_added_services) or "-"),
        ),
    ]
    usage = "".join(
        "<tr>"
        f"<td style='text-align:left'>{v(u.month)}</td>"
        f"<td>{v(data_size(u.data_mb_in_plan))}</td>"
        f"<td{' class=over' if u.data_mb_out_of_plan else ''}>"
        f"{v(data_size(u.data_mb_out_of_plan))}</td>"
        f"<td>{u.minutes_in_plan}</td>"
        f"<td{' class=over' if u.minutes_out_of_plan else ''}>{u.minutes_out_of_plan}</td>"
        f"<td>{v(yuan(u.spend_yuan))}</td>"
        "</tr>"
        for u in c.usage
    )
    heads = [
        translate("Customer", "Month"),
        translate("Customer", "Data in plan"),
        translate("Customer", "Data out of plan"),
        translate("Customer", "Minutes in plan"),
        translate("Customer", "Minutes out of plan"),
        translate("Customer", "Spend"),
    ]
    usage_title = translate("Customer", "Usage, last 3 months")
    usage_table = (
        f"<h3>{v(usage_title)}</h3>"
        "<table class='usage' cellspacing='0'><tr>"
        + "".join(f"<th>{v(h)}</th>" for h in heads)
        + "</tr>"
        + usage
        + "</table>"
        if c.usage
        else ""
    )
    # One column, what the pitch needs first: the profile shares the width with the
    # offers and the script while on a call.
    return (
        CSS
        + _section(translate("Customer", "Plan and handset"), plan)
        + usage_table
        + _section(translate("Customer", "Value"), value)
        + _section(translate("Customer", "Contact"), contact)
    )


def history_html(d: CustomerDetail) -> str:
    if not d.history:
        none = translate("Customer", "No earlier contact.")
        return CSS + f"<p class='muted'>{escape(none)}</p>"
    dispositions = labels.dispositions()
    parts = [CSS]
    for h in d.history:
        when = h.at.astimezone().strftime("%Y-%m-%d %H:%M")
        outcome = dispositions.get(h.disposition, h.disposition.value)
        extra = []
        if h.objection:
            extra.append(
                translate("Customer", "objection: %1").replace("%1", labels.objection(h.objection))
            )
        if h.offer_code:
            extra.append(translate("Customer", "offer: %1").replace("%1", h.offer_code))
        if h.order_state:
            extra.append(translate("Customer", "order: %1").replace(
                "%1", labels.order_states().get(h.order_state, h.order_state)))
        parts.append(
            "<p style='margin:0 0 10px 0'>"
            f"<span class='when'>{escape(when)}</span> &nbsp; "
            f"<span class='muted'>{escape(h.agent_name)} · {escape(h.campaign_code)}</span><br>"
            f"<span class='outcome'>{escape(outcome)}</span>"
            + (f" <span class='muted'>({escape('; '.join(extra))})</span>" if extra else "")
            + (f"<br>{escape(h.notes)}" if h.notes else "")
            + "</p>"
        )
    return "".join(parts)


def offers_html(d: CustomerDetail) -> str:
    if not d.offers:
        none = translate("Customer", "No offer is recommended.")
        return CSS + f"<p class='muted'>{escape(none)}</p>"
    zh = i18n.is_chinese()
    why = translate("Customer", "Why: ")
    parts = [CSS]
    for o in d.offers:
        name = (o.offer.name_zh or o.offer.name) if zh else o.offer.name
        reason = (o.reason_zh or o.reason) if zh else o.reason
        points = (
            (o.offer.selling_points_zh or o.offer.selling_points) if zh else o.offer.selling_points
        )
        term = (
            translate("Customer", "%n month(s)", "", o.offer.term_months)
            if o.offer.term_months
            else translate("Customer", "no fixed term")
        )
        parts.append(
            "<p style='margin:0 0 12px 0'>"
            f"<span class='rank'>&nbsp;{o.rank}&nbsp;</span> "
            f"<b style='font-size:11pt'>{escape(name)}</b> &nbsp; "
            f"<span class='muted'>{escape(yuan(o.offer.price_yuan))} · {escape(term)}</span><br>"
            f"<span class='reason'>{escape(why)}{escape(reason)}</span>"
            + (f"<br><span class='muted'>{escape(points)}</span>" if points else "")
            + "</p>"
        )
    return "".join(parts)
