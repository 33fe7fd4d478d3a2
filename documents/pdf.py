"""The PDFs of a period: selection minutes (berita acara) and the SK draft, on the institution's letterhead.

All user text goes through ``organization.documents.para`` (escaped). The QR codes are ReportLab's own widget
(``reportlab.graphics.barcode.qr``): no extra dependency.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from organization.documents import build_pdf, para, styles
from organization.formats import decimal, long_date


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify", args=[code])


def qr(code: str, size: float):
    """A QR code flowable of the public verification address of ``code``, drawn straight on the canvas (ReportLab's
    own ``QrCode`` flowable: no shapes tree, so an SK with hundreds of appointments renders in seconds). Level L
    (7 % redundancy) is plenty for a printed page and encodes faster than the higher levels."""
    from reportlab.graphics.barcode.qr import QrCode

    return QrCode(verification_url(code), width=size, height=size, qrBorder=2, qrLevel="L")


def _table(rows, widths, header_rows=1):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#EEF2F8")),
    ]))
    return table


def minutes_pdf(data: dict, *, version: int, reason: str) -> bytes:
    """``data`` from ``services.minutes_data``."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    sheet = styles()
    small, bold = sheet["Small"], sheet["SmallBold"]
    period = data["period"]
    story = [para(_("Versi %(v)d · %(reason)s") % {"v": version, "reason": reason}, small), Spacer(1, 0.2 * cm),
             para(_("Pada hari ini panitia seleksi menutup penilaian calon agen perubahan periode %(p)s dengan "
                    "hasil sebagai berikut.") % {"p": period.name}, sheet["BodyText"]),
             para(_("Anggota panel yang hadir dan menilai"), sheet["Heading4"])]
    story += [para(f"{i}. {name}", small) for i, name in enumerate(data["panel"], 1)] or [para("—", small)]
    story.append(para(_("Konflik kepentingan (tidak menilai)"), sheet["Heading4"]))
    story += [para(r, small) for r in data["recusals"]] or [para(_("Tidak ada."), small)]
    criteria = data["criteria"]
    story.append(para(_("Nilai per kriteria dan peringkat"), sheet["Heading4"]))
    head = [para(_("No."), bold), para(_("Calon"), bold), para(_("Perangkat daerah"), bold)]
    head += [para(f"{c.name} ({c.weight})", bold) for c in criteria]
    if data["vote_used"]:
        head.append(para(_("Suara (%%) (bobot %(w)d)") % {"w": period.vote_weight}, bold))
    head += [para(_("Nilai akhir"), bold), para(_("Keputusan"), bold)]
    rows = [head]
    for rank, row in enumerate(data["rows"], 1):
        n = row["nomination"]
        line = [para(str(rank), small), para(n.candidate.name, small), para(n.agency.name, small)]
        line += [para(decimal(row["scores"].get(c.pk), 2) if row["scores"].get(c.pk) is not None else "–", small)
                 for c in criteria]
        if data["vote_used"]:
            line.append(para(f"{row['votes']} ({decimal(row['share'], 2)})", small))
        line += [para(decimal(n.score_total, 2) if n.score_total is not None else "–", small),
                 para(row["decision"], small)]
        rows.append(line)
    fixed = 1.0 + 4.0 + 3.5 + 2.0 + 4.0 + (2.2 if data["vote_used"] else 0)
    free = max(1.6, (26.7 - fixed) / max(1, len(criteria)))
    widths = [1.0 * cm, 4.0 * cm, 3.5 * cm] + [free * cm] * len(criteria)
    widths += ([2.2 * cm] if data["vote_used"] else []) + [2.0 * cm, 4.0 * cm]
    story.append(_table(rows, widths))
    story += [Spacer(1, 0.4 * cm), para(_("Nilai kriteria: rata-rata nilai panel (1–5). Nilai akhir: rata-rata "
                                          "berbobot pada skala 0–100%(vote)s.")
                                        % {"vote": _(", termasuk persentase suara pegawai") if data["vote_used"]
                                           else ""}, small)]
    return build_pdf(title=_("Berita Acara Seleksi Agen Perubahan"), story=story, period=period.name,
                     landscape_page=True)


def decree_pdf(data: dict) -> bytes:
    """The SK draft: Menimbang / Mengingat / Memutuskan, the signatory, and the attachment listing the appointed
    agents and role models (name, NIP, agency, term) each with the QR code of their appointment."""
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Spacer, Table

    sheet = styles()
    body, small, bold = sheet["BodyText"], sheet["Small"], sheet["SmallBold"]
    period, institution, text = data["period"], data["institution"], data["text"]
    head_title = institution.head_display.upper()
    story = [para(_("KEPUTUSAN %(head)s") % {"head": head_title}, sheet["Heading3"]),
             para(_("NOMOR %(n)s") % {"n": text.number or "…"}, body),
             para(_("TENTANG PENETAPAN AGEN PERUBAHAN DAN ROLE MODEL PERIODE %(p)s")
                  % {"p": period.name.upper()}, body), Spacer(1, 0.3 * cm)]

    def numbered(label, lines):
        rows = [[para(label if i == 0 else "", body), para(f"{chr(97 + i)}." if i < 26 else "-", body),
                 para(line, body)] for i, line in enumerate(lines)]
        return Table(rows or [[para(label, body), "", para("—", body)]], colWidths=[3 * cm, 0.8 * cm, 14 * cm],
                     hAlign="LEFT")

    story.append(numbered(_("Menimbang"), [x.strip() for x in text.menimbang.splitlines() if x.strip()]))
    story.append(Spacer(1, 0.2 * cm))
    story.append(numbered(_("Mengingat"), [x.strip() for x in text.mengingat.splitlines() if x.strip()]))
    story += [Spacer(1, 0.3 * cm), para(_("MEMUTUSKAN:"), sheet["Heading4"])]
    decisions = [
        (_("Menetapkan"), _("KEPUTUSAN %(head)s TENTANG PENETAPAN AGEN PERUBAHAN DAN ROLE MODEL PERIODE %(p)s.")
         % {"head": head_title, "p": period.name.upper()}),
        (_("KESATU"), _("Menetapkan pegawai yang namanya tercantum dalam Lampiran Keputusan ini sebagai Agen "
                        "Perubahan dan Role Model.")),
        (_("KEDUA"), _("Masa tugas sebagaimana tercantum dalam Lampiran, terhitung sejak %(start)s sampai dengan "
                       "%(end)s.") % {"start": long_date(period.term_start), "end": long_date(period.term_end)}),
        (_("KETIGA"), _("Keputusan ini mulai berlaku pada tanggal ditetapkan.")),
    ]
    story.append(Table([[para(a, body), para(":", body), para(b, body)] for a, b in decisions],
                       colWidths=[3 * cm, 0.5 * cm, 14.3 * cm], hAlign="LEFT"))
    signatory = [para(_("Ditetapkan pada tanggal %(d)s") % {"d": long_date(text.date) if text.date else "…"}, body),
                 para(institution.default_signatory.upper(), body), Spacer(1, 1.6 * cm),
                 para(institution.signatory_name or "……………………", body)]
    if institution.signatory_nip:
        signatory.append(para(_("NIP %(nip)s") % {"nip": institution.signatory_nip}, body))
    document_qr = [qr(data["code"], 2.6 * cm), para(_("Pindai untuk memeriksa keaslian SK"), small)]
    story += [Spacer(1, 0.6 * cm), Table([[document_qr, signatory]], colWidths=[8 * cm, 9.8 * cm], hAlign="LEFT")]
    story += [PageBreak(), para(_("LAMPIRAN KEPUTUSAN %(head)s NOMOR %(n)s") % {"head": head_title,
                                                                                "n": text.number or "…"}, bold),
              Spacer(1, 0.3 * cm)]
    rows = [[para(h, bold) for h in (_("No."), _("Nama"), _("NIP"), _("Perangkat daerah"), _("Peran"),
                                       _("Masa tugas"), _("Verifikasi"))]]
    for i, (agent, code) in enumerate(data["appointments"], 1):
        rows.append([para(str(i), small), para(agent.employee.name, small), para(agent.employee.nip, small),
                     para(agent.agency.name, small), para(agent.get_kind_display(), small),
                     para(f"{long_date(agent.term_start)} – {long_date(agent.term_end)}", small), qr(code, 1.5 * cm)])
    story.append(_table(rows, [0.8 * cm, 3.6 * cm, 3.6 * cm, 3.4 * cm, 1.9 * cm, 2.7 * cm, 1.9 * cm]))
    return build_pdf(title=_("Draf Keputusan Penetapan Agen Perubahan"), story=story, period=period.name)
