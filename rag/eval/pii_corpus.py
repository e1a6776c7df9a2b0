"""Note and document snippets with every piece of personal data labelled, to measure `rag.pii`.

Each snippet's text marks personal data inline as `[[KIND|value]]` (KIND one of `rag.pii.KINDS`);
`parse` strips the marks and returns the plain text with the labelled spans. `known` is what the
database would know about the people involved (the masker gets it exactly as `rag.services` does):
the patients', relations' and staff's names, addresses and birth dates. Every value is invented.

Snippets without marks are there for precision: clinical text in which nothing may be masked.
"""

import re
from dataclasses import dataclass
from datetime import date

MARK_RE = re.compile(r"\[\[([A-Z_]+)\|([^\]]+)\]\]")


@dataclass(frozen=True)
class Snippet:
    marked: str
    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    birth_dates: tuple[date, ...] = ()

    @property
    def text(self) -> str:
        return parse(self.marked)[0]

    @property
    def spans(self) -> list[tuple[int, int, str]]:
        return parse(self.marked)[1]


def parse(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """(plain text, [(start, end, kind)]) from text with `[[KIND|value]]` marks."""
    pieces, spans, position, length = [], [], 0, 0
    for match in MARK_RE.finditer(marked):
        before = marked[position : match.start()]
        pieces.append(before)
        length += len(before)
        kind, value = match.groups()
        spans.append((length, length + len(value), kind))
        pieces.append(value)
        length += len(value)
        position = match.end()
    pieces.append(marked[position:])
    return "".join(pieces), spans


BUDI = {"names": ("Budi Santoso", "Siti Aminah", "dr. Andi Wijaya"), "addresses": ("Jl. Melati No. 5, Gambir",)}
BUDI_BIRTH = {**BUDI, "birth_dates": (date(1985, 3, 12),)}
RINA = {"names": ("Rina Kartika Dewi", "Agus Salim", "dr. Maya Puspita"), "birth_dates": (date(2019, 7, 4),)}
WAYAN = {
    "names": ("I Wayan Sudarsana", "Ni Made Ayu Lestari"),
    "addresses": ("Jl. Gatot Subroto Barat No. 88, Denpasar",),
}

SNIPPETS: tuple[Snippet, ...] = (
    # --- NIK and BPJS numbers in every spelling ---
    Snippet("Identitas: NIK [[NIK|3171015203850002]], BPJS [[BPJS|0001234567890]]. Keluhan pusing 3 hari."),
    Snippet("NIK [[NIK|3171 0152 0385 0002]] (KTP ditunjukkan saat pendaftaran)."),
    Snippet("No. KTP: [[NIK|3171.0152.0385.0002]]; kartu JKN [[BPJS|0001.2345.67890]]."),
    Snippet("Pasien lupa membawa kartu, NIK disebutkan [[NIK|3273-1106-8001-0003]], umur 45 th."),
    Snippet("BPJS no [[BPJS|0002 3456 78901]] aktif, faskes 1 Puskesmas Gambir."),
    Snippet("No peserta JKN-KIS: [[BPJS|0001-2345-67890]]. Rujukan ke RSUD untuk EKG."),
    Snippet("Data anak: NIK [[NIK|317101 520319 0004]] belum terdaftar di BPJS, ibu NIK [[NIK|3171015203850002]]."),
    Snippet("Patient ID card [[NIK|3578 2104 9002 0001]] verified; insurance number [[BPJS|0003456789012]]."),
    Snippet("nik:[[NIK|3404012506700001]] bpjs:[[BPJS|0000123456789]] - data dari loket."),
    Snippet("KK [[NIK|3171012201090123]] dicatat untuk klaim; Hb 11,2 g/dL, Ht 34%."),
    # --- phone numbers: mobile, landline, +62 ---
    Snippet("Minta dihubungi di [[TELEPON|081234567890]] bila hasil lab keluar."),
    Snippet("HP keluarga [[TELEPON|0812-3456-7890]], telp rumah [[TELEPON|021-5551234]]."),
    Snippet("Kontak darurat: [[TELEPON|+62 812 3456 7890]] (WhatsApp)."),
    Snippet("Telp. kantor [[TELEPON|(021) 555 1234]] ext 12; pasien bekerja shift malam."),
    Snippet("Hubungi Puskesmas Kota Gede di [[TELEPON|0274 512345]] untuk jadwal kontrol."),
    Snippet("No HP [[TELEPON|+6281234567890]] tidak aktif, dicoba lagi besok."),
    Snippet("Family phone [[TELEPON|+62-21-5551234]]; daughter will call back."),
    Snippet("WA [[TELEPON|0857 1234 5678]], kirim foto hasil rontgen."),
    Snippet("SMS pengingat ke [[TELEPON|0813.1122.3344]] untuk imunisasi lanjutan."),
    Snippet("e-mail [[EMAIL|budi.santoso85@gmail.com]] untuk kirim surat keterangan sehat."),
    Snippet("Hasil dikirim ke email keluarga [[EMAIL|rina.k_dewi@yahoo.co.id]] atas permintaan pasien."),
    Snippet("Referral letter copied to [[EMAIL|poli.anak@rsud-harapan.go.id]] and the GP."),
    # --- street lines ---
    Snippet("Alamat: [[ALAMAT|Jl. Melati No. 5 RT 03/RW 07]], [[ALAMAT|Kel. Gambir]], [[ALAMAT|Kec. Gambir]]."),
    Snippet("Tinggal di [[ALAMAT|Jalan Sudirman Kav. 52]], Jakarta Selatan, lantai 3 tanpa lift."),
    Snippet("Alamat domisili [[ALAMAT|Gg. Mawar III No. 12]], dekat pasar."),
    Snippet("Home visit ke [[ALAMAT|Perum Griya Asri Blok C2 No. 7]], pasien bedrest."),
    Snippet("alamat [[ALAMAT|jl. kenanga no 3 RT 01 RW 02]], kontrak rumah."),
    Snippet("Rumah di [[ALAMAT|Dusun Krajan RT 002/RW 001]], [[ALAMAT|Desa Sukamaju]], jauh dari faskes."),
    Snippet("Pindah ke [[ALAMAT|Komp. Pajak Blok F No. 21]] sejak Maret, berkas dipindahkan."),
    Snippet("Lingkungan [[ALAMAT|RT 05/RW 09]] banyak kasus DBD bulan ini, PSN dianjurkan."),
    Snippet("Lives at [[ALAMAT|Jl. Raya Bogor KM 26 No. 4]], lives alone, needs home care."),
    Snippet("Alamat KTP [[ALAMAT|Jln. Cempaka Putih Tengah No. 17A]], alamat sekarang sama."),
    # --- birth dates ---
    Snippet("Tgl lahir: [[TGL_LAHIR|12-03-1985]], usia 39 tahun."),
    Snippet("TTL: [[TGL_LAHIR|Jakarta, 12 Maret 1985]]. Status menikah."),
    Snippet("DOB [[TGL_LAHIR|1985-03-12]], male, smoker 10 pack-years."),
    Snippet("Anak lahir tanggal [[TGL_LAHIR|4 Juli 2019]], BB lahir 3,1 kg, imunisasi lengkap."),
    Snippet("Born on [[TGL_LAHIR|March 12, 1985]]; history of asthma since childhood."),
    Snippet("Lahir [[TGL_LAHIR|04/07/2019]] di RSIA, partus spontan.", **RINA),
    Snippet("Kartu menunjukkan [[TGL_LAHIR|12.03.1985]] sebagai tanggal pada identitas.", **BUDI_BIRTH),
    Snippet("Verifikasi data: [[TGL_LAHIR|12 Maret 1985]] cocok dengan KTP.", **BUDI_BIRTH),
    # --- names known from the database, any case ---
    Snippet("[[NAMA|Budi Santoso]] datang kontrol hipertensi, TD 150/90.", **BUDI),
    Snippet("[[NAMA|budi santoso]] lupa minum amlodipin 2 hari.", **BUDI),
    Snippet("Pasien [[NAMA|BUDI SANTOSO]] dirujuk ke poli jantung.", **BUDI),
    Snippet("Bu [[NAMA|Siti]] (istri pasien) melaporkan pasien sering lupa minum obat.", **BUDI),
    Snippet("Diperiksa oleh dr. [[NAMA|Andi Wijaya]], Sp.PD; terapi lanjut.", **BUDI),
    Snippet("apakah [[NAMA|budi]] masih merokok? ditanyakan oleh [[NAMA|siti aminah]].", **BUDI),
    Snippet("An. [[NAMA|Rina Kartika Dewi]] demam 3 hari, trombosit 98.000.", **RINA),
    Snippet("[[NAMA|rina]] rewel, ayahnya [[NAMA|Agus Salim]] menunggu di luar.", **RINA),
    Snippet("Konsul ke dr. [[NAMA|Maya Puspita]] untuk evaluasi tumbuh kembang.", **RINA),
    Snippet("[[NAMA|I Wayan Sudarsana]] kontrol DM; istrinya [[NAMA|Ni Made Ayu Lestari]] ikut.", **WAYAN),
    Snippet("Visit note: [[NAMA|wayan]] reports numb feet, HbA1c 8.2%.", **WAYAN),
    Snippet("Kunjungan rumah ke [[ALAMAT|Jl. Gatot Subroto Barat No. 88]], [[NAMA|Sudarsana]] di rumah.", **WAYAN),
    # --- unknown third parties after honorifics and kinship words ---
    Snippet("Pasien diantar oleh suaminya, Pak [[NAMA|Hendra]], karena lemas."),
    Snippet("Datang bersama istrinya, Bu [[NAMA|Ratna Sari]], yang juga hipertensi."),
    Snippet("Anaknya [[NAMA|Rudi]] yang mengantar; pasien tidak bisa jalan sendiri."),
    Snippet("Informasi dari Ibu [[NAMA|Wati]] (tetangga) bahwa pasien jatuh di kamar mandi."),
    Snippet("Dirujuk oleh dr. [[NAMA|Bambang Sutrisno]], Sp.A dari RS Harapan."),
    Snippet("Accompanied by her husband, Mr [[NAMA|Johnson]], who reports snoring."),
    Snippet("Mrs [[NAMA|Clarke]] brought her son [[NAMA|Thomas]] for a follow-up of otitis media."),
    Snippet("pengantar pak [[NAMA|joko]] menyatakan pasien muntah 5x sejak pagi."),
    Snippet("Tn. [[NAMA|Slamet]] menolak rawat inap, tanda tangan pulang atas permintaan sendiri."),
    Snippet("Ny. [[NAMA|Yanti]] G2P1A0 hamil 32 minggu, TFU 30 cm."),
    Snippet("Bidan [[NAMA|Rina]] melaporkan BBLR 2.300 g, dirujuk ke RSUD."),
    Snippet("Pemeriksaan dilakukan bersama perawat [[NAMA|Dedi]] di IGD."),
    Snippet("Mbak [[NAMA|Lestari]] dari posyandu mencatat berat badan turun."),
    Snippet("Wali pasien: kakaknya, [[NAMA|Eko Prasetyo]], telp [[TELEPON|0811-222-333]]."),
    # --- several kinds at once: a referral letter and a lab report header ---
    Snippet(
        "SURAT RUJUKAN. Nama: [[NAMA|Budi Santoso]]. NIK: [[NIK|3171 0152 0385 0002]]. Tgl lahir: "
        "[[TGL_LAHIR|12-03-1985]]. Alamat: [[ALAMAT|Jl. Melati No. 5 RT 03/RW 07]], [[ALAMAT|Kel. Gambir]]. "
        "No BPJS: [[BPJS|0001 2345 67890]]. Diagnosis: I10 Hipertensi esensial.",
        **BUDI,
    ),
    Snippet(
        "LAPORAN HASIL LAB. Pasien: [[NAMA|I Wayan Sudarsana]], lahir [[TGL_LAHIR|17 Agustus 1962]], telp "
        "[[TELEPON|0361-234567]]. Glukosa puasa 168 mg/dL (H), HbA1c 8,2 %.",
        **WAYAN,
    ),
    Snippet(
        "Emergency contact: wife [[NAMA|Ni Made Ayu Lestari]], [[TELEPON|+62 361 234567]], address "
        "[[ALAMAT|Jl. Gatot Subroto Barat No. 88]], Denpasar.",
        **WAYAN,
    ),
    # --- clinical text in which nothing is personal (precision) ---
    Snippet("Kunjungan (visit) 2024-03-05 di Puskesmas Gambir. Keluhan: demam 3 hari, mual. TD 120/80 mmHg."),
    Snippet("Ibu hamil G2P1A0 usia kehamilan 28 minggu, Hb 10,8 g/dL, diberikan tablet Fe 1x1."),
    Snippet("Ibu mengeluh anaknya batuk pilek sejak 2 hari, tidak sesak, makan minum baik."),
    Snippet("Resep: Amlodipin 10 mg 1x1, Metformin 500 mg 3x1 sesudah makan, kontrol 2 minggu."),
    Snippet("Hasil lab 12-01-2024: trombosit 98.000/uL, hematokrit 45%, leukosit 3.200/uL."),
    Snippet("Diagnosis E11.9 Diabetes melitus tipe 2 tanpa komplikasi; A91 DBD disingkirkan."),
    Snippet("Pasien jalan kaki 30 menit tiap pagi, diet rendah garam, berat badan turun 2 kg."),
    Snippet("Pak RT melaporkan kasus DBD di lingkungan, fogging dijadwalkan minggu depan."),
    Snippet("Suhu 38,5 °C, nadi 102/menit, SpO2 97%, RR 22/menit. Paracetamol 500 mg bila demam."),
    Snippet("Rontgen thorax 03/02/2024: infiltrat paru kanan atas, BTA sputum dikirim ke lab."),
    Snippet("Skrining PTM: GDS 145 mg/dL, kolesterol total 230 mg/dL, lingkar perut 96 cm."),
    Snippet("Follow-up in 2 weeks; if fever persists > 3 days, check NS1 and complete blood count."),
    Snippet("Alergi penisilin (ruam), tidak ada alergi makanan. Riwayat asma pada ayah pasien."),
    Snippet("Dosis insulin glargine 10 unit malam, titrasi 2 unit tiap 3 hari sampai GDP < 130."),
    Snippet("Edukasi kepada keluarga tentang tanda bahaya: kejang, sesak, muntah terus-menerus."),
    Snippet("Konseling gizi: 1.800 kkal/hari, protein 1 g/kg BB, batasi gula 50 g/hari."),
    # --- written after the recognizers were tuned on everything above and measured before any change
    # (first result: identifiers 13/13, names 5/8, precision 84 %; see docs/security.md) ---
    Snippet("Pasien a.n. [[NAMA|Darmawan]] datang sendiri, keluhan nyeri ulu hati."),
    Snippet("Keluarga (adik kandung, [[NAMA|Yusuf]]) minta penjelasan hasil CT scan."),
    Snippet("No. KTP [[NIK|3201 0211 1275 0009]]; no. HP [[TELEPON|0878-8899-1122]]."),
    Snippet("NIK: [[NIK|35.78.21.040990.0001]] (sesuai KK)."),
    Snippet("Kartu BPJS [[BPJS|000 1234 567 890]] tidak aktif, diarahkan ke kantor BPJS."),
    Snippet("Tinggal di [[ALAMAT|Jl. H. Agus Salim Gg. Buntu No. 3]], Bekasi."),
    Snippet("Alamat: [[ALAMAT|Perumahan Bumi Indah Blok A-12]], Tangerang."),
    Snippet("[[ALAMAT|Jalan Pemuda No. 45]], Semarang; pasien tinggal dengan cucu."),
    Snippet("lahir di Bandung, [[TGL_LAHIR|5 Januari 1970]]; riwayat TB paru 2015."),
    Snippet("Tanggal lahir [[TGL_LAHIR|05/01/1970]], gol. darah O."),
    Snippet("Ditemani oleh ibunya, [[NAMA|Sumarni]], yang menyusui adiknya."),
    Snippet("Tetangga pasien, Bapak [[NAMA|Suparman]], menemukan pasien pingsan."),
    Snippet("Follow-up by Dr. [[NAMA|Kusuma]]; patient's wife [[NAMA|Anna]] present."),
    Snippet("Telepon ke nomor [[TELEPON|022 7271234]] tidak diangkat."),
    Snippet("Hubungi [[TELEPON|+62 (21) 555-0198]] untuk konfirmasi jadwal operasi."),
    Snippet("Sdr. [[NAMA|Fajar Nugroho]] (22 th) datang dengan luka robek di tangan kanan."),
    Snippet("mas [[NAMA|agung]] sopir ambulans membawa pasien jam 02.00."),
    Snippet("Riwayat keluarga: ayah DM, ibu hipertensi, kakak asma."),
    Snippet("Pemeriksaan fisik: konjungtiva anemis, sklera ikterik -, ronkhi basah halus +/+ di basal."),
    Snippet("EKG: sinus rhythm 88x/menit, ST elevasi V1-V4. Rujuk cito ke RS Jantung Harapan Kita."),
    Snippet("Ibu balita menyampaikan anak tidak mau makan sejak 3 hari, BB turun 0,5 kg."),
    Snippet("Pemberian vaksin MR dosis ke-2 pada 12-08-2024, KIPI tidak ada."),
)
