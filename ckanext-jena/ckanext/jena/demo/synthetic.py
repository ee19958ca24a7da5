"""Synthetic catalogues of any size (10k-200k datasets) for benchmarks.

:func:`generate_datasets` streams realistic, varied ``package_create`` dicts:
German titles and descriptions combined from the topics of ``vocabulary.py``,
the 14 demo departments, all three dataset types, code-list values, dates from
2016 to 2026 and extents in and around Jena. Dataset *i* depends only on
``(seed, i)``, so the output is deterministic, any prefix of a long run equals a
short run, and memory stays flat. The search and DCAT benchmarks use it directly;
:func:`generate_catalog` loads it through the Action API (``catalog.py``; imported
lazily, so this module works without a configured CKAN).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ckanext.jena.demo import vocabulary as voc
from ckanext.jena.demo.source import geojson_text, read_demo_source

if TYPE_CHECKING:
    from ckanext.jena.demo.catalog import CatalogReport

__all__ = ["generate_catalog", "generate_datasets", "slugify", "synthetic_name"]

FIRST_DAY = dt.date(2016, 1, 4)
LAST_DAY = dt.date(2026, 11, 13)

TYPE_WEIGHTS = {"dataset": 55, "geodata": 33, "realtime": 12}
FREQUENCY_WEIGHTS = {
    "DAILY": 6, "WEEKLY": 6, "MONTHLY": 14, "QUARTERLY": 10, "ANNUAL_2": 3, "ANNUAL": 30,
    "BIENNIAL": 3, "IRREG": 18, "NEVER": 10,
}  # fmt: skip
REALTIME_FREQUENCIES = ("CONT", "UPDATE_CONT")
LICENSE_WEIGHTS = {"dl-by-de/2.0": 70, "dl-zero-de/2.0": 16, "cc-by/4.0": 10, "cc-zero": 4}
ATTRIBUTION_LICENSES = frozenset({"dl-by-de/2.0", "cc-by/4.0"})
AVAILABILITY_WEIGHTS = {"STABLE": 70, "AVAILABLE": 20, "TEMPORARY": 5, "EXPERIMENTAL": 5}
HVD_LEGISLATION = "http://data.europa.eu/eli/reg_impl/2023/138/oj"

FILE_TYPES: dict[str, tuple[str, str]] = {  # format code -> (file extension, media type)
    "CSV": ("csv", "text/csv"),
    "XLSX": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "JSON": ("json", "application/json"),
    "GEOJSON": ("geojson", "application/geo+json"),
    "PDF": ("pdf", "application/pdf"),
    "ZIP": ("zip", "application/zip"),
    "SHP": ("shp.zip", "application/zip"),
    "XML": ("xml", "application/xml"),
}
# First format of each list always comes; further ones are drawn from the rest.
DOWNLOADS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "dataset": ("CSV", "XLSX", "JSON", "PDF", "XML", "ZIP"),
    "geodata": ("GEOJSON", "CSV", "SHP", "PDF"),
    "realtime": ("CSV", "JSON", "ZIP"),
}


@dataclass(frozen=True)
class Place:
    label: str  # for titles ("Winzerla", "Stadt Jena")
    phrase: str  # after a noun ("in Winzerla", "im gesamten Stadtgebiet")
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    districts: tuple[str, ...]


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def slugify(text: str) -> str:
    """ASCII URL slug of a German text (``Straßenbäume in Lobeda`` -> ``strassenbaeume-in-lobeda``)."""
    return re.sub(r"[^a-z0-9]+", "-", text.translate(_UMLAUTS).lower()).strip("-")


def synthetic_name(title: str, seed: int, index: int) -> str:
    """Unique, stable dataset name: title slug plus seed and running number."""
    return f"{slugify(title)[:70].rstrip('-')}-s{seed}-{index:06d}"


def generate_datasets(count: int, seed: int = 0, start: int = 0) -> Iterator[dict[str, Any]]:
    """Yield ``count`` synthetic ``package_create`` dicts, numbers ``start`` .. ``start + count - 1``."""
    if count < 0 or start < 0:
        raise ValueError("count and start must not be negative")
    for index in range(start, start + count):
        yield _dataset(random.Random(f"jena-synthetic:{seed}:{index}"), seed, index)


def _dataset(rng: random.Random, seed: int, index: int) -> dict[str, Any]:
    dataset_type = _weighted(rng, TYPE_WEIGHTS)
    topic = rng.choice([t for t in voc.TOPICS if dataset_type in t.types])
    department = _departments()[topic.org]
    place = _place(rng)
    aspect = rng.choice(topic.aspects)
    issued = _day(rng, FIRST_DAY, LAST_DAY)
    modified = _day(rng, issued, LAST_DAY)
    title = _title(rng, dataset_type, topic, aspect, place, issued)
    name = synthetic_name(title, seed, index)
    frequency = rng.choice(REALTIME_FREQUENCIES) if dataset_type == "realtime" else _weighted(rng, FREQUENCY_WEIGHTS)
    license_id = _weighted(rng, LICENSE_WEIGHTS)
    steward = f"{rng.choice(voc.FIRST_NAMES)} {rng.choice(voc.LAST_NAMES)}"
    data: dict[str, Any] = {
        "type": dataset_type,
        "name": name,
        "title": title,
        "owner_org": topic.org,
        "notes": _notes(rng, dataset_type, topic, aspect, place, frequency),
        "tags": [{"name": tag} for tag in _tags(rng, topic, place)],
        "theme": list(topic.themes),
        "jena_category": list(topic.categories),
        "frequency": frequency,
        "issued": issued.isoformat(),
        "modified": modified.isoformat(),
        "data_steward": steward,
        "contact_point_name": department["title"],
        "contact_point_email": department["email"],
        "maintainer": steward,
        "maintainer_email": department["email"],
        "license_id": license_id,
        "availability": _weighted(rng, AVAILABILITY_WEIGHTS),
        "language": ["DEU"] if rng.random() < 0.9 else ["DEU", "ENG"],
        "spatial": geojson_text(_geometry(rng, place.bbox)),
        "url": f"https://opendata.jena.de/datensatz/{name}",
        "resources": _resources(rng, dataset_type, name, topic, aspect),
    }
    if place.districts:
        data["district"] = list(place.districts)
    if not _inside(place.bbox, voc.CITY_BBOX):
        data["spatial_outside_confirmed"] = True
    if license_id in ATTRIBUTION_LICENSES:
        data["attribution_text"] = "Stadt Jena"
    if topic.hvd and rng.random() < 0.8:
        data["hvd_category"] = [topic.hvd]
        data["applicable_legislation"] = [HVD_LEGISLATION]
    if rng.random() < 0.6:
        data.update(_temporal(rng, issued))
    if rng.random() < 0.3:
        data["version"] = str(modified.year)
    if dataset_type == "geodata":
        data.update(_geodata_fields(rng, name, topic))
    elif dataset_type == "realtime":
        data.update(_realtime_fields(rng, name, topic, place.bbox))
    return data


@functools.cache
def _departments() -> Mapping[str, Mapping[str, Any]]:
    """The demo departments (organizations.yaml) by name: the synthetic datasets belong to them."""
    return {org["name"]: org for org in read_demo_source().organizations}


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _place(rng: random.Random) -> Place:
    """An Ortsteil (45 %), the whole city (40 %) or a part of the surrounding region (15 %)."""
    roll = rng.random()
    if roll < 0.45:
        code = rng.choice(list(voc.DISTRICTS))
        label, lon, lat = voc.DISTRICTS[code]
        half_w, half_h = rng.uniform(0.003, 0.009), rng.uniform(0.002, 0.006)
        return Place(label, f"in {label}", (lon - half_w, lat - half_h, lon + half_w, lat + half_h), (code,))
    if roll < 0.85:
        return Place("Stadt Jena", "im gesamten Stadtgebiet", voc.CITY_BBOX, ())
    label, phrase, box = rng.choice(voc.REGIONS)
    return Place(label, phrase, box, ())


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _geometry(rng: random.Random, bbox: tuple[float, float, float, float]) -> dict[str, Any]:
    min_lon, min_lat, max_lon, max_lat = (round(v, 5) for v in bbox)
    if rng.random() < 0.1:
        return {"type": "Point", "coordinates": [round((min_lon + max_lon) / 2, 5), round((min_lat + max_lat) / 2, 5)]}
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _title(rng: random.Random, dataset_type: str, topic: voc.Topic, aspect: str, place: Place, issued: dt.date) -> str:
    if dataset_type == "realtime":
        patterns = ("{s} – Messwerte in Echtzeit ({w})", "{s} {a} – aktuelle Werte ({w})", "Echtzeitdaten: {s} {a}")
    elif dataset_type == "geodata":
        patterns = ("{s} {a} ({w})", "{s} – {w}, Stand {y}", "Geodaten {s} {a} – {w}", "{s} {a}, Stand {y}")
    else:
        patterns = ("{s} {a} {y}", "{s} {a} – {w}", "{s} {a} {p} ({w})", "{s} {y} ({w})", "{s} {a} – {w} {y}")
    period = f"{issued.year - rng.randint(3, 10)}–{issued.year}"
    return rng.choice(patterns).format(s=topic.subject, a=aspect, w=place.label, y=issued.year, p=period)


def _notes(rng: random.Random, dataset_type: str, topic: voc.Topic, aspect: str, place: Place, frequency: str) -> str:
    sentences = [
        f"Der Datensatz enthält Angaben zu {topic.dative} {aspect} {place.phrase}.",
        rng.choice(voc.SOURCE_SENTENCES),
        f"Er wird {voc.FREQUENCY_PHRASES[frequency]}.",
    ]
    if dataset_type == "geodata":
        sentences.append(rng.choice(voc.GEO_SENTENCES))
    elif dataset_type == "realtime":
        sentences.append(rng.choice(voc.REALTIME_SENTENCES))
    sentences.extend(rng.sample(voc.HINT_SENTENCES, rng.randint(0, 2)))
    return " ".join(sentences)


def _tags(rng: random.Random, topic: voc.Topic, place: Place) -> list[str]:
    tags = rng.sample(topic.tags, rng.randint(2, len(topic.tags)))
    if place.districts:
        tags.append(place.label.replace("/", " "))  # CKAN tags allow no slash
    return tags


def _temporal(rng: random.Random, issued: dt.date) -> dict[str, str]:
    start = dt.date(issued.year - rng.randint(0, 12), rng.choice((1, 1, 1, 4, 7, 10)), 1)
    data = {"temporal_start": start.isoformat()}
    if rng.random() < 0.7:
        data["temporal_end"] = dt.date(max(start.year, issued.year - rng.randint(0, 1)), 12, 31).isoformat()
    return data


def _resources(rng: random.Random, dataset_type: str, name: str, topic: voc.Topic, aspect: str) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = []
    if dataset_type == "geodata":
        resources.extend(_service(kind, name, topic) for kind in ("WMS", "WFS")[: rng.randint(1, 2)])
    elif dataset_type == "realtime":
        resources.append(
            {
                "name": f"{topic.subject} – aktuelle Werte (JSON-API)",
                "url": f"https://opendata.jena.de/api/{name}/v1/aktuell",
                "format": "JSON",
                "mimetype": "application/json",
            }
        )
    first, *others = DOWNLOADS_BY_TYPE[dataset_type]
    for fmt in [first, *rng.sample(others, rng.randint(0, 2))]:
        extension, mimetype = FILE_TYPES[fmt]
        resources.append(
            {
                "name": _download_name(fmt, topic, aspect),
                "url": f"https://opendata.jena.de/data/{name}/{slugify(topic.subject)}.{extension}",
                "format": fmt,
                "mimetype": mimetype,
                "size": int(min(rng.lognormvariate(11.5, 1.8), 2_000_000_000)),
            }
        )
    return resources


def _download_name(fmt: str, topic: voc.Topic, aspect: str) -> str:
    if fmt == "PDF":
        return "Erläuterungen und Methodik (PDF)"
    if fmt == "ZIP":
        return f"{topic.subject} – Gesamtdownload (ZIP)"
    if fmt == "SHP":
        return f"{topic.subject} (Shapefile)"
    return f"{topic.subject} {aspect} ({fmt.replace('GEOJSON', 'GeoJSON')})"


def _service(kind: str, name: str, topic: voc.Topic) -> dict[str, Any]:
    return {
        "name": f"{topic.subject} ({kind})",
        "url": f"https://geodaten.jena.de/{kind.lower()}/{name}?SERVICE={kind}&REQUEST=GetCapabilities",
        "format": f"{kind}_SRVC",
        "mimetype": "text/xml",
    }


def _geodata_fields(rng: random.Random, name: str, topic: voc.Topic) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference_system": rng.choice(("EPSG:25832", "EPSG:25832", "EPSG:25832", "EPSG:4326", "EPSG:4258")),
        "wms_url": f"https://geodaten.jena.de/wms/{name}",
        "wfs_url": f"https://geodaten.jena.de/wfs/{name}",
    }
    if rng.random() < 0.7:
        data["scale_denominator"] = rng.choice((500, 1000, 2500, 5000, 10000, 25000))
    else:
        data["spatial_resolution_m"] = rng.choice((0.1, 0.2, 0.5, 1, 5, 10, 25))
    if topic.inspire:
        data["inspire_theme"] = topic.inspire
    return data


def _realtime_fields(
    rng: random.Random, name: str, topic: voc.Topic, bbox: tuple[float, float, float, float]
) -> dict[str, Any]:
    min_lon, min_lat, max_lon, max_lat = bbox
    points = [
        [round(rng.uniform(min_lon, max_lon), 5), round(rng.uniform(min_lat, max_lat), 5)]
        for _ in range(rng.randint(1, 8))
    ]
    parameters = topic.parameters or ("Messwert", "Zeitstempel")
    return {
        "api_endpoint": f"https://opendata.jena.de/api/{name}/v1",
        "sensor_locations": geojson_text({"type": "MultiPoint", "coordinates": points}),
        "measured_parameters": list(rng.sample(parameters, rng.randint(1, len(parameters)))),
    }


def generate_catalog(count: int, seed: int = 0, progress: bool = True, *, batch_size: int = 200) -> CatalogReport:
    """Load ``generate_datasets(count, seed)`` through the Action API (see ``catalog.py``).

    Imported lazily so this module stays usable without a configured CKAN.
    """
    from ckanext.jena.demo.catalog import generate_catalog as load_catalog

    return load_catalog(count, seed, progress, batch_size=batch_size)
