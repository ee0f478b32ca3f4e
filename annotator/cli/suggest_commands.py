"""``annotator suggest train|predict|import|patterns|remove|models``: suggestions from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from annotator.cli.arguments import count, identifier, positive
from annotator.cli.output import Printer
from annotator.cli.review_commands import identity_option
from annotator.core.errors import AnnotatorError
from annotator.services import access, suggestions
from annotator.storage.database import Database


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register ``suggest`` and its actions on the ``annotator`` subparsers."""
    who = argparse.ArgumentParser(add_help=False)
    identity_option(who)
    parents = [common, who]
    sug = sub.add_parser("suggest", parents=parents, help="suggestion models and dictionaries")
    ssub = sug.add_subparsers(dest="suggest_command", metavar="ACTION", required=True)

    train = ssub.add_parser(
        "train",
        parents=parents,
        help="train a model from done layers (default: gold where it exists, else all done)",
    )
    train.add_argument("--kind", choices=suggestions.KINDS, default="entity")
    train.add_argument(
        "--annotators", nargs="+", metavar="NAME", help="only these annotators' done layers"
    )
    train.add_argument("--gold", action="store_true", help="gold layers (with --annotators: too)")
    train.add_argument(
        "--folds",
        type=count,
        default=None,
        metavar="K",
        help="cross-validation folds by document (0: none; default 2 for entity, 3 for topic); "
        "entity material in fewer documents than folds is cut into blocks of sentences",
    )

    pred = ssub.add_parser(
        "predict", parents=parents, help="write the current model's suggestions as layers"
    )
    pred.add_argument("--name", required=True, help="the layers' annotator is prediction:NAME")
    pred.add_argument("--kind", choices=suggestions.KINDS, default="entity")
    which = pred.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every document")
    which.add_argument("--documents", nargs="+", type=identifier, metavar="ID")
    pred.add_argument(
        "--top", type=positive, metavar="K", help="topics per document (--kind topic; default 1)"
    )

    imp = ssub.add_parser(
        "import", parents=parents, help="load a patterns.jsonl, or a list of names with --label"
    )
    imp.add_argument("path", type=Path)
    imp.add_argument("--label", help="the label of every name in a plain list (one a line)")
    imp.add_argument("--encoding", metavar="ENC", help="e.g. cp1256, utf-16 (default: detect)")

    ssub.add_parser("models", parents=parents, help="the stored models, newest first")

    pats = ssub.add_parser(
        "patterns", parents=parents, help="the stored dictionary names and patterns"
    )
    pats.add_argument("--label", help="only this label's")
    rem = ssub.add_parser(
        "remove", parents=parents, help="remove stored names/patterns by id, or a label's"
    )
    what = rem.add_mutually_exclusive_group(required=True)
    what.add_argument("ids", nargs="*", type=identifier, default=[], metavar="ID")
    what.add_argument("--label", help="every name and pattern of this label")


def _acting(args: argparse.Namespace) -> str | None:
    return access.claimed_name(getattr(args, "acting", None))


def suggest_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator suggest ...``."""
    action = args.suggest_command
    if action == "train":
        result = suggestions.train(
            db,
            args.kind,
            people=args.annotators,
            gold=args.gold,
            folds=args.folds,
            claimed=_acting(args),
            progress=lambda text: out.line(text),
        )
        layers = ", ".join(f"{n} {c}" for n, c in sorted(result.layers.items()))
        out.line(
            f"trained {result.kind} model version {result.version} on {result.documents} layers "
            f"({layers}) in {result.seconds:.1f} s"
        )
        if result.kind == "entity":
            out.line(
                f"{result.words} words, {sum(result.labels.values())} spans"
                + (f" ({result.missed} not on word edges, left out)" if result.missed else "")
            )
        out.line("labels: " + ", ".join(f"{k} {v}" for k, v in sorted(result.labels.items())))
        if result.kind == "topic" and result.missed:
            out.line(
                f"{result.missed} topics of {result.several} layers with several topics not "
                "trained on (a topic model learns one topic per document: the first by name)"
            )
        if result.scores:
            out.line(f"cross-validated ({result.folds} folds by {result.folds_by}):")
            out.row("label", "precision", "recall", "F1", "support")
            for label, (p, r, f, n) in sorted(result.scores.items(), key=lambda kv: kv[0] == "*"):
                out.row("all" if label == "*" else label, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", n)
        else:
            out.line(
                "not cross-validated (fewer documents or sentence blocks than folds, or --folds 0)"
            )
        return 0
    if action == "predict":
        if args.top is not None and args.kind != "topic":
            raise AnnotatorError("--top is for --kind topic (topics per document)")
        pres = suggestions.predict(
            db,
            args.name,
            args.kind,
            document_ids=None if args.all else args.documents,
            top=args.top or 1,
            claimed=_acting(args),
        )
        what = f"{pres.spans} spans" if args.kind == "entity" else f"{pres.topics} topics"
        out.line(
            f"wrote {pres.documents} layers of {pres.annotator} (model {pres.version}): {what}"
        )
        if pres.unknown:
            left = ", ".join(f"{k} {v}" for k, v in sorted(pres.unknown.items()))
            Printer(args.display, sys.stderr).line(
                f"suggestions of labels not in the schema left out: {left} (the model was "
                "trained before they were renamed or removed: rename them back or train again)"
            )
        return 0
    if action == "import":
        ires = suggestions.import_patterns(
            db, args.path, label=args.label, claimed=_acting(args), encoding=args.encoding
        )
        labels = ", ".join(f"{k} {v}" for k, v in sorted(ires.labels.items()))
        out.line(
            f"added {ires.added} names/patterns ({ires.present} already present)"
            + (f": {labels}" if labels else "")
        )
        if ires.unkept:
            fields = ", ".join(f"{k} ({v})" for k, v in sorted(ires.unkept.items()))
            Printer(args.display, sys.stderr).line(f"{args.path}: fields not kept: {fields}")
        return 0
    if action == "patterns":
        stored_patterns = suggestions.list_patterns(db, args.label)
        out.row("id", "label", "pattern", "added_by")
        for stored in stored_patterns:
            out.row(str(stored.id), stored.label, stored.pattern, stored.added_by)
        return 0
    if action == "remove":
        if not args.ids and not args.label:
            raise AnnotatorError("say which: IDs (see 'annotator suggest patterns') or --label")
        gone = suggestions.remove_patterns(db, args.ids, label=args.label, claimed=_acting(args))
        labels = ", ".join(f"{k} {v}" for k, v in sorted(gone.items()))
        out.line(f"removed {gone.total()} names/patterns: {labels}")
        return 0
    for info in suggestions.list_models(db):
        scores = info.info.get("scores", {}).get("*")
        shown = f"F1 {scores[2]:.3f}" if scores else "not cross-validated"
        out.row(
            f"{info.kind}-{info.version}",
            f"{info.info.get('documents', '?')} documents",
            shown,
            info.trained_by,
            f"{info.size // 1024} KiB",
        )
    return 0
