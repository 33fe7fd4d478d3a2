"""Demo threads: realistic Indonesian discussions about change projects (rencana aksi).

Each thread: (category, title, [(writer index, days ago, body), ...]); the first message opens the topic.
Writer indexes point into the forum's writers (see ``forums.demo``); ``{m0}``, ``{m1}`` … become @mentions of
writer 0, 1 ….
"""

AGENCY_THREADS = {
    "DISKOMINFO": [
        ("Aksi Perubahan", "Digitalisasi arsip surat masuk", [
            (0, 41, "Rekan-rekan, rencana aksi saya tahun ini: **semua surat masuk dipindai dan dicatat di aplikasi "
                    "persuratan** paling lambat 1 hari kerja setelah diterima.\n\nTarget:\n- 100% surat masuk "
                    "terpindai mulai Triwulan II\n- waktu disposisi turun dari rata-rata 3 hari menjadi 1 hari\n\n"
                    "Mohon masukan, terutama dari Sekretariat."),
            (2, 40, "Setuju sekali. Di Sekretariat kendalanya pemindai hanya satu dan sering antre. Bagaimana kalau "
                    "surat biasa difoto pakai ponsel dulu, yang penting tercatat?"),
            (0, 39, "{m2} ide bagus. Saya cek dulu apakah aplikasi persuratan menerima unggahan foto. Kalau bisa, SOP "
                    "penerimaan surat perlu direvisi sedikit."),
            (1, 33, "Saya bantu dari sisi aplikasi. Fitur unggah dari ponsel sudah ada di versi terbaru, tinggal "
                    "diaktifkan untuk akun operator persuratan."),
            (3, 20, "Update minggu ini: 212 dari 230 surat masuk sudah terpindai (92%). Rata-rata disposisi 1,4 hari. "
                    "Yang tertinggal kebanyakan undangan fisik yang langsung dibawa ke pimpinan."),
            (0, 2, "Terima kasih semua. Draf revisi SOP penerimaan surat sudah saya unggah; {m1} {m3} mohon dicek "
                   "sebelum diajukan ke Kepala Dinas."),
        ]),
        ("Tanya Jawab", "Cara mengukur indikator 'waktu disposisi' yang adil?", [
            (1, 30, "Untuk rencana aksi, indikatornya 'rata-rata waktu disposisi'. Apakah hari libur dihitung? "
                    "Bagaimana kalau pimpinan sedang dinas luar?"),
            (0, 29, "Sebaiknya **hari kerja** saja. Untuk dinas luar, disposisi bisa lewat aplikasi di ponsel, jadi "
                    "tetap dihitung."),
            (4, 28, "Sepakat hari kerja. Catat juga median, bukan hanya rata-rata, supaya satu surat yang tertahan "
                    "lama tidak membuat angkanya menyesatkan."),
        ]),
        ("Aksi Perubahan", "Dasbor layanan aduan warga di kanal media sosial", [
            (3, 25, "Bidang IKP mengusulkan dasbor sederhana: semua aduan dari Instagram, X, dan WhatsApp dicatat di "
                    "satu lembar kerja bersama, lalu diteruskan ke perangkat daerah terkait."),
            (1, 24, "Bisa pakai formulir internal dulu sebelum bikin aplikasi. Yang penting ada nomor tiket dan "
                    "tanggal tindak lanjut."),
            (3, 9, "Uji coba dua minggu: 146 aduan tercatat, 118 sudah ditindaklanjuti. Rata-rata respons awal "
                   "turun dari 2 hari menjadi 6 jam."),
        ]),
        ("Pengumuman", "Jadwal rapat koordinasi agen perubahan bulan ini", [
            (5, 12, "Rapat koordinasi agen perubahan Diskominfo diadakan **Kamis pukul 09.00 WIB** di ruang rapat "
                    "lantai 2. Mohon setiap agen menyiapkan satu slide kemajuan rencana aksi."),
        ]),
        ("Tanya Jawab", "Bukti dukung laporan agen perubahan: cukup foto?", [
            (2, 6, "Untuk Laporan Agen Perubahan, apakah foto kegiatan sudah cukup sebagai bukti dukung?"),
            (0, 5, "Sebaiknya lengkap: undangan, daftar hadir, notulen, dan foto. Saat penilaian Zona Integritas, "
                   "tim penilai biasanya meminta keempatnya."),
        ]),
    ],
    "DINKES": [
        ("Aksi Perubahan", "Antrean online Puskesmas", [
            (0, 45, "Rencana aksi saya: **pendaftaran antrean online** untuk poli umum di tiga Puskesmas percontohan. "
                    "Pasien cukup daftar lewat WhatsApp atau web, lalu datang sesuai jam yang didapat."),
            (1, 44, "Puskesmas Garuda siap jadi percontohan. Catatan: banyak lansia yang tidak memakai ponsel pintar, "
                    "jadi loket manual tetap perlu."),
            (0, 43, "{m1} betul, loket manual tetap dibuka. Target kita 40% pasien mendaftar online di bulan ketiga."),
            (2, 30, "Dari sisi data: waktu tunggu rata-rata sebelum uji coba 97 menit. Saya siapkan formulir "
                    "pencatatan jam datang dan jam dilayani."),
            (3, 15, "Bulan pertama: 22% pasien daftar online, waktu tunggu turun menjadi 64 menit. Keluhan utama: "
                    "pesan konfirmasi kadang terlambat."),
            (0, 1, "Terima kasih {m3}. Saya ajukan agar nomor WhatsApp antrean memakai akun bisnis resmi supaya "
                   "konfirmasi otomatis. Mohon dukungan di rapat minggu depan."),
        ]),
        ("Aksi Perubahan", "SOP layanan pengaduan di Puskesmas", [
            (2, 35, "Saat ini pengaduan pasien di Puskesmas dicatat berbeda-beda. Saya menyusun **SOP layanan "
                    "pengaduan** yang seragam: kanal, waktu respons maksimal 3 hari kerja, dan rekap bulanan."),
            (4, 34, "Mohon dicantumkan juga siapa yang menandatangani jawaban pengaduan, supaya jelas tanggung "
                    "jawabnya."),
            (2, 28, "Sudah saya tambahkan: jawaban ditandatangani Kepala Puskesmas. Draf SOP terlampir di grup, "
                    "mohon masukan sebelum diajukan menjadi SK Kepala Dinas."),
        ]),
        ("Tanya Jawab", "Rencana aksi masuk area perubahan yang mana?", [
            (3, 22, "Antrean online itu masuk area 'penguatan kualitas pelayanan publik' atau 'penataan tata "
                    "laksana'?"),
            (0, 21, "Menurut saya pelayanan publik, karena dampak utamanya dirasakan pasien. Tapi kalau hasilnya "
                    "dijadikan SOP, itu juga mendukung tata laksana."),
        ]),
        ("Pengumuman", "Pengumpulan laporan triwulan agen perubahan", [
            (5, 10, "Laporan triwulan agen perubahan Dinkes dikumpulkan paling lambat **tanggal 10** bulan depan. "
                    "Gunakan format yang sudah dibagikan Tim RB."),
        ]),
    ],
    "DISDUKCAPIL": [
        ("Aksi Perubahan", "Layanan akta kelahiran langsung dari rumah sakit", [
            (0, 38, "Rencana aksi: bayi yang lahir di RSUD dan RSKIA langsung mendapat akta kelahiran dan KIA "
                    "sebelum pulang, lewat petugas penghubung di rumah sakit."),
            (1, 37, "Kerja sama dengan RSKIA sudah jalan sejak bulan lalu. Hambatannya berkas KK orang tua yang "
                    "belum diperbarui."),
            (0, 20, "Capaian: 61 dari 75 kelahiran di RSKIA langsung terbit aktanya. Sisanya terkendala KK."),
        ]),
        ("Tanya Jawab", "Mengukur kepuasan warga tanpa survei kertas", [
            (1, 14, "Ada yang sudah memakai kode QR untuk survei kepuasan di loket? Survei kertas kami jarang diisi."),
            (0, 13, "Kami pakai kode QR di meja loket, tiga pertanyaan saja. Respons naik dari 30 menjadi 210 per "
                    "bulan."),
        ]),
    ],
    "DPMPTSP": [
        ("Aksi Perubahan", "Konsultasi perizinan daring setiap Jumat", [
            (0, 26, "Kami membuka **konsultasi perizinan daring** setiap Jumat pukul 13.00–15.00 lewat konferensi "
                    "video, agar pelaku usaha tidak perlu datang ke Mal Pelayanan Publik hanya untuk bertanya."),
            (1, 25, "Setuju. Sebaiknya pendaftarannya lewat formulir supaya petugas bisa menyiapkan jawaban "
                    "sebelum sesi."),
            (0, 8, "Empat sesi berjalan, 37 pelaku usaha ikut. Pertanyaan terbanyak tentang PBG dan NIB."),
        ]),
    ],
}

CITY_THREADS = [
    ("Aksi Perubahan", "Berbagi praktik baik: antrean online dan arsip digital", [
        (0, 18, "Dari diskusi di forum Dinkes dan Diskominfo, dua rencana aksi ini saling melengkapi: antrean "
                "online Puskesmas dan digitalisasi arsip surat. Siapa lagi yang punya praktik serupa?"),
        (1, 17, "Disdukcapil juga mendigitalkan arsip berkas permohonan. Kami siap berbagi format penamaan "
                "berkas supaya mudah dicari."),
        (2, 16, "Terima kasih {m0} {m1}. Tim RB akan merangkum praktik baik ini dalam bahan rapat evaluasi "
                "reformasi birokrasi bulan depan."),
        (4, 4, "Dari DPMPTSP: konsultasi perizinan daring kami ternyata juga mengurangi antrean di loket. "
               "Mungkin bisa digabung dalam satu tema 'layanan tanpa antre'."),
    ]),
    ("Tanya Jawab", "Berapa agen perubahan yang ideal per perangkat daerah?", [
        (4, 27, "Apakah ada ketentuan jumlah agen perubahan per perangkat daerah?"),
        (2, 26, "Tidak ada kuota nasional: PermenPAN-RB 27/2014 menyebut instansi *dapat* membentuk agen "
                "perubahan sesuai kebutuhan. Dalam praktik, sekitar 3–4 agen per unit kerja."),
        (0, 25, "Di Diskominfo kami punya empat agen, satu per bidang. Cukup untuk saling menggantikan saat "
                "ada yang cuti."),
    ]),
    ("Pengumuman", "Jadwal penilaian mandiri Zona Integritas", [
        (2, 11, "Penilaian mandiri Zona Integritas (LKE) dibuka mulai bulan depan. Mohon agen perubahan di setiap "
                "perangkat daerah membantu menyiapkan bukti dukung area **Manajemen Perubahan**: SK agen "
                "perubahan, rencana aksi, dan laporan kemajuan."),
    ]),
    ("Aksi Perubahan", "1 agen 1 perubahan: contoh yang sudah menjadi SOP", [
        (1, 7, "Penilaian ZI menanyakan berapa perubahan yang sudah terintegrasi ke sistem manajemen. Mari kita "
               "kumpulkan contoh rencana aksi yang sudah menjadi SOP atau SK."),
        (0, 6, "Contoh dari Diskominfo: revisi SOP penerimaan surat setelah digitalisasi arsip. Sedang menunggu "
               "tanda tangan Kepala Dinas."),
        (3, 0, "Dari Dinkes: SOP layanan pengaduan Puskesmas sudah disahkan dengan SK Kepala Dinas. {m2} mohon "
               "dicatat sebagai perubahan yang terintegrasi."),
    ]),
]

# Extra demo agents per agency: (agency code, how many). Their accounts come from employees of the agency.
EXTRA_AGENTS = [("DISKOMINFO", 3), ("DINKES", 3), ("DISDUKCAPIL", 2), ("DPMPTSP", 2)]
