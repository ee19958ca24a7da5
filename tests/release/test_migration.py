"""``ckan db upgrade -p jena`` creates the workflow tables (and the data-management table of
issue 16, on one chain of revisions); datasets that existed before keep their visibility
(public ones start published, all others as drafts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.jena.release import states, store


def _ckan(*args: str) -> subprocess.CompletedProcess[str]:
    model.Session.remove()  # no open transaction may hold the tables the migration changes
    ckan = str(Path(sys.executable).with_name("ckan"))
    return subprocess.run(
        [ckan, "-c", os.environ["CKAN_INI"], *args], capture_output=True, text=True, timeout=300, check=False
    )


def _tables() -> set[str]:
    return set(sa.inspect(model.meta.engine).get_table_names())


def _package(name: str, *, private: bool, state: str = "active", type_: str = "dataset") -> str:
    package = model.Package(name=name, title=name, private=private, state=state, type=type_)
    model.Session.add(package)
    model.Session.commit()
    return package.id


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestMigration:
    def test_upgrade_and_downgrade_with_the_ckan_command(self, migrate_db_for):
        migrate_db_for("jena", "base", forward=False)
        assert not {"jena_release", "jena_release_event", "jena_data_confirmation"} & _tables()
        public = _package("alt-oeffentlich", private=False)
        private = _package("alt-privat", private=True)
        deleted = _package("alt-geloescht", private=False, state="deleted")
        source = _package("harvest-quelle", private=False, type_="harvest")

        upgraded = _ckan("db", "upgrade", "-p", "jena")
        assert upgraded.returncode == 0, upgraded.stderr[-3000:]
        assert {"jena_release", "jena_release_event", "jena_data_confirmation"} <= _tables()
        assert store.state_of(public) == states.PUBLISHED
        assert store.state_of(private) == states.DRAFT
        assert store.state_of(deleted) == states.DRAFT
        assert store.state_of(source) is None  # harvest sources keep CKAN's own rules
        release = store.get(public)
        assert release is not None and release.published_at is not None

        downgraded = _ckan("db", "downgrade", "-p", "jena", "--version", "base")
        assert downgraded.returncode == 0, downgraded.stderr[-3000:]
        assert not {"jena_release", "jena_release_event", "jena_data_confirmation"} & _tables()
        again = _ckan("db", "upgrade", "-p", "jena")
        assert again.returncode == 0, again.stderr[-3000:]
        assert store.state_of(public) == states.PUBLISHED


def test_the_revisions_form_one_chain() -> None:
    """Branches landing migrations in parallel must chain them: two heads stop ``ckan db upgrade``."""
    from alembic.script import ScriptDirectory

    import ckanext.jena

    script = ScriptDirectory(str(Path(ckanext.jena.__file__).parent / "migration" / "jena"))
    assert len(script.get_heads()) == 1, script.get_heads()
    assert len(script.get_bases()) == 1, script.get_bases()
