"""Loading the demo catalogue through the Action API: complete, searchable, idempotent, loud on errors."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.jena.demo.loader import DemoLoadError, load_demo_data
from ckanext.jena.demo.source import default_data_dir, read_demo_source

SOURCE = read_demo_source()
DATASET_NAMES = {ds["name"] for ds in SOURCE.datasets}


def _anonymous_search(**params: Any) -> dict[str, Any]:
    return call_action("package_search", context={"user": "", "ignore_auth": False}, **params)


def _package_count() -> int:
    return model.Session.query(model.Package).count()


def _small_data_dir(tmp_path: Path, datasets: list[str], edit: dict[str, dict[str, Any]] | None = None) -> Path:
    """A data folder with the shipped organizations and only ``datasets`` (edited by ``edit``)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    shutil.copy(default_data_dir() / "organizations.yaml", tmp_path / "organizations.yaml")
    raw = yaml.safe_load((default_data_dir() / "datasets.yaml").read_text(encoding="utf-8"))
    by_name = {entry["name"]: entry for entry in raw["datasets"]}
    raw["datasets"] = [{**by_name[name], **(edit or {}).get(name, {})} for name in datasets]
    raw.pop("geometries")
    (tmp_path / "datasets.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDemoLoad:
    def test_full_load_complete_searchable_and_idempotent(self) -> None:
        """One full load (the expensive part, about a minute) checked three ways: complete, found by
        German words with its fields kept, and a second load that changes and duplicates nothing."""
        report = load_demo_data(progress=False)

        # Every department and dataset, public and indexed.
        assert len(report.organizations["created"]) == len(SOURCE.organizations) >= 8
        assert set(report.datasets["created"]) == DATASET_NAMES
        assert len(DATASET_NAMES) >= 60
        assert len(call_action("organization_list")) == len(SOURCE.organizations)
        found = _anonymous_search(q="*:*", rows=1000, **{"facet.field": '["type"]'})
        assert {ds["name"] for ds in found["results"]} == DATASET_NAMES, "every dataset is public and findable"
        assert found["search_facets"]["type"]["items"]
        assert {item["name"] for item in found["search_facets"]["type"]["items"]} == {"dataset", "geodata", "realtime"}

        # Found by German words, fields kept.
        hits = _anonymous_search(q="Straßenbäume Baumkataster", rows=5)["results"]
        assert "baumkataster-strassenbaeume" in [ds["name"] for ds in hits]
        dataset = call_action("package_show", id="baumkataster-strassenbaeume")
        assert dataset["type"] == "geodata"
        assert dataset["organization"]["name"] == "kommunalservice-jena"
        assert dataset["license_id"] == "dl-by-de/2.0"
        assert dataset["attribution_text"] == "Stadt Jena"
        assert len(dataset["resources"]) == 4

        # A second load changes nothing and duplicates nothing.
        ids = {name: call_action("package_show", id=name)["id"] for name in DATASET_NAMES}
        packages = _package_count()
        again = load_demo_data(progress=False)
        assert again.changed == 0, again.summary()
        assert set(again.datasets["unchanged"]) == DATASET_NAMES
        assert len(again.organizations["unchanged"]) == len(SOURCE.organizations)
        assert _package_count() == packages
        assert {name: call_action("package_show", id=name)["id"] for name in DATASET_NAMES} == ids
        assert _anonymous_search(q="*:*", rows=0)["count"] == len(DATASET_NAMES)

    def test_changed_entry_is_patched_in_place(self, tmp_path: Path) -> None:
        names = ["giessrouten", "einwohner-nach-ortsteilen"]
        load_demo_data(progress=False, data_dir=_small_data_dir(tmp_path / "v1", names))
        before = call_action("package_show", id="giessrouten")
        kept_resources = before["resources"][:2]
        edited = {"giessrouten": {"title": "Gießrouten für Jungbäume 2027", "resources": [
            {key: res[key] for key in ("name", "url", "format", "mimetype")} for res in kept_resources
        ]}}  # fmt: skip

        report = load_demo_data(progress=False, data_dir=_small_data_dir(tmp_path / "v2", names, edited))

        assert report.datasets == {
            "created": [],
            "updated": ["giessrouten"],
            "unchanged": ["einwohner-nach-ortsteilen"],
        }
        after = call_action("package_show", id="giessrouten")
        assert after["id"] == before["id"]
        assert after["title"] == "Gießrouten für Jungbäume 2027"
        assert [res["id"] for res in after["resources"]] == [res["id"] for res in kept_resources]
        assert _package_count() == 2

    def test_invalid_entry_stops_the_load_and_names_the_dataset(self, tmp_path: Path) -> None:
        names = ["giessrouten", "pegel-saale", "schulen"]
        broken = {"pegel-saale": {"frequency": "SOMETIMES"}}

        with pytest.raises(DemoLoadError) as caught:
            load_demo_data(progress=False, data_dir=_small_data_dir(tmp_path, names, broken))

        assert caught.value.name == "pegel-saale"
        assert "frequency" in caught.value.errors
        assert "'pegel-saale'" in str(caught.value)
        assert "frequency" in str(caught.value)
        assert [name for (name,) in model.Session.query(model.Package.name)] == ["giessrouten"]
