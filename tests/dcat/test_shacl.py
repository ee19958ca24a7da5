"""SHACL: every demo dataset conforms to the official DCAT-AP.de shapes; the check as used by the workflow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyshacl
import pytest
from ckan.tests.helpers import call_action
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ckanext.jena.dcat.graph import dataset_graph
from ckanext.jena.dcat.shapes import JENA_SHAPES, ONTOLOGY_FILES, SHAPE_FILES
from ckanext.jena.dcat.validation import (
    ValidationReport,
    raw_results,
    result_tuples,
    validate_dataset,
    validate_graph,
)
from ckanext.jena.dcat.vocabulary import VocabularyIndex
from ckanext.jena.profiles.namespaces import DCAT, DCATAP, DCATDE, DCT, GSP, LOCN
from tests.dcat import support
from tests.dcat.support import EXPECTED_WARNINGS_3_0, LISTED_CONTRIBUTOR

K12_CONTRIBUTOR = "K12&13"


@pytest.mark.usefixtures("with_plugins")
class TestDemoDatasetsConform:
    def test_dcat_ap_de_3_0_zero_violations(self, shapes_dir: Path, demo_datasets: list[dict[str, Any]]) -> None:
        warnings: dict[str, int] = {}
        for dataset in demo_datasets:
            report = validate_dataset(dataset, version="3.0", shapes_dir=shapes_dir)
            assert report.violations == (), [f.text("de") for f in report.violations]
            for finding in report.warnings:
                warnings[finding.path] = warnings.get(finding.path, 0) + 1
        assert set(warnings) <= EXPECTED_WARNINGS_3_0, warnings
        assert "dcatde:contributorID" in warnings

    def test_dcat_ap_de_2_0_only_the_missing_official_contributor_id(
        self, shapes_dir: Path, demo_datasets: list[dict[str, Any]]
    ) -> None:
        for dataset in demo_datasets:
            report = validate_dataset(dataset, version="2.0", shapes_dir=shapes_dir)
            assert [f.detail[:6] for f in report.violations] == [K12_CONTRIBUTOR], [f.detail for f in report.violations]

    @pytest.mark.ckan_config("ckanext.jena.dcat.contributor_id", LISTED_CONTRIBUTOR)
    def test_dcat_ap_de_2_0_zero_violations_with_an_official_contributor_id(
        self, shapes_dir: Path, demo_datasets: list[dict[str, Any]]
    ) -> None:
        for dataset in demo_datasets:
            dataset = {**dataset, "contributor_id": ""}
            report = validate_dataset(dataset, version="2.0", shapes_dir=shapes_dir)
            assert report.violations == (), [f.detail for f in report.violations]
            report = validate_dataset(dataset, version="3.0", shapes_dir=shapes_dir)
            assert "dcatde:contributorID" not in {f.path for f in report.warnings}

    def test_high_value_datasets_conform_to_the_hvd_shapes(
        self, shapes_dir: Path, demo_datasets: list[dict[str, Any]]
    ) -> None:
        hvd = [dataset for dataset in demo_datasets if dataset.get("hvd_category")]
        assert hvd, "the demo data has high-value datasets"
        found = {}
        for dataset in hvd:
            report = validate_dataset(dataset, version="hvd", shapes_dir=shapes_dir)
            found[dataset["name"]] = [f.text("de") for f in report.violations]
        assert all(not violations for violations in found.values()), found

    def test_catalog_page_conforms(self, app: Any, shapes_dir: Path, demo_datasets: list[dict[str, Any]]) -> None:
        page = support.parse(app.get("/catalog.ttl").body, "ttl")
        assert len(set(page.subjects(RDF.type, DCAT.Dataset))) > 50

        report = validate_graph(page, version="3.0", shapes_dir=shapes_dir)

        assert report.violations == (), [f.text("de") for f in report.violations]
        assert {o.datatype for o in page.objects(None, DCAT.byteSize)} == {XSD.nonNegativeInteger}
        assert not set(page.objects(None, LOCN.geometry)), "3.0: the geometry is a GeoSPARQL node"

    def test_govdata_catalog_page_conforms_to_2_0(
        self, app: Any, shapes_dir: Path, demo_datasets: list[dict[str, Any]]
    ) -> None:
        """The DCAT-AP.de 2.0 flavour (the URL GovData harvests): geometry as locn:geometry literal,
        byte size as xsd:decimal; only the missing official contributorID remains (see above)."""
        page = support.parse(app.get("/catalog.ttl?profiles=dcat_ap_de_2").body, "ttl")
        assert len(set(page.subjects(RDF.type, DCAT.Dataset))) > 50
        assert {o.datatype for o in page.objects(None, DCAT.byteSize)} == {XSD.decimal}
        located = set(page.subjects(GSP.hasGeometry, None))
        assert len(located) > 50 and set(page.subjects(LOCN.geometry, None)) == located

        report = validate_graph(page, version="2.0", shapes_dir=shapes_dir)

        assert all(f.detail.startswith(K12_CONTRIBUTOR) for f in report.violations), [
            f.detail for f in report.violations
        ]

    def test_fast_check_equals_pyshacl_with_full_rdfs_inference(
        self, shapes_dir: Path, demo_datasets: list[dict[str, Any]]
    ) -> None:
        """The validator applies only the subclass closure; a full RDFS run must find the same."""
        shapes = Graph()
        for name in SHAPE_FILES["3.0"]:
            shapes.parse(shapes_dir / name, format="turtle")
        shapes.parse(data=JENA_SHAPES, format="turtle")
        ontology = Graph()
        for name in ONTOLOGY_FILES:
            ontology.parse(shapes_dir / name, format="xml" if name.endswith(".rdf") else "turtle")
        index = VocabularyIndex.load(shapes_dir)
        sample = demo_datasets[::9]
        for dataset in sample:
            graph, _ref = dataset_graph(dataset)
            data = Graph()
            for triple in [*graph, *index.triples_for(graph)]:
                data.add(triple)
            _conforms, report, _text = pyshacl.validate(
                data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=True
            )
            assert raw_results(graph, "3.0", shapes_dir) == result_tuples(report), dataset["name"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestFindingsForDataManagers:
    def _graph(self, sysadmin: Any, department: Any) -> tuple[Graph, URIRef, dict[str, Any]]:
        shown = support.create(sysadmin, **support.full_dataset(department["id"]))
        graph, ref = dataset_graph(shown)
        return graph, ref, shown

    def test_violations_are_plain_german_with_the_official_text_as_detail(
        self, sysadmin: Any, department: Any, shapes_dir: Path
    ) -> None:
        graph, ref, _shown = self._graph(sysadmin, department)
        csv = next(d for d in graph.objects(ref, DCAT.distribution) if "(CSV)" in str(graph.value(d, DCT.title)))
        graph.remove((csv, DCT.license, None))
        graph.remove((ref, DCATDE.contributorID, None))
        graph.set((ref, DCATAP.availability, Literal("immer")))

        report = validate_graph(graph, version="3.0", shapes_dir=shapes_dir, label="baustellen-voll")

        texts = {f.text("de") for f in report.violations}
        title = support.FULL["title"]
        assert "Distribution „Baustellen (CSV)“: „Lizenz“ fehlt." in texts
        assert f"Datensatz „{title}“: „GovData-Datenbereitsteller-ID“ fehlt." in texts
        assert any(t.startswith(f"Datensatz „{title}“: „Verfügbarkeit“") for t in texts), texts
        licence = next(f for f in report.violations if f.path == "dct:license")
        assert licence.detail == "DE: dcat:Distribution: MUSS eine dcterms:license haben."
        assert licence.message_en == "“licence” is missing."
        assert not report.conforms
        as_dict = report.as_dict()
        assert as_dict["conforms"] is False
        assert {"message_de", "message_en", "detail", "path", "focus"} <= set(as_dict["violations"][0])

    def test_vocabulary_values_outside_the_list_name_the_dataset(
        self, sysadmin: Any, department: Any, shapes_dir: Path
    ) -> None:
        graph, ref, _shown = self._graph(sysadmin, department)
        graph.set((ref, DCT.accrualPeriodicity, URIRef("http://example.org/frequency/sometimes")))

        report = validate_graph(graph, version="3.0", shapes_dir=shapes_dir)

        finding = next(f for f in report.violations if f.path == "dct:accrualPeriodicity")
        assert finding.text("de") == (
            f"Datensatz „{support.FULL['title']}“: „Aktualisierungsfrequenz“: Der Wert "
            "http://example.org/frequency/sometimes stammt nicht aus dem vorgeschriebenen Vokabular."
        )

    def test_report_for_a_conforming_dataset(self, sysadmin: Any, department: Any, shapes_dir: Path) -> None:
        shown = support.create(sysadmin, **support.full_dataset(department["id"]))

        report = validate_dataset(shown, shapes_dir=shapes_dir)

        assert isinstance(report, ValidationReport)
        assert report.conforms and report.dataset == "baustellen-voll" and report.version == "3.0"
        assert {f.path for f in report.warnings} <= EXPECTED_WARNINGS_3_0
        assert report.duration_ms > 0

    def test_an_unchanged_dataset_is_validated_once_per_version_and_settings(
        self, sysadmin: Any, department: Any, shapes_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from ckan.common import config as ckan_config

        shown = support.create(sysadmin, **support.full_dataset(department["id"]))

        first = validate_dataset(shown, shapes_dir=shapes_dir)

        assert validate_dataset(dict(shown), shapes_dir=shapes_dir) is first  # remembered
        assert validate_dataset(shown, version="2.0", shapes_dir=shapes_dir) is not first
        changed = validate_dataset({**shown, "name": "baustellen-anders"}, shapes_dir=shapes_dir)
        assert changed is not first and changed.dataset == "baustellen-anders"
        monkeypatch.setitem(ckan_config, "ckanext.jena.dcat.contributor_id", LISTED_CONTRIBUTOR)
        assert validate_dataset(shown, shapes_dir=shapes_dir) is not first  # other settings, other graph

    def test_missing_shapes_folder_is_a_clear_error(self, tmp_path: Path) -> None:
        from ckanext.jena.dcat.shapes import ShapesUnavailableError

        with pytest.raises(ShapesUnavailableError) as caught:
            validate_graph(Graph(), shapes_dir=tmp_path)
        assert "v3.0/dcat-ap-SHACL.ttl" in caught.value.message_de
        assert caught.value.message_de.startswith("Die offiziellen DCAT-AP.de-Prüfregeln (SHACL) fehlen")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestReleaseGate:
    def _submitted(self, sysadmin: Any, department: Any) -> dict[str, Any]:
        shown = support.create(sysadmin, **support.full_dataset(department["id"], contributor_id=""))
        call_action("jena_release_submit", support.sysadmin_context(sysadmin), id=shown["id"])
        return shown

    @pytest.mark.ckan_config("ckanext.jena.dcat.contributor_id", "")
    def test_approval_is_blocked_by_a_dcat_violation(self, sysadmin: Any, department: Any) -> None:
        from ckan.tests import factories

        shown = self._submitted(sysadmin, department)
        approver = factories.Sysadmin()

        with pytest.raises(Exception) as caught:
            call_action("jena_release_approve", support.sysadmin_context(approver), id=shown["id"])

        messages = caught.value.error_dict["gates"]  # type: ignore[attr-defined]
        assert any(
            m.startswith("DCAT-AP.de-Konformität") and "„GovData-Datenbereitsteller-ID“ fehlt." in m for m in messages
        ), messages
        assert _private(shown["id"])

    def test_conforming_dataset_passes_the_gate(self, sysadmin: Any, department: Any) -> None:
        from ckan.tests import factories

        shown = self._submitted(sysadmin, department)
        reviewer = factories.Sysadmin()

        info = call_action("jena_release_show", support.sysadmin_context(reviewer), id=shown["id"], include_gates=True)

        (gate,) = [g for g in info["gates"] if g["name"] == "dcat_ap_de"]
        assert gate["passed"] and gate["failures"] == []
        assert gate["label"] == "DCAT-AP.de-Konformität (GovData, EU-Datenportal)"


@pytest.mark.usefixtures("with_plugins")
def test_high_value_datasets_are_also_checked_against_the_hvd_shapes(shapes_dir: Path) -> None:
    """A service distribution without a contact point passes DCAT-AP.de 3.0 but not DCAT-AP HVD:
    the release gate names it for a high-value dataset only."""
    from ckanext.jena.dcat.gate import dcat_gate
    from ckanext.jena.release.gates import GateInput

    dataset = support.full_dataset("stadt-jena", contact_point_name="", contact_point_email="", contact_point_url="")
    dataset["id"] = "00000000-0000-4000-8000-000000000001"
    dataset["resources"].append({"name": "Baustellen (WMS)", "url": "https://geo.jena.de/wms", "format": "WMS_SRVC"})
    for number, resource in enumerate(dataset["resources"]):
        resource.update(id=f"00000000-0000-4000-8000-00000000010{number}", package_id=dataset["id"])

    def gate(package: dict[str, Any]) -> list[str]:
        checked = GateInput(package_id=package["id"], dataset_type="dataset", package=package, is_revision=False)
        return [failure.message for failure in dcat_gate(checked)]

    assert not any("Kontaktstelle" in text for text in gate({**dataset, "hvd_category": []}))
    found = gate(dataset)
    assert any("Kontaktstelle" in text and "fehlt" in text for text in found), found
    assert len(found) == len(set(found))  # a finding of both shape sets is named once


def _private(dataset_id: str) -> bool:
    from ckan import model

    model.Session.remove()
    return bool(model.Package.get(dataset_id).private)
