"""The synthetic catalogue generator: determinism, streaming, variety, valid values (no database needed)."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import Counter
from typing import Any

import pytest

from ckanext.jena.codelists import get_codelist
from ckanext.jena.demo import vocabulary
from ckanext.jena.demo.source import read_demo_source
from ckanext.jena.demo.synthetic import generate_datasets, slugify

from .test_source import CODED_FIELDS, HVD_LEGISLATION, _as_list, _positions

SAMPLE = list(generate_datasets(3000, seed=7))
# Jena and its surrounding region (REGIONS in vocabulary.py).
REGION_FRAME = (11.40, 50.76, 11.80, 51.08)
CKAN_TAG = re.compile(r"[\w \-.]{2,100}")


def test_same_seed_same_catalogue_and_prefixes_agree() -> None:
    assert list(generate_datasets(40, seed=7)) == SAMPLE[:40]
    assert list(generate_datasets(10, seed=7, start=100)) == SAMPLE[100:110]


def test_other_seed_other_catalogue() -> None:
    other = list(generate_datasets(40, seed=8))
    assert [d["title"] for d in other] != [d["title"] for d in SAMPLE[:40]]
    assert not {d["name"] for d in other} & {d["name"] for d in SAMPLE}


def test_streams_without_materialising_the_catalogue() -> None:
    started = time.monotonic()
    stream = generate_datasets(10**9, seed=1)
    first = next(stream)
    assert first["name"].endswith("-s1-000000")
    assert time.monotonic() - started < 1.0


def test_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        list(generate_datasets(-1))


def test_names_are_unique_and_valid_ckan_names() -> None:
    names = [d["name"] for d in SAMPLE]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z0-9-]{2,100}", name) for name in names)


def test_catalogue_is_varied() -> None:
    types = Counter(d["type"] for d in SAMPLE)
    assert set(types) == {"dataset", "geodata", "realtime"}
    assert 0.45 < types["dataset"] / len(SAMPLE) < 0.65
    assert 0.05 < types["realtime"] / len(SAMPLE) < 0.2
    assert {d["owner_org"] for d in SAMPLE} == {org["name"] for org in read_demo_source().organizations}
    assert len({d["title"] for d in SAMPLE}) > 0.6 * len(SAMPLE)
    assert len({d["notes"] for d in SAMPLE}) > 0.9 * len(SAMPLE)
    assert len({t["name"] for d in SAMPLE for t in d["tags"]}) > 100
    assert len({d["frequency"] for d in SAMPLE}) >= 9
    assert len({d["license_id"] for d in SAMPLE}) >= 4
    assert len({d.get("district", ["-"])[0] for d in SAMPLE}) == len(vocabulary.DISTRICTS) + 1
    formats = Counter(r["format"] for d in SAMPLE for r in d["resources"])
    assert {"CSV", "GEOJSON", "JSON", "PDF", "XLSX", "WMS_SRVC", "WFS_SRVC"} <= set(formats)
    issued = sorted(dt.date.fromisoformat(d["issued"]) for d in SAMPLE)
    assert issued[0].year == 2016 and issued[-1].year == 2026
    outside = sum(1 for d in SAMPLE if d.get("spatial_outside_confirmed"))
    assert 0.05 < outside / len(SAMPLE) < 0.3, "mostly inside Jena, some in the surrounding region"


def test_text_is_german() -> None:
    text = " ".join(d["title"] + " " + d["notes"] for d in SAMPLE[:300])
    assert {"ä", "ö", "ü", "ß"} <= set(text)
    assert "Der Datensatz enthält Angaben zu" in text


@pytest.mark.parametrize("index", range(0, 3000, 7))
def test_values_follow_the_contract(index: int) -> None:
    dataset: dict[str, Any] = SAMPLE[index]
    for field, codelist in CODED_FIELDS.items():
        for value in _as_list(dataset.get(field, [])):
            assert value in get_codelist(codelist), f"{field}={value!r}"
    for resource in dataset["resources"]:
        assert resource["format"] in get_codelist("file_types")
    assert len({r["url"] for r in dataset["resources"]}) == len(dataset["resources"])
    assert all(CKAN_TAG.fullmatch(tag["name"]) for tag in dataset["tags"])
    assert dataset["issued"] <= dataset["modified"]
    if "temporal_end" in dataset:
        assert dataset["temporal_start"] <= dataset["temporal_end"]
    if get_codelist("licenses").attribute(dataset["license_id"], "attribution"):
        assert dataset["attribution_text"]
    if "hvd_category" in dataset:
        assert dataset["applicable_legislation"] == [HVD_LEGISLATION]
    min_lon, min_lat, max_lon, max_lat = REGION_FRAME
    for lon, lat in _positions(json.loads(dataset["spatial"])):
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
    if dataset["type"] == "realtime":
        assert dataset["frequency"] in {"CONT", "UPDATE_CONT"}
        assert _positions(json.loads(dataset["sensor_locations"]))
        assert dataset["measured_parameters"]
    if dataset["type"] == "geodata":
        assert dataset["reference_system"]
        assert ("scale_denominator" in dataset) != ("spatial_resolution_m" in dataset)


def test_vocabulary_uses_existing_departments_and_codes() -> None:
    departments = {org["name"] for org in read_demo_source().organizations}
    for topic in vocabulary.TOPICS:
        assert topic.org in departments
        assert set(topic.themes) <= set(get_codelist("data_themes").codes())
        assert set(topic.categories) <= set(get_codelist("jena_categories").codes())
        assert topic.hvd is None or topic.hvd in get_codelist("hvd_categories")
        assert topic.inspire is None or topic.inspire in get_codelist("inspire_themes")
        assert set(topic.types) <= {"dataset", "geodata", "realtime"}
        assert "realtime" not in topic.types or topic.parameters, topic.subject
    assert set(vocabulary.DISTRICTS) == set(get_codelist("districts").codes())


def test_slugify_transliterates_german() -> None:
    assert slugify("Straßenbäume in Jena-Süd – Gießrouten 2026") == "strassenbaeume-in-jena-sued-giessrouten-2026"
