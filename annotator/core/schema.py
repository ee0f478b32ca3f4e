"""Label schemas: the bundled default and JSON schema files, validated with clear errors."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.model import Label, LabelKind
from annotator.core.names import check_name, name_key

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^\S(.*\S)?$")


FIELDS = frozenset({"kind", "colour", "shortcut", "description", "arabic_name"})
"""A label's settings besides its name."""


@dataclass(frozen=True, slots=True)
class SchemaLabel(Label):
    """A label as a schema file gives it: ``given`` names the settings the file states.

    Loading a file into a database changes only those on a label it already has; the
    others (a colour picked in the app, say) stay as they are.
    """

    given: frozenset[str] = FIELDS


def label_from_dict(item: Any, path: str, index: int) -> SchemaLabel:
    """Build a Label from one schema entry, or raise InputError naming the entry."""
    where = f"label #{index + 1}"
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected an object, got {type(item).__name__}", path)
    name = item.get("name")
    if isinstance(name, str):
        try:
            check_name(name, "a label name")
        except ValueError as exc:
            raise InputError(f"{where}: {exc}", path) from None
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{where}: name must be a non-empty string without edge spaces", path)
    name = check_name(name)
    try:
        kind = LabelKind(item.get("kind", "entity"))
    except ValueError:
        raise InputError(
            f"label {name!r}: kind must be one of entity, quote, topic (got {item.get('kind')!r})",
            path,
        ) from None
    colour = item.get("colour", item.get("color", "#cccccc"))
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise InputError(f"label {name!r}: colour must look like #rrggbb (got {colour!r})", path)
    shortcut = item.get("shortcut")
    if shortcut is not None and (not isinstance(shortcut, str) or not shortcut.strip()):
        raise InputError(f"label {name!r}: shortcut must be a key such as 'P'", path)
    description = item.get("description", "")
    arabic_name = item.get("arabic_name", "")
    if not isinstance(arabic_name, str) or arabic_name != arabic_name.strip():
        raise InputError(f"label {name!r}: arabic_name must be a string without edge spaces", path)
    if arabic_name:
        try:
            arabic_name = check_name(arabic_name, "an Arabic label name")
        except ValueError as exc:
            raise InputError(f"{where}: {exc}", path) from None
    given = {key for key in FIELDS if key in item} | ({"colour"} if "color" in item else set())
    return SchemaLabel(
        name,
        kind,
        colour,
        shortcut,
        str(description),
        arabic_name=arabic_name,
        given=frozenset(given),
    )


def parse_schema(data: str, path: str) -> list[SchemaLabel]:
    """Parse a schema file's JSON text (``{"labels": [...]}`` or a bare list)."""
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path, exc.lineno) from None
    items = doc.get("labels") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError('a schema is {"labels": [...]} or a list of labels', path)
    labels = [label_from_dict(item, path, i) for i, item in enumerate(items)]
    seen: dict[str, str] = {}
    keys: dict[str, str] = {}
    for label in labels:
        twin = seen.get(name_key(label.name))
        if twin is not None:
            same = "twice" if twin == label.name else f"twice (as {twin!r} too)"
            raise InputError(f"label {label.name!r} appears {same}", path)
        seen[name_key(label.name)] = label.name
        if label.shortcut:
            other = keys.get(label.shortcut.upper())
            if other:
                raise InputError(
                    f"labels {other!r} and {label.name!r} share the shortcut {label.shortcut!r}",
                    path,
                )
            keys[label.shortcut.upper()] = label.name
    return labels


def load_schema_file(path: Path) -> list[SchemaLabel]:
    """Read and validate a schema file (a regular file: a FIFO would block the read)."""
    if path.exists() and not path.is_file():
        raise InputError("not a regular file", str(path))
    try:
        data = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", str(path)) from None
    return parse_schema(data, str(path))


def default_schema() -> list[SchemaLabel]:
    """The label schema bundled in ``resources/schemas/default.json``."""
    ref = resources.files("annotator.resources") / "schemas" / "default.json"
    return parse_schema(ref.read_text(encoding="utf-8"), "default.json")
