"""Multi-valued request parameters (query string and form body) in their original order."""

from __future__ import annotations

from typing import Any


class Params:
    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        self.multi: dict[str, list[str]] = {}
        for key, value in pairs:
            self.multi.setdefault(key, []).append(value)

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.multi.get(name)
        return values[0] if values else default

    def getlist(self, name: str) -> list[str]:
        return self.multi.get(name, [])

    def echo(self) -> dict[str, Any]:
        return {k: v[0] if len(v) == 1 else v for k, v in self.multi.items()}
