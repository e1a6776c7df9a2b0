"""A labelled retrieval set: synthetic patients (with look-alike distractors) and questions.

Every question names the record key(s) that answer it. Patients come in look-alike pairs (two
with dengue, two with diabetes, …) so a retriever that leaks across the scope would be caught,
and each patient has several visits so ranking inside the scope matters. One lab result per
some patients is *held*: a patient-scope search must never return it. Deterministic: no
randomness, no database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from rag import chunking
from rag.chunking import Chunk


@dataclass
class Row:
    key: str
    kind: str  # diagnosis, prescription, allergy, lab_result, document
    fields: dict


@dataclass
class Visit:
    key: str
    date: str
    complaint: str
    notes: str = ""
    vitals: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)


@dataclass
class EvalPatient:
    key: str
    visits: list[Visit]


@dataclass
class Question:
    patient: str
    text: str
    answers: list[str]  # record keys ("<patient>.<key>")
    scope: list[str] = field(default_factory=list)  # extra patients in scope (dependents)

    @property
    def language(self) -> str:
        from rag.text import detect_language

        return detect_language(self.text)


def dx(key, code, description, kind="primary"):
    return Row(key, "diagnosis", {"icd10_code": code, "description": description, "kind": kind})


def rx(key, medication, dosage, frequency, days=None, instructions=""):
    return Row(
        key,
        "prescription",
        {
            "medication": medication,
            "dosage": dosage,
            "frequency": frequency,
            "duration_days": days,
            "instructions": instructions,
        },
    )


def allergy(key, allergen, reaction, severity):
    return Row(key, "allergy", {"allergen": allergen, "reaction": reaction, "severity": severity})


def lab(key, name, value, unit, flag="", text="", reference="", held=False):
    return Row(
        key,
        "lab_result",
        {
            "test_name": name,
            "value": Decimal(value) if value else None,
            "unit": unit,
            "flag": flag,
            "result_text": text,
            "reference_range": reference,
            "release_state": "held" if held else "released",
        },
    )


def doc(key, document_type, title, content):
    return Row(key, "document", {"document_type": document_type, "title": title, "content": content})


PATIENTS: list[EvalPatient] = [
    EvalPatient(
        "budi",
        [
            Visit(
                "v1",
                "2024-02-03",
                "Demam tinggi 4 hari, nyeri sendi, bintik merah di lengan",
                "Curiga DBD. Anjuran banyak minum, kontrol 2 hari lagi.",
                {"temperature_c": "39.2", "systolic": 110, "diastolic": 70, "heart_rate": 104},
                [
                    dx("dbd", "A91", "Demam berdarah dengue (DHF)"),
                    lab("plt", "Trombosit", "42000", "/uL", "low", "Trombositopenia berat", "150000-400000"),
                    lab("hct", "Hematokrit", "49", "%", "high", "Hemokonsentrasi"),
                    rx("pcm", "Paracetamol", "500 mg", "3x sehari", 5, "Diminum bila demam, jangan ibuprofen"),
                ],
            ),
            Visit(
                "v2",
                "2024-06-12",
                "Batuk kering dua minggu",
                "Tidak demam. Paru bersih.",
                {"temperature_c": "36.8", "spo2": 98},
                [
                    dx("cough", "R05", "Batuk (cough)"),
                    rx("dmp", "Dekstrometorfan", "15 mg", "3x sehari", 7),
                    allergy("pen", "Penisilin", "Ruam gatal seluruh badan", "moderate"),
                ],
            ),
        ],
    ),
    EvalPatient(
        "agus",  # look-alike of budi: also dengue
        [
            Visit(
                "v1",
                "2024-03-01",
                "Demam 3 hari, mual, gusi berdarah",
                "DBD derajat II, rujuk rawat inap.",
                {"temperature_c": "38.7", "heart_rate": 110},
                [
                    dx("dbd", "A91", "Dengue haemorrhagic fever"),
                    lab("plt", "Trombosit", "67000", "/uL", "low", "", "150000-400000"),
                    doc(
                        "ref",
                        "referral",
                        "Surat rujukan RSUD",
                        "Pasien dirujuk ke RSUD Tarakan untuk rawat inap karena DBD derajat II dengan trombosit turun.",
                    ),
                ],
            ),
        ],
    ),
    EvalPatient(
        "siti",
        [
            Visit(
                "v1",
                "2023-11-20",
                "Sering haus, sering kencing malam hari, berat badan turun",
                "Diagnosis baru diabetes. Edukasi diet rendah gula.",
                {"weight_kg": "72.5", "height_cm": "158", "systolic": 135, "diastolic": 85},
                [
                    dx("dm", "E11.9", "Diabetes melitus tipe 2 tanpa komplikasi"),
                    lab("gdp", "Glukosa darah puasa", "182", "mg/dL", "high", "", "70-100"),
                    lab("a1c", "HbA1c", "8.4", "%", "high", "Kontrol glikemik buruk", "<5.7"),
                    rx("met", "Metformin", "500 mg", "2x sehari", 30, "Diminum setelah makan"),
                ],
            ),
            Visit(
                "v2",
                "2024-05-14",
                "Kontrol diabetes, kesemutan di kaki",
                "Gula darah membaik. Periksa kaki rutin.",
                {"weight_kg": "69.0", "systolic": 128, "diastolic": 80},
                [
                    lab("a1c2", "HbA1c", "7.1", "%", "high", "Membaik dari 8.4", "<5.7"),
                    lab("chol", "Kolesterol LDL", "162", "mg/dL", "high", "", "<100"),
                    rx("ator", "Atorvastatin", "20 mg", "1x sehari malam", 30),
                    allergy("sulfa", "Sulfonamida", "Sesak napas dan bengkak bibir", "severe"),
                ],
            ),
        ],
    ),
    EvalPatient(
        "dewi",  # look-alike of siti: diabetes too
        [
            Visit(
                "v1",
                "2024-01-08",
                "Luka di kaki tidak sembuh",
                "Riwayat kencing manis 10 tahun.",
                {"temperature_c": "37.4"},
                [
                    dx("dm", "E11.5", "Type 2 diabetes mellitus with peripheral circulatory complications"),
                    lab("gds", "Glukosa darah sewaktu", "265", "mg/dL", "critical", "", "<200"),
                    rx("ins", "Insulin glargine", "10 unit", "1x sehari malam", 30, "Suntik subkutan"),
                ],
            ),
        ],
    ),
    EvalPatient(
        "joko",
        [
            Visit(
                "v1",
                "2024-04-02",
                "Sakit kepala bagian belakang, tengkuk tegang",
                "Tekanan darah tinggi pada dua kali pengukuran.",
                {"systolic": 165, "diastolic": 100, "heart_rate": 86},
                [
                    dx("ht", "I10", "Hipertensi esensial"),
                    rx("aml", "Amlodipin", "10 mg", "1x sehari pagi", 30),
                    lab("cre", "Kreatinin", "1.4", "mg/dL", "high", "Fungsi ginjal sedikit menurun", "0.7-1.2"),
                ],
            ),
            Visit(
                "v2",
                "2024-07-15",
                "Nyeri dada kiri saat jalan jauh",
                "EKG: iskemia ringan. Rujuk ke spesialis jantung.",
                {"systolic": 150, "diastolic": 92},
                [
                    dx("angina", "I20.9", "Angina pektoris"),
                    doc(
                        "ekg",
                        "imaging",
                        "Hasil EKG",
                        "Irama sinus 88x/menit. Depresi segmen ST di V4-V6, sugestif iskemia miokard. Tidak ada "
                        "tanda infark akut.",
                    ),
                    lab("trop", "Troponin I", "0.01", "ng/mL", "normal", "Negatif", "<0.04", held=True),
                ],
            ),
        ],
    ),
    EvalPatient(
        "rudi",  # look-alike of joko: hypertension
        [
            Visit(
                "v1",
                "2024-02-20",
                "Pusing dan tensi tinggi",
                "Kontrol hipertensi, obat habis.",
                {"systolic": 158, "diastolic": 96},
                [
                    dx("ht", "I10", "Essential (primary) hypertension"),
                    rx("cap", "Captopril", "25 mg", "2x sehari", 30),
                    allergy("asp", "Aspirin", "Urtikaria", "mild"),
                ],
            ),
        ],
    ),
    EvalPatient(
        "ani",  # a child: asthma
        [
            Visit(
                "v1",
                "2024-03-18",
                "Sesak napas dan mengi malam hari",
                "Serangan asma ringan dipicu debu.",
                {"spo2": 94, "heart_rate": 118, "weight_kg": "22.0"},
                [
                    dx("asma", "J45.9", "Asma"),
                    rx("salb", "Salbutamol inhaler", "100 mcg", "2 semprot bila sesak", None, "Pakai spacer"),
                    allergy("dust", "Tungau debu rumah", "Bersin dan sesak", "moderate"),
                ],
            ),
            Visit(
                "v2",
                "2024-08-09",
                "Diare cair 5 kali sehari, muntah",
                "Dehidrasi ringan, oralit.",
                {"temperature_c": "37.9", "weight_kg": "21.4"},
                [
                    dx("diare", "A09", "Gastroenteritis akut"),
                    rx("oralit", "Oralit", "200 ml", "setiap habis BAB", 3),
                    rx("zinc", "Zinc", "20 mg", "1x sehari", 10),
                ],
            ),
        ],
    ),
    EvalPatient(
        "rina",  # pregnancy
        [
            Visit(
                "v1",
                "2024-05-05",
                "Kontrol kehamilan 20 minggu",
                "Janin tunggal hidup, gerak aktif.",
                {"systolic": 112, "diastolic": 72, "weight_kg": "61.0"},
                [
                    dx("preg", "Z34.9", "Supervision of normal pregnancy"),
                    lab("hb", "Hemoglobin", "9.8", "g/dL", "low", "Anemia ringan", "11-15"),
                    rx("fe", "Tablet tambah darah (Ferrous sulfate)", "300 mg", "1x sehari", 30),
                    doc(
                        "usg",
                        "imaging",
                        "USG kehamilan",
                        "Janin tunggal, presentasi kepala, taksiran berat janin 350 gram, air ketuban cukup, "
                        "plasenta di fundus.",
                    ),
                ],
            ),
        ],
    ),
    EvalPatient(
        "hendra",  # tuberculosis
        [
            Visit(
                "v1",
                "2024-01-25",
                "Batuk berdahak lebih dari 3 minggu, keringat malam, berat badan turun",
                "Suspek TB paru, periksa dahak.",
                {"weight_kg": "51.0", "temperature_c": "37.6"},
                [
                    dx("tb", "A15.0", "Tuberkulosis paru, BTA positif"),
                    lab("bta", "BTA sputum", "", "", "high", "BTA positif (2+)"),
                    rx("oat", "OAT kategori 1 (RHZE)", "3 tablet", "1x sehari pagi", 56, "Minum sebelum makan"),
                    doc(
                        "xray",
                        "imaging",
                        "Foto toraks",
                        "Infiltrat di lapang atas paru kanan dengan kavitas kecil, sesuai gambaran TB paru aktif.",
                    ),
                ],
            ),
        ],
    ),
    EvalPatient(
        "wati",  # gout + kidney
        [
            Visit(
                "v1",
                "2024-06-01",
                "Nyeri dan bengkak jempol kaki kanan",
                "Serangan gout akut.",
                {"systolic": 138, "diastolic": 88},
                [
                    dx("gout", "M10.9", "Gout (asam urat)"),
                    lab("ua", "Asam urat", "9.2", "mg/dL", "high", "", "2.4-6.0"),
                    rx("allo", "Allopurinol", "100 mg", "1x sehari", 30, "Mulai setelah serangan reda"),
                    lab("egfr", "eGFR", "58", "mL/min/1.73m2", "low", "Penyakit ginjal kronik stadium 3a"),
                ],
            ),
        ],
    ),
    EvalPatient(
        "yusuf",  # typhoid
        [
            Visit(
                "v1",
                "2024-09-10",
                "Demam naik turun seminggu, sakit perut, lidah kotor",
                "Suspek demam tifoid.",
                {"temperature_c": "38.9"},
                [
                    dx("tifoid", "A01.0", "Demam tifoid"),
                    lab("widal", "Tes Widal", "", "", "high", "Titer O 1/320"),
                    rx("cef", "Cefixime", "200 mg", "2x sehari", 7),
                    doc(
                        "sum",
                        "discharge_summary",
                        "Ringkasan pulang",
                        "Dirawat 4 hari dengan demam tifoid, demam turun hari ke-3 dengan cefixime. Pulang dalam "
                        "keadaan baik, kontrol ke poli umum 1 minggu lagi. Diet lunak.",
                    ),
                ],
            ),
        ],
    ),
    EvalPatient(
        "maya",  # anemia + allergy
        [
            Visit(
                "v1",
                "2024-04-22",
                "Mudah lelah dan pucat",
                "Haid banyak 3 bulan terakhir.",
                {"heart_rate": 96, "systolic": 100, "diastolic": 65},
                [
                    dx("anemia", "D50.9", "Anemia defisiensi besi"),
                    lab("hb", "Hemoglobin", "8.1", "g/dL", "low", "", "12-15"),
                    lab("ferr", "Feritin", "6", "ng/mL", "low", "Cadangan besi rendah"),
                    allergy("seafood", "Udang", "Bibir bengkak dan gatal", "severe"),
                ],
            ),
        ],
    ),
]


def _q(patient, text, *answers, scope=()):
    return Question(patient, text, [f"{patient}.{a}" if "." not in a else a for a in answers], list(scope))


QUESTIONS: list[Question] = [
    # budi
    _q("budi", "Berapa jumlah trombosit saya?", "plt"),
    _q("budi", "What was my platelet count?", "plt"),
    _q("budi", "Apakah saya pernah kena demam berdarah?", "dbd"),
    _q("budi", "Was I diagnosed with dengue?", "dbd"),
    _q("budi", "Obat apa untuk demam saya?", "pcm"),
    _q("budi", "Saya alergi obat apa?", "pen"),
    _q("budi", "Am I allergic to penicillin?", "pen"),
    _q("budi", "Berapa hematokrit saya?", "hct"),
    _q("budi", "What medicine was given for my cough?", "dmp"),
    # agus
    _q("agus", "Kenapa saya dirujuk ke rumah sakit?", "ref"),
    _q("agus", "What was my platelet result?", "plt"),
    _q("agus", "Apa diagnosis DHF saya?", "dbd"),
    # siti
    _q("siti", "Berapa gula darah puasa saya?", "gdp"),
    _q("siti", "What is my fasting blood sugar?", "gdp"),
    _q("siti", "Apakah saya kena kencing manis?", "dm"),
    _q("siti", "Do I have diabetes?", "dm"),
    _q("siti", "Berapa HbA1c terakhir saya?", "a1c2"),
    _q("siti", "What was my HbA1c when I was first diagnosed?", "a1c"),
    _q("siti", "Obat diabetes apa yang saya minum?", "met"),
    _q("siti", "What is my cholesterol level?", "chol"),
    _q("siti", "Obat kolesterol saya apa?", "ator"),
    _q("siti", "Saya alergi apa?", "sulfa"),
    # dewi
    _q("dewi", "Berapa gula darah sewaktu saya?", "gds"),
    _q("dewi", "How do I use my insulin?", "ins"),
    _q("dewi", "What complication does my diabetes have?", "dm"),
    # joko
    _q("joko", "Apakah saya punya darah tinggi?", "ht"),
    _q("joko", "Do I have hypertension?", "ht"),
    _q("joko", "Berapa tekanan darah saya saat sakit kepala?", "v1"),
    _q("joko", "Obat darah tinggi saya apa?", "aml"),
    _q("joko", "How are my kidneys? creatinine", "cre"),
    _q("joko", "Apa hasil EKG saya?", "ekg"),
    _q("joko", "What did the ECG show?", "ekg"),
    _q("joko", "Kenapa saya nyeri dada?", "angina", "v2"),
    # rudi
    _q("rudi", "What is my blood pressure medicine?", "cap"),
    _q("rudi", "Saya alergi aspirin?", "asp"),
    _q("rudi", "Apa diagnosis hipertensi saya?", "ht"),
    # ani (with her parent budi in scope: a family question)
    _q("ani", "Anak saya sesak napas, apa diagnosisnya?", "asma", scope=["budi"]),
    _q("ani", "What inhaler does my child use?", "salb", scope=["budi"]),
    _q("ani", "Alergi apa yang anak saya punya?", "dust", "budi.pen", scope=["budi"]),
    _q("ani", "Berapa saturasi oksigen anak saya waktu sesak?", "v1"),
    _q("ani", "What was the diarrhea diagnosis?", "diare"),
    _q("ani", "Obat apa untuk diare?", "oralit", "zinc"),
    _q("ani", "Is my child allergic to dust mites?", "dust"),
    # rina
    _q("rina", "Berapa hemoglobin saya saat hamil?", "hb"),
    _q("rina", "Am I anaemic during pregnancy?", "hb"),
    _q("rina", "Apa hasil USG kehamilan saya?", "usg"),
    _q("rina", "How much does the baby weigh on ultrasound?", "usg"),
    _q("rina", "Tablet tambah darah berapa kali sehari?", "fe"),
    # hendra
    _q("hendra", "Apakah saya sakit TBC?", "tb"),
    _q("hendra", "Do I have tuberculosis?", "tb"),
    _q("hendra", "Berapa lama saya minum obat OAT?", "oat"),
    _q("hendra", "What did my chest x-ray show?", "xray"),
    _q("hendra", "Hasil pemeriksaan dahak BTA?", "bta"),
    # wati
    _q("wati", "Berapa kadar asam urat saya?", "ua"),
    _q("wati", "What is my uric acid level?", "ua"),
    _q("wati", "Bagaimana fungsi ginjal saya?", "egfr"),
    _q("wati", "When should I start allopurinol?", "allo"),
    _q("wati", "Kenapa jempol kaki saya bengkak?", "gout", "v1"),
    # yusuf
    _q("yusuf", "Apakah saya kena tipes?", "tifoid"),
    _q("yusuf", "What antibiotic did I get for typhoid?", "cef"),
    _q("yusuf", "Berapa hari saya dirawat?", "sum"),
    _q("yusuf", "Hasil tes Widal saya?", "widal"),
    # maya
    _q("maya", "Kenapa saya mudah lelah dan pucat?", "anemia", "v1"),
    _q("maya", "What is my ferritin?", "ferr"),
    _q("maya", "Berapa Hb saya?", "hb"),
    _q("maya", "Am I allergic to shrimp?", "seafood"),
    _q("maya", "Saya alergi makanan laut?", "seafood"),
]


@dataclass
class Built:
    chunks: list[Chunk]
    patient_ids: dict[str, int]  # patient key -> id
    source_keys: dict[tuple[str, int], str]  # (source_type, source_id) -> record key
    held: set[tuple[str, int]]


def build() -> Built:
    """Chunks for every record, with ids assigned in order (the same every run)."""
    chunks: list[Chunk] = []
    patient_ids: dict[str, int] = {}
    source_keys: dict[tuple[str, int], str] = {}
    held: set[tuple[str, int]] = set()
    next_id = 1
    for patient_number, patient in enumerate(PATIENTS, start=1):
        patient_ids[patient.key] = patient_number
        for visit in patient.visits:
            visit_id = next_id
            next_id += 1
            when = datetime.datetime.fromisoformat(visit.date)
            vitals = {
                name: (Decimal(value) if isinstance(value, str) else value) for name, value in visit.vitals.items()
            }
            visit_row = SimpleNamespace(
                pk=visit_id,
                patient_id=patient_number,
                visit_date=when,
                facility="Puskesmas Gambir",
                chief_complaint=visit.complaint,
                notes=visit.notes,
                **{
                    name: vitals.get(name)
                    for name in (
                        "systolic",
                        "diastolic",
                        "heart_rate",
                        "temperature_c",
                        "spo2",
                        "weight_kg",
                        "height_cm",
                    )
                },
            )
            chunks += chunking.visit_chunks(visit_row)
            source_keys[("visit", visit_id)] = f"{patient.key}.{visit.key}"
            for row in visit.rows:
                row_id = next_id
                next_id += 1
                fields = dict(row.fields)
                instance = SimpleNamespace(
                    pk=row_id, patient_id=patient_number, medical_record_id=visit_id, resulted_at=None, **fields
                )
                maker = {
                    "diagnosis": chunking.diagnosis_chunks,
                    "prescription": chunking.prescription_chunks,
                    "allergy": chunking.allergy_chunks,
                    "lab_result": chunking.lab_result_chunks,
                    "document": chunking.document_chunks,
                }[row.kind]
                chunks += maker(instance, visit_date=when)
                source_keys[(row.kind, row_id)] = f"{patient.key}.{row.key}"
                if fields.get("release_state") == "held":
                    held.add((row.kind, row_id))
    return Built(chunks=chunks, patient_ids=patient_ids, source_keys=source_keys, held=held)
