"""Reading an AppTest screen the way a person reads it: by labels and visible text."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

#: A backslash before ASCII punctuation: how equity_app.literal.md keeps user text literal.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK_MARK = re.compile(r"`([:.@])`")

PAGES = [
    "pages/dashboard.py",
    "pages/cash_flows.py",
    "pages/history.py",
    "pages/performance.py",
    "pages/statements.py",
    "pages/data.py",
    "pages/audit.py",
]


def metric_value(at: AppTest, label: str) -> str:
    """The value shown under a metric's label (the first metric with that label)."""
    for metric in at.metric:
        if metric.label == label:
            return metric.value
    raise AssertionError(f"no metric {label!r}; metrics: {[m.label for m in at.metric]}")


def shown(markdown: str) -> str:
    """What a person reads from Markdown source that escapes punctuation (md's output).

    md's one-character code spans (which keep bare links from forming) read as the character.
    """
    return _ESCAPED.sub(r"\1", _LINK_MARK.sub(r"\1", markdown))


def texts(at: AppTest, kind: str) -> list[str]:
    """The bodies of every element of one kind (error, warning, info, success, toast), as read."""
    return [shown(element.value) for element in getattr(at, kind)]


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def button(at: AppTest, key: str):
    return at.button(key=key)
