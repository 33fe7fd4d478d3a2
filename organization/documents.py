"""The one letterhead renderer every PDF of the portal shares (ReportLab), and the escaping all their text goes through.

``build_pdf`` puts the institution's letterhead (logo, name, address lines, a rule) on the first page, the title,
the period and the print time in WIB under it, and "Halaman 1 dari 3" at the foot of every page. ``text`` and
``para`` escape user text for ReportLab's Paragraph markup: a name such as ``<link href="…">`` or
``<img src="/etc/passwd"/>`` or an unbalanced ``<b>`` is printed literally, never parsed (no link, no local file in
an official report, no 500). ``bar_chart`` draws the charts a page shows with ReportLab graphics.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape as _xml_escape

from django.utils import timezone
from django.utils.translation import gettext as _

from .formats import long_datetime


def text(value) -> str:
    """User text made safe for ReportLab Paragraph markup: ``&``, ``<``, ``>`` and quotes become entities."""
    if value is None:
        return ""
    return _xml_escape(str(value), {'"': "&quot;", "'": "&#39;"})


def para(value, style):
    """A Paragraph of plain (escaped) text: use it for anything a user or an import wrote."""
    from reportlab.platypus import Paragraph

    return Paragraph(text(value), style)


def styles():
    from reportlab.lib.styles import getSampleStyleSheet

    sheet = getSampleStyleSheet()
    sheet.add(sheet["BodyText"].clone("Small", fontSize=8, leading=10))
    sheet.add(sheet["BodyText"].clone("SmallBold", fontSize=8, leading=10, fontName="Helvetica-Bold"))
    sheet.add(sheet["Normal"].clone("Letterhead", fontSize=14, leading=17, fontName="Helvetica-Bold"))
    sheet.add(sheet["Normal"].clone("LetterheadLine", fontSize=8.5, leading=11))
    return sheet


def _colour(hex_value: str, fallback: str = "#0B3D91"):
    from reportlab.lib import colors

    try:
        return colors.HexColor(hex_value or fallback)
    except ValueError:
        return colors.HexColor(fallback)


def _logo(institution, height):
    """The logo as a flowable, or None when there is none or the file cannot be read (never fails the PDF)."""
    if not institution.logo:
        return None
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    try:
        with institution.logo.open("rb") as handle:
            data = io.BytesIO(handle.read())
        width, h = ImageReader(data).getSize()
        data.seek(0)
        return Image(data, width=height * width / h, height=height)
    except Exception:  # a missing or broken logo file must not stop a report
        return None


def letterhead(institution, width, sheet=None) -> list:
    """The kop: logo, the institution's name and its address lines, then a rule in its primary colour."""
    from reportlab.lib.units import cm
    from reportlab.platypus import HRFlowable, Spacer, Table, TableStyle

    sheet = sheet or styles()
    lines = [para(institution.name.upper(), sheet["Letterhead"])]
    lines += [para(line, sheet["LetterheadLine"]) for line in institution.letterhead_lines]
    logo = _logo(institution, 1.8 * cm)
    if logo is not None:
        table = Table([[logo, lines]], colWidths=[2.4 * cm, width - 2.4 * cm], hAlign="LEFT")
    else:
        table = Table([[lines]], colWidths=[width], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, HRFlowable(width="100%", thickness=1.5, color=_colour(institution.primary_colour),
                              spaceBefore=4, spaceAfter=8), Spacer(1, 2)]


def _numbered_canvas_class(footer_left: str):
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        """Draws "Halaman n dari N" once every page is known (ReportLab's two-pass page count)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total):
            from reportlab.lib.units import cm

            width, _height = self._pagesize
            self.setFont("Helvetica", 7.5)
            self.setFillGray(0.35)
            self.drawString(1.5 * cm, 0.9 * cm, footer_left)
            self.drawRightString(width - 1.5 * cm, 0.9 * cm,
                                 _("Halaman %(page)d dari %(total)d") % {"page": self._pageNumber, "total": total})

    return NumberedCanvas


def build_pdf(*, title: str, story: list, period: str = "", subtitle: str = "", landscape_page: bool = False,
              institution=None) -> bytes:
    """A PDF on the institution's letterhead: kop, title, period and print time (WIB), ``story``, page numbers.

    ``title``, ``period`` and ``subtitle`` are escaped here; flowables in ``story`` must escape their own user text
    (``para``)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from .institution import current_institution

    institution = institution or current_institution()
    sheet = styles()
    printed = timezone.localtime()
    printed_text = _("Dicetak %(when)s WIB") % {"when": long_datetime(printed)}
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4) if landscape_page else A4, title=str(title),
                            author=institution.name, creator=_("Portal Agen Perubahan"),
                            leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.3 * cm, bottomMargin=1.6 * cm)
    head = letterhead(institution, doc.width, sheet)
    head.append(para(title, sheet["Title"]))
    if subtitle:
        head.append(para(subtitle, sheet["Normal"]))
    meta = " · ".join(x for x in (_("Periode: %(p)s") % {"p": period} if period else "", printed_text) if x)
    head += [para(meta, sheet["Small"]), Spacer(1, 0.3 * cm)]
    footer = f"{institution.display_short_name} · {title} · {printed_text}"
    doc.build(head + list(story), canvasmaker=_numbered_canvas_class(footer[:150]))
    return buffer.getvalue()


def bar_chart(labels: Sequence[str], values: Sequence[float | None], *, width: float, height: float = 150,
              max_value: float | None = 100, colour: str = "#0B3D91"):
    """A horizontal-label bar chart (ReportLab graphics) of the figures a page charts; None values are left out.

    Labels are drawn as plain strings on the canvas (no markup is parsed there)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing

    pairs = [(str(label)[:18], float(v)) for label, v in zip(labels, values, strict=False) if v is not None]
    if not pairs:
        return None
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 35
    chart.width, chart.height = width - 40, height - 50
    chart.data = [[v for _label, v in pairs]]
    chart.categoryAxis.categoryNames = [label for label, _v in pairs]
    chart.categoryAxis.labels.angle = 30 if len(pairs) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(pairs) > 6 else "n"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if max_value is not None:
        chart.valueAxis.valueMax = max(max_value, max(v for _label, v in pairs))
    chart.bars[0].fillColor = _colour(colour)
    drawing.add(chart)
    return drawing
