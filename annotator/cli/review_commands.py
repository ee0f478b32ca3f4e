"""Review commands: assign, assignments, agreement, log, settings, people, gold."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from typing import Any

from annotator.cli.arguments import count, identifier
from annotator.cli.output import Printer
from annotator.core.errors import AnnotatorError, PermissionDeniedError
from annotator.core.model import LabelKind
from annotator.services import access, agreement, assignments, audit
from annotator.services.annotators import ROLES
from annotator.services.gold_init import init_gold
from annotator.services.review import ReviewService
from annotator.storage.database import Database

Handler = Callable[[Database, argparse.Namespace, Printer], int]
NONE = "-"
"""How an undefined value (NaN, null) is shown in tables."""


def identity_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``--as NAME``: who is acting (SQLite; on PostgreSQL the database login decides)."""
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="NAME",
        default=None if top else argparse.SUPPRESS,
        help=f"who you are (default: ${access.USER_ENV}; on PostgreSQL your database login)",
    )


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register the review commands on the ``annotator`` subparsers."""
    who = argparse.ArgumentParser(add_help=False)
    identity_option(who)
    parents = [common, who]

    assign = sub.add_parser(
        "assign", parents=parents, help="assign documents to annotators (reviewers)"
    )
    assign.add_argument("--annotators", nargs="+", required=True, metavar="NAME")
    assign.add_argument(
        "--per-document",
        type=int,
        default=1,
        metavar="N",
        help="annotators each document gets (default: 1)",
    )
    which = assign.add_mutually_exclusive_group(required=True)
    which.add_argument("--documents", nargs="+", type=identifier, metavar="ID")
    which.add_argument(
        "--all-unassigned",
        action="store_true",
        help="every document with fewer than N annotators assigned",
    )

    queues = sub.add_parser("assignments", parents=parents, help="annotators' queues")
    qsub = queues.add_subparsers(dest="assignments_command", metavar="ACTION", required=True)
    qlist = qsub.add_parser("list", parents=parents, help="list assignments")
    qlist.add_argument("--annotator", metavar="NAME")
    qlist.add_argument("--document", type=identifier, metavar="ID")
    qrm = qsub.add_parser("remove", parents=parents, help="take documents out of a queue")
    qrm.add_argument("annotator", metavar="NAME")
    qrm.add_argument("--documents", nargs="+", type=identifier, metavar="ID")

    agree = sub.add_parser("agreement", parents=parents, help="inter-annotator agreement")
    agree.add_argument("--json", action="store_true", help="unrounded JSON (NaN as null)")
    agree.add_argument("--label", nargs="+", action="extend", default=[], metavar="L")
    agree.add_argument("--annotators", nargs="+", metavar="NAME", help="'gold' compares to gold")
    agree.add_argument("--kind", choices=[k.value for k in LabelKind])

    log = sub.add_parser("log", parents=parents, help="the audit log: who did what and when")
    log.add_argument("--document", type=identifier, metavar="ID")
    log.add_argument("--actor", metavar="NAME")
    log.add_argument("--limit", type=count, default=0, help="the last N entries (0: all)")
    log.add_argument("--json", action="store_true", help="one JSON object per line")

    settings = sub.add_parser("settings", parents=parents, help="per-database settings")
    ssub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    ssub.add_parser("list", parents=parents, help="every setting and its value")
    sget = ssub.add_parser("get", parents=parents, help="one setting")
    sget.add_argument("key", choices=list(access.SETTINGS))
    sset = ssub.add_parser("set", parents=parents, help="change a setting")
    sset.add_argument("key", choices=list(access.SETTINGS))
    sset.add_argument("value")

    people = sub.add_parser("annotators", parents=parents, help="people and their roles")
    psub = people.add_subparsers(dest="annotators_command", metavar="ACTION", required=True)
    psub.add_parser("list", parents=parents, help="people, roles, layers, assignments")
    prole = psub.add_parser("role", parents=parents, help="make someone annotator or reviewer")
    prole.add_argument("name")
    prole.add_argument("role", choices=ROLES)

    gold = sub.add_parser("gold", parents=parents, help="the adjudicated layer (reviewers)")
    gsub = gold.add_subparsers(dest="gold_command", metavar="ACTION", required=True)
    ginit = gsub.add_parser(
        "init", parents=parents, help="start gold layers from the majority vote"
    )
    gwhich = ginit.add_mutually_exclusive_group(required=True)
    gwhich.add_argument("--documents", nargs="+", type=identifier, metavar="ID")
    gwhich.add_argument("--all", action="store_true", help="every document without gold yet")
    ginit.add_argument("--min-votes", type=int, metavar="N", help="default: more than half")
    gcomment = gsub.add_parser("comment", parents=parents, help="set a document's comment")
    gcomment.add_argument("document", type=identifier)
    gcomment.add_argument("text", help="the comment ('' removes it)")


def _acting(args: argparse.Namespace) -> str | None:
    """The name given with ``--as`` (or ``ANNOTATOR_USER``)."""
    return access.claimed_name(getattr(args, "acting", None))


def assign_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator assign``."""
    actor = access.resolve_actor(db, _acting(args))
    summary = assignments.assign(
        db,
        actor,
        args.annotators,
        args.per_document,
        document_ids=args.documents,
        all_unassigned=args.all_unassigned,
    )
    out.line(f"assigned {summary.documents} documents ({summary.added} assignments)")
    for name, load in summary.load.items():
        out.row(name, f"{load} documents assigned")
    return 0


def assignments_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator assignments list|remove``."""
    if args.assignments_command == "remove":
        actor = access.resolve_actor(db, _acting(args))
        removed = assignments.unassign(db, actor, args.annotator, args.documents)
        out.line(f"removed {removed} assignments of {args.annotator}")
        return 0
    # Blind mode: an annotator lists only their own assignments.
    owners = access.visible_owners(db, access.optional_actor(db, _acting(args)))
    annotator = args.annotator
    if owners is not None:
        (own,) = owners
        if annotator is not None and annotator != own:
            raise PermissionDeniedError(
                f"blind mode is on: {own} lists only their own assignments, not {annotator}'s"
            )
        annotator = own
    out.row("document", "annotator", "assigned_by", "assigned_at")
    offset, page = 0, 1000
    while True:
        rows = assignments.list_assignments(
            db, annotator=annotator, document_id=args.document, offset=offset, limit=page
        )
        for row in rows:
            out.row(row.document_id, row.annotator, row.assigned_by, row.assigned_at.isoformat())
        offset += len(rows)
        if len(rows) < page:
            return 0


def _shown(value: float | None) -> str:
    """A metric rounded for display; undefined as ``-``."""
    return NONE if value is None or math.isnan(value) else f"{value:.3f}"


def agreement_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator agreement``: a table by default, unrounded JSON with ``--json``."""
    actor = access.optional_actor(db, _acting(args))
    result = agreement.compute(
        db,
        actor=actor,
        annotators=args.annotators,
        labels=args.label or None,
        kind=LabelKind(args.kind) if args.kind else None,
    )
    if args.json:
        out.json_value(result.to_json())
        return 0
    report = result.report
    out.line(f"{result.documents} documents, annotators: {', '.join(report['annotators'])}")
    if len(report["annotators"]) < 2:
        out.line("agreement needs layers of at least two annotators")
        return 0
    out.row("a", "b", "label", "exact_f1", "overlap_f1", "kappa")
    for row in report["pairs"]:
        label = row["label"] if row["label"] is not None else "(all)"
        out.row(
            row["a"],
            row["b"],
            label,
            _shown(row["exact_f1"]),
            _shown(row["overlap_f1"]),
            _shown(row["kappa"]),
        )
    out.line()
    out.row("alpha", "(all)", _shown(report["alpha"]["overall"]))
    for label, value in report["alpha"]["labels"].items():
        out.row("alpha", label, _shown(value))
    pooled = [r for r in report["topics"] if r["topic"] is None]
    if pooled:
        out.line()
        out.row("a", "b", "topics_f1", "topics_kappa")
        for topic_row in pooled:
            out.row(
                topic_row["a"],
                topic_row["b"],
                _shown(topic_row["f1"]),
                _shown(topic_row["kappa"]),
            )
        out.row("topics alpha", _shown(report["topic_alpha"]["overall"]))
    matrix = report["matrix"]
    out.line()
    out.row(f"{matrix['metric']} (all labels)", *matrix["annotators"])
    for name, values in zip(matrix["annotators"], matrix["values"], strict=True):
        out.row(name, *(_shown(v) for v in values))
    return 0


def log_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator log``: entries oldest first (the last ``--limit`` of them)."""
    actor = access.optional_actor(db, _acting(args))
    visible = access.visible_owners(db, actor)
    who = args.actor
    if visible is not None:  # blind mode: an annotator reads only their own entries
        if who is not None and who not in visible:
            raise AnnotatorError("blind mode is on: annotators read only their own log")
        who = next(iter(visible))
    events = audit.read_events(db, document_id=args.document, actor=who)
    if args.limit > 0:
        events = events[-args.limit :]
    if not args.json:
        out.row("at", "actor", "action", "document", "layer", "detail")
    for event in events:
        detail = {k: v for k, v in event.detail.items() if k != "layer"}
        if args.json:
            record = {
                "id": event.id,
                "at": event.at.isoformat(),
                "actor": event.actor,
                "action": event.action,
                "document_id": event.document_id,
                "layer": event.layer_owner,
                "detail": detail,
            }
            out.json(json.dumps(record, ensure_ascii=False))
            continue
        out.row(
            event.at.isoformat(timespec="seconds"),
            event.actor,
            event.action,
            event.document_id if event.document_id is not None else NONE,
            event.layer_owner or NONE,
            json.dumps(detail, ensure_ascii=False) if detail else "",
        )
    return 0


def settings_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator settings list|get|set``."""
    if args.settings_command == "set":
        actor = access.resolve_actor(db, _acting(args))
        access.set_setting(db, actor, args.key, args.value)
        out.row(args.key, args.value)
        return 0
    values = access.settings(db)
    keys = [args.key] if args.settings_command == "get" else list(values)
    for key in keys:
        out.row(key, values[key])
    return 0


def annotators_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator annotators list|role``."""
    if args.annotators_command == "role":
        actor = access.resolve_actor(db, _acting(args))
        access.set_role(db, actor, args.name, args.role)
        out.line(
            f"{args.name} is now {'a reviewer' if args.role == 'reviewer' else 'an annotator'}"
        )
        return 0
    people = access.people_for(db, access.optional_actor(db, _acting(args)))
    out.row("name", "role", "layers", "assigned")
    for person in people:
        out.row(
            person.name,
            person.role,
            NONE if person.layers is None else person.layers,
            NONE if person.assigned is None else person.assigned,
        )
    return 0


def gold_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator gold init|comment``."""
    review = ReviewService(db, _acting(args))
    if args.gold_command == "comment":
        review.set_comment(args.document, args.text)
        out.line(f"comment of document {args.document} {'set' if args.text.strip() else 'removed'}")
        return 0
    # One transaction for all of them, in bulk (services.gold_init).
    result = init_gold(
        db,
        _acting(args),
        None if args.all else list(dict.fromkeys(args.documents)),
        min_votes=args.min_votes,
    )
    out.line(
        f"started {result.started} gold layers from the majority vote "
        f"({result.already} already had one)"
    )
    return 0


HANDLERS: dict[str, Handler] = {
    "assign": assign_command,
    "assignments": assignments_command,
    "agreement": agreement_command,
    "log": log_command,
    "settings": settings_command,
    "annotators": annotators_command,
    "gold": gold_command,
}
