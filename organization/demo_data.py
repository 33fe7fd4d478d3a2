"""Kota Bandung's perangkat daerah (DOMAIN.md) and name lists for synthetic employees. No real people."""

# (code, name, abbreviation, kind, relative size weight)
AGENCIES = [
    ("SETDA", "Sekretariat Daerah", "Setda", "setda", 3),
    ("SETWAN", "Sekretariat DPRD", "Setwan", "setwan", 1.2),
    ("INSPEKTORAT", "Inspektorat", "Inspektorat", "inspektorat", 1),
    ("BAPPELITBANG", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan", "Bappelitbang", "badan", 1),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "badan", 1),
    ("BKAD", "Badan Keuangan dan Aset Daerah", "BKAD", "badan", 1.3),
    ("BAPENDA", "Badan Pendapatan Daerah", "Bapenda", "badan", 1.5),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "badan", 0.6),
    ("DISDIK", "Dinas Pendidikan", "Disdik", "dinas", 25),
    ("DINKES", "Dinas Kesehatan", "Dinkes", "dinas", 12),
    ("DSDABM", "Dinas Sumber Daya Air dan Bina Marga", "DSDABM", "dinas", 2),
    ("DISTARU", "Dinas Cipta Karya, Bina Konstruksi dan Tata Ruang", "Distaru", "dinas", 1.2),
    ("DPKP3", "Dinas Perumahan dan Kawasan Permukiman, Pertanahan dan Pertamanan", "DPKP3", "dinas", 1.5),
    ("DINSOS", "Dinas Sosial", "Dinsos", "dinas", 0.9),
    ("DISNAKER", "Dinas Tenaga Kerja", "Disnaker", "dinas", 0.7),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", "dinas", 0.6),
    ("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", "dinas", 0.9),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "Dispusip", "dinas", 0.6),
    ("DISKARPB", "Dinas Kebakaran dan Penanggulangan Bencana", "Diskar PB", "dinas", 1.5),
    ("DKPP", "Dinas Ketahanan Pangan dan Pertanian", "DKPP", "dinas", 0.8),
    ("DLH", "Dinas Lingkungan Hidup", "DLH", "dinas", 1.5),
    ("DISHUB", "Dinas Perhubungan", "Dishub", "dinas", 1.8),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas", 0.8),
    ("DISDAGIN", "Dinas Perdagangan dan Perindustrian", "Disdagin", "dinas", 0.7),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas", 0.6),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "Disbudpar", "dinas", 0.7),
    ("DKUKM", "Dinas Koperasi dan Usaha Kecil dan Menengah", "DKUKM", "dinas", 0.5),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "Dispora", "dinas", 0.5),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "dinas", 0.9),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Satpol PP", "satpol", 1.6),
    ("RSUDKIWARI", "RSUD Bandung Kiwari", "RSUD Kiwari", "rsud", 4),
    ("RSKIA", "Rumah Sakit Khusus Ibu dan Anak", "RSKIA", "rsud", 1.2),
    ("RSKGM", "Rumah Sakit Khusus Gigi dan Mulut", "RSKGM", "rsud", 0.8),
]

KECAMATAN = [
    "Andir", "Antapani", "Arcamanik", "Astanaanyar", "Babakan Ciparay", "Bandung Kidul", "Bandung Kulon",
    "Bandung Wetan", "Batununggal", "Bojongloa Kaler", "Bojongloa Kidul", "Buahbatu", "Cibeunying Kaler",
    "Cibeunying Kidul", "Cibiru", "Cicendo", "Cidadap", "Cinambo", "Coblong", "Gedebage", "Kiaracondong",
    "Lengkong", "Mandalajati", "Panyileukan", "Rancasari", "Regol", "Sukajadi", "Sukasari", "Sumur Bandung",
    "Ujungberung",
]
KECAMATAN_WEIGHT = 0.25

# A few sub-units (bagian / bidang / UPT / kelurahan) under some agencies.
SUB_UNITS = {
    "SETDA": [("ORG", "Bagian Organisasi", "bagian"), ("HKM", "Bagian Hukum", "bagian"), ("UMUM", "Bagian Umum", "bagian")],
    "DISKOMINFO": [
        ("SEKRE", "Sekretariat Diskominfo", "bagian"), ("APTIKA", "Bidang Aplikasi Informatika", "bidang"),
        ("IKP", "Bidang Informasi dan Komunikasi Publik", "bidang"), ("PERSANDIAN", "Bidang Persandian dan Statistik", "bidang"),
    ],
    "DINKES": [
        ("SEKRE", "Sekretariat Dinkes", "bagian"), ("KESMAS", "Bidang Kesehatan Masyarakat", "bidang"),
        ("P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "bidang"), ("YANKES", "Bidang Pelayanan Kesehatan", "bidang"),
        ("PKM-GARUDA", "UPT Puskesmas Garuda", "upt"), ("PKM-PADASUKA", "UPT Puskesmas Padasuka", "upt"),
    ],
    "DISDIK": [
        ("SEKRE", "Sekretariat Disdik", "bagian"), ("PAUD", "Bidang PAUD dan PNF", "bidang"),
        ("SD", "Bidang Pembinaan SD", "bidang"), ("SMP", "Bidang Pembinaan SMP", "bidang"), ("GTK", "Bidang GTK", "bidang"),
    ],
    "BKPSDM": [("MUTASI", "Bidang Mutasi dan Promosi", "bidang"), ("PKAP", "Bidang Pengembangan Kompetensi", "bidang")],
    "KEC-COBLONG": [("DAGO", "Kelurahan Dago", "kelurahan"), ("LEBAKSILIWANGI", "Kelurahan Lebak Siliwangi", "kelurahan"),
                    ("SEKELOA", "Kelurahan Sekeloa", "kelurahan")],
    "KEC-ANDIR": [("CIROYOM", "Kelurahan Ciroyom", "kelurahan"), ("KEBONJERUK", "Kelurahan Kebon Jeruk", "kelurahan")],
}
DEFAULT_SUB_UNITS = [("SEKRE", "Sekretariat", "bagian"), ("BID1", "Bidang Program dan Layanan", "bidang"),
                     ("BID2", "Bidang Pengembangan", "bidang")]

MALE_FIRST = [
    "Asep", "Dadang", "Ujang", "Cecep", "Dede", "Agus", "Budi", "Eko", "Hendra", "Iwan", "Yudi", "Rudi", "Dedi",
    "Ahmad", "Muhammad", "Rizki", "Fajar", "Gilang", "Arief", "Dimas", "Bayu", "Yogi", "Andri", "Irfan", "Ridwan",
    "Taufik", "Hadi", "Wawan", "Deden", "Engkus", "Kurnia", "Ilham", "Reza", "Aditya", "Bambang", "Joko", "Teguh",
]
FEMALE_FIRST = [
    "Siti", "Neneng", "Euis", "Imas", "Rina", "Dewi", "Sri", "Yanti", "Nurul", "Fitri", "Ratna", "Lilis", "Ayu",
    "Intan", "Rini", "Wulan", "Desi", "Nining", "Tati", "Ani", "Putri", "Anisa", "Rahma", "Mira", "Sari", "Lina",
    "Indah", "Ika", "Novi", "Yuli", "Citra", "Dian", "Ratih", "Nunung", "Eneng", "Cucu", "Evi",
]
LAST_NAMES = [
    "Hidayat", "Permana", "Kurniawan", "Setiawan", "Saputra", "Nugraha", "Sudrajat", "Suhendar", "Rahmawati",
    "Lestari", "Purnamasari", "Wulandari", "Gunawan", "Firmansyah", "Ramdani", "Hermawan", "Mulyana", "Sopandi",
    "Supriatna", "Kusumah", "Suryana", "Hakim", "Maulana", "Nurhayati", "Rohmat", "Sutisna", "Wijaya", "Pratama",
    "Anggraeni", "Komalasari", "Hernawan", "Fauzi", "Rahayu", "Syarifudin", "Yuliani", "Suganda", "Somantri",
]
POSITIONS_STAFF = [
    ("pelaksana", "", "Pengadministrasi Umum"), ("pelaksana", "", "Pengelola Data"),
    ("pelaksana", "", "Analis Kebijakan Pelaksana"), ("pelaksana", "", "Pengadministrasi Keuangan"),
    ("fungsional_keahlian", "ahli_pertama", "Pranata Komputer Ahli Pertama"),
    ("fungsional_keahlian", "ahli_muda", "Analis Kepegawaian Ahli Muda"),
    ("fungsional_keahlian", "ahli_pertama", "Perencana Ahli Pertama"),
    ("fungsional_keterampilan", "terampil", "Arsiparis Terampil"),
    ("fungsional_keterampilan", "mahir", "Pranata Keuangan APBN Mahir"),
]
POSITIONS_BY_KIND = {
    "dinas": [("fungsional_keahlian", "ahli_muda", "Guru Ahli Muda"), ("fungsional_keahlian", "ahli_pertama", "Dokter Ahli Pertama")],
}


# The demo institution (organization.institution.Institution).
INSTITUTION = {
    "kind": "kota",
    "name": "Pemerintah Kota Bandung",
    "short_name": "Kota Bandung",
    "head_title": "Wali Kota Bandung",
    "address": "Jalan Wastukencana No. 2, Bandung 40117",
    "phone": "(022) 4234793",
    "website": "bandung.go.id",
    "email": "humas@bandung.go.id",
    "signatory_title": "Wali Kota Bandung",
    "reform_team_name": "Tim Reformasi Birokrasi Kota Bandung",
}
