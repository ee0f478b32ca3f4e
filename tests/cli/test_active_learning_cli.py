"""``annotator docs list --sort uncertainty``: the to-do list, most uncertain first, with
each document's score; scores computed once per model version; no model is one line."""

from __future__ import annotations

import pytest

from tests.cli.test_suggest_cli import database, run  # noqa: F401


def table(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.strip().splitlines()]


def test_docs_list_sort_uncertainty(capsys: pytest.CaptureFixture[str], database: str) -> None:  # noqa: F811
    capsys.readouterr()
    code, out, err = run(capsys, "--db", database, "docs", "list", "--sort", "uncertainty")
    assert code == 2 and out == ""
    assert err.strip().endswith(
        "no model yet: train one first ('annotator suggest train'), then order by uncertainty"
    )
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--db", database, "docs", "list", "--model", "entity")
    assert code == 2 and "--model goes with --sort uncertainty" in err
    code, out, err = run(
        capsys, "--db", database, "docs", "list", "--sort", "uncertainty", "--desc"
    )
    assert code == 2 and "always most uncertain first: drop --desc" in err
    assert run(capsys, "--db", database, "suggest", "train", "--folds", "0")[0] == 0

    # huda finished 8 of the 10 documents: her to-do list is the other two, scored.
    code, out, err = run(
        capsys, "--db", database, "docs", "list", "--sort", "uncertainty", "--annotator", "huda"
    )
    assert code == 0, err
    rows = table(out)
    assert rows[0] == ["id", "title", "external_id", "status", "spans", "uncertainty"]
    assert [r[0] for r in rows[1:]] == ["9", "10"] or [r[0] for r in rows[1:]] == ["10", "9"]
    scores = [float(r[-1]) for r in rows[1:]]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert all(r[3] == "new" for r in rows[1:])
    assert "model entity-1: scored 2 documents" in err
    assert "2 of 2 documents" in err

    # Nobody else has done anything: all ten, and only the eight new ones are scored now.
    code, out, err = run(capsys, "--db", database, "docs", "list", "--sort", "uncertainty")
    assert code == 0, err
    everyone = table(out)[1:]
    assert len(everyone) == 10 and "scored 8 documents" in err
    values = [float(r[-1]) for r in everyone]
    assert values == sorted(values, reverse=True)
    # A second run computes nothing and prints the same order.
    code, again, err = run(capsys, "--db", database, "docs", "list", "--sort", "uncertainty")
    assert code == 0 and again == out and "scored" not in err
    # --limit cuts the printed list, most uncertain first.
    code, top, err = run(
        capsys, "--db", database, "docs", "list", "--sort", "uncertainty", "--limit", "3"
    )
    assert table(top)[1:] == everyone[:3] and "3 of 10 documents" in err
    code, out, err = run(
        capsys, "--db", database, "docs", "list", "--sort", "uncertainty", "--model", "topic"
    )
    assert code == 2 and "no topic model yet" in err
