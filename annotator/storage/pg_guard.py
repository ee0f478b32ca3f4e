"""Team mode's guard, read from PostgreSQL's catalog: what in the schema lets a login through.

The rule (README, "Team mode"): each table has row security (with no write policy that lets
every row through) or no write grant to ``annotator_user`` or PUBLIC; nobody but the owner
may TRUNCATE (which ignores row security), add triggers or foreign keys; no login can set a
sequence back; every function of the schema has a fixed ``search_path`` with ``pg_catalog``
first and ``pg_temp`` last, names our tables with their schema, and is not executable by
PUBLIC; annotator logins cannot create objects in the schema.

The catalog is read, not a list of our tables, so a table or grant added by hand (or by a
later migration) is held to the same rule. ``annotator db check`` runs it on PostgreSQL, so
an administrator sees at once when a grant or ``DISABLE ROW LEVEL SECURITY`` has opened the
guard; the test suite runs it on every migrated database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

Run = Callable[[str, tuple[Any, ...]], Sequence[Sequence[Any]]]
"""Runs one SQL statement with ``%s`` parameters and returns its rows (psycopg's style), so
that both a psycopg connection and SQLAlchemy's ``exec_driver_sql`` can be given."""

GROUPS = ("annotator_user", "annotator_reviewer")
WRITES = ("INSERT", "UPDATE", "DELETE")
OWNER_ONLY = ("TRUNCATE", "TRIGGER", "REFERENCES")
HERE = "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = pg_catalog.current_schema())"
"""The current schema's oid (a name like "Team Data" does not cast to regnamespace)."""


def _true(run: Run, sql: str, params: tuple[Any, ...]) -> bool:
    rows = run(sql, params)
    return bool(rows) and rows[0][0] is True


def guard_problems(run: Run) -> list[str]:
    """What in the current schema breaks the rule of team mode (empty when all holds).

    A group role that does not exist (a database never set up for a team) is left out.
    """
    found: list[str] = []
    present = {
        str(r[0])
        for r in run(
            "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(%s)", (list(GROUPS),)
        )
    }
    groups = tuple(g for g in GROUPS if g in present)
    writers = ("annotator_user", "public") if "annotator_user" in present else ("public",)
    tables = run(
        "SELECT c.oid, c.relname, c.relrowsecurity FROM pg_catalog.pg_class c "
        "WHERE c.relnamespace = " + HERE + " AND c.relkind IN ('r', 'p') ORDER BY 2",
        (),
    )
    for oid, name, secured in tables:
        for role in (*groups, "public"):
            for privilege in OWNER_ONLY:
                query = "SELECT has_table_privilege(%s, %s::oid, %s)"
                if _true(run, query, (role, oid, privilege)):
                    found.append(f"{name}: {role} has {privilege}")
        writable = [
            privilege
            for role in writers
            for privilege in WRITES
            if _true(
                run,
                "SELECT has_table_privilege(%s, %s::oid, %s) OR (%s <> 'DELETE' AND "
                "has_any_column_privilege(%s, %s::oid, replace(%s, 'DELETE', 'INSERT')))",
                (role, oid, privilege, privilege, role, oid, privilege),
            )
        ]
        if writable and not secured:
            found.append(
                f"{name}: annotator_user may {'/'.join(dict.fromkeys(writable))} "
                "without row security"
            )
        for policy, command, qual, check in run(
            "SELECT policyname, cmd, qual, with_check FROM pg_catalog.pg_policies "
            "WHERE schemaname = pg_catalog.current_schema() AND tablename = %s "
            "AND cmd <> 'SELECT'",
            (name,),
        ):
            if qual == "true" or check == "true":
                found.append(f"{name}: policy {policy} ({command}) lets every row through")
    for (sequence,) in run(
        "SELECT c.oid::regclass::text FROM pg_catalog.pg_class c "
        "WHERE c.relnamespace = " + HERE + " AND c.relkind = 'S' ORDER BY 1",
        (),
    ):
        for role in (*groups, "public"):
            if _true(run, "SELECT has_sequence_privilege(%s, %s, 'UPDATE')", (role, sequence)):
                found.append(f"{sequence}: {role} may setval")
    table_names = [str(t[1]) for t in tables]
    for signature, config, source, definer, public_exec in run(
        "SELECT p.oid::regprocedure::text, p.proconfig, p.prosrc, p.prosecdef, "
        "has_function_privilege('public', p.oid, 'EXECUTE') FROM pg_catalog.pg_proc p "
        "WHERE p.pronamespace = " + HERE + " AND NOT EXISTS ("
        "  SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_proc'::regclass "
        "  AND d.objid = p.oid AND d.deptype = 'e') ORDER BY 1",  # an extension's: its own
        (),
    ):
        path = next((c for c in (config or []) if str(c).startswith("search_path=")), None)
        parts = [p.strip() for p in str(path).split("=", 1)[1].split(",")] if path else []
        if not parts or parts[0] != "pg_catalog" or parts[-1] != "pg_temp":
            found.append(f"{signature}: search_path not fixed to pg_catalog first, pg_temp last")
        for table in table_names:
            if re.search(rf"\b(from|join|into|update)\s+{re.escape(table)}\b", str(source), re.I):
                found.append(f"{signature}: names table {table} without its schema")
        if public_exec:
            found.append(f"{signature}: executable by PUBLIC{' (SECURITY DEFINER)' * definer}")
    for role in (*groups, "public"):
        if _true(
            run, "SELECT has_schema_privilege(%s, pg_catalog.current_schema(), 'CREATE')", (role,)
        ):
            found.append(f"schema: {role} may create objects in it")
    return found
