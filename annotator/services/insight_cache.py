"""The statistics dock's kept counts saved between sessions: one local file per database.

The dock keeps what its reads counted (``insight.AuditCache``: time spent per article and
person, status changes, spans per layer and label; ``insight.AgreementCache``: each
compared article's agreement counts) and reads again only what changed since. Saved here
after a read, the next session of the app starts from them: its first read of a 100,000-
article database is a refresh (an article counted again only when its layers changed),
not a count of everything.

The file is the user's own (``platformdirs.user_cache_dir``, one per database and login,
written by their app alone, read with ``allow_pickle=False``): nobody else's login can
write into it. A file that does not fit is ignored (counted afresh, never shown stale):
another version of the code that counts, another database or login, or an audit log that
is not the one it was saved with (the database restored from an older copy, or replaced):
the audit log is append-only, so its entry at the newest id saved must still be there,
unchanged.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs
from sqlalchemy import Connection, func, select

from annotator.core.agreement_stats import Cells
from annotator.core.errors import PermissionDeniedError
from annotator.storage import migrate
from annotator.storage import models as m
from annotator.storage.database import Database

from . import access
from .insight import (
    AgreementCache,
    AgreementFigures,
    AuditCache,
    Figures,
    SavedTime,
    TrendPoint,
    agreement_figures,
    figures,
)

FORMAT = 1
"""Bumped whenever what the file holds changes meaning (older files are then ignored)."""

COUNTING_MODULES = (
    "annotator.core.arabic",
    "annotator.core.token_arrays",
    "annotator.core.agreement_stats",
    "annotator.core.metrics",
    "annotator.core.insight",
    "annotator.core.model",  # is_model_layer: whose progress counts
    "annotator.services.insight",
    "annotator.services.insight_cache",
)
"""The code that makes the counts: a file saved by other code (say, a tokeniser fixed in a
new version) is ignored, its counts might not be what this code counts."""


@cache
def code_mark() -> str:
    """A digest of ``COUNTING_MODULES``' source files (their names, if not on disk) and
    of the Unicode version the tokeniser's character classes come from."""
    digest = hashlib.sha256(unicodedata.unidata_version.encode())
    for name in COUNTING_MODULES:
        module = importlib.import_module(name)
        where = getattr(module, "__file__", None)
        try:
            digest.update(Path(where).read_bytes() if where else name.encode())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def cache_file(db: Database) -> Path | None:
    """Where the kept counts of ``db`` (as this login) are saved; None for in-memory."""
    if db.is_sqlite and db.url.database in (None, "", ":memory:"):
        return None
    where = _where(db)
    name = hashlib.sha256(where.encode()).hexdigest()[:32]
    folder = Path(platformdirs.user_cache_dir("annotator", appauthor=False)) / "stats"
    return folder / f"{name}.npz"


def _where(db: Database) -> str:
    """The database and login the counts are of (a file's absolute path, a server URL)."""
    url = db.url
    if db.is_sqlite:
        return f"sqlite:{Path(url.database or '').resolve()}"
    return url.set(password=None).render_as_string(hide_password=True)


def _log_mark(conn: Connection) -> list[Any]:
    """The audit log's newest entry: ``[id, at, actor, action]`` (``[0]`` when empty)."""
    top = conn.scalar(select(func.max(m.Event.id))) or 0
    if not top:
        return [0]
    at, actor, action = conn.execute(
        select(m.Event.at, m.Event.actor, m.Event.action).where(m.Event.id == top)
    ).one()
    return [top, at.isoformat(), actor, action]


def _same_log(conn: Connection, mark: list[Any]) -> bool:
    """Whether the audit log still holds the entry ``mark`` (see ``_log_mark``)."""
    if mark == [0]:
        return True
    row = conn.execute(
        select(m.Event.at, m.Event.actor, m.Event.action).where(m.Event.id == mark[0])
    ).one_or_none()
    return row is not None and [mark[0], row[0].isoformat(), row[1], row[2]] == mark


def every_figure(
    db: Database, *, guidelines_version: int | None, actor: access.Actor | None = None
) -> tuple[Figures, AgreementFigures | None, str]:
    """Every figure at once (``stats --json``/``--csv``, the corpus report): the figures,
    the agreement (None, with why, when blind mode refuses it) and its note.

    Like the dock, they start from the counts an earlier read saved (the dock's or a
    command's) and save theirs after: only the first read of a database counts everything,
    a later one what changed since.
    """
    audit, counts = AuditCache(), AgreementCache()
    load(db, audit, counts)
    fig = figures(db, guidelines_version=guidelines_version, actor=actor, cache=audit)
    note = ""
    try:
        agree = agreement_figures(db, actor=actor, counts=counts, spans_from=audit)
    except PermissionDeniedError as exc:
        agree, note = None, str(exc)
    save(db, audit, counts)
    return fig, agree, note


def save(db: Database, audit: AuditCache, counts: AgreementCache) -> Path | None:
    """Write the kept counts to ``cache_file(db)`` (atomically); the file, or None when
    there is nowhere to keep it (in-memory database) or it could not be written."""
    path = cache_file(db)
    if path is None:
        return None
    with audit.lock, counts.lock:
        # Read after the counts (no read can move them meanwhile): every audit entry they
        # took is at most this one, so a database holding it holds all they saw.
        with db.read() as session:
            mark = _log_mark(session.connection())
        arrays = _arrays(audit, counts)
        actions, _ = audit.time_per_key()
        arrays["meta"] = _text(
            {
                "format": FORMAT,
                "revision": migrate.HEAD_REVISION,
                "code": code_mark(),
                "database": _where(db),
                "log": mark,
                "audit": {
                    "status_id": audit.status_id,
                    "time_id": audit.time_id,
                    "last_at": audit.last_at,
                    "status": [[d.isoformat(), *rest, n] for (d, *rest), n in audit.status.items()],
                    "actors": sorted({who for _, who in actions}),
                },
                "agreement": {
                    "names": counts.names,
                    "cells": counts.cells.cells,
                    "trend": [
                        [p.day.isoformat(), list(ids), p.documents, p.overlap_f1, p.alpha]
                        for ids, p in counts.trend.values()
                    ],
                },
            }
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".stats-", suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, **arrays)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:  # a full disk or a read-only home: the next session counts afresh
        return None
    return path


def _text(value: Any) -> np.ndarray[Any, Any]:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode(), np.uint8)


def _arrays(audit: AuditCache, counts: AgreementCache) -> dict[str, Any]:
    actions, seconds = audit.time_per_key()
    actors = sorted({who for _, who in actions})
    index = {who: i for i, who in enumerate(actors)}
    keys = list(actions)
    key_rows = [(doc, *layer) for doc, layers in counts.keys.items() for layer in layers]
    return {
        "time_doc": np.fromiter((doc for doc, _ in keys), np.int64, len(keys)),
        "time_actor": np.fromiter((index[who] for _, who in keys), np.int64, len(keys)),
        "time_actions": np.fromiter((actions[k] for k in keys), np.int64, len(keys)),
        "time_seconds": np.fromiter((seconds.get(k, 0.0) for k in keys), np.float64, len(keys)),
        "layers": audit.layers,
        "span_rows": audit.span_rows,
        "topic_rows": audit.topic_rows,
        "labels": np.asarray(audit.labels, np.int64),
        "keys": np.asarray(key_rows, np.int64).reshape(-1, 4),
        "documents": counts.documents,
        "cell_ids": counts.cell_ids,
        "counts": counts.counts,
    }


def load(db: Database, audit: AuditCache, counts: AgreementCache) -> bool:
    """Fill the (empty) caches from ``cache_file(db)`` when it fits this database; True
    when they were filled, False (left empty) when there is no such file or it does not
    fit (see the module docstring)."""
    path = cache_file(db)
    if path is None or not path.is_file():
        return False
    try:
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(arrays.pop("meta").tobytes().decode())
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return False
    if not isinstance(meta, dict) or (
        meta.get("format"),
        meta.get("revision"),
        meta.get("code"),
        meta.get("database"),
    ) != (FORMAT, migrate.HEAD_REVISION, code_mark(), _where(db)):
        return False
    with db.read() as session:
        if not _same_log(session.connection(), meta["log"]):
            return False
    try:
        fresh_audit, fresh_counts = _restored(meta, arrays)
    except (KeyError, ValueError, TypeError, IndexError):
        return False
    with audit.lock, counts.lock:
        for name in ("status_id", "time_id", "last_at", "saved_time", "status"):
            setattr(audit, name, getattr(fresh_audit, name))
        audit.seconds, audit.actions = defaultdict(float), Counter()
        audit.layers, audit.span_rows, audit.labels = (
            fresh_audit.layers,
            fresh_audit.span_rows,
            fresh_audit.labels,
        )
        audit.topic_rows = fresh_audit.topic_rows
        counts.clear(fresh_counts.names)
        counts.cells, counts.keys = fresh_counts.cells, fresh_counts.keys
        counts.trend = fresh_counts.trend
        counts.documents = fresh_counts.documents
        counts.cell_ids, counts.counts = fresh_counts.cell_ids, fresh_counts.counts
    return True


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples they were (nested)."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _restored(meta: dict[str, Any], arrays: dict[str, Any]) -> tuple[AuditCache, AgreementCache]:
    """Caches from the file's parts (raising on anything malformed)."""
    audit, counts = AuditCache(), AgreementCache()
    kept = meta["audit"]
    audit.status_id, audit.time_id = int(kept["status_id"]), int(kept["time_id"])
    audit.last_at = {str(k): float(v) for k, v in kept["last_at"].items()}
    audit.status = Counter(
        {(date.fromisoformat(d), who, old, now): int(n) for d, who, old, now, n in kept["status"]}
    )
    actors = [str(who) for who in kept["actors"]]
    time_arrays = [arrays[f"time_{part}"] for part in ("doc", "actor", "actions", "seconds")]
    if len({len(a) for a in time_arrays}) != 1 or any(a.ndim != 1 for a in time_arrays):
        raise ValueError("time arrays of different lengths")
    if len(time_arrays[1]) and not 0 <= int(time_arrays[1].min()) <= int(
        time_arrays[1].max()
    ) < len(actors):
        raise ValueError("a time row of an unknown person")
    audit.saved_time = SavedTime(
        actors,
        time_arrays[0].astype(np.int64, copy=False),
        time_arrays[1].astype(np.int64, copy=False),
        time_arrays[2].astype(np.int64, copy=False),
        time_arrays[3].astype(np.float64, copy=False),
    )
    audit.layers = _rows(arrays["layers"], 3)
    audit.span_rows = _rows(arrays["span_rows"], 3)
    audit.topic_rows = _rows(arrays["topic_rows"], 2)
    audit.labels = tuple(arrays["labels"].tolist())
    agreement = meta["agreement"]
    counts.names = _tuples(agreement["names"])
    cells = Cells()
    for cell in agreement["cells"]:
        cells.id(_tuples(cell))
    if len(cells.cells) != len(agreement["cells"]):
        raise ValueError("cells repeated")
    counts.cells = cells
    keys = _rows(arrays["keys"], 4)  # each document's layers one after the other
    starts = np.flatnonzero(np.diff(keys[:, 0], prepend=-1))
    ends = np.append(starts[1:], len(keys))[: len(starts)]
    layers = keys[:, 1:].tolist()
    counts.keys = {
        doc: layers[start:end]
        for doc, start, end in zip(
            keys[starts, 0].tolist(), starts.tolist(), ends.tolist(), strict=True
        )
    }
    if len(counts.keys) != len(starts):
        raise ValueError("a document's layers apart")
    for day, ids, documents, f1, alpha in agreement["trend"]:
        point = TrendPoint(date.fromisoformat(day), int(documents), f1, alpha)
        counts.trend[point.day] = (tuple(int(i) for i in ids), point)
    counts.documents = arrays["documents"].astype(np.int64, copy=False)
    counts.cell_ids = arrays["cell_ids"].astype(np.int32, copy=False)
    counts.counts = arrays["counts"].astype(np.int32, copy=False)
    if not len(counts.documents) == len(counts.cell_ids) == len(counts.counts):
        raise ValueError("counts of different lengths")
    if len(counts.cell_ids) and int(counts.cell_ids.max()) >= len(cells.cells):
        raise ValueError("a count of an unknown cell")
    return audit, counts


def _rows(array: Any, width: int) -> Any:
    if array.ndim != 2 or array.shape[1] != width:
        raise ValueError("rows of the wrong shape")
    return array.astype(np.int64, copy=False)
