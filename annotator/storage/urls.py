"""Showing a database location without its secrets, and keeping them out of the engine's URL.

A password can sit in two places of a URL: ``user:PASSWORD@host`` and the query
(``?password=...``, ``?sslpassword=...``, which libpq and psycopg accept too). SQLAlchemy's
``hide_password`` masks only the first; every message, log line and title here goes through
``safe_url_text``, and ``split_secrets`` moves query secrets into the driver's connect
arguments so the engine's own URL (and its ``repr``, which SQLAlchemy may log) holds none.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

MASK = "***"


def is_secret_key(key: str) -> bool:
    """Whether a URL query parameter carries a secret (any kind of password)."""
    return "password" in key.lower()


def safe_url_text(url: URL | str) -> str:
    """Render a database location for messages: a SQLite path as is, a URL without secrets."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return "<unparseable URL>"
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    secrets = [key for key in url.query if is_secret_key(key)]
    if not secrets:
        return url.render_as_string(hide_password=True)
    # A mask nobody would type as a password, shown unquoted as "***" for readability.
    placeholder = "annotator0masked0secret"
    url = url.update_query_dict({key: placeholder for key in secrets})
    return url.render_as_string(hide_password=True).replace(placeholder, MASK)


def split_secrets(url: URL) -> tuple[URL, dict[str, Any]]:
    """``url`` without its query secrets, and those secrets as driver connect arguments."""
    secrets: dict[str, Any] = {}
    for key, value in url.query.items():
        if is_secret_key(key):
            secrets[key] = value[-1] if isinstance(value, tuple) else value
    if not secrets:
        return url, {}
    return url.difference_update_query(list(secrets)), secrets
