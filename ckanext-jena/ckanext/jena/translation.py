"""Marking messages that are translated later, where they are shown."""

from __future__ import annotations

__all__ = ["N_"]


def N_(message: str) -> str:
    """Marks ``message`` for babel's extractor only; it is stored or passed on untranslated
    (German) and translated with ``_()`` in the language of whoever reads it."""
    return message
