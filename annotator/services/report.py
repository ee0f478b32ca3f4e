"""``annotator report``: one self-contained HTML file of the corpus, or of one annotated article.

The corpus report holds the figures of ``services.insight`` with their charts (inline SVG
from ``core.charts``), the agreement tables and heatmap, and for each label a few example
spans in context; the article report draws one layer of one document (``core.html_report``
explains the marks). Both name the database, the time and the guidelines version in force;
the article names the version its layer was last changed under, the corpus counts the
layers per such version.
The file appears only when complete (written beside it, then renamed).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from annotator import __version__
from annotator.core import charts
from annotator.core import html_report as h
from annotator.core.errors import (
    AnnotatorError,
    InputError,
    NotFoundError,
)
from annotator.core.insight import ALL
from annotator.core.model import MODEL_LAYER_PREFIX, UNNAMED_MODEL_LAYER
from annotator.storage import models as m
from annotator.storage.database import Database

from . import access, guidelines, insight, insight_cache
from .annotations import read_layer
from .annotators import GOLD
from .exporter import check_output, write_whole

EXAMPLES = 3
"""Example spans shown per label."""


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What was written."""

    path: Path
    bytes: int
    agreement: bool
    """False when agreement was left out (blind mode)."""


def _write(path: Path, text: str) -> int:
    """Write ``text`` to ``path`` whole or not at all (``-``: standard output); OS errors as
    one line.

    As for an export, only a regular file is replaced (never a device, FIFO, folder or
    symbolic link), through a hidden, locked partial file of a fresh name (``partfiles``),
    so no planted ``OUT.part`` link is written through and a killed run's leftover goes.
    """
    data = text.encode("utf-8")
    if str(path) == "-":
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", "standard output") from None
        return len(data)
    check_output(path, folder_hint=False, what="report")
    try:
        write_whole(path, data)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    return len(data)


def _not_the_database(db: Database, path: Path) -> None:
    """Refuse ``path`` when it is one of the SQLite database's own files (as ``export``
    does): the report replaced the database with its HTML page. Checked before anything
    is read, so the refusal costs nothing."""
    if str(path) != "-" and path.resolve() in db.own_files():
        raise InputError("is the database itself; choose another file for the report", str(path))


def _header(db: Database, title: str) -> str:
    version = guidelines.current(db)
    if version is None:
        guide = "no guidelines set"
    else:
        when = version.created_at.strftime("%Y-%m-%d %H:%M UTC")
        guide = f"guidelines version {version.version} ({h.esc(version.author)}, {when})"
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"<h1>{h.esc(title)}</h1>\n"
        f'<p class="meta">Database <bdi>{h.esc(db.display_name)}</bdi> · {now} · '
        f'<span class="guidelines">{guide}</span> · annotator {h.esc(__version__)}</p>'
    )


def _chart(fig: object, prefix: str) -> str:
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    return f'<div class="chart">{charts.to_svg(fig, prefix)}</div>'


def _layers_by_guidelines(
    db: Database, owners: frozenset[str] | None
) -> list[tuple[str | int, int]]:
    """``(version, layers)``: how many layers were last changed under each version of the
    guidelines ("before any" first); empty when the guidelines were never set."""
    versions = guidelines.history(db)
    if not versions:
        return []
    query = select(m.Layer.updated_at)
    if owners is not None:
        query = query.join(m.Annotator, m.Layer.annotator_id == m.Annotator.id).where(
            m.Annotator.name.in_(sorted(owners))
        )
    counts: dict[int | None, int] = {}
    with db.read() as session:
        for (when,) in session.execute(query):
            key = guidelines.version_at(versions, when)
            counts[key] = counts.get(key, 0) + 1
    return [
        ("before any" if key is None else key, n)
        for key, n in sorted(counts.items(), key=lambda kv: -1 if kv[0] is None else kv[0])
    ]


def corpus_report(db: Database, out: Path, *, actor: access.Actor | None = None) -> ReportSummary:
    """The corpus report (see the module docstring)."""
    _not_the_database(db, out)
    # From the counts an earlier read saved (the dock's, stats --json), saved for the next.
    fig, agree, _note = insight_cache.every_figure(
        db, guidelines_version=guidelines.current_version(db), actor=actor
    )
    parts = [_header(db, "Annotation report")]
    layers = sum(sum(per.values()) for per in fig.statuses.values())
    done = sum(per.get("done", 0) for per in fig.statuses.values())
    parts.append("<h2>Corpus</h2>")
    parts.append(
        h.table(
            ["documents", "annotators", "layers", "done layers"],
            [[fig.documents, len(fig.annotators), layers, done]],
        )
    )
    made = _layers_by_guidelines(db, access.visible_owners(db, actor))
    if made:
        parts.append(
            "<p>Layers by the guidelines version in force when they were last changed:</p>"
        )
        parts.append(h.table(["guidelines version", "layers"], made))
    parts.append("<h2>Progress</h2>")
    parts.append(
        h.table(
            ["annotator", "new", "in progress", "done"],
            [
                [who, per.get("new", 0), per.get("in_progress", 0), per.get("done", 0)]
                for who, per in fig.statuses.items()
            ],
        )
    )
    if fig.progress:
        series = {
            ("all" if who == ALL else who): [(p.day, p.total) for p in pts]
            for who, pts in fig.progress.items()
        }
        parts.append(_chart(charts.progress_chart(series, "Done layers", "layers"), "progress"))
    parts.append("<h2>Labels</h2>")
    totals = fig.label_totals()
    if totals:
        label_colours = _colours(db)
        names = list(totals)
        parts.append(
            _chart(
                charts.bar_chart(
                    [f"{n} ({totals[n][0]})" for n in names],
                    [totals[n][1] for n in names],
                    "Uses per label",
                    [h.colour(label_colours.get(n, h.DEFAULT_COLOUR)) for n in names],
                    counts=True,
                ),
                "labels",
            )
        )
        per = {(r.label, r.annotator): r.spans + r.topics for r in fig.labels}
        parts.append(
            h.table(
                ["label", "kind", *fig.annotators, "all"],
                [
                    [
                        n,
                        totals[n][0],
                        *[per.get((n, who), 0) for who in fig.annotators],
                        totals[n][1],
                    ]
                    for n in names
                ],
            )
        )
        if len(fig.annotators) > 1:
            series_per = {who: [per.get((n, who), 0) for n in names] for who in fig.annotators}
            parts.append(
                _chart(charts.grouped_bar_chart(names, series_per, "Labels per annotator"), "peran")
            )
    parts.append("<h2>Spans per article</h2>")
    if fig.spans_per_layer:
        parts.append(
            _chart(
                charts.histogram_chart(
                    fig.spans_per_layer, "Spans per annotated article", "spans", "layers"
                ),
                "spans",
            )
        )
    parts.append("<h2>Time spent</h2>")
    parts.append(
        f"<p>From the audit log: the gap between one person's consecutive actions counts as "
        f"work on the later action's article when it is at most {fig.idle_seconds // 60} "
        f"minutes; longer gaps are pauses and count nothing.</p>"
    )
    parts.append(
        h.table(
            ["annotator", "articles", "hours", "median minutes per article"],
            [
                [who, n, round(total / 3600, 2), None if med is None else round(med / 60, 2)]
                for who, (n, total, med) in fig.time_per_annotator().items()
            ],
        )
    )
    parts.append("<h2>Agreement</h2>")
    if agree is None:
        parts.append("<p>Left out: blind mode is on and agreement is for reviewers.</p>")
    else:
        parts.append(_agreement_html(agree))
    parts.append("<h2>Examples</h2>")
    parts.append(_examples_html(db, actor))
    body = "\n".join(parts)
    size = _write(out, h.page("Annotation report", body, lang="en"))
    return ReportSummary(out, size, agree is not None)


def _agreement_html(agree: insight.AgreementFigures) -> str:
    parts = [
        f"<p>Over {agree.documents} articles with two or more annotators; Krippendorff's "
        f"alpha (entities, tokens): {'–' if agree.alpha is None else f'{agree.alpha:.3f}'}. "
        "F1 and kappa are means over annotator pairs.</p>",
        h.table(
            ["label", "pairs", "exact F1", "overlap F1", "kappa", "alpha"],
            [[r.label, r.pairs, r.exact_f1, r.overlap_f1, r.kappa, r.alpha] for r in agree.labels],
        ),
        h.table(
            ["annotator A", "annotator B", "exact F1", "overlap F1", "kappa"],
            [[p["a"], p["b"], p["exact_f1"], p["overlap_f1"], p["kappa"]] for p in agree.pairs],
        ),
    ]
    if len(agree.matrix_names) > 1:
        parts.append(
            _chart(
                charts.heatmap_chart(agree.matrix_names, agree.matrix, "Overlap F1 per pair"),
                "heat",
            )
        )
    if agree.trend:
        points = [(p.day, p.overlap_f1, p.alpha) for p in agree.trend]
        parts.append(
            _chart(charts.trend_chart(points, "Agreement by day", "overlap F1", "alpha"), "trend")
        )
    return "\n".join(parts)


def _colours(db: Database) -> dict[str, str]:
    with db.read() as session:
        return dict(session.execute(select(m.Label.name, m.Label.colour)).all())


def _examples_html(db: Database, actor: access.Actor | None) -> str:
    """Per label, the first few spans of people's layers (neither gold nor a model's) in
    their context."""
    owners = access.visible_owners(db, actor)
    parts = []
    with db.read() as session:
        labels = session.execute(
            select(m.Label.id, m.Label.name, m.Label.kind).order_by(m.Label.position, m.Label.id)
        ).all()
        for label_id, name, kind in labels:
            query = (
                select(m.Span.start, m.Span.end, m.Document.id, m.Document.text, m.Annotator.name)
                .join(m.Layer, m.Span.layer_id == m.Layer.id)
                .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
                .join(m.Document, m.Layer.document_id == m.Document.id)
                .where(
                    m.Span.label_id == label_id,
                    m.Annotator.role != GOLD,
                    m.Annotator.name != UNNAMED_MODEL_LAYER,
                    ~m.Annotator.name.startswith(MODEL_LAYER_PREFIX, autoescape=True),
                )
                .order_by(m.Span.id)
                .limit(EXAMPLES)
            )
            if owners is not None:
                query = query.where(m.Annotator.name.in_(sorted(owners)))
            rows = session.execute(query).all()
            if not rows:
                continue
            items = "".join(
                f"<li>{h.context(text, start, end)} "
                f'<span class="meta">(article {doc}, {h.bidi(who)})</span></li>'
                for start, end, doc, text, who in rows
            )
            parts.append(f"<h3>{h.bidi(name)} <small>({h.esc(kind)})</small></h3><ul>{items}</ul>")
    return "\n".join(parts) or "<p>No spans yet.</p>"


def document_report(
    db: Database,
    out: Path,
    document_id: int,
    *,
    annotator: str | None = None,
    gold: bool = False,
    actor: access.Actor | None = None,
) -> ReportSummary:
    """One article drawn with one layer: marks, quotes tied to speakers, topics, legend."""
    _not_the_database(db, out)
    owners = access.visible_owners(db, actor)
    with db.read() as session:
        doc = session.get(m.Document, document_id)
        if doc is None:
            raise NotFoundError(f"no document {document_id}")
        found = {
            name: layer
            for layer, name in session.execute(
                select(m.Layer, m.Annotator.name)
                .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
                .where(m.Layer.document_id == document_id)
            )
        }
        if owners is not None:
            found = {k: v for k, v in found.items() if k in owners}
        people = sorted(n for n in found if n != GOLD)
        if gold:
            who = GOLD
        elif annotator is not None:
            who = annotator
        elif len(people) == 1:
            who = people[0]
        elif not found:
            raise NotFoundError(f"document {document_id} has no layer yet")
        else:
            listed = ", ".join(people) or "none"
            raise AnnotatorError(
                f"document {document_id} has layers of {listed}: say which with --annotator "
                "NAME or --gold"
            )
        if who not in found:
            raise NotFoundError(f"document {document_id} has no layer of {who}")
        state = read_layer(session, found[who], who)
        changed = found[who].updated_at
        labels = {
            name: (kind, colour, desc)
            for name, kind, colour, desc in session.execute(
                select(m.Label.name, m.Label.kind, m.Label.colour, m.Label.description)
            )
        }
        title, text = doc.title, doc.text
    colours = {name: c for name, (_, c, _) in labels.items()}
    marks = [h.MarkSpan(s.id, s.start, s.end, s.label, s.kind.value) for s in state.spans]
    speaker_of = {r.head: r.child for r in state.relations if r.label == "SPEAKER"}
    body = [_header(db, title or f"Article {document_id}")]
    layer_name = "gold (adjudicated)" if who == GOLD else who
    versions = guidelines.history(db)
    if not versions:
        made = ""
    elif (under := guidelines.version_at(versions, changed)) is None:
        made = " · made before any guidelines were set"
    else:
        made = f" · made under guidelines version {under}"
    body.append(
        f'<p class="meta">Article {document_id} · layer <bdi>{h.esc(layer_name)}</bdi> · '
        f"status {h.esc(state.status.value)}{made}</p>"
    )
    topics = sorted(state.topics)
    body.append(
        "<h2>Topics</h2>"
        + (
            '<ul class="topics">' + "".join(f"<li>{h.bidi(t)}</li>" for t in topics) + "</ul>"
            if topics
            else "<p>None.</p>"
        )
    )
    used = sorted({s.label for s in state.spans}, key=lambda n: (labels.get(n, ("",))[0], n))
    legend = []
    for name in used:
        kind, colour, desc = labels.get(name, ("entity", h.DEFAULT_COLOUR, ""))
        tint = h.colour(colour)
        style = (
            f"background:{tint}66"
            if kind == "entity"
            else f"text-decoration: underline 2px {tint}"
            if kind == "quote"
            else f"text-decoration: overline 2px {tint}"
        )
        legend.append(
            f'<span class="key" style="{style}" title="{h.esc(desc)}">{h.esc(name)}</span>'
            f" <small>{h.esc(kind)}</small>"
        )
    body.append('<h2>Legend</h2><p class="legend">' + " ".join(legend) + "</p>")
    body.append("<h2>Text</h2>")
    body.append(h.annotated_text(text, marks, colours, speaker_of))
    by_id = {s.id: s for s in state.spans}
    quotes = sorted(
        ((by_id[q], by_id[sp]) for q, sp in speaker_of.items() if q in by_id and sp in by_id),
        key=lambda pair: (pair[0].start, pair[0].id),
    )
    if quotes:
        rows = "".join(
            f"<li>{h.bidi(text[q.start : q.end])} — <b>{h.bidi(text[sp.start : sp.end])}</b></li>"
            for q, sp in quotes
        )
        body.append(f'<h2>Quotes and their speakers</h2><ol class="quotes">{rows}</ol>')
    unlinked = [s for s in state.spans if s.kind.value == "quote" and s.id not in speaker_of]
    if unlinked:
        body.append(f"<p>{len(unlinked)} quotes without a speaker.</p>")
    size = _write(out, h.page(title or f"Article {document_id}", "\n".join(body)))
    return ReportSummary(out, size, True)
