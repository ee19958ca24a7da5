"""The portal offers only the guarded Jena harvesters as source types."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.logic import ValidationError

from tests.auth import auth_headers
from tests.dcat import harvesting
from tests.dcat.conftest import HARVEST_FIXTURES


@pytest.mark.usefixtures(*HARVEST_FIXTURES)
class TestSourceTypes:
    def test_the_new_source_form_offers_the_jena_types_in_german(self, app: Any, sysadmin: Any) -> None:
        page = app.get("/harvest/new", headers=auth_headers(sysadmin)).body

        assert 'value="jena_dcat_rdf"' in page and "DCAT-AP.de (RDF)" in page
        assert 'value="jena_csw"' in page and "CSW-Katalog (Geodaten)" in page
        assert 'value="dcat_rdf"' not in page and 'value="csw"' not in page

    @pytest.mark.parametrize("stock_type", ["dcat_rdf", "csw"])
    def test_the_unguarded_stock_harvesters_are_not_available(
        self, sysadmin: Any, department: Any, stock_type: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            harvesting.create_source(sysadmin, department, "https://daten.example.org/catalog.ttl", stock_type)

        assert "source_type" in caught.value.error_dict
