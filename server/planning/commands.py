"""The planning subcommands of `callsheet-server` (registered by server.cli)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from server.db import DB_HELP, default_database_url, make_engine, upgrade
from server.errors import ApiError
from server.orm import session_factory
from server.planning.reading import Unreadable

T = TypeVar("T")


@contextmanager
def _session(args: argparse.Namespace) -> Iterator[Session]:
    url = args.database_url or default_database_url()
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            yield s
    finally:
        engine.dispose()


def _run(args: argparse.Namespace, work: Callable[[Session], T],
         show: Callable[[T], None]) -> int:
    """One transaction: committed when `work` succeeds, rolled back on any error."""
    from server.planning.offers_rules import RulesError
    from server.planning.scripts_io import ScriptInvalid

    try:
        with _session(args) as s:
            out = work(s)
            if getattr(args, "dry_run", False):
                s.rollback()
            else:
                s.commit()
    except (Unreadable, RulesError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ScriptInvalid as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ApiError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    show(out)
    return 0


def _today(args: argparse.Namespace) -> date:
    return date.fromisoformat(args.today) if args.today else date.today()


def _import_customers(args: argparse.Namespace) -> int:
    from server.planning.importing import ImportResult, Mapping, import_customers

    def show(r: ImportResult) -> None:
        print(r.summary())
        if r.report:
            print(f"Rejected rows (line, reason) written to {r.report}")

    def announce(blanked: list[str]) -> None:
        if blanked:
            print("--replace: customers already on file lose what the file does not have; "
                  f"these columns are blanked: {', '.join(blanked)}", file=sys.stderr)

    return _run(args, lambda s: import_customers(
        s, Path(args.file), encoding=args.encoding,
        mapping=Mapping.load(Path(args.mapping) if args.mapping else None),
        today=_today(args), report=Path(args.errors) if args.errors else None,
        workers=args.workers, replace=args.replace, decimal_comma=args.decimal_comma,
        announce=announce), show)


def _import_dnc(args: argparse.Namespace) -> int:
    from server.planning.dnc_io import DncResult, import_dnc

    def show(r: DncResult) -> None:
        print(r.summary())
        if r.report:
            print(f"Rejected rows (line, reason) written to {r.report}")

    return _run(args, lambda s: import_dnc(s, Path(args.file), source=args.source,
                                           encoding=args.encoding,
                                           report=Path(args.errors) if args.errors else None),
                show)


def _export_dnc(args: argparse.Namespace) -> int:
    from server.planning.dnc_io import export_dnc

    with _session(args) as s:
        if args.out:
            with open(args.out, "w", encoding="utf-8-sig", newline="") as fh:  # for Excel
                n = export_dnc(s, fh, masked=args.masked)
            print(f"{n} do-not-call numbers written to {args.out}")
        else:
            export_dnc(s, sys.stdout, masked=args.masked)
    return 0


def _rules(args: argparse.Namespace) -> dict[str, object]:
    from server.planning import offers_rules

    if args.rules:
        rules = offers_rules.load(Path(args.rules))
        if rules["campaign"]["code"] != args.campaign:
            raise offers_rules.RulesError(
                f"{args.rules} is for campaign {rules['campaign']['code']}, not {args.campaign}")
        return rules
    return offers_rules.builtin(args.campaign)


def _plan(args: argparse.Namespace) -> int:
    from server.planning.targeting import PlanResult, plan_campaign

    def show(r: PlanResult) -> None:
        print(f"Campaign {r.campaign_code}" + (" (dry run: nothing saved)" if r.dry_run else
                                               f" (plan {r.plan_id})"))
        if r.churn_model is not None:
            print(f"Churn model: {r.churn_model}")
        print(r.funnel_text())
        if r.tasks_opened:  # issue 22
            print(f"{r.tasks_opened} cause-analysis tasks opened for account managers")
        for t in r.targets[: args.show]:
            top = t["recommendations"][0]
            print(f"  prio {t['priority']:>3}  {t['customer_id'][:8]}  {top['reason']}")

    return _run(args, lambda s: plan_campaign(
        s, _rules(args), dry_run=args.dry_run, today=_today(args),
        contacted_within_days=args.contacted_within_days), show)


def _weights(text: str | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in (text or "").split(","):
        if part.strip():
            name, _, w = part.partition("=")
            out[name.strip()] = float(w or 1)
    return out


def _assign(args: argparse.Namespace) -> int:
    from server.planning.assign import AssignResult, assign_campaign

    def show(r: AssignResult) -> None:
        print(r.summary())

    return _run(args, lambda s: assign_campaign(s, args.campaign, args.team,
                                                weights=_weights(args.weights),
                                                limit=args.limit), show)


def _user_id(s: Session, username: str) -> str:
    from sqlalchemy import select

    from server import models as m

    uid = s.scalar(select(m.User.id).where(m.User.username == username))
    if uid is None:
        raise ApiError(404, "not_found", f"No user {username!r}.")
    return str(uid)


def _submit_plan(args: argparse.Namespace) -> int:
    from server.planning import approval
    from wire.campaign_loop import PlanStatus

    def show(r: PlanStatus) -> None:
        print(f"Plan {r.plan_id} of {r.campaign_code}: {r.status} by {r.submitted_by}")

    return _run(args, lambda s: approval.submit(s, args.plan, actor_id=_user_id(s, args.by),
                                                note=args.note), show)


def _review_plan(args: argparse.Namespace) -> int:
    from server.planning import approval
    from wire.campaign_loop import PlanStatus

    def show(r: PlanStatus) -> None:
        print(f"Plan {r.plan_id} of {r.campaign_code}: {r.status} by {r.reviewed_by}"
              + (f" ({r.comment})" if r.comment else ""))

    if args.decision == "reject" and not args.comment.strip():
        print("error: a rejection needs --comment saying why", file=sys.stderr)
        return 2
    return _run(args, lambda s: approval.review(
        s, args.plan, actor_id=_user_id(s, args.by), decision=args.decision,
        comment=args.comment), show)


def _train_churn(args: argparse.Namespace) -> int:
    from server.planning.churn import NotEnoughData, TrainResult, train

    def show(r: TrainResult) -> None:
        mt = r.metrics
        base = mt["churn_rate_test"]
        left = mt["tree"]["tp"] + mt["tree"]["fn"]
        print(f"Churn model {r.model_id}: features from usage months m1-m2, label = left in "
              f"m3 or since; current customers are scored on m2-m3")
        print(f"  trained on {mt['n_train']} customers, held out {mt['n_test']} (split by "
              f"customer, stratified); {left} of the held-out left: base rate {base:.1%}, "
              f"so flagging everyone scores precision {base:.3f}, recall 1.000")
        for name in ("tree", "spend_drop_rule"):
            x = mt[name]
            print(f"  {name:<16} precision {x['precision']:.3f}  recall {x['recall']:.3f}  "
                  f"AUC {x['auc']:.3f}  lift {x['lift']:.1f}x  "
                  f"(tp {x['tp']}, fp {x['fp']}, fn {x['fn']})")
        print(f"  not used: {mt['left_before_window']} who left before m3 began, "
              f"{mt['too_few_months']} with fewer than three usage months")
        print(r.tree.rules_text())

    try:
        return _run(args, lambda s: train(s, today=_today(args), max_depth=args.max_depth),
                    show)
    except NotEnoughData as exc:  # pragma: no cover - _run maps ValueError already
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _dialling(args: argparse.Namespace) -> int:
    from server.planning.dialling import set_dialling
    from wire.planning import DiallingEdit, DiallingSettings

    def show(r: DiallingSettings) -> None:
        print(f"Campaign {r.code}: {r.dial_mode}, countdown {r.progressive_delay_s} s, "
              f"wrap-up limit {r.wrap_up_limit_s or 'none'}"
              f"{' s' if r.wrap_up_limit_s else ''}, ring timeout {r.ring_timeout_s} s, "
              f"transfer to {r.transfer_target or '(none)'}, "
              + (f"calls recorded, kept {r.recording_retention_days} days past the contract"
                 if r.record_calls else "calls not recorded"))

    def work(s: Session) -> DiallingSettings:
        edit = DiallingEdit(dial_mode=args.mode, progressive_delay_s=args.countdown,
                            wrap_up_limit_s=args.wrap_up_limit, ring_timeout_s=args.ring_timeout,
                            transfer_target=args.transfer_to, record_calls=args.record,
                            recording_retention_days=args.recording_retention_days)
        return set_dialling(s, args.campaign, edit)

    return _run(args, work, show)


def _publish_script(args: argparse.Namespace) -> int:
    from server.planning.scripts_io import Published, publish

    def show(r: Published) -> None:
        print(f"Script for {r.campaign_code} published as version {r.version} "
              f"({r.steps} steps)")

    return _run(args, lambda s: publish(s, Path(args.file)), show)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def p(name: str, help_: str, fn: Callable[[argparse.Namespace], int]) \
            -> argparse.ArgumentParser:
        ap = sub.add_parser(name, help=help_)
        ap.add_argument("--database-url", help=DB_HELP)
        ap.set_defaults(func=fn)
        return ap

    a = p("import-customers", "import customers from CSV or XLSX (docs/planning.md)",
          _import_customers)
    a.add_argument("file")
    a.add_argument("--encoding", help="e.g. gbk (default: UTF-8, a BOM is detected)")
    a.add_argument("--mapping", help="YAML mapping file for another column layout")
    a.add_argument("--errors", help="error report path (default: FILE.errors.csv)")
    a.add_argument("--workers", type=int, default=0,
                   help="processes reading and checking rows (default 0: one per core, "
                        "at most 3, for a CSV file of 16 MB or more; 1: none)")
    a.add_argument("--replace", action="store_true",
                   help="customers on file: blank the columns the file does not have "
                        "(default: keep them)")
    a.add_argument("--decimal-comma", action="store_true",
                   help="numbers are written 58,5 (default: a comma only groups thousands)")
    a.add_argument("--today", help=argparse.SUPPRESS)
    d = p("import-dnc", "add numbers to the do-not-call list", _import_dnc)
    d.add_argument("file")
    d.add_argument("--source", default="registry", choices=["registry", "complaint", "admin"])
    d.add_argument("--encoding")
    d.add_argument("--errors")
    e = p("export-dnc", "write the do-not-call list as CSV", _export_dnc)
    e.add_argument("--out", help="file (default: standard output)")
    e.add_argument("--masked", action="store_true", help="mask the numbers")
    c = p("plan-campaign", "segment, filter, exclude and match offers; print the funnel",
          _plan)
    c.add_argument("campaign")
    c.add_argument("--rules", help="rule table (YAML); default: the built-in one")
    c.add_argument("--dry-run", action="store_true", help="print the funnel, save nothing")
    c.add_argument("--contacted-within-days", type=int)
    c.add_argument("--show", type=int, default=5, help="targets to print")
    c.add_argument("--today", help=argparse.SUPPRESS)
    s = p("assign", "put a campaign's planned targets on a team's agents' lists", _assign)
    s.add_argument("campaign")
    s.add_argument("--team", required=True)
    s.add_argument("--weights", help="e.g. agent01=2,agent02=1 (default: even)")
    s.add_argument("--limit", type=int)
    sp = p("submit-plan", "submit a plan for approval (docs/planning.md, the campaign loop)",
           _submit_plan)
    sp.add_argument("plan", help="the plan id plan-campaign printed")
    sp.add_argument("--by", required=True, help="the submitter's username")
    sp.add_argument("--note", default="")
    rp = p("review-plan", "approve or reject a submitted plan: a second person, not the "
           "submitter", _review_plan)
    rp.add_argument("plan")
    rp.add_argument("decision", choices=["approve", "reject"])
    rp.add_argument("--by", required=True, help="the reviewer's username")
    rp.add_argument("--comment", default="", help="required for a rejection")
    t = p("train-churn", "train the churn decision tree; print precision and recall",
          _train_churn)
    t.add_argument("--max-depth", type=int, default=4)
    t.add_argument("--today", help=argparse.SUPPRESS)
    g = p("campaign-dialling", "show or set a campaign's dialling: mode, countdown, "
          "wrap-up limit, ring timeout, transfer target (docs/telephony.md)", _dialling)
    g.add_argument("campaign")
    g.add_argument("--mode", choices=["preview", "progressive"])
    g.add_argument("--countdown", type=int, help="seconds before a progressive dial (0-120)")
    g.add_argument("--wrap-up-limit", type=int, help="seconds of wrap-up (0: no limit)")
    g.add_argument("--ring-timeout", type=int, help="seconds of ringing before no answer")
    g.add_argument("--transfer-to", help="verifier/supervisor extension or SIP URI "
                                         "(\"\" clears it)")
    g.add_argument("--record", action=argparse.BooleanOptionalAction, default=None,
                   help="record the campaign's calls (the script then announces it)")
    g.add_argument("--recording-retention-days", type=int,
                   help="days a recording is kept past the contract's end (30-3650)")
    w = p("publish-script", "validate a script file (YAML, or Markdown: .md) and publish "
          "it as a new version", _publish_script)
    w.add_argument("file", help="a .yaml/.yml or .md/.markdown script (docs/planning.md)")
