"""A ratio that may be undefined, carrying the sentence that says why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A ratio (0.05 is 5 %) or None; when None, ``reason`` tells a person why.

    Screens show the reason instead of a blank, so "undefined" is never a mystery.
    """

    value: float | None
    reason: str | None = None

    @classmethod
    def undefined(cls, reason: str) -> Figure:
        return cls(None, reason)

    @property
    def defined(self) -> bool:
        return self.value is not None
