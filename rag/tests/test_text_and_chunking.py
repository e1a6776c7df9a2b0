"""The pure parts: tokens, stems, synonyms, language, chunk texts and metadata."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from rag import chunking
from rag.retrieval import bm25_scores, scope_where
from rag.text import detect_language, expand_query, raw_tokens, tokenize


def test_icd10_codes_and_numbers_stay_whole():
    assert raw_tokens("Diagnosis E11.9 dan A91; trombosit 42000, HbA1c 7,2") == [
        "diagnosis", "e11.9", "dan", "a91", "trombosit", "42000", "hba1c", "7.2",
    ]  # fmt: skip


def test_indonesian_words_are_stemmed_and_stopwords_dropped():
    assert tokenize("Pemeriksaan yang diberikan kepada pasien") == ["periksa", "beri", "kepada"]


def test_synonyms_cross_languages():
    assert "hypertension" in expand_query("Apakah saya darah tinggi?")
    assert "dengue" in expand_query("riwayat demam berdarah")
    assert "diabetes" in expand_query("kencing manis")
    assert "glukosa" in expand_query("blood sugar level")
    assert "asthma" in expand_query("sesak napas")
    assert "dengue" in expand_query("A91")
    assert expand_query("warna favorit") == "warna favorit"


def test_language_detection():
    assert detect_language("What is my latest blood sugar?") == "en"
    assert detect_language("Berapa gula darah saya yang terakhir?") == "id"
    assert detect_language("HbA1c") == "id"


def test_bm25_prefers_the_rarer_matching_term():
    docs = [["demam", "tinggi"], ["demam", "trombosit", "42000"], ["batuk"]]
    scores = bm25_scores(["trombosit", "demam"], docs)
    assert scores[1] > scores[0] > scores[2] == 0


def test_scope_filter_for_patients_adds_release_state():
    assert scope_where([3, 4], released_only=False) == {"patient_id": {"$in": [3, 4]}}
    assert scope_where([3], released_only=True) == {
        "$and": [{"patient_id": {"$in": [3]}}, {"release_state": "released"}]
    }


def _row(**fields):
    base = {"pk": 7, "patient_id": 3, "medical_record_id": 5, "voided": False}
    return SimpleNamespace(**{**base, **fields})


def test_lab_result_chunk_carries_value_unit_flag_and_metadata():
    lab = _row(
        test_name="Trombosit",
        value=Decimal("42000.0000"),
        unit="/uL",
        reference_range="150000-400000",
        flag="low",
        result_text="Trombositopenia",
        resulted_at=datetime.datetime(2024, 3, 2, 9, 0),
        release_state="held",
    )
    [chunk] = chunking.lab_result_chunks(lab, visit_date=datetime.datetime(2024, 3, 1))
    assert "Trombosit: 42000 /uL" in chunk.text
    assert "rendah (low)" in chunk.text and "Trombositopenia" in chunk.text
    assert chunk.id == "lab_result:7:0"
    meta = chunk.metadata
    assert (meta["patient_id"], meta["source_id"], meta["medical_record_id"]) == (3, 7, 5)
    assert meta["date"] == "2024-03-02"
    assert meta["release_state"] == "held"
    assert "trombosit" in meta["tokens"].split()
    assert len(meta["content_hash"]) == 32


def test_content_hash_changes_with_text_or_release_state():
    lab = dict(test_name="HbA1c", value="7.2", unit="%", reference_range="", flag="", result_text="", resulted_at=None)
    date = datetime.datetime(2024, 1, 1)
    released = chunking.lab_result_chunks(_row(**lab), visit_date=date)[0].metadata["content_hash"]
    held = chunking.lab_result_chunks(_row(**lab, release_state="held"), visit_date=date)[0].metadata["content_hash"]
    changed = chunking.lab_result_chunks(_row(**{**lab, "value": "8"}), visit_date=date)[0].metadata["content_hash"]
    assert len({released, held, changed}) == 3


def test_visit_chunk_reads_complaint_notes_and_vitals():
    visit = _row(
        pk=5,
        visit_date=datetime.datetime(2024, 3, 1, 8, 0),
        facility="Puskesmas Gambir",
        chief_complaint="Demam 3 hari",
        notes="Curiga DBD",
        systolic=150,
        diastolic=95,
        heart_rate=88,
        temperature_c=Decimal("38.5"),
        spo2=97,
        weight_kg=None,
        height_cm=None,
    )
    [chunk] = chunking.visit_chunks(visit)
    assert chunk.text.startswith("Kunjungan (visit) 2024-03-01 di Puskesmas Gambir.")
    assert "150/95 mmHg" in chunk.text and "38.5 °C" in chunk.text and "Curiga DBD" in chunk.text
    assert chunk.metadata["medical_record_id"] == 5


def test_long_documents_are_split_in_overlapping_windows():
    words = " ".join(f"kata{i}" for i in range(600))
    document = _row(document_type="discharge_summary", title="Ringkasan pulang", content=words)
    chunks = chunking.document_chunks(document, visit_date=datetime.datetime(2024, 1, 1))
    assert len(chunks) > 3
    assert all(len(chunk.text) < chunking.DOCUMENT_WINDOW + 80 for chunk in chunks)
    assert [chunk.id for chunk in chunks][:2] == ["document:7:0", "document:7:1"]
    first, second = chunks[0].text.split(), chunks[1].text.split()
    assert set(first[-5:]) & set(second)  # overlap
    assert "kata599" in chunks[-1].text


def test_scope_filter_for_every_patient_excludes_the_voided():
    assert scope_where(None, released_only=False) is None
    assert scope_where(None, released_only=False, excluded_ids=[9]) == {"patient_id": {"$nin": [9]}}


def test_bm25_over_a_large_scope_reads_the_store_page_by_page(monkeypatch):
    from rag import retrieval

    class Store:
        def __init__(self):
            self.calls = []

        def get(self, *, where, include, limit, offset):
            self.calls.append(offset)
            ids = [f"c{i}" for i in range(offset, min(offset + limit, 5))]
            return {"ids": ids, "documents": ids, "metadatas": [{"tokens": "demam"} for _ in ids]}

    monkeypatch.setattr(retrieval, "GET_PAGE", 2)
    store = Store()
    hits = retrieval.bm25_search(store, "demam", where=None, limit=10)
    assert store.calls == [0, 2, 4]
    assert len(hits) == 5
