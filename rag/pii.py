"""Personal data found and replaced by placeholders before any text leaves for an external LLM.

Detection runs on Presidio's analyzer (its registry, its phone recognizer on `phonenumbers`, its
overlap handling) with recognizers of our own for what Indonesian records hold:

- NIK (16 digits) and BPJS numbers (13 digits), typed whole, in groups of spaces, dots or dashes;
- phone numbers: mobile, landline (`021-…`, `(0274) …`) and `+62`;
- street lines (`Jl. Melati No. 5 RT 03/RW 07`, `Gg.`, `Perum`, `Kel.`/`Kec.`), e-mail addresses;
- birth dates after `lahir`/`TTL`/`DOB`/`born` (with the place of birth), and every known birth date
  in any common spelling wherever it stands;
- names: every name known from the database (the patients, their relations, the clinic's staff),
  whatever the case, and unknown names after an honorific or a kinship word ("Pak Hendra",
  "suaminya, Hendra", "dr. Andi", "Mrs Clarke").

Presidio and spaCy load on the first call (`_analyzer`), never at import: only the RAG services
mask, and records/records_mobile processes must not pay for it. Presidio runs with its no-op NLP
engine: no spaCy model is downloaded or needed (see docs/decisions.md).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rag.text import STOPWORDS, stem, word_set

NIK = "NIK"
BPJS = "BPJS"
PHONE = "TELEPON"
EMAIL = "EMAIL"
ADDRESS = "ALAMAT"
BIRTH_DATE = "TGL_LAHIR"
NAME = "NAMA"
KINDS = (NIK, BPJS, PHONE, EMAIL, ADDRESS, BIRTH_DATE, NAME)
# When spans of two kinds overlap, the merged span takes the first of them in this order.
KIND_PRIORITY = (NIK, BPJS, EMAIL, PHONE, BIRTH_DATE, ADDRESS, NAME)
PLACEHOLDER_RE = re.compile(rf"\[(?:{'|'.join(KINDS)})_\d+\]")

SCORE_THRESHOLD = 0.3  # Presidio's phone recognizer scores 0.4
RECOGNIZER_SCORE = 0.85  # above the 0.3 threshold: every finding of ours is masked
LANGUAGE = "id"  # one analyzer language: notes mix Indonesian and English in one sentence
MIN_NAME_PART = 3

# --- numbers ---------------------------------------------------------------------------------

# Digit groups joined by single separators; which consecutive groups make a NIK or a BPJS number
# is decided by counting digits, so "NIK 3171 0112 5203 8500, 45 th" finds the NIK alone.
DIGIT_RUN_RE = re.compile(r"(?<![\w+])\d+(?:[ .\-]\d+)*(?!\w)")
DIGIT_GROUP_RE = re.compile(r"\d+")
ID_LENGTHS = {16: NIK, 13: BPJS}
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# --- dates -----------------------------------------------------------------------------------

MONTHS = {
    1: ("januari", "january", "jan"),
    2: ("februari", "february", "feb", "pebruari"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agu", "agt", "aug"),
    9: ("september", "sept", "sep"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov"),
    12: ("desember", "december", "des", "dec"),
}
_MONTH_WORDS = "|".join(sorted({word for words in MONTHS.values() for word in words}, key=len, reverse=True))
DATE_PATTERN = (
    rf"(?:\d{{1,2}}[-/. ]\d{{1,2}}[-/. ](?:19|20)?\d{{2}}"
    rf"|(?:19|20)\d{{2}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
    rf"|\d{{1,2}}\s+(?:{_MONTH_WORDS})\.?\s+(?:19|20)\d{{2}}"
    rf"|(?:{_MONTH_WORDS})\.?\s+\d{{1,2}},?\s+(?:19|20)\d{{2}})"
)
BIRTH_DATE_RE = re.compile(
    r"(?i:\b(?:tgl\.?\s*lahir|tanggal\s+lahir|tempat[,/ ]+tanggal\s+lahir|ttl|lahir(?:\s+(?:pada|tanggal|tgl\.?))?"
    r"|d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?))\s*[:=,]?\s*"
    rf"(?P<pii>(?:[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?,?\s*)?{DATE_PATTERN})",
    re.IGNORECASE,
)

# --- addresses -------------------------------------------------------------------------------

_CAP_WORD = r"[A-Z0-9][\w'’.-]*"
_ANY_WORD = r"[A-Za-z0-9][\w'’.-]*"
# After a street name: numbers ("No. 5", "Blok C2", "RT 03/RW 07") and places ("Kel. Gambir").
_ADDRESS_NUMBER = (
    r"(?i:no\.?|nomor|blok|kav\.?|rt\.?|rw\.?|kode\s+pos|lt\.?|lantai|km)\s*[:.]?\s*"
    r"(?:[A-Z]{1,2}-?)?\d[\w.-]*(?:\s*/\s*(?i:rw)?\.?\s*\d+)?|(?i:blok)\s+[A-Z]\b"
)
_ADDRESS_PLACE = (
    r"(?i:kel\.?|kelurahan|kec\.?|kecamatan|kab\.?|kabupaten|kota|desa|ds\.)\s*[:.]?\s*"
    r"[A-Z][\w'’-]*(?:\s+(?!(?i:no|rt|rw|kel|kec|kab|blok)\b)[A-Z][\w'’-]*){0,2}"
)
_ADDRESS_TAIL = rf"(?:[,;/]?\s*(?:{_ADDRESS_NUMBER}|{_ADDRESS_PLACE}))*"
ADDRESS_RE = re.compile(
    # "Jl. Melati No. 5", "jl melati no 5" (an abbreviation may be typed in lower case)
    rf"(?P<pii>\b(?i:jl|jln|gg|komp|kp|dsn|perum)\.?\s+{_ANY_WORD}(?:\s+{_CAP_WORD}){{0,6}}{_ADDRESS_TAIL}"
    # "Jalan Sudirman Kav. 52", "Gang Mawar III": the full word needs a capitalised name after it
    rf"|\b(?:Jalan|JALAN|Gang|Komplek|Kompleks|Perumahan|Dusun|Desa|Kampung|Asrama)\s+[A-Z][\w'’.-]*"
    rf"(?:\s+{_CAP_WORD}){{0,6}}{_ADDRESS_TAIL}"
    # "RT 03/RW 07", "RT.003 RW.007" standing alone
    r"|\b(?i:rt)\.?\s*\d{1,3}\s*[/,]?\s*(?i:rw)\.?\s*\d{1,3}(?:[,\s]+(?i:kel\.?|kec\.?|desa)\s+[A-Z][\w'’-]*)*"
    r"|\b(?:Kel|Kec|Kab)\.\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
)

# --- names after an honorific or a kinship word ------------------------------------------------

# Titles before a name, matched in any case; a lower-case name after them counts too ("pak joko").
HONORIFICS = (
    "bapak|bpk|pak|ibu|bu|kak|mas|mbak|mba|bang|teh|om|tante|saudara|saudari|sdr|sdri|tn|ny|nn|bidan|suster"
    "|perawat|dokter|dr|drg|ustadz|ustad|haji|hajah|a\\.n"
)
# Titles that are also ordinary words or abbreviations ("by", "an", "h", "MR" the vaccine): only in
# this spelling and before a capitalised name.
TITLES = r"Mr|Mrs|Ms|Miss|Mister|Dr|Prof|An\.|By\.|H\.|Hj\.|Bd\.|Ns\.|Sus"
KINSHIP = (
    "suami|istri|isteri|anak|ibu|ayah|bapak|adik|kakak|kakek|nenek|cucu|menantu|keponakan|paman|bibi"
    "|mertua|tetangga|teman|saudara|sepupu|pengantar|wali|pendamping"
    "|husband|wife|son|daughter|mother|father|brother|sister|grandmother|grandfather|friend|neighbour"
    "|neighbor|caregiver|guardian|carer"
)
NAME_WORD = r"[A-Za-z][a-z'’-]+|[A-Z]{2,}"
CAPITALISED_NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}"
HONORIFIC_NAME_RE = re.compile(
    rf"(?<![\w.])(?i:{HONORIFICS})\.?\s+(?P<pii>(?:{NAME_WORD})(?:\s+[A-Z][a-z'’-]+){{0,2}})"
    rf"|(?<![\w.])(?:{TITLES})\.?\s+(?P<title_name>{CAPITALISED_NAME})",
)
KINSHIP_QUALIFIERS = "kandung|tiri|angkat|ipar|sulung|bungsu|pertama|kedua|ketiga|pasien|perempuan|laki-laki"
KINSHIP_NAME_RE = re.compile(
    rf"(?<![\w])(?i:{KINSHIP})(?i:nya)?(?:\s+(?i:{KINSHIP_QUALIFIERS})(?i:nya)?)?"
    r"\s*[,:(]?\s*(?i:bernama|yaitu|yakni|named|called|a\.n\.)?\s*"
    rf"(?!(?i:{HONORIFICS})\.?\s|(?:{TITLES})\.?\s)"  # "suaminya, Pak Hendra": the honorific pattern takes it
    rf"(?P<pii>{CAPITALISED_NAME})"
)
# Words that follow an honorific or kinship word but are not names.
NOT_NAMES = word_set(
    """
    hamil menyusui nifas pasien kandung tiri angkat rumah tangga rt rw lurah camat kades kepala
    dokter bidan perawat suster guru ustadz pasiennya sendiri tersebut ini itu yang juga datang
    mengatakan mengeluh merasa menyampaikan bilang cerita sakit sehat sudah belum tidak sedang
    masih baru dan atau dengan untuk balita bayi lansia dewasa pertama kedua ketiga sulung bungsu
    kembar perempuan laki pria wanita kecil besar muda tua pkk posyandu puskesmas klinik kader
    pasien's patient the a an and or of in is was has had with who reports said says brought
    doctor nurse midwife sp spesialis umum jaga igd poli dpjp ugd on at to for from nik bpjs ktp
    kk jkn kis hp wa no rs rsud td bb tb
    """
)
# Parts of a stored name that are not masked on their own: particles and titles ("Hj. Siti binti
# Ahmad", "dr. Andi Wijaya, Sp.PD"); the full name is still masked as a whole.
NOT_NAME_PARTS = frozenset(re.split(r"[|\\.]+", f"{HONORIFICS}|{TITLES}".lower())) | word_set(
    "bin binti van der den de al el dan spd amd skm"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


def _recognizer(name: str, kinds: tuple[str, ...], find):
    """A Presidio recognizer reporting each `(start, end, kind)` that `find(text)` yields."""
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    class FunctionRecognizer(EntityRecognizer):
        def load(self):
            pass

        def analyze(self, text, entities, nlp_artifacts=None):
            return [RecognizerResult(kind, start, end, RECOGNIZER_SCORE) for start, end, kind in find(text)]

    return FunctionRecognizer(supported_entities=list(kinds), supported_language=LANGUAGE, name=name)


def _matches(kind: str, pattern: re.Pattern, *, accept=None):
    """A finder for `_recognizer`: each match of `pattern` (its named group that matched, if any)."""

    def find(text: str):
        for match in pattern.finditer(text):
            group = next((name for name in pattern.groupindex if match.group(name)), 0)
            start = match.start(group)
            value = match.group(group).rstrip(" ,.;:")
            if value and (accept is None or accept(value)):
                yield start, start + len(value), kind

    return find


def _id_numbers(text: str):
    """NIK and BPJS numbers: the consecutive digit groups of a run that add up to 16 or 13 digits."""
    for run in DIGIT_RUN_RE.finditer(text):
        groups = list(DIGIT_GROUP_RE.finditer(run.group()))
        first = 0
        while first < len(groups):
            found = _id_in_groups(groups, first)
            if not found:
                first += 1
                continue
            last, kind = found
            start, end = run.start() + groups[first].start(), run.start() + groups[last].end()
            if not (kind == BPJS and text[start:end].startswith(("08", "628"))):  # a mobile number
                yield start, end, kind
            first = last + 1


def _id_in_groups(groups: list, first: int) -> tuple[int, str] | None:
    """(last group, kind) of the longest identifier starting at group `first`, if any."""
    digits, best = 0, None
    for last in range(first, len(groups)):
        digits += len(groups[last].group())
        if digits in ID_LENGTHS:
            best = (last, ID_LENGTHS[digits])
        if digits >= max(ID_LENGTHS):
            break
    return best


def _is_name(value: str) -> bool:
    """False for the first word being a common word after an honorific ("ibu hamil", "pak RT")."""
    first = value.split()[0].lower().strip("'’-")
    if first in NOT_NAMES or len(first) < 2:
        return False
    if value[0].isupper() or first in _indonesian_given_names():
        return True
    # Any other lower-case word is a name only if it is no Indonesian word ("hipertensi", "mengeluh").
    return first not in STOPWORDS and stem(first) == first and first not in _indonesian_words()


@lru_cache(maxsize=1)
def _indonesian_given_names() -> frozenset[str]:
    """Faker's Indonesian first and last names (≈ 870), lower case: "pak budi" although "budi" is a word."""
    from faker.providers.person.id_ID import Provider

    names = (*Provider.first_names_male, *Provider.first_names_female, *Provider.last_names_male)
    return frozenset(name.lower() for name in (*names, *Provider.last_names_female))


@lru_cache(maxsize=1)
def _indonesian_words() -> frozenset[str]:
    """Sastrawi's ≈ 30,000 Indonesian root words."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(StemmerFactory().get_words())


@lru_cache(maxsize=1)
def _analyzer():
    """Presidio's analyzer with the recognizers above; built once per process, on first use."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in (
        _recognizer("IdNumberRecognizer", (NIK, BPJS), _id_numbers),
        PhoneRecognizer(supported_language=LANGUAGE, supported_regions=("ID",)),
        _recognizer("EmailRecognizer", (EMAIL,), _matches(EMAIL, EMAIL_RE)),
        _recognizer("AddressRecognizer", (ADDRESS,), _matches(ADDRESS, ADDRESS_RE)),
        _recognizer("BirthDateRecognizer", (BIRTH_DATE,), _matches(BIRTH_DATE, BIRTH_DATE_RE)),
        _recognizer("HonorificNameRecognizer", (NAME,), _matches(NAME, HONORIFIC_NAME_RE, accept=_is_name)),
        _recognizer("KinshipNameRecognizer", (NAME,), _matches(NAME, KINSHIP_NAME_RE, accept=_is_name)),
    ):
        registry.add_recognizer(recognizer)
    engine = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}])
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=[LANGUAGE])


def _presidio_kind(entity_type: str) -> str:
    return PHONE if entity_type == "PHONE_NUMBER" else entity_type


def birth_date_spellings(value: date) -> list[str]:
    """Every common way to write a date: 12-03-1985, 12/3/1985, 1985-03-12, 12 Maret 1985, March 12, 1985 …"""
    day, month, year = value.day, value.month, value.year
    numeric = {
        f"{d}{sep}{m}{sep}{y}"
        for d in {f"{day:02d}", str(day)}
        for m in {f"{month:02d}", str(month)}
        for y in {str(year), f"{year % 100:02d}"}
        for sep in "-/."
    }
    numeric |= {f"{year}-{month:02d}-{day:02d}", f"{year}/{month:02d}/{day:02d}"}
    worded = set()
    for word in MONTHS[month]:
        for d in {f"{day:02d}", str(day)}:
            worded |= {f"{d} {word} {year}", f"{word} {d} {year}", f"{word} {d}, {year}"}
    return sorted(numeric | worded, key=len, reverse=True)


@dataclass
class PiiMasker:
    """Reversible placeholders for personal data; `mask` then `unmask` gives back the original.

    `names`, `addresses` and `birth_dates` are what the database knows about the people the text
    may mention; they are masked whatever the case, on top of everything the analyzer finds.
    """

    names: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    birth_dates: list[date] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # placeholder -> original
    _reverse: dict[str, str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self._known = _known_patterns(self.names, self.addresses, self.birth_dates)

    def _placeholder(self, kind: str, value: str) -> str:
        key = f"{kind}:{value.lower()}"
        if key not in self._reverse:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            placeholder = f"[{kind}_{self._counts[kind]}]"
            self._reverse[key] = placeholder
            self.mapping[placeholder] = value
        return self._reverse[key]

    def spans(self, text: str) -> list[Span]:
        """Every piece of personal data in `text`, overlapping findings merged."""
        found = [
            Span(result.start, result.end, _presidio_kind(result.entity_type))
            for result in _analyzer().analyze(text, language=LANGUAGE, score_threshold=SCORE_THRESHOLD)
        ]
        for kind, pattern in self._known:
            found.extend(Span(match.start(), match.end(), kind) for match in pattern.finditer(text))
        return merge_spans(found)

    def mask(self, text: str) -> str:
        if not text:
            return text
        pieces, position = [], 0
        for span in self.spans(text):
            pieces.append(text[position : span.start])
            pieces.append(self._placeholder(span.kind, text[span.start : span.end]))
            position = span.end
        pieces.append(text[position:])
        return "".join(pieces)

    def unmask(self, text: str) -> str:
        return PLACEHOLDER_RE.sub(lambda m: self.mapping.get(m.group(), m.group()), text)


def merge_spans(spans: list[Span]) -> list[Span]:
    """Overlapping spans joined into one, of the kind that comes first in KIND_PRIORITY."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, span.kind, key=KIND_PRIORITY.index)
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged


def _known_patterns(names, addresses, birth_dates) -> list[tuple[str, re.Pattern]]:
    """One case-insensitive pattern per kind for the values the database knows."""
    patterns = []
    address_values = {a.strip() for a in addresses if a and a.strip()}
    # The street part of "Jl. Melati No. 5, Gambir" also stands alone in notes.
    address_values |= {a.split(",")[0].strip() for a in address_values if len(a.split(",")[0].strip()) >= 8}
    name_values = set()
    for name in names:
        if name and name.strip():
            name_values.add(name.strip())
            name_values |= {
                part
                for part in re.split(r"[\s,.]+", name)
                if len(part) >= MIN_NAME_PART and part.isalpha() and part.lower() not in NOT_NAME_PARTS
            }
    date_values = {spelling for value in birth_dates if value for spelling in birth_date_spellings(value)}
    for kind, values in ((ADDRESS, address_values), (BIRTH_DATE, date_values), (NAME, name_values)):
        if values:
            alternatives = "|".join(
                r"\s+".join(re.escape(word) for word in value.split())
                for value in sorted(values, key=len, reverse=True)
            )
            patterns.append((kind, re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)))
    return patterns
