from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from tests.release.support import context, make_dataset, publish


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestSmoke:
    def test_draft_then_published(self, people):
        dataset = make_dataset(people)
        assert dataset["private"] is True
        assert call_action("package_search", context(None), q=f"name:{dataset['name']}")["count"] == 0
        publish(people, dataset)
        assert call_action("package_search", context(None), q=f"name:{dataset['name']}")["count"] == 1
        assert call_action("package_show", context(None), id=dataset["id"])["private"] is False
