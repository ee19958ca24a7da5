"""Typed access to the code lists under ``schemas/codelists/`` (installed as ``jena_schemas``).

Every code list is a YAML file with a concept-scheme URI and, per code, its URI
plus a German and an English label. The same files feed the form choices, the
validators and (through :meth:`CodeList.uri`) the RDF output of the DCAT profile.

This module does not import CKAN so the DCAT profile, scripts and tests can use it
without a running application.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "LANGUAGES",
    "Code",
    "CodeList",
    "CodeListError",
    "ckan_license_list",
    "codelist_names",
    "get_codelist",
]

LANGUAGES: tuple[str, ...] = ("de", "en")
DEFAULT_LANGUAGE = "de"

_PACKAGE = "jena_schemas"
_FOLDER = "codelists"
_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_RESERVED_KEYS = frozenset({"code", "uri", "label"})


class CodeListError(ValueError):
    """A code list file is missing or breaks the code-list format."""


@dataclass(frozen=True)
class Code:
    """One entry of a code list."""

    code: str
    uri: str
    labels: Mapping[str, str]
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def label(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.labels.get(lang) or self.labels[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class CodeList:
    """An ordered, immutable code list with lookups by code and by URI."""

    name: str
    title: Mapping[str, str]
    scheme_uri: str
    source: str
    entries: tuple[Code, ...]
    _by_code: Mapping[str, Code] = field(init=False, repr=False, compare=False)
    _by_uri: Mapping[str, Code] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {entry.code: entry for entry in self.entries})
        object.__setattr__(self, "_by_uri", {entry.uri: entry for entry in self.entries})

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Code]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def codes(self) -> list[str]:
        return [entry.code for entry in self.entries]

    def entry(self, code: str) -> Code:
        """The entry for ``code``; ``KeyError`` when the code is not in the list."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"{code!r} is not in code list {self.name!r}") from None

    def get(self, code: str) -> Code | None:
        return self._by_code.get(code)

    def uri(self, code: str) -> str:
        return self.entry(code).uri

    def label(self, code: str, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.entry(code).label(lang)

    def attribute(self, code: str, name: str, default: Any = None) -> Any:
        return self.entry(code).attributes.get(name, default)

    def by_uri(self, uri: str) -> str | None:
        """The code whose URI is ``uri`` (trailing slashes and http/https ignored), or ``None``."""
        entry = self._by_uri.get(uri)
        if entry is None:
            wanted = _comparable_uri(uri)
            entry = next((e for e in self.entries if _comparable_uri(e.uri) == wanted), None)
        return entry.code if entry else None

    def normalize(self, value: str) -> str | None:
        """Map user input (the code, the code in other letter case, or the URI) to the code."""
        value = value.strip()
        if value in self._by_code:
            return value
        folded = value.casefold()
        for entry in self.entries:
            if entry.code.casefold() == folded:
                return entry.code
        return self.by_uri(value)

    def choices(self) -> list[dict[str, Any]]:
        """Choices in the format ckanext-scheming expects (labels as ``{lang: text}``)."""
        return [{"value": entry.code, "label": dict(entry.labels)} for entry in self.entries]


def _comparable_uri(uri: str) -> str:
    return re.sub(r"^https?://", "", uri.strip()).rstrip("/")


def codelist_names() -> list[str]:
    """Names of all code lists shipped with the portal (file names without ``.yaml``)."""
    folder = resources.files(_PACKAGE) / _FOLDER
    return sorted(item.name[: -len(".yaml")] for item in folder.iterdir() if item.name.endswith(".yaml"))


@functools.cache
def get_codelist(name: str) -> CodeList:
    """Load the code list ``schemas/codelists/<name>.yaml`` (cached)."""
    if not _NAME_PATTERN.match(name):
        raise CodeListError(f"invalid code list name {name!r}")
    path = resources.files(_PACKAGE) / _FOLDER / f"{name}.yaml"
    if not path.is_file():
        raise CodeListError(f"unknown code list {name!r}")
    return _parse(name, yaml.safe_load(path.read_text(encoding="utf-8")))


def _parse(name: str, raw: Any) -> CodeList:
    if not isinstance(raw, dict) or raw.get("name") != name:
        raise CodeListError(f"{name}: the file must be a mapping whose 'name' is {name!r}")
    entries = tuple(_parse_code(name, item) for item in raw.get("codes") or [])
    if not entries:
        raise CodeListError(f"{name}: no codes")
    for attr in ("code", "uri"):
        values = [getattr(entry, attr) for entry in entries]
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise CodeListError(f"{name}: duplicate {attr}s {duplicates}")
    return CodeList(
        name=name,
        title=_labels(name, "title", raw.get("title")),
        scheme_uri=str(raw.get("scheme") or ""),
        source=str(raw.get("source") or ""),
        entries=entries,
    )


def _parse_code(name: str, item: Any) -> Code:
    if not isinstance(item, dict) or not item.get("code") or not item.get("uri"):
        raise CodeListError(f"{name}: every entry needs 'code' and 'uri': {item!r}")
    code = str(item["code"])
    attributes = {key: value for key, value in item.items() if key not in _RESERVED_KEYS}
    return Code(code=code, uri=str(item["uri"]), labels=_labels(name, code, item.get("label")), attributes=attributes)


def _labels(name: str, where: str, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(raw.get(lang), str) and raw[lang].strip() for lang in LANGUAGES):
        raise CodeListError(f"{name}: {where} needs non-empty labels in {', '.join(LANGUAGES)}")
    return {lang: raw[lang].strip() for lang in LANGUAGES}


def ckan_license_list() -> list[dict[str, Any]]:
    """The licence code list in the JSON format of CKAN's licence register (``licenses_group_url``).

    ``schemas/ckan-licenses.json`` is this list written out; regenerate it with
    ``python -m ckanext.jena.codelists > schemas/ckan-licenses.json`` after editing
    ``schemas/codelists/licenses.yaml`` (a test keeps both in step).
    """
    out = []
    for entry in get_codelist("licenses"):
        is_open = bool(entry.attributes.get("open"))
        out.append(
            {
                "id": entry.code,
                "title": entry.label("de"),
                "url": entry.attributes.get("homepage") or entry.uri,
                "status": "active",
                "od_conformance": "approved" if is_open else "not reviewed",
                "osd_conformance": "not reviewed",
                "domain_data": True,
                "domain_content": False,
                "domain_software": False,
            }
        )
    return out


if __name__ == "__main__":
    print(json.dumps(ckan_license_list(), ensure_ascii=False, indent=2))
