"""The start-up fast path's HEAD_REVISION must name the newest migration script."""

from annotator.storage import migrate


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    assert migrate.head_revision() == migrate.HEAD_REVISION
    assert migrate.HEAD_REVISION in migrate.known_revisions()
