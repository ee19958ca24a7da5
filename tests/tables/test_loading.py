"""The loader: German CSV and XLSX files become typed tables; bad files leave a German message
on the resource page and the previous table untouched; the worker goes on."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from ckan.lib import uploader
from ckan.tests.helpers import call_action
from ckanext.datastore.backend.postgres import get_write_engine

from tests.release.support import People, context, make_dataset
from tests.tables.support import DATA, file_server, rows, run_queued_jobs, state, types

GERMAN_TYPES = {
    "Messstelle": "text",
    "Straße": "text",
    "Größe (m²)": "numeric",
    "Einwohner": "int4",
    "Datum": "date",
    "Zeitpunkt": "timestamp",
    "PLZ": "text",
    "Bemerkung": "text",
}


def _resource(people: People, **fields: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    dataset = make_dataset(people, resources=[{"name": "Messwerte", **fields}])
    return dataset, dataset["resources"][0]


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "clean_queues")
class TestGermanFiles:
    @pytest.mark.parametrize("filename", ["wetter_utf8_bom.csv", "wetter_cp1252.csv"])
    def test_upload_becomes_a_typed_table(self, app: Any, people: People, create_with_upload: Any, filename: str):
        dataset = make_dataset(people, resources=[])
        resource = create_with_upload(
            (DATA / filename).read_bytes(),
            filename,
            context=context(people.editor),
            package_id=dataset["id"],
            name="Messwerte",
            format="CSV",
        )
        assert state(resource["id"])[0] == "queued"
        assert run_queued_jobs() == 1
        assert state(resource["id"]) == ("loaded", None)
        assert types(resource["id"]) == GERMAN_TYPES
        first, _, third = rows(resource["id"])
        assert first["Größe (m²)"] == 1234.5 and first["Einwohner"] == 102518
        assert first["Datum"] == "2023-12-31" and first["Zeitpunkt"] == "2023-12-31T23:59:00.000"
        assert first["PLZ"] == "07743" and third["Größe (m²)"] is None and third["Messstelle"] == "Zwätzen"
        # a formula never leaves the portal live (stored with an apostrophe, so every export has it)
        assert first["Bemerkung"] == '\'=HYPERLINK("http://böse.example";"klick")'
        dump = app.get(f"/datastore/dump/{resource['id']}", headers={"Authorization": _token(people)})
        assert "'=HYPERLINK" in dump.get_data(as_text=True)
        assert "\n=" not in dump.get_data(as_text=True) and ",=" not in dump.get_data(as_text=True)
        shown = call_action("resource_show", context(people.editor), id=resource["id"])
        assert shown["datastore_active"] is True
        views = call_action("resource_view_list", context(people.editor), id=resource["id"])
        assert [view["view_type"] for view in views].count("datatables_view") == 1

    def test_xlsx_link_is_fetched_through_the_address_policy(
        self, people: People, tmp_path: Path, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
    ):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Baumart", "Höhe (m)", "Pflanzjahr", "Gepflanzt am"])
        sheet.append(["Winterlinde", 12.5, 1990, _date(1990, 4, 3)])
        sheet.append(["Spitzahorn", 8, 2004, _date(2004, 11, 20)])
        book.save(tmp_path / "baeume.xlsx")
        with file_server(tmp_path, {}) as base:
            _, refused = _resource(people, url=f"{base}/baeume.xlsx", format="XLSX")
            run_queued_jobs()
            assert state(refused["id"])[0] == "failed"
            assert "interne Adresse" in state(refused["id"])[1]
            monkeypatch.setitem(ckan_config, "ckanext.jena.tables.allowed_hosts", ["127.0.0.1"])
            _, resource = _resource(people, url=f"{base}/baeume.xlsx", format="XLSX")
            run_queued_jobs()
        assert state(resource["id"]) == ("loaded", None)
        assert types(resource["id"]) == {
            "Baumart": "text",
            "Höhe (m)": "numeric",
            "Pflanzjahr": "int4",
            "Gepflanzt am": "date",
        }
        assert rows(resource["id"])[0] == {
            "Baumart": "Winterlinde",
            "Höhe (m)": 12.5,
            "Pflanzjahr": 1990,
            "Gepflanzt am": "1990-04-03",
        }


def _date(year: int, month: int, day: int) -> Any:
    import datetime

    return datetime.datetime(year, month, day)


def _token(people: People) -> str:
    from tests.auth import auth_headers

    return auth_headers(people.editor)["Authorization"]


def _zip_bomb(path: Path, unpacked_mb: int) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (unpacked_mb * 2**20))


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "clean_queues")
def test_bad_files_leave_a_message_and_the_previous_table(
    people: People, tmp_path: Path, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(ckan_config, "ckanext.jena.tables.allowed_hosts", ["127.0.0.1"])
    monkeypatch.setitem(ckan_config, "ckanext.jena.tables.max_xlsx_unpacked_mb", 2)
    for name in ("wetter_cp1252.csv", "ragged.csv", "unbalanced_quotes.csv", "mixed_encoding.csv", "utf16.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    _zip_bomb(tmp_path / "bombe.xlsx", unpacked_mb=50)
    (tmp_path / "leer.csv").write_bytes(b"")
    redirects = {"/umleitung.csv": "http://169.254.169.254/latest/meta-data/"}
    expected = {
        "ragged.csv": "Zeile 3 hat 3 Felder, die Kopfzeile aber 2",
        "unbalanced_quotes.csv": "ein Anführungszeichen ist nicht geschlossen",
        "mixed_encoding.csv": "Die Datei mischt Zeichenkodierungen",
        "utf16.csv": "keine Textdatei in UTF-8 oder Windows-1252",
        "bombe.xlsx": "Die XLSX-Datei entpackt sich auf 50 MB (erlaubt: 2 MB)",
        "leer.csv": "Die Datei enthält keine Kopfzeile.",
        "umleitung.csv": "Die Quelle 169.254.169.254 (169.254.169.254) ist eine interne Adresse",
        "fehlt.csv": "antwortet mit HTTP 404",
    }
    with file_server(tmp_path, redirects) as base:
        _, resource = _resource(people, url=f"{base}/wetter_cp1252.csv", format="CSV")
        run_queued_jobs()
        good = rows(resource["id"])
        assert len(good) == 3 and state(resource["id"])[0] == "loaded"
        for name, message in expected.items():
            file_format = "XLSX" if name.endswith("xlsx") else "CSV"
            call_action(
                "resource_patch", context(people.editor), id=resource["id"], url=f"{base}/{name}", format=file_format
            )
            assert run_queued_jobs() == 1, name  # the job ended normally: the worker goes on
            found, said = state(resource["id"])
            assert found == "failed" and said is not None and message in said, (name, said)
            assert rows(resource["id"]) == good, name  # the previous table stays as it was
    # no staging table is left behind
    with get_write_engine().connect() as conn:
        left = conn.execute(sa.text("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'jena_staging_%'"))
        assert left.scalar() == 0


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "clean_queues")
def test_a_1_gb_upload_is_refused_without_being_read(
    people: People, create_with_upload: Any, ckan_config: Any, monkeypatch: pytest.MonkeyPatch
):
    dataset = make_dataset(people, resources=[])
    resource = create_with_upload(
        b"Name;Wert\nA;1\n", "gross.csv", context=context(people.editor), package_id=dataset["id"], format="CSV"
    )
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    with open(path, "r+b") as handle:  # sparse: 1 GB on paper, no disk space used
        handle.truncate(1024**3)
    assert os.path.getsize(path) == 1024**3
    run_queued_jobs()
    found, said = state(resource["id"])
    assert found == "failed"
    assert said == "Die Datei ist zu groß für die Tabellenansicht (1.024 MB, erlaubt sind 100 MB)."
    from ckanext.datastore.backend import DatastoreBackend

    assert not DatastoreBackend.get_active_backend().resource_exists(resource["id"])
