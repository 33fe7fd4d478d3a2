"""The default Area I tree (PermenPAN-RB 90/2021, LKE Zona Integritas, komponen pengungkit "Manajemen Perubahan").

Seeded by the migration and editable afterwards in the admin (weights, wording, which are filled from portal data).
The weights add up to 8, the area's share of the pengungkit in the LKE.
"""

from __future__ import annotations

MANUAL, GRADE, ROLE_MODEL, CHANGES, INTEGRATED, RESPONSE, SCORE = (
    "manual", "agent_grade", "role_model", "changes", "integrated", "eval_response", "eval_score")

DEFAULT_TREE = [
    ("I.1", "Penyusunan Tim Kerja",
     "Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas",
     "SK tim kerja ZI; notulen pemilihan anggota tim.", "1.00", MANUAL),
    ("I.2", "Rencana Pembangunan Zona Integritas",
     "Terdapat dokumen rencana kerja pembangunan Zona Integritas menuju WBK/WBBM",
     "Dokumen rencana kerja; bukti sosialisasi dan internalisasi.", "1.00", MANUAL),
    ("I.3", "Pemantauan dan Evaluasi Pembangunan WBK/WBBM",
     "Telah dilakukan pemantauan dan evaluasi berkala atas rencana pembangunan ZI",
     "Laporan monitoring dan evaluasi; tindak lanjut hasil evaluasi.", "1.00", MANUAL),
    ("I.4.a", "Perubahan Pola Pikir dan Budaya Kerja",
     "Agen perubahan telah ditetapkan (A: ditetapkan dan berkontribusi, B: ditetapkan, C: belum)",
     "SK penetapan agen perubahan.", "1.00", GRADE),
    ("I.4.b", "Perubahan Pola Pikir dan Budaya Kerja",
     "Pimpinan berperan sebagai role model dalam pelaksanaan pembangunan ZI",
     "SK penetapan role model; dokumentasi keteladanan.", "1.00", ROLE_MODEL),
    ("I.4.c", "Perubahan Pola Pikir dan Budaya Kerja",
     "Agen perubahan membuat perubahan nyata (persentase agen dengan perubahan, maksimal 100%)",
     "Rencana aksi, laporan bulanan dan bukti perubahan.", "1.00", CHANGES),
    ("I.4.d", "Perubahan Pola Pikir dan Budaya Kerja",
     "Perubahan yang dibuat agen perubahan telah terintegrasi dalam sistem manajemen",
     "SOP, peraturan atau sistem yang memuat perubahan.", "0.75", INTEGRATED),
    ("I.4.e", "Perubahan Pola Pikir dan Budaya Kerja",
     "Anggota organisasi terlibat dalam penilaian budaya kerja (tingkat respons penilaian 360°)",
     "Ringkasan penilaian 360° perangkat daerah.", "0.50", RESPONSE),
    ("I.4.f", "Perubahan Pola Pikir dan Budaya Kerja",
     "Nilai budaya kerja pegawai (rata-rata nilai 360° per nilai dasar)",
     "Ringkasan penilaian 360° perangkat daerah.", "0.75", SCORE),
]


def seed_default_tree(indicator_model) -> None:
    """Create the default rows that are missing (by code); rows an administrator changed are left as they are."""
    for order, (code, section, name, guidance, weight, source) in enumerate(DEFAULT_TREE, start=1):
        indicator_model.objects.get_or_create(code=code, defaults={
            "section": section, "name": name, "guidance": guidance, "weight": weight, "source": source,
            "order": order * 10})
