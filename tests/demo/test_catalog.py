"""Loading synthetic catalogues through the Action API, and the ``demo`` click group."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from ckan import model
from ckan.tests.helpers import call_action
from click.testing import CliRunner

from ckanext.jena.demo import catalog
from ckanext.jena.demo.cli import demo
from ckanext.jena.demo.loader import DemoLoadError
from ckanext.jena.demo.source import default_data_dir
from ckanext.jena.demo.synthetic import generate_datasets


def _search(**params: Any) -> dict[str, Any]:
    return call_action("package_search", context={"user": "", "ignore_auth": False}, **params)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestGenerateCatalog:
    def test_loads_indexes_and_resumes_without_duplicates(self) -> None:
        report = catalog.generate_catalog(45, seed=5, progress=False, batch_size=20)

        assert (report.created, report.skipped) == (45, 0)
        assert report.rate > 0
        expected = {d["name"] for d in generate_datasets(45, seed=5)}
        found = _search(q="*:*", rows=100, **{"facet.field": '["type", "organization"]'})
        assert {d["name"] for d in found["results"]} == expected
        assert len(found["search_facets"]["type"]["items"]) == 3
        sample = next(generate_datasets(1, seed=5))
        shown = call_action("package_show", id=sample["name"])
        assert shown["title"] == sample["title"]
        assert len(shown["resources"]) == len(sample["resources"])

        again = catalog.generate_catalog(50, seed=5, progress=False, batch_size=20)

        assert (again.created, again.skipped) == (5, 45)
        assert model.Session.query(model.Package).count() == 50
        assert _search(q="*:*", rows=0)["count"] == 50

    def test_rejected_dataset_is_named_and_its_batch_rolled_back(self, monkeypatch: pytest.MonkeyPatch) -> None:
        good, bad = generate_datasets(2, seed=9)
        bad = {**bad, "frequency": "SOMETIMES"}
        monkeypatch.setattr(catalog, "generate_datasets", lambda count, seed: iter([good, bad]))

        with pytest.raises(DemoLoadError) as caught:
            catalog.generate_catalog(2, seed=9, progress=False)

        assert caught.value.name == bad["name"]
        assert "frequency" in caught.value.errors
        assert model.Session.query(model.Package).count() == 0, "the whole batch is rolled back"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDemoCommands:
    def test_load_reports_a_rejected_entry_by_name(self, tmp_path: Path) -> None:
        raw = yaml.safe_load((default_data_dir() / "datasets.yaml").read_text(encoding="utf-8"))
        entry = next(ds for ds in raw["datasets"] if ds["name"] == "abfallkalender")
        raw["datasets"] = [{**entry, "owner_org": "gibt-es-nicht"}]
        (tmp_path / "datasets.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        (tmp_path / "organizations.yaml").write_text(
            (default_data_dir() / "organizations.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )

        result = CliRunner().invoke(demo, ["load", "--quiet", "--data-dir", str(tmp_path)])

        assert result.exit_code == 1
        assert "demo dataset 'abfallkalender' failed validation" in result.output
        assert "owner_org" in result.output


def test_generate_writes_json_lines_without_touching_ckan() -> None:
    result = CliRunner().invoke(demo, ["generate", "--count", "3", "--seed", "4", "--output", "-"])

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines == list(generate_datasets(3, seed=4))
