"""The ``annotator`` command: argument parsing and error handling (one clear line, exit 2)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from types import FrameType

from sqlalchemy.exc import DBAPIError

from annotator import __version__
from annotator.cli import commands, review_commands, suggest_commands
from annotator.cli.arguments import count, identifier
from annotator.cli.output import DISPLAY_MODES, Printer
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.formats.readers import FORMATS as IMPORT_FORMATS
from annotator.core.formats.registry import DOCCANO_SHAPES, EXPORT_FORMATS, SCHEMES
from annotator.core.model import LayerStatus
from annotator.services.documents import SORT_KEYS
from annotator.storage.database import refusal_text, refused_by_database
from annotator.storage.errors import first_line

EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a process Ctrl-C ended."""
EXIT_TERMINATED = 143
"""128 + SIGTERM, as a shell reports a process SIGTERM ended."""


def _date(value: str) -> datetime:
    """A ``YYYY-MM-DD`` (or ISO date-time) option value in UTC (taken as UTC when no zone
    is given); a zoned time that falls outside years 1-9999 in UTC is refused here."""
    # Arabic-Indic and Persian digits are digits too (٢٠٢٦-١٢-٠٨ as typed on an Arabic keyboard).
    digits = {0x0660 + d: str(d) for d in range(10)} | {0x06F0 + d: str(d) for d in range(10)}
    try:
        when = datetime.fromisoformat(value.strip().translate(digits))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None
    if not when.tzinfo:
        return when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:
        raise argparse.ArgumentTypeError(f"{value!r} is out of range in UTC") from None


def _common_options(*, top: bool) -> argparse.ArgumentParser:
    """``--db`` and ``--display``, accepted before and after the command.

    After the command their default is SUPPRESS, so ``annotator --db X stats`` keeps the X
    given before the command instead of the command's parser resetting it to the default.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None if top else argparse.SUPPRESS,
        help="SQLite file or SQLAlchemy URL (default: $ANNOTATOR_DB or the user data folder)",
    )
    common.add_argument(
        "--display",
        choices=DISPLAY_MODES,
        default="auto" if top else argparse.SUPPRESS,
        help="Arabic output: visual (shaped, display order) on a terminal, logical when piped",
    )
    return common


FORMAT_TITLES = {
    "txt": ".txt articles (txt)",
    "jsonl": "this tool's JSONL (jsonl)",
    "native": "this tool's JSONL (native)",
    "prodigy": "spaCy/Prodigy JSONL (prodigy)",
    "doccano": "doccano JSONL (doccano)",
    "conll": "CoNLL/BIO (conll)",
    "labelstudio": "Label Studio JSON (labelstudio)",
    "hf": "Hugging Face token classification (hf)",
}
"""How ``--help`` names each import and export format (a test checks none is missing)."""


def format_titles(formats: Sequence[str]) -> str:
    """The formats (but ``auto``) as ``--help`` names them, comma-separated."""
    return ", ".join(FORMAT_TITLES.get(name, name) for name in formats if name != "auto")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    common = _common_options(top=False)
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate Arabic news articles. Without a command, opens the desktop app.",
        parents=[_common_options(top=True)],
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--annotator", metavar="NAME", help="who is annotating (desktop app)")
    parser.add_argument("--lang", choices=("en", "ar"), help="interface language (desktop app)")
    review_commands.identity_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp_help = f"import articles and annotations: {format_titles(IMPORT_FORMATS)}"
    imp = sub.add_parser("import", parents=[common], help=imp_help, description=imp_help)
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument(
        "--annotator",
        metavar="NAME",
        # SUPPRESS: 'annotator --annotator huda import F' keeps the name given before the command.
        default=argparse.SUPPRESS,
        help="layer owner for records that name none",
    )
    imp.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        default="auto",
        help="auto (default): by suffix and content; or one of the formats above",
    )
    imp.add_argument("--encoding", metavar="ENC", help="e.g. cp1256, utf-16 (default: detect)")
    imp.add_argument("--add-labels", action="store_true", help="add unknown labels to the schema")
    imp.add_argument(
        "--lenient",
        action="store_true",
        help="every format: skip a bad record (CoNLL: read a bad tag as O) and list each "
        "one by file:line, instead of refusing the file",
    )
    imp.add_argument(
        "--status",
        choices=[s.value for s in LayerStatus],
        help="status of each new layer whose record names none (default: in_progress when "
        "it has annotations, else new); done: a finished corpus, e.g. to train suggestions on",
    )

    exp_help = f"export annotations: {format_titles(EXPORT_FORMATS)}"
    exp = sub.add_parser("export", parents=[common], help=exp_help, description=exp_help)
    exp.add_argument(
        "out", metavar="OUT", help="output file (a regular file, replaced whole), or - for stdout"
    )
    exp.add_argument("--annotator", metavar="NAME", nargs="+", action="extend", default=[])
    exp.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="native",
        help=f"default native; {format_titles(EXPORT_FORMATS)}",
    )
    exp.add_argument(
        "--scheme", choices=SCHEMES, default="bio", help="tags of conll/hf (default: bio = IOB2)"
    )
    exp.add_argument(
        "--clitics",
        action="store_true",
        help="conll/hf/prodigy: split the proclitics و ف ب ل ك off words when tokenising",
    )
    exp.add_argument(
        "--status", nargs="+", action="extend", default=[], choices=[s.value for s in LayerStatus]
    )
    exp.add_argument(
        "--all",
        action="store_true",
        help="every annotator's layers, of every status (the default without --annotator); "
        "not documents without a layer",
    )
    exp.add_argument(
        "--include-unannotated",
        action="store_true",
        help="also documents without a layer: native and labelstudio write them as bare "
        "records; the training formats leave them out and say so",
    )
    exp.add_argument(
        "--doccano-shape",
        choices=DOCCANO_SHAPES,
        default="relations",
        help="doccano project type to write for: relations (entities + relations), "
        "sequence (label triples), classification (label names); default relations",
    )
    exp.add_argument("--gold", action="store_true", help="the adjudicated (gold) layers")
    review_commands.identity_option(exp)

    docs = sub.add_parser("docs", parents=[common], help="documents")
    docs_sub = docs.add_subparsers(dest="docs_command", metavar="ACTION", required=True)
    docs_list = docs_sub.add_parser("list", parents=[common], help="list documents")
    docs_list.add_argument(
        "--search",
        default="",
        help='diacritics-blind search: part of a title or id, or words and "phrases" of the text',
    )
    docs_list.add_argument(
        "--in",
        dest="search_in",
        choices=("both", "title", "text"),
        default="both",
        help="titles/ids by substring, the texts alone by whole words, or both (default: "
        "each word or phrase in the title/id or the text)",
    )
    docs_list.add_argument(
        "--proclitics",
        action="store_true",
        help="text search ignores و ف ب ل ك and ال before a word (بروكسل finds وبروكسل)",
    )
    docs_list.add_argument("--label", help="only documents where this label is used")
    docs_list.add_argument("--without-label", help="only documents where this label is not used")
    docs_list.add_argument(
        "--annotator", help="whose layer --status, --label and --assigned look at"
    )
    docs_list.add_argument("--annotated-by", help="only documents this person has a layer in")
    docs_list.add_argument(
        "--status", nargs="+", action="extend", default=[], choices=[s.value for s in LayerStatus]
    )
    queue = docs_list.add_mutually_exclusive_group()
    queue.add_argument(
        "--assigned", action="store_true", help="only documents in --annotator's queue"
    )
    queue.add_argument("--unassigned", action="store_true", help="only documents in no queue")
    docs_list.add_argument(
        "--imported-since", type=_date, help="only documents imported on or after this date"
    )
    docs_list.add_argument(
        "--imported-before", type=_date, help="only documents imported before this date"
    )
    docs_list.add_argument("--source", default="", help="only documents whose source contains this")
    docs_list.add_argument(
        "--sort",
        choices=SORT_KEYS,
        help="order by this (default: id); uncertainty: --annotator's documents not done, "
        "the current model's most uncertain first (scores computed where missing)",
    )
    docs_list.add_argument(
        "--model",
        choices=("entity", "topic"),
        help="whose uncertainty --sort uncertainty uses (default: the entity model, else topics)",
    )
    docs_list.add_argument("--desc", action="store_true", help="reverse the order")
    docs_list.add_argument("--limit", type=count, default=0, help="at most this many (0: all)")

    stats = sub.add_parser(
        "stats",
        parents=[common],
        help="counts per label, status and annotator; --json, --csv: every figure",
    )
    shape = stats.add_mutually_exclusive_group()
    shape.add_argument(
        "--json",
        action="store_true",
        help="every figure (progress, labels, spans, time, agreement) as one JSON object",
    )
    shape.add_argument(
        "--csv", action="store_true", help="the same figures as CSV: figure,annotator,key,value"
    )
    review_commands.identity_option(stats)

    rep = sub.add_parser(
        "report",
        parents=[common],
        help="a self-contained HTML report of the corpus, or of one annotated article",
    )
    rep.add_argument("out", metavar="OUT.html", help="the HTML file to write")
    rep.add_argument("--document", type=identifier, metavar="ID", help="render this article")
    whose = rep.add_mutually_exclusive_group()
    whose.add_argument(
        "--annotator",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="with --document: whose layer (needed when it has several)",
    )
    whose.add_argument("--gold", action="store_true", help="with --document: the gold layer")
    review_commands.identity_option(rep)

    guide = sub.add_parser("guidelines", parents=[common], help="the annotation guidelines")
    gsub = guide.add_subparsers(dest="guidelines_command", metavar="ACTION", required=True)
    gset = gsub.add_parser(
        "set", parents=[common], help="make a Markdown file the guidelines (reviewers)"
    )
    gset.add_argument("file", metavar="FILE", help="a UTF-8 Markdown file")
    review_commands.identity_option(gset)
    gshow = gsub.add_parser("show", parents=[common], help="print the guidelines in force")
    gshow.add_argument("--version", type=identifier, metavar="N", help="an older version")
    gsub.add_parser("history", parents=[common], help="every version: who and when")

    labels = sub.add_parser("labels", parents=[common], help="the label schema")
    lsub = labels.add_subparsers(dest="labels_command", metavar="ACTION", required=True)
    lsub.add_parser("list", parents=[common], help="list labels with use counts")
    add = lsub.add_parser("add", parents=[common], help="add a label")
    add.add_argument("name")
    add.add_argument("--kind", choices=("entity", "quote", "topic"), default="entity")
    add.add_argument("--colour", default=None, help="#rrggbb")
    add.add_argument("--shortcut", default=None)
    add.add_argument("--description", default="")
    add.add_argument(
        "--arabic-name", default="", help="the name the Arabic interface shows (exports keep NAME)"
    )
    arabic = lsub.add_parser(
        "arabic-name",
        parents=[common],
        help="set the name a label shows in the Arabic interface ('' shows its name)",
    )
    arabic.add_argument("name")
    arabic.add_argument("arabic_name", metavar="ARABIC_NAME")
    rm = lsub.add_parser("remove", parents=[common], help="remove a label")
    rm.add_argument("name")
    rm.add_argument("--force", action="store_true", help="also delete its annotations")
    ren = lsub.add_parser("rename", parents=[common], help="rename a label")
    ren.add_argument("old")
    ren.add_argument("new")
    load = lsub.add_parser("load", parents=[common], help="merge a schema JSON file")
    load.add_argument("file")

    dbp = sub.add_parser("db", parents=[common], help="database maintenance")
    dsub = dbp.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dsub.add_parser("upgrade", parents=[common], help="run schema migrations")
    dsub.add_parser("info", parents=[common], help="where the database is, schema revision")
    check = dsub.add_parser(
        "check",
        parents=[common],
        help="integrity check, reading only (exit 1 when damaged)",
    )
    check.add_argument(
        "--repair-index",
        action="store_true",
        help="first rebuild the body search index from the stored texts (which stay as they are)",
    )
    backup = dsub.add_parser(
        "backup",
        parents=[common],
        help="consistent copy while in use (SQLite); pg_dump instructions (PostgreSQL)",
    )
    backup.add_argument("out", metavar="OUT", help="the new backup file (must not exist)")
    review_commands.add_parsers(sub, common)
    suggest_commands.add_parsers(sub, common)
    return parser


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like KeyboardInterrupt, so every ``finally`` and cleanup runs.

    A BaseException, not an Exception, so that no ``except Exception`` on the way swallows it.
    """


def _terminate(signum: int, _frame: FrameType | None) -> None:
    """The SIGTERM handler: stop the command by raising Terminated in the main thread."""
    # A second SIGTERM must not cut short the cleanup the first one started (removing a
    # half-written export); SIGKILL remains for a process that will not end.
    signal.signal(signum, signal.SIG_IGN)
    raise Terminated


@contextmanager
def _terminable() -> Iterator[None]:
    """While inside, SIGTERM ends the command through its cleanup instead of killing it."""
    # Handlers can only be set from the main thread (tests may call main() elsewhere).
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _unfinished(args: argparse.Namespace) -> str:
    """What an interrupted command left: nothing, but for an export streamed to stdout."""
    if args.command == "export" and getattr(args, "out", None) == "-":
        return "the export on standard output is incomplete"
    return "nothing of the unfinished command was written"


def os_error_text(exc: OSError) -> str:
    """``path: reason`` of an OSError (the system's reason alone when it names no file)."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return reason
    where = os.fsdecode(exc.filename)
    if exc.filename2 is not None:
        where += f" -> {os.fsdecode(exc.filename2)}"
    return f"{where}: {reason}"


def _flush_stdout() -> None:
    """Flush standard output; a failure is an InputError naming it."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", "standard output") from None


def _discard_unwritable_stdout() -> None:
    """After standard output failed, drop what it still buffers rather than fail at exit."""
    try:
        sys.stdout.flush()
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _damage_hint(exc: DBAPIError) -> str:
    """What to run when SQLite reports damage (most often a search index, which
    ``db check --repair-index`` rebuilds from the stored texts): "" for other errors."""
    text = first_line(exc).lower()
    if "malformed" in text or "fts5" in text or "corrupt" in text:
        return (
            " ('annotator db check' says what is damaged; 'annotator db check"
            " --repair-index' rebuilds the search indexes)"
        )
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # Error lines follow --display like normal output, but judged by stderr: a terminal
    # gets Arabic shaped and in display order, a file or pipe the logical text.
    err = Printer(args.display, sys.stderr)
    try:
        if args.command is None:
            # The desktop app keeps SIGTERM's default: inside Qt's event loop a Python
            # handler runs only at the next Python slot, so it would delay the end, not clean.
            return commands.dispatch(args)
        with _terminable():
            status = commands.dispatch(args)
            # Output still buffered must reach its file now, where a failure (a full disk,
            # /dev/full) is reported like any other, not at exit as a stray traceback.
            _flush_stdout()
            return status
    except InputError as exc:
        err.line(exc.located())
        return EXIT_USAGE
    except AnnotatorError as exc:
        err.line(f"annotator: error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.line(f"annotator: interrupted; {_unfinished(args)}")
        return EXIT_INTERRUPTED
    except Terminated:
        err.line(f"annotator: terminated; {_unfinished(args)}")
        return EXIT_TERMINATED
    except DBAPIError as exc:
        # A database refusal surfacing outside the services (damage found late, a lost
        # server): the driver's own first line, never SQLAlchemy's multi-line wrapper.
        if refused_by_database(exc):  # PostgreSQL's own guard (team mode), on a read path
            err.line(f"annotator: error: {refusal_text(exc)}")
            return EXIT_USAGE
        err.line(f"annotator: database error: {first_line(exc)}{_damage_hint(exc)}")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        # The system refused a file operation (permissions, a full disk, an I/O error):
        # the path and the system's reason, never "internal error".
        err.line(f"annotator: {os_error_text(exc)}")
        return EXIT_USAGE
    except Exception as exc:
        if os.environ.get("ANNOTATOR_DEBUG"):
            raise
        err.line(
            f"annotator: internal error: {type(exc).__name__}: {exc} "
            "(set ANNOTATOR_DEBUG=1 for details)"
        )
        return EXIT_INTERNAL
    finally:
        _discard_unwritable_stdout()
        if argv is None and threading.current_thread() is threading.main_thread():
            # The program (its console script) has ended its command and said so: a Ctrl-C
            # now would land in the interpreter's shutdown, as a traceback on stderr
            # ("Exception ignored in ... KeyboardInterrupt"), for a command already done.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
