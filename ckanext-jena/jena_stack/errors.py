"""The one error type the stack runner shows to the operator."""

from __future__ import annotations


class StackError(Exception):
    """A problem the operator can fix: printed as one sentence plus what to do, never a traceback."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()
