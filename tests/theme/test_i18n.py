"""The translation catalogs of ckanext-jena: compiled, complete in English, free of stale entries."""

from __future__ import annotations

import gettext
import re
from functools import cache
from itertools import takewhile
from pathlib import Path

import ckan
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import ckanext.jena

PACKAGE = Path(ckanext.jena.__file__).parent
I18N = PACKAGE / "i18n"
LOCALES = ("de", "en")
CKAN_POT = Path(ckan.__file__).parent / "i18n" / "ckan.pot"
TEMPLATE_EXTRACTOR = "ckan.lib.extract:extract_ckan"

# The templates of the portal's look; each of their strings needs an English translation.
THEME_TEMPLATES = [
    PACKAGE / "templates" / "base.html",
    PACKAGE / "templates" / "header.html",
    PACKAGE / "templates" / "footer.html",
    *sorted((PACKAGE / "templates" / "home").rglob("*.html")),
    *sorted((PACKAGE / "templates" / "jena" / "theme").rglob("*.html")),
]

MessageId = str | tuple[str, ...]

# str.format fields, %-style and Jinja {% trans %} variables: a translation must keep them all.
PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}|%\([A-Za-z_]\w*\)[sd]|%[sd]")


def load_catalog(locale: str) -> Catalog:
    with (I18N / locale / "LC_MESSAGES" / "ckanext-jena.po").open("rb") as po:
        return read_po(po)


SCRIPTS = sorted((PACKAGE / "assets").glob("*.js"))
# ckan.i18n._(text, values) and ckan.i18n.ngettext(singular, plural, n, values) in the scripts.
SCRIPT_KEYWORDS = {"_": None, "ngettext": (1, 2)}


def extract(path: Path) -> set[MessageId]:
    if path.suffix == ".js":
        found = extract_from_file("javascript", str(path), keywords=SCRIPT_KEYWORDS)
    else:
        found = extract_from_file("python" if path.suffix == ".py" else TEMPLATE_EXTRACTOR, str(path))
    return {message for _line, message, _comments, _context in found}


@cache
def ckan_core_ids() -> frozenset[str]:
    with CKAN_POT.open("rb") as pot:
        return frozenset(_singular(message.id) for message in read_po(pot) if message.id)


@cache
def our_messages() -> dict[MessageId, tuple[str, ...]]:
    """Every message of our code and templates, with the files that use it."""
    files = [*sorted(PACKAGE.rglob("*.py")), *sorted((PACKAGE / "templates").rglob("*.html")), *SCRIPTS]
    found: dict[MessageId, tuple[str, ...]] = {}
    for path in files:
        for message in extract(path):
            found[message] = (*found.get(message, ()), str(path.relative_to(PACKAGE)))
    return found


@cache
def our_ids() -> frozenset[str]:
    return frozenset(_singular(message) for message in our_messages())


def _singular(message_id: MessageId) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _is_translated(catalog: Catalog, message_id: MessageId) -> bool:
    """A non-fuzzy entry with every form filled; plural messages need plural entries."""
    entry = catalog.get(_singular(message_id))
    if entry is None or entry.fuzzy:
        return False
    if isinstance(message_id, tuple) and not entry.pluralizable:
        return False
    texts = [entry.string] if isinstance(entry.string, str) else list(entry.string)
    return bool(texts) and all(texts)


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_matches_its_source(locale: str) -> None:
    expected: dict[object, str] = {}
    for message in load_catalog(locale):
        if not message.id or message.fuzzy:
            continue
        if message.pluralizable:
            for index, text in enumerate(message.string):
                expected[(message.id[0], index)] = text
        else:
            expected[message.id] = message.string
    with (I18N / locale / "LC_MESSAGES" / "ckanext-jena.mo").open("rb") as mo:
        compiled = {key: text for key, text in gettext.GNUTranslations(mo)._catalog.items() if key != ""}
    assert compiled == expected, "compile: pybabel compile -d ckanext-jena/ckanext/jena/i18n -D ckanext-jena"


@pytest.mark.parametrize("template", THEME_TEMPLATES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_every_theme_string_has_an_english_translation(template: Path) -> None:
    english = load_catalog("en")
    untranslated = [message_id for message_id in extract(template) if not _is_translated(english, message_id)]
    assert untranslated == []


def test_every_string_of_ours_has_an_english_translation() -> None:
    # Our msgids are German; those that are CKAN core msgids are English already (and
    # are translated only where we override CKAN's wording).
    english = load_catalog("en")
    untranslated = {
        _singular(message_id): files
        for message_id, files in our_messages().items()
        if _singular(message_id) not in ckan_core_ids() and not _is_translated(english, message_id)
    }
    assert untranslated == {}


def test_script_messages_are_listed_for_ckan() -> None:
    """CKAN builds the scripts' translations only for msgids whose ``.pot`` entry names a ``.js``
    file: the template must list exactly the messages of the scripts."""
    with (I18N / "ckanext-jena.pot").open("rb") as pot:
        template = read_po(pot)
    listed = {_singular(message.id) for message in template if message.id}
    assert all(path.endswith(".js") for message in template if message.id for path, _line in message.locations)
    in_scripts = {_singular(message) for path in SCRIPTS for message in extract(path)}
    assert in_scripts, "no script messages found: has the extraction broken?"
    assert listed == in_scripts, "update: see ckanext-jena/ckanext/jena/i18n/README.md (scripts)"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders(locale: str) -> None:
    changed = []
    for message in load_catalog(locale):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, text in enumerate(texts):
            source = ids[min(index, len(ids) - 1)]
            if text and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                changed.append((source, text))
    assert changed == []


@pytest.mark.parametrize("locale", LOCALES)
def test_no_message_is_defined_twice(locale: str) -> None:
    # read_po silently keeps one of two entries with the same msgid (a singular and a plural
    # entry included); msgfmt refuses the file. Compare the raw msgid lines instead.
    lines = (I18N / locale / "LC_MESSAGES" / "ckanext-jena.po").read_text(encoding="utf-8").splitlines()
    ids = [
        "".join([line, *takewhile(lambda part: part.startswith('"'), lines[number + 1 :])])
        for number, line in enumerate(lines)
        if line.startswith("msgid ")
    ]
    duplicates = sorted({message_id for message_id in ids if ids.count(message_id) > 1})
    assert duplicates == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_is_used_by_our_code_or_overrides_ckan(locale: str) -> None:
    stale = [
        message.id
        for message in load_catalog(locale)
        if message.id and _singular(message.id) not in our_ids() and _singular(message.id) not in ckan_core_ids()
    ]
    assert stale == []


def test_both_languages_override_the_same_ckan_strings() -> None:
    def overrides(locale: str) -> set[str]:
        return {
            _singular(message.id)
            for message in load_catalog(locale)
            if message.id and _singular(message.id) in ckan_core_ids() and _singular(message.id) not in our_ids()
        }

    assert overrides("de") == overrides("en")
    assert "Organizations" in overrides("de")


def test_german_catalog_names_organizations_departments() -> None:
    german = load_catalog("de")
    assert german.get("Organizations").string == "Fachbereiche"
    assert german.get("Organization").string == "Fachbereich"
    leftovers = [m.id for m in german if m.id and "Organisation" in str(m.string)]
    assert leftovers == []
