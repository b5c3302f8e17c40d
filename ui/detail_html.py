"""Read-only customer views: the profile's facts, the contact history and the ranked offers.

Pure functions of a CustomerDetail (plus the language), every value escaped, so the
panels stay simple and the rendering is tested without a window. The history and the
offers are HTML for QTextBrowsers; the profile is facts (`profile_facts`, `usage_cells`)
that ui/profile_view.py puts into labels it refills per customer (an HTML profile's
tables cost the UI thread 8 ms a customer), and `profile_html` renders as rich text.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Fact:
    """One line of the profile: its label, its value as plain text, and how it is marked
    ("plan", "stars", "vip" (a VIP badge), "zone" (the time zone after the local time))."""

    key: str
    value: str
    mark: str = ""


def profile_facts(d: CustomerDetail) -> list[tuple[str, list[Fact]]]:
    """The profile's sections in the order the pitch needs them, values as plain text:
    one source for the profile view (ui/profile_view.py) and for profile_html."""
    c = d.customer
    fits = labels.plan_fits()
    chans = labels.channels()
    vip = translate("Customer", "VIP")
    plan = [
        Fact(translate("Customer", "Plan"), c.plan_name, "plan"),
        Fact(translate("Customer", "Included"),
             translate("Customer", "%1 min, %2 data").replace("%1", str(c.plan_minutes))
             .replace("%2", data_size(c.plan_data_mb))),
        Fact(translate("Customer", "Plan fit"), fits.get(c.plan_fit, c.plan_fit)),
        Fact(translate("Customer", "Contract end"),
             c.contract_end.isoformat() if c.contract_end else "-"),
        Fact(translate("Customer", "Handset"), c.handset or "-"),
        Fact(translate("Customer", "Network"), c.network_gen or "-"),
        Fact(translate("Customer", "Value-added services"),
             ", ".join(c.value_added_services) or "-"),
    ]
    value = [
        Fact(translate("Customer", "Star level"), f"{stars(c.star_level)} ({c.star_level})",
             "stars"),
        Fact(vip, vip if c.vip else translate("Customer", "No"), "vip" if c.vip else ""),
        Fact(translate("Customer", "Value score / tier"),
             f"{c.value_score} / {c.value_tier.value}"),
        Fact(translate("Customer", "Tenure in network"), tenure(c.tenure_months)),
        Fact(translate("Customer", "ARPU (3 months)"), yuan(c.arpu_yuan)),
        Fact(translate("Customer", "Lifecycle stage"), c.lifecycle_stage or "-"),
        Fact(translate("Customer", "Arrears / credit"),
             f"{yuan(c.arrears_yuan)} / {c.credit_class or '-'}"),
        Fact(translate("Customer", "Complaints"), str(c.complaints)),
    ]
    contact = [
        Fact(translate("Customer", "Phone"), c.phone),
        Fact(translate("Customer", "Region"), c.region),
        Fact(translate("Customer", "Customer's local time"),
             f"{d.local_time.strftime('%H:%M')} ({c.timezone})", "zone"),
        Fact(translate("Customer", "Preferred channel"),
             chans.get(c.preferred_channel, c.preferred_channel)),
        Fact(translate("Customer", "Consent basis"), c.consent_basis or "-"),
    ]
    # --- issue 22: the segment fields script variants are chosen by ---
    contact += [
        Fact(translate("Customer", "Age band"), c.age_band or "-"),
        Fact(translate("Customer", "District / community"),
             " / ".join(x for x in (c.district, c.community) if x) or "-"),
    ]
    plan += [
        Fact(translate("Customer", "Broadband"), "-" if c.broadband_mbps is None else
             translate("Customer", "%1 Mbit/s").replace("%1", str(c.broadband_mbps))),
        Fact(translate("Customer", "Package history"),
             "; ".join(f"{p.since.isoformat()} {p.name}" for p in c.package_history) or "-"),
    ]
    # --- end of issue 22's rows ---
    # One column, what the pitch needs first: the profile shares the width with the
    # offers and the script while on a call.
    return [(translate("Customer", "Plan and handset"), plan),
            (translate("Customer", "Value"), value),
            (translate("Customer", "Contact"), contact)]


def usage_title() -> str:
    return translate("Customer", "Usage, last 3 months")


def usage_cells(d: CustomerDetail) -> tuple[list[str], list[list[tuple[str, bool]]]]:
    """The usage table: its column heads, and per month its cells (text, over the plan)."""
    heads = [
        translate("Customer", "Month"),
        translate("Customer", "Data in plan"),
        translate("Customer", "Data out of plan"),
        translate("Customer", "Minutes in plan"),
        translate("Customer", "Minutes out of plan"),
        translate("Customer", "Spend"),
    ]
    rows = [[(u.month, False), (data_size(u.data_mb_in_plan), False),
             (data_size(u.data_mb_out_of_plan), bool(u.data_mb_out_of_plan)),
             (str(u.minutes_in_plan), False),
             (str(u.minutes_out_of_plan), bool(u.minutes_out_of_plan)),
             (yuan(u.spend_yuan), False)]
            for u in d.customer.usage]
    return heads, rows


def _fact_html(f: Fact) -> str:
    v = escape(f.value)
    if f.mark == "plan":
        return f"<b>{v}</b>"
    if f.mark == "stars":
        return f"<span style='color:#c98a00'>{v}</span>"
    if f.mark == "vip":
        return f"<span class='badge'>{v}</span>"
    if f.mark == "zone" and " (" in f.value:
        time, zone = f.value.split(" (", 1)
        return f"{escape(time)} <span class='muted'>({escape(zone)}</span>"
    return v


def profile_html(d: CustomerDetail, now: datetime | None = None) -> str:
    """The profile as rich text (the same facts as the profile view shows)."""
    sections = [_section(title, [(f.key, _fact_html(f)) for f in facts])
                for title, facts in profile_facts(d)]
    heads, rows = usage_cells(d)
    usage_table = (
        f"<h3>{escape(usage_title())}</h3>"
        "<table class='usage' cellspacing='0'><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in heads)
        + "</tr>"
        + "".join("<tr>" + "".join(
            (f"<td style='text-align:left'>{escape(t)}</td>" if n == 0 else
             f"<td{' class=over' if over else ''}>{escape(t)}</td>")
            for n, (t, over) in enumerate(row)) + "</tr>" for row in rows)
        + "</table>"
        if rows
        else ""
    )
    return CSS + sections[0] + usage_table + "".join(sections[1:])


HISTORY_SHOWN = 30  # the latest contacts drawn at once; the rest behind a "show all" link
SHOW_ALL = "show-all"  # the link's address


def history_html(d: CustomerDetail, limit: int | None = None) -> str:
    """The contact history, newest first; with `limit`, only that many and a link to the
    rest (Tab reaches it in the view, Enter follows it)."""
    if not d.history:
        none = translate("Customer", "No earlier contact.")
        return CSS + f"<p class='muted'>{escape(none)}</p>"
    dispositions = labels.dispositions()
    parts = [CSS]
    shown = d.history if limit is None else d.history[:limit]
    if len(shown) < len(d.history):
        latest = (translate("Customer", "The latest %1 of %2 contacts.")
                  .replace("%1", str(len(shown))).replace("%2", str(len(d.history))))
        parts.append(f"<p class='muted'>{escape(latest)} <a href='{SHOW_ALL}'>"
                     f"{escape(translate('Customer', 'Show all'))}</a></p>")
    for h in shown:
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
