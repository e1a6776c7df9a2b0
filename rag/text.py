"""Indonesian-aware text handling for retrieval: tokens, stems, synonyms, language. No Django here.

- Tokens are lower-cased words; ICD-10 codes (`A91`, `E11.9`) and numbers (`42000`, `7.2`)
  stay whole so "E11.9" never matches "E11" by accident of splitting.
- Indonesian words are stemmed with Sastrawi (`pemeriksaan` → `periksa`), cached per word.
- Queries are expanded with a small bilingual medical synonym map, so "darah tinggi" finds
  "hypertension" and "gula darah" finds "glucose".
"""

import re
from functools import lru_cache

# ICD-10 shape first, then decimals, then words (letters, digits).
TOKEN_RE = re.compile(r"[a-z]\d{2}(?:\.\d{1,4})?(?![\w.])|\d+(?:[.,]\d+)?|[a-z][a-z0-9]*", re.IGNORECASE)
ICD10_RE = re.compile(r"^[a-z]\d{2}(?:\.\d{1,4})?$")


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


INDONESIAN_STOPWORDS = word_set(
    """
    ada adalah agar akan aku anda apa apakah atau bagaimana bagi bahwa banyak belum berapa bisa
    boleh dalam dan dari dengan di dia ini itu jika juga kalau kami kamu kapan ke kenapa ketika
    kita lagi lalu mana masih mereka mengapa oleh pada para pernah saat saja sampai sangat saya
    sebelum sedang sejak semua serta setelah siapa sudah tentang tersebut terhadap tidak untuk
    yang ya nya ku mu punya tolong mohon dong sih kah lah
    """
)
ENGLISH_STOPWORDS = word_set(
    """
    a about am an and any are as at be been being but by can could did do does for from had
    has have how i if in into is it its me my of on or our please she should so than that the
    their them there these they this those to was we were what when where which who whom why
    will with would you your he his her hers him tell show give
    """
)
# Words every record or question about records carries: they tell passages apart by nothing.
RECORD_STOPWORDS = word_set(
    """
    pasien patient patients rekam medis medical record records data informasi information catatan
    tanggal date hari ini kemarin terakhir last latest recent apa berapa
    """
)
STOPWORDS = INDONESIAN_STOPWORDS | ENGLISH_STOPWORDS | RECORD_STOPWORDS

# Each group lists phrases that mean the same thing; a query naming one gains the others.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("darah tinggi", "hipertensi", "hypertension", "tekanan darah tinggi", "high blood pressure", "i10"),
    ("tekanan darah", "blood pressure", "tensi", "systolic", "diastolic", "sistolik", "diastolik"),
    ("gula darah", "glukosa", "glucose", "blood sugar", "gds", "gdp"),
    ("kencing manis", "diabetes", "diabetes mellitus", "dm", "e11", "kadar gula"),
    ("demam berdarah", "dengue", "dhf", "dbd", "a91", "a90"),
    ("trombosit", "platelet", "platelets", "plt"),
    ("sesak napas", "sesak nafas", "dyspnea", "shortness of breath", "breathless", "asma", "asthma"),
    ("demam", "fever", "panas", "febris", "suhu", "temperature"),
    ("batuk", "cough"),
    ("alergi", "allergy", "allergic", "alergen", "allergen"),
    ("obat", "medication", "medicine", "drug", "resep", "prescription", "prescribed", "diresepkan"),
    ("kolesterol", "cholesterol", "ldl", "hdl", "lipid"),
    ("hemoglobin", "hb", "anemia", "anaemia"),
    ("hba1c", "a1c", "glycated hemoglobin"),
    ("asam urat", "uric acid", "gout", "encok"),
    ("ginjal", "kidney", "renal", "kreatinin", "creatinine", "egfr"),
    ("jantung", "heart", "cardiac"),
    ("nadi", "heart rate", "pulse"),
    ("berat badan", "weight", "bb"),
    ("tinggi badan", "height", "tb"),
    ("saturasi", "spo2", "oxygen saturation", "oksigen"),
    ("diagnosis", "diagnosa", "diagnosed", "penyakit", "disease", "condition"),
    ("hasil lab", "lab result", "laboratorium", "laboratory", "test result", "pemeriksaan"),
    ("rujukan", "referral", "dirujuk", "referred"),
    ("dokumen", "document", "surat", "letter", "laporan", "report"),
    ("kunjungan", "visit", "berobat", "kontrol", "checkup", "check-up"),
    ("keluhan", "complaint", "symptom", "symptoms", "gejala"),
    ("penisilin", "penicillin", "amoksisilin", "amoxicillin"),
    ("parasetamol", "paracetamol", "acetaminophen"),
    ("sakit kepala", "headache", "pusing", "cephalgia"),
    ("nyeri", "pain", "sakit"),
    ("mual", "nausea", "muntah", "vomiting"),
    ("diare", "diarrhea", "diarrhoea", "mencret"),
    ("tifus", "typhoid", "tipes", "demam tifoid", "a01"),
    ("tbc", "tuberculosis", "tuberkulosis", "tb paru", "a15"),
    ("ispa", "respiratory infection", "infeksi saluran pernapasan", "j06"),
    ("kehamilan", "pregnancy", "hamil", "pregnant"),
    ("ekg", "ecg", "ekg", "elektrokardiogram", "electrocardiogram"),
    ("usg", "ultrasound", "ultrasonografi", "sonography"),
    ("rontgen", "x-ray", "xray", "foto toraks", "foto thorax", "chest x-ray", "radiologi"),
    ("feritin", "ferritin", "zat besi", "iron"),
    ("antibiotik", "antibiotic", "antibiotics"),
    ("inhaler", "inhalasi", "semprot", "puffer"),
    ("dirawat", "rawat inap", "hospitalized", "admitted", "opname"),
)


@lru_cache(maxsize=1)
def _stemmer():
    """Sastrawi's stemmer over its root-word dictionary held in a set.

    Sastrawi keeps the ~30,000 root words in a list, so every lookup scans it: stemming 290
    demo chunks took 16 s. The same words in a frozenset make the lookups O(1).
    """
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    dictionary = ArrayDictionary()
    dictionary.words = frozenset(StemmerFactory().get_words())
    return Stemmer(dictionary)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Sastrawi's stem of one lower-case alphabetic word; other tokens come back unchanged."""
    if not word.isalpha() or len(word) <= 3:
        return word
    return _stemmer().stem(word) or word


def raw_tokens(text: str) -> list[str]:
    """Lower-case tokens with ICD-10 codes and numbers kept whole (decimal comma → point)."""
    return [token.lower().replace(",", ".") for token in TOKEN_RE.findall(text or "")]


def tokenize(text: str) -> list[str]:
    """Stemmed, stopword-free tokens for BM25."""
    return [stem(token) for token in raw_tokens(text) if token not in STOPWORDS]


def _contains_phrase(tokens: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(tokens[i : i + size] == phrase for i in range(len(tokens) - size + 1))


def expand_query(text: str) -> str:
    """The query plus the synonyms of every phrase from the map it contains."""
    tokens = raw_tokens(text)
    icd_prefixes = {token.split(".")[0] for token in tokens if ICD10_RE.match(token)}
    extra: list[str] = []
    for group in SYNONYM_GROUPS:
        if any(_contains_phrase(tokens, raw_tokens(phrase)) or phrase in icd_prefixes for phrase in group):
            extra.extend(phrase for phrase in group if phrase.lower() not in text.lower())
    return f"{text} {' '.join(extra)}".strip() if extra else text


def detect_language(text: str) -> str:
    """`id` or `en` by counting each language's stopwords (ties go to Indonesian, the app's default)."""
    tokens = raw_tokens(text)
    indonesian = sum(token in INDONESIAN_STOPWORDS for token in tokens)
    english = sum(token in ENGLISH_STOPWORDS for token in tokens)
    return "en" if english > indonesian else "id"
