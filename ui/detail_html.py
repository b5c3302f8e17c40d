"""Read-only customer views rendered as HTML: profile, contact history, ranked offers.

Pure functions of a CustomerDetail (plus the language), every value escaped, so the
panels stay simple QTextBrowsers and the rendering is tested without a window.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from PySide6.QtCore import QCoreApplication

from app.views import CustomerDetail
from ui import i18n, labels


def _t(text: str) -> str:
    return QCoreApplication.translate("CustomerView", text)


def _tn(text: str, n: int) -> str:
    return QCoreApplication.translate("CustomerView", text, "", n)


def stars(level: int) -> str:
    level = max(0, min(5, level))
    return "★" * level + "☆" * (5 - level)


def tenure(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return _tn("%n year(s)", years) + " " + _tn("%n month(s)", rest)
    if years:
        return _tn("%n year(s)", years)
    return _tn("%n month(s)", rest)


def data_size(mb: float) -> str:
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def yuan(amount: float) -> str:
    return f"¥{amount:,.2f}"


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "".join(
        f"<tr><td class='k'>{escape(k)}</td><td class='v'>{v}</td></tr>" for k, v in pairs
    )


def _section(title: str, pairs: list[tuple[str, str]]) -> str:
    return f"<h3>{escape(title)}</h3><table class='kv' cellspacing='0'>{_rows(pairs)}</table>"


CSS = """
<style>
body { font-size: 10pt; color: #1f2430; }
h3 { color: #1d4e89; font-size: 10.5pt; margin-top: 12px; margin-bottom: 4px; }
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
        (_t("Phone"), v(c.phone)),
        (_t("Region"), v(c.region)),
        (_t("Customer's local time"), f"{v(local)} <span class='muted'>({v(c.timezone)})</span>"),
        (_t("Preferred channel"), v(chans.get(c.preferred_channel, c.preferred_channel))),
        (_t("Consent basis"), v(c.consent_basis or "-")),
    ]
    value = [
        (_t("Star level"), f"<span style='color:#c98a00'>{stars(c.star_level)}</span> "
                           f"({c.star_level})"),
        (_t("VIP"), f"<span class='badge'>{v(_t('VIP'))}</span>" if c.vip else v(_t("No"))),
        (_t("Value score / tier"), f"{c.value_score} / {v(c.value_tier.value)}"),
        (_t("Tenure in network"), v(tenure(c.tenure_months))),
        (_t("ARPU (3 months)"), v(yuan(c.arpu_yuan))),
        (_t("Lifecycle stage"), v(c.lifecycle_stage or "-")),
        (_t("Arrears / credit"), f"{v(yuan(c.arrears_yuan))} / {v(c.credit_class or '-')}"),
        (_t("Complaints"), str(c.complaints)),
    ]
    plan = [
        (_t("Plan"), f"<b>{v(c.plan_name)}</b>"),
        (_t("Included"), v(_t("%1 min, %2 data").replace("%1", str(c.plan_minutes))
                           .replace("%2", data_size(c.plan_data_mb)))),
        (_t("Plan fit"), v(fits.get(c.plan_fit, c.plan_fit))),
        (_t("Contract end"), v(c.contract_end.isoformat() if c.contract_end else "-")),
        (_t("Handset"), v(c.handset or "-")),
        (_t("Network"), v(c.network_gen or "-")),
        (_t("Value-added services"), v(", ".join(c.value_added_services) or "-")),
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
    heads = [_t("Month"), _t("Data in plan"), _t("Data out of plan"), _t("Minutes in plan"),
             _t("Minutes out of plan"), _t("Spend")]
    usage_table = (
        f"<h3>{v(_t('Usage, last 3 months'))}</h3>"
        "<table class='usage' cellspacing='0'><tr>"
        + "".join(f"<th>{v(h)}</th>" for h in heads)
        + "</tr>" + usage + "</table>"
        if c.usage else ""
    )
    return (
        CSS
        + "<table width='100%'><tr><td valign='top' width='50%'>"
        + _section(_t("Contact"), contact) + _section(_t("Value"), value)
        + "</td><td valign='top'>"
        + _section(_t("Plan and handset"), plan)
        + "</td></tr></table>"
        + usage_table
    )


def history_html(d: CustomerDetail) -> str:
    if not d.history:
        return CSS + f"<p class='muted'>{escape(_t('No earlier contact.'))}</p>"
    dispositions = labels.dispositions()
    parts = [CSS]
    for h in d.history:
        when = h.at.astimezone().strftime("%Y-%m-%d %H:%M")
        outcome = dispositions.get(h.disposition, h.disposition.value)
        extra = []
        if h.objection:
            extra.append(_t("objection: %1").replace("%1", labels.objection(h.objection)))
        if h.offer_code:
            extra.append(_t("offer: %1").replace("%1", h.offer_code))
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
        return CSS + f"<p class='muted'>{escape(_t('No offer is recommended.'))}</p>"
    zh = i18n.is_chinese()
    parts = [CSS]
    for o in d.offers:
        name = (o.offer.name_zh or o.offer.name) if zh else o.offer.name
        reason = (o.reason_zh or o.reason) if zh else o.reason
        points = (o.offer.selling_points_zh or o.offer.selling_points) if zh \
            else o.offer.selling_points
        term = (_tn("%n month(s)", o.offer.term_months) if o.offer.term_months
                else _t("no fixed term"))
        parts.append(
            "<p style='margin:0 0 12px 0'>"
            f"<span class='rank'>&nbsp;{o.rank}&nbsp;</span> "
            f"<b style='font-size:11pt'>{escape(name)}</b> &nbsp; "
            f"<span class='muted'>{escape(yuan(o.offer.price_yuan))} · {escape(term)}</span><br>"
            f"<span class='reason'>{escape(_t('Why: '))}{escape(reason)}</span>"
            + (f"<br><span class='muted'>{escape(points)}</span>" if points else "")
            + "</p>"
        )
    return "".join(parts)


def now_utc() -> datetime:
    return datetime.now(UTC)
