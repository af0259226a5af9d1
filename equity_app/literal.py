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
#: Escapes are not enough everywhere: GFM's bare links (``http://…``, ``www.…``, ``a@b.c``)
#: are found in the *parsed* text, after the backslashes are gone (the browser showed it),
#: and so are emoji shortcodes (``:smile:``) once anything else in the same element loads
#: Streamlit's emoji plugin (a time such as ``20:32:15`` does). The one character each
#: needs (the colon of ``://`` or opening a shortcode, the dot after ``www``, the at-sign)
#: goes into a one-character code span instead: a code span is not text, so no link or
#: emoji can span it, and it still reads as that character. (Streamlit shows raw HTML as
#: text: an empty ``<!-- -->`` shows as itself, so it cannot be the separator.)
_LINK_MARKS = re.compile(r":(?=//)|:(?=[\w+-]+:)|(?<=www)\.|@", re.IGNORECASE)


def md(text: object) -> str:
    """``text`` escaped for an element that renders Markdown: it shows exactly as typed."""
    flat = _LINE_BREAKS.sub(" ", str(text))
    pieces, shown_up_to = [], 0
    for mark in _LINK_MARKS.finditer(flat):
        pieces += [_escaped(flat[shown_up_to : mark.start()]), f"`{mark.group()}`"]
        shown_up_to = mark.end()
    pieces.append(_escaped(flat[shown_up_to:]))
    return "".join(pieces)


def _escaped(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", text)


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
    """``text`` escaped for a Plotly hover or annotation, which renders ``<b>``, ``<a>``…

    Only ``&``, ``<`` and ``>``: Plotly decodes ``&amp;``, ``&lt;`` and ``&gt;`` but shows
    ``&quot;`` as itself (the browser showed it), and a quote is harmless outside a tag.
    """
    return html.escape(_LINE_BREAKS.sub(" ", str(text)), quote=False)
