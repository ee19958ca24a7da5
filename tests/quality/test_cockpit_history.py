"""The cockpit's chart (issue 16, part 6): daily snapshots of quality bands and overdue datasets
per department (job and CLI), the chart with its table, and the XLSX export next to the CSV."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import lxml.html
import openpyxl
from ckan import model
from freezegun import freeze_time

from ckanext.jena.cli import jena
from ckanext.jena.model import JenaQualitySnapshot
from ckanext.jena.quality import snapshots
from ckanext.jena.release import clock
from tests.auth import auth_headers
from tests.release.support import People, approve, make_dataset, publish, submit

HOSTILE_TITLE = '=HYPERLINK("https://example.org/x","Klick")'


def _rows() -> list[tuple[str, str, int, int, int]]:
    return sorted(
        (
            row.day.isoformat(),
            row.organization_id,
            row.datasets,
            row.overdue,
            row.excellent + row.good + row.sufficient + row.bad,
        )
        for row in model.Session.query(JenaQualitySnapshot)
    )


def test_snapshots_chart_and_xlsx(app: Any, cli: Any, people: People) -> None:
    weekly = make_dataset(people, frequency="WEEKLY", title=HOSTILE_TITLE)
    publish(people, weekly)
    make_dataset(people, title="Entwurf")  # a draft: not in the snapshot
    other = make_dataset(people, user=people.other_admin, owner_org=people.other_org["id"], title="Andere")
    submit(people, other, user=people.other_admin)
    approve(people, other, user=people.central)
    own, foreign = people.org["id"], people.other_org["id"]

    assert snapshots.series([own]) == []
    page = lxml.html.fromstring(app.get("/datenmanagement", headers=auth_headers(people.admin)).body)
    assert "Noch kein Verlauf" in page.xpath('//section[contains(@class, "jena-cockpit-chart")]')[0].text_content()

    # 23:30 UTC: already the next day in Jena, the edge where a UTC date would be wrong.
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=10)).replace(hour=23, minute=30)
    with freeze_time(later - dt.timedelta(days=1)):
        assert snapshots.take() == 2
    with freeze_time(later):
        result = cli.invoke(jena, ["cockpit", "snapshot"])
        assert result.exit_code == 0, result.output
        assert "Snapshot written for 2 department(s)." in result.output
        snapshots.take()  # a second run on the same day replaces the day's rows
        # The snapshot's day is the portal's local day (Europe/Berlin), not UTC's (differs after 23:00 UTC).
        local = later.astimezone(clock.display_timezone())
        yesterday, today = (local - dt.timedelta(days=1)).date().isoformat(), local.date().isoformat()
        assert _rows() == sorted(
            [(yesterday, own, 1, 1, 1), (yesterday, foreign, 1, 0, 1), (today, own, 1, 1, 1), (today, foreign, 1, 0, 1)]
        )
        [first, second] = snapshots.series([own])
        assert (first["day"], second["day"]) == (yesterday, today)
        assert second["datasets"] == 1 and second["overdue"] == 1
        assert sum(second[band] for band in snapshots.BANDS) == 1

        # The department sees its own history: the chart (data for the script) and the same values as a table.
        body = app.get("/datenmanagement", headers=auth_headers(people.admin)).body
        page = lxml.html.fromstring(body)
        [figure] = page.xpath('//figure[@data-module="jena-cockpit-chart"]')
        assert figure.get("data-module-days") == f'["{yesterday}", "{today}"]'
        assert page.xpath("//figure//canvas/@aria-label")
        rows = page.xpath('//details[contains(@class, "jena-cockpit-chart-table")]//tbody/tr')
        assert len(rows) == 2 and [td.text_content() for td in rows[0].xpath("./td")][-1] == "1"  # overdue today
        assert "_cockpit_chart.js" in body  # Chart.js from the portal itself, no CDN
        assert not [src for src in page.xpath("//script/@src") if src.startswith(("http:", "https:", "//"))]
        # The other department's chart counts its own dataset only (nothing overdue).
        page = lxml.html.fromstring(app.get("/datenmanagement", headers=auth_headers(people.other_admin)).body)
        rows = page.xpath('//details[contains(@class, "jena-cockpit-chart-table")]//tbody/tr')
        assert [td.text_content() for td in rows[0].xpath("./td")][-1] == "0"

        # XLSX next to the CSV: same header, numbers as numbers, a formula-like title kept as text.
        csv_header = app.get("/datenmanagement.csv", headers=auth_headers(people.admin)).body.lstrip("\ufeff")
        response = app.get("/datenmanagement.xlsx", headers=auth_headers(people.admin))
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="datenmanagement-alle-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert table[0] == csv_header.splitlines()[0].split(",")
    title_cells = [row[2] for row in sheet.iter_rows(min_row=2)]
    hostile = next(cell for cell in title_cells if cell.value == HOSTILE_TITLE)
    assert hostile.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    weekly_row = next(row for row in table[1:] if row[1] == weekly["name"])
    assert weekly_row[6] == 10 - 7 and weekly_row[7] == 0  # overdue days and broken links are numbers
