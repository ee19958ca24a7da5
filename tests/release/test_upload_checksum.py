"""Issue 20 (7): the portal computes what a file is; a department is never asked for it."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from ckan.tests.helpers import call_action
from werkzeug.datastructures import FileStorage

from tests.release.support import People, context, make_dataset

CSV = b"Name;Ortsteil\nBrunnen am Markt;Jena-Zentrum\n"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_upload_gets_its_checksum_size_and_media_type(people: People) -> None:
    dataset = make_dataset(people, resources=[])
    upload = FileStorage(stream=io.BytesIO(CSV), filename="brunnen.csv", content_type="text/csv")
    resource: dict[str, Any] = call_action(
        "resource_create", context(people.editor), package_id=dataset["id"], name="Brunnen", upload=upload
    )
    assert resource["hash"] == hashlib.sha256(CSV).hexdigest()
    assert resource["hash_algorithm"] == "sha256"
    assert resource["size"] == len(CSV)
    assert resource["mimetype"] == "text/csv"
    assert resource["format"] == "CSV"
