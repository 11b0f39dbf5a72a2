"""The clearly fictitious demo data that `manage.py seed_demo` creates.

Only plain data lives here; seed_demo turns it into records through kelurahan.services.
Names carry "(demo)", phone numbers are not real, dates are relative to the day of seeding.
"""

import datetime
from typing import Any

from kelurahan.models import AwarenessReport, KelurahanOfficer, OutreachSession

OFFICE_SLUG = "kanim-jakarta-pusat"
KEBON_KOSONG = "31.71.03.1002"
GAMBIR = "31.71.01.1001"
HARAPAN_MULIA = "31.71.03.1003"

PEMKOT = "Pemerintah Kota Administrasi Jakarta Pusat"
POLRES = "Kepolisian Resor Metro Jakarta Pusat"
BP3MI = "Balai Pelayanan Pelindungan Pekerja Migran Indonesia DKI Jakarta"
SUDIN = "Suku Dinas Tenaga Kerja, Transmigrasi dan Energi Kota Administrasi Jakarta Pusat"

Kind = OutreachSession.Kind
Category = AwarenessReport.Category
Position = KelurahanOfficer.Position

# Imigrasi staff. "admin" is the superuser; staf.jakpus may view, add and change only.
STAFF: list[dict[str, Any]] = [
    {"username": "admin", "first_name": "Admin", "last_name": "Portal (demo)", "superuser": True},
    {
        "username": "staf.jakpus",
        "first_name": "Budi",
        "last_name": "Santoso (demo)",
        # Reserved .example addresses: notifications show on the console with `make run`.
        "email": "staf.jakpus@imigrasi.example",
    },
]

OFFICERS: list[dict[str, Any]] = [
    {
        "username": "petugas.kebonkosong",
        "email": "petugas.kebonkosong@kelurahan.example",
        "first_name": "Siti",
        "last_name": "Rahmawati (demo)",
        "kelurahan": KEBON_KOSONG,
        "position": Position.KASI_PEMERINTAHAN,
        "phone": "021-0000-1002",
    },
    {
        "username": "petugas.gambir",
        "email": "petugas.gambir@kelurahan.example",
        "first_name": "Andi",
        "last_name": "Wijaya (demo)",
        "kelurahan": GAMBIR,
        "position": Position.SEKRETARIS,
        "phone": "021-0000-1001",
    },
]

LIAISON_OFFICERS: list[dict[str, Any]] = [
    {
        "nip": "199001012015031001",
        "name": "Budi Santoso (demo)",
        "position": "Analis Keimigrasian Ahli Pertama",
        "phone": "021-0000-0001",
        "whatsapp": "0800-0000-0001",
        "user": "staf.jakpus",
    },
    {
        "nip": "198805152012122002",
        "name": "Dewi Anggraini (demo)",
        "position": "Pemeriksa Keimigrasian Ahli Muda",
        "phone": "021-0000-0002",
        "whatsapp": "0800-0000-0002",
    },
    {
        "nip": "199203202018011003",
        "name": "Rizky Pratama (demo)",
        "position": "Analis Keimigrasian Ahli Pertama",
        "phone": "021-0000-0003",
        "whatsapp": "0800-0000-0003",
    },
]

# (kode wilayah, since, SK number, notes)
DESIGNATIONS = [
    (
        KEBON_KOSONG,
        datetime.date(2024, 6, 13),
        "W.10.IMI.IMI.1-UM.01.01-1234 (demo)",
        "Kelurahan binaan pertama di Jakarta Pusat (data demo).",
    ),
    (GAMBIR, datetime.date(2024, 10, 21), "W.10.IMI.IMI.1-UM.01.01-1301 (demo)", ""),
    (HARAPAN_MULIA, datetime.date(2025, 2, 17), "W.10.IMI.IMI.1-UM.01.01-0142 (demo)", ""),
]

# (liaison NIP, kode wilayah, start, end or None). Dewi's Kebon Kosong duty is history.
ASSIGNMENTS = [
    ("198805152012122002", KEBON_KOSONG, datetime.date(2024, 6, 13), datetime.date(2025, 1, 31)),
    ("199001012015031001", KEBON_KOSONG, datetime.date(2025, 2, 1), None),
    ("198805152012122002", HARAPAN_MULIA, datetime.date(2025, 2, 17), None),
    ("199203202018011003", GAMBIR, datetime.date(2024, 10, 21), None),
]

# "days" is counted from the day of seeding, so there are always past and upcoming sessions.
# outcome: planned, held, incomplete (held without results) or cancelled.
SESSIONS: list[dict[str, Any]] = [
    {
        "kelurahan": KEBON_KOSONG,
        "title": "Sosialisasi pencegahan TPPO dan TPPM bagi warga Kebon Kosong",
        "days": -60,
        "venue": "Aula Kantor Kelurahan Kebon Kosong",
        "description": "Pengenalan TPPO dan TPPM, tanda bahaya, dan cara melapor.",
        "topics": ["tppo", "tppm"],
        "speakers": ["199001012015031001", "198805152012122002"],
        "partners": [PEMKOT, POLRES],
        "proposer": "staf.jakpus",
        "outcome": "held",
        "results": {
            "attendance_men": 41,
            "attendance_women": 56,
            "attendance_total": 97,
            "summary": "Warga aktif bertanya tentang tawaran kerja ke luar negeri yang beredar "
            "di media sosial. Materi dari Polres tentang modus perekrutan ilegal (data demo).",
        },
    },
    {
        "kelurahan": KEBON_KOSONG,
        "title": "Layanan paspor simpatik di Kelurahan Kebon Kosong",
        "kind": Kind.PASSPORT_SERVICE,
        "days": -25,
        "venue": "Halaman Kantor Kelurahan Kebon Kosong",
        "description": "Pelayanan permohonan paspor di kelurahan dengan jadwal dari M-Paspor.",
        "topics": ["paspor"],
        "speakers": ["199001012015031001"],
        "proposer": "staf.jakpus",
        "outcome": "held",
        "results": {
            "attendance_men": 18,
            "attendance_women": 24,
            "attendance_total": 42,
            "summary": "42 warga dilayani; petugas menjelaskan wawancara tujuan perjalanan "
            "(data demo).",
        },
    },
    {
        "kelurahan": KEBON_KOSONG,
        "title": "Rapat koordinasi kader kelurahan binaan",
        "kind": Kind.COORDINATION,
        "days": -4,
        "venue": "Ruang Rapat Kantor Kelurahan Kebon Kosong",
        "description": "Koordinasi rencana kegiatan triwulan berikutnya.",
        "topics": ["kesadaran-hukum"],
        "speakers": ["199001012015031001"],
        "partners": [PEMKOT],
        "proposer": "petugas.kebonkosong",
        "outcome": "incomplete",
    },
    {
        "kelurahan": KEBON_KOSONG,
        "title": "Sosialisasi kewaspadaan TPPO bagi karang taruna",
        "days": 5,
        "venue": "Aula Kantor Kelurahan Kebon Kosong",
        "topics": ["tppo"],
        "speakers": ["199001012015031001"],
        "proposer": "petugas.kebonkosong",
        "outcome": "cancelled",
        "cancel_reason": "Aula dipakai untuk kegiatan lain; jadwal baru akan diumumkan (demo).",
    },
    {
        "kelurahan": KEBON_KOSONG,
        "title": "Bekerja ke luar negeri secara prosedural",
        "days": 12,
        "venue": "Aula Kantor Kelurahan Kebon Kosong",
        "description": "Syarat menjadi PMI, jalur penempatan resmi, dan cara membuat paspor.",
        "topics": ["pmi-prosedural", "paspor"],
        "speakers": ["199001012015031001"],
        "partners": [BP3MI, SUDIN],
        "proposer": "staf.jakpus",
        "outcome": "planned",
        # The kelurahan officer asks to move it: the change waits for the office's review.
        "officer_change": {
            "by": "petugas.kebonkosong",
            "changes": {"venue": "Balai Warga RW 03 Kebon Kosong"},
            "office_note": "Aula kelurahan dipakai untuk posyandu pada hari itu (demo).",
        },
    },
    {
        "kelurahan": KEBON_KOSONG,
        "title": "Pelaporan orang asing bagi pengelola rumah kos",
        "days": 30,
        "venue": "Pos RW 05 Kebon Kosong",
        "topics": ["apoa"],
        "proposer": "petugas.kebonkosong",
        "outcome": "planned",
        "published": False,
    },
    {
        "kelurahan": GAMBIR,
        "title": "Sosialisasi APOA bagi pengelola hotel dan penginapan di Gambir",
        "days": -40,
        "venue": "Aula Kantor Kelurahan Gambir",
        "description": "Kewajiban melaporkan orang asing yang menginap melalui APOA.",
        "topics": ["apoa"],
        "speakers": ["199203202018011003"],
        "partners": [PEMKOT],
        "proposer": "staf.jakpus",
        "outcome": "held",
        "results": {
            "attendance_men": 22,
            "attendance_women": 15,
            "attendance_total": 37,
            "summary": "Pengelola penginapan belajar mendaftar dan melapor di APOA (data demo).",
        },
    },
    {
        "kelurahan": GAMBIR,
        "title": "Sosialisasi pencegahan TPPO di Kelurahan Gambir",
        "days": 20,
        "venue": "Aula Kantor Kelurahan Gambir",
        "description": "Tanda bahaya perekrutan ilegal dan tempat meminta bantuan.",
        "topics": ["tppo", "pmi-prosedural"],
        "speakers": ["199203202018011003"],
        "partners": [POLRES],
        "proposer": "petugas.gambir",
        "outcome": "planned",
    },
]

REVIEW: dict[str, Any] = {
    "note_for_reporter": "Terima kasih, laporan sedang kami pelajari. PIMPASA akan menghubungi "
    "Bapak/Ibu bila perlu keterangan tambahan.",
    "internal_note": "Cek data perusahaan di SISKOP2MI; koordinasi dengan Sudin (demo).",
}

# steps run in order through the services: submit (by the filer), then staff actions by admin.
REPORTS: list[dict[str, Any]] = [
    {
        "kelurahan": KEBON_KOSONG,
        "filed_by": "petugas.kebonkosong",
        "category": Category.NON_PROCEDURAL_PMI,
        "observed": "Catatan awal (contoh data demo): lowongan kerja luar negeri tanpa nama "
        "perusahaan beredar di grup WhatsApp warga. Masih dicek.",
        "steps": [],
    },
    {
        "kelurahan": KEBON_KOSONG,
        "filed_by": "petugas.kebonkosong",
        "category": Category.TPPO,
        "observed": "(Contoh data demo) Seorang perekrut menawari tiga remaja putri kerja di "
        "luar negeri, berangkat minggu depan dengan visa kunjungan.",
        "location_rt_rw": "004/006",
        "people_at_risk": 3,
        "urgency": AwarenessReport.Urgency.URGENT,
        "steps": [("submit", {})],
    },
    {
        "kelurahan": KEBON_KOSONG,
        "filed_by": "petugas.kebonkosong",
        "category": Category.NON_PROCEDURAL_PMI,
        "observed": "(Contoh data demo) Sebuah rumah kontrakan dipakai menampung calon pekerja "
        "migran yang belum punya dokumen.",
        "location_rt_rw": "002/005",
        "people_at_risk": 8,
        "steps": [("submit", {}), ("review", REVIEW)],
    },
    {
        "kelurahan": KEBON_KOSONG,
        "filed_by": "petugas.kebonkosong",
        "category": Category.TPPM,
        "observed": "(Contoh data demo) Ada yang menawarkan jasa menyeberangkan warga ke negara "
        "tetangga lewat jalur laut tanpa paspor.",
        "location_rt_rw": "001/003",
        "urgency": AwarenessReport.Urgency.URGENT,
        "steps": [
            ("submit", {}),
            ("review", REVIEW),
            ("assign", {"assignee": "staf.jakpus"}),
            (
                "refer",
                {
                    "partner": POLRES,
                    "note_for_reporter": "Laporan diteruskan ke Polres Metro Jakarta Pusat.",
                    "internal_note": "Diserahkan ke unit reskrim (demo).",
                },
            ),
        ],
    },
    {
        "kelurahan": KEBON_KOSONG,
        "filed_by": "petugas.kebonkosong",
        "category": Category.OTHER,
        "observed": "(Contoh data demo) Warga menanyakan selebaran lowongan kerja di kapal "
        "pesiar yang ditempel di pos ronda.",
        "steps": [
            ("submit", {}),
            ("review", {}),
            (
                "not_substantiated",
                {"note_for_reporter": "Lowongan berasal dari perusahaan berizin (demo)."},
            ),
        ],
    },
    {
        "kelurahan": GAMBIR,
        "filed_by": "petugas.gambir",
        "category": Category.FOREIGNER,
        "observed": "(Contoh data demo) Beberapa WNA tinggal di rumah kos tanpa diketahui "
        "pengurus RT.",
        "location_rt_rw": "003/002",
        "steps": [
            ("submit", {}),
            ("review", REVIEW),
            (
                "close",
                {
                    "note_for_reporter": "Sudah dicek petugas: izin tinggal sah dan pengelola "
                    "kos sudah mendaftar APOA (demo).",
                },
            ),
        ],
    },
]

# A tip from the anonymous tip line: the resident added information with their receipt code
# and the office answered, so /lapor/status/ has something to show.
TIP: dict[str, Any] = {
    "kelurahan": KEBON_KOSONG,
    "category": Category.NON_PROCEDURAL_PMI,
    "observed": "(Contoh data demo) Hampir tiap malam sebuah mobil menjemput beberapa perempuan "
    "muda di dekat pasar. Kata tetangga, mereka akan dipekerjakan di luar negeri.",
    "location": "Dekat pasar (demo)",
    "urgency": AwarenessReport.Urgency.URGENT,
    "reporter_addition": "Mobilnya berwarna hitam, biasanya datang sekitar pukul 22.00 (demo).",
    "note_for_reporter": "Terima kasih, informasi Anda sudah kami terima dan sedang kami "
    "pelajari (demo).",
}

# A report the Kebon Kosong officer filed for a resident who came to the kelurahan office.
ASSISTED_REPORT: dict[str, Any] = {
    "kelurahan": KEBON_KOSONG,
    "filed_by": "petugas.kebonkosong",
    "category": Category.TPPO,
    "observed": "(Contoh data demo) Seorang ibu datang ke kantor kelurahan: anaknya ditawari "
    "kerja di kapal ikan luar negeri, paspornya akan diurus oleh perekrut.",
    "location_rt_rw": "005/002",
    "people_at_risk": 1,
}
