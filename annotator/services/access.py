"""Who is acting, what they may do, and what they may see (roles, blind mode).

Identity: on SQLite the acting annotator's name is taken as given (``--annotator`` in the
app, ``--as`` on the command line). On PostgreSQL it is the database login
(``session_user``): a different name is refused, and the database's row-level security
(migration 0004) enforces the same rules for any client. The exception is the database
administrator (a superuser, a BYPASSRLS login or the owner of the tables, the login that
migrated), who bypasses row security anyway and may act as any named annotator, as on
SQLite (to import annotators' files, for instance).

Roles: a person is an ``annotator`` or a ``reviewer``; reviewers read every layer, write
the gold layer, assign documents and change roles. On PostgreSQL the reviewer right of a
login is membership of the group role ``annotator_reviewer``, which only the administrator
grants (``set_role`` does, run by the administrator); the annotators table's role column
of a login only mirrors it (``login_roles``, ``ensure_person``), and no login can rename a
row to take another's identity (migration 0007).

Blind mode (setting ``blind_mode``): an annotator sees only their own layer in the app, the
document list, the audit log and exports; reviewers see all. It is a rule of the program,
not a security boundary: on PostgreSQL every login may read every row.
"""

from __future__ import annotations

import getpass
import os
import weakref
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError, NotFoundError, PermissionDeniedError
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.retry import retrying

from . import annotators, audit, changes
from .annotators import GOLD, ROLES

if TYPE_CHECKING:  # the exporter (and every file format) loads only when someone exports
    from .exporter import ExportFilter

REVIEWER = "reviewer"
ANNOTATOR = "annotator"
USER_ENV = "ANNOTATOR_USER"
"""Environment variable naming the acting person for command-line use on SQLite."""
PG_USER_ROLE = "annotator_user"
PG_REVIEWER_ROLE = "annotator_reviewer"
BLIND_MODE = "blind_mode"
SETTINGS: dict[str, tuple[str, ...]] = {BLIND_MODE: ("on", "off")}
"""Settings a person may change, with their allowed values."""


@dataclass(frozen=True, slots=True)
class Login:
    """The PostgreSQL login of a database connection and its rights."""

    name: str
    admin: bool
    """Superuser, BYPASSRLS, or owner of the tables: row security does not apply."""
    reviewer: bool
    """Member of ``annotator_reviewer`` (or a superuser)."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The person acting, with the rights the services check."""

    name: str
    role: str
    admin: bool = False

    @property
    def is_reviewer(self) -> bool:
        """True for reviewers (and the database administrator acting as themself)."""
        return self.role == REVIEWER


@dataclass(frozen=True, slots=True)
class AnnotatorInfo:
    """A person with their role and how much they have."""

    name: str
    role: str
    layers: int | None
    """None: hidden from this reader (blind mode)."""
    assigned: int | None


_logins: weakref.WeakKeyDictionary[Engine, Login] = weakref.WeakKeyDictionary()


def database_login(db: Database) -> Login | None:
    """The PostgreSQL login of ``db`` (read once per engine); None on SQLite."""
    if db.engine.dialect.name != "postgresql":
        return None
    login = _logins.get(db.engine)
    if login is None:
        with db.engine.connect() as conn:
            name, admin, reviewer = conn.execute(
                text(
                    "SELECT session_user, "
                    "COALESCE((SELECT rolsuper OR rolbypassrls FROM pg_roles "
                    "          WHERE rolname = session_user), false) "
                    "OR COALESCE((SELECT tableowner = session_user FROM pg_tables "
                    "             WHERE tablename = 'layers' AND schemaname = current_schema()),"
                    "            false), "
                    "EXISTS (SELECT FROM pg_roles WHERE rolname = :group) "
                    "AND pg_has_role(session_user, :group, 'MEMBER')"
                ),
                {"group": PG_REVIEWER_ROLE},
            ).one()
        login = _logins[db.engine] = Login(str(name), bool(admin), bool(reviewer))
    return login


def acting_name(db: Database, claimed: str | None) -> str | None:
    """The acting person's name: the claim on SQLite, the login on PostgreSQL (see module)."""
    login = database_login(db)
    if login is None or login.admin:
        if claimed is not None and claimed.strip():
            return annotators.clean_name(claimed)
        return login.name if login is not None else None
    if claimed is not None and claimed.strip() and claimed.strip() != login.name:
        raise PermissionDeniedError(
            f"you are logged in to the database as {login.name!r}, and on PostgreSQL who you "
            f"are follows the login: you cannot act as {claimed.strip()!r} (leave the name "
            f"out, or log in as {claimed.strip()!r})"
        )
    return login.name


def audit_name(db: Database, claimed: str | None) -> str:
    """Whom the audit log names: the acting person, else this computer's account (SQLite)."""
    return acting_name(db, claimed) or getpass.getuser()


def claimed_name(given: str | None) -> str | None:
    """``given`` or else the ``ANNOTATOR_USER`` environment variable (command line)."""
    return given if given else os.environ.get(USER_ENV) or None


def resolve_actor(db: Database, claimed: str | None) -> Actor:
    """The acting person with their role; refuses when nobody is named on SQLite."""
    name = acting_name(db, claimed)
    if name is None:
        raise AnnotatorError(f"say who you are: --as NAME (or set {USER_ENV})")
    login = database_login(db)
    if login is not None and not login.admin:
        return Actor(name, REVIEWER if login.reviewer else ANNOTATOR)
    if login is not None and name == login.name:
        return Actor(name, REVIEWER, admin=True)
    role = login_roles(db).get(name) if login is not None else None
    if role is None:  # SQLite, or a person without a login (the administrator's word)
        with db.read() as session:
            role = session.scalar(select(m.Annotator.role).where(m.Annotator.name == name))
    return Actor(name, role or ANNOTATOR, admin=login is not None)


def login_roles(db: Database) -> dict[str, str]:
    """PostgreSQL: each login's role by its membership of ``annotator_reviewer``.

    On PostgreSQL that membership, not the annotators table, says who is a reviewer: the
    table's role column of a login follows it (migration 0007 refuses anything else).
    Empty on SQLite.
    """
    if db.engine.dialect.name != "postgresql":
        return {}
    with db.read() as session:
        rows = session.execute(
            text(
                "SELECT r.rolname, EXISTS (SELECT FROM pg_roles g WHERE g.rolname = :group) "
                "AND pg_has_role(r.oid, :group, 'MEMBER') FROM pg_roles r WHERE r.rolcanlogin"
            ),
            {"group": PG_REVIEWER_ROLE},
        )
        return {str(name): REVIEWER if reviewer else ANNOTATOR for name, reviewer in rows}


def optional_actor(db: Database, claimed: str | None) -> Actor | None:
    """Like ``resolve_actor``, but None when nobody is named (SQLite)."""
    if acting_name(db, claimed) is None:
        return None
    return resolve_actor(db, claimed)


@retrying
def ensure_person(db: Database, actor: Actor) -> None:
    """Create the actor's annotator row when new; on PostgreSQL its role follows the login.

    A login's row says what its membership of ``annotator_reviewer`` says, gained or lost
    (the database refuses any other value from the login itself).
    """
    with db.write() as session:
        row = annotators.get_or_create(session, actor.name)
        login = database_login(db)
        if login is not None and not login.admin:
            role = REVIEWER if login.reviewer else ANNOTATOR
            if row.role != role:
                row.role = role


def require_reviewer(actor: Actor, what: str) -> None:
    """Refuse ``what`` unless ``actor`` is a reviewer."""
    if not actor.is_reviewer:
        raise PermissionDeniedError(f"{what} is for reviewers; {actor.name} is not a reviewer")


@retrying
def set_role(db: Database, actor: Actor, name: str, role: str) -> None:
    """Make ``name`` an annotator or a reviewer (created when new); audited.

    By a reviewer, or by anyone while the database has no reviewer yet. On PostgreSQL only
    the administrator login may (acting as itself, or as a named reviewer), and it also
    grants or revokes ``annotator_reviewer`` when a login of that name exists.
    """
    name = annotators.clean_name(name)
    if role not in ROLES:
        raise AnnotatorError(f"unknown role {role!r} (choose from {', '.join(ROLES)})")
    login = database_login(db)
    if login is not None and not login.admin:
        raise PermissionDeniedError(
            "on PostgreSQL the reviewer right is membership of the role "
            f"{PG_REVIEWER_ROLE}; the database administrator changes roles "
            f"(GRANT {PG_REVIEWER_ROLE} TO {name})"
        )
    with db.write() as session:
        if not actor.is_reviewer:
            reviewers = session.scalar(
                select(func.count()).select_from(m.Annotator).where(m.Annotator.role == REVIEWER)
            )
            if reviewers:
                raise PermissionDeniedError(
                    f"changing roles is for reviewers; {actor.name} is an annotator"
                )
        row = annotators.get_or_create(session, name)
        before = row.role
        row.role = role
        if login is not None:
            _grant_login(session, name, role)
        audit.record(
            session, actor.name, "set_role", detail={"annotator": name, "role": [before, role]}
        )


def _grant_login(session: Session, name: str, role: str) -> None:
    """Give the login ``name`` (if it exists) the group roles of ``role`` (PostgreSQL)."""
    exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    if not exists:
        return
    quoted = session.get_bind().dialect.identifier_preparer.quote_identifier(name)
    session.execute(text(f"GRANT {PG_USER_ROLE} TO {quoted}"))
    verb = "GRANT" if role == REVIEWER else "REVOKE"
    link = "TO" if role == REVIEWER else "FROM"
    session.execute(text(f"{verb} {PG_REVIEWER_ROLE} {link} {quoted}"))


def list_people(db: Database) -> list[AnnotatorInfo]:
    """Every person (not the gold pseudo-annotator) with role, layers and assignments."""
    layers = (
        select(func.count())
        .select_from(m.Layer)
        .where(m.Layer.annotator_id == m.Annotator.id)
        .scalar_subquery()
    )
    assigned = (
        select(func.count())
        .select_from(m.Assignment)
        .where(m.Assignment.annotator_id == m.Annotator.id)
        .scalar_subquery()
    )
    logins = login_roles(db)  # on PostgreSQL a login's role is its membership
    with db.read() as session:
        rows = session.execute(
            select(m.Annotator.name, m.Annotator.role, layers, assigned)
            .where(m.Annotator.role != GOLD)
            .order_by(m.Annotator.name)
        )
        return [AnnotatorInfo(name, logins.get(name, role), n, a) for name, role, n, a in rows]


def people_for(db: Database, actor: Actor | None) -> list[AnnotatorInfo]:
    """``list_people`` as ``actor`` may read it: in blind mode an annotator sees only their
    own figures (the others' layers and assignments are None); nobody named is refused."""
    owners = visible_owners(db, actor)
    people = list_people(db)
    if owners is None:
        return people
    return [p if p.name in owners else replace(p, layers=None, assigned=None) for p in people]


# -- settings and blind mode -------------------------------------------------------------


def get_setting(db: Database, key: str) -> str | None:
    """The stored value of a setting, None when unset."""
    with db.read() as session:
        row = session.get(m.Setting, key)
        return row.value if row is not None else None


def settings(db: Database) -> dict[str, str]:
    """Every changeable setting with its value (defaults filled in)."""
    return {key: get_setting(db, key) or values[-1] for key, values in SETTINGS.items()}


@retrying
def set_setting(db: Database, actor: Actor, key: str, value: str) -> None:
    """Change a setting: reviewers only, on every backend (PostgreSQL's row security too).

    On SQLite the name given decides: an annotator's, or a name nobody has, is refused.
    """
    if key not in SETTINGS:
        raise NotFoundError(f"no setting {key!r} (settings: {', '.join(SETTINGS)})")
    if value not in SETTINGS[key]:
        raise AnnotatorError(f"{key} is one of {', '.join(SETTINGS[key])}, not {value!r}")
    require_reviewer(actor, f"changing {key}")
    with db.write() as session:
        row = session.get(m.Setting, key)
        before = row.value if row is not None else None
        if row is None:
            session.add(m.Setting(key=key, value=value))
        else:
            row.value = value
        audit.record(session, actor.name, "set_setting", detail={key: [before, value]})


def blind_mode(db: Database) -> bool:
    """True when annotators see only their own layers."""
    return get_setting(db, BLIND_MODE) == "on"


def visible_owners(db: Database, actor: Actor | None) -> frozenset[str] | None:
    """Whose layers ``actor`` may see: None for all, else just their own (blind mode).

    In blind mode somebody must be named (on SQLite); reviewers see all.
    """
    if not blind_mode(db):
        return None
    if actor is None:
        raise PermissionDeniedError(
            f"blind mode is on: say who you are (--as NAME or {USER_ENV}) to see your layers"
        )
    return None if actor.is_reviewer else frozenset({actor.name})


def visible_export(db: Database, actor: Actor | None, flt: ExportFilter) -> ExportFilter:
    """``flt`` as ``actor`` may run it: in blind mode an annotator exports only their layers."""
    owners = visible_owners(db, actor)
    if owners is None:
        return flt
    assert actor is not None
    others = sorted(set(flt.annotators) - owners)
    if others or flt.gold:
        shown = ", ".join(others) if others else "the gold layer"
        raise PermissionDeniedError(
            f"blind mode is on: {actor.name} exports only their own layers, not {shown}"
        )
    return replace(flt, annotators=tuple(sorted(owners)))


def visible_layer_versions(db: Database, actor: Actor | None, document_id: int) -> dict[str, int]:
    """``changes.layer_versions`` of the layers ``actor`` may see (their own in blind mode)."""
    versions = changes.layer_versions(db, document_id)
    owners = visible_owners(db, actor)
    if owners is None:
        return versions
    return {name: v for name, v in versions.items() if name in owners}
