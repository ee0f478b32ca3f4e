"""The command handlers; each opens the database and calls services."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from annotator.cli import review_commands, suggest_commands
from annotator.cli.output import Printer, Progress
from annotator.core.errors import AnnotatorError, PermissionDeniedError
from annotator.core.formats.registry import ExportOptions
from annotator.core.model import LayerStatus
from annotator.core.schema import load_schema_file
from annotator.services import (
    access,
    active_learning,
    annotators,
    documents,
    exporter,
    guidelines,
    importer,
    labels,
    maintenance,
)
from annotator.services.gui_queries import rows_for_ids
from annotator.services.workspace import command_workspace
from annotator.storage import migrate
from annotator.storage.database import ENV_VAR, Database, open_database


def dispatch(args: argparse.Namespace) -> int:
    """Run the command named in ``args``."""
    if args.command is None:
        return launch_gui(args)
    if args.command == "db":
        return db_command(args)
    with command_workspace(args.db, create=_may_create(args)) as db:
        handler = {
            "import": import_command,
            "export": export_command,
            "docs": docs_command,
            "stats": stats_command,
            "labels": labels_command,
            "guidelines": guidelines_command,
            "report": report_command,
            **review_commands.HANDLERS,
            "suggest": suggest_commands.suggest_command,
        }[args.command]
        return handler(db, args, Printer(args.display))


READ_ONLY_COMMANDS = frozenset({"export", "docs", "stats", "agreement", "log", "report"})
"""Commands that only read: on a database named by path that is not there, an error."""
READ_ONLY_ACTIONS = {
    "labels_command": frozenset({"list"}),
    "guidelines_command": frozenset({"show", "history"}),
    "settings_command": frozenset({"list", "get"}),
    "annotators_command": frozenset({"list"}),
    "assignments_command": frozenset({"list"}),
    "suggest_command": frozenset({"models"}),
}
"""The reading actions of commands that also write (``labels list``, not ``labels add``)."""


def _may_create(args: argparse.Namespace, *, reads: bool | None = None) -> bool:
    """Whether the command may make its database: not a read of a path someone named.

    A mistyped ``--db`` (or ANNOTATOR_DB) for a read would otherwise create an empty
    database, and its folders, and report it empty; the default database may be made.
    ``reads`` overrides the command's own kind (``db info`` reads, ``db upgrade`` makes).
    """
    named = args.db or os.environ.get(ENV_VAR)
    if reads is None:
        reads = args.command in READ_ONLY_COMMANDS or any(
            getattr(args, dest, None) in actions for dest, actions in READ_ONLY_ACTIONS.items()
        )
    return not (named and reads)


def launch_gui(args: argparse.Namespace) -> int:
    """Open the desktop app."""
    try:
        from annotator.gui.app import run
    except ImportError as exc:
        raise AnnotatorError(f"the desktop app cannot start: {exc}") from None
    status: int = run(args.db, args.annotator, args.lang)
    return status


def import_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator import``."""
    bar = Progress()

    def show(p: importer.ImportProgress) -> None:
        pct = 100 * p.bytes_done // max(p.bytes_total, 1)
        bar.update(f"importing: {pct}% (file {p.files_done}/{p.files_total}, {p.records} records)")

    try:
        summary = importer.import_paths(
            db,
            args.paths,
            annotator=args.annotator,
            fmt=args.format,
            encoding=args.encoding,
            add_labels=args.add_labels,
            progress=show,
            lenient=args.lenient,
            actor=access.claimed_name(args.acting),
            status=LayerStatus(args.status) if args.status else None,
        )
    finally:
        bar.done()
    by_text = summary.documents_by_text
    out.line(
        f"imported {summary.records} records from {summary.files} files: "
        f"{summary.documents_added} new documents ({summary.documents_existing} already present"
        f"{f', {by_text} of them found by identical text' if by_text else ''}), "
        f"{summary.layers_added} new layers ({summary.layers_merged} merged), "
        f"{summary.spans_added} spans ({summary.spans_existing} already present), "
        f"{summary.relations_added} relations, {summary.topics_added} topics"
    )
    if summary.labels_added:
        out.line(f"added labels: {', '.join(summary.labels_added)}")
    for line in summary.report.lines():
        out.line(line)
    return 0


def export_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator export``."""
    if args.all and args.annotator:
        raise AnnotatorError("--all exports every annotator's layers; leave out --annotator")
    flt = exporter.ExportFilter(
        annotators=tuple(args.annotator),
        statuses=tuple(LayerStatus(s) for s in args.status),
        include_unannotated=args.include_unannotated,
        gold=args.gold,
    )
    # Blind mode: an annotator exports only their own layers.
    actor = access.optional_actor(db, access.claimed_name(args.acting))
    flt = access.visible_export(db, actor, flt)
    options = ExportOptions(scheme=args.scheme, clitics=args.clitics, doccano=args.doccano_shape)
    summary = exporter.export(db, args.out, fmt=args.format, flt=flt, options=options)
    # Notes go to stderr (stdout may be the export itself), shaped when it is a terminal.
    err = Printer(args.display, sys.stderr)
    for problem in summary.problems:
        err.line(f"annotator: {problem}")
    for side in summary.sidecars:
        err.line(f"wrote {side}")
    if args.out != "-":
        err.line(
            f"wrote {summary.records} records ({summary.documents} documents, "
            f"{summary.spans} spans, {summary.relations} relations, {summary.topics} topics) "
            f"to {args.out}"
        )
    return 0


def _blind_guard(db: Database, args: argparse.Namespace) -> None:
    """In blind mode, refuse the options that would show others' layers to an annotator.

    ``--annotator`` and ``--annotated-by`` must name someone whose layers one may see, and
    ``--label`` / ``--without-label`` (anyone's layers without ``--annotator``) need it.
    A list without such options looks at no layer and needs nobody named.
    """
    looks = (args.annotator, args.annotated_by, args.label, args.without_label)
    if not any(looks) or not access.blind_mode(db):
        return
    owners = access.visible_owners(db, access.optional_actor(db, access.claimed_name(args.acting)))
    if owners is None:
        return
    for option, name in (("--annotator", args.annotator), ("--annotated-by", args.annotated_by)):
        if name and name not in owners:
            raise PermissionDeniedError(
                f"blind mode is on: {option} {name} would show another annotator's layers"
            )
    if (args.label or args.without_label) and not args.annotator:
        raise PermissionDeniedError(
            "blind mode is on: --label and --without-label look at everyone's layers; "
            "add --annotator with your name"
        )


def docs_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator docs list``: the filtered, sorted list; the count on stderr."""
    flt = documents.DocumentFilter(
        annotator=args.annotator,
        statuses=frozenset(LayerStatus(s) for s in args.status),
        search=args.search,
        search_in=args.search_in,
        proclitics=args.proclitics,
        assigned_only=args.assigned,
        with_label=args.label,
        without_label=args.without_label,
        annotated_by=args.annotated_by,
        unassigned=args.unassigned,
        imported_from=args.imported_since,
        imported_before=args.imported_before,
        source=args.source,
        sort=args.sort or "",
        descending=args.desc,
    )
    if args.assigned and not args.annotator:
        raise AnnotatorError("--assigned needs --annotator (whose queue)")
    if flt.sort in ("spans", "status") and not args.annotator:
        raise AnnotatorError(f"--sort {flt.sort} needs --annotator (whose layer)")
    if args.status and not args.annotator:
        raise AnnotatorError("--status needs --annotator (whose layer)")
    _blind_guard(db, args)
    for name in (args.label, args.without_label):
        if name is not None and name not in {lab.name for lab in labels.list_labels(db)}:
            raise AnnotatorError(f"no label named {name!r}")
    if args.annotated_by is not None and args.annotated_by not in {
        *annotators.list_annotators(db),
        annotators.GOLD,
    }:
        raise AnnotatorError(f"no annotator named {args.annotated_by!r}")
    if args.model and flt.sort != documents.UNCERTAINTY:
        raise AnnotatorError("--model goes with --sort uncertainty")
    if args.desc and flt.sort == documents.UNCERTAINTY:
        raise AnnotatorError("--sort uncertainty is always most uncertain first: drop --desc")
    scores: dict[int, float] | None = None
    if flt.sort == documents.UNCERTAINTY:
        meter = Progress()
        result = active_learning.rank(
            db,
            flt,
            args.model,
            progress_to=lambda done, total: meter.update(f"scored {done} of {total} documents"),
        )
        meter.done()
        flt = active_learning.ordered(flt, result.model.kind)
        if result.scored_now:
            print(
                f"model {result.model.name}: scored {result.scored_now} documents "
                f"in {result.seconds:.1f} s",
                file=sys.stderr,
            )
    # The id sequence once (one query), then the rows a thousand at a time by id: no
    # OFFSET re-reading the list (or re-running the search) for every page.
    ids = documents.document_ids(db, flt)
    shown = ids[: args.limit] if args.limit else ids
    with_status = args.annotator is not None
    ranked = flt.sort == documents.UNCERTAINTY
    out.row(
        "id",
        "title",
        "external_id",
        *(("status", "spans") if with_status else ()),
        *(("uncertainty",) if ranked else ()),
    )
    for start in range(0, len(shown), 1000):
        page = shown[start : start + 1000]
        if ranked:
            scores = active_learning.scores(db, result.model, page)
        for row in rows_for_ids(db, flt, page):
            extra = (row.status.value, row.span_count) if with_status else ()
            if scores is not None:
                found = scores.get(row.id)
                extra = (*extra, f"{found:.3f}" if found is not None else "-")
            out.row(row.id, row.title, row.external_id or "", *extra)
    # Where a search would look (--in, --proclitics) filters nothing without a search.
    unfiltered = documents.DocumentFilter(
        annotator=flt.annotator,
        sort=flt.sort,
        descending=flt.descending,
        model_kind=flt.model_kind,
        search_in=flt.search_in,
        proclitics=flt.proclitics,
    )
    if len(ids) > len(shown) or flt != unfiltered or ranked:
        # The count of a filtered or cut list; on stderr, so stdout stays the table.
        print(f"{len(shown)} of {len(ids)} documents", file=sys.stderr)
    return 0


def stats_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator stats``: counts; ``--json``/``--csv`` every figure of ``services.insight``.

    In blind mode an annotator sees their own figures only (the rest "-").
    """
    if args.json or args.csv:
        return stats_figures(db, args, out)
    owners = access.visible_owners(db, access.optional_actor(db, access.claimed_name(args.acting)))
    owner = min(owners) if owners is not None else None
    st = documents.stats(db, owner)
    out.row("documents", st.documents)
    out.row("annotators", st.annotators if owner is None else "-")
    out.row("layers", st.layers)
    # Adjudicated layers on their own row: the gold pseudo-annotator is no annotator.
    out.row("gold layers", st.gold_layers if owner is None else "-")
    out.row("spans", st.spans)
    for status in LayerStatus:
        out.row(f"status {status.value}", st.per_status.get(status.value, 0))
    for name, count in st.per_label.items():
        out.row(f"label {name}", count)
    for name, count in st.per_annotator.items():
        out.row(f"annotator {name}", f"{count} layers")
    return 0


def stats_figures(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator stats --json|--csv``: logical text for scripts, never shaped.

    JSON goes through ``Printer.json`` (bidi and C1 controls as ``\\uXXXX``, as from
    ``agreement --json``); in blind mode an annotator gets their own figures only.
    """
    actor = access.optional_actor(db, access.claimed_name(args.acting))
    # NumPy (15 MB) only for the figures: not in every command's process.
    from annotator.services import insight, insight_cache

    # From the counts an earlier read saved, as the dock reads them (and saved for the next).
    fig, agreement, note = insight_cache.every_figure(
        db, guidelines_version=guidelines.current_version(db), actor=actor
    )
    if note:
        print(f"annotator: agreement left out: {note}", file=sys.stderr)
    if args.json:
        data = insight.stats_json(fig, agreement, note)
        out.json_value(data)
    else:
        out.data(insight.stats_csv(fig, agreement))
    return 0


def report_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator report OUT.html [--document ID [--annotator A | --gold]]``."""
    from annotator.services import report

    annotator = getattr(args, "annotator", None)
    if args.document is None and (annotator is not None or args.gold):
        raise AnnotatorError("--annotator and --gold choose the layer of a --document")
    actor = access.optional_actor(db, access.claimed_name(args.acting))
    target = Path(args.out)
    if args.document is None:
        summary = report.corpus_report(db, target, actor=actor)
        if not summary.agreement:
            print("annotator: agreement left out: blind mode is on", file=sys.stderr)
    else:
        summary = report.document_report(
            db, target, args.document, annotator=annotator, gold=args.gold, actor=actor
        )
    if args.out == "-":  # the report itself went to standard output
        print(f"annotator: wrote the report ({summary.bytes} bytes)", file=sys.stderr)
    else:
        out.line(f"wrote {summary.path} ({summary.bytes} bytes)")
    return 0


def guidelines_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator guidelines set FILE | show [--version N] | history``."""
    from annotator.core.guidelines import read_guidelines_file

    action = args.guidelines_command
    if action == "set":
        text = read_guidelines_file(Path(args.file))
        actor = access.resolve_actor(db, access.claimed_name(args.acting))
        version = guidelines.set_guidelines(db, actor, text)
        if version is None:
            out.line(f"{args.file}: the guidelines in force already say this; nothing changed")
        else:
            out.line(f"guidelines version {version.version} set from {args.file}")
    elif action == "show":
        if args.version is None:
            shown = guidelines.current(db)
        else:
            shown = next((v for v in guidelines.history(db) if v.version == args.version), None)
            if shown is None:
                raise AnnotatorError(f"no guidelines version {args.version}")
        if shown is None:
            raise AnnotatorError(
                "this database has no guidelines yet (annotator guidelines set FILE)"
            )
        # The document itself, as written: logical order, for a pager or a file; on a
        # terminal its control characters are escaped, never obeyed.
        out.data(shown.text if shown.text.endswith("\n") else shown.text + "\n")
    else:
        out.row("version", "author", "at", "characters")
        for v in guidelines.history(db):
            out.row(v.version, v.author, v.created_at.isoformat(timespec="seconds"), len(v.text))
    return 0


def labels_command(db: Database, args: argparse.Namespace, out: Printer) -> int:
    """``annotator labels list|add|remove|rename|load``."""
    action = args.labels_command
    if action == "list":
        out.line(
            "\t".join(
                (
                    "name",
                    "kind",
                    "colour",
                    "shortcut",
                    "spans",
                    "topics",
                    "description",
                    "arabic_name",
                )
            )
        )
        for use in labels.label_usage(db):
            lab = use.label
            out.row(
                lab.name,
                lab.kind.value,
                lab.colour,
                lab.shortcut or "",
                use.spans,
                use.topics,
                lab.description,
                lab.arabic_name,
            )
    elif action == "add":
        from annotator.core.schema import label_from_dict

        entry = {
            "name": args.name,
            "kind": args.kind,
            "colour": args.colour or labels.colour_for(args.name),
            "shortcut": args.shortcut,
            "description": args.description,
            "arabic_name": args.arabic_name.strip(),
        }
        label = label_from_dict(entry, "command line", 0)
        labels.add_label(db, label, actor=access.claimed_name(args.acting))
        out.line(f"added label {label.name} ({label.kind.value})")
    elif action == "remove":
        deleted = labels.remove_label(
            db, args.name, force=args.force, actor=access.claimed_name(args.acting)
        )
        out.line(f"removed label {args.name}" + (f" and {deleted} annotations" if deleted else ""))
    elif action == "rename":
        labels.rename_label(db, args.old, args.new, actor=access.claimed_name(args.acting))
        out.line(f"renamed label {args.old} to {args.new}")
    elif action == "arabic-name":
        labels.set_arabic_name(
            db, args.name, args.arabic_name, actor=access.claimed_name(args.acting)
        )
        shown = args.arabic_name.strip()
        out.line(
            f"label {args.name} shows as {shown} in Arabic"
            if shown
            else f"label {args.name} shows its name in Arabic"
        )
    elif action == "load":
        from pathlib import Path

        added, updated = labels.load_schema(
            db,
            load_schema_file(Path(args.file)),
            path=args.file,
            actor=access.claimed_name(args.acting),
        )
        out.line(f"schema {args.file}: {added} labels added, {updated} updated")
    return 0


def db_command(args: argparse.Namespace) -> int:
    """``annotator db upgrade|info|check|backup``."""
    out = Printer(args.display)
    if args.db_command == "check":
        return db_check_command(args)
    if args.db_command == "backup":
        return db_backup_command(args)
    if args.db_command == "upgrade":
        db = open_database(args.db, upgrade=False)
        try:
            before = migrate.current_revision(db.engine)
            applied = migrate.upgrade(db.engine)
            after = migrate.current_revision(db.engine)
            # A new database gets the bundled label schema here, so reading commands,
            # which write nothing, find it.
            labels.seed_default_schema(db)
        finally:
            db.close()
        if applied:
            out.line(f"{db.display_name}: schema upgraded from {before or 'empty'} to {after}")
        else:
            out.line(f"{db.display_name}: schema is up to date ({after})")
        return 0
    db = open_database(args.db, create=_may_create(args, reads=True))
    try:
        out.line(f"database\t{db.display_name}")
        out.line(f"dialect\t{db.engine.dialect.name}")
        out.line(f"schema\t{migrate.current_revision(db.engine)}")
    finally:
        db.close()
    return 0


def db_check_command(args: argparse.Namespace) -> int:
    """``annotator db check``: exit 0 when sound, 1 when a problem was found."""
    out = Printer(args.display)
    repaired = None
    if getattr(args, "repair_index", False):
        repaired = maintenance.repair_index(args.db)
    report = maintenance.check_database(args.db)
    if repaired is not None:
        out.line(f"repaired\tthe body search index, rebuilt over {repaired} documents")
        if report.dialect == "sqlite":  # PostgreSQL has no title index (LIKE)
            out.line(f"repaired\tthe title search index, rebuilt over {repaired} documents")
    out.line(f"database\t{report.database} ({report.dialect})")
    for line in report.checked:
        out.line(f"checked\t{line}")
    for line in report.notes:
        out.line(f"note\t{line}")
    for line in report.problems:
        out.line(f"problem\t{line}")
    if report.ok:
        out.line("ok\tno problems found")
        return 0
    out.line(f"damaged\t{len(report.problems)} problems found")
    return 1


def db_backup_command(args: argparse.Namespace) -> int:
    """``annotator db backup OUT``: a consistent copy (SQLite) or pg_dump instructions."""
    out = Printer(args.display)
    bar = Progress()

    def show(done: int, total: int) -> None:
        bar.update(f"backing up: {100 * done // max(total, 1)}% of {total} pages")

    try:
        result = maintenance.backup(args.db, Path(args.out), progress=show)
    finally:
        bar.done()
    if isinstance(result, str):
        out.line(result)
        return 0
    out.line(f"backed up to {result.path} ({result.size} bytes in {result.seconds:.1f} s)")
    if result.problems:
        Printer(args.display, sys.stderr).line(
            f"annotator: warning: the database was already damaged: {'; '.join(result.problems)}"
        )
        return 1
    return 0
