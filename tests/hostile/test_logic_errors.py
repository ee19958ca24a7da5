"""Crashes of CKAN's own code on missing or foreign parameters, found by the leak sweep
(tests/release/test_sweep.py): each answers 4xx now, never 500."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest


@pytest.mark.usefixtures("with_plugins")
class TestNoCrashOnMissingParameters:
    def test_user_autocomplete_for_anonymous_is_403_json(self, app: Any, portal: SimpleNamespace) -> None:
        answer = app.get("/api/util/user/autocomplete?q=red", status=403)
        assert answer.json == {
            "success": False,
            "error": {"__type": "Authorization Error", "message": "Zugriff verweigert"},
        }

    @pytest.mark.parametrize("group_type", ["dataset", "group", "organization"])
    def test_changes_of_no_activity_is_a_404_page(self, app: Any, portal: SimpleNamespace, group_type: str) -> None:
        answer = app.get(f"/{group_type}/changes_multiple", status=404)
        assert "<html" in answer.body and "Traceback" not in answer.body

    @pytest.mark.parametrize("action", ["group_member_delete", "organization_member_delete"])
    def test_member_delete_without_or_with_an_unknown_group(
        self, app: Any, portal: SimpleNamespace, action: str
    ) -> None:
        missing = app.post(f"/api/action/{action}", json={}, headers=portal.admin_headers, status=409)
        assert missing.json["error"]["id"] == ["Fehlender Wert"]
        unknown = app.post(f"/api/action/{action}", json={"id": "gibt-es-nicht"}, headers=portal.admin_headers)
        assert unknown.status_code == 404
        assert unknown.json["error"]["__type"] == "Not Found Error"

    def test_collaborator_list_for_anonymous_is_403(self, app: Any, portal: SimpleNamespace) -> None:
        answer = app.post("/api/action/package_collaborator_list", json={"id": portal.dataset["id"]}, status=403)
        assert answer.json["error"]["__type"] == "Authorization Error"

    def test_last_harvest_job_of_a_dataset_is_a_404(self, app: Any, portal: SimpleNamespace) -> None:
        answer = app.get(f"/harvest/{portal.dataset['id']}/job/last", headers=portal.editor_headers, status=404)
        assert "Traceback" not in answer.body
