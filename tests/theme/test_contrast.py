"""The colour pairs of the theme stylesheet meet WCAG 2.2 AA, and the table in its header says so truthfully."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ckanext.jena

CSS = Path(ckanext.jena.__file__).parent / "assets" / "theme-jena.css"
PAIR = re.compile(r"contrast: (--jena-[a-z-]+) on (--jena-[a-z-]+) = (\d+\.\d\d) \(min (\d+(?:\.\d+)?)\)")
COLOUR = re.compile(r"(--jena-[a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;")


def relative_luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_every_listed_pair_meets_its_minimum_and_the_table_is_up_to_date() -> None:
    text = CSS.read_text(encoding="utf-8")
    colours = dict(COLOUR.findall(text))
    pairs = PAIR.findall(text)
    assert len(pairs) >= 10, "the contrast table in the header of theme-jena.css is missing"
    for foreground, background, stated, minimum in pairs:
        ratio = contrast_ratio(colours[foreground], colours[background])
        assert f"{ratio:.2f}" == stated, f"{foreground} on {background} is {ratio:.2f}, the table says {stated}"
        assert ratio >= float(minimum), f"{foreground} on {background} is only {ratio:.2f}:1"


def test_every_theme_colour_is_checked_in_the_table() -> None:
    text = CSS.read_text(encoding="utf-8")
    colours = set(dict(COLOUR.findall(text)))
    checked = {name for pair in PAIR.findall(text) for name in pair[:2]}
    # --jena-line only draws decorative borders next to text-bearing elements.
    assert colours - checked == {"--jena-line"}
