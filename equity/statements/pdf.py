"""The statement as a PDF, drawn by reportlab (no browser, no download at run time).

Every piece of user text goes into a Paragraph escaped (reportlab's paragraphs parse a
markup of their own), or into a table cell as plain text. The output is deterministic:
reportlab's invariant mode drops its random file id and clock, and the creation date
written is ``prepared_at`` (the caller's db.clock), so the same statement prepared at
the same moment is the same bytes: what a SHA-256 of an issued statement needs.
"""

from __future__ import annotations

import functools
import html
import io
from datetime import UTC, datetime
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from equity.reads.statement import Statement
from equity.statements.chart import ChartLayout, chart_geometry
from equity.statements.wording import (
    CONTRIBUTIONS_COLOUR,
    EQUITY_COLOUR,
    Branding,
    as_of_note,
    flow_rows,
    period_text,
    return_notes,
    return_rows,
    summary_rows,
)

#: The typeface, embedded: DejaVu Sans (Debian's fonts-dejavu-core) when the machine has
#: it, for Greek and Cyrillic names; else Bitstream Vera, which ships inside reportlab
#: (Latin only). Either way nothing is fetched, and the PDF base fonts' Latin-1 limit is gone.
FONT, BOLD = "StatementSans", "StatementSans-Bold"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
LOGO_HEIGHT = 14 * mm
CHART_SIZE = (170 * mm, 62 * mm)


@functools.cache
def _fonts() -> None:
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        regular, bold = Path("Vera.ttf"), Path("VeraBd.ttf")  # found in reportlab's fonts
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    # So <b> inside a paragraph picks the bold face instead of staying regular.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _style(name: str, size: float = 9.5, bold: bool = False, **extra: object) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.3, **extra
    )


def statement_pdf(statement: Statement, branding: Branding, prepared_at: datetime) -> bytes:
    """The PDF's bytes: header, reconciliation, returns, chart, flows, notes."""
    _fonts()
    buffer = io.BytesIO()
    firm = branding.firm_name or "Portfolio statement"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Statement {statement.portfolio} {period_text(statement)}",
        author=firm,
        creator="equity",
        subject="Client statement",
        invariant=1,
    )
    stamp = _pdf_date(prepared_at)

    def on_page(canvas, doc) -> None:
        canvas.setDateFormatter(lambda *_: stamp)
        canvas.setProducer("equity statement (reportlab)")
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(20 * mm, 9 * mm, f"Prepared {prepared_at:%Y-%m-%d %H:%M} UTC")
        canvas.drawRightString(A4[0] - 20 * mm, 9 * mm, f"Page {doc.page}")

    document.build(
        _story(statement, branding, prepared_at), onFirstPage=on_page, onLaterPages=on_page
    )
    return buffer.getvalue()


def _pdf_date(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return f"D:{utc:%Y%m%d%H%M%S}+00'00'"


#: What a character the typeface has no glyph for prints as: visible, never a blank
#: (reportlab would draw nothing, and a client statement must not lose a name's letters).
MISSING_GLYPH = "\N{REPLACEMENT CHARACTER}"
MISSING_NOTE = (
    "Characters this PDF's typeface cannot draw are shown as \N{REPLACEMENT CHARACTER}; "
    "the printable HTML statement shows every name and note as typed."
)


def _glyphs() -> dict[int, int]:
    _fonts()
    return pdfmetrics.getFont(FONT).face.charToGlyph


def printable(value: object) -> str:
    """``value`` with each character the embedded typeface lacks replaced by MISSING_GLYPH.

    DejaVu Sans (fonts-dejavu-core, installed by .ci/run and the README's set-up) covers
    Latin, Greek and Cyrillic; Chinese, Japanese or Korean letters are not in it (nor
    in Vera, the fallback), and would otherwise print as nothing at all.
    """
    glyphs = _glyphs()
    fallback = MISSING_GLYPH if ord(MISSING_GLYPH) in glyphs else "?"
    return "".join(ch if ord(ch) in glyphs or ch in "\n\t" else fallback for ch in str(value))


def _text(value: object) -> str:
    """User text for a Paragraph: its markup characters escaped, shown as typed."""
    return html.escape(printable(value), quote=False)


def _lacks_glyphs(statement: Statement, branding: Branding) -> bool:
    texts = [
        statement.portfolio,
        branding.firm_name or "",
        *(f.notes or "" for f in statement.flows),
    ]
    return any(printable(text) != text for text in texts)


def _story(statement: Statement, branding: Branding, prepared_at: datetime) -> list:
    story: list = [_header(statement, branding)]
    story += [
        Spacer(1, 4 * mm),
        Paragraph(as_of_note(statement), _style("asof", 8.5, textColor=colors.grey)),
        Spacer(1, 3 * mm),
        _table([("", f"Amount ({statement.currency})"), *summary_rows(statement)], total=True),
        Spacer(1, 5 * mm),
        _table([("Returns", "Period", "Since inception"), *return_rows(statement)]),
        Spacer(1, 5 * mm),
        Paragraph("Equity and net contributions", _style("h2", 11, bold=True)),
        Spacer(1, 1 * mm),
        _chart(statement),
        Spacer(1, 4 * mm),
        Paragraph("Deposits and withdrawals", _style("h2", 11, bold=True)),
        Spacer(1, 1 * mm),
        _flows(statement),
        Spacer(1, 5 * mm),
    ]
    note = _style("note", 7.5, textColor=colors.grey)
    story += [Paragraph(_text(line), note) for line in return_notes(statement)]
    if _lacks_glyphs(statement, branding):
        story.append(Paragraph(_text(MISSING_NOTE), note))
    return story


def _header(statement: Statement, branding: Branding) -> Table:
    title = _style("title", 15, bold=True)
    lines = [
        Paragraph(_text(branding.firm_name or "Portfolio statement"), title),
        Paragraph(f"Statement for <b>{_text(statement.portfolio)}</b>", _style("who", 11)),
        Paragraph(
            f"{period_text(statement)} &middot; {statement.currency}",
            _style("period", 10),
        ),
    ]
    logo = _logo(branding.logo_path)
    cells = [[lines, logo or ""]]
    header = Table(cells, colWidths=[120 * mm, 50 * mm])
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    )
    return header


def _logo(path: str) -> Image | None:
    """The firm's logo scaled to the header's height; none when unset or unreadable."""
    if not path or not Path(path).is_file():
        return None
    try:
        image = Image(path)
    except Exception:  # a file that is not an image reportlab reads: the statement goes on
        return None
    scale = LOGO_HEIGHT / image.imageHeight
    image.drawHeight, image.drawWidth = LOGO_HEIGHT, image.imageWidth * scale
    image.hAlign = "RIGHT"
    return image


def _table(rows: list[tuple[str, ...]], total: bool = False) -> Table:
    columns = len(rows[0])
    widths = [80 * mm] + [(90 * mm) / (columns - 1)] * (columns - 1)
    table = Table([list(row) for row in rows], colWidths=widths, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
    ]
    if total:
        style += [
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
            ("FONTNAME", (0, -1), (-1, -1), BOLD),
        ]
    table.setStyle(TableStyle(style))
    return table


def _flows(statement: Statement) -> Table | Paragraph:
    rows = flow_rows(statement)
    if not rows:
        return Paragraph("No deposits or withdrawals in the period.", _style("none", 9.5))
    cell = _style("cell", 8.5)
    right = _style("cellr", 8.5, alignment=TA_RIGHT)
    body = [
        [
            Paragraph(_text(d), cell),
            Paragraph(_text(k), cell),
            Paragraph(_text(a), right),
            Paragraph(_text(n), cell),
        ]
        for d, k, a, n in rows
    ]
    head = [Paragraph(t, _style("th", 8.5, bold=True)) for t in ("Date", "Kind", "Amount", "Notes")]
    table = Table([head, *body], colWidths=[24 * mm, 24 * mm, 34 * mm, 88 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    return table


def _chart(statement: Statement) -> Drawing:
    """Equity (solid) and net contributions (dashed) over the period, with a legend."""
    width, height = CHART_SIZE
    drawing = Drawing(width, height)
    geometry = chart_geometry(statement.series, ChartLayout(width, height - 12))
    grey = colors.HexColor("#d0d0d0")
    for y, label in geometry.y_ticks:
        drawing.add(
            Line(
                geometry.layout.left,
                y,
                width - geometry.layout.right,
                y,
                strokeColor=grey,
                strokeWidth=0.4,
            )
        )
        drawing.add(
            String(
                geometry.layout.left - 4, y - 3, label, fontName=FONT, fontSize=7, textAnchor="end"
            )
        )
    for x, label, anchor in geometry.x_labels:
        drawing.add(String(x, 6, label, fontName=FONT, fontSize=7, textAnchor=anchor))
    for points, colour, dashes in (
        (geometry.contributions, CONTRIBUTIONS_COLOUR, [3, 2]),
        (geometry.equity, EQUITY_COLOUR, None),
    ):
        if points:
            flat = [v for point in points for v in point]
            drawing.add(
                PolyLine(
                    flat,
                    strokeColor=colors.HexColor(colour),
                    strokeWidth=1.4,
                    strokeDashArray=dashes,
                )
            )
    _legend(drawing, height)
    return drawing


def _legend(drawing: Drawing, height: float) -> None:
    top = height - 5
    for x, colour, dashes, label in (
        (62, EQUITY_COLOUR, None, "Equity"),
        (140, CONTRIBUTIONS_COLOUR, [3, 2], "Net contributions"),
    ):
        drawing.add(
            Line(
                x,
                top,
                x + 16,
                top,
                strokeColor=colors.HexColor(colour),
                strokeWidth=1.4,
                strokeDashArray=dashes,
            )
        )
        drawing.add(String(x + 20, top - 2.5, label, fontName=FONT, fontSize=7.5))
