"""The services suite runs against SQLite and a real PostgreSQL server (tests/pgserver.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from annotator.storage.database import Database


@pytest.fixture
def db(backend_db: Database) -> Database:
    """A fresh database with the default schema: SQLite, then PostgreSQL (``backend``)."""
    return backend_db


SAUDINEWSNET_ARTICLES = 50


@pytest.fixture(scope="session")
def saudinewsnet_jsonl(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first articles of one SaudiNewsNet day as a JSONL import fixture (derived once).

    The zip holds one JSON array of articles (source, url, date_extracted, title, author,
    content); each becomes ``{"text", "title", "meta": {"external_id": url, ...}}``.
    """
    archive = shared_data / "saudinewsnet" / "2015-07-23.zip"
    with zipfile.ZipFile(archive) as zf:
        (name,) = zf.namelist()
        articles = json.loads(zf.read(name).decode("utf-8"))
    path = tmp_path_factory.mktemp("saudinewsnet") / "2015-07-23.first50.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in articles[:SAUDINEWSNET_ARTICLES]:
            record = {
                "text": article["content"],
                "title": article["title"],
                "meta": {
                    "external_id": article["url"],
                    "source": article["source"],
                    "author": article["author"],
                    "date_extracted": article["date_extracted"],
                },
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
