"""Turn clinical rows into retrievable chunks. Plain functions over plain attributes: no Django here.

Each function takes a row-like object (a model instance, or anything with the same attributes)
and returns `Chunk`s whose metadata carries the scope (patient id), the source, the visit, the
date, the release state and a content hash (for incremental re-indexing). Texts label values in
both Indonesian and English, since questions arrive in both languages.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from rag.text import tokenize

SOURCE_TYPES = ("visit", "diagnosis", "prescription", "allergy", "lab_result", "document")
RELEASED = "released"
DOCUMENT_WINDOW = 700  # characters; MiniLM reads at most 256 word pieces
DOCUMENT_OVERLAP = 120

SEVERITY_ID = {"mild": "ringan", "moderate": "sedang", "severe": "berat"}
FLAG_ID = {"normal": "normal", "low": "rendah", "high": "tinggi", "critical": "kritis"}
KIND_ID = {"primary": "utama", "secondary": "sekunder"}


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    metadata: dict = field(default_factory=dict)


def _number(value) -> str:
    """7.2000 → "7.2", 42000.0000 → "42000": numbers as a person writes them."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def _date(value) -> str:
    return value.date().isoformat() if hasattr(value, "date") and callable(value.date) else str(value or "")


def content_hash(text: str, metadata: dict) -> str:
    scoped = "|".join(f"{key}={metadata[key]}" for key in sorted(metadata) if key not in ("content_hash", "tokens"))
    return hashlib.sha256(f"{text}\n{scoped}".encode()).hexdigest()[:32]


def _chunk(*, source_type: str, row, text: str, index: int = 0, date: str, visit_id: int) -> Chunk:
    metadata = {
        "patient_id": int(row.patient_id),
        "source_type": source_type,
        "source_id": int(row.pk),
        "medical_record_id": int(visit_id),
        "date": date,
        "release_state": str(getattr(row, "release_state", None) or RELEASED),
        "chunk_index": index,
        "tokens": " ".join(tokenize(text)),
    }
    metadata["content_hash"] = content_hash(text, metadata)
    return Chunk(id=f"{source_type}:{row.pk}:{index}", text=text, metadata=metadata)


def _sentences(*parts: str) -> str:
    cleaned = [part.strip() for part in parts if part and part.strip()]
    return " ".join(part if part.endswith((".", "!", "?")) else f"{part}." for part in cleaned)


def visit_chunks(visit) -> list[Chunk]:
    """Complaint, notes and vital signs of one visit."""
    date = _date(visit.visit_date)
    vitals = []
    if visit.systolic and visit.diastolic:
        vitals.append(f"tekanan darah (blood pressure) {visit.systolic}/{visit.diastolic} mmHg")
    if visit.heart_rate:
        vitals.append(f"nadi (heart rate) {visit.heart_rate}/menit")
    if visit.temperature_c is not None:
        vitals.append(f"suhu (temperature) {_number(visit.temperature_c)} °C")
    if visit.spo2:
        vitals.append(f"SpO2 {visit.spo2}%")
    if visit.weight_kg is not None:
        vitals.append(f"berat badan (weight) {_number(visit.weight_kg)} kg")
    if visit.height_cm is not None:
        vitals.append(f"tinggi badan (height) {_number(visit.height_cm)} cm")
    text = _sentences(
        f"Kunjungan (visit) {date}" + (f" di {visit.facility}" if visit.facility else ""),
        f"Keluhan (complaint): {visit.chief_complaint}" if visit.chief_complaint else "",
        f"Catatan (notes): {visit.notes}" if visit.notes else "",
        f"Tanda vital (vital signs): {', '.join(vitals)}" if vitals else "",
    )
    return [_chunk(source_type="visit", row=visit, text=text, date=date, visit_id=visit.pk)]


def diagnosis_chunks(diagnosis, *, visit_date) -> list[Chunk]:
    date = _date(visit_date)
    kind = diagnosis.kind or "primary"
    text = _sentences(
        f"Diagnosis {KIND_ID.get(kind, kind)} ({kind}) {diagnosis.icd10_code}: {diagnosis.description}".rstrip(": "),
        f"Tanggal kunjungan (visit date) {date}",
    )
    return [_chunk(source_type="diagnosis", row=diagnosis, text=text, date=date, visit_id=diagnosis.medical_record_id)]


def prescription_chunks(prescription, *, visit_date) -> list[Chunk]:
    date = _date(visit_date)
    details = ", ".join(part for part in (prescription.dosage, prescription.frequency) if part)
    duration = f"selama {prescription.duration_days} hari ({prescription.duration_days} days)"
    text = _sentences(
        f"Resep obat (prescription): {prescription.medication}" + (f" {details}" if details else ""),
        duration if prescription.duration_days else "",
        f"Petunjuk (instructions): {prescription.instructions}" if prescription.instructions else "",
        f"Diresepkan (prescribed) {date}",
    )
    return [
        _chunk(
            source_type="prescription", row=prescription, text=text, date=date, visit_id=prescription.medical_record_id
        )
    ]


def allergy_chunks(allergy, *, visit_date) -> list[Chunk]:
    date = _date(visit_date)
    severity = allergy.severity or ""
    text = _sentences(
        f"Alergi (allergy): {allergy.allergen}",
        f"Reaksi (reaction): {allergy.reaction}" if allergy.reaction else "",
        f"Tingkat (severity): {SEVERITY_ID.get(severity, severity)} ({severity})" if severity else "",
        f"Dicatat (recorded) {date}",
    )
    return [_chunk(source_type="allergy", row=allergy, text=text, date=date, visit_id=allergy.medical_record_id)]


def lab_result_chunks(lab, *, visit_date) -> list[Chunk]:
    date = _date(lab.resulted_at or visit_date)
    value = " ".join(part for part in (_number(lab.value), lab.unit) if part)
    flag = lab.flag or ""
    text = _sentences(
        f"Hasil lab (lab result) {lab.test_name}" + (f": {value}" if value else ""),
        f"Nilai rujukan (reference range) {lab.reference_range}" if lab.reference_range else "",
        f"Status: {FLAG_ID.get(flag, flag)} ({flag})" if flag else "",
        lab.result_text,
        f"Tanggal hasil (result date) {date}",
    )
    return [_chunk(source_type="lab_result", row=lab, text=text, date=date, visit_id=lab.medical_record_id)]


def split_text(text: str, *, window: int = DOCUMENT_WINDOW, overlap: int = DOCUMENT_OVERLAP) -> list[str]:
    """Windows of about `window` characters cut at whitespace, overlapping by about `overlap`."""
    words = (text or "").split()
    pieces: list[str] = []
    start = 0
    while start < len(words):
        length, end = 0, start
        while end < len(words) and (length + len(words[end]) + 1 <= window or end == start):
            length += len(words[end]) + 1
            end += 1
        pieces.append(" ".join(words[start:end]))
        if end >= len(words):
            break
        back, kept = end, 0
        while back > start + 1 and kept + len(words[back - 1]) + 1 <= overlap:
            back -= 1
            kept += len(words[back]) + 1
        start = back
    return pieces


def document_chunks(document, *, visit_date) -> list[Chunk]:
    """A document's title and text, long texts split in overlapping windows."""
    date = _date(visit_date)
    heading = f"Dokumen (document) {document.document_type}: {document.title}."
    pieces = split_text(document.content) or [""]
    return [
        _chunk(
            source_type="document",
            row=document,
            text=f"{heading} {piece}".strip(),
            index=index,
            date=date,
            visit_id=document.medical_record_id,
        )
        for index, piece in enumerate(pieces)
    ]
