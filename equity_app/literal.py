"""User text shown as itself: never as Markdown, HTML, a link or an image.

Streamlit renders Markdown in titles, captions, alerts, toasts, metric and button labels,
and Plotly renders a subset of HTML in hovers. A portfolio name, a note, a void reason,
a benchmark name or a query value reaches those elements only through this module:
:func:`md` where Markdown is rendered, :func:`hover` inside a Plotly hover.
"""

from __future__ import annotations

import html
import re

#: Every ASCII punctuation character: CommonMark lets each be escaped with a backslash,
#: which also stops Streamlit's own syntax (``:red[…]``, ``$…$``, ``:material/…:``).
_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
#: Line breaks would let a note start a heading, a list or a table on its own line.
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(text: object) -> str:
    """``text`` escaped for an element that renders Markdown: it shows exactly as typed."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))


def code(text: object) -> str:
    """``text`` as inline code (a command to copy, say), literal whatever it holds.

    A code span ignores every Markdown rule, so only its fence needs care: one backtick
    longer than the longest run inside. Streamlit rewrites ``:material/`` in the raw source
    before parsing, code spans included, so such text falls back to :func:`md`.
    """
    flat = _LINE_BREAKS.sub(" ", str(text))
    if ":material/" in flat:
        return md(flat)
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip(" ") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def hover(text: object) -> str:
    """``text`` escaped for a Plotly hover or annotation, which renders ``<b>``, ``<a>``…"""
    return html.escape(_LINE_BREAKS.sub(" ", str(text)), quote=True)
