"""The two default instruments, written from DOMAIN.md ("How agents and culture are evaluated").

:func:`ensure_default_instruments` is idempotent: it creates version 1 of each default only when no version of
that code exists yet. Demo data and ``manage.py seed_instruments`` call it.
"""

from __future__ import annotations

from django.db import transaction

from .models import ALL_GROUPS, Dimension, Instrument, Item, RaterGroup

BEHAVIOUR_360_CODE = "perilaku-berakhlak-360"
CULTURE_SURVEY_CODE = "survei-budaya-kerja"

FREQUENCY_SCALE = [
    "Tidak pernah ditunjukkan",
    "Jarang ditunjukkan",
    "Kadang-kadang ditunjukkan",
    "Sering ditunjukkan",
    "Selalu ditunjukkan secara konsisten",
]
AGREEMENT_SCALE = ["Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju", "Sangat setuju"]

# (code, name, [(360° behaviour, "Pegawai …" survey statement), …]) — three behaviours per value.
VALUES = [
    ("berorientasi-pelayanan", "Berorientasi Pelayanan", [
        ("Mencari tahu apa yang dibutuhkan masyarakat atau pengguna layanan, lalu berusaha memenuhinya.",
         "Pegawai di unit kerja saya mencari tahu kebutuhan masyarakat dan berusaha memenuhinya."),
        ("Melayani dengan ramah, cepat, dan tuntas sampai ada jalan keluar yang dapat diandalkan.",
         "Pegawai melayani dengan ramah, cepat, dan memberi jalan keluar yang dapat diandalkan."),
        ("Terus mencari cara agar layanan yang diberikannya menjadi lebih baik.",
         "Pegawai terus memperbaiki cara kerja agar layanan semakin baik."),
    ]),
    ("akuntabel", "Akuntabel", [
        ("Bekerja jujur, bertanggung jawab, cermat, dan disiplin dengan integritas tinggi.",
         "Pegawai bekerja jujur, bertanggung jawab, cermat, dan disiplin."),
        ("Memakai barang milik negara dan anggaran secara bertanggung jawab, tepat guna, dan hemat.",
         "Pegawai memakai barang milik negara dan anggaran secara bertanggung jawab dan hemat."),
        ("Tidak memanfaatkan kewenangan jabatan untuk kepentingan pribadi atau kelompok.",
         "Pegawai tidak menyalahgunakan kewenangan jabatannya."),
    ]),
    ("kompeten", "Kompeten", [
        ("Terus menambah kemampuan diri untuk menjawab tantangan pekerjaan yang selalu berubah.",
         "Pegawai terus meningkatkan kompetensinya agar siap menghadapi tantangan kerja."),
        ("Membantu rekan kerja belajar dan mau berbagi pengetahuan.",
         "Pegawai saling membantu belajar dan berbagi pengetahuan."),
        ("Menyelesaikan setiap tugas dengan mutu terbaik.",
         "Pegawai menyelesaikan pekerjaan dengan mutu terbaik."),
    ]),
    ("harmonis", "Harmonis", [
        ("Menghargai setiap orang apa pun latar belakangnya.",
         "Pegawai menghargai setiap orang tanpa membedakan latar belakang."),
        ("Sigap menolong orang lain yang membutuhkan bantuan.",
         "Pegawai suka menolong rekan kerja maupun masyarakat."),
        ("Ikut membangun suasana kerja yang nyaman dan kondusif.",
         "Pegawai bersama-sama menjaga suasana kerja yang nyaman."),
    ]),
    ("loyal", "Loyal", [
        ("Memegang teguh Pancasila, UUD 1945, dan NKRI, serta setia kepada pemerintahan yang sah.",
         "Pegawai memegang teguh Pancasila, UUD 1945, NKRI, dan setia kepada pemerintahan yang sah."),
        ("Menjaga nama baik rekan ASN, pimpinan, instansi, dan negara.",
         "Pegawai menjaga nama baik rekan, pimpinan, instansi, dan negara."),
        ("Menjaga rahasia jabatan dan rahasia negara.",
         "Pegawai menjaga rahasia jabatan dan rahasia negara."),
    ]),
    ("adaptif", "Adaptif", [
        ("Cepat menyesuaikan diri ketika menghadapi perubahan.",
         "Pegawai cepat menyesuaikan diri dengan perubahan."),
        ("Terus berinovasi dan mengembangkan kreativitas.",
         "Pegawai terus berinovasi dan mencoba cara-cara baru."),
        ("Bertindak proaktif tanpa menunggu perintah.",
         "Pegawai bertindak proaktif tanpa harus menunggu perintah."),
    ]),
    ("kolaboratif", "Kolaboratif", [
        ("Memberi kesempatan kepada berbagai pihak untuk ikut berkontribusi.",
         "Pegawai memberi ruang kepada berbagai pihak untuk ikut berkontribusi."),
        ("Terbuka bekerja sama untuk menghasilkan nilai tambah.",
         "Pegawai terbuka bekerja sama lintas bidang untuk menghasilkan nilai tambah."),
        ("Menggerakkan sumber daya yang ada untuk tujuan bersama.",
         "Pegawai menggerakkan sumber daya yang ada untuk mencapai tujuan bersama."),
    ]),
]

LEADERSHIP = [
    "Pimpinan saya memberi contoh nyata penerapan nilai BerAKHLAK dalam pekerjaan sehari-hari.",
    "Pimpinan saya memberi umpan balik tentang perilaku kerja yang sesuai atau belum sesuai dengan nilai BerAKHLAK.",
    "Pimpinan saya memuji atau menghargai pegawai yang menunjukkan perilaku teladan.",
    "Pimpinan saya membimbing pegawai yang perilakunya belum sesuai dengan nilai organisasi.",
    "Pimpinan saya menjelaskan arah perubahan dan alasan di baliknya dengan jelas.",
    "Pimpinan saya melibatkan pegawai dalam mencari solusi atas masalah pekerjaan.",
    "Pimpinan saya mudah ditemui dan mau mendengarkan masukan pegawai.",
    "Pimpinan saya bersikap adil kepada semua pegawai.",
]

# (statement, reverse-scored)
SYSTEM = [
    ("Instansi memberi penghargaan kepada pegawai yang kinerja dan perilakunya patut diteladani.", False),
    ("Pelanggaran terhadap nilai dan aturan diberi sanksi yang jelas dan konsisten.", False),
    ("Standar pelayanan dan prosedur kerja (SOP) tersedia dan mudah dipahami.", False),
    ("Tersedia saluran pengaduan yang aman bagi masyarakat dan pegawai.", False),
    ("Pengaduan dan masukan ditindaklanjuti dengan cepat dan jelas hasilnya.", False),
    ("Target kinerja unit kerja jelas dan dipantau secara berkala.", False),
    ("Cara kerja di instansi ini mendukung pegawai untuk berinovasi.", False),
    ("Informasi yang dibutuhkan untuk bekerja mudah diperoleh.", False),
    ("Pegawai yang melanggar aturan jarang menerima konsekuensi apa pun.", True),
    ("Penempatan dan promosi lebih ditentukan oleh kedekatan daripada oleh kinerja.", True),
]


def _create(*, code, name, description, kind, labels, dimensions) -> Instrument:
    instrument = Instrument.objects.create(code=code, version=1, name=name, description=description, kind=kind,
                                           scale_max=len(labels), scale_labels=labels)
    order = 0
    items = []
    for d_order, (d_code, d_name, d_kind, statements) in enumerate(dimensions, start=1):
        dimension = Dimension.objects.create(instrument=instrument, code=d_code, name=d_name, kind=d_kind,
                                             order=d_order)
        for text, groups, reverse in statements:
            order += 1
            items.append(Item(dimension=dimension, text=text, rater_groups=groups, reverse_scored=reverse,
                              order=order))
    Item.objects.bulk_create(items)
    return instrument


@transaction.atomic
def ensure_default_instruments() -> list[Instrument]:
    """Create the default 360° instrument and culture survey if they do not exist yet. Returns those created."""
    created = []
    existing = set(Instrument.objects.filter(code__in=[BEHAVIOUR_360_CODE, CULTURE_SURVEY_CODE])
                   .values_list("code", flat=True))
    if BEHAVIOUR_360_CODE not in existing:
        created.append(_create(
            code=BEHAVIOUR_360_CODE, name="Penilaian Perilaku BerAKHLAK 360°",
            description=("Penilaian perilaku agen perubahan dan role model oleh diri sendiri, atasan, rekan kerja, "
                         "dan bawahan: 21 perilaku, tiga untuk setiap nilai dasar ASN BerAKHLAK. Pilih seberapa "
                         "sering perilaku itu ditunjukkan dalam enam bulan terakhir."),
            kind=Instrument.Kind.BEHAVIOUR_360, labels=FREQUENCY_SCALE,
            dimensions=[(code, name, "value", [(b, list(ALL_GROUPS), False) for b, _s in behaviours])
                        for code, name, behaviours in VALUES],
        ))
    if CULTURE_SURVEY_CODE not in existing:
        self_only = [RaterGroup.SELF.value]
        created.append(_create(
            code=CULTURE_SURVEY_CODE, name="Survei Budaya Kerja BerAKHLAK Instansi",
            description=("Survei seluruh pegawai tentang budaya kerja di instansinya: 21 pernyataan perilaku "
                         "BerAKHLAK, ditambah blok kepemimpinan dan blok sistem. Jawaban bersifat anonim dan hanya "
                         "dilaporkan per perangkat daerah."),
            kind=Instrument.Kind.SURVEY, labels=AGREEMENT_SCALE,
            dimensions=[
                *[(code, name, "value", [(s, self_only, False) for _b, s in behaviours])
                  for code, name, behaviours in VALUES],
                ("kepemimpinan", "Kepemimpinan", "block", [(s, self_only, False) for s in LEADERSHIP]),
                ("sistem", "Sistem", "block", [(s, self_only, rev) for s, rev in SYSTEM]),
            ],
        ))
    return created
